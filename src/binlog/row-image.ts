/**
 * Row images of WRITE/UPDATE/DELETE_ROWS events: MySQL's binary value formats, converting from
 * and to the SQL layer's values (sql/types/value.ts). A full image (binlog_row_image=FULL) is
 *
 *   null bitmap   ceil(columns / 8) bytes, bit i (LSB first) set when column i is NULL
 *   values        each non-NULL column in order, in the form row-image-types.ts names:
 *     int         1/2/3/4/8 bytes LE two's complement (unsignedness comes from the schema)
 *     float       4 bytes LE IEEE single; double: 8 bytes LE IEEE double
 *     decimal     row-image-decimal.ts
 *     bit         ceil(bits / 8) bytes BE
 *     string      u8 or u16 byte length ‖ bytes (CHAR keeps the value's own trailing spaces)
 *     blob        u8/u16/u24/u32 byte length ‖ bytes
 *     date, time, datetime, timestamp   row-image-temporal.ts
 *     year        1 byte: year - 1900, or 0 for the zero year
 *     enum        1 or 2 bytes LE: 1-based member index, 0 for the '' error value
 *     set         pack length bytes LE: bit i = member i
 *
 * Deviation from MySQL: JSON is stored as its UTF-8 text rather than MySQL's binary JSON, so a
 * value round-trips to exactly the same text. Readers other than ours see a JSON column whose
 * bytes are not binary JSON.
 *
 * Round trips are exact for values of the column's declared representation, with one MySQL
 * semantic: a FLOAT column holds single precision, so a FLOAT value reads back as
 * Math.fround(value).
 *
 * Errors: a value the column's binary form cannot hold (longer than its length prefix, a
 * character beyond U+00FF in latin1, a TIMESTAMP outside 1970..2106) is refused with MySQL's
 * error (1406, 1366, 1292) before anything is logged. A value that breaks the SQL layer's own
 * invariants (non-canonical temporal or decimal text, an ENUM non-member) is an assertion.
 */

import { assert, assertNever } from "../util/assert.ts";
import { ER_DATA_TOO_LONG, ER_TRUNCATED_WRONG_VALUE_FOR_FIELD } from "../util/mysql-errors.ts";
import { sqlError } from "../sql/sql-error.ts";
import type { Row, SqlValue } from "../sql/types/value.ts";
import type { EventReader } from "./event-reader.ts";
import type { EventWriter } from "./event-writer.ts";
import type { BinlogColumn, ColumnImage, TextEncoding } from "./row-image-types.ts";
import { readDecimal, writeDecimal } from "./row-image-decimal.ts";
import {
  readDate, readDatetime, readTime, readTimestamp,
  writeDate, writeDatetime, writeTime, writeTimestamp,
} from "./row-image-temporal.ts";

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8");
const YEAR_BASE = 1900;
const scratch = new DataView(new ArrayBuffer(8));

/** Writes one full row image (null bitmap and values) of `row` under `columns`. */
export function writeRowImage(
  writer: EventWriter,
  columns: readonly BinlogColumn[],
  row: readonly SqlValue[],
): void {
  assert(row.length === columns.length, "row width matches the table");
  const bitmap = writer.reserve((columns.length + 7) >> 3);
  for (let i = 0; i < row.length; i++) {
    if (row[i] === null) writer.buffer[bitmap + (i >> 3)]! |= 1 << (i & 7);
  }
  for (let i = 0; i < row.length; i++) {
    const value = row[i]!;
    if (value !== null) writeValue(writer, columns[i]!, value);
  }
}

/** Reads one full row image under `columns`. */
export function readRowImage(reader: EventReader, columns: readonly BinlogColumn[]): Row {
  const bitmap = reader.bytes((columns.length + 7) >> 3);
  const row: Row = new Array<SqlValue>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const isNull = (bitmap[i >> 3]! & (1 << (i & 7))) !== 0;
    row[i] = isNull ? null : readValue(reader, columns[i]!.image);
  }
  return row;
}

/**
 * The bytes of a character or binary value. A latin1 column holding a character beyond U+00FF
 * (which MySQL would have refused with error 1366) is refused here the same way, before
 * anything is logged, rather than logged as bytes no reader could map back.
 */
