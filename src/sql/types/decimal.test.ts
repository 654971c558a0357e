import { describe, expect, it } from "vitest";
import {
  decimalAdd,
  decimalCeil,
  decimalCompare,
  decimalDivide,
  decimalFloor,
  decimalFromText,
  decimalModulo,
  decimalMultiply,
  decimalRound,
  decimalSubtract,
  decimalTruncate,
  formatDecimal,
  parseDecimal,
} from "./decimal.ts";

describe("decimal", () => {
  it("parses and formats canonical text", () => {
    expect(parseDecimal("-12.50")).toEqual({ unscaled: -1250n, scale: 2 });
    expect(formatDecimal(-5n, 3)).toBe("-0.005");
    expect(formatDecimal(0n, 2)).toBe("0.00");
  });

  it("adds, subtracts and multiplies exactly", () => {
    expect(decimalAdd("0.1", "0.2")).toBe("0.3");
    expect(decimalSubtract("1.00", "2.5")).toBe("-1.50");
    expect(decimalMultiply("1.10", "2.5")).toBe("2.750");
    expect(decimalAdd("99999999999999999999999999999999.99", "0.01")).toBe("100000000000000000000000000000000.00");
  });

  it("divides with the dividend's scale plus the increment, rounding half up", () => {
    expect(decimalDivide("1", "3", 4)).toBe("0.3333");
    expect(decimalDivide("2", "3", 4)).toBe("0.6667");
    expect(decimalDivide("10.5", "3", 4)).toBe("3.50000");
    expect(decimalDivide("-2", "3", 4)).toBe("-0.6667");
    expect(decimalDivide("1", "0", 4)).toBeNull();
  });

  it("rounds, truncates, floors and ceils", () => {
    expect(decimalRound("2.5", 0)).toBe("3");
    expect(decimalRound("-2.5", 0)).toBe("-3");
    expect(decimalRound("1234", -2)).toBe("1200");
    expect(decimalTruncate("2.567", 1)).toBe("2.5");
    expect(decimalFloor("-1.5")).toBe("-2");
    expect(decimalCeil("1.2")).toBe("2");
    expect(decimalModulo("-7", "3")).toBe("-1");
  });

  it("compares across scales and reads exponent text", () => {
    expect(decimalCompare("1.50", "1.5")).toBe(0);
    expect(decimalCompare("-1", "0.5")).toBe(-1);
    expect(decimalFromText("1.5e2", 0)).toBe("150");
    expect(decimalFromText("abc", 0)).toBeNull();
  });
});
