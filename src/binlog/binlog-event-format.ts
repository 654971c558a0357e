/**
 * The byte layout of MySQL binlog v4 events as MySQL 8.0 writes them with binlog_checksum=CRC32
 * (libbinlogevents: binlog_event.h, control_events.h, statement_events.h, rows_event.h). All
 * integers are little-endian unless marked BE. "packed" is MySQL's length-encoded integer:
 * < 251 one byte; 252 + u16; 253 + u24; 254 + u64.
 *
 * File: BINLOG_MAGIC (fe 62 69 6e), then events back to back, the first at offset 4.
 *
 * Common header (BINLOG_EVENT_HEADER_BYTES = 19), then the post-header, the body, and a CRC:
 *   [0, 4)    timestamp, u32 seconds since the epoch
 *   [4, 5)    type code (EventType)
 *   [5, 9)    server_id, u32
 *   [9, 13)   event_length, u32: header + post-header + body + 4 CRC bytes
 *   [13, 17)  next_position, u32: absolute file offset just after this event
 *   [17, 19)  flags, u16 (BINLOG_IN_USE_FLAG on an open file's FORMAT_DESCRIPTION)
 *   last 4    CRC-32 (zlib, util/crc32.ts) of every preceding byte of the event; for a
 *             FORMAT_DESCRIPTION event it is computed with BINLOG_IN_USE_FLAG cleared, so the
 *             flag can be cleared in place when the file is closed.
 *
 * FORMAT_DESCRIPTION (15): u16 binlog version 4 ‖ server version, 50 bytes NUL padded ‖ u32
 *   create timestamp (0: MySQL sets it only in the first file after start-up) ‖ u8 common
 *   header length 19 ‖ one u8 post-header length per event type
 *   1..POST_HEADER_LENGTHS.length ‖ u8 checksum algorithm (1 = CRC32).
 * PREVIOUS_GTIDS (35): the GtidSet encoding (gtid-set.ts): u64 sid count, per sid: 16 bytes
 *   uuid ‖ u64 interval count ‖ per interval u64 start ‖ u64 end (exclusive).
 * GTID (33): u8 flags (1 = may contain statement-based changes; set for DDL) ‖ 16 bytes sid ‖
 *   u64 gno ‖ u8 logical timestamp type 2 ‖ u64 last_committed ‖ u64 sequence_number. The
 *   optional 8.0 trailer (commit timestamps, transaction length, server versions) is not
 *   written; readers treat it as absent, as for a 5.7 server.
 * QUERY (2): u32 thread id ‖ u32 exec time ‖ u8 db name length ‖ u16 error code ‖ u16 status
 *   vars length ‖ status vars ‖ db name ‖ NUL ‖ SQL text (to the CRC, no terminator). Status
 *   vars written: Q_FLAGS2 (0) u32; Q_SQL_MODE (1) u64; Q_CATALOG_NZ (6) u8 length ‖ "std";
 *   Q_CHARSET (4) u16 character_set_client ‖ u16 collation_connection ‖ u16 collation_server.
 * TABLE_MAP (19): u48 table id ‖ u16 flags (1 = TM_BIT_LEN_EXACT_F) ‖ u8 db length ‖ db ‖ NUL ‖
 *   u8 table length ‖ table ‖ NUL ‖ packed column count ‖ one type byte per column ‖ packed
 *   metadata length ‖ metadata (row-image-types.ts, per type) ‖ nullable bitmap (bit i = column
 *   i is nullable, LSB first) ‖ optional metadata to the CRC (event-table-map-metadata.ts:
 *   signedness and character sets, as binlog_row_metadata=MINIMAL).
 * WRITE/UPDATE/DELETE_ROWS_V2 (30/31/32): u48 table id ‖ u16 flags (1 = STMT_END_F on the last
 *   rows event of a statement) ‖ u16 extra-data length 2 (it counts itself; no extra data) ‖
 *   packed column count ‖ columns-present bitmap (all set: binlog_row_image=FULL) ‖ for UPDATE
 *   a second bitmap for the after image ‖ rows: per image a null bitmap over the present
 *   columns, then each non-NULL value in MySQL's binary form (row-image.ts). UPDATE rows are a
 *   before image followed by an after image.
 * XID (16): u64 xid.
 * ROTATE (4): u64 position in the next file (4) ‖ next file name (no terminator).
 */

import { assert } from "../util/assert.ts";
import { CorruptionError } from "../util/errors.ts";
import { crc32 } from "../util/crc32.ts";

