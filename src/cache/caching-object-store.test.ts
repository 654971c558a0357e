import { describe, expect, it } from "vitest";
import { persistentCacheChunkBytes, persistentCachePageBytes } from "../constants.ts";
import { MemoryObjectStore } from "../objectstore/memory-object-store.ts";
import { objectStoreContract } from "../objectstore/object-store-contract.ts";
import { InvalidRangeError, ObjectNotFoundError } from "../objectstore/object-store-errors.ts";
import { MemoryLocalDisk } from "../util/memory-local-disk.ts";
import { CountingObjectStore, decode, text } from "./cache-test-support.ts";
import {
  CachingObjectStore,
  isCacheableByDefault,
  isWrittenThroughByDefault,
} from "./caching-object-store.ts";
import { PersistentCache, type PersistentCacheOptions } from "./persistent-cache.ts";

const directory = "/cache";

async function openStore(
  options: Partial<PersistentCacheOptions> = {},
  writeThrough = true,
): Promise<{ store: CachingObjectStore; inner: CountingObjectStore; cache: PersistentCache }> {
  const inner = new CountingObjectStore(new MemoryObjectStore());
  const cache = await PersistentCache.open({
    disk: new MemoryLocalDisk(),
    directory,
    capacityBytes: 1024 * 1024,
    chunkBytes: 4,
    pageBytes: 2,
    ...options,
  });
  return { store: new CachingObjectStore(inner, cache, { writeThrough }), inner, cache };
}

const contractStore = async (
  options: Partial<PersistentCacheOptions>,
  writeThrough = true,
): Promise<CachingObjectStore> => (await openStore(options, writeThrough)).store;

objectStoreContract("CachingObjectStore, 4-byte chunks", () => contractStore({}));
objectStoreContract("CachingObjectStore, 4-byte chunks, no write-through", () =>
  contractStore({}, false),
);
objectStoreContract("CachingObjectStore, default chunks", () =>
  contractStore({ chunkBytes: persistentCacheChunkBytes, pageBytes: persistentCachePageBytes }),
);
objectStoreContract("CachingObjectStore, disabled (budget 0)", () =>
  contractStore({ capacityBytes: 0 }),
);

