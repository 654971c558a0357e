import { describe, expect, it } from "vitest";
import { bytesEqual } from "../../util/bytes.ts";
import { CorruptionError } from "../../util/errors.ts";
import { type Random, SeededRandom } from "../../util/random.ts";
import {
  compareInternalKeys,
  encodeInternalKey,
  internalKeySequence,
  KeyKind,
  LookupKey,
} from "../lsm/internal-key.ts";
import { SstBuilder, type SstBuilderOptions } from "./sst-builder.ts";
import { SST_FOOTER_BYTES } from "./sst-format.ts";
import { SstReader } from "./sst-reader.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** Sorted internal-key entries: shared prefixes, several versions per user key, empty values. */
function randomEntries(random: Random, userKeyCount: number): Entry[] {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < userKeyCount; i++) {
    const userKey = text(`user/${random.nextInt(100_000).toString().padStart(6, "0")}`);
    const id = Buffer.from(userKey).toString("hex");
    if (seen.has(id)) continue;
    seen.add(id);
    const versions = 1 + random.nextInt(3);
    for (let v = 0; v < versions; v++) {
      const kind = random.nextInt(5) === 0 ? KeyKind.Deletion : KeyKind.Value;
      const value = kind === KeyKind.Deletion || random.nextInt(6) === 0
        ? new Uint8Array(0)
        : text("value-".repeat(1 + random.nextInt(20)));
      // Later versions get smaller sequences, so the entries are distinct and sortable.
      const sequence = BigInt(3000 - v * 1000 - random.nextInt(1000));
      entries.push({ key: encodeInternalKey(userKey, sequence, kind), value });
    }
  }
  return entries.sort((a, b) => compareInternalKeys(a.key, b.key));
}

function buildFile(entries: readonly Entry[], options: SstBuilderOptions = {}): Uint8Array {
  const builder = new SstBuilder(options);
  for (const entry of entries) builder.add(entry.key, entry.value);
  return builder.finish();
}

function openBytes(file: Uint8Array, name = "test.sst"): Promise<SstReader> {
  const read = (offset: number, length: number): Promise<Uint8Array> =>
    Promise.resolve(file.slice(offset, offset + length));
  return SstReader.open(read, file.length, name);
}

describe("SstReader", () => {
  for (const [seed, compression] of [[41, "none"], [43, "zstd"], [45, "lz4"]] as const) {
    it(`round trips random entries (compression ${compression})`, async () => {
      const random = new SeededRandom(seed);
      const entries = randomEntries(random, 600);
      const file = buildFile(entries, { blockSizeBytes: 512, compression });
      const reader = await openBytes(file);
      expect(reader.properties.entryCount).toBe(entries.length);
      expect(reader.properties.dataBlockCount).toBeGreaterThan(5);
      expect(reader.dataBlockHandles().length).toBe(reader.properties.dataBlockCount);
      expect(reader.properties.smallestKey).toEqual(entries[0]!.key);
      expect(reader.properties.largestKey).toEqual(entries.at(-1)!.key);
      const sequences = entries.map((entry) => internalKeySequence(entry.key));
      const smallest = sequences.reduce((a, b) => (a < b ? a : b));
      const largest = sequences.reduce((a, b) => (a > b ? a : b));
      expect(reader.properties.smallestSequence).toBe(smallest);
      expect(reader.properties.largestSequence).toBe(largest);
      const iterator = await reader.iterator();
      const seen: Entry[] = [];
      for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
        seen.push({ key: iterator.key().slice(), value: iterator.value().slice() });
      }
      expect(seen.length).toBe(entries.length);
      const mismatch = seen.findIndex(
        (entry, i) =>
          !bytesEqual(entry.key, entries[i]!.key) || !bytesEqual(entry.value, entries[i]!.value),
      );
      expect(mismatch).toBe(-1);
      const rejected = entries.filter(
        (entry) => !reader.mayContain(entry.key.subarray(0, entry.key.length - 8)),
      );
      expect(rejected.length).toBe(0);
      for (let i = 0; i < entries.length; i += 13) {
        expect(await reader.seekEntry(entries[i]!.key)).toEqual(entries[i]);
      }
    });
  }

  it("zstd and lz4 make a compressible file smaller", () => {
    const entries = randomEntries(new SeededRandom(7), 300);
    const plain = buildFile(entries, { compression: "none" });
    const zstd = buildFile(entries, { compression: "zstd" });
    const lz4 = buildFile(entries, { compression: "lz4" });
    expect(zstd.length).toBeLessThan(plain.length * 0.875);
    expect(lz4.length).toBeLessThan(plain.length * 0.875);
  });

  it("names the blocks a seek starts in and the blocks after or before one", async () => {
    const entries = randomEntries(new SeededRandom(9), 300);
    const reader = await openBytes(buildFile(entries, { blockSizeBytes: 256 }));
    const all = reader.dataBlockHandles();
    expect(all.length).toBeGreaterThan(5);
    const offsets = (handles: readonly { offset: number }[]): number[] =>
      handles.map((handle) => handle.offset);
    expect(reader.startBlockFor("first")).toEqual(all[0]);
    expect(reader.startBlockFor("last")).toEqual(all[all.length - 1]);
    expect(reader.startBlockFor(entries[0]!.key)).toEqual(all[0]);
    const afterAll = encodeInternalKey(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), 0n, 0);
    expect(reader.startBlockFor(afterAll)).toBeUndefined();
    expect(offsets(reader.dataBlockHandlesFrom(all[1]!, 3, false))).toEqual(
      offsets(all.slice(1, 4)),
    );
    expect(offsets(reader.dataBlockHandlesFrom(all[1]!, 3, true))).toEqual(
      offsets([all[1]!, all[0]!]),
    );
    const last = all[all.length - 1]!;
    expect(offsets(reader.dataBlockHandlesFrom(last, 4, false))).toEqual([last.offset]);
    expect(reader.dataBlockHandlesFrom({ offset: last.offset + 1, size: 1 }, 4, false)).toEqual(
      [],
    );
  });

  it("an empty file opens and iterates nothing", async () => {
    const reader = await openBytes(new SstBuilder().finish());
    expect(reader.properties.entryCount).toBe(0);
    const iterator = await reader.iterator();
    iterator.seekToFirst();
    expect(iterator.valid()).toBe(false);
    iterator.seekToLast();
    expect(iterator.valid()).toBe(false);
    expect(await reader.seekEntry(encodeInternalKey(text("a"), 1n, KeyKind.Value))).toBe(
      undefined,
    );
  });

  it("the bloom filter rejects most absent user keys", async () => {
    const entries = randomEntries(new SeededRandom(3), 500);
    const reader = await openBytes(buildFile(entries));
    let falsePositives = 0;
    for (let i = 0; i < 1000; i++) {
      if (reader.mayContain(text(`absent/${i}`))) falsePositives++;
    }
    expect(falsePositives).toBeLessThan(50);
  });

  it("seekEntry with a LookupKey finds the newest visible version", async () => {
    const user = text("k");
    const entries = [30n, 20n, 10n].map((sequence) => ({
      key: encodeInternalKey(user, sequence, KeyKind.Value),
      value: text(`v${sequence}`),
    }));
    const reader = await openBytes(buildFile(entries, { blockSizeBytes: 1 }));
    const found = await reader.seekEntry(new LookupKey(user, 25n).internalKey);
    expect(found?.value).toEqual(text("v20"));
    expect(await reader.seekEntry(new LookupKey(text("l"), 99n).internalKey)).toBe(undefined);
  });

  it("asserts strictly increasing keys", () => {
    const builder = new SstBuilder();
    builder.add(encodeInternalKey(text("b"), 1n, KeyKind.Value), text(""));
    expect(() => builder.add(encodeInternalKey(text("a"), 1n, KeyKind.Value), text(""))).toThrow(
      /increase/,
    );
  });
});

