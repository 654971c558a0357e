/**
 * Converts a value evaluated from a key expression into the column's own representation before
 * it is handed to storage (storage compares keys of the column's type only). MySQL compares
 * `int_col = '5'` numerically, `int_col >= 1.5` as `int_col >= 2`, and `varchar_col = 5`
 * numerically — which no index order serves. So a conversion either yields an exact key, says
 * that nothing can match (NULL, or `int_col = 1.5`), or says the index is unusable for this
 * value (the caller falls back to a full scan; rows are always re-checked by the filters).
 */

import type { SqlType } from "../types/sql-type.ts";
import type { SqlValue } from "../types/value.ts";
import { silentWarnings, textToBytes, toDouble } from "../types/coercion.ts";
import { decimalFromInteger, decimalFromText } from "../types/decimal.ts";
import { formatDate, formatDateParts, parseDateParts } from "../types/temporal.ts";
import { valueClassOf } from "../expression/compiled-expression.ts";

export type KeyRole = "equal" | "lower" | "upper";

export type ConvertedKey =
  | { readonly kind: "key"; readonly value: SqlValue; readonly inclusive: boolean }
  | { readonly kind: "no-match" }
  | { readonly kind: "unusable" };

const noMatch: ConvertedKey = { kind: "no-match" };
const unusable: ConvertedKey = { kind: "unusable" };

export function convertKey(value: SqlValue, type: SqlType, role: KeyRole, inclusive: boolean): ConvertedKey {
  if (value === null) return noMatch;
  switch (valueClassOf(type)) {
    case "integer":
      return integerKey(value, role, inclusive);
    case "decimal": {
      if (typeof value === "number" && Number.isSafeInteger(value)) {
        return { kind: "key", value: decimalFromInteger(value, type.scale ?? 0), inclusive };
      }
      if (typeof value === "string") {
        const exact = decimalFromText(value, type.scale ?? 0);
        const widened = decimalFromText(value, 30);
        if (exact !== null && widened !== null && decimalFromText(exact, 30) === widened) {
          return { kind: "key", value: exact, inclusive };
        }
      }
      return unusable;
    }
    case "double":
      return typeof value === "number" ? { kind: "key", value, inclusive } : unusable;
    case "string":
      return typeof value === "string" ? { kind: "key", value, inclusive } : unusable;
    case "binary":
      if (value instanceof Uint8Array) return { kind: "key", value, inclusive };
      return typeof value === "string" ? { kind: "key", value: textToBytes(value), inclusive } : unusable;
    case "temporal":
      return temporalKey(value, type, inclusive);
    case "null":
      return unusable;
  }
}

function integerKey(value: NonNullable<SqlValue>, role: KeyRole, inclusive: boolean): ConvertedKey {
  if (typeof value === "bigint") return { kind: "key", value, inclusive };
  if (typeof value === "number" && Number.isInteger(value)) return { kind: "key", value, inclusive };
  if (value instanceof Uint8Array) return unusable;
  if (typeof value === "string" && !/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return unusable;
  const number = toDouble(value, silentWarnings) ?? 0;
  if (!Number.isFinite(number)) return unusable;
  if (Number.isInteger(number)) {
    return Number.isSafeInteger(number) ? { kind: "key", value: number, inclusive } : unusable;
  }
  if (role === "equal") return noMatch;
  return role === "lower"
    ? { kind: "key", value: Math.ceil(number), inclusive: true }
    : { kind: "key", value: Math.floor(number), inclusive: true };
}

function temporalKey(value: NonNullable<SqlValue>, type: SqlType, inclusive: boolean): ConvertedKey {
  if (typeof value !== "string") return unusable;
  if (type.kind === "time") return unusable;
  const parts = parseDateParts(value);
  if (parts === undefined) return unusable;
  if (type.kind === "date") {
    if (parts.hour !== 0 || parts.minute !== 0 || parts.second !== 0) return unusable;
    return { kind: "key", value: formatDate(parts), inclusive };
  }
  if (parts.fraction !== "" && (type.scale ?? 0) === 0) return unusable;
  return { kind: "key", value: formatDateParts(parts, type.scale ?? 0), inclusive };
}
