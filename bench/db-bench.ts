/**
 * db_bench for the storage engine: leveldb's benchmarks/db_bench.cc workloads, run in one process
 * side by side against LevelDB (through the `classic-level` npm package, its C++ leveldb) and
 * against WeSQL-TS's LsmEngine over a LocalObjectStore, printing ops/s, µs/op and the ratio
 * WeSQL/LevelDB for each benchmark.
 *
 * Run: node_modules/.bin/bun bench/db-bench.ts [--num=N] [--sync] [--engines=leveldb,wesql]
 *        [--cache-mib=M]   (block cache of both engines, default 8)
 *
 * Workloads (as db_bench, one operation per write batch, single caller, each awaited in turn):
 *   fillseq     N puts in key order into a fresh database
 *   fillrandom  N puts in random key order into a fresh database
 *   readrandom  N gets of random keys of [0, N) from the fillrandom database (about 63% found)
 *   readseq     one scan of the whole fillrandom database
 *   seekrandom  N/10 seeks to random keys, reading the entry found
 * Keys are 16 bytes ("%016d"), values 100 bytes that compress to about half (as db_bench's
 * compression_ratio 0.5). Both engines get a 4 MiB write buffer / memtable and an 8 MiB block
 * cache (LevelDB's defaults). With --sync, the fills do N/100 writes: LevelDB writes with
 * sync=true (fsync of its log per write); WeSQL-TS has no log of its own (the binlog is its
 * write-ahead log), so each write first appends the 116-byte record to a log file through
 * NodeLocalDisk's AppendHandle and fsyncs it, as the binlog does per commit group of one.
 * All randomness is seeded (the same keys for both engines); figures are wall time per phase.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClassicLevel } from "classic-level";
import type { SeekableKvCursor } from "../src/engine/kv-store.ts";
import { LsmEngine } from "../src/engine/lsm/lsm-engine.ts";
import { WriteBatch } from "../src/engine/lsm/write-batch.ts";
import { LocalObjectStore } from "../src/objectstore/local-object-store.ts";
import { branchRoot } from "../src/objectstore/object-paths.ts";
import { systemClock } from "../src/util/clock.ts";
import { type AppendHandle, NodeLocalDisk } from "../src/util/local-disk.ts";
import { Logger } from "../src/util/log.ts";
import { SeededRandom } from "../src/util/random.ts";

const KEY_BYTES = 16;
const VALUE_BYTES = 100;
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
const BLOCK_CACHE_MIB_DEFAULT = 8;
const MIB = 1024 * 1024;
const SEED = 301;
const SYNC_WRITE_DIVISOR = 100;
const SEEK_DIVISOR = 10;
const SCAN_CHUNK_ENTRIES = 1000;

interface Flags {
  readonly num: number;
  readonly sync: boolean;
  readonly engines: readonly string[];
  readonly cacheBytes: number;
}

function parseFlags(argv: readonly string[]): Flags {
  let num = 100_000;
  let sync = false;
  let engines = ["leveldb", "wesql"];
  let cacheMib = BLOCK_CACHE_MIB_DEFAULT;
  for (const arg of argv) {
    if (arg.startsWith("--num=")) num = Number(arg.slice("--num=".length));
    else if (arg === "--sync") sync = true;
    else if (arg.startsWith("--cache-mib=")) cacheMib = Number(arg.slice("--cache-mib=".length));
    else if (arg.startsWith("--engines=")) engines = arg.slice("--engines=".length).split(",");
    else throw new Error(`unknown flag ${arg}; usage: db-bench.ts [--num=N] [--sync]`);
  }
  if (!Number.isSafeInteger(num) || num < 100) throw new Error("--num must be an integer >= 100");
  if (!(cacheMib > 0)) throw new Error("--cache-mib must be positive");
  return { num, sync, engines, cacheBytes: Math.round(cacheMib * MIB) };
}

/** One engine under test; every method is one db_bench operation. */
interface BenchTarget {
  put(key: Uint8Array, value: Uint8Array): Promise<void>;
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Scans everything; returns the entry count. */
  scanAll(): Promise<number>;
  /** Positions at the first key >= `key` and reads that entry; true when there is one. */
  seek(key: Uint8Array): Promise<boolean>;
  /** A one-line summary of the engine's state (levels, cache hit ratio), or "". */
  describe(): string;
  close(): Promise<void>;
}

interface EngineFactory {
  readonly name: string;
  open(dir: string, flags: Flags): Promise<BenchTarget>;
}

