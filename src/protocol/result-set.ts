/**
 * Result-set payloads (MySQL "Text Resultset" and "Binary Protocol Resultset"): the column
 * count, one ColumnDefinition41 per column, then text or binary rows. Encoders write payloads
 * only; the caller frames each with PacketBuilder.
 *
 * Invariants: a binary row has exactly one type and one unsigned flag per value; NULL is a bit
 * in the row's NULL bitmap (offset 2), never a value. Row encoders allocate nothing per cell
 * except for temporal values and numbers formatted as text.
 */

import { assert, unreachable } from "../util/assert.ts";
import type { BufferWriter } from "./buffer-writer.ts";
import {
  MYSQL_TYPE_DATE,
  MYSQL_TYPE_DATETIME,
  MYSQL_TYPE_DOUBLE,
  MYSQL_TYPE_FLOAT,
  MYSQL_TYPE_INT24,
  MYSQL_TYPE_LONG,
  MYSQL_TYPE_LONGLONG,
  MYSQL_TYPE_SHORT,
  MYSQL_TYPE_TIME,
  MYSQL_TYPE_TIMESTAMP,
  MYSQL_TYPE_TINY,
  MYSQL_TYPE_YEAR,
} from "./column-type.ts";
import { encodeBinaryDateTime, encodeBinaryTime } from "./temporal-wire.ts";
import type { WireValue } from "./wire-value.ts";

export interface ColumnDefinition {
  readonly schema: string;
  readonly table: string;
  readonly orgTable: string;
  readonly name: string;
  readonly orgName: string;
  /** Collation id (e.g. 255 utf8mb4_0900_ai_ci, 63 binary). */
  readonly characterSet: number;
  /** Maximum display length in bytes. */
  readonly columnLength: number;
  /** A MYSQL_TYPE_* code. */
  readonly columnType: number;
  /** Column flags (NOT_NULL_FLAG …). */
  readonly flags: number;
  /** Decimal digits: 0x00 for integers and static strings, 0x1f for dynamic strings/floats. */
  readonly decimals: number;
  /** COM_FIELD_LIST only: append the default-value field (sent as NULL). */
  readonly withDefault?: boolean;
}

/** The first packet of a result set: the number of columns. */
export function encodeColumnCount(out: BufferWriter, columnCount: number): void {
  assert(Number.isInteger(columnCount) && columnCount > 0, "a result set has columns");
  out.lenencInt(columnCount);
}

/**
 * One ColumnDefinition41 payload. `withDefault` (or `c.withDefault`) appends the COM_FIELD_LIST
 * default value, which mysqld sends as NULL (0xfb).
 */
export function encodeColumnDefinition(
  out: BufferWriter,
  c: ColumnDefinition,
  withDefault: boolean = c.withDefault ?? false,
): void {
  out.u8(3);
  out.u8(0x64); // "def": the only catalog MySQL has.
  out.u8(0x65);
  out.u8(0x66);
  out.lenencString(c.schema);
  out.lenencString(c.table);
  out.lenencString(c.orgTable);
  out.lenencString(c.name);
  out.lenencString(c.orgName);
  out.u8(0x0c); // Length of the fixed-length fields that follow.
  out.u16(c.characterSet);
  out.u32(c.columnLength >>> 0);
  out.u8(c.columnType);
  out.u16(c.flags);
  out.u8(c.decimals);
  out.u16(0); // Filler.
  if (withDefault) out.u8(0xfb);
}

/** A text-protocol row: each value a length-encoded string, NULL as 0xfb. */
export function encodeTextRow(out: BufferWriter, values: readonly (string | Uint8Array | null)[]) {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value === null) out.u8(0xfb);
    else if (typeof value === "string") out.lenencString(value);
    else out.lenencBytes(value);
  }
}

