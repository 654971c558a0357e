/**
 * Encodes binlog events (layouts in binlog-event-format.ts): the file preamble events
 * (FORMAT_DESCRIPTION, PREVIOUS_GTIDS), ROTATE, and one transaction's whole event group.
 *
 * A rows transaction is: GTID, QUERY "BEGIN", one TABLE_MAP per table it touches (in order of
 * first use), rows events, XID. Consecutive changes of the same kind to the same table share a
 * rows event until its body reaches binlogRowEventBytesMax; the whole transaction counts as one
 * statement, so STMT_END_F is set on its last rows event only. A DDL transaction is GTID and
 * one QUERY holding the statement (no BEGIN, no XID), as MySQL logs DDL.
 *
 * Every event carries next_position = its absolute end offset in the file, so the caller passes
 * the offset at which the bytes will be written. Pure functions: no I/O, no clock.
 */

import { assert, assertNever } from "../util/assert.ts";
import { binlogRowEventBytesMax } from "../constants.ts";
import type { TableSchema } from "../sql/catalog/schema.ts";
import type { CommitRecord, LoggedTable, RowChange } from "../table/commit-pipeline.ts";
import {
  BINLOG_CHECKSUM_ALG_CRC32,
  BINLOG_EVENT_HEADER_BYTES,
  BINLOG_IN_USE_FLAG,
  BINLOG_MAGIC,
  BINLOG_VERSION,
  DEFAULT_COLLATION_ID,
  DEFAULT_SQL_MODE_BITS,
  EventType,
  GTID_FLAG_MAY_HAVE_SBR,
  GTID_LOGICAL_TIMESTAMP_TYPE,
  POST_HEADER_LENGTHS,
  QueryStatusCode,
  ROWS_FLAG_STMT_END,
  SERVER_VERSION_BYTES,
  TABLE_MAP_FLAG_BIT_LEN_EXACT,
} from "./binlog-event-format.ts";
import { EventWriter } from "./event-writer.ts";
import { sidToBytes, type GtidSet } from "./gtid-set.ts";
import { type BinlogColumn, binlogColumnsOf } from "./row-image-types.ts";
import { tableMapOptionalMetadata } from "./event-table-map-metadata.ts";
import { writeRowImage } from "./row-image.ts";

const utf8 = new TextEncoder();
const CATALOG = utf8.encode("std");
const BEGIN = utf8.encode("BEGIN");
const NO_BYTES = new Uint8Array(0);
/** Table ids are 6 bytes in TABLE_MAP and rows events. */
const TABLE_ID_LIMIT = 2 ** 48;
/** Name lengths are one byte in QUERY (db) and TABLE_MAP (db, table). */
const NAME_BYTES_MAX = 255;

/** What one transaction's events need besides the record. */
export interface TransactionContext {
  readonly serverId: number;
  readonly timestampSeconds: number;
  /** server_uuid, the GTID's sid. */
  readonly sid: string;
  readonly gno: bigint;
  /** Absolute file offset at which the group's first byte will be written. */
  readonly startPosition: number;
  /** XID event value; defaults to `gno` (unique per server, as an xid must be). */
  readonly xid?: bigint;
  /** GTID logical clock (binlog_transaction_dependency_tracking); default 0 and 1. */
  readonly lastCommitted?: bigint;
  readonly sequenceNumber?: bigint;
}

/**
 * FORMAT_DESCRIPTION for the start of a file (it goes at offset 4, after BINLOG_MAGIC). With
 * `inUse`, the header carries BINLOG_IN_USE_FLAG as MySQL writes it while the file is open;
 * clearing that byte (file offset 4 + EVENT_FLAGS_OFFSET) on close keeps the CRC valid.
 */
export function encodeFormatDescription(
  serverVersion: string,
  serverId: number,
  timestampSeconds: number,
  options?: { readonly inUse?: boolean },
): Uint8Array {
  const version = utf8.encode(serverVersion);
  assert(version.length < SERVER_VERSION_BYTES, "server version fits 50 bytes with its NUL");
  const writer = new EventWriter(BINLOG_MAGIC.length);
  const flags = options?.inUse === true ? BINLOG_IN_USE_FLAG : 0;
  writer.begin({ type: EventType.FORMAT_DESCRIPTION, timestampSeconds, serverId, flags });
  writer.u16(BINLOG_VERSION);
  writer.bytes(version);
  writer.reserve(SERVER_VERSION_BYTES - version.length);
  writer.u32(0); // create timestamp: see binlog-event-format.ts
  writer.u8(BINLOG_EVENT_HEADER_BYTES);
  for (const length of POST_HEADER_LENGTHS) writer.u8(length);
  writer.u8(BINLOG_CHECKSUM_ALG_CRC32);
  writer.end();
  return writer.toBytes();
}

