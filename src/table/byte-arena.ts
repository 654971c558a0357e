/**
 * ByteArena: append-only storage for many small byte strings (a transaction's keys, rows and
 * row images) in a few large chunks, so a write set of n rows costs a few typed arrays rather
 * than n array objects. Records are numbered 0, 1, 2 … in append order and addressed by number.
 *
 * Invariants:
 * - A record's bytes never move and never change while the record exists; views handed out
 *   (`view`) stay valid until the record is truncated away.
 * - `truncate(n)` forgets records n and later and reuses their space; the caller guarantees
 *   that nobody still uses views of them (the write overlay and change log truncate together).
 * - Chunks grow geometrically from a small first chunk, so a one-row transaction allocates
 *   little and a million-row one allocates few chunks; a record never spans two chunks.
 */

import { assert } from "../util/assert.ts";
import { Int32Vector } from "./int32-vector.ts";

/** Size of the first chunk: most transactions write a few rows (sysbench write_only ~1.5 KiB). */
const firstChunkBytes = 2048;
/** Chunks stop doubling here; larger records get a chunk of their own size. */
const chunkBytesMax = 1024 * 1024;

export class ByteArena {
  readonly #chunks: Uint8Array[] = [];
  /** Per record: chunk index, offset in the chunk, length (stride 3). */
  readonly #records = new Int32Vector(3);
  /** Bytes used in the last chunk. */
  #used = 0;
  #capacityBytes = 0;

  /** Number of records. */
  get count(): number {
    return this.#records.length;
  }

  /** Bytes this arena holds (chunk capacity plus record bookkeeping). */
  get heldBytes(): number {
    return this.#capacityBytes + this.#records.heldBytes;
  }

  /** Appends one record holding `first` followed by `second`; returns its number. */
  append(first: Uint8Array, second?: Uint8Array): number {
    const length = first.length + (second === undefined ? 0 : second.length);
    const chunkIndex = this.#room(length);
    const chunk = this.#chunks[chunkIndex]!;
    const offset = this.#used;
    chunk.set(first, offset);
    if (second !== undefined) chunk.set(second, offset + first.length);
    this.#used = offset + length;
    return this.#records.push3(chunkIndex, offset, length);
  }

  /** The bytes of record `id` from `start` (a view: valid until truncated, never changed). */
  view(id: number, start = 0, end = this.length(id)): Uint8Array {
    const records = this.#records.data;
    const base = id * 3;
    const chunk = this.#chunks[records[base]!]!;
    const offset = records[base + 1]!;
    return chunk.subarray(offset + start, offset + end);
  }

  length(id: number): number {
    return this.#records.data[id * 3 + 2]!;
  }

  /** The chunk holding record `id` (for comparisons in place, with `offset`). */
  chunkOf(id: number): Uint8Array {
    return this.#chunks[this.#records.data[id * 3]!]!;
  }

  offset(id: number): number {
    return this.#records.data[id * 3 + 1]!;
  }

  /** Orders the first `aLength` bytes of record `a` and the first `bLength` of record `b`. */
  compare(a: number, aLength: number, b: number, bLength: number): number {
    const records = this.#records.data;
    const chunks = this.#chunks;
    const aChunk = chunks[records[a * 3]!]!;
    const bChunk = chunks[records[b * 3]!]!;
    const aStart = records[a * 3 + 1]!;
    const bStart = records[b * 3 + 1]!;
    const length = aLength < bLength ? aLength : bLength;
    for (let i = 0; i < length; i++) {
      const order = aChunk[aStart + i]! - bChunk[bStart + i]!;
      if (order !== 0) return order;
    }
    return aLength - bLength;
  }

  /** Forgets records `count` and later; their space is reused by later appends. */
  truncate(count: number): void {
    assert(count >= 0 && count <= this.count, "arena truncate within its records");
    if (count === this.count) return;
    const records = this.#records.data;
    const base = count * 3;
    const chunkIndex = records[base]!;
    // Later chunks only hold truncated records: drop them.
    while (this.#chunks.length > chunkIndex + 1) {
      this.#capacityBytes -= this.#chunks.pop()!.length;
    }
    this.#used = records[base + 1]!;
    this.#records.truncate(count);
  }

  /** The chunk with room for `length` more bytes (a new one if the last is full). */
  #room(length: number): number {
    const last = this.#chunks.length - 1;
    if (last >= 0 && this.#chunks[last]!.length - this.#used >= length) return last;
    const previous = last >= 0 ? this.#chunks[last]!.length : firstChunkBytes / 2;
    const size = Math.max(length, Math.min(previous * 2, chunkBytesMax));
    this.#chunks.push(uninitializedBytes(size));
    this.#capacityBytes += size;
    this.#used = 0;
    return last + 1;
  }
}

/**
 * A chunk without zero-filling: every byte of a record is written before it can be read, and
 * zeroing a fresh chunk per transaction was a measurable share of a small write's cost.
 */
function uninitializedBytes(size: number): Uint8Array {
  const buffer = Buffer.allocUnsafe(size);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
}

