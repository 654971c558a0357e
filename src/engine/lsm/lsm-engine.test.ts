import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../../objectstore/memory-object-store.ts";
import { branchRoot, sstPrefix } from "../../objectstore/object-paths.ts";
import { CorruptionError } from "../../util/errors.ts";
import { Logger } from "../../util/log.ts";
import { SeededRandom } from "../../util/random.ts";
import type { KvCursor, KvEntry } from "../kv-store.ts";
import { FencedError } from "./fenced-error.ts";
import { LsmEngine, type LsmEngineOptions } from "./lsm-engine.ts";
import { lsmObsoleteObjectAgeMsMin } from "../../constants.ts";
import { SimClock } from "./sim-clock.ts";
import { firstSstIdOfEpoch, sstObjectKey } from "./sst-object-key.ts";
import { WriteBatch } from "./write-batch.ts";

const root = branchRoot("repo", "main");
const logger = new Logger("error", { write: () => {} });
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const str = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

function options(
  store: MemoryObjectStore,
  extra: Partial<LsmEngineOptions> = {},
): LsmEngineOptions {
  return {
    store,
    root,
    clock: new SimClock(),
    random: new SeededRandom(7),
    logger,
    blockCacheBytes: 1 << 20,
    memtableBytes: 4096,
    l0CompactionTrigger: 2,
    l0StopWritesTrigger: 6,
    levelBaseBytes: 8192,
    targetFileBytes: 2048,
    ...extra,
  };
}

function put(engine: LsmEngine, key: string, value: string, offset?: number): bigint {
  const batch = new WriteBatch();
  batch.put(text(key), text(value));
  return engine.write(batch, offset === undefined ? undefined : { file: 1, offset });
}

function del(engine: LsmEngine, key: string): void {
  const batch = new WriteBatch();
  batch.delete(text(key));
  engine.write(batch);
}

async function drain(cursor: KvCursor, chunk = 3): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const entries: readonly KvEntry[] = await cursor.nextChunk(chunk);
    if (entries.length === 0) break;
    for (const entry of entries) out.push(`${str(entry.key)}=${str(entry.value)}`);
  }
  cursor.close();
  return out;
}

const key = (i: number): string => `k${String(i).padStart(4, "0")}`;

/** The first `count` entries of `cursor` as one chunk; closes it when drained. */
function limited(cursor: KvCursor, count: number): KvCursor {
  let left = count;
  return {
    nextChunk: async (max: number) => {
      if (left === 0) return [];
      const chunk = await cursor.nextChunk(Math.min(max, left));
      left -= chunk.length;
      return chunk;
    },
    close: () => cursor.close(),
  };
}