/** PREVIOUS_GTIDS at file offset `position` (right after FORMAT_DESCRIPTION). */
export function encodePreviousGtids(
  set: GtidSet,
  serverId: number,
  position: number,
  timestampSeconds: number,
): Uint8Array {
  const writer = new EventWriter(position);
  writer.begin({ type: EventType.PREVIOUS_GTIDS, timestampSeconds, serverId });
  writer.bytes(set.encode());
  writer.end();
  return writer.toBytes();
}

/** ROTATE at file offset `position`, naming the next file (which continues at offset 4). */
export function encodeRotate(
  nextFile: string,
  serverId: number,
  position: number,
  timestampSeconds: number,
): Uint8Array {
  const writer = new EventWriter(position);
  writer.begin({ type: EventType.ROTATE, timestampSeconds, serverId });
  writer.u64(BigInt(BINLOG_MAGIC.length));
  writer.bytes(utf8.encode(nextFile));
  writer.end();
  return writer.toBytes();
}

/**
 * The whole event group of one committed transaction; see the file header. Throws SqlError
 * (1406 data too long, 1366 incorrect string value) for a value its column's binlog form
 * cannot hold; the caller has then logged nothing and must fail the commit.
 */
export function encodeTransaction(record: CommitRecord, context: TransactionContext): Uint8Array {
  const writer = new EventWriter(context.startPosition);
  writeTransaction(writer, record, context);
  return writer.toBytes();
}

/**
 * `encodeTransaction` appended to `writer`, whose position must be context.startPosition (so a
 * group encodes into one buffer). On a thrown error the writer holds a partial group: the
 * caller truncates it to the length it had before.
 */
export function writeTransaction(
  writer: EventWriter,
  record: CommitRecord,
  context: TransactionContext,
): void {
  assert(writer.position === context.startPosition, "writer at the transaction's position");
  const kind = record.kind;
  switch (kind) {
    case "rows":
      assert(record.changes.length > 0, "a rows transaction changes at least one row");
      writeGtid(writer, context, 0);
      writeQuery(writer, context, "", BEGIN);
      writeRowChanges(writer, context, record.changes);
      writer.beginEvent(EventType.XID, context.timestampSeconds, context.serverId);
      writer.u64(context.xid ?? context.gno);
      writer.end();
      break;
    case "ddl":
      writeGtid(writer, context, GTID_FLAG_MAY_HAVE_SBR);
      writeQuery(writer, context, record.database, utf8.encode(record.statement));
      break;
    default:
      assertNever(kind, "commit record");
  }
}

function writeGtid(writer: EventWriter, context: TransactionContext, flags: number): void {
  const lastCommitted = context.lastCommitted ?? 0n;
  const sequenceNumber = context.sequenceNumber ?? lastCommitted + 1n;
  assert(context.gno >= 1n, "gno >= 1");
  assert(sequenceNumber > lastCommitted, "sequence_number > last_committed");
  writer.beginEvent(EventType.GTID, context.timestampSeconds, context.serverId);
  writer.u8(flags);
  writer.bytes(sidToBytes(context.sid));
  writer.u64(context.gno);
  writer.u8(GTID_LOGICAL_TIMESTAMP_TYPE);
  writer.u64(lastCommitted);
  writer.u64(sequenceNumber);
  writer.end();
}

function writeQuery(
  writer: EventWriter,
  context: TransactionContext,
  database: string,
  statement: Uint8Array,
): void {
  // Every rows transaction's BEGIN has no database: skip the encoder for it.
  const db = database === "" ? NO_BYTES : utf8.encode(database);
  assert(db.length <= NAME_BYTES_MAX, "database name fits one length byte");
  const statusBytes = 5 + 9 + 2 + CATALOG.length + 7;
  writer.beginEvent(EventType.QUERY, context.timestampSeconds, context.serverId);
  writer.u32(0); // thread id: the log does not record sessions.
  writer.u32(0); // exec time, seconds
  writer.u8(db.length);
  writer.u16(0); // error code
  writer.u16(statusBytes);
  const start = writer.position;
  writer.u8(QueryStatusCode.FLAGS2);
  writer.u32(0);
  writer.u8(QueryStatusCode.SQL_MODE);
  writer.u64(DEFAULT_SQL_MODE_BITS);
  writer.u8(QueryStatusCode.CATALOG_NZ);
  writer.u8(CATALOG.length);
  writer.bytes(CATALOG);
  writer.u8(QueryStatusCode.CHARSET);
  for (let i = 0; i < 3; i++) writer.u16(DEFAULT_COLLATION_ID);
  assert(writer.position - start === statusBytes, "status vars length");
  writer.bytes(db);
  writer.u8(0);
  writer.bytes(statement);
  writer.end();
}

