/**
 * Key codec: SQL values → memcomparable key bytes, laid out as key-format.ts documents. The
 * table layer prefixes these bytes with its own table and index ids; the engine orders keys
 * with compareBytes only, so the order of encodings must be the SQL order of the values.
 *
 * Invariants:
 * - compareBytes(encode(a), encode(b)) has the sign of the SQL comparison of a and b under each
 *   column's type, collation and direction, column by column, NULL first (last when DESC).
 * - Encoding the first k values of a key gives a byte prefix of encoding all of them, so a
 *   range over a key prefix is the byte range [prefix, prefixSuccessor(prefix)).
 * - Values are in the column type's representation (sql/types/value.ts); anything else is a
 *   caller error and fails an assertion.
 *
 * Speed: called for every index write and every point lookup. No per-value allocation for
 * numbers, dates, ASCII strings under binary collations, or binaries; collations and ENUM/SET
 * member tables are looked up once and cached.
 */

import { assert, assertNever } from "../util/assert.ts";
import type { ByteSink } from "../util/byte-sink.ts";
import { getCollation, type Collation } from "../sql/types/collation.ts";
import type { SqlType } from "../sql/types/sql-type.ts";
import type { SqlValue } from "../sql/types/value.ts";
import {
  DECIMAL_EXPONENT_BIAS,
  DECIMAL_NEGATIVE,
  DECIMAL_POSITIVE,
  DECIMAL_ZERO,
  KEY_ESCAPE_BYTE,
  KEY_ESCAPED_ZERO,
  KEY_NULL_MARKER,
  KEY_TERMINATOR,
  KEY_VALUE_MARKER,
  TIME_MICROSECONDS_BIAS,
  parseDateKey,
  parseTimeMicros,
  parseTimeOfDayMicros,
} from "./key-format.ts";

/** One column of a key: its type, and how the index declares it. */
export interface KeyColumnType {
  readonly type: SqlType;
  readonly descending?: boolean;
  /** Index prefix length: characters for character types, bytes for binary types. */
  readonly prefixLength?: number;
}

const TWO_POW_32 = 0x1_0000_0000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
/** The collation character columns use when their type names none (MySQL 8.0's default). */
const DEFAULT_COLLATION_NAME = "utf8mb4_0900_ai_ci";

/** Byte widths of the integer kinds. */
const integerWidths: Readonly<Record<string, number>> = {
  tinyint: 1,
  smallint: 2,
  mediumint: 3,
  int: 4,
  bigint: 8,
};

/**
 * Appends the key encoding of `values` to `sink`. `values` may be shorter than `columns` (a key
 * prefix, for range bounds); each value must be of its column's type.
 */
export function encodeKeyValues(
  columns: readonly KeyColumnType[],
  values: readonly SqlValue[],
  sink: ByteSink,
): void {
  assert(values.length <= columns.length, "more key values than key columns");
  for (let i = 0; i < values.length; i++) {
    const column = columns[i]!;
    const value = values[i]!;
    const start = sink.length;
    if (value === null) {
      sink.putByte(KEY_NULL_MARKER);
    } else {
      sink.putByte(KEY_VALUE_MARKER);
      encodeValue(column, value, sink);
    }
    if (column.descending === true) invertFrom(sink, start);
  }
}

/**
 * The smallest key greater than every key that starts with `key`: drop trailing ff bytes and
 * add one to the last byte left. Undefined when there is none (empty, or all bytes ff).
 */
