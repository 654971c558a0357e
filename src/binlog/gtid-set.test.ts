import { describe, expect, it } from "vitest";
import { isSqlError } from "../sql/sql-error.ts";
import { CorruptionError } from "../util/errors.ts";
import { GtidSet, sidFromBytes, sidToBytes } from "./gtid-set.ts";

const A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
const B = "4e11fa47-71ca-11e1-9e33-c80aa9429562";
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("GtidSet", () => {
  it("merges added gnos into intervals and prints MySQL text", () => {
    const set = new GtidSet();
    expect(set.toString()).toBe("");
    expect(set.isEmpty).toBe(true);
    for (const gno of [1n, 2n, 3n, 5n, 7n, 6n, 10n]) set.add(A, gno);
    set.add(B.toUpperCase(), 1n);
    expect(set.toString()).toBe(`${A}:1-3:5-7:10,${B}:1`);
    set.add(A, 4n);
    set.add(A, 8n);
    set.add(A, 9n);
    expect(set.toString()).toBe(`${A}:1-10,${B}:1`);
    expect(set.lastGno(A)).toBe(10n);
    expect(set.lastGno("00000000-0000-0000-0000-000000000000")).toBe(0n);
  });

  it("answers contains at interval edges", () => {
    const set = GtidSet.parse(`${A}:2-4:8`);
    expect([1n, 2n, 4n, 5n, 7n, 8n, 9n].map((gno) => set.contains(A, gno))).toEqual([
      false, true, true, false, false, true, false,
    ]);
    expect(set.contains(B, 2n)).toBe(false);
    expect(set.contains("not-a-uuid", 2n)).toBe(false);
  });

  it("parses with whitespace, newlines and out-of-order ranges", () => {
    const set = GtidSet.parse(` ${B}:5-6 ,\n${A.toUpperCase()}:7:1-3:4 `);
    expect(set.toString()).toBe(`${A}:1-4:7,${B}:5-6`);
    expect(GtidSet.parse("").isEmpty).toBe(true);
  });

  it("rejects malformed text with ER_MALFORMED_GTID_SET_SPECIFICATION", () => {
    for (const text of [A, `${A}:0`, `${A}:5-3`, `${A}:x`, "nope:1", `${A}:1-`]) {
      let error: unknown;
      try {
        GtidSet.parse(text);
      } catch (caught) {
        error = caught;
      }
      expect(isSqlError(error) && error.code === 1772, text).toBe(true);
    }
  });

  it("encodes the PREVIOUS_GTIDS body byte by byte (golden)", () => {
    const set = GtidSet.parse(`${A}:1-3:5`);
    const expected =
      "0100000000000000" + "3e11fa4771ca11e19e33c80aa9429562" + "0200000000000000" +
      "0100000000000000" + "0400000000000000" + "0500000000000000" + "0600000000000000";
    expect(hex(set.encode())).toBe(expected);
    expect(hex(new GtidSet().encode())).toBe("0000000000000000");
    expect(GtidSet.decode(set.encode()).toString()).toBe(set.toString());
  });

  it("round-trips two sids and clones independently", () => {
    const set = GtidSet.parse(`${A}:1-100:200,${B}:3`);
    const copy = set.clone();
    copy.add(B, 4n);
    expect(set.toString()).toBe(`${A}:1-100:200,${B}:3`);
    expect(copy.toString()).toBe(`${A}:1-100:200,${B}:3-4`);
    expect(GtidSet.decode(copy.encode()).equals(copy)).toBe(true);
    const union = new GtidSet();
    union.addSet(set);
    union.addSet(copy);
    expect(union.toString()).toBe(copy.toString());
  });

  it("rejects truncated or malformed binary forms as corruption", () => {
    const bytes = GtidSet.parse(`${A}:1-3`).encode();
    expect(() => GtidSet.decode(bytes.subarray(0, bytes.length - 1))).toThrow(CorruptionError);
    const extra = new Uint8Array(bytes.length + 1);
    extra.set(bytes);
    expect(() => GtidSet.decode(extra)).toThrow(CorruptionError);
    const empty = bytes.slice();
    empty[8 + 16 + 8] = 9; // start 9 > end 4
    expect(() => GtidSet.decode(empty)).toThrow(CorruptionError);
  });

  it("converts sids to and from bytes", () => {
    expect(sidFromBytes(sidToBytes(A.toUpperCase()))).toBe(A);
  });
});
