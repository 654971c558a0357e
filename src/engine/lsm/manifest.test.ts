import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { crc32c, maskCrc } from "../../util/crc32c.ts";
import { CorruptionError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/random.ts";
import {
  LSM_LEVEL_COUNT,
  MANIFEST_FORMAT_VERSION,
  applyEdit,
  emptyManifest,
  manifestSsts,
  withWriterEpoch,
} from "./manifest.ts";
import type { Manifest } from "./manifest.ts";
import { decodeManifest, encodeManifest } from "./manifest-format.ts";
import {
  assertManifestInvariants,
  assertManifestSuccession,
  checkManifestInvariants,
  checkManifestSuccession,
} from "./manifest-invariants.ts";
import { makeSst, runRandomEdits } from "./manifest-test-support.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const NAME = "repo/main/manifest/0000000002-00000000000000000003";

function smallManifest(): Manifest {
  const empty = emptyManifest(2n);
  const levels = empty.levels.map((level, index) =>
    index === 0 ? [makeSst(4n, "a", "b", 8n, 9n)] : level,
  );
  return {
    ...empty,
    manifestSequence: 3n,
    lastSequence: 9n,
    binlogPosition: { file: 1, offset: 300 },
    nextSstId: 5n,
    levels,
  };
}

const SMALL_GOLDEN =
  "57534d46" + "01" + "0200000000000000" + "0300000000000000" + "09" + "01" + "ac02" + "05" +
  "07" + "01" + "04" + "64" + "09" + "61fffffffffffff6fe" + "09" + "62fffffffffffff7fe" +
  "08" + "09" + "02" + "000000000000" + "0cd20a96";

describe("manifest format", () => {
  it("is version 1 and matches the golden bytes", () => {
    expect(MANIFEST_FORMAT_VERSION).toBe(1);
    const manifest = smallManifest();
    // makeSst sizes are 4096 + id; the golden manifest uses size 100 and 2 entries.
    const l0 = { ...manifest.levels[0]![0]!, sizeBytes: 100, entryCount: 2 };
    const golden = { ...manifest, levels: [[l0], ...manifest.levels.slice(1)] };
    expect(hex(encodeManifest(golden))).toBe(SMALL_GOLDEN);
    expect(decodeManifest(new Uint8Array(Buffer.from(SMALL_GOLDEN, "hex")), NAME)).toEqual(golden);
  });

  it("round-trips seeded random manifests", () => {
    const random = new SeededRandom(11);
    runRandomEdits(emptyManifest(1n), random, 80, (_previous, next) => {
      const decoded = decodeManifest(encodeManifest(next), NAME);
      expect(decoded).toEqual(next);
    });
  });

  it("round-trips extreme field values", () => {
    const manifest: Manifest = {
      ...emptyManifest((1n << 64n) - 1n),
      manifestSequence: (1n << 64n) - 1n,
      lastSequence: (1n << 56n) - 1n,
      binlogPosition: { file: 0xffff_ffff, offset: Number.MAX_SAFE_INTEGER },
      nextSstId: (1n << 64n) - 1n,
    };
    expect(decodeManifest(encodeManifest(manifest), NAME)).toEqual(manifest);
  });

  it("rejects corruption with a CorruptionError naming the object", () => {
    const good = encodeManifest(smallManifest());
    const cases: [string, Uint8Array, RegExp][] = [];
    const badMagic = good.slice();
    badMagic[0] = 0x58;
    cases.push(["magic", badMagic, /bad magic/]);
    const flipped = good.slice();
    flipped[20] = flipped[20]! ^ 0x01;
    cases.push(["crc", flipped, /checksum mismatch/]);
    cases.push(["short", good.subarray(0, 6), /truncated/]);
    const v2 = encodeManifest({ ...smallManifest(), formatVersion: 2 });
    cases.push(["version", v2, /unsupported format version 2/]);
    for (const [label, bytes, pattern] of cases) {
      let caught: unknown;
      try {
        decodeManifest(bytes, NAME);
      } catch (error) {
        caught = error;
      }
      expect(caught, label).toBeInstanceOf(CorruptionError);
      expect((caught as Error).message, label).toContain(NAME);
      expect((caught as Error).message, label).toMatch(pattern);
    }
  });

  it("rejects structurally truncated bodies whose checksum is valid", () => {
    const good = encodeManifest(smallManifest());
    for (let cut = 5; cut < good.length - 4; cut++) {
      const body = good.slice(0, cut);
      const sealed = reseal(body);
      expect(() => decodeManifest(sealed, NAME), `cut ${cut}`).toThrow(CorruptionError);
    }
    const extra = reseal(new Uint8Array([...good.subarray(0, good.length - 4), 0]));
    expect(() => decodeManifest(extra, NAME)).toThrow(/unexpected bytes/);
  });
});

function reseal(body: Uint8Array): Uint8Array {
  // Seals `body` with a valid checksum, so only the structural checks can reject it.
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, maskCrc(crc32c(body)), true);
  return out;
}

