/**
 * scanBinlogFile: splits the bytes of one binlog file into its header, its complete event
 * groups and its tail, checking every event's CRC. Pure: no I/O, so recovery's decisions can be
 * tested on byte strings.
 *
 * A group is GTID, QUERY "BEGIN", (TABLE_MAP | *_ROWS)…, XID (or QUERY "COMMIT"), or GTID and
 * one QUERY with a DDL statement. A ROTATE may follow the last group and must end the file.
 *
 * Torn tail versus corruption, for the newest file only (older files were closed with a synced
 * ROTATE, so any damage in them is corruption):
 * - An event cut short by the end of the file, an event whose CRC fails and which reaches the end
 *   of the file, and a group whose last events are missing are a torn tail: a crash cut an
 *   append that was never acknowledged. The tail is everything after the last whole group.
 * - An event whose CRC fails but which is followed by an event that verifies is corruption in
 *   the middle of the log: CorruptionError naming the file and offset, never skipped.
 * - An event that verifies but breaks the group grammar, or whose next_position is not where it
 *   ends, is corruption wherever it is.
 * Limitation: a failing event followed by bytes that do not verify either is treated as torn,
 * because unsynced appends can reach the disk out of order; the bytes are cut, not replayed.
 */

import {
  BINLOG_EVENT_HEADER_BYTES,
  BINLOG_MAGIC,
  EventType,
  readEventHeader,
  verifyEventChecksum,
} from "./binlog-event-format.ts";
import type { DecodedEvent } from "./event-decoder.ts";
import { decodeEvent } from "./event-decoder.ts";
import { GtidSet } from "./gtid-set.ts";
import { bytesEqual } from "../util/bytes.ts";
import { CorruptionError } from "../util/errors.ts";

/** One complete event group: `start` is its GTID event's offset, `end` the offset after it. */
export interface ScannedGroup {
  readonly start: number;
  readonly end: number;
  readonly events: readonly DecodedEvent[];
}

export interface ScannedBinlogFile {
  /** The PREVIOUS_GTIDS set: every GTID logged in earlier files. */
  readonly previousGtids: GtidSet;
  /** Offset right after PREVIOUS_GTIDS, where the first group starts. */
  readonly headerEnd: number;
  readonly groups: readonly ScannedGroup[];
  /** Offset after the last whole group (or the header), or after the ROTATE when rotated. */
  readonly validEnd: number;
  /** Bytes after `validEnd`: a torn tail (always 0 for a file that is not the newest). */
  readonly tornBytes: number;
  /** True when the file ends with a ROTATE. */
  readonly rotated: boolean;
}

type EventProbe =
  | { readonly kind: "event"; readonly event: DecodedEvent }
  | { readonly kind: "torn" }
  | { readonly kind: "bad"; readonly end: number };

/** Looks at the event at `offset`: whole and verified, cut by end of file, or failing its CRC. */
function probeEvent(bytes: Uint8Array, offset: number, path: string): EventProbe {
  if (offset + BINLOG_EVENT_HEADER_BYTES > bytes.length) return { kind: "torn" };
  let length: number;
  try {
    const header = readEventHeader(bytes, offset);
    length = header.eventLength;
    if (offset + length > bytes.length) return { kind: "torn" };
    if (!verifyEventChecksum(bytes, offset, header)) return { kind: "bad", end: offset + length };
  } catch (error) {
    // A length field too small to be an event: garbage, so its end is unknown.
    if (error instanceof CorruptionError) return { kind: "bad", end: bytes.length };
    throw error;
  }
  const event = decodeEventIn(bytes, offset, path);
  if (event.header.nextPosition !== offset + length) {
    throw new CorruptionError(
      `${path}: event at offset ${offset} has next_position ${event.header.nextPosition}, ` +
        `expected ${offset + length}`,
    );
  }
  return { kind: "event", event };
}

