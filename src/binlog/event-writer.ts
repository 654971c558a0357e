/**
 * EventWriter: appends binlog events (binlog-event-format.ts) to one growing buffer. An event is
 * written as `begin(...)`, body fields, `end()`; `end` fills in the event length and the
 * absolute next position, then appends the CRC-32. Little-endian unless a method says BE.
 *
 * Invariants: between `begin` and `end` exactly one event is open; positions are absolute file
 * offsets (`basePosition` is the file offset of the buffer's first byte), below 2^32 as the
 * header's u32 next_position requires. Single-threaded; one writer per encoding.
 */

import { assert } from "../util/assert.ts";
import {
  BINLOG_CHECKSUM_BYTES,
  BINLOG_EVENT_HEADER_BYTES,
  computeEventChecksum,
  EventType,
} from "./binlog-event-format.ts";
import { crc32 } from "../util/crc32.ts";

const UINT32_LIMIT = 0x1_0000_0000;
const U64_MAX = (1n << 64n) - 1n;
const INITIAL_CAPACITY_BYTES = 512;
const utf8 = new TextEncoder();

export interface EventHeaderFields {
  readonly type: number;
  readonly timestampSeconds: number;
  readonly serverId: number;
  readonly flags?: number;
}

export class EventWriter {
  #buffer: Uint8Array;
  #length = 0;
  #basePosition: number;
  #eventStart = -1;

  constructor(basePosition: number, initialCapacityBytes = INITIAL_CAPACITY_BYTES) {
    assert(Number.isInteger(basePosition) && basePosition >= 0, "base position");
    this.#basePosition = basePosition;
    this.#buffer = new Uint8Array(Math.max(16, initialCapacityBytes));
  }

  /** Absolute file offset of the next byte to be written. */
  get position(): number {
    return this.#basePosition + this.#length;
  }

  /** Starts an event: writes its common header with length and position left to `end`. */
  begin(fields: EventHeaderFields): void {
    this.beginEvent(fields.type, fields.timestampSeconds, fields.serverId, fields.flags ?? 0);
  }