describe("SstReader corruption", () => {
  const entries = randomEntries(new SeededRandom(11), 200);
  const file = buildFile(entries, { blockSizeBytes: 256 });

  function flipped(at: number): Uint8Array {
    const copy = file.slice();
    copy[at]! ^= 0x10;
    return copy;
  }

  it("a flipped data byte fails the block checksum, naming file and offset", async () => {
    const reader = await openBytes(flipped(3), "bad.sst");
    await expect(reader.iterator()).rejects.toThrow(/bad\.sst: block at offset 0: checksum/);
    await expect(reader.iterator()).rejects.toBeInstanceOf(CorruptionError);
  });

  it("a flipped byte in a later data block names that block's offset", async () => {
    const reader = await openBytes(file);
    const second = reader.dataBlockHandles()[1]!;
    const damaged = await openBytes(flipped(second.offset + 2), "bad.sst");
    await expect(damaged.readDataBlock(second)).rejects.toThrow(
      new RegExp(`bad\\.sst: block at offset ${second.offset}: checksum`),
    );
  });

  it("a flipped index byte fails at open", async () => {
    const reader = await openBytes(file);
    const at = reader.footer.index.offset + 1;
    await expect(openBytes(flipped(at), "bad.sst")).rejects.toThrow(
      new RegExp(`bad\\.sst: block at offset ${reader.footer.index.offset}: checksum`),
    );
  });

  it("a flipped footer byte fails the footer checksum", async () => {
    const footerAt = file.length - SST_FOOTER_BYTES;
    await expect(openBytes(flipped(footerAt), "bad.sst")).rejects.toThrow(
      new RegExp(`bad\\.sst: footer corrupt at offset ${file.length - 4}: bad checksum`),
    );
  });

  it("wrong magic", async () => {
    const at = file.length - 12;
    await expect(openBytes(flipped(at), "bad.sst")).rejects.toThrow(/bad magic/);
    await expect(openBytes(flipped(at))).rejects.toBeInstanceOf(CorruptionError);
  });

  it("a truncated file", async () => {
    await expect(openBytes(file.subarray(0, file.length - 1))).rejects.toBeInstanceOf(
      CorruptionError,
    );
    await expect(openBytes(file.subarray(0, 40), "short.sst")).rejects.toThrow(
      /short\.sst: file of 40 bytes is shorter than a footer/,
    );
    // Dropping the start keeps a valid footer whose handles now point past the file's data.
    const headless = file.subarray(100);
    await expect(openBytes(headless)).rejects.toBeInstanceOf(CorruptionError);
  });
});