function writeRowChanges(
  writer: EventWriter,
  context: TransactionContext,
  changes: readonly RowChange[],
): void {
  // Runs of changes to one table are the rule: compare with the previous table first.
  const mapped = new Set<number>();
  let previous = -1;
  for (const change of changes) {
    const tableId = change.table.tableId;
    if (tableId === previous) continue;
    previous = tableId;
    if (mapped.has(tableId)) continue;
    mapped.add(tableId);
    writeTableMap(writer, context, change.table, binlogColumnsOf(change.table.schema));
  }
  let index = 0;
  while (index < changes.length) {
    index = writeRowsEvent(writer, context, changes, index);
  }
}

/**
 * TABLE_MAP bodies (everything between header and checksum), per schema object and table id:
 * schemas are immutable, so a cached body is current for as long as its schema is in use.
 */
const tableMapBodies = new WeakMap<TableSchema, { tableId: number; body: Uint8Array }>();

function writeTableMap(
  writer: EventWriter,
  context: TransactionContext,
  table: LoggedTable,
  columns: readonly BinlogColumn[],
): void {
  let cached = tableMapBodies.get(table.schema);
  if (cached === undefined || cached.tableId !== table.tableId) {
    cached = { tableId: table.tableId, body: tableMapBody(table, columns) };
    tableMapBodies.set(table.schema, cached);
  }
  writer.beginEvent(EventType.TABLE_MAP, context.timestampSeconds, context.serverId);
  writer.bytes(cached.body);
  writer.end();
}

function tableMapBody(table: LoggedTable, columns: readonly BinlogColumn[]): Uint8Array {
  const writer = new EventWriter(0);
  const db = utf8.encode(table.schema.database);
  const name = utf8.encode(table.schema.name);
  assert(db.length <= NAME_BYTES_MAX && name.length <= NAME_BYTES_MAX, "names fit a length byte");
  assert(table.tableId >= 0 && table.tableId < TABLE_ID_LIMIT, "table id fits 6 bytes");
  writer.uint(table.tableId, 6);
  writer.u16(TABLE_MAP_FLAG_BIT_LEN_EXACT);
  writer.u8(db.length);
  writer.bytes(db);
  writer.u8(0);
  writer.u8(name.length);
  writer.bytes(name);
  writer.u8(0);
  writer.packed(columns.length);
  for (const column of columns) writer.u8(column.typeCode);
  let metadataBytes = 0;
  for (const column of columns) metadataBytes += column.metadata.length;
  writer.packed(metadataBytes);
  for (const column of columns) for (const byte of column.metadata) writer.u8(byte);
  const nullable = writer.reserve((columns.length + 7) >> 3);
  table.schema.columns.forEach((column, i) => {
    if (column.nullable) writer.buffer[nullable + (i >> 3)]! |= 1 << (i & 7);
  });
  writer.bytes(tableMapOptionalMetadata(table.schema));
  return writer.toBytes();
}

const ROWS_EVENT_TYPES = {
  insert: EventType.WRITE_ROWS_V2,
  update: EventType.UPDATE_ROWS_V2,
  delete: EventType.DELETE_ROWS_V2,
} as const;

/**
 * Writes one rows event holding changes[first..] of the same table and kind, until the body
 * reaches binlogRowEventBytesMax; returns the index of the first change not written.
 */
function writeRowsEvent(
  writer: EventWriter,
  context: TransactionContext,
  changes: readonly RowChange[],
  first: number,
): number {
  const head = changes[first]!;
  const columns = binlogColumnsOf(head.table.schema);
  const width = columns.length;
  const flagsAt = writer.position;
  writer.beginEvent(ROWS_EVENT_TYPES[head.kind], context.timestampSeconds, context.serverId);
  writer.uint(head.table.tableId, 6);
  const flagsOffset = writer.reserve(2);
  writer.u16(2); // extra-data length, counting itself: no extra data
  writer.packed(width);
  const bitmaps = head.kind === "update" ? 2 : 1;
  // Every column is present; MySQL sets the bitmap's padding bits too (bitmap_set_all).
  for (let b = 0; b < bitmaps; b++) {
    const bitmap = writer.reserve((width + 7) >> 3);
    writer.buffer.fill(0xff, bitmap, bitmap + ((width + 7) >> 3));
  }
  let index = first;
  while (index < changes.length) {
    const change = changes[index]!;
    if (change.kind !== head.kind || change.table.tableId !== head.table.tableId) break;
    if (index > first && writer.position - flagsAt >= binlogRowEventBytesMax) break;
    writeChangeImages(writer, change, columns);
    index++;
  }
  if (index === changes.length) {
    writer.buffer[flagsOffset] = ROWS_FLAG_STMT_END;
  }
  writer.end();
  return index;
}

function writeChangeImages(
  writer: EventWriter,
  change: RowChange,
  columns: readonly BinlogColumn[],
): void {
  const kind = change.kind;
  switch (kind) {
    case "insert":
      return writeRowImage(writer, columns, change.after);
    case "update":
      writeRowImage(writer, columns, change.before);
      return writeRowImage(writer, columns, change.after);
    case "delete":
      return writeRowImage(writer, columns, change.before);
    default:
      return assertNever(kind, "row change");
  }
}
