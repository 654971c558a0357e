/**
 * The LSM engine simulation in CI: a few fixed seeds of src/engine/lsm/engine-sim.ts (each
 * failure names its seed; replay with `bun scripts/engine-sim.ts --seeds=<seed>`), plus
 * corruption: a flipped byte anywhere in an SST must surface as a CorruptionError naming it.
 */

import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../../src/objectstore/memory-object-store.ts";
import { branchRoot, sstPrefix } from "../../src/objectstore/object-paths.ts";
import { CorruptionError } from "../../src/util/errors.ts";
import { Logger } from "../../src/util/log.ts";
import { SeededRandom } from "../../src/util/random.ts";
import { runEngineSim } from "../../src/engine/lsm/engine-sim.ts";
import { LsmEngine, type LsmEngineOptions } from "../../src/engine/lsm/lsm-engine.ts";
import { SimClock } from "../../src/engine/lsm/sim-clock.ts";
import { WriteBatch } from "../../src/engine/lsm/write-batch.ts";

const SEEDS = [1, 2, 3, 4];
const OPS = 250;

describe("engine simulation", () => {
  it.each(SEEDS)("seed %i matches the model through crashes and compactions", async (seed) => {
    const report = await runEngineSim({ seed, ops: OPS });
    expect(report.batches).toBeGreaterThan(OPS / 4);
    expect(report.scans).toBeGreaterThan(0);
  });

  it("reaches deeper levels and crashes at least once across the seeds", async () => {
    const reports = await Promise.all([7, 8].map((seed) => runEngineSim({ seed, ops: 500 })));
    expect(Math.max(...reports.map((report) => report.maxLevel))).toBeGreaterThanOrEqual(1);
    expect(reports.reduce((sum, report) => sum + report.crashes, 0)).toBeGreaterThan(0);
  });
});

describe("SST corruption", () => {
  const root = branchRoot("sim", "corrupt");
  const options = (store: MemoryObjectStore): LsmEngineOptions => ({
    store,
    root,
    clock: new SimClock(),
    random: new SeededRandom(3),
    logger: new Logger("error", { write: () => {} }),
    blockCacheBytes: 1 << 20,
    memtableBytes: 1 << 20,
  });

  it.each([11, 12, 13, 14, 15])("a flipped byte (seed %i) is a CorruptionError", async (seed) => {
    const random = new SeededRandom(seed);
    const store = new MemoryObjectStore();
    const engine = await LsmEngine.open(options(store));
    const batch = new WriteBatch();
    for (let i = 0; i < 300; i++) batch.put(random.bytes(8), random.bytes(random.nextInt(100)));
    engine.write(batch);
    await engine.flush();
    await engine.close();
    const [sst] = await store.list(sstPrefix(root));
    const bytes = await store.get(sst!.key);
    const offset = random.nextInt(bytes.length);
    bytes[offset]! ^= 1 << random.nextInt(8);
    await store.put(sst!.key, bytes);
    const reopened = await LsmEngine.open(options(store));
    const cursor = reopened.scan({});
    const readAll = async (): Promise<void> => {
      while ((await cursor.nextChunk(100)).length > 0);
    };
    const failure = readAll();
    await expect(failure, `flipped offset ${offset}`).rejects.toBeInstanceOf(CorruptionError);
    await expect(failure).rejects.toThrow(sst!.key);
    cursor.close();
    await reopened.close();
  });
});
