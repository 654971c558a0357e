/**
 * Decodes binlog events (layouts in binlog-event-format.ts): one event at a time with its CRC
 * checked and its SHOW BINLOG EVENTS Info text, and a whole transaction's event group back into
 * the CommitRecord it was encoded from (event-encoder.ts), for recovery and replicas.
 *
 * Every structural problem is a CorruptionError naming the event's offset: bytes come from disk.
 * Only full row images (every column present) are accepted, as the encoder writes them.
 */

import { CorruptionError } from "../util/errors.ts";
import type { Row } from "../sql/types/value.ts";
import type { CommitRecord, LoggedTable, RowChange } from "../table/commit-pipeline.ts";
import {
  BINLOG_CHECKSUM_BYTES,
  BINLOG_EVENT_HEADER_BYTES,
  type EventHeader,
  EventType,
  ROWS_FLAG_STMT_END,
  SERVER_VERSION_BYTES,
  eventTypeName,
  readEventHeader,
  verifyEventChecksum,
} from "./binlog-event-format.ts";
import { EventReader } from "./event-reader.ts";
import { GtidSet, sidFromBytes } from "./gtid-set.ts";
import { type BinlogColumn, binlogColumnsOf } from "./row-image-types.ts";
import { readRowImage } from "./row-image.ts";

export interface DecodedEvent {
  readonly header: EventHeader;
  /** Offset of the event's first byte in the decoded bytes (the file offset for a file). */
  readonly position: number;
  /** SHOW BINLOG EVENTS Event_type, e.g. "Query". */
  readonly typeName: string;
  /** SHOW BINLOG EVENTS Info, e.g. "BEGIN". */
  readonly info: string;
  /** The post-header and body: the bytes between the common header and the CRC. */
  readonly body: Uint8Array;
}

/** Decodes the event at `offset`, checking its CRC; CorruptionError naming the offset. */
export function decodeEvent(bytes: Uint8Array, offset: number): DecodedEvent {
  const header = readEventHeader(bytes, offset);
  const end = offset + header.eventLength;
  if (end > bytes.length) {
    throw new CorruptionError(
      `binlog event at offset ${offset}: truncated (${header.eventLength} bytes, ` +
        `${bytes.length - offset} present)`,
    );
  }
  if (!verifyEventChecksum(bytes, offset, header)) {
    throw new CorruptionError(`binlog event at offset ${offset}: CRC32 checksum mismatch`);
  }
  const body = bytes.subarray(offset + BINLOG_EVENT_HEADER_BYTES, end - BINLOG_CHECKSUM_BYTES);
  return new LazyInfoEvent(header, offset, body);
}

/**
 * A DecodedEvent whose Info text is built on first use: recovery decodes every event but only
 * SHOW BINLOG EVENTS reads Info. A malformed body surfaces as a CorruptionError from `info`.
 */
class LazyInfoEvent implements DecodedEvent {
  #info: string | undefined;

  constructor(
    readonly header: EventHeader,
    readonly position: number,
    readonly body: Uint8Array,
  ) {}

  get typeName(): string {
    return eventTypeName(this.header.type);
  }

  get info(): string {
    this.#info ??= eventInfo(this.header, this.body, this.position);
    return this.#info;
  }
}

function readerOf(event: { readonly body: Uint8Array; readonly position: number }): EventReader {
  return new EventReader(event.body, 0, event.body.length, event.position);
}

const utf8 = new TextDecoder("utf-8");

