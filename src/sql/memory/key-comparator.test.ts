import { describe, expect, it } from "vitest";
import type { SqlType } from "../types/sql-type.ts";
import type { SqlValue } from "../types/value.ts";
import { compareDecimalText, KeyComparator, truncate, type KeyPart } from "./key-comparator.ts";

function part(type: SqlType, descending = false, prefixLength?: number): KeyPart {
  const base: KeyPart = { column: 0, type, descending };
  return prefixLength === undefined ? base : { ...base, prefixLength };
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

describe("KeyComparator", () => {
  it("orders integers across number and bigint, NULL first", () => {
    const keys = new KeyComparator([part({ kind: "bigint" })]);
    const sorted: SqlValue[] = [null, -5n, -1, 0, 3, 2n ** 60n];
    for (let i = 0; i < sorted.length; i++) {
      for (let j = 0; j < sorted.length; j++) {
        expect(sign(keys.compare([sorted[i]!], [sorted[j]!]))).toBe(sign(i - j));
      }
    }
    expect(keys.encode([5])).toBe(keys.encode([5n]));
  });

  it("compares decimals numerically, not as text", () => {
    expect(compareDecimalText("10.5", "9.75")).toBe(1);
    expect(compareDecimalText("-10.5", "-9.75")).toBe(-1);
    expect(compareDecimalText("1.50", "1.5")).toBe(0);
    expect(compareDecimalText("-0.00", "0")).toBe(0);
    const keys = new KeyComparator([part({ kind: "decimal", length: 10, scale: 2 })]);
    expect(keys.encode(["1.50"])).toBe(keys.encode(["1.5"]));
    expect(keys.compare(["100.00"], ["99.99"])).toBeGreaterThan(0);
  });

  it("uses the collation for strings and encodes equal keys equally", () => {
    const ci = new KeyComparator([part({ kind: "varchar", collation: "utf8mb4_0900_ai_ci" })]);
    expect(ci.compare(["abc"], ["ABC"])).toBe(0);
    expect(ci.encode(["abc"])).toBe(ci.encode(["ÀBC"]));
    const bin = new KeyComparator([part({ kind: "varchar", collation: "utf8mb4_bin" })]);
    expect(bin.compare(["abc"], ["ABC"])).toBeGreaterThan(0);
  });

  it("reverses DESC parts, NULL included, and compares only the bound prefix", () => {
    const second = { ...part({ kind: "int" }), column: 1 };
    const keys = new KeyComparator([part({ kind: "int" }, true), second]);
    expect(keys.compare([2, 1], [1, 9])).toBeLessThan(0);
    expect(keys.compare([null, 1], [1, 1])).toBeGreaterThan(0);
    expect(keys.compare([2, 1], [2, 9], 1)).toBe(0);
  });

  it("orders bytes, TIME and ENUM as MySQL", () => {
    const bytes = new KeyComparator([part({ kind: "varbinary" })]);
    expect(bytes.compare([new Uint8Array([1, 2])], [new Uint8Array([1, 2, 0])])).toBeLessThan(0);
    expect(bytes.compare([new Uint8Array([2])], [new Uint8Array([1, 255])])).toBeGreaterThan(0);
    const time = new KeyComparator([part({ kind: "time" })]);
    expect(time.compare(["-01:00:00"], ["00:30:00"])).toBeLessThan(0);
    expect(time.compare(["100:00:00"], ["99:00:00"])).toBeGreaterThan(0);
    const enumKeys = new KeyComparator([part({ kind: "enum", values: ["z", "a"] })]);
    expect(enumKeys.compare(["z"], ["a"])).toBeLessThan(0);
  });

  it("applies prefix lengths in characters or bytes", () => {
    expect(truncate("héllo", 2)).toBe("hé");
    expect(truncate("😀😀😀", 2)).toBe("😀😀");
    expect(truncate(new Uint8Array([1, 2, 3]), 2)).toEqual(new Uint8Array([1, 2]));
    const keys = new KeyComparator([part({ kind: "varchar", collation: "utf8mb4_bin" }, false, 3)]);
    expect(keys.keyOf(["abcdef"])).toEqual(["abc"]);
    expect(keys.matchesRow(["abc"], ["abcxyz"])).toBe(true);
  });
});