/** Version of this module's event layout; MySQL's binlog format version is 4 either way. */
export const BINLOG_EVENT_FORMAT_VERSION = 1;
/** MySQL's binlog format version, written in FORMAT_DESCRIPTION. */
export const BINLOG_VERSION = 4;
/** The first four bytes of every binlog file. */
export const BINLOG_MAGIC: Uint8Array = new Uint8Array([0xfe, 0x62, 0x69, 0x6e]);
export const BINLOG_EVENT_HEADER_BYTES = 19;
export const BINLOG_CHECKSUM_BYTES = 4;
/** FORMAT_DESCRIPTION's checksum algorithm byte for CRC32. */
export const BINLOG_CHECKSUM_ALG_CRC32 = 1;
/** Header flag LOG_EVENT_BINLOG_IN_USE_F: set in FORMAT_DESCRIPTION while the file is open. */
export const BINLOG_IN_USE_FLAG = 0x1;
/** Offset of the u16 flags field within an event. */
export const EVENT_FLAGS_OFFSET = 17;
/** Width of the server version field of FORMAT_DESCRIPTION. */
export const SERVER_VERSION_BYTES = 50;

/** MySQL event type codes (binlog_event.h Log_event_type). */
export const EventType = {
  QUERY: 2,
  STOP: 3,
  ROTATE: 4,
  FORMAT_DESCRIPTION: 15,
  XID: 16,
  TABLE_MAP: 19,
  WRITE_ROWS_V2: 30,
  UPDATE_ROWS_V2: 31,
  DELETE_ROWS_V2: 32,
  GTID: 33,
  ANONYMOUS_GTID: 34,
  PREVIOUS_GTIDS: 35,
} as const;

/** Names as the Event_type column of SHOW BINLOG EVENTS prints them. */
const EVENT_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "Start_v3"],
  [2, "Query"],
  [3, "Stop"],
  [4, "Rotate"],
  [5, "Intvar"],
  [13, "RAND"],
  [14, "User var"],
  [15, "Format_desc"],
  [16, "Xid"],
  [19, "Table_map"],
  [23, "Write_rows_v1"],
  [24, "Update_rows_v1"],
  [25, "Delete_rows_v1"],
  [26, "Incident"],
  [27, "Heartbeat"],
  [28, "Ignorable"],
  [29, "Rows_query"],
  [30, "Write_rows"],
  [31, "Update_rows"],
  [32, "Delete_rows"],
  [33, "Gtid"],
  [34, "Anonymous_Gtid"],
  [35, "Previous_gtids"],
  [36, "Transaction_context"],
  [37, "View_change"],
  [38, "XA_prepare"],
  [39, "Update_rows_partial"],
  [40, "Transaction_payload"],
  [41, "Heartbeat_v2"],
]);

export function eventTypeName(type: number): string {
  return EVENT_TYPE_NAMES.get(type) ?? "Unknown";
}

/**
 * Post-header lengths of event types 1..41, exactly as MySQL 8.0.26+ writes them in
 * FORMAT_DESCRIPTION (Format_description_event's server_event_header_length): START_V3 (1) is
 * 0 since that event was removed, and entry 40 (TRANSACTION_PAYLOAD) is 40 in MySQL too.
 */
export const POST_HEADER_LENGTHS: readonly number[] = [
  0, 13, 0, 8, 0, 0, 0, 0, 4, 0, // 1..10
  4, 0, 0, 0, 98, 0, 4, 26, 8, 0, // 11..20
  0, 0, 8, 8, 8, 2, 0, 0, 0, 10, // 21..30
  10, 10, 42, 42, 0, 18, 52, 0, 10, 40, // 31..40
  0, // 41
];

/** Post-header lengths of the events this module writes. */
export const QUERY_POST_HEADER_BYTES = 13;
export const ROTATE_POST_HEADER_BYTES = 8;
export const TABLE_MAP_POST_HEADER_BYTES = 8;
export const ROWS_POST_HEADER_BYTES = 10;
export const GTID_POST_HEADER_BYTES = 42;
/** FORMAT_DESCRIPTION body before the checksum-algorithm byte: 2 + 50 + 4 + 1 + 41. */
export const FORMAT_DESCRIPTION_POST_HEADER_BYTES = 57 + POST_HEADER_LENGTHS.length;

/** Rows event flag STMT_END_F: the last rows event of a statement. */
export const ROWS_FLAG_STMT_END = 0x1;
/** TABLE_MAP flag TM_BIT_LEN_EXACT_F. */
export const TABLE_MAP_FLAG_BIT_LEN_EXACT = 0x1;
/** GTID flag: the transaction may contain statement-based changes (here: it is a DDL). */
export const GTID_FLAG_MAY_HAVE_SBR = 0x1;
/** GTID logical timestamp type code (LOGICAL_TIMESTAMP_TYPECODE). */
export const GTID_LOGICAL_TIMESTAMP_TYPE = 2;