const levelDbFactory: EngineFactory = {
  name: "LevelDB",
  async open(dir, flags) {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, {
      keyEncoding: "view",
      valueEncoding: "view",
      writeBufferSize: WRITE_BUFFER_BYTES,
      cacheSize: flags.cacheBytes,
    });
    await db.open();
    // One iterator serves every seek; it is created at the first seek because a LevelDB
    // iterator reads the snapshot taken when it is created (after the fills).
    let seeker: ReturnType<typeof db.iterator> | undefined;
    const writeOptions = { sync: flags.sync };
    return {
      put: (key, value) => db.put(key, value, writeOptions),
      get: (key) => db.get(key),
      async scanAll() {
        const iterator = db.iterator();
        let count = 0;
        for (;;) {
          const chunk = await iterator.nextv(SCAN_CHUNK_ENTRIES);
          if (chunk.length === 0) break;
          count += chunk.length;
        }
        await iterator.close();
        return count;
      },
      async seek(key) {
        seeker ??= db.iterator();
        seeker.seek(key);
        return (await seeker.next()) !== undefined;
      },
      describe: () => "",
      async close() {
        await seeker?.close();
        await db.close();
      },
    };
  },
};

const wesqlFactory: EngineFactory = {
  name: "WeSQL-TS",
  async open(dir, flags) {
    const disk = new NodeLocalDisk();
    const store = await LocalObjectStore.open(disk, join(dir, "objects"));
    const engine = await LsmEngine.open({
      store,
      root: branchRoot("bench", "main"),
      clock: systemClock,
      random: new SeededRandom(SEED),
      logger: new Logger("warn"),
      blockCacheBytes: flags.cacheBytes,
      memtableBytes: WRITE_BUFFER_BYTES,
    });
    const log: AppendHandle | undefined = flags.sync
      ? await disk.openAppend(join(dir, "binlog.000001"))
      : undefined;
    return wesqlTarget(engine, log);
  },
};

function wesqlTarget(engine: LsmEngine, log: AppendHandle | undefined): BenchTarget {
  const batch = new WriteBatch();
  let seeker: SeekableKvCursor | undefined;
  return {
    async put(key, value) {
      if (log !== undefined) {
        await log.append(concatRecord(key, value));
        await log.sync();
      }
      await engine.waitForWriteCapacity();
      batch.clear();
      batch.put(key, value);
      engine.write(batch);
    },
    get: (key) => engine.get(key),
    async scanAll() {
      const cursor = engine.scan({});
      let count = 0;
      for (;;) {
        const chunk = await cursor.nextChunk(SCAN_CHUNK_ENTRIES);
        if (chunk.length === 0) break;
        count += chunk.length;
      }
      cursor.close();
      return count;
    },
    async seek(key) {
      // One cursor serves every seek, as LevelDB's one iterator: created at the first seek
      // (after the fills), repositioned with SeekableKvCursor.seek.
      seeker ??= engine.scan({});
      seeker.seek(key);
      return (await seeker.nextChunk(1)).length > 0;
    },
    describe() {
      const stats = engine.stats();
      const cache = stats.blockCache;
      const files = stats.levels.map((level) => level.fileCount).join("/");
      const lowHits = cache.hitsLow / Math.max(1, cache.hitsLow + cache.missesLow);
      return (
        `[files per level ${files}; data block hit ratio ${(100 * lowHits).toFixed(1)}%; ` +
        `cache ${(cache.usageBytes / 1048576).toFixed(1)} MiB]`
      );
    },
    async close() {
      seeker?.close();
      await log?.close();
      await engine.close();
    },
  };
}

function concatRecord(key: Uint8Array, value: Uint8Array): Uint8Array {
  const record = new Uint8Array(key.length + value.length);
  record.set(key);
  record.set(value, key.length);
  return record;
}

const encoder = new TextEncoder();

function keyOf(i: number): Uint8Array {
  const key = encoder.encode(String(i).padStart(KEY_BYTES, "0"));
  if (key.length !== KEY_BYTES) throw new Error(`key ${i} is longer than ${KEY_BYTES} bytes`);
  return key;
}

/** A ring of value bytes that compresses to about half, as db_bench's RandomGenerator. */
function valueSource(random: SeededRandom): (i: number) => Uint8Array {
  const pieces = 1024;
  const ring = new Uint8Array(pieces * VALUE_BYTES);
  for (let piece = 0; piece < pieces; piece++) {
    const half = random.bytes(VALUE_BYTES / 2);
    ring.set(half, piece * VALUE_BYTES);
    ring.set(half, piece * VALUE_BYTES + VALUE_BYTES / 2);
  }
  return (i) => {
    const start = (i % pieces) * VALUE_BYTES;
    return ring.subarray(start, start + VALUE_BYTES);
  };
}

interface Result {
  readonly benchmark: string;
  readonly engine: string;
  readonly ops: number;
  readonly micros: number;
  readonly note: string;
}

async function timed(
  benchmark: string,
  engine: string,
  ops: number,
  body: () => Promise<string>,
): Promise<Result> {
  const start = systemClock.monotonicMs();
  const note = await body();
  const micros = (systemClock.monotonicMs() - start) * 1000;
  return { benchmark, engine, ops, micros, note };
}

/** The workload plan, shared by both engines so they see the same keys. */
interface Plan {
  readonly num: number;
  readonly writes: number;
  readonly randomOrder: readonly number[];
  readonly readKeys: readonly number[];
  readonly seekKeys: readonly number[];
  readonly value: (i: number) => Uint8Array;
}

