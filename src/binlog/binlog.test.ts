import { describe, expect, it } from "vitest";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import { WriteBatch } from "../engine/lsm/write-batch.ts";
import type { ColumnSchema } from "../sql/catalog/schema.ts";
import { SqlError } from "../sql/sql-error.ts";
import type { CommitRecord, LoggedTable } from "../table/commit-pipeline.ts";
import type { Clock } from "../util/clock.ts";
import { CorruptionError } from "../util/errors.ts";
import { Logger } from "../util/log.ts";
import { MemoryLocalDisk } from "../util/memory-local-disk.ts";
import { SeededRandom } from "../util/random.ts";
import { Binlog, type BinlogOptions } from "./binlog.ts";
import { FaultyDisk, RecordingKvStore } from "./binlog-test-support.ts";

const UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
const DIR = "/data/binlog";
const quiet = new Logger("error", { write: () => undefined });
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

const clock: Clock = {
  nowMs: () => 1_700_000_000_000,
  monotonicMs: () => 0,
  setTimer: () => ({ cancel: () => undefined }),
  sleep: async () => undefined,
};

function column(name: string, type: ColumnSchema["type"]): ColumnSchema {
  return { name, type, nullable: true, defaultValue: { kind: "none" }, autoIncrement: false,
    comment: "" };
}

const people: LoggedTable = {
  tableId: 81,
  schema: {
    database: "db", name: "t", primaryKey: undefined, indexes: [], engine: "SMARTENGINE",
    charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", comment: "", autoIncrementStart: 1,
    columns: [
      column("id", { kind: "int" }),
      column("name", { kind: "varchar", length: 20, collation: "utf8mb4_0900_ai_ci" }),
    ],
  },
};
const lookupTable = (tableId: number): LoggedTable | undefined =>
  tableId === people.tableId ? people : undefined;

/** Transaction i: an insert of row i (odd i) or a DDL statement naming i (even i). */
function recordFor(i: number): CommitRecord {
  if (i % 2 === 1) {
    return { kind: "rows", changes: [{ kind: "insert", table: people, after: [i, `n${i}`] }] };
  }
  return { kind: "ddl", database: "db", statement: `CREATE TABLE \`db\`.\`t${i}\` (a INT)` };
}

/** The number recordFor encoded in a replayed record. */
function numberOf(record: CommitRecord): number {
  if (record.kind === "ddl") return Number(/t(\d+)/.exec(record.statement)?.[1]);
  const change = record.changes[0];
  if (change?.kind !== "insert") throw new Error("unexpected record");
  return Number(change.after[0]);
}

function batchFor(i: number): WriteBatch {
  const batch = new WriteBatch();
  batch.put(text(`k${i}`), text(`v${i}`));
  return batch;
}

interface Replayed {
  readonly numbers: number[];
  readonly ends: BinlogPosition[];
}

function options(
  disk: FaultyDisk,
  store: RecordingKvStore,
  extra: Partial<BinlogOptions> = {},
): BinlogOptions {
  return {
    disk, dir: DIR, clock, logger: quiet, serverId: 7, serverUuid: UUID,
    serverVersion: "8.0.35-wesql-ts", durability: "local", maxFileBytes: 1 << 20, store,
    ...extra,
  };
}

/** Opens the binlog on `memory` and recovers from `from`, collecting what was replayed. */
async function start(
  memory: MemoryLocalDisk,
  from: BinlogPosition = { file: 0, offset: 0 },
  extra: Partial<BinlogOptions> = {},
) {
  const disk = new FaultyDisk(memory);
  const store = new RecordingKvStore();
  const binlog = await Binlog.open(options(disk, store, extra));
  const replayed: Replayed = { numbers: [], ends: [] };
  const report = await binlog.recover(from, async (record, logEnd) => {
    replayed.numbers.push(numberOf(record));
    replayed.ends.push(logEnd);
  }, lookupTable);
  return { disk, store, binlog, replayed, report };
}

