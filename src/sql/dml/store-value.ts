/**
 * Converts a value into what a column stores (INSERT / UPDATE), with MySQL's checks: integer
 * range (1264), string length (1406), bad numbers (1366), bad dates (1292), ENUM/SET members
 * (1265). Under strict mode (STRICT_TRANS_TABLES, and not INSERT IGNORE) these are errors;
 * otherwise the value is clipped/truncated and a warning is raised, as MySQL.
 */

import type { ColumnSchema } from "../catalog/schema.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { SqlValue } from "../types/value.ts";
import {
  ER_DATA_TOO_LONG,
  ER_INVALID_JSON_TEXT,
  ER_TRUNCATED_WRONG_VALUE_FOR_FIELD,
  ER_WARN_DATA_OUT_OF_RANGE,
  WARN_DATA_TRUNCATED,
  type MysqlErrorSpec,
} from "../../util/mysql-errors.ts";
import { SqlError, sqlError } from "../sql-error.ts";
import { bytesToText, normalizeInteger, textToBytes, toText, roundDoubleToInteger } from "../types/coercion.ts";
import { decimalFromText, decimalIntegerDigits, decimalRound, decimalScaleOf, decimalFromInteger, decimalFromDouble } from "../types/decimal.ts";
import { formatDate, formatDateParts, parseDateParts, parseTime } from "../types/temporal.ts";
import { formatDouble } from "../types/format-double.ts";
import type { WarningList } from "../warnings.ts";
import { utf8Length } from "../expression/string-functions.ts";

export interface StoreContext {
  readonly warnings: WarningList;
  readonly strict: boolean;
  readonly rowNumber: number;
}

const integerRanges: Record<string, readonly [bigint, bigint, bigint]> = {
  tinyint: [-128n, 127n, 255n],
  smallint: [-32768n, 32767n, 65535n],
  mediumint: [-8388608n, 8388607n, 16777215n],
  int: [-2147483648n, 2147483647n, 4294967295n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 64n - 1n],
};

const textByteLimits: Record<string, number> = {
  tinytext: 255,
  text: 65535,
  mediumtext: 16777215,
  longtext: 4294967295,
  tinyblob: 255,
  blob: 65535,
  mediumblob: 16777215,
  longblob: 4294967295,
};

function problem(context: StoreContext, spec: MysqlErrorSpec, args: readonly unknown[]): void {
  if (context.strict) throw sqlError(spec, ...args);
  context.warnings.add("Warning", spec, ...args);
}

function incorrectValue(context: StoreContext, kind: string, text: string, column: string): void {
  problem(context, ER_TRUNCATED_WRONG_VALUE_FOR_FIELD, [kind, text, column, context.rowNumber]);
}

function describe(value: SqlValue): string {
  return value instanceof Uint8Array ? bytesToText(value) : (toText(value) ?? "NULL");
}

/** The implicit default MySQL uses for NOT NULL columns without a default in non-strict mode. */
export function implicitDefault(type: SqlType): SqlValue {
  switch (type.kind) {
    case "decimal":
      return decimalFromInteger(0, type.scale ?? 0);
    case "date":
      return "0000-00-00";
    case "datetime":
    case "timestamp":
      return "0000-00-00 00:00:00";
    case "time":
      return "00:00:00";
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return new Uint8Array(0);
    case "char":
    case "varchar":
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
    case "set":
    case "json":
      return "";
    case "enum":
      return type.values?.[0] ?? "";
    default:
      return 0;
  }
}

export function storeValue(value: SqlValue, column: ColumnSchema, context: StoreContext): SqlValue {
  if (value === null) return null;
  const type = column.type;
  switch (type.kind) {
    case "tinyint":
    case "smallint":
    case "mediumint":
    case "int":
    case "bigint":
      return storeInteger(value, column, context, integerRanges[type.kind]!);
    case "year":
      return storeInteger(value, column, context, [1901n, 2155n, 2155n]);
    case "bit":
      return storeInteger(value, column, context, [0n, 0n, (1n << BigInt(type.length ?? 1)) - 1n]);
    case "decimal":
      return storeDecimal(value, column, context);
    case "float":
    case "double":
      return storeDouble(value, column, context);
    case "char":
    case "varchar":
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
      return storeText(value, column, context);
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return storeBytes(value, column, context);
    case "date":
    case "datetime":
    case "timestamp":
      return storeDatetime(value, column, context);
    case "time": {
      const text = describe(value);
      const time = parseTime(text, type.scale ?? 0);
      if (time !== undefined) return time;
      incorrectValue(context, "time", text, column.name);
      return "00:00:00";
    }
    case "enum":
      return storeEnum(value, column, context);
    case "set":
      return storeSet(value, column, context);
    case "json":
      return storeJson(value, column, context);
    case "null":
      return value;
  }
}

