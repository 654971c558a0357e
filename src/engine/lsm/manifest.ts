/**
 * The manifest: the one durable description of an LSM tree's state. It names every live SST per
 * level, the last sequence number the SSTs cover, the binlog position from which recovery must
 * replay (the binlog is the write-ahead log), and the next unused SST id.
 *
 * A `Manifest` is an immutable value: it is produced by pure functions (`emptyManifest`,
 * `applyEdit`, `withWriterEpoch`) and never mutated, so a reader holding one sees a consistent
 * tree for as long as it holds it. Each change yields a new manifest with manifest sequence + 1;
 * the store writes it as `manifest/<epoch>-<seq>` (ARCHITECTURE.md §3).
 *
 * Invariants (checked by manifest-invariants.ts, not here, so a decoded manifest can be checked
 * and reported on instead of crashing the reader):
 * - exactly LSM_LEVEL_COUNT levels; L0 is ordered newest first and its SSTs may overlap; L1+ are
 *   sorted by smallest key and do not overlap by user key;
 * - SST ids are unique and below `nextSstId`; every SST's sequences are <= `lastSequence`.
 */

import { assert } from "../../util/assert.ts";
import { compareInternalKeys } from "./internal-key.ts";

/** The manifest layout version that `manifest-format.ts` writes. */
export const MANIFEST_FORMAT_VERSION = 1;

/** Levels L0..L6. */
export const LSM_LEVEL_COUNT = 7;

/** A position in the binlog: file number (binlog.NNNNNN) and byte offset within it. */
export interface BinlogPosition {
  readonly file: number;
  readonly offset: number;
}

/** One live SST as the manifest records it. Keys are internal keys (internal-key.ts). */
export interface SstDescriptor {
  readonly id: bigint;
  readonly sizeBytes: number;
  readonly smallestKey: Uint8Array;
  readonly largestKey: Uint8Array;
  readonly smallestSequence: bigint;
  readonly largestSequence: bigint;
  readonly entryCount: number;
}

export interface Manifest {
  readonly formatVersion: number;
  /** The epoch of the writer that wrote this manifest (fencing, ARCHITECTURE.md §3 rule 2). */
  readonly writerEpoch: bigint;
  /** This manifest's position in the chain of manifests. */
  readonly manifestSequence: bigint;
  /** The largest sequence number whose write is contained in the SSTs. */
  readonly lastSequence: bigint;
  /** Recovery replays the binlog from here; everything before it is in the SSTs. */
  readonly binlogPosition: BinlogPosition;
  /** The id the next new SST gets; ids are never reused. */
  readonly nextSstId: bigint;
  /** levels[0] is L0, newest first; levels[1..] sorted by smallest key. */
  readonly levels: readonly (readonly SstDescriptor[])[];
}

/** An SST to add to a level. */
export interface SstAddition {
  readonly level: number;
  readonly sst: SstDescriptor;
}

/** An SST to remove from a level, by id. */
export interface SstRemoval {
  readonly level: number;
  readonly id: bigint;
}

/**
 * One atomic change to the tree: a flush (adds L0 SSTs, advances last sequence and binlog
 * position) or a compaction (removes inputs, adds outputs). Fields left out keep their value.
 * L0 additions are listed newest first and go in front of the existing L0 SSTs.
 */
export interface ManifestEdit {
  readonly removed?: readonly SstRemoval[];
  readonly added?: readonly SstAddition[];
  readonly lastSequence?: bigint;
  readonly binlogPosition?: BinlogPosition;
  readonly nextSstId?: bigint;
}

/** The manifest of an empty tree, as the first writer of a branch creates it. */
export function emptyManifest(writerEpoch: bigint): Manifest {
  assert(writerEpoch >= 0n, "manifest: negative writer epoch");
  return {
    formatVersion: MANIFEST_FORMAT_VERSION,
    writerEpoch,
    manifestSequence: 0n,
    lastSequence: 0n,
    binlogPosition: { file: 0, offset: 0 },
    nextSstId: 0n,
    levels: Array.from({ length: LSM_LEVEL_COUNT }, () => []),
  };
}

/** Orders binlog positions: by file, then offset. */
export function compareBinlogPositions(a: BinlogPosition, b: BinlogPosition): number {
  if (a.file !== b.file) return a.file - b.file;
  return a.offset - b.offset;
}

function assertLevel(level: number): void {
  assert(Number.isInteger(level) && level >= 0 && level < LSM_LEVEL_COUNT, `bad level ${level}`);
}

/**
 * The manifest after `edit`, with manifest sequence + 1. Asserts that every removed SST exists
 * and that last sequence, binlog position and next SST id do not move backwards: an edit that
 * breaks those is a programmer error. Whether the result keeps the level invariants is the job
 * of `checkManifestInvariants`, which the writer runs before every manifest write.
 */
export function applyEdit(manifest: Manifest, edit: ManifestEdit): Manifest {
  const levels = manifest.levels.map((level) => level.slice());
  for (const removal of edit.removed ?? []) {
    assertLevel(removal.level);
    const level = levels[removal.level]!;
    const index = level.findIndex((sst) => sst.id === removal.id);
    assert(index >= 0, `manifest edit removes unknown SST ${removal.id} from L${removal.level}`);
    level.splice(index, 1);
  }
  const addedToL0: SstDescriptor[] = [];
  for (const addition of edit.added ?? []) {
    assertLevel(addition.level);
    if (addition.level === 0) addedToL0.push(addition.sst);
    else levels[addition.level]!.push(addition.sst);
  }
  levels[0] = [...addedToL0, ...levels[0]!];
  for (let level = 1; level < levels.length; level++) {
    levels[level]!.sort((a, b) => compareInternalKeys(a.smallestKey, b.smallestKey));
  }
  const lastSequence = edit.lastSequence ?? manifest.lastSequence;
  const binlogPosition = edit.binlogPosition ?? manifest.binlogPosition;
  const nextSstId = edit.nextSstId ?? manifest.nextSstId;
  assert(lastSequence >= manifest.lastSequence, "manifest edit moves last sequence backwards");
  assert(
    compareBinlogPositions(binlogPosition, manifest.binlogPosition) >= 0,
    "manifest edit moves the binlog position backwards",
  );
  assert(nextSstId >= manifest.nextSstId, "manifest edit moves next SST id backwards");
  return {
    ...manifest,
    manifestSequence: manifest.manifestSequence + 1n,
    lastSequence,
    binlogPosition,
    nextSstId,
    levels,
  };
}

/**
 * The manifest a new writer publishes after winning epoch `writerEpoch` (higher than the
 * current one): same tree, new epoch, manifest sequence + 1.
 */
export function withWriterEpoch(manifest: Manifest, writerEpoch: bigint): Manifest {
  assert(writerEpoch > manifest.writerEpoch, "a new writer epoch must be higher");
  return { ...manifest, writerEpoch, manifestSequence: manifest.manifestSequence + 1n };
}

/** Every SST in the manifest, L0 first, with its level. */
export function* manifestSsts(manifest: Manifest): Generator<SstAddition> {
  for (let level = 0; level < manifest.levels.length; level++) {
    for (const sst of manifest.levels[level]!) yield { level, sst };
  }
}
