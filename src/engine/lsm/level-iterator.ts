/**
 * LevelIterator: one EngineIterator over the SSTs of one sorted level (L1 and deeper: files do
 * not overlap and ascend by key), as leveldb's concatenating two-level iterator. It makes a
 * file's iterator only when the position reaches that file, so a scan that stops early — a
 * `LIMIT 1`, a short range, the reverse scan that finds a table's largest key at open — touches
 * one or two files per level instead of every file within its bounds. On a node that booted
 * from the object store each file touched costs ranged reads of its footer, index and filter,
 * so this is what keeps the first queries after a boot from opening the whole tree.
 *
 * `iteratorOf(sst)` is synchronous and may throw: LsmCursor backs it with open readers and
 * throws its own "reader not open" signal for the others, catches it, opens the reader and
 * rebuilds its iterator stack — the same protocol as a data block that is not resident. A throw
 * leaves this iterator unusable; the caller discards it.
 *
 * Invariants: `files` is sorted by key and non-overlapping (manifest-invariants.ts); the
 * current file's iterator is the only one made; empty files are stepped over.
 */

import { assert } from "../../util/assert.ts";
import type { EngineIterator } from "./engine-iterator.ts";
import { compareInternalKeys } from "./internal-key.ts";
import type { SstDescriptor } from "./manifest.ts";

/**
 * In a sorted level, the position of the first file whose largest key is >= `target`: the only
 * file that may hold it (files.length when none does).
 */
export function firstFileAtOrAfter(files: readonly SstDescriptor[], target: Uint8Array): number {
  let low = 0;
  let high = files.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareInternalKeys(files[middle]!.largestKey, target) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class LevelIterator implements EngineIterator {
  readonly #files: readonly SstDescriptor[];
  readonly #iteratorOf: (sst: SstDescriptor) => EngineIterator;
  /** Position of the current file in #files; -1 or files.length when before / after all. */
  #index = -1;
  #current: EngineIterator | undefined;

  constructor(files: readonly SstDescriptor[], iteratorOf: (sst: SstDescriptor) => EngineIterator) {
    this.#files = files;
    this.#iteratorOf = iteratorOf;
  }

  valid(): boolean {
    return this.#current?.valid() === true;
  }

  seekToFirst(): void {
    if (!this.#enter(0)) return;
    this.#current!.seekToFirst();
    this.#skipEmptyForward();
  }

  seekToLast(): void {
    if (!this.#enter(this.#files.length - 1)) return;
    this.#current!.seekToLast();
    this.#skipEmptyBackward();
  }

  seek(target: Uint8Array): void {
    if (!this.#enter(firstFileAtOrAfter(this.#files, target))) return;
    this.#current!.seek(target);
    this.#skipEmptyForward();
  }

  next(): void {
    assert(this.valid(), "LevelIterator.next: not valid");
    this.#current!.next();
    this.#skipEmptyForward();
  }

  prev(): void {
    assert(this.valid(), "LevelIterator.prev: not valid");
    this.#current!.prev();
    this.#skipEmptyBackward();
  }

  key(): Uint8Array {
    assert(this.valid(), "LevelIterator.key: not valid");
    return this.#current!.key();
  }

  value(): Uint8Array {
    assert(this.valid(), "LevelIterator.value: not valid");
    return this.#current!.value();
  }

  valueCopy(): Uint8Array {
    assert(this.valid(), "LevelIterator.valueCopy: not valid");
    return this.#current!.valueCopy();
  }

  /** Makes file `index` current; false (and not valid) when there is no such file. */
  #enter(index: number): boolean {
    if (index < 0 || index >= this.#files.length) {
      this.#index = index < 0 ? -1 : this.#files.length;
      this.#current = undefined;
      return false;
    }
    this.#index = index;
    // Cleared first: if iteratorOf throws (reader not open), no stale file stays current.
    this.#current = undefined;
    this.#current = this.#iteratorOf(this.#files[index]!);
    return true;
  }

  /** While the current file is exhausted, moves to the next file's first entry. */
  #skipEmptyForward(): void {
    while (this.#current !== undefined && !this.#current.valid()) {
      if (!this.#enter(this.#index + 1)) return;
      this.#current!.seekToFirst();
    }
  }

  /** While the current file is exhausted, moves to the previous file's last entry. */
  #skipEmptyBackward(): void {
    while (this.#current !== undefined && !this.#current.valid()) {
      if (!this.#enter(this.#index - 1)) return;
      this.#current!.seekToLast();
    }
  }
}