function storeInteger(
  value: NonNullable<SqlValue>,
  column: ColumnSchema,
  context: StoreContext,
  range: readonly [bigint, bigint, bigint],
): SqlValue {
  let integer: bigint;
  if (typeof value === "number") {
    const rounded = Number.isInteger(value) ? value : roundDoubleToInteger(value);
    integer = typeof rounded === "bigint" ? rounded : Number.isFinite(rounded) ? BigInt(rounded) : 0n;
  } else if (typeof value === "bigint") integer = value;
  else {
    const text = describe(value).trim();
    const exact = decimalFromText(text, 0);
    if (exact === null) {
      incorrectValue(context, "integer", describe(value), column.name);
      const prefix = /^[+-]?\d+/.exec(text);
      integer = prefix === null ? 0n : BigInt(prefix[0]);
    } else integer = BigInt(exact);
  }
  const unsigned = column.type.unsigned === true;
  const min = unsigned ? 0n : range[0];
  const max = unsigned ? range[2] : range[1];
  if (integer < min || integer > max) {
    problem(context, ER_WARN_DATA_OUT_OF_RANGE, [column.name, context.rowNumber]);
    integer = integer < min ? min : max;
  }
  return normalizeInteger(integer);
}

function storeDecimal(value: NonNullable<SqlValue>, column: ColumnSchema, context: StoreContext): SqlValue {
  const scale = column.type.scale ?? 0;
  const precision = column.type.length ?? 10;
  let text: string | null;
  if (typeof value === "number") text = Number.isFinite(value) ? decimalFromDouble(value, Math.min(scale + 10, 30)) : null;
  else if (typeof value === "bigint") text = value.toString();
  else text = decimalFromText(describe(value), Math.min(Math.max(decimalScaleOf(describe(value).trim()), scale), 30));
  if (text === null) {
    incorrectValue(context, "decimal", describe(value), column.name);
    return decimalFromInteger(0, scale);
  }
  const rounded = decimalRound(text, scale);
  if (decimalFromText(rounded, 30) !== decimalFromText(text, 30)) {
    context.warnings.add("Note", WARN_DATA_TRUNCATED, column.name, context.rowNumber);
  }
  // DECIMAL UNSIGNED (deprecated, still accepted by MySQL 8.0) holds no negative value.
  if (column.type.unsigned === true && rounded.startsWith("-") && !/^-0(\.0*)?$/.test(rounded)) {
    problem(context, ER_WARN_DATA_OUT_OF_RANGE, [column.name, context.rowNumber]);
    return decimalFromInteger(0, scale);
  }
  if (decimalIntegerDigits(rounded) > precision - scale) {
    problem(context, ER_WARN_DATA_OUT_OF_RANGE, [column.name, context.rowNumber]);
    const nines = "9".repeat(Math.max(precision - scale, 0)) || "0";
    return `${rounded.startsWith("-") ? "-" : ""}${nines}${scale > 0 ? `.${"9".repeat(scale)}` : ""}`;
  }
  return rounded;
}

function storeDouble(value: NonNullable<SqlValue>, column: ColumnSchema, context: StoreContext): SqlValue {
  if (typeof value === "number") return column.type.kind === "float" ? Math.fround(value) : value;
  if (typeof value === "bigint") return Number(value);
  const text = describe(value).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    incorrectValue(context, "double", describe(value), column.name);
    const prefix = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text);
    return prefix === null ? 0 : Number(prefix[0]);
  }
  const number = Number(text);
  return column.type.kind === "float" ? Math.fround(number) : number;
}

