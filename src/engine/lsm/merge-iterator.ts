/**
 * MergeIterator: one sorted view over several sorted child iterators (memtables, L0 SSTs, level
 * iterators), as leveldb's table/merging_iterator.cc. It yields every child entry, duplicates
 * included, in comparator order; hiding old versions is DbIterator's job.
 *
 * Direction: moving forward, every child sits at its first entry >= key(); moving backward,
 * every child sits at its last entry <= key() (or is not valid). Switching direction re-seeks
 * the other children around the current key, so next/prev may be mixed freely.
 *
 * The current child is found by a linear scan over the children. An LSM read merges few
 * sources (the memtables, a handful of L0 files, one iterator per deeper level), and for about
 * a dozen children a scan is as fast as a heap and simpler.
 *
 * Keys are expected to be unique across children, which internal keys are (every write owns its
 * sequence number). Equal keys are tolerated by one-direction scans (forward yields the lower
 * child index first, backward the reverse), but a direction switch may skip such ties, as in
 * leveldb.
 *
 * Invariants: `#current` is null exactly when no child is valid; when set, it is the child with
 * the smallest key (forward) or largest key (backward).
 */

import { assert } from "../../util/assert.ts";
import type { EngineIterator } from "./engine-iterator.ts";
import { compareInternalKeys } from "./internal-key.ts";
import type { KeyComparator } from "./skiplist.ts";

type Direction = "forward" | "backward";

export class MergeIterator implements EngineIterator {
  readonly #children: readonly EngineIterator[];
  readonly #compare: KeyComparator;
  #current: EngineIterator | null = null;
  #direction: Direction = "forward";

  /** Merges `children`, ordered by `compare` (internal key order by default). */
  constructor(children: readonly EngineIterator[], compare: KeyComparator = compareInternalKeys) {
    this.#children = children;
    this.#compare = compare;
  }

  valid(): boolean {
    return this.#current !== null;
  }

  seekToFirst(): void {
    for (const child of this.#children) child.seekToFirst();
    this.#direction = "forward";
    this.#findSmallest();
  }

  seekToLast(): void {
    for (const child of this.#children) child.seekToLast();
    this.#direction = "backward";
    this.#findLargest();
  }

  seek(target: Uint8Array): void {
    for (const child of this.#children) child.seek(target);
    this.#direction = "forward";
    this.#findSmallest();
  }

  next(): void {
    const current = this.#current;
    assert(current !== null, "merge iterator: next() while not valid");
    if (this.#direction !== "forward") {
      // Every other child is at its last entry <= key(); move each to its first entry > key().
      const key = current.key();
      for (const child of this.#children) {
        if (child === current) continue;
        child.seek(key);
        if (child.valid() && this.#compare(key, child.key()) === 0) child.next();
      }
      this.#direction = "forward";
    }
    current.next();
    this.#findSmallest();
  }

  prev(): void {
    const current = this.#current;
    assert(current !== null, "merge iterator: prev() while not valid");
    if (this.#direction !== "backward") {
      // Every other child is at its first entry >= key(); move each to its last entry < key().
      const key = current.key();
      for (const child of this.#children) {
        if (child === current) continue;
        child.seek(key);
        if (child.valid()) child.prev();
        else child.seekToLast();
      }
      this.#direction = "backward";
    }
    current.prev();
    this.#findLargest();
  }

  key(): Uint8Array {
    assert(this.#current !== null, "merge iterator: key() while not valid");
    return this.#current.key();
  }

  value(): Uint8Array {
    assert(this.#current !== null, "merge iterator: value() while not valid");
    return this.#current.value();
  }

  valueCopy(): Uint8Array {
    assert(this.#current !== null, "merge iterator: valueCopy() while not valid");
    return this.#current.valueCopy();
  }

  #findSmallest(): void {
    let smallest: EngineIterator | null = null;
    // The best key so far is kept, not re-read: key() is a call through every child layer.
    let smallestKey: Uint8Array | null = null;
    const children = this.#children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (!child.valid()) continue;
      const key = child.key();
      if (smallestKey === null || this.#compare(key, smallestKey) < 0) {
        smallest = child;
        smallestKey = key;
      }
    }
    this.#current = smallest;
  }

  #findLargest(): void {
    let largest: EngineIterator | null = null;
    let largestKey: Uint8Array | null = null;
    // Scanning from the end keeps the higher index on ties: the mirror of the forward order.
    for (let i = this.#children.length - 1; i >= 0; i--) {
      const child = this.#children[i]!;
      if (!child.valid()) continue;
      const key = child.key();
      if (largestKey === null || this.#compare(key, largestKey) > 0) {
        largest = child;
        largestKey = key;
      }
    }
    this.#current = largest;
  }
}
