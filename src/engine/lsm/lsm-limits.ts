/**
 * The size and count limits of one LsmEngine, resolved from its options with defaults from
 * constants.ts and checked against each other once at open.
 */

import {
  lsmL0CompactionTriggerDefault,
  lsmL0StopWritesTriggerDefault,
  lsmLevelBaseBytesDefault,
  lsmMemtableBytesDefault,
  lsmTargetFileBytesDefault,
} from "../../constants.ts";
import { assert } from "../../util/assert.ts";

/** The optional limit fields of LsmEngineOptions. */
export interface LsmLimitOptions {
  readonly memtableBytes?: number;
  readonly l0CompactionTrigger?: number;
  readonly l0StopWritesTrigger?: number;
  readonly levelBaseBytes?: number;
  readonly targetFileBytes?: number;
}

export interface LsmLimits {
  readonly memtableBytes: number;
  readonly l0CompactionTrigger: number;
  readonly l0StopWritesTrigger: number;
  readonly levelBaseBytes: number;
  readonly targetFileBytes: number;
}

export function limitsOf(options: LsmLimitOptions): LsmLimits {
  const limits = {
    memtableBytes: options.memtableBytes ?? lsmMemtableBytesDefault,
    l0CompactionTrigger: options.l0CompactionTrigger ?? lsmL0CompactionTriggerDefault,
    l0StopWritesTrigger: options.l0StopWritesTrigger ?? lsmL0StopWritesTriggerDefault,
    levelBaseBytes: options.levelBaseBytes ?? lsmLevelBaseBytesDefault,
    targetFileBytes: options.targetFileBytes ?? lsmTargetFileBytesDefault,
  };
  assert(limits.memtableBytes >= 1, "memtableBytes >= 1");
  assert(limits.l0CompactionTrigger >= 1, "l0CompactionTrigger >= 1");
  assert(limits.l0StopWritesTrigger > limits.l0CompactionTrigger, "stop trigger > compaction");
  assert(limits.levelBaseBytes >= 1 && limits.targetFileBytes >= 1, "level sizes >= 1");
  return limits;
}