export function prefixSuccessor(key: Uint8Array): Uint8Array | undefined {
  let end = key.length;
  while (end > 0 && key[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const successor = key.slice(0, end);
  successor[end - 1] = successor[end - 1]! + 1;
  return successor;
}

function encodeValue(column: KeyColumnType, value: NonNullable<SqlValue>, sink: ByteSink): void {
  const type = column.type;
  switch (type.kind) {
    case "tinyint":
    case "smallint":
    case "mediumint":
    case "int":
    case "bigint":
      return encodeInteger(integerWidths[type.kind]!, type.unsigned === true, value, sink);
    case "year":
      return encodeInteger(2, true, value, sink);
    case "bit":
      return encodeInteger(8, true, value, sink);
    case "float":
    case "double":
      assert(typeof value === "number", "float key values are numbers");
      return encodeDouble(value, sink);
    case "decimal":
      return encodeDecimal(asText(value), sink);
    case "char":
    case "varchar":
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
      return encodeText(type, column.prefixLength, asText(value), sink);
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      assert(value instanceof Uint8Array, "binary key values are bytes");
      return encodeBinary(column.prefixLength, value, sink);
    case "json":
      return putCodeUnitsEscaped(asText(value), sink);
    case "date":
      return putUnsigned(parseDateKey(asText(value), false), 3, sink);
    case "datetime":
    case "timestamp":
      putUnsigned(parseDateKey(asText(value), true), 3, sink);
      return putUnsigned(parseTimeOfDayMicros(asText(value)), 5, sink);
    case "time":
      return putUnsigned(parseTimeMicros(asText(value)) + TIME_MICROSECONDS_BIAS, 6, sink);
    case "enum":
      return putUnsigned(enumIndex(type, asText(value)), 2, sink);
    case "set":
      return encodeSet(type, asText(value), sink);
    case "null":
      return assert(false, "a NULL-typed key column only holds NULL");
    default:
      return assertNever(type.kind, "type kind");
  }
}

/** Decimal, character, JSON, temporal, ENUM and SET values are strings (sql/types/value.ts). */
function asText(value: NonNullable<SqlValue>): string {
  assert(typeof value === "string", "key values of this type are strings");
  return value;
}

function invertFrom(sink: ByteSink, start: number): void {
  const buffer = sink.buffer;
  const end = sink.length;
  for (let i = start; i < end; i++) buffer[i] = 0xff - buffer[i]!;
}

// ---- integers ---------------------------------------------------------------------------------

/** Appends `value` (0 <= value < 256^width, width <= 6) big-endian. */
function putUnsigned(value: number, width: number, sink: ByteSink): void {
  assert(Number.isInteger(value) && value >= 0 && value < 256 ** width, "key field in range");
  const offset = sink.reserveBytes(width);
  const buffer = sink.buffer;
  let rest = value;
  for (let i = offset + width - 1; i >= offset; i--) {
    const byte = rest % 256;
    buffer[i] = byte;
    rest = (rest - byte) / 256;
  }
}

function putWords(high: number, low: number, sink: ByteSink): void {
  const offset = sink.reserveBytes(8);
  const buffer = sink.buffer;
  buffer[offset] = high >>> 24;
  buffer[offset + 1] = (high >>> 16) & 0xff;
  buffer[offset + 2] = (high >>> 8) & 0xff;
  buffer[offset + 3] = high & 0xff;
  buffer[offset + 4] = low >>> 24;
  buffer[offset + 5] = (low >>> 16) & 0xff;
  buffer[offset + 6] = (low >>> 8) & 0xff;
  buffer[offset + 7] = low & 0xff;
}

function encodeInteger(
  width: number,
  unsigned: boolean,
  value: NonNullable<SqlValue>,
  sink: ByteSink,
): void {
  if (width === 8) return encodeInteger64(unsigned, value, sink);
  assert(typeof value === "number" || typeof value === "bigint", "integer key values are numbers");
  const number = Number(value);
  assert(Number.isInteger(number), "integer key values are integers");
  const half = 2 ** (8 * width - 1);
  if (unsigned) return putUnsigned(number, width, sink);
  assert(number >= -half && number < half, "signed key value in the type's range");
  putUnsigned(number + half, width, sink);
}

/** 8-byte integers: numbers split into two 32-bit words without bigint arithmetic. */
function encodeInteger64(unsigned: boolean, value: NonNullable<SqlValue>, sink: ByteSink): void {
  if (typeof value === "number") {
    assert(Number.isSafeInteger(value), "integer key values are safe integers or bigints");
    assert(!unsigned || value >= 0, "unsigned key value is not negative");
    const high = Math.floor(value / TWO_POW_32);
    const low = value - high * TWO_POW_32;
    const highWord = unsigned ? high : ((high | 0) ^ 0x8000_0000) >>> 0;
    return putWords(highWord, low, sink);
  }
  assert(typeof value === "bigint", "integer key values are numbers");
  if (unsigned) assert(value >= 0n && value <= UINT64_MAX, "unsigned key value in range");
  else assert(value >= INT64_MIN && value <= INT64_MAX, "signed key value in range");
  const bits = BigInt.asUintN(64, value);
  const high = Number(bits >> 32n);
  putWords(unsigned ? high : (high ^ 0x8000_0000) >>> 0, Number(bits & 0xffff_ffffn), sink);
}

// ---- floating point ---------------------------------------------------------------------------

const doubleScratch = new Float64Array(1);
const doubleBytes = new Uint8Array(doubleScratch.buffer);
assert(new Uint8Array(new Uint16Array([1]).buffer)[0] === 1, "the key codec needs little-endian");

function encodeDouble(value: number, sink: ByteSink): void {
  assert(!Number.isNaN(value), "NaN is not a SQL value");
  doubleScratch[0] = value === 0 ? 0 : value; // -0 and +0 are equal in SQL.
  const negative = (doubleBytes[7]! & 0x80) !== 0;
  const offset = sink.reserveBytes(8);
  const buffer = sink.buffer;
  for (let i = 0; i < 8; i++) {
    const byte = doubleBytes[7 - i]!;
    buffer[offset + i] = negative ? 0xff - byte : byte;
  }
  if (!negative) buffer[offset] = buffer[offset]! | 0x80;
}

// ---- decimal ----------------------------------------------------------------------------------

const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
const decimalDigitsMax = 1024;
/** Significant digits of the decimal being encoded (one encoder at a time: single-threaded). */
const digitScratch = new Uint8Array(decimalDigitsMax);

function encodeDecimal(text: string, sink: ByteSink): void {
  const negative = text.charCodeAt(0) === 0x2d;
  const start = negative ? 1 : 0;
  let dot = text.indexOf(".", start);
  if (dot < 0) dot = text.length;
  assert(dot > start, `not canonical decimal text: ${text}`);
  let count = 0;
  let exponent = 0;
  let seenSignificant = false;
  for (let i = start; i < text.length; i++) {
    if (i === dot) continue;
    const code = text.charCodeAt(i);
    assert(code >= DIGIT_ZERO && code <= DIGIT_NINE, `not canonical decimal text: ${text}`);
    if (!seenSignificant) {
      if (code === DIGIT_ZERO) continue;
      seenSignificant = true;
      exponent = i < dot ? dot - i : dot - i + 1;
    }
    assert(count < decimalDigitsMax, "decimal key value has too many digits");
    digitScratch[count++] = code - DIGIT_ZERO;
  }
  while (count > 0 && digitScratch[count - 1] === 0) count--;
  if (count === 0) return sink.putByte(DECIMAL_ZERO);
  sink.putByte(negative ? DECIMAL_NEGATIVE : DECIMAL_POSITIVE);
  const bodyStart = sink.length;
  putUnsigned(exponent + DECIMAL_EXPONENT_BIAS, 2, sink);
  for (let i = 0; i < count; i += 2) {
    const low = i + 1 < count ? digitScratch[i + 1]! + 1 : 0;
    sink.putByte(((digitScratch[i]! + 1) << 4) | low);
  }
  sink.putByte(0);
  if (negative) invertFrom(sink, bodyStart);
}

// ---- strings and binaries ---------------------------------------------------------------------

const collationCache = new Map<string, Collation>();

function collationOf(type: SqlType): Collation {
  const name = type.collation ?? DEFAULT_COLLATION_NAME;
  let collation = collationCache.get(name);
  if (collation === undefined) {
    collation = getCollation(name);
    assert(collation !== undefined, `unknown collation ${name}`);
    collationCache.set(name, collation);
  }
  return collation;
}

/** The first `characters` code points of `text`. */
function truncateCharacters(text: string, characters: number): string {
  let index = 0;
  for (let counted = 0; counted < characters && index < text.length; counted++) {
    const unit = text.charCodeAt(index);
    const pair = unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length;
    index += pair ? 2 : 1;
  }
  return index >= text.length ? text : text.slice(0, index);
}

function encodeText(
  type: SqlType,
  prefixLength: number | undefined,
  value: string,
  sink: ByteSink,
): void {
  const text = prefixLength === undefined ? value : truncateCharacters(value, prefixLength);
  putCodeUnitsEscaped(collationOf(type).sortKey(text), sink);
}

/**
 * Each UTF-16 code unit as its UTF-8 form (order-preserving), escaped and terminated. Writes
 * into space reserved for the worst case (3 bytes a unit) and gives back what it did not use,
 * so the loop makes no method calls.
 */
function putCodeUnitsEscaped(text: string, sink: ByteSink): void {
  const start = sink.length;
  let offset = sink.reserveBytes(text.length * 3 + 2);
  const buffer = sink.buffer;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0) {
      buffer[offset++] = KEY_ESCAPE_BYTE;
      buffer[offset++] = KEY_ESCAPED_ZERO;
    } else if (unit < 0x80) {
      buffer[offset++] = unit;
    } else if (unit < 0x800) {
      buffer[offset++] = 0xc0 | (unit >> 6);
      buffer[offset++] = 0x80 | (unit & 0x3f);
    } else {
      buffer[offset++] = 0xe0 | (unit >> 12);
      buffer[offset++] = 0x80 | ((unit >> 6) & 0x3f);
      buffer[offset++] = 0x80 | (unit & 0x3f);
    }
  }
  buffer[offset++] = KEY_ESCAPE_BYTE;
  buffer[offset++] = KEY_TERMINATOR;
  assert(offset - start <= text.length * 3 + 2, "escaped text fits its reservation");
  sink.truncate(offset);
}

