/**
 * Hash keys for grouping and DISTINCT: two values get the same key exactly when MySQL treats
 * them as equal for grouping — numbers by numeric value (1 = 1.0 = 1.00), strings by their
 * collation sort key, bytes by content.
 */

import type { SqlValue } from "../types/value.ts";
import type { Collation } from "../types/collation.ts";

function canonicalNumberText(text: string): string {
  if (!text.includes(".")) return text === "-0" ? "0" : text;
  const trimmed = text.replace(/0+$/, "").replace(/\.$/, "");
  return trimmed === "-0" ? "0" : trimmed;
}

export function valueKey(value: SqlValue, collation?: Collation, numericText = false): string {
  if (value === null) return "\u0000N";
  if (typeof value === "number") return Number.isInteger(value) ? `n${value}` : `d${value}`;
  if (typeof value === "bigint") return `n${value}`;
  if (typeof value === "string") {
    if (numericText) return `n${canonicalNumberText(value)}`;
    return `s${collation === undefined ? value : collation.sortKey(value)}`;
  }
  let hex = "b";
  for (const byte of value) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
