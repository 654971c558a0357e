/**
 * Keyspace format v1: how the table layer lays the SQL catalog and table data out in the KvStore
 * (one ordered byte keyspace). Every key starts with a one-byte space tag:
 *
 *   System keyspace (tag 0x00), catalog records:
 *     00 01                         → format version: 1 byte (KEYSPACE_FORMAT_VERSION)
 *     00 02                         → next table id: 4 bytes, big-endian u32
 *     00 03 ‖ utf8(database name)   → database record
 *     00 04 ‖ u32be(table id)       → table record
 *   A record value is 1 version byte (RECORD_FORMAT_VERSION = 1) followed by UTF-8 JSON:
 *     database: {"name","defaultCharset","defaultCollation"}
 *     table:    {"tableId","indexIds":[…one per schema.indexes…],"schema":TableSchema}
 *   In the JSON, SqlValues that JSON cannot carry are tagged objects: a bigint is
 *   {"$bigint":"<decimal>"} and a Uint8Array is {"$bytes":"<lowercase hex>"}.
 *
 *   Data keyspace (tag 0x01):
 *     01 ‖ u32be(table id) ‖ u32be(index id) ‖ index key bytes
 *   Index id 0 is the primary key; secondary indexes get ids 1, 2, … in creation order (kept in
 *   the table record; never reused). For the primary key, the index key bytes are the
 *   memcomparable encoding of the primary key columns (key-codec.ts), or, for a table without a
 *   primary key, the hidden row id as 8 bytes big-endian u64; the value is encodeRow(row).
 *   For a secondary index (unique or not), the key bytes are the memcomparable index columns
 *   followed by the primary key bytes (so rows with equal index values — NULLs in a unique index,
 *   any values in a non-unique one — have distinct keys), and the value is the primary key bytes.
 *   Uniqueness is enforced by the table layer (locks on the unique value plus a prefix check),
 *   not by the key shape.
 *
 * Invariants: table ids start at 1 and are never reused; every key of table t lies in
 * [dataPrefix(t), dataPrefix(t + 1)); hidden row ids are < 2^63 once committed (ids with the top
 * bit set are a transaction's provisional ids and never reach the store).
 */

import { assert } from "../util/assert.ts";
import { CorruptionError } from "../util/errors.ts";
import type { DatabaseSchema, TableSchema } from "../sql/catalog/schema.ts";

export const KEYSPACE_FORMAT_VERSION = 1;
export const RECORD_FORMAT_VERSION = 1;

export const SYSTEM_SPACE_TAG = 0x00;
export const DATA_SPACE_TAG = 0x01;
const SYSTEM_FORMAT_VERSION_TAG = 0x01;
const SYSTEM_NEXT_TABLE_ID_TAG = 0x02;
const SYSTEM_DATABASE_TAG = 0x03;
const SYSTEM_TABLE_TAG = 0x04;

/** Index id of the primary key (or hidden row id) in data keys. */
export const PRIMARY_INDEX_ID = 0;
/** Bytes before the index key: space tag, table id, index id. */
export const DATA_KEY_PREFIX_BYTES = 9;
export const HIDDEN_ROW_ID_BYTES = 8;
/** Hidden row ids at or above this are provisional (uncommitted, never stored). */
export const PROVISIONAL_ROW_ID_MIN = 1n << 63n;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

export const formatVersionKey = new Uint8Array([SYSTEM_SPACE_TAG, SYSTEM_FORMAT_VERSION_TAG]);
export const nextTableIdKey = new Uint8Array([SYSTEM_SPACE_TAG, SYSTEM_NEXT_TABLE_ID_TAG]);
export const databaseKeyPrefix = new Uint8Array([SYSTEM_SPACE_TAG, SYSTEM_DATABASE_TAG]);
export const tableKeyPrefix = new Uint8Array([SYSTEM_SPACE_TAG, SYSTEM_TABLE_TAG]);

export function databaseKey(name: string): Uint8Array {
  const nameBytes = utf8Encoder.encode(name);
  const key = new Uint8Array(2 + nameBytes.length);
  key.set(databaseKeyPrefix, 0);
  key.set(nameBytes, 2);
  return key;
}

export function tableKey(tableId: number): Uint8Array {
  const key = new Uint8Array(6);
  key.set(tableKeyPrefix, 0);
  writeU32(key, 2, tableId);
  return key;
}

