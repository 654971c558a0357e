/**
 * The SST a frozen memtable becomes. A flush drops what no reader can see by the same rule as a
 * compaction (shadowed-versions.ts; RocksDB's flush does the same): a version shadowed by a newer
 * version of the same user key that the oldest live snapshot already sees.
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
import type { Memtable } from "./memtable.ts";
import { ShadowedVersions } from "./shadowed-versions.ts";
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
  const versions = new ShadowedVersions(oldestSnapshot);
  const iterator = memtable.iterator();
  let droppedEntries = 0;
  for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
    const key = iterator.key();
    if (versions.shadowed(key)) {
      droppedEntries++;
      continue;
    }
    output.add(key, iterator.value());
  }
  assert(output.entryCount > 0, "memtable flush: an empty memtable");
  return { output, droppedEntries };
}
