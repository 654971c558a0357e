import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { persistentCacheOpenFilesMax } from "../constants.ts";
import { MemoryObjectStore } from "../objectstore/memory-object-store.ts";
import { InvalidRangeError } from "../objectstore/object-store-errors.ts";
import { bytesEqual } from "../util/bytes.ts";
import { type LocalDisk, NodeLocalDisk } from "../util/local-disk.ts";
import { MemoryLocalDisk } from "../util/memory-local-disk.ts";
import {
  CountingObjectStore,
  HandleMemoryLocalDisk,
  capturingLogger,
  decode,
  text,
} from "./cache-test-support.ts";
import { CachingObjectStore } from "./caching-object-store.ts";
import { PersistentCache, type PersistentCacheOptions } from "./persistent-cache.ts";
import { chunkFileName, objectKeyHash } from "./persistent-cache-format.ts";

const directory = "/cache";
const fileBytesMin = 4096;

interface Rig {
  readonly store: CachingObjectStore;
  readonly cache: PersistentCache;
  readonly inner: CountingObjectStore;
  readonly lines: string[];
}

/** A caching store over `memory` (shared across restarts) and `disk`, 4-byte chunks. */
async function open(
  disk: LocalDisk,
  memory: MemoryObjectStore,
  options: Partial<PersistentCacheOptions> = {},
): Promise<Rig> {
  const { logger, lines } = capturingLogger();
  const cache = await PersistentCache.open({
    disk,
    directory,
    capacityBytes: 1024 * 1024,
    chunkBytes: 4,
    pageBytes: 2,
    logger,
    ...options,
  });
  const inner = new CountingObjectStore(memory);
  const store = new CachingObjectStore(inner, cache, { writeThrough: true });
  return { store, cache, inner, lines };
}

function chunkPath(key: string, chunkIndex: number, root = directory): string {
  const hash = objectKeyHash(key);
  return `${root}/${hash.slice(0, 2)}/${chunkFileName(hash, chunkIndex)}`;
}

async function filesUnder(disk: LocalDisk, root = directory): Promise<string[]> {
  const names: string[] = [];
  for (const top of await disk.list(root)) {
    if (!top.isDirectory) {
      names.push(top.name);
      continue;
    }
    for (const entry of await disk.list(`${root}/${top.name}`)) names.push(entry.name);
  }
  return names.sort();
}

describe("PersistentCache: LRU within the budget", () => {
  it("evicts the least recently used chunk and removes its file", async () => {
    const disk = new MemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const rig = await open(disk, memory, { capacityBytes: 3 * fileBytesMin });
    for (const key of ["a", "b", "c", "d"]) await memory.put(key, text(`${key}${key}${key}${key}`));
    for (const key of ["a", "b", "c"]) await rig.store.getRange(key, 0, 4);
    await rig.store.whenIdle();
    await rig.store.getRange("a", 0, 4); // a is now the most recently used; b the least
    await rig.store.getRange("d", 0, 4);
    await rig.store.whenIdle();
    expect(rig.cache.stats()).toMatchObject({
      evictions: 1,
      entries: 3,
      bytesUsed: 3 * fileBytesMin,
      capacityBytes: 3 * fileBytesMin,
    });
    await expect(disk.stat(chunkPath("b", 0))).rejects.toThrow(/no such file/);
    const reads = rig.inner.reads;
    for (const key of ["a", "c", "d"]) await rig.store.getRange(key, 0, 4);
    expect(rig.inner.reads).toBe(reads);
    await rig.store.getRange("b", 0, 4);
    expect(rig.inner.reads).toBe(reads + 1);
  });

  it("keeps at most entriesMax chunks whatever the byte budget", async () => {
    const memory = new MemoryObjectStore();
    const rig = await open(new MemoryLocalDisk(), memory, { entriesMax: 2 });
    await memory.put("k", text("0123456789ab"));
    await rig.store.getRange("k", 0, 12);
    await rig.store.whenIdle();
    expect(rig.cache.stats()).toMatchObject({ entries: 2, evictions: 1 });
  });

  it("with budget 0 is disabled: no files, every read goes to the store", async () => {
    const disk = new MemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const rig = await open(disk, memory, { capacityBytes: 0 });
    await rig.store.putIfAbsent("k", text("0123456789"));
    await rig.store.getRange("k", 0, 4);
    await rig.store.getRange("k", 0, 4);
    await rig.store.whenIdle();
    expect(rig.inner.reads).toBe(2);
    await expect(disk.list(directory)).rejects.toThrow(/no such file/);
    expect(rig.cache.stats()).toMatchObject({ entries: 0, bytesUsed: 0, capacityBytes: 0 });
  });

  it("skips fills past the in-flight limit but still returns the bytes", async () => {
    const memory = new MemoryObjectStore();
    const rig = await open(new MemoryLocalDisk(), memory, { fillsInFlightMax: 1 });
    await memory.put("x", text("0123"));
    await memory.put("y", text("4567"));
    const reads = await Promise.all([rig.store.getRange("x", 0, 4), rig.store.getRange("y", 0, 4)]);
    expect(reads.map(decode)).toEqual(["0123", "4567"]);
    await rig.store.whenIdle();
    expect(rig.cache.stats().entries).toBe(1);
  });
});