describe("LsmEngine", () => {
  it("reads its writes from the memtable, SSTs and after reopen", async () => {
    const store = new MemoryObjectStore();
    const engine = await LsmEngine.open(options(store));
    expect(put(engine, "a", "1", 10)).toBe(1n);
    put(engine, "b", "2", 20);
    del(engine, "a");
    expect(await engine.get(text("a"))).toBeUndefined();
    await engine.flush();
    expect(engine.manifest.binlogPosition).toEqual({ file: 1, offset: 20 });
    expect(engine.manifest.lastSequence).toBe(3n);
    expect(str(await engine.get(text("b")))).toBe("2");
    expect(await engine.get(text("a"))).toBeUndefined();
    await engine.close();
    const reopened = await LsmEngine.open(options(store));
    expect(reopened.lastSequence).toBe(3n);
    expect(str(await reopened.get(text("b")))).toBe("2");
    expect(await reopened.get(text("zz"))).toBeUndefined();
    await reopened.close();
  });

  it("estimates the entries in a key range from memtables and SST metadata, reading no data block", async () => {
    const store = new MemoryObjectStore();
    // Big memtables and files: the 3,000 keys below make one SST (~45 blocks).
    const engine = await LsmEngine.open(options(store, { memtableBytes: 1 << 20, targetFileBytes: 1 << 20 }));
    for (let i = 0; i < 3000; i++) put(engine, key(i), "v".repeat(40));
    await engine.flush();
    expect(await engine.estimateEntries(text(key(0)), text(key(3000)))).toBe(3000);
    for (let i = 3000; i < 3040; i++) put(engine, key(i), "v");
    del(engine, key(3039));
    put(engine, key(3038), "overwritten");
    // Memtable: 39 live user keys (3039 deleted, 3038 counted once).
    expect(await engine.estimateEntries(text(key(3000)), text(key(4000)))).toBe(39);
    await engine.close();

    const reopened = await LsmEngine.open(options(store));
    const reads: [number, number][] = [];
    const getRange = store.getRange.bind(store);
    store.getRange = (objectKey, offset, length) => {
      reads.push([offset, length]);
      return getRange(objectKey, offset, length);
    };
    // The SST straddles [k1000, k2000): about a third of its blocks.
    const third = await reopened.estimateEntries(text(key(1000)), text(key(2000)));
    expect(third).toBeGreaterThanOrEqual(950);
    expect(third).toBeLessThanOrEqual(1100);
    expect(await reopened.estimateEntries(text("a"), text("b"))).toBe(0);
    // The footer, then the index, filter and properties blocks: no data block.
    expect(reads.length).toBe(4);
    await reopened.close();
  });

  it("opens about one file per level for a scan that stops early, after a reopen", async () => {
    const store = new MemoryObjectStore();
    const engine = await LsmEngine.open(options(store));
    for (let i = 0; i < 3000; i++) put(engine, key(i), `value-${i}`);
    await engine.flush();
    await engine.compactUntilIdle();
    await engine.close();
    const reopened = await LsmEngine.open(options(store));
    const files = reopened.stats().levels.reduce((sum, level) => sum + level.fileCount, 0);
    const levels = reopened.stats().levels.filter((level) => level.fileCount > 0).length;
    expect(files).toBeGreaterThan(20);
    const forward = reopened.scan({ lower: text(key(1500)) });
    expect(await drain(limited(forward, 3))).toEqual([
      "k1500=value-1500", "k1501=value-1501", "k1502=value-1502",
    ]);
    const backward = reopened.scan({ upper: text(key(2000)), reverse: true });
    expect((await backward.nextChunk(2)).map((entry) => str(entry.key))).toEqual(["k1999", "k1998"]);
    backward.close();
    // Each scan read one or two files per level (the first at its start, maybe the next).
    expect(reopened.stats().openReaderCount).toBeLessThanOrEqual(4 * levels);
    // A full scan still reads every entry, across every file.
    expect((await drain(reopened.scan({}), 500)).length).toBe(3000);
    expect(reopened.stats().openReaderCount).toBe(files);
    await reopened.close();
  });

  it("keeps snapshots exact across flushes and compactions", async () => {
    const store = new MemoryObjectStore();
    const engine = await LsmEngine.open(options(store));
    for (let i = 0; i < 200; i++) put(engine, key(i), `v1-${i}`);
    const snapshot = engine.snapshot();
    for (let i = 0; i < 200; i++) put(engine, key(i), `v2-${i}`);
    for (let i = 0; i < 200; i += 2) del(engine, key(i));
    await engine.flush();
    await engine.compactUntilIdle();
    const stats = engine.stats();
    expect(stats.compactions).toBeGreaterThan(0);
    expect(stats.levels[0]!.fileCount).toBeLessThan(2);
    for (let i = 0; i < 200; i += 37) {
      expect(str(await engine.get(text(key(i)), snapshot))).toBe(`v1-${i}`);
      expect(str(await engine.get(text(key(i))))).toBe(i % 2 === 0 ? undefined : `v2-${i}`);
    }
    const old = await drain(engine.scan({ snapshot, lower: text(key(10)), upper: text(key(14)) }));
    expect(old).toEqual([10, 11, 12, 13].map((i) => `${key(i)}=v1-${i}`));
    snapshot.release();
    await engine.close();
  });

  it("scans forward and backward within bounds, through a tiny block cache", async () => {
    const store = new MemoryObjectStore();
    const engine = await LsmEngine.open(options(store, { blockCacheBytes: 1 }));
    for (let i = 0; i < 300; i++) put(engine, key(i), `v${i}`);
    await engine.flush();
    for (let i = 100; i < 110; i++) put(engine, key(i), `w${i}`);
    const forward = await drain(engine.scan({ lower: text(key(95)), upper: text(key(112)) }), 4);
    const expected = Array.from({ length: 17 }, (_, n) => {
      const i = 95 + n;
      return `${key(i)}=${i >= 100 && i < 110 ? "w" : "v"}${i}`;
    });
    expect(forward).toEqual(expected);
    const backward = await drain(
      engine.scan({ lower: text(key(95)), upper: text(key(112)), reverse: true, fillCache: false }),
      5,
    );
    expect(backward).toEqual([...expected].reverse());
    expect((await drain(engine.scan({}), 64)).length).toBe(300);
    await engine.close();
  });

  it("drops tombstones and shadowed versions at the bottom, and deletes garbage", async () => {
    const store = new MemoryObjectStore();
    const engine = await LsmEngine.open(options(store));
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 100; i++) put(engine, key(i), `r${round}`);
      await engine.flush();
    }
    for (let i = 0; i < 100; i++) del(engine, key(i));
    await engine.flush();
    await engine.compactUntilIdle();
    await engine.close();
    const entries = engine.manifest.levels.flat().reduce((sum, sst) => sum + sst.entryCount, 0);
    expect(entries).toBe(0);
    const live = engine.manifest.levels.flat().length;
    expect((await store.list(sstPrefix(root))).length).toBe(live);
  });

  it("stops for good once another writer opened the tree", async () => {
    const store = new MemoryObjectStore();
    const old = await LsmEngine.open(options(store));
    put(old, "a", "1", 5);
    await LsmEngine.open(options(store));
    await expect(old.flush()).rejects.toBeInstanceOf(FencedError);
    expect(() => put(old, "b", "2")).toThrow(FencedError);
    await expect(old.waitForWriteCapacity()).rejects.toBeInstanceOf(FencedError);
  });

  it("reports a flipped byte in an SST as corruption naming the object", async () => {
    const store = new MemoryObjectStore();
    const engine = await LsmEngine.open(options(store));
    for (let i = 0; i < 50; i++) put(engine, key(i), `v${i}`);
    await engine.flush();
    await engine.close();
    const [sst] = await store.list(sstPrefix(root));
    const bytes = await store.get(sst!.key);
    bytes[10]! ^= 0x40;
    await store.put(sst!.key, bytes);
    const reopened = await LsmEngine.open(options(store));
    const failure = reopened.get(text(key(0)));
    await expect(failure).rejects.toBeInstanceOf(CorruptionError);
    await expect(failure).rejects.toThrow(sst!.key);
    await reopened.close();
  });

  it("stalls writers while too many memtables wait, and lets them go after the flush", async () => {
    const store = new MemoryObjectStore();
    const engine = await LsmEngine.open(options(store, { memtableBytes: 256 }));
    for (let i = 0; i < 40; i++) put(engine, key(i), "x".repeat(40));
    await engine.waitForWriteCapacity();
    expect(engine.stats().stallCount).toBe(1);
    expect(engine.stats().immutableCount).toBeLessThan(2);
    await engine.close();
  });

  it("reads a queued foreign SST's metadata once, not on every garbage-collection run", async () => {
    const clock = new SimClock();
    const memory = new MemoryObjectStore(clock);
    const first = await LsmEngine.open(options(memory, { clock }));
    put(first, "a", "1", 1);
    await first.flush();
    await first.close();
    const orphan = sstObjectKey(root, firstSstIdOfEpoch(first.epoch) + 999n);
    await memory.put(orphan, new Uint8Array([1, 2, 3]));
    let orphanHeads = 0;
    const counting = new Proxy(memory, {
      get(target, property) {
        if (property === "head") {
          return (key: string) => {
            if (key === orphan) orphanHeads++;
            return target.head(key);
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const engine = await LsmEngine.open(options(counting, { clock }));
    // Many flushes and compactions: each schedules a garbage-collection run.
    for (let i = 0; i < 400; i++) {
      put(engine, `k${String(i % 97).padStart(3, "0")}`, "x".repeat(60));
      if (i % 40 === 39) await engine.flush();
    }
    await engine.compactUntilIdle();
    await engine.close();
    expect(engine.stats().compactions).toBeGreaterThan(1);
    expect(orphanHeads).toBe(1);
  });

  it("deletes another epoch's orphan SST only once it is old enough", async () => {
    const clock = new SimClock();
    const store = new MemoryObjectStore(clock);
    const first = await LsmEngine.open(options(store, { clock }));
    put(first, "a", "1", 1);
    await first.flush();
    await first.close();
    const orphan = sstObjectKey(root, firstSstIdOfEpoch(first.epoch) + 999n);
    await store.put(orphan, new Uint8Array([1, 2, 3]));
    const young = await LsmEngine.open(options(store, { clock }));
    await young.close();
    await store.head(orphan);
    clock.advance(lsmObsoleteObjectAgeMsMin + 1);
    const old = await LsmEngine.open(options(store, { clock }));
    await old.close();
    await expect(store.head(orphan)).rejects.toThrow(/not found/);
    expect(str(await old.get(text("a")))).toBe("1");
  });
});

describe("LsmEngine during an object-store outage", () => {
  it("keeps its memtables, refuses writes only after the bound, and resumes when the store is back", async () => {
    const { FaultyObjectStore } = await import("../../objectstore/faulty-object-store.ts");
    const { lsmStoreOutageRetryMs, lsmStoreOutageStallMsMax } = await import("../../constants.ts");
    const clock = new SimClock();
    const memory = new MemoryObjectStore(clock);
    const faulty = new FaultyObjectStore(memory, { random: new SeededRandom(1), clock });
    const engine = await LsmEngine.open({
      ...options(memory, { clock }),
      store: faulty as unknown as MemoryObjectStore,
    });
    faulty.outage = true;
    // Fill the memtables: flushes fail with ObjectStoreUnavailableError and must not stop
    // the engine.
    for (let i = 0; i < 400 && engine.stats().immutableCount < 2; i++) {
      put(engine, `k${String(i).padStart(4, "0")}`, "v".repeat(40));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(engine.stats().immutableCount).toBe(2);
    expect(engine.writeRefusal()).toBeUndefined();
    expect(str(await engine.get(text("k0001")))).toBe("v".repeat(40));
    clock.advance(lsmStoreOutageStallMsMax);
    expect(engine.writeRefusal()?.message).toMatch(/object store has been unavailable for 150 s/);
    // The store comes back: the next retry flushes and writes are accepted again.
    await new Promise((resolve) => setTimeout(resolve, 10));
    faulty.outage = false;
    for (let i = 0; i < 20 && engine.stats().immutableCount > 0; i++) {
      clock.advance(lsmStoreOutageRetryMs);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(engine.stats().immutableCount).toBe(0);
    expect(engine.writeRefusal()).toBeUndefined();
    expect(engine.stats().flushes).toBeGreaterThan(0);
    await engine.close();
  });
});