function nulTerminated(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

interface GtidFields {
  readonly flags: number;
  readonly sid: string;
  readonly gno: bigint;
}

function parseGtid(reader: EventReader): GtidFields {
  const flags = reader.u8();
  const sid = sidFromBytes(reader.bytes(16));
  return { flags, sid, gno: reader.u64() };
}

interface QueryFields {
  readonly database: string;
  readonly statement: string;
}

function parseQuery(reader: EventReader): QueryFields {
  reader.skip(8); // thread id, exec time
  const dbLength = reader.u8();
  reader.skip(2); // error code
  const statusLength = reader.u16();
  reader.skip(statusLength);
  const database = reader.text(dbLength);
  if (reader.u8() !== 0) throw reader.corrupt("QUERY database name is not NUL-terminated");
  return { database, statement: reader.text(reader.remaining) };
}

interface TableMapFields {
  readonly tableId: number;
  readonly database: string;
  readonly table: string;
  readonly typeCodes: Uint8Array;
  readonly metadata: Uint8Array;
}

function parseTableMap(reader: EventReader): TableMapFields {
  const tableId = reader.uint(6);
  reader.skip(2); // flags
  const database = reader.text(reader.u8());
  reader.skip(1);
  const table = reader.text(reader.u8());
  reader.skip(1);
  const columnCount = reader.packed();
  const typeCodes = reader.bytes(columnCount);
  const metadata = reader.bytes(reader.packed());
  reader.skip((columnCount + 7) >> 3); // nullable bitmap
  return { tableId, database, table, typeCodes, metadata };
}

function eventInfo(header: EventHeader, body: Uint8Array, position: number): string {
  const reader = new EventReader(body, 0, body.length, position);
  switch (header.type) {
    case EventType.FORMAT_DESCRIPTION: {
      const binlogVersion = reader.u16();
      const version = nulTerminated(reader.bytes(SERVER_VERSION_BYTES));
      return `Server ver: ${version}, Binlog ver: ${binlogVersion}`;
    }
    case EventType.PREVIOUS_GTIDS:
      return GtidSet.decode(body).toString();
    case EventType.GTID: {
      const gtid = parseGtid(reader);
      return `SET @@SESSION.GTID_NEXT= '${gtid.sid}:${gtid.gno}'`;
    }
    case EventType.QUERY: {
      const query = parseQuery(reader);
      return query.database === "" ? query.statement
        : `use \`${query.database}\`; ${query.statement}`;
    }
    case EventType.TABLE_MAP: {
      const map = parseTableMap(reader);
      return `table_id: ${map.tableId} (${map.database}.${map.table})`;
    }
    case EventType.WRITE_ROWS_V2:
    case EventType.UPDATE_ROWS_V2:
    case EventType.DELETE_ROWS_V2: {
      const tableId = reader.uint(6);
      const flags = reader.u16();
      const end = (flags & ROWS_FLAG_STMT_END) !== 0 ? " flags: STMT_END_F" : "";
      return `table_id: ${tableId}${end}`;
    }
    case EventType.XID:
      return `COMMIT /* xid=${reader.u64()} */`;
    case EventType.ROTATE: {
      const next = reader.u64();
      return `${reader.text(reader.remaining)};pos=${next}`;
    }
    default:
      return "";
  }
}

/** A TABLE_MAP resolved to our table, with its columns checked against the schema. */
interface MappedTable {
  readonly tableId: number;
  readonly table: LoggedTable;
  readonly columns: readonly BinlogColumn[];
}

function resolveTableMap(
  event: DecodedEvent,
  lookupTable: (tableId: number) => LoggedTable | undefined,
): MappedTable {
  const reader = readerOf(event);
  const map = parseTableMap(reader);
  const table = lookupTable(map.tableId);
  if (table === undefined) throw reader.corrupt(`TABLE_MAP names unknown table id ${map.tableId}`);
  const columns = binlogColumnsOf(table.schema);
  const expectedMetadata = columns.flatMap((column) => [...column.metadata]);
  const matches = columns.length === map.typeCodes.length &&
    columns.every((column, i) => column.typeCode === map.typeCodes[i]) &&
    expectedMetadata.length === map.metadata.length &&
    expectedMetadata.every((byte, i) => byte === map.metadata[i]);
  if (!matches) {
    throw reader.corrupt(
      `TABLE_MAP of ${map.database}.${map.table} (id ${map.tableId}) does not match the ` +
        `schema of ${table.schema.database}.${table.schema.name}`,
    );
  }
  return { tableId: map.tableId, table, columns };
}

const ROW_KINDS: ReadonlyMap<number, RowChange["kind"]> = new Map([
  [EventType.WRITE_ROWS_V2, "insert"],
  [EventType.UPDATE_ROWS_V2, "update"],
  [EventType.DELETE_ROWS_V2, "delete"],
]);

function readPresentBitmap(reader: EventReader, width: number): void {
  const bitmap = reader.bytes((width + 7) >> 3);
  for (let i = 0; i < width; i++) {
    if ((bitmap[i >> 3]! & (1 << (i & 7))) === 0) {
      throw reader.corrupt("rows event without a full row image");
    }
  }
}

function decodeRowsEvent(
  event: DecodedEvent,
  tables: ReadonlyMap<number, MappedTable>,
  changes: RowChange[],
): void {
  const kind = ROW_KINDS.get(event.header.type)!;
  const reader = readerOf(event);
  const tableId = reader.uint(6);
  const mapped = tables.get(tableId);
  if (mapped === undefined) throw reader.corrupt(`rows event for unmapped table id ${tableId}`);
  reader.skip(2); // flags
  const extraLength = reader.u16();
  if (extraLength < 2) throw reader.corrupt(`bad extra-data length ${extraLength}`);
  reader.skip(extraLength - 2);
  const width = reader.packed();
  if (width !== mapped.columns.length) throw reader.corrupt(`row width ${width} mismatch`);
  readPresentBitmap(reader, width);
  if (kind === "update") readPresentBitmap(reader, width);
  const table = mapped.table;
  while (reader.remaining > 0) {
    const first: Row = readRowImage(reader, mapped.columns);
    if (kind === "insert") changes.push({ kind, table, after: first });
    else if (kind === "delete") changes.push({ kind, table, before: first });
    else changes.push({ kind, table, before: first, after: readRowImage(reader, mapped.columns) });
  }
}

export interface DecodedTransaction {
  readonly record: CommitRecord;
  readonly gtid: { readonly sid: string; readonly gno: bigint };
}

/**
 * Rebuilds the CommitRecord of one event group: GTID, then either QUERY(DDL) alone, or QUERY
 * "BEGIN", TABLE_MAPs, rows events and XID. `lookupTable` maps TABLE_MAP table ids (our stable
 * table ids) to the table's schema, which must match the TABLE_MAP's column types.
 */
export function decodeTransaction(
  events: readonly DecodedEvent[],
  lookupTable: (tableId: number) => LoggedTable | undefined,
): DecodedTransaction {
  const [gtidEvent, queryEvent] = events;
  const fail = (event: DecodedEvent | undefined, why: string): CorruptionError =>
    new CorruptionError(`binlog transaction at offset ${event?.position ?? "?"}: ${why}`);
  if (gtidEvent?.header.type !== EventType.GTID) throw fail(gtidEvent, "does not start with GTID");
  const gtidFields = parseGtid(readerOf(gtidEvent));
  const gtid = { sid: gtidFields.sid, gno: gtidFields.gno };
  if (queryEvent?.header.type !== EventType.QUERY) throw fail(queryEvent, "GTID without QUERY");
  const query = parseQuery(readerOf(queryEvent));
  if (query.statement !== "BEGIN") {
    if (events.length !== 2) throw fail(events[2], "events after a DDL statement");
    return { record: { kind: "ddl", database: query.database, statement: query.statement }, gtid };
  }
  const tables = new Map<number, MappedTable>();
  const changes: RowChange[] = [];
  for (let i = 2; i < events.length; i++) {
    const event = events[i]!;
    const type = event.header.type;
    if (type === EventType.TABLE_MAP) {
      const mapped = resolveTableMap(event, lookupTable);
      tables.set(mapped.tableId, mapped);
    } else if (ROW_KINDS.has(type)) {
      decodeRowsEvent(event, tables, changes);
    } else if (type === EventType.XID) {
      if (i !== events.length - 1) throw fail(events[i + 1], "events after XID");
      if (changes.length === 0) throw fail(event, "transaction without row changes");
      return { record: { kind: "rows", changes }, gtid };
    } else {
      throw fail(event, `unexpected ${event.typeName} event in a transaction`);
    }
  }
  throw fail(events[events.length - 1], "transaction without XID");
}
