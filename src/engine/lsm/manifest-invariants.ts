/**
 * Manifest invariants (as SlateDB's manifest/invariants.rs): the rules every manifest must keep
 * before it is written and after it is read, and the rules between a manifest and the one it
 * follows. A writer runs `assertManifestInvariants` and `assertManifestSuccession` before every
 * manifest write; a reader runs the `check*` forms to report a bad stored manifest.
 *
 * Rules for one manifest (`ManifestRule`):
 * - format-version: the version is MANIFEST_FORMAT_VERSION;
 * - level-count: exactly LSM_LEVEL_COUNT levels;
 * - key-range: every SST's smallest key <= largest key (compareInternalKeys);
 * - sequence-range: every SST's smallest sequence <= largest sequence;
 * - sequence-beyond-last: every SST's largest sequence <= the manifest's last sequence;
 * - duplicate-sst-id: SST ids are unique across all levels;
 * - sst-id-not-below-next: every SST id < next SST id (ids are never reused);
 * - l0-order: L0 is newest first with disjoint sequence ranges: each SST's smallest sequence is
 *   greater than the next (older) SST's largest sequence, so a read may stop at the first L0
 *   SST that has the key;
 * - level-order / level-overlap: in L1+, SSTs are sorted by smallest key and the largest user
 *   key of each SST is below the smallest user key of the next, so one user key lives in at
 *   most one SST per level.
 *
 * Rules between a manifest and its successor (`SuccessionRule`):
 * - epoch-backwards: the writer epoch never decreases;
 * - manifest-sequence: within one epoch the sequence is previous + 1; a new epoch continues the
 *   chain with a higher sequence;
 * - last-sequence-backwards, binlog-position-backwards, next-sst-id-backwards: never decrease.
 */

import { AssertionError } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import { compareInternalKeys, internalKeyUserKey } from "./internal-key.ts";
import { LSM_LEVEL_COUNT, MANIFEST_FORMAT_VERSION, compareBinlogPositions } from "./manifest.ts";
import type { Manifest, SstDescriptor } from "./manifest.ts";

export type ManifestRule =
  | "format-version"
  | "level-count"
  | "key-range"
  | "sequence-range"
  | "sequence-beyond-last"
  | "duplicate-sst-id"
  | "sst-id-not-below-next"
  | "l0-order"
  | "level-order"
  | "level-overlap";

export type SuccessionRule =
  | "epoch-backwards"
  | "manifest-sequence"
  | "last-sequence-backwards"
  | "binlog-position-backwards"
  | "next-sst-id-backwards";

export interface Violation<Rule extends string> {
  readonly rule: Rule;
  readonly message: string;
}

type Report = (rule: ManifestRule, message: string) => void;

function checkSst(manifest: Manifest, level: number, sst: SstDescriptor, report: Report): void {
  const where = `L${level} SST ${sst.id}`;
  if (compareInternalKeys(sst.smallestKey, sst.largestKey) > 0) {
    report("key-range", `${where}: smallest key sorts after largest key`);
  }
  if (sst.smallestSequence > sst.largestSequence) {
    report("sequence-range", `${where}: smallest sequence > largest sequence`);
  }
  if (sst.largestSequence > manifest.lastSequence) {
    report(
      "sequence-beyond-last",
      `${where}: largest sequence ${sst.largestSequence} > last ${manifest.lastSequence}`,
    );
  }
  if (sst.id >= manifest.nextSstId) {
    report("sst-id-not-below-next", `${where}: id >= next SST id ${manifest.nextSstId}`);
  }
}

function checkSortedLevel(level: number, ssts: readonly SstDescriptor[], report: Report): void {
  for (let i = 1; i < ssts.length; i++) {
    const previous = ssts[i - 1]!;
    const current = ssts[i]!;
    if (compareInternalKeys(previous.smallestKey, current.smallestKey) > 0) {
      report("level-order", `L${level}: SST ${previous.id} sorts after SST ${current.id}`);
      continue; // Out-of-order neighbours overlap too; report the root cause once.
    }
    const previousLargest = internalKeyUserKey(previous.largestKey);
    const currentSmallest = internalKeyUserKey(current.smallestKey);
    if (compareBytes(previousLargest, currentSmallest) >= 0) {
      report("level-overlap", `L${level}: SSTs ${previous.id} and ${current.id} overlap`);
    }
  }
}

