/**
 * The deterministic simulation of LsmEngine (in the spirit of TigerBeetle's VOPR and SlateDB's
 * DST): one seed drives random batches of puts and deletes, point reads, snapshots, forward and
 * backward scans, flushes, compactions, crashes and reopens against a MemoryObjectStore, a
 * SimClock and seeded randomness, and every read is checked against EngineSimModel.
 *
 * Crash model: the engine has no log of its own (the binlog is the write-ahead log, and its
 * replay is not part of the engine), so a crash loses every write after the last flushed
 * logEnd. The simulation passes logEnd = its batch counter, and after a reopen it reads
 * `manifest.binlogPosition` to learn which prefix survived; it checks that the prefix never
 * shrinks, that an explicit flush made everything durable, and that the tree equals the model
 * at exactly that prefix. A crashed engine is dropped without close: its background work keeps
 * running and must be fenced by the successor.
 *
 * Every failure is rethrown with the seed, so `bun scripts/engine-sim.ts --seeds=<seed>`
 * replays it exactly.
 */

import { lsmObsoleteObjectAgeMsMin } from "../../constants.ts";
import { MemoryObjectStore } from "../../objectstore/memory-object-store.ts";
import { branchRoot } from "../../objectstore/object-paths.ts";
import { assert } from "../../util/assert.ts";
import { bytesEqual } from "../../util/bytes.ts";
import { Logger } from "../../util/log.ts";
import { type Random, SeededRandom } from "../../util/random.ts";
import type { KvSnapshot } from "../kv-store.ts";
import {
  EngineSimModel,
  type ModelRecord,
  type ModelState,
  hexOf,
  modelRange,
} from "./engine-sim-model.ts";
import { LsmEngine, type LsmEngineOptions } from "./lsm-engine.ts";
import { SimClock } from "./sim-clock.ts";
import { WriteBatch } from "./write-batch.ts";

export interface EngineSimOptions {
  readonly seed: number;
  readonly ops: number;
  /** Progress lines (for the campaign script); silent when absent. */
  readonly log?: (line: string) => void;
}

export interface EngineSimReport {
  readonly seed: number;
  readonly ops: number;
  readonly batches: number;
  readonly reads: number;
  readonly scans: number;
  readonly flushes: number;
  readonly compactions: number;
  readonly crashes: number;
  readonly maxLevel: number;
}

interface LiveSnapshot {
  readonly snapshot: KvSnapshot;
  readonly state: ModelState;
}

const SNAPSHOTS_MAX = 4;
const root = branchRoot("sim", "main");
const quietLogger = new Logger("error", { write: () => {} });

/** Runs one seeded simulation; throws an Error naming the seed on any mismatch. */
export async function runEngineSim(options: EngineSimOptions): Promise<EngineSimReport> {
  const sim = new EngineSim(options);
  try {
    return await sim.run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`engine sim failed: seed=${options.seed} op=${sim.op}: ${message}`, {
      cause: error,
    });
  }
}

class EngineSim {
  readonly #options: EngineSimOptions;
  readonly #random: Random;
  readonly #clock = new SimClock();
  readonly #store: MemoryObjectStore;
  readonly #model = new EngineSimModel();
  readonly #keySpace: number;
  readonly #engineOptions: Omit<LsmEngineOptions, "random">;
  #engine: LsmEngine | undefined;
  #snapshots: LiveSnapshot[] = [];
  #durable = 0;
  #reopenCount = 0;
  op = 0;
  readonly #counts = { batches: 0, reads: 0, scans: 0, flushes: 0, compactions: 0, crashes: 0 };
  #maxLevel = 0;