async function commitAll(binlog: Binlog, numbers: readonly number[]): Promise<void> {
  await Promise.all(numbers.map((i) => binlog.commit(recordFor(i), batchFor(i))));
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);

describe("Binlog group commit", () => {
  it("writes each queued group with one fsync and applies batches in log order", async () => {
    const memory = new MemoryLocalDisk(clock);
    const { disk, store, binlog, report } = await start(memory);
    expect(report.newFile).toBe("binlog.000001");
    expect(report.groupsReplayed).toBe(0);
    const syncsBefore = disk.syncCount;
    await commitAll(binlog, range(1, 41));
    // The first commit leads alone; the other 39 queue behind its fsync and go as one group.
    expect(disk.syncCount - syncsBefore).toBe(2);
    expect(binlog.stats()).toEqual({ groups: 2, transactions: 40 });
    expect(store.writes.map((write) => write.keys[0])).toEqual(range(1, 41).map((i) => `k${i}`));
    const ends = store.writes.map((write) => write.logEnd);
    expect(ends.every((end) => end?.file === 1)).toBe(true);
    const offsets = ends.map((end) => end?.offset ?? 0);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect(binlog.gtidExecuted).toBe(`${UUID}:1-40`);
    const status = binlog.masterStatus();
    expect(status).toEqual({ file: "binlog.000001", position: offsets[39],
      executedGtidSet: `${UUID}:1-40` });
    await binlog.close();
  });

  it("replays exactly the fsync'd groups after a crash, with the same log ends", async () => {
    const memory = new MemoryLocalDisk(clock);
    const first = await start(memory);
    await commitAll(first.binlog, range(1, 11));
    const acknowledged = first.store.writes.map((write) => write.logEnd);
    // A group stuck in its fsync when the power goes: appended, never acknowledged.
    first.disk.holdSyncs = true;
    const lost = commitAll(first.binlog, range(11, 15));
    await first.disk.syncStarted;
    memory.crash();
    const second = await start(memory);
    expect(second.replayed.numbers).toEqual(range(1, 11));
    expect(second.replayed.ends).toEqual(acknowledged);
    expect(second.report.truncatedBytes).toBe(0);
    expect(second.binlog.gtidExecuted).toBe(`${UUID}:1-10`);
    expect(second.report.newFile).toBe("binlog.000002");
    await second.binlog.commit(recordFor(11), batchFor(11));
    expect(second.binlog.gtidExecuted).toBe(`${UUID}:1-11`);
    void lost.catch(() => undefined);
  });

  it("replays a group that was fsync'd but not yet applied when the power went", async () => {
    const memory = new MemoryLocalDisk(clock);
    const first = await start(memory);
    await commitAll(first.binlog, [1, 2]);
    first.store.holdCapacity = true;
    const stalled = commitAll(first.binlog, [3, 4, 5]);
    const syncs = first.disk.syncCount;
    while (first.disk.syncCount === syncs) await new Promise((resolve) => setTimeout(resolve, 1));
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(first.store.writes.length).toBe(2);
    memory.crash();
    const second = await start(memory);
    // 3 led its own group, which was synced and then stalled before the store; 4 and 5 queued
    // behind it and were never written.
    expect(second.replayed.numbers).toEqual([1, 2, 3]);
    expect(second.binlog.gtidExecuted).toBe(`${UUID}:1-3`);
    void stalled.catch(() => undefined);
  });

  it("close waits for queued commits", async () => {
    const memory = new MemoryLocalDisk(clock);
    const { binlog, store } = await start(memory);
    const committed = commitAll(binlog, range(1, 9));
    await binlog.close();
    await committed;
    expect(store.writes.length).toBe(8);
    await expect(binlog.commit(recordFor(9), batchFor(9))).rejects.toThrow(/closed/);
  });

  it("rejects only a transaction that cannot be encoded; it uses no GTID", async () => {
    const memory = new MemoryLocalDisk(clock);
    const { binlog, store } = await start(memory);
    const tooLong: CommitRecord = {
      kind: "rows", changes: [{ kind: "insert", table: people, after: [100, "x".repeat(300)] }],
    };
    const results = await Promise.allSettled([
      binlog.commit(recordFor(1), batchFor(1)),
      binlog.commit(recordFor(3), batchFor(3)),
      binlog.commit(tooLong, batchFor(100)),
      binlog.commit(recordFor(5), batchFor(5)),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled", "fulfilled", "rejected", "fulfilled",
    ]);
    const rejected = results[2] as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(SqlError);
    expect(binlog.failed).toBe(false);
    expect(binlog.gtidExecuted).toBe(`${UUID}:1-3`);
    expect(store.writes.map((write) => write.keys[0])).toEqual(["k1", "k3", "k5"]);
    await binlog.close();
    const second = await start(memory);
    expect(second.replayed.numbers).toEqual([1, 3, 5]);
  });

  it("fails the group and every later commit on an fsync error", async () => {
    const memory = new MemoryLocalDisk(clock);
    const { disk, store, binlog } = await start(memory);
    await commitAll(binlog, [1]);
    disk.failNextSync = true;
    const results = await Promise.allSettled([1, 2, 3].map((i) => binlog.commit(recordFor(i),
      batchFor(i))));
    expect(results.every((result) => result.status === "rejected")).toBe(true);
    expect(binlog.failed).toBe(true);
    expect(binlog.failure).toBeInstanceOf(SqlError);
    await expect(binlog.commit(recordFor(5), batchFor(5))).rejects.toBeInstanceOf(SqlError);
    expect(store.writes.length).toBe(1);
  });

  it("skips the fsync with durability none; a crash then loses the unsynced groups", async () => {
    const memory = new MemoryLocalDisk(clock);
    const { disk, binlog } = await start(memory, undefined, { durability: "none" });
    const syncsBefore = disk.syncCount;
    await commitAll(binlog, range(1, 6));
    expect(disk.syncCount).toBe(syncsBefore);
    memory.crash();
    const second = await start(memory);
    expect(second.replayed.numbers).toEqual([]);
  });
});