function checkL0(ssts: readonly SstDescriptor[], report: Report): void {
  for (let i = 1; i < ssts.length; i++) {
    const newer = ssts[i - 1]!;
    const older = ssts[i]!;
    if (newer.smallestSequence <= older.largestSequence) {
      report("l0-order", `L0: SST ${newer.id} is not newer than the following SST ${older.id}`);
    }
  }
}

/** Every rule `manifest` breaks; empty when it is valid. */
export function checkManifestInvariants(manifest: Manifest): Violation<ManifestRule>[] {
  const violations: Violation<ManifestRule>[] = [];
  const report: Report = (rule, message) => violations.push({ rule, message });
  if (manifest.formatVersion !== MANIFEST_FORMAT_VERSION) {
    report("format-version", `format version ${manifest.formatVersion}`);
  }
  if (manifest.levels.length !== LSM_LEVEL_COUNT) {
    report("level-count", `${manifest.levels.length} levels, expected ${LSM_LEVEL_COUNT}`);
  }
  const seenIds = new Set<bigint>();
  manifest.levels.forEach((ssts, level) => {
    for (const sst of ssts) {
      if (seenIds.has(sst.id)) report("duplicate-sst-id", `SST id ${sst.id} appears twice`);
      seenIds.add(sst.id);
      checkSst(manifest, level, sst, report);
    }
    if (level === 0) checkL0(ssts, report);
    else checkSortedLevel(level, ssts, report);
  });
  return violations;
}

/** Every rule broken by `next` following `previous`; empty when the succession is valid. */
export function checkManifestSuccession(
  previous: Manifest,
  next: Manifest,
): Violation<SuccessionRule>[] {
  const violations: Violation<SuccessionRule>[] = [];
  const report = (rule: SuccessionRule, message: string): void => {
    violations.push({ rule, message });
  };
  if (next.writerEpoch < previous.writerEpoch) {
    report("epoch-backwards", `epoch ${next.writerEpoch} < ${previous.writerEpoch}`);
  }
  const sameEpoch = next.writerEpoch === previous.writerEpoch;
  const expected = previous.manifestSequence + 1n;
  if (sameEpoch ? next.manifestSequence !== expected : next.manifestSequence < expected) {
    report(
      "manifest-sequence",
      `manifest sequence ${next.manifestSequence} follows ${previous.manifestSequence}`,
    );
  }
  if (next.lastSequence < previous.lastSequence) {
    const message = `last sequence ${next.lastSequence} < ${previous.lastSequence}`;
    report("last-sequence-backwards", message);
  }
  if (compareBinlogPositions(next.binlogPosition, previous.binlogPosition) < 0) {
    report("binlog-position-backwards", "binlog position moved backwards");
  }
  if (next.nextSstId < previous.nextSstId) {
    report("next-sst-id-backwards", `next SST id ${next.nextSstId} < ${previous.nextSstId}`);
  }
  return violations;
}

function throwIfAny(what: string, violations: readonly Violation<string>[]): void {
  if (violations.length === 0) return;
  const list = violations.map((violation) => `${violation.rule}: ${violation.message}`);
  throw new AssertionError(`${what}: ${list.join("; ")}`);
}

/** Throws AssertionError listing every violated rule: writing such a manifest is a bug. */
export function assertManifestInvariants(manifest: Manifest): void {
  const violations = checkManifestInvariants(manifest);
  throwIfAny(`manifest ${manifest.manifestSequence} breaks invariants`, violations);
}

/** Throws AssertionError listing every broken succession rule. */
export function assertManifestSuccession(previous: Manifest, next: Manifest): void {
  throwIfAny(
    `manifest ${next.manifestSequence} cannot follow ${previous.manifestSequence}`,
    checkManifestSuccession(previous, next),
  );
}