function storeText(value: NonNullable<SqlValue>, column: ColumnSchema, context: StoreContext): SqlValue {
  let text = value instanceof Uint8Array ? bytesToText(value) : typeof value === "number" && column.type.kind !== "char" ? formatDoubleOrInt(value) : (toText(value) ?? "");
  const type = column.type;
  const byteLimit = textByteLimits[type.kind];
  // UTF-16 length bounds both the code point count and (times 3) the UTF-8 length, so the
  // exact counts are only computed for values near the limit.
  const tooLong =
    byteLimit !== undefined
      ? text.length * 3 > byteLimit && utf8Length(text) > byteLimit
      : text.length > (type.length ?? 255) && codePointCount(text) > (type.length ?? 255);
  if (tooLong) {
    const kept = byteLimit !== undefined ? text.slice(0, byteLimit) : [...text].slice(0, type.length ?? 255).join("");
    if (/^ *$/.test(text.slice(kept.length))) {
      // Only trailing spaces are cut: never an error, whatever the sql_mode; a Note for
      // VARCHAR and TEXT, nothing for CHAR (which drops trailing spaces anyway), as MySQL.
      if (type.kind !== "char") context.warnings.add("Note", WARN_DATA_TRUNCATED, column.name, context.rowNumber);
    } else {
      problem(context, context.strict ? ER_DATA_TOO_LONG : WARN_DATA_TRUNCATED, [column.name, context.rowNumber]);
    }
    text = kept;
  }
  if (type.kind === "char" && text.endsWith(" ")) text = text.replace(/ +$/, "");
  return text;
}

function codePointCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0xd800 || code > 0xdbff) count++;
  }
  return count;
}

function formatDoubleOrInt(value: number): string {
  return Number.isInteger(value) ? String(value) : formatDouble(value);
}

function storeBytes(value: NonNullable<SqlValue>, column: ColumnSchema, context: StoreContext): SqlValue {
  let bytes = value instanceof Uint8Array ? value : textToBytes(toText(value) ?? "");
  const type = column.type;
  const limit = textByteLimits[type.kind] ?? type.length ?? 255;
  if (bytes.length > limit) {
    problem(context, context.strict ? ER_DATA_TOO_LONG : WARN_DATA_TRUNCATED, [column.name, context.rowNumber]);
    bytes = bytes.slice(0, limit);
  }
  if (type.kind === "binary" && bytes.length < (type.length ?? 1)) {
    const padded = new Uint8Array(type.length ?? 1);
    padded.set(bytes);
    bytes = padded;
  }
  return bytes;
}

function storeDatetime(value: NonNullable<SqlValue>, column: ColumnSchema, context: StoreContext): SqlValue {
  const text = describe(value);
  const parts = parseDateParts(text);
  const dateOnly = column.type.kind === "date";
  if (parts === undefined) {
    const message = `Incorrect ${dateOnly ? "date" : "datetime"} value: '${text}' for column '${column.name}' at row ${context.rowNumber}`;
    if (context.strict) throw new SqlError(1292, "22007", message);
    context.warnings.push({ level: "Warning", code: 1292, message });
    return dateOnly ? "0000-00-00" : "0000-00-00 00:00:00";
  }
  return dateOnly ? formatDate(parts) : formatDateParts(parts, column.type.scale ?? 0);
}

function storeEnum(value: NonNullable<SqlValue>, column: ColumnSchema, context: StoreContext): SqlValue {
  const members = column.type.values ?? [];
  if (typeof value === "number" || typeof value === "bigint") {
    const member = members[Number(value) - 1];
    if (member !== undefined) return member;
  } else {
    const text = describe(value).replace(/ +$/, "");
    const member = members.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
    if (member !== undefined) return member;
  }
  problem(context, WARN_DATA_TRUNCATED, [column.name, context.rowNumber]);
  return "";
}

function storeSet(value: NonNullable<SqlValue>, column: ColumnSchema, context: StoreContext): SqlValue {
  const members = column.type.values ?? [];
  const wanted = describe(value).split(",").filter((part) => part !== "");
  const chosen = members.filter((member) => wanted.some((part) => part.toLowerCase() === member.toLowerCase()));
  if (chosen.length !== new Set(wanted.map((part) => part.toLowerCase())).size) {
    problem(context, WARN_DATA_TRUNCATED, [column.name, context.rowNumber]);
  }
  return chosen.join(",");
}

function storeJson(value: NonNullable<SqlValue>, column: ColumnSchema, _context: StoreContext): SqlValue {
  const text = describe(value);
  try {
    JSON.parse(text);
  } catch {
    throw sqlError(ER_INVALID_JSON_TEXT, "Invalid value.", 0, column.name);
  }
  return text;
}

