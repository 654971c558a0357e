import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../../objectstore/memory-object-store.ts";
import { branchRoot } from "../../objectstore/object-paths.ts";
import { Logger } from "../../util/log.ts";
import { SeededRandom } from "../../util/random.ts";
import { type KvScanOptions, isSeekableKvCursor } from "../kv-store.ts";
import { LsmEngine } from "./lsm-engine.ts";
import { SimClock } from "./sim-clock.ts";
import { WriteBatch } from "./write-batch.ts";

const logger = new Logger("error", { write: () => {} });
const key = (i: number): Uint8Array => new TextEncoder().encode(`k${String(i).padStart(4, "0")}`);
const name = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** An engine whose keys are spread over SSTs of several levels and the memtable. */
async function filledEngine(random: SeededRandom): Promise<{
  engine: LsmEngine;
  model: Map<string, string>;
}> {
  const engine = await LsmEngine.open({
    store: new MemoryObjectStore(),
    root: branchRoot("repo", "main"),
    clock: new SimClock(),
    random: new SeededRandom(3),
    logger,
    blockCacheBytes: 64 * 1024,
    memtableBytes: 2048,
    l0CompactionTrigger: 2,
    levelBaseBytes: 8192,
    targetFileBytes: 2048,
  });
  const model = new Map<string, string>();
  for (let round = 0; round < 1000; round++) {
    const batch = new WriteBatch();
    const k = key(random.nextInt(400));
    if (random.nextInt(5) === 0) {
      batch.delete(k);
      model.delete(name(k));
    } else {
      const value = `v${round}`;
      batch.put(k, new TextEncoder().encode(value));
      model.set(name(k), value);
    }
    await engine.waitForWriteCapacity();
    engine.write(batch);
    if (round === 700) await engine.compactUntilIdle();
  }
  return { engine, model };
}

/** What a fresh scan from `start` returns: the model's keys in bounds, in scan order. */
function expected(model: Map<string, string>, options: KvScanOptions, start: string): string[] {
  const lower = options.lower === undefined ? undefined : name(options.lower);
  const upper = options.upper === undefined ? undefined : name(options.upper);
  const keys = [...model.keys()]
    .filter((k) => (lower === undefined || k >= lower) && (upper === undefined || k < upper))
    .sort();
  if (options.reverse === true) return keys.filter((k) => k <= start).reverse();
  return keys.filter((k) => k >= start);
}

describe("LsmCursor.seek", () => {
  it("repositions forward and reverse cursors, within bounds, like a fresh scan", async () => {
    const random = new SeededRandom(11);
    const { engine, model } = await filledEngine(random);
    expect(engine.stats().levels.filter((level) => level.fileCount > 0).length).toBeGreaterThan(1);
    const scans: KvScanOptions[] = [
      {},
      { reverse: true },
      { lower: key(100), upper: key(300) },
      { lower: key(100), upper: key(300), reverse: true },
    ];
    for (const options of scans) {
      const cursor = engine.scan({ ...options, fillCache: random.nextInt(2) === 0 });
      expect(isSeekableKvCursor(cursor)).toBe(true);
      if (!isSeekableKvCursor(cursor)) return;
      for (let trial = 0; trial < 40; trial++) {
        const target = key(random.nextInt(420));
        cursor.seek(target);
        const want = expected(model, options, name(target)).slice(0, 7);
        const got: string[] = [];
        // Two chunks, so a seek also restarts a cursor that had run to its end.
        for (const size of [3, 4]) {
          for (const entry of await cursor.nextChunk(size)) {
            got.push(name(entry.key));
            expect(new TextDecoder().decode(entry.value)).toBe(model.get(name(entry.key)));
          }
        }
        expect(got).toEqual(want);
      }
      cursor.close();
      expect(() => cursor.seek(key(1))).toThrow(/closed/);
    }
    await engine.close();
  });

  it("keeps its snapshot: writes after the scan began stay invisible after a seek", async () => {
    const { engine, model } = await filledEngine(new SeededRandom(5));
    // fillCache false: every block is a miss, so the scan runs on read-ahead blocks.
    const cursor = engine.scan({ fillCache: false });
    if (!isSeekableKvCursor(cursor)) throw new Error("LsmCursor is seekable");
    const batch = new WriteBatch();
    batch.put(key(9999), new TextEncoder().encode("late"));
    engine.write(batch);
    cursor.seek(key(0));
    const all: string[] = [];
    for (;;) {
      const chunk = await cursor.nextChunk(64);
      if (chunk.length === 0) break;
      all.push(...chunk.map((entry) => name(entry.key)));
    }
    expect(all).toEqual([...model.keys()].sort());
    cursor.close();
    const reverse = engine.scan({ fillCache: false, reverse: true });
    const backward: string[] = [];
    for (let chunk = await reverse.nextChunk(5); chunk.length > 0; ) {
      backward.push(...chunk.map((entry) => name(entry.key)));
      chunk = await reverse.nextChunk(5);
    }
    // This scan began after the late write, so it sees it.
    expect(backward).toEqual([...model.keys(), name(key(9999))].sort().reverse());
    reverse.close();
    await engine.close();
  });
});
