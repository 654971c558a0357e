/**
 * ProjectionMasks: the decodeRow masks (row-codec.ts) of one table's SELECT projections, made
 * once per columns array. Query plans pass the same `ScanOptions.columns` array on every
 * execution, so the array object is the cache key (a WeakMap: a dropped plan frees its masks).
 *
 * Invariants:
 * - A mask has one byte per schema column, 1 for a column the caller reads. A secondary-index
 *   scan's mask also wants the index's columns: the scan re-derives each row's index entry to
 *   drop stale entries, and that needs those values.
 * - No projection, or one that reads every column, yields undefined: decode the whole row (the
 *   cheaper loop). Writer paths never ask for a mask.
 * - A cached mask is used only while its width equals the schema's; otherwise it is rebuilt.
 */

import { assert } from "../util/assert.ts";
import type { IndexLayout } from "./table-layout.ts";

/** What a cache holds per columns array: null means "decode every column". */
type CachedMask = Uint8Array | null;

export class ProjectionMasks {
  readonly #plain = new WeakMap<readonly number[], CachedMask>();
  readonly #byIndex = new WeakMap<IndexLayout, WeakMap<readonly number[], CachedMask>>();
  /** The last plain lookup, checked by identity first (point selects repeat one plan). */
  #lastColumns: readonly number[] | undefined;
  #lastMask: CachedMask = null;

  /** The mask of a primary-key read of `columns` over `width` schema columns. */
  plain(columns: readonly number[] | undefined, width: number): Uint8Array | undefined {
    if (columns === undefined) return undefined;
    if (columns === this.#lastColumns && widthOf(this.#lastMask, width)) {
      return this.#lastMask ?? undefined;
    }
    let mask = this.#plain.get(columns);
    if (mask === undefined || !widthOf(mask, width)) {
      mask = newMask(columns, width, undefined);
      this.#plain.set(columns, mask);
    }
    this.#lastColumns = columns;
    this.#lastMask = mask;
    return mask ?? undefined;
  }

  /** The mask of a scan of secondary `index` reading `columns` (plus the index's columns). */
  secondary(
    columns: readonly number[] | undefined,
    width: number,
    index: IndexLayout,
  ): Uint8Array | undefined {
    if (columns === undefined) return undefined;
    let cache = this.#byIndex.get(index);
    if (cache === undefined) {
      cache = new WeakMap();
      this.#byIndex.set(index, cache);
    }
    let mask = cache.get(columns);
    if (mask === undefined || !widthOf(mask, width)) {
      mask = newMask(columns, width, index.positions);
      cache.set(columns, mask);
    }
    return mask ?? undefined;
  }
}

/** Whether a cached mask fits a schema of `width` columns (null fits any: full decode). */
function widthOf(mask: CachedMask, width: number): boolean {
  return mask === null || mask.length === width;
}

function newMask(
  columns: readonly number[],
  width: number,
  extra: readonly number[] | undefined,
): CachedMask {
  const mask = new Uint8Array(width);
  let wanted = 0;
  const want = (position: number): void => {
    assert(Number.isInteger(position) && position >= 0 && position < width, "column in schema");
    if (mask[position] === 0) wanted++;
    mask[position] = 1;
  };
  for (const position of columns) want(position);
  if (extra !== undefined) for (const position of extra) want(position);
  return wanted === width ? null : mask;
}
