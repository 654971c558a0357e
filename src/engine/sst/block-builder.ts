/**
 * BlockBuilder: builds one data block in the layout of block-format.ts from entries added in
 * strictly increasing key order.
 *
 * Invariants: keys strictly increase by the comparator (asserted: an out-of-order key is a
 * programmer error upstream); the restart array always starts with offset 0; after `finish()`
 * no entry may be added until `reset()`. Single-threaded.
 */

import { assert } from "../../util/assert.ts";
import { ByteSink } from "../../util/byte-sink.ts";
import { type ByteComparator, compareBytes, sharedPrefixLength } from "../../util/bytes.ts";
import { putFixed32, putVarint32 } from "../../util/coding.ts";
import {
  BLOCK_RESTART_ENTRY_BYTES,
  BLOCK_RESTART_INTERVAL_DEFAULT,
  BLOCK_RESTART_INTERVAL_MAX,
} from "./block-format.ts";

export interface BlockBuilderOptions {
  /** Entries between restart points; default BLOCK_RESTART_INTERVAL_DEFAULT. */
  readonly restartInterval?: number;
  /** Key order; default compareBytes. Must match the reader's. */
  readonly comparator?: ByteComparator;
}

export class BlockBuilder {
  readonly restartInterval: number;
  readonly comparator: ByteComparator;
  readonly #buffer = new ByteSink(4096);
  readonly #lastKey = new ByteSink(64);
  #restarts: number[] = [0];
  /** Entries since the last restart point. */
  #counter = 0;
  #entryCount = 0;
  #finished = false;

  constructor(options: BlockBuilderOptions = {}) {
    const interval = options.restartInterval ?? BLOCK_RESTART_INTERVAL_DEFAULT;
    assert(Number.isInteger(interval), "restartInterval is an integer");
    assert(interval >= 1 && interval <= BLOCK_RESTART_INTERVAL_MAX, "restartInterval in range");
    this.restartInterval = interval;
    this.comparator = options.comparator ?? compareBytes;
  }

  /** Entries added since construction or the last `reset()`. */
  get entryCount(): number {
    return this.#entryCount;
  }

  get isEmpty(): boolean {
    return this.#entryCount === 0;
  }

  /**
   * Appends an entry. REQUIRES: not finished; `key` sorts strictly after the previous key.
   * Both arrays are copied; the caller may reuse them.
   */
  add(key: Uint8Array, value: Uint8Array): void {
    assert(!this.#finished, "BlockBuilder.add after finish");
    assert(this.#counter <= this.restartInterval, "restart counter in range");
    const lastKey = this.#lastKey.view();
    if (this.#entryCount > 0) {
      assert(this.comparator(key, lastKey) > 0, "BlockBuilder keys must strictly increase");
    }
    let shared = 0;
    if (this.#counter < this.restartInterval) {
      shared = sharedPrefixLength(lastKey, key);
    } else {
      this.#restarts.push(this.#buffer.length);
      this.#counter = 0;
    }
    const buffer = this.#buffer;
    putVarint32(buffer, shared);
    putVarint32(buffer, key.length - shared);
    putVarint32(buffer, value.length);
    buffer.putRange(key, shared, key.length);
    buffer.putBytes(value);
    this.#lastKey.truncate(shared);
    this.#lastKey.putRange(key, shared, key.length);
    this.#counter++;
    this.#entryCount++;
  }

  /** The size `finish()` would return now, in bytes (exact, not just an estimate). */
  currentSizeEstimate(): number {
    if (this.#finished) return this.#buffer.length;
    return this.#buffer.length + (this.#restarts.length + 1) * BLOCK_RESTART_ENTRY_BYTES;
  }

  /** Appends the restart array and returns the block (a copy; the builder keeps its buffer). */
  finish(): Uint8Array {
    assert(!this.#finished, "BlockBuilder.finish twice");
    for (const restart of this.#restarts) putFixed32(this.#buffer, restart);
    putFixed32(this.#buffer, this.#restarts.length);
    this.#finished = true;
    return this.#buffer.toBytes();
  }

  /** Empties the builder for the next block, keeping its buffers. */
  reset(): void {
    this.#buffer.clear();
    this.#lastKey.clear();
    this.#restarts = [0];
    this.#counter = 0;
    this.#entryCount = 0;
    this.#finished = false;
  }
}
