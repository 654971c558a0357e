/**
 * Conversions between SqlValue representations with MySQL's rules:
 * - string → number reads the longest numeric prefix ("12abc" → 12) and raises warning 1292
 *   "Truncated incorrect DOUBLE value" (or INTEGER / DECIMAL) when characters were ignored;
 * - double → integer rounds half away from zero, as CAST(1.5 AS SIGNED) = 2;
 * - integers are `number` while safe and `bigint` beyond (see value.ts), normalised here.
 *
 * Functions take a WarningSink rather than a session so expression evaluation stays pure.
 */

import type { MysqlErrorSpec } from "../../util/mysql-errors.ts";
import { ER_TRUNCATED_WRONG_VALUE } from "../../util/mysql-errors.ts";
import type { SqlType } from "./sql-type.ts";
import type { SqlValue } from "./value.ts";
import { decimalFromDouble, decimalFromInteger, decimalFromText } from "./decimal.ts";
import { formatDouble } from "./format-double.ts";

export interface WarningSink {
  add(level: "Note" | "Warning" | "Error", spec: MysqlErrorSpec, ...args: readonly unknown[]): void;
}

/** Discards warnings (used where MySQL raises none, e.g. internal key comparisons). */
export const silentWarnings: WarningSink = { add: () => undefined };

export const int64Min = -(2n ** 63n);
export const int64Max = 2n ** 63n - 1n;
export const uint64Max = 2n ** 64n - 1n;

const utf8Decoder = new TextDecoder("utf-8", { fatal: false });
const utf8Encoder = new TextEncoder();

export function bytesToText(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

export function textToBytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** A bigint back to the canonical representation: number when safe. */
export function normalizeInteger(value: bigint): number | bigint {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

const numericPrefix = /^[ \t\n\r]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;
const integerPrefix = /^[ \t\n\r]*([+-]?\d+)/;

function isFullyConsumed(text: string, consumed: number): boolean {
  for (let index = consumed; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return false;
  }
  return true;
}

/** The longest numeric prefix as a double; warns 1292 when anything else was present. */
export function textToDouble(text: string, warnings: WarningSink): number {
  const match = numericPrefix.exec(text);
  if (match === null) {
    warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, "DOUBLE", text);
    return 0;
  }
  if (!isFullyConsumed(text, match[0].length)) {
    warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, "DOUBLE", text);
  }
  return Number(match[1]);
}

/** The longest integer prefix (fraction rounded as MySQL does for CAST … AS SIGNED). */
export function textToInteger(text: string, warnings: WarningSink): number | bigint {
  const full = numericPrefix.exec(text);
  const match = integerPrefix.exec(text);
  if (match === null || full === null) {
    warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, "INTEGER", text);
    return 0;
  }
  if (!isFullyConsumed(text, match[0].length)) {
    warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, "INTEGER", text);
  }
  return normalizeInteger(BigInt(match[1] as string));
}

/** Any value as a double (NULL stays null). */
export function toDouble(value: SqlValue, warnings: WarningSink): number | null {
  if (value === null) return null;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") return textToDouble(value, warnings);
  return textToDouble(bytesToText(value), warnings);
}

/** Rounds a double to an integer, half away from zero, as MySQL's rint for CAST. */
export function roundDoubleToInteger(value: number): number | bigint {
  const rounded = value < 0 ? -Math.round(-value) : Math.round(value);
  if (Number.isSafeInteger(rounded)) return rounded;
  if (!Number.isFinite(rounded)) return rounded > 0 ? int64Max : int64Min;
  return normalizeInteger(BigInt(rounded));
}

/**
 * Any value as an integer for integer contexts. `valueIsDecimal` marks decimal text (which
 * rounds) apart from character text (which takes the integer prefix).
 */
export function toInteger(value: SqlValue, warnings: WarningSink, valueIsDecimal = false): number | bigint | null {
  if (value === null) return null;
  if (typeof value === "number") return Number.isInteger(value) ? value : roundDoubleToInteger(value);
  if (typeof value === "bigint") return value;
  if (typeof value === "string") {
    if (valueIsDecimal) return decimalTextToInteger(value);
    return textToInteger(value, warnings);
  }
  return textToInteger(bytesToText(value), warnings);
}

function decimalTextToInteger(text: string): number | bigint {
  const rounded = decimalFromText(text, 0);
  return rounded === null ? 0 : normalizeInteger(BigInt(rounded));
}

/** Any value as canonical decimal text with `scale` digits. */
export function toDecimal(value: SqlValue, scale: number, warnings: WarningSink): string | null {
  if (value === null) return null;
  if (typeof value === "number") {
    if (Number.isInteger(value) && Number.isSafeInteger(value)) return decimalFromInteger(value, scale);
    return Number.isFinite(value) ? decimalFromDouble(value, scale) : decimalFromInteger(0, scale);
  }
  if (typeof value === "bigint") return decimalFromInteger(value, scale);
  const text = typeof value === "string" ? value : bytesToText(value);
  const exact = decimalFromText(text, scale);
  if (exact !== null) return exact;
  const match = numericPrefix.exec(text);
  warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, "DECIMAL", text);
  if (match === null) return decimalFromInteger(0, scale);
  return decimalFromText(match[1] as string, scale) ?? decimalFromInteger(0, scale);
}

/** Any value as text, the way CONCAT and string functions see it. */
export function toText(value: SqlValue, type?: SqlType): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (type !== undefined && (type.kind === "double" || type.kind === "float")) return formatDouble(value);
    return Number.isInteger(value) ? String(value) : formatDouble(value);
  }
  return bytesToText(value);
}

/** Truth value of a condition: NULL stays null, numbers are true when non-zero. */
export function toBoolean(value: SqlValue, warnings: WarningSink): boolean | null {
  if (value === null) return null;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "bigint") return value !== 0n;
  return (toDouble(value, warnings) ?? 0) !== 0;
}
