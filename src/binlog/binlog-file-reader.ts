/**
 * readBinlogEvents: the events of one binlog file from an offset, for SHOW BINLOG EVENTS. It
 * reads bounded windows (binlogReadWindowBytes, or one event when larger) instead of the whole
 * file, and reports each event at its position in the file. Only the first `size` bytes count:
 * the caller passes the size of the whole groups appended so far.
 */

import { binlogReadWindowBytes } from "../constants.ts";
import { CorruptionError } from "../util/errors.ts";
import type { LocalDisk } from "../util/local-disk.ts";
import {
  BINLOG_EVENT_HEADER_BYTES,
  BINLOG_MAGIC,
  type EventHeader,
  readEventHeader,
} from "./binlog-event-format.ts";
import { type DecodedEvent, decodeEvent } from "./event-decoder.ts";

/**
 * Up to `limit` events of the file at `path` starting at offset `from` (4 when smaller: the
 * first event after the magic). CorruptionError, naming file and offset, when `from` is not the
 * start of an event or an event fails its checksum.
 */
export async function readBinlogEvents(
  disk: LocalDisk,
  path: string,
  size: number,
  from: number,
  limit: number,
): Promise<readonly DecodedEvent[]> {
  const events: DecodedEvent[] = [];
  let offset = Math.max(from, BINLOG_MAGIC.length);
  while (offset < size && events.length < limit) {
    offset = await readWindow(disk, path, offset, size, limit, events);
  }
  return events;
}

/**
 * Decodes the whole events in one window of the file from `offset` into `events` (at most
 * `limit` in all); returns the offset after the last one. Reads are bounded by
 * binlogReadWindowBytes unless a single event is larger.
 */
async function readWindow(
  disk: LocalDisk,
  path: string,
  offset: number,
  size: number,
  limit: number,
  events: DecodedEvent[],
): Promise<number> {
  let window = await disk.readRange(path, offset, Math.min(size - offset, binlogReadWindowBytes));
  const first = readEventHeaderAt(window, 0, path, offset);
  if (first.eventLength > window.length) {
    if (offset + first.eventLength > size) {
      throw new CorruptionError(`${path}: event at offset ${offset} runs past the end`);
    }
    window = await disk.readRange(path, offset, first.eventLength);
  }
  let at = 0;
  while (at < window.length && events.length < limit) {
    if (at + BINLOG_EVENT_HEADER_BYTES > window.length) break;
    const header = readEventHeaderAt(window, at, path, offset + at);
    if (at + header.eventLength > window.length) break;
    let event: DecodedEvent;
    try {
      event = decodeEvent(window, at);
    } catch (error) {
      if (!(error instanceof CorruptionError)) throw error;
      throw new CorruptionError(`${path}: bad event at offset ${offset + at}`, { cause: error });
    }
    events.push(atFileOffset(event, offset + at));
    at += header.eventLength;
  }
  return offset + at;
}

/** readEventHeader, with errors naming the file and the absolute offset. */
function readEventHeaderAt(
  bytes: Uint8Array,
  at: number,
  path: string,
  fileOffset: number,
): EventHeader {
  try {
    return readEventHeader(bytes, at);
  } catch (error) {
    if (!(error instanceof CorruptionError)) throw error;
    const message = `${path}: bad event header at offset ${fileOffset}`;
    throw new CorruptionError(message, { cause: error });
  }
}

/** `event` (decoded from a window of its file) with its position in the file. */
function atFileOffset(event: DecodedEvent, position: number): DecodedEvent {
  return {
    header: event.header,
    position,
    body: event.body,
    get typeName(): string {
      return event.typeName;
    },
    get info(): string {
      return event.info;
    },
  };
}
