/**
 * Point lookup in the SSTs of one manifest (leveldb's Version::Get): L0 newest first (its SSTs
 * overlap, so each whose key range holds the key is probed), then one SST per deeper level,
 * found by binary search over the level's disjoint, sorted key ranges. Each probe asks the bloom
 * filter first and reads at most one data block, through the block cache. The first version
 * found is the newest visible one, because every level holds only older data than the ones
 * above it.
 */

import { SstReader } from "../sst/sst-reader.ts";
import { KeyKind, type LookupKey, compareUserKeyOf, internalKeyKind } from "./internal-key.ts";
import type { Manifest, SstDescriptor } from "./manifest.ts";
import type { MemtableGetResult } from "./memtable.ts";

const ABSENT: MemtableGetResult = { kind: "absent" };
const DELETED: MemtableGetResult = { kind: "deleted" };

/** The reader of an SST: synchronously when it is already open, else a promise. */
export type ReaderOf = (sst: SstDescriptor) => SstReader | Promise<SstReader>;

export async function lookupInSsts(
  manifest: Manifest,
  lookup: LookupKey,
  readerOf: ReaderOf,
): Promise<MemtableGetResult> {
  const userKey = lookup.userKey;
  for (const sst of manifest.levels[0]!) {
    if (!holdsUserKey(sst, userKey)) continue;
    const found = await probe(sst, lookup, readerOf);
    if (found.kind !== "absent") return found;
  }
  for (let level = 1; level < manifest.levels.length; level++) {
    const sst = findInSortedLevel(manifest.levels[level]!, userKey);
    if (sst === undefined) continue;
    const found = await probe(sst, lookup, readerOf);
    if (found.kind !== "absent") return found;
  }
  return ABSENT;
}

// Bounds are compared in place (compareUserKeyOf), not through a user-key view: these run for
// every L0 file and every level on every point read.

function holdsUserKey(sst: SstDescriptor, userKey: Uint8Array): boolean {
  if (compareUserKeyOf(sst.smallestKey, userKey) > 0) return false;
  return compareUserKeyOf(sst.largestKey, userKey) >= 0;
}

/** The only SST of a sorted, disjoint level whose range may hold `userKey`. */
export function findInSortedLevel(
  level: readonly SstDescriptor[],
  userKey: Uint8Array,
): SstDescriptor | undefined {
  let low = 0;
  let high = level.length;
  // First SST whose largest user key is >= userKey.
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareUserKeyOf(level[middle]!.largestKey, userKey) < 0) low = middle + 1;
    else high = middle;
  }
  const sst = level[low];
  if (sst === undefined) return undefined;
  return compareUserKeyOf(sst.smallestKey, userKey) <= 0 ? sst : undefined;
}

async function probe(
  sst: SstDescriptor,
  lookup: LookupKey,
  readerOf: ReaderOf,
): Promise<MemtableGetResult> {
  const open = readerOf(sst);
  // An open reader costs no extra promise turn: most probes hit readers opened long ago.
  const reader = open instanceof SstReader ? open : await open;
  if (!reader.mayContain(lookup.userKey)) return ABSENT;
  const entry = await reader.get(lookup.internalKey);
  if (entry === undefined || compareUserKeyOf(entry.key, lookup.userKey) !== 0) {
    return ABSENT;
  }
  return internalKeyKind(entry.key) === KeyKind.Deletion
    ? DELETED
    : { kind: "value", value: entry.value };
}