  constructor(options: EngineSimOptions) {
    this.#options = options;
    this.#random = new SeededRandom(options.seed);
    this.#store = new MemoryObjectStore(this.#clock);
    const random = this.#random;
    this.#keySpace = 16 + random.nextInt(400);
    this.#engineOptions = {
      store: this.#store,
      root,
      clock: this.#clock,
      logger: quietLogger,
      blockCacheBytes: [1, 4096, 1 << 16, 1 << 22][random.nextInt(4)]!,
      memtableBytes: 1024 + random.nextInt(16 * 1024),
      l0CompactionTrigger: 2 + random.nextInt(3),
      l0StopWritesTrigger: 8,
      levelBaseBytes: 4096 + random.nextInt(32 * 1024),
      targetFileBytes: 1024 + random.nextInt(8 * 1024),
    };
  }

  get #live(): LsmEngine {
    assert(this.#engine !== undefined, "no open engine");
    return this.#engine;
  }

  async run(): Promise<EngineSimReport> {
    await this.#reopen();
    for (this.op = 1; this.op <= this.#options.ops; this.op++) {
      await this.#step();
      if (this.op % 1000 === 0) this.#options.log?.(`seed ${this.#options.seed}: op ${this.op}`);
    }
    await this.#live.flush();
    await this.#live.compactUntilIdle();
    await this.#checkAll(this.#model.state, undefined);
    this.#releaseSnapshots();
    await this.#live.close();
    return {
      seed: this.#options.seed,
      ops: this.#options.ops,
      ...this.#counts,
      maxLevel: this.#maxLevel,
    };
  }

  async #step(): Promise<void> {
    const roll = this.#random.nextInt(1000);
    if (roll < 550) return this.#writeBatch();
    if (roll < 680) return this.#pointRead();
    if (roll < 740) return this.#takeSnapshot();
    if (roll < 780) return this.#releaseOneSnapshot();
    if (roll < 900) return this.#scan();
    if (roll < 930) return this.#flush();
    if (roll < 960) return this.#compact();
    if (roll < 985) return this.#crash();
    this.#clock.advance(lsmObsoleteObjectAgeMsMin + 1);
  }

  #randomKey(): Uint8Array {
    const index = this.#random.nextInt(this.#keySpace);
    return new TextEncoder().encode(`key${String(index).padStart(5, "0")}`);
  }

  #randomValue(): Uint8Array {
    const long = this.#random.nextInt(20) === 0;
    return this.#random.bytes(long ? 200 + this.#random.nextInt(2000) : this.#random.nextInt(64));
  }

  async #writeBatch(): Promise<void> {
    await this.#live.waitForWriteCapacity();
    const batch = new WriteBatch();
    const records: ModelRecord[] = [];
    const count = 1 + this.#random.nextInt(6);
    for (let i = 0; i < count; i++) {
      const key = this.#randomKey();
      if (this.#random.nextInt(4) === 0) {
        batch.delete(key);
        records.push({ key, value: undefined });
      } else {
        const value = this.#randomValue();
        batch.put(key, value);
        records.push({ key, value });
      }
    }
    const logEnd = this.#model.lastLogEnd + 1;
    this.#live.write(batch, { file: 1, offset: logEnd });
    this.#model.apply({ logEnd, records });
    this.#counts.batches++;
  }

  async #pointRead(): Promise<void> {
    const chosen = this.#chooseView();
    for (let i = 0; i < 4; i++) {
      const key = this.#randomKey();
      const actual = await this.#live.get(key, chosen.snapshot);
      const expected = chosen.state.get(hexOf(key))?.value;
      this.#counts.reads++;
      if (!sameValue(actual, expected)) {
        throw new Error(`get ${hexOf(key)}: engine ${show(actual)}, model ${show(expected)}`);
      }
    }
  }

  /** The current state, or a live snapshot's (one time in three when any exist). */
  #chooseView(): { snapshot: KvSnapshot | undefined; state: ModelState } {
    if (this.#snapshots.length > 0 && this.#random.nextInt(3) === 0) {
      return this.#snapshots[this.#random.nextInt(this.#snapshots.length)]!;
    }
    return { snapshot: undefined, state: this.#model.state };
  }

  #takeSnapshot(): void {
    if (this.#snapshots.length >= SNAPSHOTS_MAX) return;
    this.#snapshots.push({ snapshot: this.#live.snapshot(), state: this.#model.copy() });
  }

  #releaseOneSnapshot(): void {
    if (this.#snapshots.length === 0) return;
    const [released] = this.#snapshots.splice(this.#random.nextInt(this.#snapshots.length), 1);
    released!.snapshot.release();
  }

  #releaseSnapshots(): void {
    for (const live of this.#snapshots) live.snapshot.release();
    this.#snapshots = [];
  }

  async #scan(): Promise<void> {
    const chosen = this.#chooseView();
    let lower = this.#random.nextInt(3) === 0 ? undefined : this.#randomKey();
    let upper = this.#random.nextInt(3) === 0 ? undefined : this.#randomKey();
    if (lower !== undefined && upper !== undefined && hexOf(lower) > hexOf(upper)) {
      [lower, upper] = [upper, lower];
    }
    await this.#checkRange(chosen.state, chosen.snapshot, lower, upper);
  }

  async #checkRange(
    state: ModelState,
    snapshot: KvSnapshot | undefined,
    lower: Uint8Array | undefined,
    upper: Uint8Array | undefined,
  ): Promise<void> {
    const reverse = this.#random.nextInt(2) === 0;
    const cursor = this.#live.scan({
      ...(lower === undefined ? {} : { lower }),
      ...(upper === undefined ? {} : { upper }),
      ...(snapshot === undefined ? {} : { snapshot }),
      reverse,
      fillCache: this.#random.nextInt(4) !== 0,
    });
    const expected = modelRange(state, lower, upper, reverse);
    const chunk = 1 + this.#random.nextInt(50);
    let index = 0;
    try {
      for (;;) {
        const entries = await cursor.nextChunk(chunk);
        if (entries.length === 0) break;
        for (const entry of entries) {
          const want = expected[index++];
          if (want === undefined || !bytesEqual(want.key, entry.key)) {
            throw new Error(`scan: engine key ${hexOf(entry.key)}, model ${show(want?.key)}`);
          }
          if (!bytesEqual(want.value, entry.value)) {
            throw new Error(`scan: value of ${hexOf(entry.key)}`);
          }
        }
      }
    } finally {
      cursor.close();
    }
    if (index !== expected.length) {
      throw new Error(`scan: ${index} entries, model ${expected.length}`);
    }
    this.#counts.scans++;
  }

  async #checkAll(state: ModelState, snapshot: KvSnapshot | undefined): Promise<void> {
    await this.#checkRange(state, snapshot, undefined, undefined);
  }

  async #flush(): Promise<void> {
    await this.#live.flush();
    this.#counts.flushes++;
    const position = this.#live.manifest.binlogPosition.offset;
    if (position !== this.#model.lastLogEnd) {
      throw new Error(`flush: manifest covers ${position}, wrote ${this.#model.lastLogEnd}`);
    }
    this.#durable = position;
  }

  async #compact(): Promise<void> {
    await this.#live.compactUntilIdle();
    this.#counts.compactions++;
    const levels = this.#live.manifest.levels;
    levels.forEach((ssts, level) => {
      if (ssts.length > 0 && level > this.#maxLevel) this.#maxLevel = level;
    });
  }

  /** Drops the engine without close (sometimes closing it first), then reopens and checks. */
  async #crash(): Promise<void> {
    this.#counts.crashes++;
    const engine = this.#live;
    if (this.#random.nextInt(2) === 0) await engine.close();
    this.#snapshots = [];
    this.#engine = undefined;
    await this.#reopen();
  }

  async #reopen(): Promise<void> {
    this.#reopenCount++;
    const random = new SeededRandom(this.#options.seed * 7919 + this.#reopenCount);
    this.#engine = await LsmEngine.open({ ...this.#engineOptions, random });
    const survived = this.#engine.manifest.binlogPosition.offset;
    if (survived < this.#durable || survived > this.#model.lastLogEnd) {
      const range = `[${this.#durable}, ${this.#model.lastLogEnd}]`;
      throw new Error(`reopen: surviving prefix ${survived} outside ${range}`);
    }
    this.#durable = survived;
    this.#model.truncateAfter(survived);
    await this.#checkAll(this.#model.state, undefined);
  }
}

function sameValue(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return bytesEqual(a, b);
}

function show(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? "absent" : hexOf(bytes).slice(0, 40);
}
