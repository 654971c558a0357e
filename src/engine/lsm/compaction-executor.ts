/**
 * The compaction executor: does the I/O for one Compaction the picker chose (compaction-
 * picker.ts). It merges the inputs through a MergeIterator, drops what no reader can see, writes
 * the survivors to new SSTs in level + 1 cut at `targetFileBytes`, uploads them, and returns the
 * manifest edit; the engine applies the edit under its manifest lock.
 *
 * What is dropped (leveldb's DoCompactionWork):
 * - a version shadowed by a newer version of the same user key that the oldest live snapshot
 *   already sees (no snapshot can read the older one; shadowed-versions.ts, shared with flushes);
 * - a deletion the oldest snapshot sees, when no level below the output holds the key (so no
 *   older version can resurface); the versions under it then fall under the rule above.
 *
 * Outputs are cut only between user keys, so a user key lives in one SST of its level, as the
 * manifest invariants require. Inputs stream through compaction-input.ts: a block or two per
 * input in memory, read with fillCache = false so foreground reads keep their cached blocks.
 */

import { assert } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import type { SstCompression } from "../sst/sst-format.ts";
import type { SstReader } from "../sst/sst-reader.ts";
import type { Compaction } from "./compaction-picker.ts";
import { KeyKind, internalKeyKind, internalKeyUserKey } from "./internal-key.ts";
import type { Manifest, ManifestEdit, SstDescriptor } from "./manifest.ts";
import { mergeCompactionInputs } from "./compaction-input.ts";
import { ShadowedVersions } from "./shadowed-versions.ts";
import { type FinishedSst, SstOutput } from "./sst-output.ts";

export interface CompactionContext {
  /** The manifest the compaction was picked from (for the base-level test). */
  readonly manifest: Manifest;
  readonly compaction: Compaction;
  /** Versions this sequence sees may shadow older ones; no snapshot is older. */
  readonly oldestSnapshot: bigint;
  readonly targetFileBytes: number;
  readonly compression: SstCompression;
  readonly reader: (sst: SstDescriptor) => Promise<SstReader>;
  readonly allocateSstId: () => bigint;
  /** Stores a finished SST (putIfAbsent under its key). */
  readonly upload: (sst: FinishedSst) => Promise<void>;
}

export interface CompactionResult {
  readonly edit: ManifestEdit;
  readonly outputs: readonly SstDescriptor[];
  readonly droppedEntries: number;
}

/** Runs `context.compaction` and returns the edit that installs its outputs. */
export async function executeCompaction(context: CompactionContext): Promise<CompactionResult> {
  const { compaction } = context;
  const outputLevel = compaction.level + 1;
  const inputs = [...compaction.inputs, ...compaction.overlapping];
  assert(inputs.length > 0, "compaction without inputs");
  const readers = await Promise.all(inputs.map((sst) => context.reader(sst)));
  const finished: FinishedSst[] = [];
  let output: SstOutput | undefined;
  const versions = new ShadowedVersions(context.oldestSnapshot);
  let droppedEntries = 0;
  await mergeCompactionInputs(readers, (internalKey, value) => {
    const shadowed = versions.shadowed(internalKey);
    if (versions.startedUserKey && output !== undefined) {
      if (output.rawBytes >= context.targetFileBytes) {
        finished.push(output.finish(context.allocateSstId()));
        output = undefined;
      }
    }
    const obsoleteDeletion =
      !shadowed &&
      internalKeyKind(internalKey) === KeyKind.Deletion &&
      versions.seenByOldest(internalKey) &&
      isBaseLevelForKey(context.manifest, outputLevel, internalKeyUserKey(internalKey));
    if (shadowed || obsoleteDeletion) {
      droppedEntries++;
      return;
    }
    output ??= new SstOutput(context.compression);
    output.add(internalKey, value);
  });
  if (output !== undefined) finished.push(output.finish(context.allocateSstId()));
  await Promise.all(finished.map((sst) => context.upload(sst)));
  const outputs = finished.map((sst) => sst.descriptor);
  return {
    edit: {
      removed: [
        ...compaction.inputs.map((sst) => ({ level: compaction.level, id: sst.id })),
        ...compaction.overlapping.map((sst) => ({ level: outputLevel, id: sst.id })),
      ],
      added: outputs.map((sst) => ({ level: outputLevel, sst })),
    },
    outputs,
    droppedEntries,
  };
}

/** True when no level below `outputLevel` may hold a version of `userKey`. */
function isBaseLevelForKey(manifest: Manifest, outputLevel: number, userKey: Uint8Array): boolean {
  for (let level = outputLevel + 1; level < manifest.levels.length; level++) {
    for (const sst of manifest.levels[level]!) {
      const below = compareBytes(userKey, internalKeyUserKey(sst.smallestKey)) < 0;
      const above = compareBytes(userKey, internalKeyUserKey(sst.largestKey)) > 0;
      if (!below && !above) return false;
    }
  }
  return true;
}
