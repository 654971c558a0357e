import { describe, expect, it } from "vitest";
import { CorruptionError } from "../../util/errors.ts";
import { encodeInternalKey, KeyKind } from "../lsm/internal-key.ts";
import { BlockCache, blockCacheCharge } from "./block-cache.ts";
import type { Block } from "./block.ts";
import { SstBuilder } from "./sst-builder.ts";
import type { BlockHandle } from "./sst-format.ts";
import { SstReader, type SstReaderOptions } from "./sst-reader.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const userKey = (i: number): Uint8Array => text(`key${String(i).padStart(6, "0")}`);
const internal = (i: number): Uint8Array => encodeInternalKey(userKey(i), 7n, KeyKind.Value);
const lookup = (i: number): Uint8Array => encodeInternalKey(userKey(i), 100n, KeyKind.Value);

function buildFile(count: number): Uint8Array {
  const builder = new SstBuilder({ blockSizeBytes: 1024 });
  for (let i = 0; i < count; i++) builder.add(internal(2 * i), text(`value-${i}-`.repeat(8)));
  return builder.finish();
}

interface CountingFile {
  readonly reads: { count: number };
  open(options: SstReaderOptions): Promise<SstReader>;
}

function countingFile(file: Uint8Array): CountingFile {
  const reads = { count: 0 };
  const read = (offset: number, length: number): Promise<Uint8Array> => {
    reads.count++;
    return Promise.resolve(file.subarray(offset, offset + length));
  };
  return { reads, open: (options) => SstReader.open(read, file.length, "c.sst", options) };
}

describe("SstReader with a block cache", () => {
  const file = buildFile(2000);

  it("get reads a block once, then serves it from the cache", async () => {
    const cache = new BlockCache({ capacityBytes: 1 << 20 });
    const source = countingFile(file);
    const reader = await source.open({ cache });
    const readsAtOpen = source.reads.count;
    const first = await reader.get(lookup(200));
    expect(first?.key).toEqual(internal(200));
    expect(first?.value).toEqual(text("value-100-".repeat(8)));
    expect(source.reads.count).toBe(readsAtOpen + 1);
    // A missing odd key finds the next even one, from the same cached block.
    expect((await reader.get(lookup(201)))?.key).toEqual(internal(202));
    expect(await reader.get(lookup(4001))).toBeUndefined();
    expect(source.reads.count).toBe(readsAtOpen + 1);
    const stats = cache.stats();
    expect(stats.hitsLow).toBe(1);
    expect(stats.missesLow).toBe(1);
    expect(stats.hitsHigh).toBe(3);
    expect(await reader.seekEntry(lookup(200))).toEqual(first);
  });

  it("charges the index and filter to the high-priority pool", async () => {
    const cache = new BlockCache({ capacityBytes: 1 << 20 });
    const reader = await countingFile(file).open({ cache });
    const expected = reader.pinnedBytes;
    expect(expected).toBeGreaterThan(blockCacheCharge(reader.index) + reader.filter.length);
    expect(cache.stats().highUsageBytes).toBe(expected);
    // Pushed out by other files' index blocks, it is re-charged on the next use, without I/O.
    cache.eraseFile(0); // the reader's id: the first this cache handed out
    expect(cache.stats().highUsageBytes).toBe(0);
    await reader.get(lookup(10));
    expect(cache.stats().highUsageBytes).toBe(expected);
    reader.releaseFromCache();
    expect(cache.usageBytes).toBe(0);
  });

  it("readDataBlock with fillCache false leaves the cache alone", async () => {
    const cache = new BlockCache({ capacityBytes: 1 << 20 });
    const reader = await countingFile(file).open({ cache });
    const [handle] = reader.dataBlockHandles();
    const usage = cache.usageBytes;
    const block = await reader.readDataBlock(handle!, { fillCache: false });
    expect(cache.usageBytes).toBe(usage);
    expect(reader.cachedDataBlock(handle!)).toBeUndefined();
    await reader.readDataBlock(handle!);
    expect(cache.usageBytes).toBe(usage + blockCacheCharge(block));
    expect(reader.cachedDataBlock(handle!)?.data).toEqual(block.data);
  });

  it("iteratorOver walks the file through the caller's synchronous lookup", async () => {
    const cache = new BlockCache({ capacityBytes: 1 << 20 });
    const reader = await countingFile(file).open({ cache });
    for (const handle of reader.dataBlockHandles()) await reader.readDataBlock(handle);
    const blockAt = (handle: BlockHandle): Block => {
      const block = reader.cachedDataBlock(handle);
      if (block === undefined) throw new CorruptionError(`not resident: ${handle.offset}`);
      return block;
    };
    const iterator = reader.iteratorOver(blockAt);
    let count = 0;
    let mismatches = 0;
    for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
      if (Buffer.compare(iterator.key(), internal(2 * count)) !== 0) mismatches++;
      count++;
    }
    expect(count).toBe(2000);
    expect(mismatches).toBe(0);
    iterator.seek(lookup(3001));
    expect(iterator.key()).toEqual(internal(3002));
  });

  it("a small cache keeps its budget while serving every key correctly", async () => {
    const cache = new BlockCache({ capacityBytes: 8 * 1024, highPriorityRatio: 0.9 });
    const reader = await countingFile(file).open({ cache });
    for (let i = 0; i < 2000; i += 7) {
      const entry = await reader.get(lookup(2 * i));
      expect(entry?.key).toEqual(internal(2 * i));
      expect(cache.usageBytes).toBeLessThanOrEqual(8 * 1024);
    }
  });

  it("gives each reader its own file id in the cache", async () => {
    const cache = new BlockCache({ capacityBytes: 1 << 20 });
    const first = await countingFile(file).open({ cache });
    const second = await countingFile(file).open({ cache });
    await first.get(lookup(10));
    await second.get(lookup(10));
    // Two readers of the same bytes do not share entries: each charged its own index and block.
    expect(cache.stats().insertions).toBe(4);
    first.releaseFromCache();
    expect(cache.usageBytes).toBeGreaterThan(0);
    second.releaseFromCache();
    expect(cache.usageBytes).toBe(0);
  });
});