/** A binary-protocol row: 0x00, the NULL bitmap (offset 2), then each non-NULL value by type. */
export function encodeBinaryRow(
  out: BufferWriter,
  values: readonly WireValue[],
  columnTypes: readonly number[],
  unsignedFlags: readonly boolean[],
): void {
  const n = values.length;
  assert(columnTypes.length === n, "one column type per value");
  assert(unsignedFlags.length === n, "one unsigned flag per value");
  out.u8(0x00);
  const bitmapBytes = (n + 7 + 2) >> 3;
  for (let byteIndex = 0; byteIndex < bitmapBytes; byteIndex++) {
    let bits = 0;
    for (let bit = 0; bit < 8; bit++) {
      const column = byteIndex * 8 + bit - 2;
      if (column >= 0 && column < n && values[column] === null) bits |= 1 << bit;
    }
    out.u8(bits);
  }
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    if (value !== null) encodeBinaryValue(out, value, columnTypes[i]!, unsignedFlags[i]!);
  }
}

function encodeBinaryValue(
  out: BufferWriter,
  value: Exclude<WireValue, null>,
  columnType: number,
  unsigned: boolean,
): void {
  switch (columnType) {
    case MYSQL_TYPE_TINY:
      return out.u8(toInt32Bits(value) & 0xff);
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_YEAR:
      return out.u16(toInt32Bits(value) & 0xffff);
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_INT24:
      return out.u32(toInt32Bits(value) >>> 0);
    case MYSQL_TYPE_LONGLONG:
      return encodeLongLong(out, value, unsigned);
    case MYSQL_TYPE_FLOAT:
      return out.f32(toFloat(value));
    case MYSQL_TYPE_DOUBLE:
      return out.f64(toFloat(value));
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_TIMESTAMP:
      return encodeBinaryDateTime(out, toText(value));
    case MYSQL_TYPE_TIME:
      return encodeBinaryTime(out, toText(value));
    default:
      if (value instanceof Uint8Array) return out.lenencBytes(value);
      return out.lenencString(typeof value === "string" ? value : formatNumber(value));
  }
}

function encodeLongLong(out: BufferWriter, value: Exclude<WireValue, null>, unsigned: boolean) {
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    if (value >= 0) out.u64(value);
    else out.i64(value);
    return;
  }
  const integer = toInteger(value);
  out.u64(unsigned ? BigInt.asUintN(64, integer) : BigInt.asUintN(64, BigInt.asIntN(64, integer)));
}

/**
 * The low 32 bits of an integer cell. Numbers take the fast path (ToInt32 wraps modulo 2^32,
 * which is exactly the two's-complement truncation the wire wants); other kinds go via bigint.
 */
function toInt32Bits(value: Exclude<WireValue, null>): number {
  if (typeof value === "number") return value | 0;
  return Number(BigInt.asIntN(32, toInteger(value)));
}

/** An integer cell as bigint; strings must be integer literals (asserted: a server bug else). */
function toInteger(value: Exclude<WireValue, null>): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    assert(Number.isFinite(value), "integer column with a non-finite value");
    return BigInt(Math.trunc(value));
  }
  const text = toText(value).trim();
  assert(/^[+-]?\d+$/.test(text), `integer column with a non-integer value: ${text}`);
  return BigInt(text);
}

function toFloat(value: Exclude<WireValue, null>): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return Number(toText(value));
}

const textDecoder = new TextDecoder();

function toText(value: Exclude<WireValue, null>): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return textDecoder.decode(value);
  if (typeof value === "number" || typeof value === "bigint") return formatNumber(value);
  return unreachable("WireValue kinds are exhausted");
}

/**
 * A number as MySQL prints it: integers plainly, doubles in the shortest round-trip form with
 * exponents written "1e21" rather than JavaScript's "1e+21".
 */
export function formatNumber(value: number | bigint): string {
  if (typeof value === "bigint") return value.toString();
  if (Object.is(value, -0)) return "-0";
  return String(value).replace("e+", "e");
}