describe("CachingObjectStore reads", () => {
  it("misses once, then hits without asking the store", async () => {
    const { store, inner, cache } = await openStore();
    await inner.put("sst/1", text("0123456789"));
    expect(decode(await store.getRange("sst/1", 1, 8))).toBe("12345678");
    expect(inner.ranges).toEqual([["sst/1", 0, 12]]);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 3 });
    await store.whenIdle();
    expect(cache.stats().entries).toBe(3);
    expect(decode(await store.getRange("sst/1", 0, 10))).toBe("0123456789");
    expect(decode(await store.getRange("sst/1", 5, 2))).toBe("56");
    expect(decode(await store.get("sst/1"))).toBe("0123456789");
    expect(inner.reads).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 7, misses: 3 });
  });

  it("fetches each run of missing chunks with one ranged GET", async () => {
    const { store, inner } = await openStore();
    await inner.put("k", text("abcdefghijklmnopqrst"));
    await store.getRange("k", 4, 4); // chunk 1
    await store.getRange("k", 12, 4); // chunk 3
    await store.whenIdle();
    inner.ranges.length = 0;
    expect(decode(await store.getRange("k", 0, 20))).toBe("abcdefghijklmnopqrst");
    // Missing: chunk 0, chunk 2, chunk 4; each its own run between the hits.
    expect(inner.ranges).toEqual([
      ["k", 0, 4],
      ["k", 8, 4],
      ["k", 16, 4],
    ]);
  });

  it("clips at the short last chunk and learns the size", async () => {
    const { store, inner } = await openStore();
    await inner.put("k", text("0123456789"));
    expect(decode(await store.getRange("k", 8, 100))).toBe("89");
    await store.whenIdle();
    expect(inner.reads).toBe(1);
    expect(decode(await store.getRange("k", 9, 5))).toBe("9");
    expect((await store.getRange("k", 10, 5)).length).toBe(0);
    expect((await store.getRange("k", 10, 0)).length).toBe(0);
    const error = await store.getRange("k", 11, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRangeError);
    expect(error).toMatchObject({ offset: 11, size: 10 });
    expect(inner.reads).toBe(1);
  });

  it("reports the caller's offset when the store rejects a range beyond the end", async () => {
    const { store, inner } = await openStore();
    await inner.put("k", text("0123456789"));
    const error = await store.getRange("k", 13, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRangeError);
    expect(error).toMatchObject({ key: "k", offset: 13, size: 10 });
  });

  it("handles an object that ends exactly at a chunk boundary, and an empty object", async () => {
    const { store, inner } = await openStore();
    await inner.put("eight", text("01234567"));
    await inner.put("empty", new Uint8Array(0));
    expect(decode(await store.getRange("eight", 0, 100))).toBe("01234567");
    expect((await store.getRange("empty", 0, 5)).length).toBe(0);
    await store.whenIdle();
    const reads = inner.reads;
    expect((await store.getRange("eight", 8, 3)).length).toBe(0);
    await expect(store.getRange("eight", 9, 1)).rejects.toBeInstanceOf(InvalidRangeError);
    expect((await store.getRange("empty", 0, 5)).length).toBe(0);
    await expect(store.getRange("empty", 1, 1)).rejects.toBeInstanceOf(InvalidRangeError);
    expect((await store.get("empty")).length).toBe(0);
    expect(decode(await store.get("eight"))).toBe("01234567");
    expect(inner.reads).toBe(reads);
  });

  it("remembers an end found at a chunk boundary after full chunks were cached", async () => {
    const { store, inner } = await openStore();
    await inner.put("k", text("01234567"));
    expect(decode(await store.getRange("k", 0, 8))).toBe("01234567"); // size still unknown
    expect((await store.getRange("k", 8, 4)).length).toBe(0); // finds the end
    await store.whenIdle();
    const reads = inner.reads;
    expect(decode(await store.getRange("k", 0, 100))).toBe("01234567");
    await expect(store.getRange("k", 9, 1)).rejects.toBeInstanceOf(InvalidRangeError);
    expect(inner.reads).toBe(reads);
  });

  it("sends a huge read of an object of unknown size straight to the store", async () => {
    const { store, inner, cache } = await openStore();
    await inner.put("k", text("0123456789"));
    expect(decode(await store.getRange("k", 2, 2 ** 40))).toBe("23456789");
    expect(inner.ranges).toEqual([["k", 2, 2 ** 40]]);
    await store.whenIdle();
    expect(cache.stats().entries).toBe(0);
    // Once the size is known, the same read is clipped and served from the cache.
    await store.getRange("k", 8, 4);
    await store.getRange("k", 0, 8);
    await store.whenIdle();
    expect(decode(await store.getRange("k", 2, 2 ** 40))).toBe("23456789");
    expect(inner.ranges.length).toBe(3);
  });

  it("lets concurrent readers of a missing chunk share one fetch", async () => {
    const { store, inner } = await openStore();
    await inner.put("k", text("0123456789ab"));
    inner.hold();
    const readers = [
      store.getRange("k", 0, 4),
      store.getRange("k", 1, 2),
      store.getRange("k", 2, 6), // chunks 0-1: chunk 0 shared, chunk 1 its own run
      store.getRange("k", 5, 2), // chunk 1: shared with the reader above
    ];
    inner.release();
    const results = (await Promise.all(readers)).map(decode);
    expect(results).toEqual(["0123", "12", "234567", "56"]);
    expect(inner.ranges).toEqual([
      ["k", 0, 4],
      ["k", 4, 4],
    ]);
  });

  it("shares a failed fetch's error and caches nothing", async () => {
    const { store, inner, cache } = await openStore();
    const readers = [store.getRange("nope", 0, 4), store.getRange("nope", 1, 1)];
    for (const reader of readers) await expect(reader).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(inner.ranges.length).toBe(1);
    await store.whenIdle();
    expect(cache.stats().entries).toBe(0);
  });

  it("never caches WRITER_EPOCH", async () => {
    const { store, inner, cache } = await openStore();
    await store.putIfAbsent("repo/main/WRITER_EPOCH", text("1"));
    await store.getRange("repo/main/WRITER_EPOCH", 0, 1);
    await store.whenIdle();
    await store.get("repo/main/WRITER_EPOCH");
    expect(inner.reads).toBe(2);
    expect(cache.stats().entries).toBe(0);
    expect(isCacheableByDefault("WRITER_EPOCH")).toBe(false);
    expect(isCacheableByDefault("r/b/WRITER_EPOCH")).toBe(false);
    expect(isCacheableByDefault("r/b/sst/0000000001-00000000000000000001.sst")).toBe(true);
    expect(isCacheableByDefault("r/b/NOT_WRITER_EPOCH")).toBe(true);
  });
});