function decodeEventIn(bytes: Uint8Array, offset: number, path: string): DecodedEvent {
  try {
    return decodeEvent(bytes, offset);
  } catch (error) {
    if (error instanceof CorruptionError) {
      throw new CorruptionError(`${path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Reads magic, FORMAT_DESCRIPTION and PREVIOUS_GTIDS, which are always whole. */
function scanHeader(bytes: Uint8Array, path: string): { previousGtids: GtidSet; end: number } {
  if (bytes.length < 4 || !bytesEqual(bytes.subarray(0, 4), BINLOG_MAGIC)) {
    throw new CorruptionError(`${path}: not a binlog file (bad magic at offset 0)`);
  }
  const formatDescription = probeEvent(bytes, 4, path);
  if (formatDescription.kind !== "event") {
    throw new CorruptionError(`${path}: damaged FORMAT_DESCRIPTION at offset 4`);
  }
  const at = 4 + formatDescription.event.header.eventLength;
  const previous = probeEvent(bytes, at, path);
  if (previous.kind !== "event" || previous.event.header.type !== EventType.PREVIOUS_GTIDS) {
    throw new CorruptionError(`${path}: damaged PREVIOUS_GTIDS at offset ${at}`);
  }
  const end = at + previous.event.header.eventLength;
  return { previousGtids: GtidSet.decode(previous.event.body), end };
}

/** Whether a failing event at `offset` ending at `end` is a torn tail (else corruption). */
function isTornTail(bytes: Uint8Array, end: number, path: string): boolean {
  if (end >= bytes.length) return true;
  return probeEvent(bytes, end, path).kind !== "event";
}

/** Scans one file; `newest` allows a torn tail (see the file header). */
export function scanBinlogFile(
  bytes: Uint8Array,
  path: string,
  newest: boolean,
): ScannedBinlogFile {
  const header = scanHeader(bytes, path);
  const groups: ScannedGroup[] = [];
  const grouper = new GroupGrammar(path);
  let offset = header.end;
  let validEnd = header.end;
  let rotated = false;
  while (offset < bytes.length) {
    const probe = probeEvent(bytes, offset, path);
    if (probe.kind !== "event") {
      if (probe.kind === "bad" && !isTornTail(bytes, probe.end, path)) {
        throw new CorruptionError(`${path}: checksum mismatch in the event at offset ${offset}`);
      }
      break;
    }
    if (rotated) throw new CorruptionError(`${path}: event at offset ${offset} after ROTATE`);
    const event = probe.event;
    offset += event.header.eventLength;
    if (event.header.type === EventType.ROTATE && !grouper.open) {
      rotated = true;
      validEnd = offset;
      continue;
    }
    const group = grouper.add(event, offset);
    if (group !== undefined) {
      groups.push(group);
      validEnd = offset;
    }
  }
  const tornBytes = bytes.length - validEnd;
  if (!newest && tornBytes > 0) {
    throw new CorruptionError(`${path}: incomplete or damaged events from offset ${validEnd}`);
  }
  const previousGtids = header.previousGtids;
  return { previousGtids, headerEnd: header.end, groups, validEnd, tornBytes, rotated };
}

/** The group grammar as a small state machine over verified events. */
class GroupGrammar {
  readonly #path: string;
  #events: DecodedEvent[] = [];
  #inTransaction = false;

  constructor(path: string) {
    this.#path = path;
  }

  get open(): boolean {
    return this.#events.length > 0;
  }

  /** Adds `event` (ending at `end`); returns the group it completes, if any. */
  add(event: DecodedEvent, end: number): ScannedGroup | undefined {
    const type = event.header.type;
    if (type === EventType.GTID) {
      if (this.open) this.#unexpected(event, "a GTID inside an unfinished group");
      this.#events = [event];
      return undefined;
    }
    if (!this.open) this.#unexpected(event, "an event outside any group");
    this.#events.push(event);
    if (type === EventType.QUERY) {
      if (this.#events.length === 2 && event.info === "BEGIN") {
        this.#inTransaction = true;
        return undefined;
      }
      if (this.#events.length === 2 || (this.#inTransaction && event.info === "COMMIT")) {
        return this.#finish(end);
      }
      this.#unexpected(event, "a QUERY inside a row transaction");
    }
    if (!this.#inTransaction) this.#unexpected(event, "a row event before BEGIN");
    if (type === EventType.XID) return this.#finish(end);
    if (isRowGroupEvent(type)) return undefined;
    return this.#unexpected(event, `event type ${event.typeName} inside a group`);
  }

  #finish(end: number): ScannedGroup {
    const events = this.#events;
    const first = events[0];
    if (first === undefined) return this.#unexpected(undefined, "an empty group");
    this.#events = [];
    this.#inTransaction = false;
    return { start: first.position, end, events };
  }

  #unexpected(event: DecodedEvent | undefined, what: string): never {
    const where = event === undefined ? "" : ` at offset ${event.position}`;
    throw new CorruptionError(`${this.#path}: ${what}${where}`);
  }
}

function isRowGroupEvent(type: number): boolean {
  return (
    type === EventType.TABLE_MAP ||
    type === EventType.WRITE_ROWS_V2 ||
    type === EventType.UPDATE_ROWS_V2 ||
    type === EventType.DELETE_ROWS_V2
  );
}
