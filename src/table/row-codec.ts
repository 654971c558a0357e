/**
 * Row codec: a table row ↔ the value bytes of its primary-key entry, in the layout row-format.ts
 * documents byte by byte.
 *
 * Invariants:
 * - decodeRow(columns, encodeRow(columns, row)) equals row (integers normalised: number when
 *   safe, bigint otherwise; -0 stays -0; binaries are fresh copies, never views of the input).
 * - decodeRow throws CorruptionError, never AssertionError, on bytes it cannot read: they come
 *   from storage. encodeRow asserts its input matches the schema, a programmer error if not.
 *
 * Speed: decodeRow sits on the point-select path. It makes one pass with a module-level read
 * position (no per-column closures or result objects), reads short ASCII strings in a loop and
 * longer strings through a cached Buffer view's native UTF-8 slice, and reuses one strict
 * TextDecoder for the rest. The per-schema storage classes and defaults are computed
 * once per columns array (schemas are immutable) and cached. Single-threaded by design.
 * Under a projection mask (what a SELECT reads) unread values are skipped, not built: on
 * sysbench's 4-column rows most of the bytes are the two long strings the point selects skip.
 */

import { rowEncodeBufferRetainedBytesMax } from "../constants.ts";
import { assert } from "../util/assert.ts";
import { ByteSink } from "../util/byte-sink.ts";
import { putVarint32 } from "../util/coding.ts";
import { CorruptionError } from "../util/errors.ts";
import type { ColumnSchema } from "../sql/catalog/schema.ts";
import type { Row, SqlValue } from "../sql/types/value.ts";
import { implicitDefault } from "../sql/dml/store-value.ts";
import {
  INTEGER_ESCAPE,
  INTEGER_VARINT_LIMIT,
  ROW_FORMAT_VERSION,
  STORAGE_BYTES,
  STORAGE_DECIMAL,
  STORAGE_DOUBLE,
  STORAGE_INTEGER,
  STORAGE_NULL,
  STORAGE_TEXT,
  storageClassOf,
} from "./row-format.ts";

/** What the codec needs per column, computed once per schema. */
interface RowLayout {
  readonly storage: Uint8Array;
  readonly unsigned: Uint8Array;
  /** The value a column missing from an older row decodes to. */
  readonly defaults: readonly SqlValue[];
}

const layouts = new WeakMap<readonly ColumnSchema[], RowLayout>();

/** The last layouts used, checked by identity before the WeakMap (a hot path per row). */
const recentColumns: (readonly ColumnSchema[] | undefined)[] = new Array(4).fill(undefined);
const recentLayouts: (RowLayout | undefined)[] = new Array(4).fill(undefined);
let recentNext = 0;

function layoutOf(columns: readonly ColumnSchema[]): RowLayout {
  for (let i = 0; i < recentColumns.length; i++) {
    if (recentColumns[i] === columns) return recentLayouts[i]!;
  }
  const layout = layouts.get(columns) ?? newLayout(columns);
  recentColumns[recentNext] = columns;
  recentLayouts[recentNext] = layout;
  recentNext = (recentNext + 1) % recentColumns.length;
  return layout;
}

function newLayout(columns: readonly ColumnSchema[]): RowLayout {
  const storage = new Uint8Array(columns.length);
  const unsigned = new Uint8Array(columns.length);
  const defaults: SqlValue[] = [];
  columns.forEach((column, index) => {
    storage[index] = storageClassOf(column.type);
    // BIT is unsigned without saying so: its 64-bit values are read back as unsigned.
    const isUnsigned = column.type.unsigned === true || column.type.kind === "bit";
    unsigned[index] = isUnsigned ? 1 : 0;
    defaults.push(missingColumnValue(column));
  });
  const layout = { storage, unsigned, defaults };
  layouts.set(columns, layout);
  return layout;
}

function missingColumnValue(column: ColumnSchema): SqlValue {
  if (column.defaultValue.kind === "literal") return column.defaultValue.value;
  return column.nullable ? null : implicitDefault(column.type);
}

// ---- encoding ---------------------------------------------------------------------------------