/** The prefix shared by every data key of (table, index). */
export function dataPrefix(tableId: number, indexId: number): Uint8Array {
  const key = new Uint8Array(DATA_KEY_PREFIX_BYTES);
  key[0] = DATA_SPACE_TAG;
  writeU32(key, 1, tableId);
  writeU32(key, 5, indexId);
  return key;
}

/** The first key after every data key of `tableId` (exclusive upper bound of its range). */
export function tableDataEnd(tableId: number): Uint8Array {
  const key = new Uint8Array(5);
  key[0] = DATA_SPACE_TAG;
  writeU32(key, 1, tableId + 1);
  return key;
}

/** The first data key of `tableId`. */
export function tableDataStart(tableId: number): Uint8Array {
  return dataPrefix(tableId, 0).subarray(0, 5);
}

/** The table id of a data key. */
export function tableIdOfDataKey(key: Uint8Array): number {
  assert(key.length >= DATA_KEY_PREFIX_BYTES && key[0] === DATA_SPACE_TAG, "a data key");
  return readU32(key, 1);
}

export function encodeU32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  writeU32(bytes, 0, value);
  return bytes;
}

export function decodeU32(bytes: Uint8Array, what: string): number {
  if (bytes.length !== 4) {
    throw new CorruptionError(`${what}: expected 4 bytes, got ${bytes.length}`);
  }
  return readU32(bytes, 0);
}

export function encodeHiddenRowId(rowId: bigint): Uint8Array {
  assert(rowId >= 0n && rowId < 1n << 64n, "hidden row id fits in u64");
  const bytes = new Uint8Array(HIDDEN_ROW_ID_BYTES);
  new DataView(bytes.buffer).setBigUint64(0, rowId, false);
  return bytes;
}

export function decodeHiddenRowId(bytes: Uint8Array): bigint {
  assert(bytes.length === HIDDEN_ROW_ID_BYTES, "hidden row id is 8 bytes");
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, false);
}

/** What the table record stores beside the schema. */
export interface TableRecord {
  readonly tableId: number;
  /** Data-key index id of each of schema.indexes, in the same order. */
  readonly indexIds: readonly number[];
  readonly schema: TableSchema;
}

export function encodeDatabaseRecord(schema: DatabaseSchema): Uint8Array {
  const { name, defaultCharset, defaultCollation } = schema;
  return encodeRecord({ name, defaultCharset, defaultCollation });
}

export function decodeDatabaseRecord(bytes: Uint8Array): DatabaseSchema {
  return decodeRecord(bytes, "database record") as DatabaseSchema;
}

export function encodeTableRecord(record: TableRecord): Uint8Array {
  assert(record.indexIds.length === record.schema.indexes.length, "an id per index");
  return encodeRecord(record);
}

export function decodeTableRecord(bytes: Uint8Array): TableRecord {
  const record = decodeRecord(bytes, "table record") as TableRecord;
  if (typeof record.tableId !== "number" || !Array.isArray(record.indexIds)) {
    throw new CorruptionError("table record: missing tableId or indexIds");
  }
  return record;
}

function encodeRecord(value: unknown): Uint8Array {
  const json = utf8Encoder.encode(JSON.stringify(value, replacer));
  const bytes = new Uint8Array(1 + json.length);
  bytes[0] = RECORD_FORMAT_VERSION;
  bytes.set(json, 1);
  return bytes;
}

function decodeRecord(bytes: Uint8Array, what: string): unknown {
  if (bytes.length < 1 || bytes[0] !== RECORD_FORMAT_VERSION) {
    throw new CorruptionError(`${what}: unknown record version ${bytes[0] ?? "(empty)"}`);
  }
  try {
    return JSON.parse(utf8Decoder.decode(bytes.subarray(1)), reviver);
  } catch (error) {
    throw new CorruptionError(`${what}: bad JSON (${(error as Error).message})`);
  }
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString("hex") };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const tagged = value as { readonly $bigint?: unknown; readonly $bytes?: unknown };
  if (typeof tagged.$bigint === "string") return BigInt(tagged.$bigint);
  if (typeof tagged.$bytes === "string") return new Uint8Array(Buffer.from(tagged.$bytes, "hex"));
  return value;
}

function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  assert(Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff, "u32 in range");
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

function readU32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) >>> 0) +
    (bytes[offset + 1]! << 16) +
    (bytes[offset + 2]! << 8) +
    bytes[offset + 3]!
  );
}

/** A key as a latin1 string (one char per byte): a Map key and a lock name. */
export function keyToLatin1(key: Uint8Array): string {
  let text = "";
  for (let i = 0; i < key.length; i++) text += String.fromCharCode(key[i]!);
  return text;
}
