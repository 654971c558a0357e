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
} from "./binlog-event-format.ts";

const UINT32_LIMIT = 0x1_0000_0000;
const INITIAL_CAPACITY_BYTES = 512;

export interface EventHeaderFields {
  readonly type: number;
  readonly timestampSeconds: number;
  readonly serverId: number;
  readonly flags?: number;
}

export class EventWriter {
  #buffer = new Uint8Array(INITIAL_CAPACITY_BYTES);
  #length = 0;
  readonly #basePosition: number;
  #eventStart = -1;

  constructor(basePosition: number) {
    assert(Number.isInteger(basePosition) && basePosition >= 0, "base position");
    this.#basePosition = basePosition;
  }

  /** Absolute file offset of the next byte to be written. */
  get position(): number {
    return this.#basePosition + this.#length;
  }

  /** Starts an event: writes its common header with length and position left to `end`. */
  begin(fields: EventHeaderFields): void {
    assert(this.#eventStart < 0, "an event is already open");
    this.#eventStart = this.#length;
    this.u32(fields.timestampSeconds);
    this.u8(fields.type);
    this.u32(fields.serverId);
    this.u32(0);
    this.u32(0);
    this.u16(fields.flags ?? 0);
  }

  /** Completes the open event: its length, next position and CRC. */
  end(): void {
    const start = this.#eventStart;
    assert(start >= 0, "no event is open");
    const length = this.#length - start + BINLOG_CHECKSUM_BYTES;
    assert(length >= BINLOG_EVENT_HEADER_BYTES + BINLOG_CHECKSUM_BYTES, "event length");
    const nextPosition = this.#basePosition + start + length;
    assert(nextPosition < UINT32_LIMIT, "binlog position beyond 4 GiB");
    writeU32(this.#buffer, start + 9, length);
    writeU32(this.#buffer, start + 13, nextPosition);
    this.u32(0);
    const event = this.#buffer.subarray(start, start + length);
    writeU32(event, length - BINLOG_CHECKSUM_BYTES, computeEventChecksum(event));
    this.#eventStart = -1;
  }

  /** A copy of everything written; no event may be open. */
  toBytes(): Uint8Array {
    assert(this.#eventStart < 0, "an event is still open");
    return this.#buffer.slice(0, this.#length);
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
    assert(value >= 0n && value < 1n << 64n, "u64 out of range");
    const at = this.#take(8);
    writeU32(this.#buffer, at, Number(value & 0xffff_ffffn));
    writeU32(this.#buffer, at + 4, Number(value >> 32n));
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
