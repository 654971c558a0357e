/**
 * LsmStats: a point-in-time report of an LsmEngine (memtables, levels, background work counts,
 * block cache), for SHOW ENGINE status output, benchmarks and tests.
 */

import type { BlockCacheStats } from "../sst/block-cache.ts";

export interface LsmLevelStats {
  readonly fileCount: number;
  readonly bytes: number;
}

export interface LsmStats {
  readonly memtableBytes: number;
  readonly immutableCount: number;
  readonly levels: readonly LsmLevelStats[];
  readonly flushes: number;
  readonly compactions: number;
  readonly stallCount: number;
  readonly snapshotCount: number;
  readonly openReaderCount: number;
  readonly deletedSstCount: number;
  readonly blockCache: BlockCacheStats;
}