describe("Binlog files", () => {
  it("rotates at maxFileBytes and on restart, ROTATE ending each file; recovers all", async () => {
    const memory = new MemoryLocalDisk(clock);
    const first = await start(memory, undefined, { maxFileBytes: 1000 });
    for (const i of range(1, 21)) await first.binlog.commit(recordFor(i), batchFor(i));
    await first.binlog.rotate();
    const files = first.binlog.listFiles();
    expect(files.length).toBeGreaterThan(3);
    expect(files.map((file) => file.name)).toEqual(
      range(1, files.length + 1).map((n) => `binlog.${String(n).padStart(6, "0")}`),
    );
    for (const file of files.slice(0, -1)) {
      const events = await first.binlog.readEvents(file.name, 4, 1000);
      expect(events[events.length - 1]?.typeName).toBe("Rotate");
      expect(events[0]?.typeName).toBe("Format_desc");
      expect(events[1]?.typeName).toBe("Previous_gtids");
      expect(file.sizeBytes).toBe(events[events.length - 1]!.header.nextPosition);
    }
    const ends = first.store.writes.map((write) => write.logEnd);
    await first.binlog.close();
    const second = await start(memory);
    expect(second.replayed.numbers).toEqual(range(1, 21));
    expect(second.replayed.ends).toEqual(ends);
    expect(second.report.filesScanned).toBe(files.length);
    expect(second.binlog.listFiles().length).toBe(files.length + 1);
    // Recovery from the middle of a file replays only the groups after it.
    const third = await start(memory, ends[9]);
    expect(third.replayed.numbers).toEqual(range(11, 21));
    expect(third.binlog.gtidExecuted).toBe(`${UUID}:1-20`);
  });

  it("rotates after a flush only when the flush covers the current file and it is big enough", async () => {
    const memory = new MemoryLocalDisk(clock);
    const { binlog } = await start(memory);
    await commitAll(binlog, [1, 2, 3]);
    const names = (): string[] => binlog.listFiles().map((file) => file.name);
    const current = names().at(-1)!;
    const file = Number(current.slice(-6));
    const size = binlog.listFiles().at(-1)!.sizeBytes;
    // Too small, or a position in an older file: nothing happens.
    await binlog.rotateAfterFlush({ file, offset: size }, size + 1);
    await binlog.rotateAfterFlush({ file: file - 1, offset: 4 }, 0);
    expect(names().at(-1)).toBe(current);
    await binlog.rotateAfterFlush({ file, offset: size }, size);
    expect(names().at(-1)).toBe(`binlog.${String(file + 1).padStart(6, "0")}`);
    const events = await binlog.readEvents(current, 4, 100);
    expect(events.at(-1)?.typeName).toBe("Rotate");
    await binlog.close();
  });

  it("rejects a recovery position that is not a group end", async () => {
    const memory = new MemoryLocalDisk(clock);
    const first = await start(memory);
    await commitAll(first.binlog, [1, 2]);
    const end = first.store.writes[0]!.logEnd!;
    await first.binlog.close();
    await expect(start(memory, { file: 1, offset: end.offset - 1 })).rejects.toThrow(/not a group/);
    await expect(start(memory, { file: 9, offset: 4 })).rejects.toThrow(/does not list/);
  });

  it("reads events across read windows, including one larger than a window", async () => {
    const memory = new MemoryLocalDisk(clock);
    const { binlog } = await start(memory);
    const huge = `CREATE TABLE \`db\`.\`t2\` (a INT) COMMENT '${"x".repeat(300_000)}'`;
    await binlog.commit({ kind: "ddl", database: "db", statement: huge }, batchFor(2));
    await commitAll(binlog, range(3, 400));
    const events = await binlog.readEvents("binlog.000001", 4, 100_000);
    let position = 4;
    for (const event of events) {
      expect(event.position).toBe(position);
      position = event.header.nextPosition;
    }
    expect(position).toBe(binlog.masterStatus().position);
    expect(events[3]?.info.length).toBeGreaterThan(300_000);
    expect(events.filter((event) => event.typeName === "Gtid").length).toBe(398);
  });

  it("shows events and rejects unknown files", async () => {
    const memory = new MemoryLocalDisk(clock);
    const { binlog } = await start(memory);
    await binlog.commit(recordFor(1), batchFor(1));
    const events = await binlog.readEvents("binlog.000001", 0, 100);
    expect(events.map((event) => event.typeName)).toEqual([
      "Format_desc", "Previous_gtids", "Gtid", "Query", "Table_map", "Write_rows", "Xid",
    ]);
    expect(events[3]?.info).toBe("BEGIN");
    const limited = await binlog.readEvents("binlog.000001", events[2]!.position, 2);
    expect(limited.map((event) => event.typeName)).toEqual(["Gtid", "Query"]);
    await expect(binlog.readEvents("binlog.000009", 4, 1)).rejects.toThrow(/no such file/);
  });
});

