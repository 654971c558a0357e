/**
 * The ordering and paging every provider's `list` applies, in one place so they agree: keys
 * sorted ascending (JavaScript string order, which equals byte order for valid keys), then only
 * keys after `startAfter`, then at most `limit` of them.
 */

import { assert } from "../util/assert.ts";
import type { ListOptions } from "./object-store.ts";

export function checkListOptions(options: ListOptions): void {
  if (options.limit !== undefined) {
    assert(Number.isSafeInteger(options.limit) && options.limit > 0, "list: limit must be > 0");
  }
}

/** Sorts `keys` in place and returns the selected page. */
export function selectListed(keys: string[], options: ListOptions): string[] {
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const startAfter = options.startAfter;
  let start = 0;
  if (startAfter !== undefined) {
    while (start < keys.length && (keys[start] ?? "") <= startAfter) start++;
  }
  const end = options.limit === undefined ? keys.length : start + options.limit;
  return keys.slice(start, end);
}
