/**
 * EventReader: a bounds-checked cursor over one binlog event's bytes, little-endian unless a
 * method says BE. Every overrun is a CorruptionError naming the event's file offset, never an
 * undefined read: event bytes come from disk and may be damaged or torn.
 */

import { CorruptionError } from "../util/errors.ts";

const utf8 = new TextDecoder("utf-8", { fatal: false });

export class EventReader {
  readonly #bytes: Uint8Array;
  readonly #end: number;
  readonly #position: number;
  #offset: number;

  /** Reads `bytes[offset, end)`; `position` is the event's file offset, for messages. */
  constructor(bytes: Uint8Array, offset: number, end: number, position: number) {
    this.#bytes = bytes;
    this.#offset = offset;
    this.#end = end;
    this.#position = position;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#end - this.#offset;
  }

  /** A CorruptionError naming this event. */
  corrupt(message: string): CorruptionError {
    return new CorruptionError(`binlog event at offset ${this.#position}: ${message}`);
  }

  #take(count: number): number {
    if (count < 0 || this.#offset + count > this.#end) {
      throw this.corrupt(`needs ${count} more bytes, ${this.remaining} left`);
    }
    const at = this.#offset;
    this.#offset += count;
    return at;
  }

  u8(): number {
    return this.#bytes[this.#take(1)]!;
  }

  u16(): number {
    return this.uint(2);
  }

  u32(): number {
    return this.uint(4);
  }

  /** Unsigned little-endian integer of `width` bytes (at most 6). */
  uint(width: number): number {
    const at = this.#take(width);
    let value = 0;
    for (let i = width - 1; i >= 0; i--) value = value * 256 + this.#bytes[at + i]!;
    return value;
  }

  /** Unsigned big-endian integer of `width` bytes (at most 6). */
  uintBE(width: number): number {
    const at = this.#take(width);
    let value = 0;
    for (let i = 0; i < width; i++) value = value * 256 + this.#bytes[at + i]!;
    return value;
  }

  u64(): bigint {
    const low = BigInt(this.u32());
    const high = BigInt(this.u32());
    return (high << 32n) | low;
  }

  /** MySQL's packed (length-encoded) integer; values beyond 2^53 are corruption here. */
  packed(): number {
    const first = this.u8();
    if (first < 251) return first;
    if (first === 252) return this.u16();
    if (first === 253) return this.uint(3);
    if (first === 254) {
      const value = this.u64();
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.corrupt("packed integer too big");
      return Number(value);
    }
    throw this.corrupt(`bad packed integer prefix ${first}`);
  }

  /** `count` bytes, aliasing the source (copy before keeping them past the source's life). */
  bytes(count: number): Uint8Array {
    const at = this.#take(count);
    return this.#bytes.subarray(at, at + count);
  }

  /** `count` bytes as UTF-8 text. */
  text(count: number): string {
    return utf8.decode(this.bytes(count));
  }

  /** Everything left, as a subarray. */
  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }

  skip(count: number): void {
    this.#take(count);
  }
}
