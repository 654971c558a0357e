/**
 * SstIterator: a two-level EngineIterator over one SST, as leveldb's two_level_iterator: an
 * iterator over the index block picks a data block, and a BlockIterator walks it.
 *
 * Design: EngineIterator is synchronous, so the iterator does no I/O. It takes `blockAt`, a
 * synchronous function from a data block's handle to its decoded Block, which the caller backs
 * with blocks it loaded beforehand (SstReader.iterator() loads every data block first; a block
 * cache can later back it instead). `blockAt` throws CorruptionError for a handle it does not
 * know, which can only come from a damaged index.
 *
 * Invariant: when valid, the data iterator is positioned and the index iterator is at the
 * entry naming its block. Empty data blocks (never written by SstBuilder) are skipped.
 */

import { assert } from "../../util/assert.ts";
import { CorruptionError } from "../../util/errors.ts";
import type { EngineIterator } from "../lsm/engine-iterator.ts";
import type { Block, BlockIterator } from "./block.ts";
import { type BlockHandle, getBlockHandle } from "./sst-format.ts";

export type BlockLookup = (handle: BlockHandle) => Block;

export class SstIterator implements EngineIterator {
  readonly #index: BlockIterator;
  readonly #blockAt: BlockLookup;
  readonly #name: string;
  #data: BlockIterator | undefined;
  /** File offset of the block `#data` walks; -1 when none. */
  #dataOffset = -1;

  constructor(index: Block, blockAt: BlockLookup, name: string) {
    this.#index = index.iterator();
    this.#blockAt = blockAt;
    this.#name = name;
  }

  valid(): boolean {
    return this.#data !== undefined && this.#data.valid();
  }

  key(): Uint8Array {
    assert(this.valid(), "SstIterator.key when not valid");
    return this.#data!.key();
  }

  value(): Uint8Array {
    assert(this.valid(), "SstIterator.value when not valid");
    return this.#data!.value();
  }

  seekToFirst(): void {
    this.#index.seekToFirst();
    this.#initDataBlock();
    this.#data?.seekToFirst();
    this.#skipEmptyForward();
  }

  seekToLast(): void {
    this.#index.seekToLast();
    this.#initDataBlock();
    this.#data?.seekToLast();
    this.#skipEmptyBackward();
  }

  seek(target: Uint8Array): void {
    this.#index.seek(target);
    this.#initDataBlock();
    this.#data?.seek(target);
    this.#skipEmptyForward();
  }

  next(): void {
    assert(this.valid(), "SstIterator.next when not valid");
    this.#data!.next();
    this.#skipEmptyForward();
  }

  prev(): void {
    assert(this.valid(), "SstIterator.prev when not valid");
    this.#data!.prev();
    this.#skipEmptyBackward();
  }

  #skipEmptyForward(): void {
    while (this.#data === undefined || !this.#data.valid()) {
      if (!this.#index.valid()) {
        this.#setData(undefined, -1);
        return;
      }
      this.#index.next();
      this.#initDataBlock();
      this.#data?.seekToFirst();
    }
  }

  #skipEmptyBackward(): void {
    while (this.#data === undefined || !this.#data.valid()) {
      if (!this.#index.valid()) {
        this.#setData(undefined, -1);
        return;
      }
      this.#index.prev();
      this.#initDataBlock();
      this.#data?.seekToLast();
    }
  }

  /** Points `#data` at the block the index iterator names (reusing it if unchanged). */
  #initDataBlock(): void {
    if (!this.#index.valid()) {
      this.#setData(undefined, -1);
      return;
    }
    const value = this.#index.value();
    let handle: BlockHandle;
    try {
      const decoded = getBlockHandle(value, 0);
      if (decoded.offset !== value.length) throw new CorruptionError("trailing bytes");
      handle = decoded.value;
    } catch (error) {
      const at = this.#index.entryOffset();
      throw new CorruptionError(`${this.#name}: bad block handle in index entry at ${at}`, {
        cause: error,
      });
    }
    if (this.#data !== undefined && handle.offset === this.#dataOffset) return;
    this.#setData(this.#blockAt(handle).iterator(), handle.offset);
  }

  #setData(data: BlockIterator | undefined, offset: number): void {
    this.#data = data;
    this.#dataOffset = offset;
  }
}
