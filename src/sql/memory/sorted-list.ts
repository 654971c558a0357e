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
  /** The bound's numeric prefix (see SortedList's `prefixOf`), when it has one. */
  readonly prefix?: number | undefined;
}

/**
 * A search target: the first item with `order(item) >= 0` (`> 0` when strict). A numeric
 * prefix, when both sides have one, settles most comparisons without touching the item.
 */
interface Target<T> {
  readonly order: (item: T) => number;
  readonly prefix: number | undefined;
  readonly strict: boolean;
}

export class SortedList<T> {
  readonly #compare: (a: T, b: T) => number;
  readonly #chunkItemsMax: number;
  readonly #prefixOf: ((item: T) => number) | undefined;
  #chunks: T[][] = [];
  /** Parallel to #chunks when #prefixOf is set: each item's numeric prefix. */
  #prefixes: number[][] = [];
  #size = 0;

  /**
   * `prefixOf`, optional, maps an item to a number such that prefixOf(a) < prefixOf(b) implies
   * a < b (a coarse, monotone view of the first key part). Searches compare these numbers from
   * flat arrays first, which avoids chasing pointers into items on large lists.
   */
  constructor(
    compare: (a: T, b: T) => number,
    chunkItemsMax = sortedListChunkItemsMax,
    prefixOf?: (item: T) => number,
  ) {
    assert(chunkItemsMax >= 4);
    this.#compare = compare;
    this.#chunkItemsMax = chunkItemsMax;
    this.#prefixOf = prefixOf;
  }

  get size(): number {
    return this.#size;
  }

  #itemTarget(probe: T): Target<T> {
    const compare = this.#compare;
    const prefix = this.#prefixOf?.(probe);
    return { order: (item) => compare(item, probe), prefix, strict: false };
  }

  /** Whether the item at (chunk, offset) is at or after `target`. */
  #atOrAfter(chunkIndex: number, offset: number, target: Target<T>): boolean {
    if (target.prefix !== undefined && this.#prefixOf !== undefined) {
      const prefix = this.#prefixes[chunkIndex]![offset]!;
      if (prefix < target.prefix) return false;
      if (prefix > target.prefix) return true;
    }
    const order = target.order(this.#chunks[chunkIndex]![offset]!);
    return target.strict ? order > 0 : order >= 0;
  }

  /** Position of the first item at or after `target`, as [chunk, offset]. */
  #firstWhere(target: Target<T>): [number, number] {
    const chunks = this.#chunks;
    let low = 0;
    let high = chunks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#atOrAfter(mid, chunks[mid]!.length - 1, target)) high = mid;
      else low = mid + 1;
    }
    const chunkIndex = low;
    const chunk = chunks[chunkIndex];
    if (chunk === undefined) return [chunkIndex, 0];
    low = 0;
    high = chunk.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#atOrAfter(chunkIndex, mid, target)) high = mid;
      else low = mid + 1;
    }
    return [chunkIndex, low];
  }

  /** The stored item equal to `probe`, if any. */
  find(probe: T): T | undefined {
    const [ci, offset] = this.#firstWhere(this.#itemTarget(probe));
    const item = this.#chunks[ci]?.[offset];
    return item !== undefined && this.#compare(item, probe) === 0 ? item : undefined;
  }

  /** Inserts `item`; returns false (and changes nothing) when an equal item is present. */
  insert(item: T): boolean {
    const chunks = this.#chunks;
    const last = chunks[chunks.length - 1];
    const prefix = this.#prefixOf?.(item) ?? 0;
    if (last === undefined) {
      chunks.push([item]);
      this.#prefixes.push([prefix]);
      this.#size++;
      return true;
    }
    const order = this.#compare(item, last[last.length - 1]!);
    if (order > 0) return this.#append(item, prefix);
    if (order === 0) return false;
    const [ci, offset] = this.#firstWhere(this.#itemTarget(item));
    const chunk = chunks[ci]!;
    if (this.#compare(chunk[offset]!, item) === 0) return false;
    const prefixes = this.#prefixes[ci]!;
    chunk.splice(offset, 0, item);
    if (this.#prefixOf !== undefined) prefixes.splice(offset, 0, prefix);
    this.#size++;
    if (chunk.length > this.#chunkItemsMax) {
      const half = chunk.length >>> 1;
      chunks.splice(ci + 1, 0, chunk.splice(half));
      this.#prefixes.splice(ci + 1, 0, prefixes.splice(half));
    }
    return true;
  }

  #append(item: T, prefix: number): boolean {
    const chunks = this.#chunks;
    const last = chunks[chunks.length - 1]!;
    if (last.length >= this.#chunkItemsMax) {
      chunks.push([item]);
      this.#prefixes.push([prefix]);
    } else {
      last.push(item);
      if (this.#prefixOf !== undefined) this.#prefixes[chunks.length - 1]!.push(prefix);
    }
    this.#size++;
    return true;
  }

  /** Removes the item equal to `probe`; returns whether one was present. */
  delete(probe: T): boolean {
    const [ci, offset] = this.#firstWhere(this.#itemTarget(probe));
    const chunk = this.#chunks[ci];
    if (chunk === undefined || this.#compare(chunk[offset]!, probe) !== 0) return false;
    chunk.splice(offset, 1);
    if (this.#prefixOf !== undefined) this.#prefixes[ci]!.splice(offset, 1);
    this.#size--;
    if (chunk.length === 0) {
      this.#chunks.splice(ci, 1);
      this.#prefixes.splice(ci, 1);
    }
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
    const target = { order: lower.probe, prefix: lower.prefix, strict: !lower.inclusive };
    return this.#firstWhere(target);
  }

  /** First position past the upper bound (exclusive end). */
  #upperPosition(upper: ProbeBound<T> | undefined): [number, number] {
    if (upper === undefined) return [this.#chunks.length, 0];
    const target = { order: upper.probe, prefix: upper.prefix, strict: upper.inclusive };
    return this.#firstWhere(target);
  }

  /** Checks the structural invariants (tests and debugging). */
  checkInvariants(): void {
    let count = 0;
    let previous: T | undefined;
    this.#chunks.forEach((chunk, ci) => {
      assert(chunk.length > 0 && chunk.length <= this.#chunkItemsMax, "chunk size");
      const prefixes = this.#prefixes[ci]!;
      if (this.#prefixOf !== undefined) assert(prefixes.length === chunk.length, "prefixes");
      chunk.forEach((item, offset) => {
        if (previous !== undefined) assert(this.#compare(previous, item) < 0, "order");
        if (this.#prefixOf !== undefined) assert(prefixes[offset] === this.#prefixOf(item));
        previous = item;
        count++;
      });
    });
    assert(this.#prefixes.length === this.#chunks.length, "prefix chunks");
    assert(count === this.#size, "size");
  }
}