  /** `begin` without a fields object (the per-transaction hot path). */
  beginEvent(type: number, timestampSeconds: number, serverId: number, flags = 0): void {
    assert(this.#eventStart < 0, "an event is already open");
    assert(timestampSeconds >= 0 && timestampSeconds < UINT32_LIMIT, "timestamp u32");
    assert(serverId >= 0 && serverId < UINT32_LIMIT, "server id u32");
    assert(type >= 0 && type <= 0xff && flags >= 0 && flags <= 0xffff, "type u8, flags u16");
    const at = this.#take(BINLOG_EVENT_HEADER_BYTES);
    this.#eventStart = at;
    const buffer = this.#buffer;
    writeU32(buffer, at, timestampSeconds);
    buffer[at + 4] = type;
    writeU32(buffer, at + 5, serverId);
    writeU32(buffer, at + 9, 0);
    writeU32(buffer, at + 13, 0);
    buffer[at + 17] = flags & 0xff;
    buffer[at + 18] = flags >>> 8;
  }

  /** Completes the open event: its length, next position and CRC. */
  end(): void {
    const start = this.#eventStart;
    assert(start >= 0, "no event is open");
    const length = this.#length - start + BINLOG_CHECKSUM_BYTES;
    assert(length >= BINLOG_EVENT_HEADER_BYTES + BINLOG_CHECKSUM_BYTES, "event length");
    const nextPosition = this.#basePosition + start + length;
    assert(nextPosition < UINT32_LIMIT, "binlog position beyond 4 GiB");
    const checksumAt = this.#take(BINLOG_CHECKSUM_BYTES);
    const buffer = this.#buffer;
    writeU32(buffer, start + 9, length);
    writeU32(buffer, start + 13, nextPosition);
    writeU32(buffer, checksumAt, 0);
    // Only a FORMAT_DESCRIPTION event's checksum has a special rule; others cover every byte.
    const checksum = buffer[start + 4] === EventType.FORMAT_DESCRIPTION
      ? computeEventChecksum(buffer.subarray(start, start + length))
      : crc32(buffer.subarray(start, checksumAt));
    writeU32(buffer, checksumAt, checksum);
    this.#eventStart = -1;
  }

  /** A copy of everything written; no event may be open. */
  toBytes(): Uint8Array {
    assert(this.#eventStart < 0, "an event is still open");
    return this.#buffer.slice(0, this.#length);
  }

  /** Everything written, without a copy: valid until the next write. No event may be open. */
  view(): Uint8Array {
    assert(this.#eventStart < 0, "an event is still open");
    return this.#buffer.subarray(0, this.#length);
  }

  /**
   * Empties the writer for reuse at file offset `basePosition`, keeping its buffer (so the
   * caller must be done with every earlier `view`).
   */
  reset(basePosition: number): void {
    assert(Number.isInteger(basePosition) && basePosition >= 0, "base position");
    this.#basePosition = basePosition;
    this.#length = 0;
    this.#eventStart = -1;
  }

  /** Bytes the buffer holds before it must grow. */
  get capacity(): number {
    return this.#buffer.length;
  }

  /** Bytes written so far (a mark for `truncate`). */
  get length(): number {
    return this.#length;
  }

  /**
   * Drops everything written after `mark` (a `length` read while no event was open), including
   * an event left open by a failed encoding.
   */
  truncate(mark: number): void {
    assert(mark >= 0 && mark <= this.#length, "truncate mark in range");
    this.#length = mark;
    this.#eventStart = -1;
  }

  u8(value: number): void {
    assert(value >= 0 && value <= 0xff && Number.isInteger(value), "u8 out of range");
    const at = this.#take(1);
    this.#buffer[at] = value;
  }

  u16(value: number): void {
    assert(value >= 0 && value <= 0xffff && Number.isInteger(value), "u16 out of range");
    const at = this.#take(2);
    this.#buffer[at] = value & 0xff;
    this.#buffer[at + 1] = value >>> 8;
  }

  u32(value: number): void {
    assert(value >= 0 && value < UINT32_LIMIT && Number.isInteger(value), "u32 out of range");
    writeU32(this.#buffer, this.#take(4), value);
  }

  /** Unsigned little-endian integer of `width` bytes (at most 6, so it fits a number). */
  uint(value: number, width: number): void {
    assert(width >= 1 && width <= 6, "uint width");
    assert(Number.isInteger(value) && value >= 0 && value < 2 ** (8 * width), "uint range");
    const at = this.#take(width);
    const buffer = this.#buffer;
    let low = value % UINT32_LIMIT;
    let high = Math.floor(value / UINT32_LIMIT);
    for (let i = 0; i < width; i++) {
      if (i < 4) {
        buffer[at + i] = low & 0xff;
        low >>>= 8;
      } else {
        buffer[at + i] = high & 0xff;
        high >>>= 8;
      }
    }
  }

  /** Unsigned big-endian integer of `width` bytes (at most 6). */
  uintBE(value: number, width: number): void {
    assert(width >= 1 && width <= 6, "uintBE width");
    assert(Number.isInteger(value) && value >= 0 && value < 2 ** (8 * width), "uintBE range");
    const at = this.#take(width);
    const buffer = this.#buffer;
    let rest = value;
    for (let i = width - 1; i >= 0; i--) {
      buffer[at + i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
  }

  /** u64 from a bigint in [0, 2^64) (callers pass BigInt.asUintN(64, v) for signed values). */
  u64(value: bigint): void {
    assert(value >= 0n && value <= U64_MAX, "u64 out of range");
    const at = this.#take(8);
    if (value <= 0xffff_ffffn) {
      writeU32(this.#buffer, at, Number(value));
      writeU32(this.#buffer, at + 4, 0);
      return;
    }
    writeU32(this.#buffer, at, Number(value & 0xffff_ffffn));
    writeU32(this.#buffer, at + 4, Number(value >> 32n));
  }

  /**
   * `text` as UTF-8 after its byte length as a `lengthBytes` little-endian prefix; returns the
   * byte length. Encodes straight into the buffer. A length the prefix cannot hold is written
   * anyway: the caller checks the returned length and fails the encoding (then truncates).
   */
  lengthPrefixedUtf8(text: string, lengthBytes: number): number {
    assert(lengthBytes >= 1 && lengthBytes <= 4, "length prefix width");
    const start = this.#length;
    this.#take(lengthBytes + text.length * 3);
    const buffer = this.#buffer;
    const first = start + lengthBytes;
    // encodeInto beats a hand-written ASCII loop here (measured), despite the view it needs.
    const written = utf8.encodeInto(text, buffer.subarray(first)).written;
    this.#length = first + written;
    let rest = written;
    for (let i = 0; i < lengthBytes; i++) {
      this.#buffer[start + i] = rest & 0xff;
      rest = Math.floor(rest / 256);
    }
    return written;
  }

  /** MySQL's packed (length-encoded) integer. */
  packed(value: number): void {
    assert(Number.isSafeInteger(value) && value >= 0, "packed integer");
    if (value < 251) {
      this.u8(value);
    } else if (value < 0x1_0000) {
      this.u8(252);
      this.u16(value);
    } else if (value < 0x100_0000) {
      this.u8(253);
      this.uint(value, 3);
    } else {
      this.u8(254);
      this.u64(BigInt(value));
    }
  }

  bytes(value: Uint8Array): void {
    const at = this.#take(value.length);
    this.#buffer.set(value, at);
  }

  /** Reserves `count` zero bytes and returns their offset in `buffer` (for bitmaps). */
  reserve(count: number): number {
    const at = this.#take(count);
    this.#buffer.fill(0, at, at + count);
    return at;
  }

  /** The internal buffer, valid until the next write; for filling reserved bytes. */
  get buffer(): Uint8Array {
    return this.#buffer;
  }

  /** Appends `count` bytes (contents unspecified) and returns the offset of the first. */
  #take(count: number): number {
    const at = this.#length;
    const needed = at + count;
    if (needed > this.#buffer.length) {
      let capacity = this.#buffer.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.#buffer.subarray(0, at));
      this.#buffer = grown;
    }
    this.#length = needed;
    return at;
  }
}

function writeU32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value & 0xff;
  target[offset + 1] = (value >>> 8) & 0xff;
  target[offset + 2] = (value >>> 16) & 0xff;
  target[offset + 3] = (value >>> 24) & 0xff;
}
