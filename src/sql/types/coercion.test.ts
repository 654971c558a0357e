import { describe, expect, it } from "vitest";
import { WarningList } from "../warnings.ts";
import { normalizeInteger, toDecimal, toDouble, toInteger, toText } from "./coercion.ts";

describe("coercion", () => {
  it("reads the numeric prefix of strings and warns about the rest", () => {
    const warnings = new WarningList();
    expect(toDouble("12abc", warnings)).toBe(12);
    expect(toDouble(" 3.5e1 ", warnings)).toBe(35);
    expect(toDouble("abc", warnings)).toBe(0);
    expect(warnings.items.map((warning) => warning.message)).toEqual([
      "Truncated incorrect DOUBLE value: '12abc'",
      "Truncated incorrect DOUBLE value: 'abc'",
    ]);
  });

  it("rounds to integers as CAST does", () => {
    const warnings = new WarningList();
    expect(toInteger(1.5, warnings)).toBe(2);
    expect(toInteger(-1.5, warnings)).toBe(-2);
    expect(toInteger("2.5", warnings, true)).toBe(3);
    expect(toInteger("7x", warnings)).toBe(7);
    expect(warnings.count).toBe(1);
  });

  it("keeps integers as numbers while safe", () => {
    expect(normalizeInteger(5n)).toBe(5);
    expect(normalizeInteger(2n ** 60n)).toBe(2n ** 60n);
    expect(toText(2n ** 60n)).toBe("1152921504606846976");
    expect(toDecimal(0.1, 2, new WarningList())).toBe("0.10");
  });
});
