/**
 * ByteSink: a small growable byte buffer that encoders append to (util/coding.ts, the block
 * builder). It lives in L0 because util/ may not import protocol/'s BufferWriter.
 *
 * Invariants: `length` <= capacity; bytes at [0, length) are what was appended since the last
 * `clear()`. `view()` aliases the internal buffer and is invalidated by the next append or
 * clear (it may return the same array again while the length is unchanged); `toBytes()`
 * copies. Single-threaded; not shared between writers.
 */

import { assert } from "./assert.ts";

const INITIAL_CAPACITY_BYTES = 256;
/** Up to this many bytes `putRange` copies in a loop instead of via a subarray and `set`. */
const SHORT_COPY_BYTES_MAX = 64;

export class ByteSink {
  #buffer: Uint8Array;
  #length = 0;
  /** The last `view()`, reused while length and buffer are unchanged (subarrays are not free). */
  #view: Uint8Array | undefined;
  /**
   * The buffer `#view` was made from. Compared by identity: reading a typed array's `.buffer`
   * makes JSC materialise an ArrayBuffer object, which cost more than the subarray it saved.
   */
  #viewSource: Uint8Array | undefined;

  constructor(initialCapacityBytes = INITIAL_CAPACITY_BYTES) {
    assert(Number.isInteger(initialCapacityBytes) && initialCapacityBytes > 0, "capacity > 0");
    this.#buffer = new Uint8Array(initialCapacityBytes);
  }

  /** Bytes appended since construction or the last `clear()`. */
  get length(): number {
    return this.#length;
  }

  /** Appends one byte (0..255). */
  putByte(value: number): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
  }

  /** Appends a copy of `bytes`. */
  putBytes(bytes: Uint8Array): void {
    const count = bytes.length;
    this.#reserve(count);
    if (count <= SHORT_COPY_BYTES_MAX) {
      // As in putRange: a byte loop beats `set` for keys of a few dozen bytes.
      const buffer = this.#buffer;
      let target = this.#length;
      for (let i = 0; i < count; i++) buffer[target++] = bytes[i]!;
    } else {
      this.#buffer.set(bytes, this.#length);
    }
    this.#length += count;
  }

  /**
   * Appends a copy of `source[start, end)`. Short ranges are copied byte by byte, because
   * creating a subarray for `set` costs more than the copy for keys of a few dozen bytes.
   */
  putRange(source: Uint8Array, start: number, end: number): void {
    assert(start >= 0 && start <= end && end <= source.length, "putRange bounds");
    const count = end - start;
    this.#reserve(count);
    const buffer = this.#buffer;
    if (count <= SHORT_COPY_BYTES_MAX) {
      let target = this.#length;
      for (let i = start; i < end; i++) buffer[target++] = source[i]!;
    } else {
      buffer.set(source.subarray(start, end), this.#length);
    }
    this.#length += count;
  }

  /** Appends `count` bytes and returns the offset of the first, for callers that fill them. */
  reserveBytes(count: number): number {
    this.#reserve(count);
    const offset = this.#length;
    this.#length += count;
    return offset;
  }

  /** The internal buffer, for writing into bytes returned by `reserveBytes`. */
  get buffer(): Uint8Array {
    return this.#buffer;
  }

  /** The appended bytes without copying; valid until the next append or clear. */
  view(): Uint8Array {
    const cached = this.#view;
    const sameSource = this.#viewSource === this.#buffer;
    if (cached !== undefined && cached.length === this.#length && sameSource) return cached;
    const view = this.#buffer.subarray(0, this.#length);
    this.#view = view;
    this.#viewSource = this.#buffer;
    return view;
  }

  /** A copy of the appended bytes. */
  toBytes(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }

  /** Keeps only the first `length` bytes (length <= this.length). */
  truncate(length: number): void {
    assert(Number.isInteger(length) && length >= 0 && length <= this.#length, "truncate range");
    this.#length = length;
  }

  /** Forgets the contents and keeps the capacity. */
  clear(): void {
    this.#length = 0;
  }

  #reserve(count: number): void {
    const needed = this.#length + count;
    if (needed <= this.#buffer.length) return;
    let capacity = this.#buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}
