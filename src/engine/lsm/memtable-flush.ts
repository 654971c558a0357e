/**
 * The SST a frozen memtable becomes. A flush drops what no reader can see, as a compaction does
 * (compaction-executor.ts, leveldb's DoCompactionWork; RocksDB's flush does the same): a version
 * shadowed by a newer version of the same user key that the oldest live snapshot already sees.
 * A key updated hundreds of times between flushes (sysbench's hot rows) then reaches L0 as one
 * version instead of hundreds, which scans and compactions would otherwise step over.
 *
 * Deletions are kept: older versions of their keys may live in the levels below, and only a
 * compaction into the base level for the key may drop a deletion.
 *
 * Invariant: every user key keeps at least its newest version, and every version some live
 * snapshot (sequence >= oldestSnapshot) may read; so a read at any live or later snapshot sees
 * the same value through the SST as through the memtable.
 */

import { assert } from "../../util/assert.ts";
import type { SstCompression } from "../sst/sst-format.ts";
import {
  compareUserKeyOf,
  internalKeyUserKey,
  isVisibleAtSnapshot,
  snapshotTrailer,
} from "./internal-key.ts";
import type { Memtable } from "./memtable.ts";
import { SstOutput } from "./sst-output.ts";

export interface MemtableFlushOutput {
  readonly output: SstOutput;
  /** Versions left out because no snapshot can read them. */
  readonly droppedEntries: number;
}

/** Builds the SST for `memtable`. REQUIRES: the memtable has at least one entry. */
export function buildFlushOutput(
  memtable: Memtable,
  oldestSnapshot: bigint,
  compression: SstCompression,
): MemtableFlushOutput {
  const output = new SstOutput(compression);
  const oldest = snapshotTrailer(oldestSnapshot);
  const iterator = memtable.iterator();
  // The user key of the last entry kept: memtable keys are arena views that never change.
  let previousUserKey: Uint8Array | undefined;
  let previousSeenByOldest = false;
  let droppedEntries = 0;
  for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
    const key = iterator.key();
    const sameUserKey =
      previousUserKey !== undefined && compareUserKeyOf(key, previousUserKey) === 0;
    // Entries of one user key come newest first: once one the oldest snapshot sees has been
    // kept, every older one is invisible to every live and future reader.
    if (sameUserKey && previousSeenByOldest) {
      droppedEntries++;
      continue;
    }
    if (!sameUserKey) previousUserKey = internalKeyUserKey(key);
    previousSeenByOldest = isVisibleAtSnapshot(key, oldest);
    output.add(key, iterator.value());
  }
  assert(output.entryCount > 0, "memtable flush: an empty memtable");
  return { output, droppedEntries };
}