/** Three committed groups in binlog.000001; returns the file and the groups' end offsets. */
async function threeGroups(): Promise<{ bytes: Uint8Array; ends: number[] }> {
  const memory = new MemoryLocalDisk(clock);
  const { binlog, store } = await start(memory);
  for (const i of [1, 2, 3]) await binlog.commit(recordFor(i), batchFor(i));
  await binlog.close();
  const ends = store.writes.map((write) => write.logEnd!.offset);
  return { bytes: await memory.readFile(`${DIR}/binlog.000001`), ends };
}

/** A disk holding only binlog.000001 = `bytes` and its index. */
async function diskWith(bytes: Uint8Array): Promise<MemoryLocalDisk> {
  const memory = new MemoryLocalDisk(clock);
  await memory.mkdirp(DIR);
  await memory.writeFileAtomic(`${DIR}/binlog.000001`, bytes);
  await memory.writeFileAtomic(`${DIR}/binlog.index`, text("./binlog.000001\n"));
  return memory;
}

describe("Binlog recovery of damaged tails", () => {
  it("cuts a torn last group at every byte offset and replays the whole groups", async () => {
    const { bytes, ends } = await threeGroups();
    const [, secondEnd, thirdEnd] = ends as [number, number, number];
    for (let cut = secondEnd; cut < thirdEnd; cut++) {
      const memory = await diskWith(bytes.slice(0, cut));
      const { replayed, report, binlog } = await start(memory);
      expect(replayed.numbers).toEqual([1, 2]);
      expect(report.truncatedBytes).toBe(cut - secondEnd);
      if (cut > secondEnd) expect(report.truncatedAt).toEqual({ file: 1, offset: secondEnd });
      expect(binlog.gtidExecuted).toBe(`${UUID}:1-2`);
      const events = await binlog.readEvents("binlog.000001", secondEnd, 10);
      expect(events.map((event) => event.typeName)).toEqual(["Rotate"]);
    }
  });

  it("treats a bad checksum in the last event as a torn tail", async () => {
    const { bytes, ends } = await threeGroups();
    const damaged = bytes.slice(0, ends[2]);
    damaged[damaged.length - 1]! ^= 0xff;
    const { replayed, report } = await start(await diskWith(damaged));
    expect(replayed.numbers).toEqual([1, 2]);
    expect(report.truncatedBytes).toBe(ends[2]! - ends[1]!);
  });

  it("refuses a bad checksum in the middle, naming file and offset", async () => {
    const { bytes, ends } = await threeGroups();
    const damaged = bytes.slice(0, ends[2]);
    damaged[ends[1]! - 1]! ^= 0xff;
    const failure = start(await diskWith(damaged));
    await expect(failure).rejects.toBeInstanceOf(CorruptionError);
    await expect(start(await diskWith(damaged))).rejects.toThrow(
      /binlog\.000001: checksum mismatch in the event at offset \d+/,
    );
  });
});