/** QUERY status variable codes (statement_events.h). */
export const QueryStatusCode = {
  FLAGS2: 0,
  SQL_MODE: 1,
  CATALOG: 2,
  AUTO_INCREMENT: 3,
  CHARSET: 4,
  TIME_ZONE: 5,
  CATALOG_NZ: 6,
  LC_TIME_NAMES: 7,
  CHARSET_DATABASE: 8,
  TABLE_MAP_FOR_UPDATE: 9,
  MASTER_DATA_WRITTEN: 10,
  INVOKER: 11,
  UPDATED_DB_NAMES: 12,
  MICROSECONDS: 13,
} as const;

/**
 * sql_mode bits written in Q_SQL_MODE: MySQL 8.0's default (ONLY_FULL_GROUP_BY,
 * STRICT_TRANS_TABLES, NO_ZERO_IN_DATE, NO_ZERO_DATE, ERROR_FOR_DIVISION_BY_ZERO,
 * NO_ENGINE_SUBSTITUTION) = 1168113696, the value mysqlbinlog prints for a stock server.
 */
export const DEFAULT_SQL_MODE_BITS: bigint =
  (1n << 5n) | (1n << 21n) | (1n << 23n) | (1n << 24n) | (1n << 26n) | (1n << 30n);
/** utf8mb4_0900_ai_ci, written as client, connection and server collation in Q_CHARSET. */
export const DEFAULT_COLLATION_ID = 255;

export interface EventHeader {
  readonly timestamp: number;
  readonly type: number;
  readonly serverId: number;
  readonly eventLength: number;
  readonly nextPosition: number;
  readonly flags: number;
}

function u32At(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) +
    bytes[offset + 3]! * 0x1000000
  );
}

/**
 * Reads the 19-byte common header at `offset`. It checks only that the header fits and that the
 * event length is at least a header plus a checksum; it does not check the CRC.
 */
export function readEventHeader(bytes: Uint8Array, offset: number): EventHeader {
  if (offset < 0 || offset + BINLOG_EVENT_HEADER_BYTES > bytes.length) {
    throw new CorruptionError(`binlog event at offset ${offset}: truncated header`);
  }
  const header: EventHeader = {
    timestamp: u32At(bytes, offset),
    type: bytes[offset + 4]!,
    serverId: u32At(bytes, offset + 5),
    eventLength: u32At(bytes, offset + 9),
    nextPosition: u32At(bytes, offset + 13),
    flags: bytes[offset + 17]! | (bytes[offset + 18]! << 8),
  };
  if (header.eventLength < BINLOG_EVENT_HEADER_BYTES + BINLOG_CHECKSUM_BYTES) {
    throw new CorruptionError(
      `binlog event at offset ${offset}: event length ${header.eventLength} is too small`,
    );
  }
  return header;
}

/**
 * The CRC-32 an event must carry: over its bytes before the checksum, with BINLOG_IN_USE_FLAG
 * treated as clear for FORMAT_DESCRIPTION. `event` is exactly the event, checksum included.
 */
export function computeEventChecksum(event: Uint8Array): number {
  const body = event.subarray(0, event.length - BINLOG_CHECKSUM_BYTES);
  const type = event[4];
  const flagsLow = event[17]!;
  if (type !== EventType.FORMAT_DESCRIPTION || (flagsLow & BINLOG_IN_USE_FLAG) === 0) {
    return crc32(body);
  }
  const head = body.slice(0, BINLOG_EVENT_HEADER_BYTES);
  head[17] = flagsLow & ~BINLOG_IN_USE_FLAG;
  return crc32(body.subarray(BINLOG_EVENT_HEADER_BYTES), crc32(head));
}

/** True when the event at `offset` (described by `header`) is whole and its CRC matches. */
export function verifyEventChecksum(
  bytes: Uint8Array,
  offset: number,
  header: EventHeader,
): boolean {
  const end = offset + header.eventLength;
  if (end > bytes.length) return false;
  const event = bytes.subarray(offset, end);
  return computeEventChecksum(event) === u32At(bytes, end - BINLOG_CHECKSUM_BYTES);
}

assert(
  POST_HEADER_LENGTHS[EventType.FORMAT_DESCRIPTION - 1] === FORMAT_DESCRIPTION_POST_HEADER_BYTES,
  "FORMAT_DESCRIPTION's own post-header length",
);
assert(POST_HEADER_LENGTHS[EventType.GTID - 1] === GTID_POST_HEADER_BYTES, "GTID post-header");
assert(POST_HEADER_LENGTHS[EventType.QUERY - 1] === QUERY_POST_HEADER_BYTES, "QUERY post-header");
