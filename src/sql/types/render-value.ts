/**
 * SqlValue → MySQL's text-protocol rendering (what the server puts in a text result row).
 * DOUBLE prints its shortest round-trip digits (format-double.ts), FLOAT the shortest digits that
 * round-trip through single precision, DECIMAL exactly `scale` fractional digits, binary strings
 * stay bytes. NULL is null (the wire's 0xfb).
 */

import type { SqlType } from "./sql-type.ts";
import type { SqlValue } from "./value.ts";
import { formatDouble } from "./format-double.ts";
import { decimalFromText, decimalFromDouble, decimalFromInteger } from "./decimal.ts";
import { toText } from "./coercion.ts";

export function renderValueText(value: SqlValue, type: SqlType): string | Uint8Array | null {
  if (value === null) return null;
  if (value instanceof Uint8Array) return value;
  switch (type.kind) {
    case "double":
    case "float":
      if (typeof value !== "number") return toText(value);
      // DOUBLE(M,D) / FLOAT(M,D) columns print exactly D decimals, as MySQL.
      if (type.scale !== undefined && type.scale < 31 && Number.isFinite(value)) return value.toFixed(type.scale);
      return type.kind === "double" ? formatDouble(value) : formatFloat(value);
    case "decimal":
      return renderDecimal(value, type.scale ?? 0);
    default:
      return toText(value, type);
  }
}

function renderDecimal(value: number | bigint | string, scale: number): string {
  if (typeof value === "bigint") return decimalFromInteger(value, scale);
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return decimalFromInteger(value, scale);
    return Number.isFinite(value) ? decimalFromDouble(value, scale) : String(value);
  }
  return decimalFromText(value, scale) ?? value;
}

/** Shortest text that reads back to the same single-precision value. */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value) || value === 0) return formatDouble(value);
  const single = Math.fround(value);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(single.toPrecision(precision));
    if (Math.fround(candidate) === single) return formatDouble(candidate);
  }
  return formatDouble(single);
}