describe("Binlog recovery across files", () => {
  it("recovers after a crash between a rotation's ROTATE and the index update", async () => {
    const memory = new MemoryLocalDisk(clock);
    const first = await start(memory);
    await commitAll(first.binlog, [1, 2]);
    await first.binlog.rotate();
    await first.binlog.close();
    // Undo the last rotation's index entry: binlog.000002 is now an unlisted leftover, while
    // binlog.000001 already ends with its ROTATE.
    await memory.writeFileAtomic(`${DIR}/binlog.index`, text("./binlog.000001\n"));
    const second = await start(memory);
    expect(second.replayed.numbers).toEqual([1, 2]);
    expect(second.report.newFile).toBe("binlog.000002");
    expect(second.binlog.listFiles().map((file) => file.name)).toEqual([
      "binlog.000001", "binlog.000002",
    ]);
    const events = await second.binlog.readEvents("binlog.000002", 4, 10);
    expect(events.map((event) => event.typeName)).toEqual(["Format_desc", "Previous_gtids"]);
    const rotates = (await second.binlog.readEvents("binlog.000001", 4, 100))
      .filter((event) => event.typeName === "Rotate");
    expect(rotates.length).toBe(1);
  });

  it("refuses damage in an older file even at its end", async () => {
    const memory = new MemoryLocalDisk(clock);
    const first = await start(memory);
    await commitAll(first.binlog, [1, 2]);
    await first.binlog.rotate();
    await commitAll(first.binlog, [3]);
    await first.binlog.close();
    const older = await memory.readFile(`${DIR}/binlog.000001`);
    await memory.writeFileAtomic(`${DIR}/binlog.000001`, older.slice(0, older.length - 3));
    await expect(start(memory)).rejects.toThrow(/binlog\.000001: incomplete or damaged events/);
  });

  it("lists files from the directory when binlog.index is missing", async () => {
    const memory = new MemoryLocalDisk(clock);
    const first = await start(memory);
    await commitAll(first.binlog, [1]);
    await first.binlog.rotate();
    await commitAll(first.binlog, [2]);
    await first.binlog.close();
    await memory.unlink(`${DIR}/binlog.index`);
    const second = await start(memory);
    expect(second.replayed.numbers).toEqual([1, 2]);
    expect(second.report.newFile).toBe("binlog.000003");
  });

  it("reports a log that ends before the store's recovery position", async () => {
    const memory = new MemoryLocalDisk(clock);
    const first = await start(memory);
    await commitAll(first.binlog, [1, 2]);
    await first.binlog.close();
    const size = first.binlog.listFiles()[0]!.sizeBytes;
    await expect(start(memory, { file: 1, offset: size + 100 })).rejects.toThrow(/past the end/);
    // With durability "none" the store may legitimately be ahead: nothing to replay.
    const relaxed = await start(memory, { file: 1, offset: size + 100 }, { durability: "none" });
    expect(relaxed.replayed.numbers).toEqual([]);
    expect(relaxed.report.newFile).toBe("binlog.000002");
  });
});