/** The bytes (the first prefixLength of them when declared), escaped and terminated. */
function encodeBinary(prefixLength: number | undefined, value: Uint8Array, sink: ByteSink): void {
  const end = prefixLength === undefined ? value.length : Math.min(prefixLength, value.length);
  let offset = sink.reserveBytes(end * 2 + 2);
  const buffer = sink.buffer;
  for (let i = 0; i < end; i++) {
    const byte = value[i]!;
    buffer[offset++] = byte;
    if (byte === KEY_ESCAPE_BYTE) buffer[offset++] = KEY_ESCAPED_ZERO;
  }
  buffer[offset++] = KEY_ESCAPE_BYTE;
  buffer[offset++] = KEY_TERMINATOR;
  sink.truncate(offset);
}

// ---- ENUM and SET -----------------------------------------------------------------------------

/** Member text → 1-based index, per type (types are immutable schema values). */
const memberIndexes = new WeakMap<SqlType, ReadonlyMap<string, number>>();

function memberIndexOf(type: SqlType, member: string): number {
  let indexes = memberIndexes.get(type);
  if (indexes === undefined) {
    const built = new Map<string, number>();
    (type.values ?? []).forEach((name, index) => built.set(name, index + 1));
    memberIndexes.set(type, built);
    indexes = built;
  }
  const index = indexes.get(member);
  assert(index !== undefined, `'${member}' is not a member of the ${type.kind}`);
  return index;
}

function enumIndex(type: SqlType, value: string): number {
  return value === "" ? 0 : memberIndexOf(type, value);
}

function encodeSet(type: SqlType, value: string, sink: ByteSink): void {
  let high = 0;
  let low = 0;
  let start = 0;
  while (start < value.length) {
    let end = value.indexOf(",", start);
    if (end < 0) end = value.length;
    const bit = memberIndexOf(type, value.slice(start, end)) - 1;
    assert(bit < 64, "a SET has at most 64 members");
    if (bit < 32) low = (low | (1 << bit)) >>> 0;
    else high = (high | (1 << (bit - 32))) >>> 0;
    start = end + 1;
  }
  putWords(high, low, sink);
}
