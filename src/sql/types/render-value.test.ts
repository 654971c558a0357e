import { describe, expect, it } from "vitest";
import { renderValueText } from "./render-value.ts";
import { formatDouble } from "./format-double.ts";

describe("renderValueText", () => {
  it("prints doubles as MySQL does", () => {
    expect(formatDouble(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatDouble(1e20)).toBe("1e20");
    expect(formatDouble(1e15)).toBe("1e15");
    expect(formatDouble(123456789012345)).toBe("123456789012345");
    expect(formatDouble(1.5e-7)).toBe("1.5e-7");
    expect(formatDouble(0.0001)).toBe("0.0001");
    expect(formatDouble(-2.5)).toBe("-2.5");
  });

  it("renders DECIMAL with its scale and FLOAT with single precision digits", () => {
    expect(renderValueText("1.5", { kind: "decimal", length: 10, scale: 2 })).toBe("1.50");
    expect(renderValueText(3, { kind: "decimal", length: 10, scale: 1 })).toBe("3.0");
    expect(renderValueText(Math.fround(1.1), { kind: "float" })).toBe("1.1");
    expect(renderValueText(100, { kind: "double", scale: 2 })).toBe("100.00");
  });

  it("keeps bytes and NULL", () => {
    const bytes = new Uint8Array([1, 2]);
    expect(renderValueText(bytes, { kind: "varbinary", length: 2 })).toBe(bytes);
    expect(renderValueText(null, { kind: "int" })).toBeNull();
    expect(renderValueText(12n ** 20n, { kind: "bigint", unsigned: true })).toBe((12n ** 20n).toString());
  });
});