const utf8Encoder = new TextEncoder();
const ROW_SINK_INITIAL_BYTES = 1024;
/** Reused between calls; encodeRow returns a copy of its contents. */
let rowSink = new ByteSink(ROW_SINK_INITIAL_BYTES);
const doubleScratch = new Float64Array(1);
const doubleBytes = new Uint8Array(doubleScratch.buffer);
const integerScratch = new BigUint64Array(1);
const integerBytes = new Uint8Array(integerScratch.buffer);

/** The row-format bytes of `row`, whose values are in `columns`' order and types. */
export function encodeRow(columns: readonly ColumnSchema[], row: readonly SqlValue[]): Uint8Array {
  assert(row.length === columns.length, "row width matches the schema");
  const layout = layoutOf(columns);
  const sink = rowSink;
  sink.clear();
  sink.putByte(ROW_FORMAT_VERSION);
  putVarint32(sink, row.length);
  const bitmapOffset = sink.reserveBytes((row.length + 7) >> 3);
  const buffer = sink.buffer;
  for (let i = bitmapOffset; i < sink.length; i++) buffer[i] = 0;
  for (let i = 0; i < row.length; i++) {
    const value = row[i]!;
    if (value === null) {
      const target = sink.buffer;
      target[bitmapOffset + (i >> 3)] = target[bitmapOffset + (i >> 3)]! | (1 << (i & 7));
      continue;
    }
    putValue(layout.storage[i]!, value, sink);
  }
  const bytes = sink.toBytes();
  if (sink.buffer.length > rowEncodeBufferRetainedBytesMax) {
    rowSink = new ByteSink(ROW_SINK_INITIAL_BYTES);
  }
  return bytes;
}

function putValue(storage: number, value: NonNullable<SqlValue>, sink: ByteSink): void {
  switch (storage) {
    case STORAGE_INTEGER:
      return putInteger(value, sink);
    case STORAGE_DOUBLE: {
      assert(typeof value === "number", "float column values are numbers");
      doubleScratch[0] = value;
      return sink.putBytes(doubleBytes);
    }
    case STORAGE_DECIMAL:
    case STORAGE_TEXT:
      assert(typeof value === "string", "text column values are strings");
      return putText(value, sink);
    case STORAGE_BYTES:
      assert(value instanceof Uint8Array, "binary column values are bytes");
      putVarint32(sink, value.length);
      return sink.putBytes(value);
    case STORAGE_NULL:
      return assert(false, "a NULL-typed column only holds NULL");
    default:
      return assert(false, `unknown storage class ${storage}`);
  }
}

/** Appends a varint of `value`, a non-negative integer of at most 2^53. */
function putVarintNumber(value: number, sink: ByteSink): void {
  let rest = value;
  while (rest >= 0x80) {
    const low = rest % 0x80;
    sink.putByte(low | 0x80);
    rest = (rest - low) / 0x80;
  }
  sink.putByte(rest);
}

function putInteger(value: NonNullable<SqlValue>, sink: ByteSink): void {
  if (typeof value === "number") {
    assert(Number.isSafeInteger(value), "integer column values are safe integers or bigints");
    if (value > -INTEGER_VARINT_LIMIT && value < INTEGER_VARINT_LIMIT) {
      return putVarintNumber(value >= 0 ? value * 2 : -value * 2 - 1, sink);
    }
  } else {
    assert(typeof value === "bigint", "integer column values are numbers or bigints");
    assert(value >= -(2n ** 63n) && value < 2n ** 64n, "integer column value fits 64 bits");
  }
  putVarintNumber(INTEGER_ESCAPE, sink);
  integerScratch[0] = BigInt.asUintN(64, BigInt(value));
  sink.putBytes(integerBytes);
}

function putText(text: string, sink: ByteSink): void {
  const length = text.length;
  if (length < 0x80) {
    // ASCII fast path: one length byte and one byte per code unit, no encoder call.
    const offset = sink.reserveBytes(1 + length);
    const buffer = sink.buffer;
    buffer[offset] = length;
    let i = 0;
    for (; i < length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0x80) break;
      buffer[offset + 1 + i] = unit;
    }
    if (i === length) return;
    sink.truncate(offset);
  }
  const bytes = utf8Encoder.encode(text);
  putVarint32(sink, bytes.length);
  sink.putBytes(bytes);
}