describe("PersistentCache: restart", () => {
  it("reuses chunks written by the previous instance without a GET", async () => {
    const disk = new MemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const first = await open(disk, memory);
    await first.store.putIfAbsent("sst/1", text("0123456789"));
    await memory.put("sst/2", text("abcdefgh"));
    await first.store.getRange("sst/2", 0, 100);
    await first.store.whenIdle();
    const before = first.cache.stats();

    const second = await open(disk, memory);
    expect(second.cache.stats()).toMatchObject({
      entries: before.entries,
      bytesUsed: before.bytesUsed,
      hits: 0,
    });
    expect(decode(await second.store.getRange("sst/1", 2, 100))).toBe("23456789");
    expect(decode(await second.store.get("sst/2"))).toBe("abcdefgh");
    // The sizes came back with the final chunks: reads past the end need no request either.
    expect((await second.store.getRange("sst/1", 10, 4)).length).toBe(0);
    await expect(second.store.getRange("sst/2", 9, 1)).rejects.toBeInstanceOf(InvalidRangeError);
    expect(second.inner.reads).toBe(0);
  });

  it("keeps the least recently filled chunks out first when the budget shrank", async () => {
    const disk = new MemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const first = await open(disk, memory);
    for (const key of ["a", "b", "c"]) {
      await first.store.putIfAbsent(key, text("1234"));
      await first.store.whenIdle();
    }
    const second = await open(disk, memory, { capacityBytes: 2 * fileBytesMin });
    expect(second.cache.stats()).toMatchObject({ entries: 2, evictions: 1 });
    expect(second.cache.has("a", 0)).toBe(false);
    expect(second.cache.has("c", 0)).toBe(true);
    // New fills continue the sequence, so "d" is younger than "c".
    await second.store.putIfAbsent("d", text("5678"));
    await second.store.whenIdle();
    const third = await open(disk, memory, { capacityBytes: 1 * fileBytesMin });
    expect(third.cache.has("d", 0)).toBe(true);
    expect(third.cache.has("c", 0)).toBe(false);
  });

  it("removes temp and damaged chunk files at open, and leaves other files alone", async () => {
    const disk = new MemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const first = await open(disk, memory);
    await first.store.putIfAbsent("good", text("1234"));
    await first.store.putIfAbsent("torn", text("12345678"));
    await first.store.whenIdle();
    const sub = chunkPath("good", 0).split("/").slice(0, 3).join("/");
    await disk.append(`${sub}/.tmp.1.2.${chunkFileName(objectKeyHash("good"), 5)}`, text("x"));
    await disk.append(`${directory}/.tmp.9.9.stray`, text("x"));
    await disk.append(`${directory}/README`, text("not ours"));
    const torn = await disk.readFile(chunkPath("torn", 1));
    await disk.writeFileAtomic(chunkPath("torn", 1), torn.subarray(0, torn.length - 1));
    // A file named for one chunk but holding another is damaged too.
    await disk.writeFileAtomic(chunkPath("good", 7), await disk.readFile(chunkPath("good", 0)));

    const second = await open(disk, memory);
    expect(second.cache.stats().entries).toBe(2);
    expect(second.cache.has("torn", 0)).toBe(true);
    expect(second.cache.has("torn", 1)).toBe(false);
    const left = await filesUnder(disk);
    expect(left.filter((name) => name.startsWith("."))).toEqual([]);
    expect(left).toContain("README");
    expect(second.lines.filter((line) => line.includes("damaged chunk file removed")).length).toBe(
      2,
    );
  });

  it("survives a simulated power loss: whatever remains is verified or removed", async () => {
    const disk = new MemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const first = await open(disk, memory);
    await first.store.putIfAbsent("k", text("0123456789"));
    await first.store.whenIdle();
    disk.crash();
    const second = await open(disk, memory);
    expect(decode(await second.store.getRange("k", 0, 100))).toBe("0123456789");
  });
});