describe("CachingObjectStore writes", () => {
  it("writes through on putIfAbsent, so the writer reads back without a GET", async () => {
    const { store, inner } = await openStore();
    const bytes = text("0123456789");
    await store.putIfAbsent("sst/2", bytes);
    bytes[0] = 0x7a; // the cache holds its own copy
    await store.whenIdle();
    expect(decode(await store.getRange("sst/2", 0, 100))).toBe("0123456789");
    await expect(store.getRange("sst/2", 11, 1)).rejects.toBeInstanceOf(InvalidRangeError);
    expect(inner.reads).toBe(0);
  });

  it("writes through only SSTs by default", async () => {
    const inner = new CountingObjectStore(new MemoryObjectStore());
    const cache = await PersistentCache.open({
      disk: new MemoryLocalDisk(),
      directory,
      capacityBytes: 1024 * 1024,
    });
    const store = new CachingObjectStore(inner, cache);
    await store.putIfAbsent("r/b/sst/0000000001-00000000000000000001.sst", text("sst"));
    await store.putIfAbsent("r/b/binlog/binlog.000001.00000000000000000001.0000000100", text("b"));
    await store.putIfAbsent("r/b/manifest/0000000001-00000000000000000001", text("m"));
    await store.whenIdle();
    expect(cache.stats().entries).toBe(1);
    expect(isWrittenThroughByDefault("r/b/sst/0000000001-00000000000000000001.sst")).toBe(true);
    expect(isWrittenThroughByDefault("sst/1.sst")).toBe(true);
    expect(isWrittenThroughByDefault("r/b/manifest/x.sst")).toBe(false);
    expect(isWrittenThroughByDefault("r/b/sst/0000000001-00000000000000000001")).toBe(false);
  });

  it("does not write through when told not to", async () => {
    const { store, inner } = await openStore({}, false);
    await store.putIfAbsent("sst/2", text("0123456789"));
    await store.whenIdle();
    expect(decode(await store.getRange("sst/2", 0, 4))).toBe("0123");
    expect(inner.reads).toBe(1);
  });

  it("drops cached chunks on delete and on put", async () => {
    const { store, cache } = await openStore();
    await store.putIfAbsent("k", text("old bytes!"));
    await store.whenIdle();
    expect(cache.stats().entries).toBe(3);
    await store.delete("k");
    expect(cache.stats().entries).toBe(0);
    await expect(store.getRange("k", 0, 1)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await store.putIfAbsent("k", text("new"));
    expect(decode(await store.get("k"))).toBe("new");
    await store.put("k", text("replaced"));
    expect(decode(await store.getRange("k", 0, 100))).toBe("replaced");
  });

  it("discards a fill that was in flight when its object was deleted", async () => {
    const { store, inner, cache } = await openStore();
    await inner.put("k", text("0123456789"));
    inner.hold();
    const read = store.getRange("k", 0, 4);
    await store.delete("k");
    inner.release();
    expect(decode(await read)).toBe("0123"); // read before the delete landed
    await store.whenIdle();
    expect(cache.stats().entries).toBe(0);
    await expect(store.getRange("k", 0, 4)).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it("reports status rows", async () => {
    const { store } = await openStore({ capacityBytes: 65536 });
    await store.putIfAbsent("k", text("0123456789"));
    await store.whenIdle();
    await store.getRange("k", 0, 2);
    expect(Object.fromEntries(store.statusRows())).toEqual({
      Smartengine_persistent_cache_hits: "1",
      Smartengine_persistent_cache_misses: "0",
      Smartengine_persistent_cache_bytes_used: String(3 * 4096),
      Smartengine_persistent_cache_capacity_bytes: "65536",
      Smartengine_persistent_cache_evictions: "0",
      Smartengine_persistent_cache_checksum_failures: "0",
    });
  });
});