// ---- decoding ---------------------------------------------------------------------------------

/** ignoreBOM: a leading U+FEFF is part of the stored value, not a marker to strip. */
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** ASCII strings up to this many bytes are built in a loop; longer ones through blockText. */
const SHORT_TEXT_BYTES_MAX = 16;
/** The replacement character a lenient UTF-8 decode puts in place of invalid bytes. */
const REPLACEMENT_CHARACTER = "\uFFFD";

/** Buffer's undocumented, argument-free UTF-8 slice (Node and Bun both have it). */
interface SliceableBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
}

let blockView: SliceableBuffer | undefined;
let blockViewBacking: ArrayBufferLike | undefined;

/** Read position within `source` of the row being decoded (single-threaded). */
let position = 0;
let source: Uint8Array = new Uint8Array(0);

function corrupt(what: string): never {
  throw new CorruptionError(`row: ${what} at offset ${position} of ${source.length}`);
}

/**
 * Decodes a row written by encodeRow with `columns` or a prefix of them (older schema).
 *
 * `wanted`, when given, is a projection mask with one byte per schema column: columns whose
 * byte is 0 come back null without being built (their bytes are only skipped, and a column
 * missing from an older row gets no default copy). Skipping checks bounds exactly as reading
 * does, so truncation and trailing bytes are corruption either way; only the UTF-8 validity of
 * a skipped string is not checked, as its text is never made.
 */
export function decodeRow(
  columns: readonly ColumnSchema[],
  bytes: Uint8Array,
  wanted?: Uint8Array,
): Row {
  const layout = layoutOf(columns);
  source = bytes;
  position = 0;
  if (bytes.length === 0 || bytes[0] !== ROW_FORMAT_VERSION) {
    corrupt(`unknown row format version ${String(bytes[0])}`);
  }
  position = 1;
  const count = readVarint();
  if (count > columns.length) corrupt(`${count} columns but the schema has ${columns.length}`);
  const bitmapOffset = position;
  position += (count + 7) >> 3;
  if (position > bytes.length) corrupt("truncated null bitmap");
  const row: Row = new Array<SqlValue>(columns.length);
  if (wanted === undefined) {
    for (let i = 0; i < count; i++) {
      const isNull = (bytes[bitmapOffset + (i >> 3)]! >> (i & 7)) & 1;
      row[i] = isNull === 1 ? null : readValue(layout.storage[i]!, layout.unsigned[i] === 1);
    }
    for (let i = count; i < columns.length; i++) row[i] = copyDefault(layout.defaults[i]!);
  } else {
    assert(wanted.length === columns.length, "projection mask width matches the schema");
    for (let i = 0; i < count; i++) {
      const isNull = (bytes[bitmapOffset + (i >> 3)]! >> (i & 7)) & 1;
      if (isNull === 1) row[i] = null;
      else if (wanted[i] === 0) row[i] = skipValue(layout.storage[i]!);
      else row[i] = readValue(layout.storage[i]!, layout.unsigned[i] === 1);
    }
    for (let i = count; i < columns.length; i++) {
      row[i] = wanted[i] === 0 ? null : copyDefault(layout.defaults[i]!);
    }
  }
  if (position !== bytes.length) corrupt("trailing bytes after the last column");
  source = emptyBytes;
  return row;
}

const emptyBytes = new Uint8Array(0);

function copyDefault(value: SqlValue): SqlValue {
  return value instanceof Uint8Array ? value.slice() : value;
}

function readValue(storage: number, unsigned: boolean): NonNullable<SqlValue> {
  switch (storage) {
    case STORAGE_INTEGER:
      return readInteger(unsigned);
    case STORAGE_DOUBLE: {
      if (position + 8 > source.length) corrupt("truncated double");
      for (let i = 0; i < 8; i++) doubleBytes[i] = source[position + i]!;
      position += 8;
      return doubleScratch[0]!;
    }
    case STORAGE_DECIMAL:
    case STORAGE_TEXT:
      return readText();
    case STORAGE_BYTES: {
      const length = readVarint();
      if (position + length > source.length) corrupt("truncated bytes");
      const value = source.slice(position, position + length);
      position += length;
      return value;
    }
    case STORAGE_NULL:
      return corrupt("a value in a NULL-typed column");
    default:
      return corrupt(`unknown storage class ${storage}`);
  }
}

