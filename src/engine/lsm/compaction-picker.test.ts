import { describe, expect, it } from "vitest";
import {
  type CompactionPickerOptions,
  levelTargetBytes,
  pickCompaction,
} from "./compaction-picker.ts";
import { LSM_LEVEL_COUNT, type Manifest, type SstDescriptor, emptyManifest } from "./manifest.ts";
import { makeSst } from "./manifest-test-support.ts";

const options: CompactionPickerOptions = { l0CompactionTrigger: 4, levelBaseBytes: 10_000 };

/** A manifest with the given levels (other fields are irrelevant to the picker). */
function tree(levels: Record<number, SstDescriptor[]>): Manifest {
  const base = emptyManifest(1n);
  const all = Array.from({ length: LSM_LEVEL_COUNT }, (_, level) => levels[level] ?? []);
  return { ...base, levels: all, lastSequence: 1000n, nextSstId: 1000n };
}

function sized(sst: SstDescriptor, sizeBytes: number): SstDescriptor {
  return { ...sst, sizeBytes };
}

const l0 = (count: number): SstDescriptor[] =>
  Array.from({ length: count }, (_, i) => {
    const sequence = BigInt(100 - i * 10);
    return makeSst(BigInt(i), "c", "m", sequence - 5n, sequence);
  });

interface Case {
  readonly name: string;
  readonly manifest: Manifest;
  readonly expected:
    | undefined
    | { level: number; inputs: bigint[]; overlapping: bigint[]; reason: string };
}

const cases: Case[] = [
  { name: "empty tree", manifest: tree({}), expected: undefined },
  { name: "L0 below trigger", manifest: tree({ 0: l0(3) }), expected: undefined },
  {
    name: "L0 at trigger takes every L0 file and the overlapping L1 files",
    manifest: tree({
      0: l0(4),
      1: [
        makeSst(10n, "a", "b", 1n, 1n),
        makeSst(11n, "d", "f", 2n, 2n),
        makeSst(12n, "l", "p", 3n, 3n),
        makeSst(13n, "x", "z", 4n, 4n),
      ].map((sst) => sized(sst, 100)),
    }),
    expected: {
      level: 0,
      inputs: [0n, 1n, 2n, 3n],
      overlapping: [11n, 12n],
      reason: "l0-file-count",
    },
  },
  {
    name: "L1 over its target picks the file with the least overlap in L2",
    manifest: tree({
      1: [
        sized(makeSst(20n, "a", "c", 1n, 1n), 6000),
        sized(makeSst(21n, "d", "f", 2n, 2n), 6000),
      ],
      2: [sized(makeSst(30n, "a", "b", 3n, 3n), 9000), sized(makeSst(31n, "e", "e", 4n, 4n), 10)],
    }),
    expected: { level: 1, inputs: [21n], overlapping: [31n], reason: "level-size" },
  },
  {
    name: "L1 exactly under its target is left alone",
    manifest: tree({ 1: [sized(makeSst(20n, "a", "c", 1n, 1n), 9999)] }),
    expected: undefined,
  },
  {
    name: "the highest score wins: L2 at 3x beats L0 at 1x",
    manifest: tree({
      0: l0(4),
      2: [sized(makeSst(40n, "a", "c", 1n, 1n), levelTargetBytes(2, 10_000) * 3)],
    }),
    expected: { level: 2, inputs: [40n], overlapping: [], reason: "level-size" },
  },
  {
    name: "the last level is never a compaction source",
    manifest: tree({ 6: [sized(makeSst(50n, "a", "c", 1n, 1n), 10 ** 12)] }),
    expected: undefined,
  },
];

describe("pickCompaction", () => {
  it.each(cases)("$name", ({ manifest, expected }) => {
    const picked = pickCompaction(manifest, options);
    if (expected === undefined) {
      expect(picked).toBeUndefined();
      return;
    }
    expect(picked).toBeDefined();
    expect(picked!.level).toBe(expected.level);
    expect(picked!.reason).toBe(expected.reason);
    expect(picked!.inputs.map((sst) => sst.id)).toEqual(expected.inputs);
    expect(picked!.overlapping.map((sst) => sst.id)).toEqual(expected.overlapping);
    expect(picked!.score).toBeGreaterThanOrEqual(1);
  });

  it("level targets grow 10x per level", () => {
    expect(levelTargetBytes(1, 100)).toBe(100);
    expect(levelTargetBytes(3, 100)).toBe(10_000);
  });
});
