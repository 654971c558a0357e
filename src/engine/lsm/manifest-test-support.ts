/**
 * Test support for manifest tests: builds SST descriptors and drives a seeded random sequence
 * of flushes and compactions through `applyEdit`, producing only edits a correct engine could
 * make, so every resulting manifest must pass the invariants.
 */

import { compareBytes } from "../../util/bytes.ts";
import type { Random } from "../../util/random.ts";
import { KeyKind, encodeInternalKey } from "./internal-key.ts";
import { LSM_LEVEL_COUNT, applyEdit } from "./manifest.ts";
import type { Manifest, ManifestEdit, SstAddition, SstDescriptor } from "./manifest.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** An SST over user keys [smallest, largest] and sequences [low, high]. */
export function makeSst(
  id: bigint,
  smallest: string | Uint8Array,
  largest: string | Uint8Array,
  low: bigint,
  high: bigint,
): SstDescriptor {
  const smallestUser = typeof smallest === "string" ? text(smallest) : smallest;
  const largestUser = typeof largest === "string" ? text(largest) : largest;
  return {
    id,
    sizeBytes: 4096 + Number(id),
    smallestKey: encodeInternalKey(smallestUser, high, KeyKind.Value),
    largestKey: encodeInternalKey(largestUser, low, KeyKind.Value),
    smallestSequence: low,
    largestSequence: high,
    entryCount: Number(high - low) + 1,
  };
}

function sortedDistinctKeys(random: Random, count: number): Uint8Array[] {
  const keys: Uint8Array[] = [];
  while (keys.length < count) {
    const key = random.bytes(1 + random.nextInt(4));
    if (!keys.some((existing) => compareBytes(existing, key) === 0)) keys.push(key);
  }
  return keys.sort(compareBytes);
}

function flushEdit(manifest: Manifest, random: Random): ManifestEdit {
  const low = manifest.lastSequence + 1n;
  const high = low + BigInt(random.nextInt(50));
  const [a, b] = sortedDistinctKeys(random, 2);
  const id = manifest.nextSstId;
  const file = manifest.binlogPosition.file + (random.nextInt(4) === 0 ? 1 : 0);
  const offset = file === manifest.binlogPosition.file ? manifest.binlogPosition.offset : 0;
  return {
    added: [{ level: 0, sst: makeSst(id, a!, b!, low, high) }],
    lastSequence: high,
    binlogPosition: { file, offset: offset + 1 + random.nextInt(1000) },
    nextSstId: id + 1n,
  };
}

/** Merges all of level `level` and `level + 1` into new non-overlapping SSTs in `level + 1`. */
function compactionEdit(manifest: Manifest, level: number, random: Random): ManifestEdit {
  const inputs = [...manifest.levels[level]!, ...manifest.levels[level + 1]!];
  let low = inputs[0]!.smallestSequence;
  let high = inputs[0]!.largestSequence;
  for (const sst of inputs) {
    if (sst.smallestSequence < low) low = sst.smallestSequence;
    if (sst.largestSequence > high) high = sst.largestSequence;
  }
  const outputs = 1 + random.nextInt(4);
  const keys = sortedDistinctKeys(random, outputs * 2);
  let nextId = manifest.nextSstId;
  const added: SstAddition[] = [];
  for (let i = 0; i < outputs; i++) {
    const sst = makeSst(nextId++, keys[2 * i]!, keys[2 * i + 1]!, low, high);
    added.push({ level: level + 1, sst });
  }
  return {
    removed: inputs.map((sst) => ({
      level: manifest.levels[level]!.includes(sst) ? level : level + 1,
      id: sst.id,
    })),
    added,
    nextSstId: nextId,
  };
}

/** One random valid edit: a flush, or a compaction of a non-empty level into the next. */
export function randomEdit(manifest: Manifest, random: Random): ManifestEdit {
  const level = random.nextInt(LSM_LEVEL_COUNT - 1);
  if (random.nextInt(3) === 0 && manifest.levels[level]!.length > 0) {
    return compactionEdit(manifest, level, random);
  }
  return flushEdit(manifest, random);
}

/** Applies `count` random edits, calling `visit` with each previous and next manifest. */
export function runRandomEdits(
  start: Manifest,
  random: Random,
  count: number,
  visit: (previous: Manifest, next: Manifest) => void,
): Manifest {
  let manifest = start;
  for (let i = 0; i < count; i++) {
    const next = applyEdit(manifest, randomEdit(manifest, random));
    visit(manifest, next);
    manifest = next;
  }
  return manifest;
}