/**
 * Advances past one non-NULL value of `storage` with the same bounds checks readValue makes,
 * building nothing; returns null, the value an unread column takes.
 */
function skipValue(storage: number): null {
  switch (storage) {
    case STORAGE_INTEGER:
      if (readVarint() !== INTEGER_ESCAPE) return null;
      if (position + 8 > source.length) corrupt("truncated 64-bit integer");
      position += 8;
      return null;
    case STORAGE_DOUBLE:
      if (position + 8 > source.length) corrupt("truncated double");
      position += 8;
      return null;
    case STORAGE_DECIMAL:
    case STORAGE_TEXT:
    case STORAGE_BYTES: {
      const length = readVarint();
      if (position + length > source.length) {
        corrupt(storage === STORAGE_BYTES ? "truncated bytes" : "truncated text");
      }
      position += length;
      return null;
    }
    case STORAGE_NULL:
      return corrupt("a value in a NULL-typed column");
    default:
      return corrupt(`unknown storage class ${storage}`);
  }
}

/** Reads a varint of at most 2^53 as a number. */
function readVarint(): number {
  let result = 0;
  let scale = 1;
  for (let shift = 0; shift < 56; shift += 7) {
    if (position >= source.length) corrupt("truncated varint");
    const byte = source[position++]!;
    result += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      if (result > INTEGER_ESCAPE) corrupt("varint above 2^53");
      return result;
    }
    scale *= 0x80;
  }
  return corrupt("overlong varint");
}

function readInteger(unsigned: boolean): number | bigint {
  const zigzag = readVarint();
  if (zigzag !== INTEGER_ESCAPE) return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  if (position + 8 > source.length) corrupt("truncated 64-bit integer");
  for (let i = 0; i < 8; i++) integerBytes[i] = source[position + i]!;
  position += 8;
  const bits = integerScratch[0]!;
  const value = unsigned ? bits : BigInt.asIntN(64, bits);
  const safe = value >= -9007199254740991n && value <= 9007199254740991n;
  return safe ? Number(value) : value;
}

function readText(): string {
  const length = readVarint();
  const start = position;
  const end = start + length;
  if (end > source.length) corrupt("truncated text");
  position = end;
  if (length <= SHORT_TEXT_BYTES_MAX) {
    let text = "";
    for (let i = start; i < end; i++) {
      const byte = source[i]!;
      if (byte >= 0x80) return decodeUtf8(start, end);
      text += String.fromCharCode(byte);
    }
    return text;
  }
  // A lenient decode is valid UTF-8's exact text; only text showing U+FFFD (from invalid bytes,
  // or stored as such) takes the strict decoder, which throws on the former.
  const text = blockText(start, end);
  return text.includes(REPLACEMENT_CHARACTER) ? decodeUtf8(start, end) : text;
}

function decodeUtf8(start: number, end: number): string {
  try {
    return utf8Decoder.decode(source.subarray(start, end));
  } catch (error) {
    throw new CorruptionError(`row: invalid UTF-8 at offset ${start}`, { cause: error });
  }
}

/**
 * Bytes [start, end) of `source` decoded leniently as UTF-8 (invalid bytes become U+FFFD),
 * through a Buffer over the whole backing ArrayBuffer. Rows read from one cached block share
 * that ArrayBuffer, so the view is made once per block rather than once per value (a view per
 * value costs more than TextDecoder). The view keeps the last backing buffer alive until the
 * next one replaces it. The native decode also replaces a JavaScript loop that looked for
 * non-ASCII bytes first (about 40% of a 120-byte string's decode).
 */
function blockText(start: number, end: number): string {
  const backing = source.buffer;
  let view = blockView;
  if (view === undefined || blockViewBacking !== backing) {
    view = Buffer.from(backing, 0, backing.byteLength) as SliceableBuffer;
    blockView = view;
    blockViewBacking = backing;
  }
  const base = source.byteOffset;
  return view.utf8Slice(base + start, base + end);
}
