import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { emptyManifest } from "./manifest.ts";
import type { Manifest, SstDescriptor } from "./manifest.ts";
import {
  assertManifestInvariants,
  assertManifestSuccession,
  checkManifestInvariants,
  checkManifestSuccession,
} from "./manifest-invariants.ts";
import type { ManifestRule, SuccessionRule } from "./manifest-invariants.ts";
import { makeSst } from "./manifest-test-support.ts";

/** A valid manifest: two L0 SSTs (newest first, overlapping keys) and a sorted L1. */
function validManifest(): Manifest {
  return withLevels(
    [makeSst(5n, "c", "x", 31n, 40n), makeSst(4n, "a", "z", 21n, 30n)],
    [
      makeSst(1n, "a", "f", 1n, 20n),
      makeSst(2n, "g", "m", 1n, 20n),
      makeSst(3n, "n", "q", 1n, 20n),
    ],
  );
}

function withLevels(
  l0: SstDescriptor[],
  l1: SstDescriptor[],
  extra: Partial<Manifest> = {},
): Manifest {
  const empty = emptyManifest(3n);
  const levels = empty.levels.map((level, index) => (index === 0 ? l0 : index === 1 ? l1 : level));
  const manifest: Manifest = {
    ...empty,
    manifestSequence: 10n,
    lastSequence: 40n,
    binlogPosition: { file: 2, offset: 500 },
    nextSstId: 6n,
    levels,
  };
  return { ...manifest, ...extra };
}

function rules(manifest: Manifest): ManifestRule[] {
  return checkManifestInvariants(manifest).map((violation) => violation.rule);
}

describe("checkManifestInvariants", () => {
  it("passes valid manifests", () => {
    expect(checkManifestInvariants(validManifest())).toEqual([]);
    expect(checkManifestInvariants(emptyManifest(0n))).toEqual([]);
    // One user key may span sequences inside one SST, and L1 SSTs may touch different keys.
    const sameKey = withLevels([makeSst(1n, "k", "k", 1n, 40n)], [makeSst(2n, "a", "a", 1n, 1n)]);
    expect(checkManifestInvariants(sameKey)).toEqual([]);
    assertManifestInvariants(validManifest());
  });

  it("detects each broken rule", () => {
    const l1 = validManifest().levels[1]!.slice();
    const l0 = validManifest().levels[0]!.slice();
    const cases: [ManifestRule, Manifest][] = [
      ["format-version", { ...validManifest(), formatVersion: 2 }],
      ["level-count", { ...validManifest(), levels: validManifest().levels.slice(0, 6) }],
      ["key-range", withLevels(l0, [makeSst(1n, "f", "a", 1n, 20n)])],
      ["sequence-range", withLevels(l0, [{ ...l1[0]!, smallestSequence: 21n }])],
      ["sequence-beyond-last", withLevels(l0, l1, { lastSequence: 39n })],
      ["duplicate-sst-id", withLevels(l0, [l1[0]!, { ...l1[1]!, id: 1n }, l1[2]!])],
      ["sst-id-not-below-next", withLevels(l0, l1, { nextSstId: 5n })],
      ["l0-order", withLevels([l0[1]!, l0[0]!], l1)],
      ["l0-order", withLevels([l0[0]!, makeSst(4n, "a", "z", 21n, 31n)], l1)],
      ["level-order", withLevels(l0, [l1[0]!, l1[2]!, l1[1]!])],
      ["level-overlap", withLevels(l0, [l1[0]!, makeSst(2n, "f", "m", 1n, 20n), l1[2]!])],
    ];
    for (const [rule, manifest] of cases) {
      expect(rules(manifest), rule).toEqual([rule]);
      expect(() => assertManifestInvariants(manifest), rule).toThrow(AssertionError);
      expect(() => assertManifestInvariants(manifest), rule).toThrow(rule);
    }
  });

  it("detects overlap in deeper levels and reports every violation", () => {
    const manifest = validManifest();
    const levels = manifest.levels.slice();
    levels[4] = [makeSst(1n, "a", "h", 1n, 2n), makeSst(0n, "g", "k", 1n, 2n)];
    expect(rules({ ...manifest, levels }).sort()).toEqual(["duplicate-sst-id", "level-overlap"]);
  });
});

describe("checkManifestSuccession", () => {
  const previous = validManifest();
  const successionRules = (next: Manifest): SuccessionRule[] =>
    checkManifestSuccession(previous, next).map((violation) => violation.rule);

  it("accepts the next manifest of the same epoch and a new epoch's manifest", () => {
    expect(successionRules({ ...previous, manifestSequence: 11n })).toEqual([]);
    expect(successionRules({ ...previous, writerEpoch: 4n, manifestSequence: 15n })).toEqual([]);
    const advanced = {
      ...previous,
      manifestSequence: 11n,
      lastSequence: 41n,
      binlogPosition: { file: 3, offset: 0 },
      nextSstId: 7n,
    };
    expect(successionRules(advanced)).toEqual([]);
    assertManifestSuccession(previous, advanced);
  });

  it("detects each broken rule", () => {
    const next = { ...previous, manifestSequence: 11n };
    const cases: [SuccessionRule, Manifest][] = [
      ["epoch-backwards", { ...next, writerEpoch: 2n }],
      ["manifest-sequence", { ...previous, manifestSequence: 12n }],
      ["manifest-sequence", { ...previous }],
      ["manifest-sequence", { ...previous, writerEpoch: 4n, manifestSequence: 10n }],
      ["last-sequence-backwards", { ...next, lastSequence: 39n }],
      ["binlog-position-backwards", { ...next, binlogPosition: { file: 2, offset: 499 } }],
      ["binlog-position-backwards", { ...next, binlogPosition: { file: 1, offset: 9000 } }],
      ["next-sst-id-backwards", { ...next, nextSstId: 5n }],
    ];
    for (const [rule, manifest] of cases) {
      expect(successionRules(manifest), rule).toEqual([rule]);
      expect(() => assertManifestSuccession(previous, manifest), rule).toThrow(rule);
    }
  });
});
