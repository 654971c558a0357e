/**
 * SstIterator: a two-level EngineIterator over one SST, as leveldb's two_level_iterator: the
 * SST's index picks a data block, and a BlockIterator walks it.
 *
 * Design: EngineIterator is synchronous, so the iterator does no I/O. It takes `blockAt`, a
 * synchronous function from a data block's handle to its decoded Block, which the caller backs
 * with blocks it loaded beforehand (SstReader.iterator() loads every data block first; a block
 * cache can back it instead). The index is the reader's copy decoded (and checked) at open —
 * each data block's last key and handle, in order — so positioning binary-searches plain arrays
 * and a step to the next block is an array increment, with no index-block decoding per seek.
 *
 * Invariant: when valid, the data iterator is positioned and `#blockIndex` names its block.
 * Empty data blocks (never written by SstBuilder) are skipped. One BlockIterator is reused for
 * every block, so moving between blocks allocates nothing.
 */

import { assert } from "../../util/assert.ts";
import type { EngineIterator } from "../lsm/engine-iterator.ts";
import { compareInternalKeys } from "../lsm/internal-key.ts";
import type { Block, BlockIterator } from "./block.ts";
import type { BlockHandle } from "./sst-format.ts";

export type BlockLookup = (handle: BlockHandle) => Block;

/**
 * An SST's index decoded at open: the last internal key of every data block and its handle.
 * SSTs hold internal keys only, so the order is compareInternalKeys, called directly (a call
 * through a comparator field is not inlined, and this search runs on every seek and get).
 */
export interface DecodedIndex {
  readonly keys: readonly Uint8Array[];
  readonly handles: readonly BlockHandle[];
}

/** The position of the first index key >= `target`; the key count when there is none. */
export function firstIndexAtOrAfter(index: DecodedIndex, target: Uint8Array): number {
  const keys = index.keys;
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareInternalKeys(keys[middle]!, target) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class SstIterator implements EngineIterator {
  readonly #index: DecodedIndex;
  readonly #blockAt: BlockLookup;
  #data: BlockIterator | undefined;
  /** The data block `#data` walks, as a position in the index; -1 when none. */
  #blockIndex = -1;
  /** File offset of the block `#data` walks; -1 when none. */
  #dataOffset = -1;

  constructor(index: DecodedIndex, blockAt: BlockLookup) {
    this.#index = index;
    this.#blockAt = blockAt;
  }

  valid(): boolean {
    return this.#blockIndex >= 0 && this.#data!.valid();
  }

  key(): Uint8Array {
    assert(this.valid(), "SstIterator.key when not valid");
    return this.#data!.key();
  }

  value(): Uint8Array {
    assert(this.valid(), "SstIterator.value when not valid");
    return this.#data!.value();
  }

  valueCopy(): Uint8Array {
    assert(this.valid(), "SstIterator.valueCopy when not valid");
    return this.#data!.valueCopy();
  }

  seekToFirst(): void {
    if (this.#load(0)) this.#data!.seekToFirst();
    this.#skipEmptyForward();
  }

  seekToLast(): void {
    if (this.#load(this.#index.keys.length - 1)) this.#data!.seekToLast();
    this.#skipEmptyBackward();
  }

  seek(target: Uint8Array): void {
    if (this.#load(firstIndexAtOrAfter(this.#index, target))) this.#data!.seek(target);
    this.#skipEmptyForward();
  }

  next(): void {
    assert(this.valid(), "SstIterator.next when not valid");
    this.#data!.next();
    if (!this.#data!.valid()) this.#skipEmptyForward();
  }

  prev(): void {
    assert(this.valid(), "SstIterator.prev when not valid");
    this.#data!.prev();
    if (!this.#data!.valid()) this.#skipEmptyBackward();
  }

  #skipEmptyForward(): void {
    while (this.#blockIndex >= 0 && !this.#data!.valid()) {
      if (this.#load(this.#blockIndex + 1)) this.#data!.seekToFirst();
    }
  }

  #skipEmptyBackward(): void {
    while (this.#blockIndex >= 0 && !this.#data!.valid()) {
      if (this.#load(this.#blockIndex - 1)) this.#data!.seekToLast();
    }
  }

  /**
   * Points `#data` at data block `position` (reusing the iterator, and the block when it is
   * unchanged); returns false and becomes not valid when `position` is outside the index.
   */
  #load(position: number): boolean {
    const handles = this.#index.handles;
    if (position < 0 || position >= handles.length) {
      this.#blockIndex = -1;
      this.#dataOffset = -1;
      return false;
    }
    const handle = handles[position]!;
    if (this.#data === undefined || handle.offset !== this.#dataOffset) {
      // blockAt may throw (a caller's "not resident" signal); the state is unchanged then.
      const block = this.#blockAt(handle);
      if (this.#data === undefined) this.#data = block.iterator();
      else this.#data.reset(block);
      this.#dataOffset = handle.offset;
    }
    this.#blockIndex = position;
    return true;
  }
}
