/**
 * The compaction policy, as a pure function (SlateDB splits policy from execution the same way):
 * given a manifest and the options it returns the one compaction most worth doing, or undefined.
 * No I/O and no state, so it is tested table-driven.
 *
 * Policy (leveled, as leveldb's VersionSet::Finalize / PickCompaction):
 * - L0 score = L0 file count / l0CompactionTrigger. L0 files overlap, so an L0 compaction takes
 *   every L0 file (taking only some could leave an older version in L0 above a newer one in L1).
 * - Ln score (1 <= n < last level) = level bytes / (levelBaseBytes × 10^(n-1)).
 * - The level with the highest score >= 1 is compacted; from Ln it takes the one file whose
 *   overlap with Ln+1 is smallest relative to its size (RocksDB's kMinOverlappingRatio), so the
 *   write amplification of each step stays low; ties go to the file with the smallest keys.
 * - Ln+1 inputs are every file whose user-key range overlaps the Ln inputs' range. Because Ln+1
 *   files are disjoint and sorted, the outputs then cannot overlap the files left in Ln+1.
 */

import { compareBytes } from "../../util/bytes.ts";
import { assert } from "../../util/assert.ts";
import { internalKeyUserKey } from "./internal-key.ts";
import { LSM_LEVEL_COUNT, type Manifest, type SstDescriptor } from "./manifest.ts";

export interface CompactionPickerOptions {
  readonly l0CompactionTrigger: number;
  readonly levelBaseBytes: number;
}

export type CompactionReason = "l0-file-count" | "level-size";

export interface Compaction {
  readonly reason: CompactionReason;
  /** The level the inputs come from; outputs go to level + 1. */
  readonly level: number;
  readonly score: number;
  /** Inputs from `level` (for L0, newest first as in the manifest). */
  readonly inputs: readonly SstDescriptor[];
  /** Inputs from `level + 1`, sorted by key. */
  readonly overlapping: readonly SstDescriptor[];
}

/** The byte target of level `level` (>= 1). */
export function levelTargetBytes(level: number, levelBaseBytes: number): number {
  assert(level >= 1 && level < LSM_LEVEL_COUNT, `no byte target for L${level}`);
  return levelBaseBytes * 10 ** (level - 1);
}

export function levelBytes(ssts: readonly SstDescriptor[]): number {
  let total = 0;
  for (const sst of ssts) total += sst.sizeBytes;
  return total;
}

/** Score of each level that may be compacted (L0..L5); the last level has none. */
export function levelScores(manifest: Manifest, options: CompactionPickerOptions): number[] {
  const scores: number[] = [manifest.levels[0]!.length / options.l0CompactionTrigger];
  for (let level = 1; level < LSM_LEVEL_COUNT - 1; level++) {
    const target = levelTargetBytes(level, options.levelBaseBytes);
    scores.push(levelBytes(manifest.levels[level]!) / target);
  }
  return scores;
}

/** The compaction to run next, or undefined when every score is below 1. */
export function pickCompaction(
  manifest: Manifest,
  options: CompactionPickerOptions,
): Compaction | undefined {
  assert(options.l0CompactionTrigger >= 1, "l0CompactionTrigger >= 1");
  assert(options.levelBaseBytes >= 1, "levelBaseBytes >= 1");
  const scores = levelScores(manifest, options);
  let best = -1;
  for (let level = 0; level < scores.length; level++) {
    if (scores[level]! >= 1 && (best < 0 || scores[level]! > scores[best]!)) best = level;
  }
  if (best < 0) return undefined;
  const next = manifest.levels[best + 1]!;
  if (best === 0) {
    const inputs = manifest.levels[0]!;
    return {
      reason: "l0-file-count",
      level: 0,
      score: scores[0]!,
      inputs,
      overlapping: overlappingFiles(next, userKeyRange(inputs)),
    };
  }
  const chosen = leastOverlapping(manifest.levels[best]!, next);
  return {
    reason: "level-size",
    level: best,
    score: scores[best]!,
    inputs: [chosen.sst],
    overlapping: chosen.overlapping,
  };
}

export interface UserKeyRange {
  readonly smallest: Uint8Array;
  readonly largest: Uint8Array;
}

/** The user-key range covering every SST of `ssts` (non-empty). */
export function userKeyRange(ssts: readonly SstDescriptor[]): UserKeyRange {
  assert(ssts.length > 0, "key range of no SSTs");
  let smallest = internalKeyUserKey(ssts[0]!.smallestKey);
  let largest = internalKeyUserKey(ssts[0]!.largestKey);
  for (const sst of ssts) {
    const low = internalKeyUserKey(sst.smallestKey);
    const high = internalKeyUserKey(sst.largestKey);
    if (compareBytes(low, smallest) < 0) smallest = low;
    if (compareBytes(high, largest) > 0) largest = high;
  }
  return { smallest, largest };
}

/** True when the SST's user keys intersect `range`. */
export function sstOverlaps(sst: SstDescriptor, range: UserKeyRange): boolean {
  if (compareBytes(internalKeyUserKey(sst.largestKey), range.smallest) < 0) return false;
  return compareBytes(internalKeyUserKey(sst.smallestKey), range.largest) <= 0;
}

/** The SSTs of a sorted level that intersect `range`, in level order. */
export function overlappingFiles(
  level: readonly SstDescriptor[],
  range: UserKeyRange,
): SstDescriptor[] {
  return level.filter((sst) => sstOverlaps(sst, range));
}

function leastOverlapping(
  level: readonly SstDescriptor[],
  next: readonly SstDescriptor[],
): { sst: SstDescriptor; overlapping: SstDescriptor[] } {
  assert(level.length > 0, "picking from an empty level");
  let best: { sst: SstDescriptor; overlapping: SstDescriptor[]; ratio: number } | undefined;
  for (const sst of level) {
    const overlapping = overlappingFiles(next, userKeyRange([sst]));
    const ratio = levelBytes(overlapping) / Math.max(1, sst.sizeBytes);
    if (best === undefined || ratio < best.ratio) best = { sst, overlapping, ratio };
  }
  return best!;
}