describe("Binlog seeded crash simulation", () => {
  /**
   * Cycles of: restart and recover the whole log, check it against the model, commit random
   * concurrent batches (with rotations), then lose power during a group's fsync, leaving a
   * random prefix of the unsynced bytes on disk (a torn append).
   */
  async function simulate(seed: number): Promise<void> {
    const random = new SeededRandom(seed);
    const memory = new MemoryLocalDisk(clock);
    const acknowledged = new Set<number>();
    let logged: number[] = [];
    let nextNumber = 1;
    let tornTails = 0;
    for (let cycle = 0; cycle < 6; cycle++) {
      const maxFileBytes = 700 + random.nextInt(3000);
      const run = await start(memory, undefined, { maxFileBytes });
      const replayed = run.replayed.numbers;
      if (run.report.truncatedBytes > 0) tornTails += 1;
      expect(replayed.slice(0, logged.length), `seed ${seed}`).toEqual(logged);
      for (const number of acknowledged) expect(replayed, `seed ${seed}`).toContain(number);
      for (let i = 1; i < replayed.length; i++) {
        expect(replayed[i]).toBeGreaterThan(replayed[i - 1]!);
      }
      const gtids = replayed.length === 0 ? "" : `${UUID}:1-${replayed.length}`;
      expect(run.binlog.gtidExecuted).toBe(gtids);
      logged = replayed;
      for (let round = random.nextInt(4); round >= 0; round--) {
        const numbers = range(nextNumber, nextNumber + 1 + random.nextInt(20));
        nextNumber += numbers.length;
        await commitAll(run.binlog, numbers);
        for (const number of numbers) acknowledged.add(number);
        if (random.nextInt(4) === 0) await run.binlog.rotate();
      }
      run.disk.holdSyncs = true;
      const lost = range(nextNumber, nextNumber + 1 + random.nextInt(8));
      nextNumber += lost.length;
      void commitAll(run.binlog, lost).catch(() => undefined);
      await run.disk.syncStarted;
      const path = `${DIR}/${run.binlog.masterStatus().file}`;
      const written = await memory.readFile(path);
      memory.crash();
      const synced = await memory.readFile(path);
      const keep = synced.length + random.nextInt(written.length - synced.length + 1);
      if (keep > synced.length) await memory.writeFileAtomic(path, written.slice(0, keep));
    }
    // The simulation must exercise the torn-tail path, or it proves little.
    expect(tornTails, `seed ${seed}`).toBeGreaterThan(0);
  }

  for (const seed of [1, 2, 3]) {
    it(`keeps every acknowledged commit, in order, across crashes (seed ${seed})`, async () => {
      await simulate(seed);
    });
  }
});
