/**
 * SortedList: an ordered set of items in a chunked sorted array (a one-level B+tree). Items live
 * in chunks of at most `chunkItemsMax`; `#chunks` is ordered, every chunk is non-empty and
 * sorted, and the last item of chunk i is less than the first item of chunk i+1.
 *
 * Costs with n items and chunk size c: find O(log n); insert/delete O(log n + c + n/c) array
 * moves (memmove-fast in practice); range iteration O(log n + k). An append past the last item
 * opens a new chunk instead of splitting, so ascending loads leave full chunks.
 *
 * Concurrency: single-threaded; `forEachInRange` callbacks must not mutate the list.
 */

import { assert } from "../../util/assert.ts";

/** Default chunk size: measured best for 1M-row inserts at random positions (see bench/). */
export const sortedListChunkItemsMax = 512;

/** Sign of an item relative to a range bound: < 0 below, 0 equal (on the prefix), > 0 above. */
export type BoundProbe<T> = (item: T) => number;

export interface ProbeBound<T> {
  readonly probe: BoundProbe<T>;
  readonly inclusive: boolean;
}

export class SortedList<T> {
  readonly #compare: (a: T, b: T) => number;
  readonly #chunkItemsMax: number;
  #chunks: T[][] = [];
  #size = 0;

  constructor(compare: (a: T, b: T) => number, chunkItemsMax = sortedListChunkItemsMax) {
    assert(chunkItemsMax >= 4);
    this.#compare = compare;
    this.#chunkItemsMax = chunkItemsMax;
  }

  get size(): number {
    return this.#size;
  }

  /** The index of the first chunk whose last item satisfies `atOrAfter` (monotone). */
  #chunkWhere(atOrAfter: (item: T) => boolean): number {
    const chunks = this.#chunks;
    let low = 0;
    let high = chunks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const chunk = chunks[mid]!;
      if (atOrAfter(chunk[chunk.length - 1]!)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Position of the first item satisfying the monotone predicate, as [chunk, offset]. */
  #firstWhere(atOrAfter: (item: T) => boolean): [number, number] {
    const chunkIndex = this.#chunkWhere(atOrAfter);
    const chunk = this.#chunks[chunkIndex];
    if (chunk === undefined) return [chunkIndex, 0];
    let low = 0;
    let high = chunk.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (atOrAfter(chunk[mid]!)) high = mid;
      else low = mid + 1;
    }
    return [chunkIndex, low];
  }

  /** The stored item equal to `probe`, if any. */
  find(probe: T): T | undefined {
    const compare = this.#compare;
    const [ci, offset] = this.#firstWhere((item) => compare(item, probe) >= 0);
    const item = this.#chunks[ci]?.[offset];
    return item !== undefined && compare(item, probe) === 0 ? item : undefined;
  }

  /** Inserts `item`; returns false (and changes nothing) when an equal item is present. */
  insert(item: T): boolean {
    const compare = this.#compare;
    const chunks = this.#chunks;
    const last = chunks[chunks.length - 1];
    if (last === undefined) {
      chunks.push([item]);
      this.#size++;
      return true;
    }
    const lastItem = last[last.length - 1]!;
    const order = compare(item, lastItem);
    if (order > 0) return this.#append(last, item);
    if (order === 0) return false;
    const [ci, offset] = this.#firstWhere((existing) => compare(existing, item) >= 0);
    const chunk = chunks[ci]!;
    if (compare(chunk[offset]!, item) === 0) return false;
    chunk.splice(offset, 0, item);
    this.#size++;
    if (chunk.length > this.#chunkItemsMax) {
      chunks.splice(ci + 1, 0, chunk.splice(chunk.length >>> 1));
    }
    return true;
  }

  #append(last: T[], item: T): boolean {
    if (last.length >= this.#chunkItemsMax) this.#chunks.push([item]);
    else last.push(item);
    this.#size++;
    return true;
  }

  /** Removes the item equal to `probe`; returns whether one was present. */
  delete(probe: T): boolean {
    const compare = this.#compare;
    const [ci, offset] = this.#firstWhere((item) => compare(item, probe) >= 0);
    const chunk = this.#chunks[ci];
    if (chunk === undefined || compare(chunk[offset]!, probe) !== 0) return false;
    chunk.splice(offset, 1);
    this.#size--;
    if (chunk.length === 0) this.#chunks.splice(ci, 1);
    return true;
  }

  /**
   * Calls `visit` for each item between the bounds, ascending (or descending when `reverse`),
   * until it returns false.
   */
  forEachInRange(
    lower: ProbeBound<T> | undefined,
    upper: ProbeBound<T> | undefined,
    reverse: boolean,
    visit: (item: T) => boolean,
  ): void {
    const [startChunk, startOffset] = this.#lowerPosition(lower);
    const [endChunk, endOffset] = this.#upperPosition(upper);
    const chunks = this.#chunks;
    if (!reverse) {
      const before = (ci: number, o: number) => ci < endChunk || (ci === endChunk && o < endOffset);
      for (let ci = startChunk, o = startOffset; before(ci, o); ) {
        const chunk = chunks[ci]!;
        const stop = ci === endChunk ? endOffset : chunk.length;
        for (; o < stop; o++) if (!visit(chunk[o]!)) return;
        ci++;
        o = 0;
      }
      return;
    }
    const after = (ci: number, o: number) =>
      ci > startChunk || (ci === startChunk && o >= startOffset);
    for (let ci = endChunk, o = endOffset - 1; after(ci, o); ) {
      if (o < 0) {
        ci--;
        o = (chunks[ci]?.length ?? 0) - 1;
        continue;
      }
      const chunk = chunks[ci]!;
      const stop = ci === startChunk ? startOffset : 0;
      for (; o >= stop; o--) if (!visit(chunk[o]!)) return;
    }
  }

  /** First position inside the lower bound. */
  #lowerPosition(lower: ProbeBound<T> | undefined): [number, number] {
    if (lower === undefined) return [0, 0];
    const { probe, inclusive } = lower;
    return this.#firstWhere(inclusive ? (item) => probe(item) >= 0 : (item) => probe(item) > 0);
  }

  /** First position past the upper bound (exclusive end). */
  #upperPosition(upper: ProbeBound<T> | undefined): [number, number] {
    if (upper === undefined) return [this.#chunks.length, 0];
    const { probe, inclusive } = upper;
    return this.#firstWhere(inclusive ? (item) => probe(item) > 0 : (item) => probe(item) >= 0);
  }

  /** Checks the structural invariants (tests and debugging). */
  checkInvariants(): void {
    let count = 0;
    let previous: T | undefined;
    for (const chunk of this.#chunks) {
      assert(chunk.length > 0 && chunk.length <= this.#chunkItemsMax, "chunk size");
      for (const item of chunk) {
        if (previous !== undefined) assert(this.#compare(previous, item) < 0, "order");
        previous = item;
        count++;
      }
    }
    assert(count === this.#size, "size");
  }
}