function textBytes(value: SqlValue, encoding: TextEncoding, column: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const text = String(value);
  if (encoding !== "latin1") return utf8Encoder.encode(text);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw sqlError(ER_TRUNCATED_WRONG_VALUE_FOR_FIELD, "string", text, column, 1);
    bytes[i] = code;
  }
  return bytes;
}

function bytesToValue(bytes: Uint8Array, encoding: TextEncoding): SqlValue {
  if (encoding === "binary") return bytes.slice();
  if (encoding === "utf8") return utf8Decoder.decode(bytes);
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

function toBigInt(value: SqlValue): bigint {
  assert(typeof value === "number" || typeof value === "bigint", "integer value");
  return typeof value === "bigint" ? value : BigInt(value);
}

/** A bigint as the SQL layer represents integers: number when safe. */
function fromBigInt(value: bigint): number | bigint {
  const small = Number(value);
  return Number.isSafeInteger(small) ? small : value;
}

function writeInt(writer: EventWriter, value: SqlValue, bytes: number): void {
  if (bytes === 4 && typeof value === "number" && Number.isInteger(value)) {
    writer.u32(value < 0 ? value + 0x1_0000_0000 : value);
    return;
  }
  if (bytes === 8) {
    writer.u64(BigInt.asUintN(64, toBigInt(value)));
    return;
  }
  assert(typeof value === "number" && Number.isInteger(value), "integer value");
  const bits = bytes * 8;
  writer.uint(value < 0 ? value + 2 ** bits : value, bytes);
}

function readInt(reader: EventReader, bytes: number, unsigned: boolean): number | bigint {
  if (bytes === 8) {
    const raw = reader.u64();
    return fromBigInt(unsigned ? raw : BigInt.asIntN(64, raw));
  }
  const raw = reader.uint(bytes);
  const limit = 2 ** (bytes * 8);
  return !unsigned && raw >= limit / 2 ? raw - limit : raw;
}

/**
 * Writes a value's length prefix. A value longer than the prefix can express (say, 4-byte
 * characters in a utf8mb3 VARCHAR) is refused with ER_DATA_TOO_LONG before anything is logged.
 */
function writeLength(
  writer: EventWriter,
  length: number,
  lengthBytes: number,
  column: string,
): void {
  if (length >= 2 ** (8 * lengthBytes)) throw sqlError(ER_DATA_TOO_LONG, column, 1);
  writer.uint(length, lengthBytes);
}

function memberIndex(values: readonly string[], member: string): number {
  const exact = values.indexOf(member);
  if (exact >= 0) return exact;
  const lower = member.toLowerCase();
  return values.findIndex((candidate) => candidate.toLowerCase() === lower);
}

function writeEnum(writer: EventWriter, image: ColumnImage & { kind: "enum" }, v: SqlValue): void {
  const index = typeof v === "number" ? v : v === "" ? 0 : memberIndex(image.values, String(v)) + 1;
  assert(index >= 0 && index <= image.values.length, `not an ENUM member: ${String(v)}`);
  writer.uint(index, image.packBytes);
}

function writeSet(writer: EventWriter, image: ColumnImage & { kind: "set" }, v: SqlValue): void {
  let bits = 0n;
  if (typeof v === "number" || typeof v === "bigint") {
    bits = BigInt(v);
  } else if (v !== "") {
    for (const member of String(v).split(",")) {
      const index = memberIndex(image.values, member);
      assert(index >= 0, `not a SET member: ${member}`);
      bits |= 1n << BigInt(index);
    }
  }
  writeUnsignedBig(writer, bits, image.packBytes);
}

function writeUnsignedBig(writer: EventWriter, value: bigint, bytes: number): void {
  let rest = value;
  for (let i = 0; i < bytes; i++) {
    writer.u8(Number(rest & 0xffn));
    rest >>= 8n;
  }
}

function readSet(reader: EventReader, image: ColumnImage & { kind: "set" }): string {
  let bits = 0n;
  for (let i = 0; i < image.packBytes; i++) bits |= BigInt(reader.u8()) << BigInt(8 * i);
  const members: string[] = [];
  for (let i = 0; i < image.values.length; i++) {
    if ((bits >> BigInt(i)) & 1n) members.push(image.values[i]!);
  }
  if (bits >> BigInt(image.values.length) !== 0n) throw reader.corrupt("SET bits beyond members");
  return members.join(",");
}

function writeBit(writer: EventWriter, value: SqlValue, bits: number): void {
  const bytes = (bits + 7) >> 3;
  let rest = BigInt.asUintN(64, toBigInt(value));
  const offset = writer.reserve(bytes);
  for (let i = bytes - 1; i >= 0; i--) {
    writer.buffer[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function readBit(reader: EventReader, bits: number): number | bigint {
  let value = 0n;
  for (const byte of reader.bytes((bits + 7) >> 3)) value = (value << 8n) | BigInt(byte);
  return fromBigInt(value);
}

function writeFloating(writer: EventWriter, value: SqlValue, single: boolean): void {
  const number = typeof value === "bigint" ? Number(value) : value;
  assert(typeof number === "number", "floating-point value");
  if (single) scratch.setFloat32(0, number, true);
  else scratch.setFloat64(0, number, true);
  for (let i = 0; i < (single ? 4 : 8); i++) writer.u8(scratch.getUint8(i));
}

function readFloating(reader: EventReader, single: boolean): number {
  const bytes = reader.bytes(single ? 4 : 8);
  for (let i = 0; i < bytes.length; i++) scratch.setUint8(i, bytes[i]!);
  return single ? scratch.getFloat32(0, true) : scratch.getFloat64(0, true);
}

function writeValue(writer: EventWriter, column: BinlogColumn, value: SqlValue): void {
  const image = column.image;
  const kind = image.kind;
  switch (kind) {
    case "int": return writeInt(writer, value, image.bytes);
    case "float": return writeFloating(writer, value, true);
    case "double": return writeFloating(writer, value, false);
    case "decimal":
      return writeDecimal(writer, String(value), image.precision, image.scale);
    case "bit": return writeBit(writer, value, image.bits);
    case "string":
    case "blob": {
      const lengthBytes = kind === "string" ? image.lengthBytes : image.packBytes;
      if (typeof value === "string" && image.encoding === "utf8") {
        // The common case, encoded in place; an over-long value fails the whole encoding.
        const written = writer.lengthPrefixedUtf8(value, lengthBytes);
        if (written >= 2 ** (8 * lengthBytes)) throw sqlError(ER_DATA_TOO_LONG, column.name, 1);
        return;
      }
      const bytes = textBytes(value, image.encoding, column.name);
      writeLength(writer, bytes.length, lengthBytes, column.name);
      return writer.bytes(bytes);
    }
    case "date": return writeDate(writer, String(value));
    case "time": return writeTime(writer, String(value), image.fsp);
    case "datetime": return writeDatetime(writer, String(value), image.fsp);
    case "timestamp": return writeTimestamp(writer, String(value), image.fsp, column.name);
    case "year": {
      assert(typeof value === "number", "YEAR value is a number");
      return writer.u8(value === 0 ? 0 : value - YEAR_BASE);
    }
    case "enum": return writeEnum(writer, image, value);
    case "set": return writeSet(writer, image, value);
    case "null": return unreachableNull();
    default: return assertNever(kind, "column image");
  }
}

function unreachableNull(): never {
  assert(false, "a NULL-typed column holds only NULL");
}

function readValue(reader: EventReader, image: ColumnImage): SqlValue {
  const kind = image.kind;
  switch (kind) {
    case "int": return readInt(reader, image.bytes, image.unsigned);
    case "float": return readFloating(reader, true);
    case "double": return readFloating(reader, false);
    case "decimal": return readDecimal(reader, image.precision, image.scale);
    case "bit": return readBit(reader, image.bits);
    case "string":
      return bytesToValue(reader.bytes(reader.uint(image.lengthBytes)), image.encoding);
    case "blob": return bytesToValue(reader.bytes(reader.uint(image.packBytes)), image.encoding);
    case "date": return readDate(reader);
    case "time": return readTime(reader, image.fsp);
    case "datetime": return readDatetime(reader, image.fsp);
    case "timestamp": return readTimestamp(reader, image.fsp);
    case "year": {
      const stored = reader.u8();
      return stored === 0 ? 0 : stored + YEAR_BASE;
    }
    case "enum": {
      const index = reader.uint(image.packBytes);
      if (index > image.values.length) throw reader.corrupt(`ENUM index ${index} out of range`);
      return index === 0 ? "" : image.values[index - 1]!;
    }
    case "set": return readSet(reader, image);
    case "null": throw reader.corrupt("a NULL-typed column has a value");
    default: return assertNever(kind, "column image");
  }
}