function makePlan(flags: Flags): Plan {
  const random = new SeededRandom(SEED);
  const writes = flags.sync ? Math.max(100, flags.num / SYNC_WRITE_DIVISOR) : flags.num;
  const randomOrder = Array.from({ length: writes }, () => random.nextInt(flags.num));
  const readKeys = Array.from({ length: flags.num }, () => random.nextInt(flags.num));
  const seeks = Math.max(100, Math.floor(flags.num / SEEK_DIVISOR));
  const seekKeys = Array.from({ length: seeks }, () => random.nextInt(flags.num));
  return { num: flags.num, writes, randomOrder, readKeys, seekKeys, value: valueSource(random) };
}

async function fill(target: BenchTarget, plan: Plan, order: "seq" | "random"): Promise<string> {
  for (let i = 0; i < plan.writes; i++) {
    const k = order === "seq" ? i : plan.randomOrder[i]!;
    await target.put(keyOf(k), plan.value(i));
  }
  return "";
}

async function runEngine(
  factory: EngineFactory,
  plan: Plan,
  flags: Flags,
  root: string,
): Promise<Result[]> {
  const results: Result[] = [];
  const name = factory.name;
  const seqTarget = await factory.open(join(root, `${name}-fillseq`), flags);
  results.push(await timed("fillseq", name, plan.writes, () => fill(seqTarget, plan, "seq")));
  await seqTarget.close();
  const target = await factory.open(join(root, `${name}-fillrandom`), flags);
  results.push(
    await timed("fillrandom", name, plan.writes, () => fill(target, plan, "random")),
  );
  const readKeys = plan.readKeys.map(keyOf);
  results.push(
    await timed("readrandom", name, readKeys.length, async () => {
      let found = 0;
      for (const key of readKeys) if ((await target.get(key)) !== undefined) found++;
      return `(${found} of ${readKeys.length} found) ${target.describe()}`.trimEnd();
    }),
  );
  let scanned = 0;
  const scan = await timed("readseq", name, 1, async () => {
    scanned = await target.scanAll();
    return `(${scanned} entries)`;
  });
  results.push({ ...scan, ops: Math.max(1, scanned) });
  const seekKeys = plan.seekKeys.map(keyOf);
  results.push(
    await timed("seekrandom", name, seekKeys.length, async () => {
      let found = 0;
      for (const key of seekKeys) if (await target.seek(key)) found++;
      return `(${found} of ${seekKeys.length} found)`;
    }),
  );
  await target.close();
  return results;
}

function printTable(results: readonly Result[], flags: Flags): void {
  const benchmarks = [...new Set(results.map((result) => result.benchmark))];
  const cell = (text: string, width: number): string => text.padStart(width);
  console.log(
    `\ndb_bench: num=${flags.num} sync=${flags.sync} key=${KEY_BYTES} B value=${VALUE_BYTES} B` +
      ` cache=${(flags.cacheBytes / MIB).toFixed(0)} MiB` +
      ` (ops/s, µs/op; ratio = WeSQL-TS ops/s ÷ LevelDB ops/s)`,
  );
  if (flags.sync) {
    console.log(
      "--sync: LevelDB puts with sync=true; WeSQL-TS appends each record to a log file and " +
        "fsyncs it (modelling the binlog) before writing the memtable. Fills do num/100 writes.",
    );
  }
  console.log(
    `${"benchmark".padEnd(12)}${cell("LevelDB ops/s", 15)}${cell("µs/op", 9)}` +
      `${cell("WeSQL ops/s", 14)}${cell("µs/op", 9)}${cell("ratio", 8)}  notes`,
  );
  for (const benchmark of benchmarks) {
    const level = results.find((r) => r.benchmark === benchmark && r.engine === "LevelDB");
    const ours = results.find((r) => r.benchmark === benchmark && r.engine === "WeSQL-TS");
    const rate = (r: Result | undefined): number => (r ? r.ops / (r.micros / 1e6) : NaN);
    const per = (r: Result | undefined): number => (r ? r.micros / r.ops : NaN);
    const ratio = rate(ours) / rate(level);
    console.log(
      `${benchmark.padEnd(12)}${cell(fmt(rate(level), 0), 15)}${cell(fmt(per(level), 2), 9)}` +
        `${cell(fmt(rate(ours), 0), 14)}${cell(fmt(per(ours), 2), 9)}` +
        `${cell(fmt(ratio, 2), 8)}  ${[level?.note, ours?.note].filter(Boolean).join(" / ")}`,
    );
  }
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const plan = makePlan(flags);
  const root = await mkdtemp(join(tmpdir(), "db-bench-"));
  const results: Result[] = [];
  try {
    const factories = [levelDbFactory, wesqlFactory].filter((factory) =>
      flags.engines.includes(factory.name === "LevelDB" ? "leveldb" : "wesql"),
    );
    for (const factory of factories) {
      results.push(...(await runEngine(factory, plan, flags, root)));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  printTable(results, flags);
}

await main();