describe("applyEdit", () => {
  it("adds L0 SSTs newest first, sorts L1+, removes by id, bumps the sequence", () => {
    const start = emptyManifest(1n);
    const first = applyEdit(start, {
      added: [{ level: 0, sst: makeSst(0n, "a", "m", 1n, 5n) }],
      lastSequence: 5n,
      binlogPosition: { file: 1, offset: 10 },
      nextSstId: 1n,
    });
    const second = applyEdit(first, {
      added: [{ level: 0, sst: makeSst(1n, "b", "z", 6n, 9n) }],
      lastSequence: 9n,
      nextSstId: 2n,
    });
    expect(second.manifestSequence).toBe(2n);
    expect(second.levels[0]!.map((sst) => sst.id)).toEqual([1n, 0n]);
    expect(start.levels[0]).toEqual([]);
    expect(first.levels[0]!.map((sst) => sst.id)).toEqual([0n]);
    const third = applyEdit(second, {
      removed: [
        { level: 0, id: 0n },
        { level: 0, id: 1n },
      ],
      added: [
        { level: 1, sst: makeSst(3n, "n", "z", 1n, 9n) },
        { level: 1, sst: makeSst(2n, "a", "m", 1n, 9n) },
      ],
      nextSstId: 4n,
    });
    expect(third.levels[0]).toEqual([]);
    expect(third.levels[1]!.map((sst) => sst.id)).toEqual([2n, 3n]);
    expect(third.binlogPosition).toEqual({ file: 1, offset: 10 });
    expect([...manifestSsts(third)].map((entry) => entry.level)).toEqual([1, 1]);
    assertManifestInvariants(third);
    assertManifestSuccession(second, third);
  });

  it("asserts on removing an unknown SST and on moving backwards", () => {
    const manifest = smallManifest();
    expect(() => applyEdit(manifest, { removed: [{ level: 1, id: 4n }] })).toThrow(AssertionError);
    expect(() => applyEdit(manifest, { lastSequence: 8n })).toThrow(AssertionError);
    expect(() => applyEdit(manifest, { binlogPosition: { file: 1, offset: 299 } })).toThrow(
      AssertionError,
    );
    expect(() => applyEdit(manifest, { nextSstId: 4n })).toThrow(AssertionError);
    expect(() => withWriterEpoch(manifest, 2n)).toThrow(AssertionError);
  });

  it("keeps every invariant over a seeded random sequence of edits", () => {
    for (const seed of [1, 2, 3]) {
      const random = new SeededRandom(seed);
      let compactions = 0;
      const final = runRandomEdits(emptyManifest(7n), random, 300, (previous, next) => {
        expect(checkManifestInvariants(next)).toEqual([]);
        expect(checkManifestSuccession(previous, next)).toEqual([]);
        if (next.levels[0]!.length < previous.levels[0]!.length) compactions++;
      });
      expect(compactions).toBeGreaterThan(10);
      expect(final.levels.slice(1).some((level) => level.length > 0)).toBe(true);
      expect(final.levels.length).toBe(LSM_LEVEL_COUNT);
    }
  });
});