describe("PersistentCache: damage found on read", () => {
  it("drops a chunk whose data fails its checksum, logs it, and reads the store", async () => {
    const disk = new MemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const rig = await open(disk, memory);
    await rig.store.putIfAbsent("sst/9", text("0123456789"));
    await rig.store.whenIdle();
    const path = chunkPath("sst/9", 1);
    const file = await disk.readFile(path);
    file[file.length - 2] = 0x21; // "4567" → "45!7"
    await disk.writeFileAtomic(path, file);

    expect(decode(await rig.store.getRange("sst/9", 4, 4))).toBe("4567");
    expect(rig.cache.stats().checksumFailures).toBe(1);
    expect(rig.inner.ranges).toEqual([["sst/9", 4, 4]]);
    const warning = rig.lines.find((line) => line.includes("checksum mismatch"));
    expect(warning).toContain("key=sst/9");
    expect(warning).toContain("chunk=1");
    // Refilled: the next read is a hit with the right bytes.
    await rig.store.whenIdle();
    expect(decode(await rig.store.getRange("sst/9", 0, 10))).toBe("0123456789");
    expect(rig.inner.reads).toBe(1);
  });

  it("checks damage inside a multi-chunk read too", async () => {
    const disk = new MemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const rig = await open(disk, memory);
    await rig.store.putIfAbsent("k", text("0123456789"));
    await rig.store.whenIdle();
    const path = chunkPath("k", 0);
    const file = await disk.readFile(path);
    file[file.length - 4] = 0x3f;
    await disk.writeFileAtomic(path, file);
    expect(decode(await rig.store.getRange("k", 0, 10))).toBe("0123456789");
    expect(rig.cache.stats().checksumFailures).toBe(1);
  });

  it("treats a chunk file that vanished as a miss", async () => {
    const disk = new MemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const rig = await open(disk, memory);
    await rig.store.putIfAbsent("k", text("0123"));
    await rig.store.whenIdle();
    await disk.unlink(chunkPath("k", 0));
    expect(decode(await rig.store.getRange("k", 0, 4))).toBe("0123");
    expect(rig.inner.reads).toBe(1);
    expect(rig.cache.stats().checksumFailures).toBe(0);
  });
});

describe("PersistentCache read handles", () => {
  it("keeps at most persistentCacheOpenFilesMax files open, closes dropped ones", async () => {
    const disk = new HandleMemoryLocalDisk();
    const memory = new MemoryObjectStore();
    const rig = await open(disk, memory);
    const count = persistentCacheOpenFilesMax + 6;
    const keys = Array.from({ length: count }, (_, i) => `sst/${i}`);
    for (const key of keys) await rig.store.putIfAbsent(key, text("abcd"));
    await rig.store.whenIdle();
    for (const key of keys) expect(decode(await rig.store.getRange(key, 1, 2))).toBe("bc");
    await rig.store.whenIdle();
    expect(disk.opened).toBe(count);
    expect(disk.opened - disk.closed).toBe(persistentCacheOpenFilesMax);
    // Reading the most recent ones again reuses their handles.
    for (const key of keys.slice(-10)) await rig.store.getRange(key, 0, 4);
    expect(disk.opened).toBe(count);
    expect(rig.inner.reads).toBe(0);
    await rig.store.delete(keys[count - 1] ?? "");
    await rig.store.whenIdle();
    expect(disk.opened - disk.closed).toBe(persistentCacheOpenFilesMax - 1);
    await rig.cache.close();
    expect(disk.opened - disk.closed).toBe(0);
  });
});

describe("PersistentCache on a real directory", () => {
  it("writes, rebuilds and serves chunks through NodeLocalDisk", async () => {
    const root = await mkdtemp(join(tmpdir(), "wesql-cache-"));
    try {
      const disk = new NodeLocalDisk();
      const memory = new MemoryObjectStore();
      const bytes = new Uint8Array(700_000).map((_, i) => (i * 31) & 0xff);
      const options = { directory: root, chunkBytes: 256 * 1024, pageBytes: 4096 };
      const first = await open(disk, memory, options);
      await first.store.putIfAbsent("sst/big", bytes);
      await first.store.whenIdle();
      expect(first.cache.stats().entries).toBe(3);
      const second = await open(disk, memory, options);
      // bytesEqual, not toEqual: vitest's deep equality takes seconds on 700 KB.
      const range = await second.store.getRange("sst/big", 262_000, 10_000);
      expect(bytesEqual(range, bytes.subarray(262_000, 272_000))).toBe(true);
      expect(bytesEqual(await second.store.get("sst/big"), bytes)).toBe(true);
      expect(second.inner.reads).toBe(0);
      expect(await filesUnder(disk, root)).toHaveLength(3);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
