import { describe, expect, it } from "vitest";
import { FencedError } from "../engine/lsm/fenced-error.ts";
import { MemoryObjectStore } from "../objectstore/memory-object-store.ts";
import { binlogIndexPrefix } from "../objectstore/object-paths.ts";
import { SqlError } from "../sql/sql-error.ts";
import { concatBytes } from "../util/bytes.ts";
import { ManualClock } from "../util/manual-clock.ts";
import { MemoryLocalDisk } from "../util/memory-local-disk.ts";
import { decodeBinlogIndexEntry } from "./binlog-archive-format.ts";
import {
  batchFor,
  DIR,
  FlakyObjectStore,
  recordFor,
  ROOT,
  startNode,
  UUID,
} from "./binlog-archive-test-support.ts";
import { binlogFileName } from "./binlog-file-format.ts";
import { readArchivedFiles } from "./binlog-slice-chain.ts";

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const memory = new MemoryLocalDisk(clock);
  const store = new FlakyObjectStore(new MemoryObjectStore(clock));
  return { clock, memory, store };
}

/** The bytes of `file` as the store's chosen chain gives them. */
async function archived(store: FlakyObjectStore, file: number): Promise<Uint8Array> {
  const chain = (await readArchivedFiles(store, ROOT, file)).chains.get(file);
  if (chain === undefined) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  for (const slice of chain.slices) parts.push(await store.get(slice.key));
  return concatBytes(parts);
}

const local = (memory: MemoryLocalDisk, file: number): Promise<Uint8Array> =>
  memory.readFile(`${DIR}/${binlogFileName(file)}`);

const sliceKeys = (store: FlakyObjectStore): string[] =>
  store.created.filter((key) => !key.includes("/index/"));

function status(rows: [string, string][], name: string): number {
  return Number(rows.find(([key]) => key === name)?.[1]);
}

describe("BinlogArchiver, durability local", () => {
  it("uploads a period after the first pending byte, bytes equal to the file", async () => {
    const { clock, memory, store } = setup();
    const { archiver, binlog } = await startNode({ memory, store, clock, term: 5n });
    for (const i of [1, 2, 3]) await binlog.commit(recordFor(i), batchFor(i));
    clock.advance(400);
    expect(archiver.lagMs()).toBe(400);
    expect(status(archiver.statusRows(), "Binlog_archive_pending_bytes")).toBe(
      (await local(memory, 1)).length,
    );
    clock.advance(599);
    await archiver.idle();
    expect(sliceKeys(store)).toEqual([]);
    clock.advance(1);
    await archiver.idle();
    const size = (await local(memory, 1)).length;
    expect(sliceKeys(store)).toEqual([
      `${ROOT}binlog/binlog.000001.${"5".padStart(20, "0")}.${String(size).padStart(10, "0")}`,
    ]);
    expect(await archived(store, 1)).toEqual(await local(memory, 1));
    const rows = archiver.statusRows();
    expect(status(rows, "Binlog_archive_slices")).toBe(1);
    expect(status(rows, "Binlog_archive_bytes")).toBe(size);
    expect(status(rows, "Binlog_archive_pending_bytes")).toBe(0);
    expect(status(rows, "Binlog_archive_lag_ms")).toBe(0);
    // Idle: no timer stays armed, so an idle server makes no calls.
    expect(clock.pendingTimerCount).toBe(0);
    await binlog.close();
  });

  it("bytes written during an upload wait for the next period (one PUT a period under load)", async () => {
    const { clock, memory, store } = setup();
    const { archiver, binlog } = await startNode({ memory, store, clock, term: 2n });
    await binlog.commit(recordFor(1), batchFor(1));
    store.holdPuts();
    clock.advance(1000);
    // The period's upload is in flight; more commits land meanwhile.
    while (store.heldPuts === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    for (const i of [2, 3, 4]) await binlog.commit(recordFor(i), batchFor(i));
    store.releasePuts();
    await archiver.idle();
    expect(sliceKeys(store)).toHaveLength(1);
    expect(clock.pendingTimerCount).toBe(1);
    clock.advance(1000);
    await archiver.idle();
    expect(sliceKeys(store)).toHaveLength(2);
    expect(await archived(store, 1)).toEqual(await local(memory, 1));
    await binlog.close();
  });

  it("uploads at once when sliceBytesMax are pending, cutting at group ends", async () => {
    const { clock, memory, store } = setup();
    const { archiver, binlog, kv } = await startNode({
      memory, store, clock, term: 1n, sliceBytesMax: 4096,
    });
    for (let i = 1; i <= 40; i++) await binlog.commit(recordFor(i, 150), batchFor(i));
    await archiver.idle();
    expect(clock.pendingTimerCount).toBe(1);
    const slices = (await readArchivedFiles(store, ROOT, 1)).chains.get(1)?.slices ?? [];
    expect(slices.length).toBeGreaterThanOrEqual(2);
    const groupEnds = new Set(kv.writes.map((write) => write.logEnd?.offset));
    for (const slice of slices) {
      expect(slice.endPos - slice.startPos).toBeLessThanOrEqual(4096);
      expect(groupEnds.has(slice.endPos)).toBe(true);
    }
    const bytes = await local(memory, 1);
    expect(bytes.subarray(0, slices[slices.length - 1]!.endPos)).toEqual(await archived(store, 1));
    await binlog.close();
    expect(await archived(store, 1)).toEqual(await local(memory, 1));
  });

  it("on rotation uploads the closed file, then its index entry; close completes", async () => {
    const { clock, memory, store } = setup();
    const { archiver, binlog } = await startNode({
      memory, store, clock, term: 3n, maxFileBytes: 2000,
    });
    for (let i = 1; i <= 30; i++) await binlog.commit(recordFor(i, 40), batchFor(i));
    const files = binlog.listFiles();
    expect(files.length).toBeGreaterThan(2);
    await archiver.idle();
    const entries = await store.list(binlogIndexPrefix(ROOT));
    expect(entries.length).toBe(files.length - 1);
    const first = decodeBinlogIndexEntry(await store.get(entries[0]!.key), entries[0]!.key);
    expect(first.file).toBe(1);
    expect(first.term).toBe(3n);
    expect(first.sizeBytes).toBe(files[0]!.sizeBytes);
    expect(first.previousGtids).toBe("");
    const second = decodeBinlogIndexEntry(await store.get(entries[1]!.key), entries[1]!.key);
    expect(second.previousGtids).toMatch(new RegExp(`^${UUID}:1-\\d+$`));
    await binlog.close();
    for (let file = 1; file <= files.length; file++) {
      expect(await archived(store, file)).toEqual(await local(memory, file));
    }
  });

  it("keeps the bytes through an outage, warns once, and uploads them afterwards", async () => {
    const { clock, memory, store } = setup();
    const { archiver, binlog, logger } = await startNode({ memory, store, clock, term: 2n });
    await binlog.commit(recordFor(1), batchFor(1));
    store.unavailable = true;
    for (let round = 0; round < 3; round++) {
      clock.advance(1000);
      await archiver.idle();
    }
    await binlog.commit(recordFor(2), batchFor(2));
    expect(status(archiver.statusRows(), "Binlog_archive_errors")).toBe(3);
    expect(logger.lines.filter((line) => line.includes("upload failed")).length).toBe(1);
    expect(archiver.lagMs()).toBe(3000);
    store.unavailable = false;
    clock.advance(1000);
    await archiver.idle();
    expect(await archived(store, 1)).toEqual(await local(memory, 1));
    expect(logger.lines.some((line) => line.includes("reachable again"))).toBe(true);
    await binlog.close();
  });

  it("a warm restart uploads the tail the last run never archived", async () => {
    const { clock, memory, store } = setup();
    const first = await startNode({ memory, store, clock, term: 1n });
    await first.binlog.commit(recordFor(1), batchFor(1));
    clock.advance(1000);
    await first.archiver.idle();
    store.unavailable = true;
    await first.binlog.commit(recordFor(2), batchFor(2));
    await first.binlog.close();
    store.unavailable = false;
    const archivedBefore = (await archived(store, 1)).length;
    expect(archivedBefore).toBeLessThan((await local(memory, 1)).length);
    const second = await startNode({ memory, store, clock, term: 2n });
    await second.archiver.idle();
    // File 1 got the missing tail and the ROTATE recovery added, under the new term.
    expect(await archived(store, 1)).toEqual(await local(memory, 1));
    const chain = (await readArchivedFiles(store, ROOT, 1)).chains.get(1);
    // The tail (2n) and the ROTATE recovery appended (2n) went up as they were written.
    expect(chain?.slices.map((slice) => slice.term)).toEqual([1n, 2n, 2n]);
    expect(chain?.entry?.term).toBe(2n);
    await second.binlog.close();
    expect(await archived(store, 2)).toEqual(await local(memory, 2));
  });
});

describe("BinlogArchiver, durability object_store", () => {
  it("acknowledges a commit only after its group's slice exists; one PUT per group", async () => {
    const { clock, memory, store } = setup();
    const { binlog, kv } = await startNode({
      memory, store, clock, term: 4n, durability: "object_store",
    });
    const sizeBefore = (await local(memory, 1)).length;
    expect(await archived(store, 1)).toEqual(await local(memory, 1));
    store.holdPuts();
    let acknowledged = 0;
    const commits = [1, 2, 3, 4, 5].map((i) =>
      binlog.commit(recordFor(i), batchFor(i)).then(() => void (acknowledged += 1)));
    while (store.heldPuts === 0) await Promise.resolve();
    for (let i = 0; i < 50; i++) await Promise.resolve();
    expect(acknowledged).toBe(0);
    expect(kv.writes.length).toBe(0);
    expect((await local(memory, 1)).length).toBe(sizeBefore);
    const putsBefore = sliceKeys(store).length;
    store.releasePuts();
    await Promise.all(commits);
    expect(acknowledged).toBe(5);
    // The first commit led its own group; the other four queued behind it: two PUTs.
    expect(sliceKeys(store).length - putsBefore).toBe(2);
    expect(await archived(store, 1)).toEqual(await local(memory, 1));
    expect(binlog.gtidExecuted).toBe(`${UUID}:1-5`);
    await binlog.close();
  });

  it("fails a group's commits when the PUT fails, leaving no trace; the next group works",
    async () => {
      const { clock, memory, store } = setup();
      const { binlog, kv } = await startNode({
        memory, store, clock, term: 4n, durability: "object_store",
      });
      await binlog.commit(recordFor(1), batchFor(1));
      const sizeBefore = (await local(memory, 1)).length;
      store.unavailable = true;
      const results = await Promise.allSettled([2, 3, 4].map((i) =>
        binlog.commit(recordFor(i), batchFor(i))));
      for (const result of results) {
        expect(result.status).toBe("rejected");
        const reason = (result as PromiseRejectedResult).reason as SqlError;
        expect(reason).toBeInstanceOf(SqlError);
        expect(reason.code).toBe(1180);
        expect(reason.message).toMatch(/^commit not durable: object store unavailable/);
      }
      expect(binlog.failed).toBe(false);
      expect(kv.writes.length).toBe(1);
      expect(binlog.gtidExecuted).toBe(`${UUID}:1`);
      expect((await local(memory, 1)).length).toBe(sizeBefore);
      store.unavailable = false;
      await binlog.commit(recordFor(5), batchFor(5));
      expect(binlog.gtidExecuted).toBe(`${UUID}:1-2`);
      expect(kv.writes.map((write) => write.keys[0])).toEqual(["k1", "k5"]);
      expect(await archived(store, 1)).toEqual(await local(memory, 1));
      await binlog.close();
    });

  it("removes a failed group's slice that landed anyway before the next group", async () => {
    const { clock, memory, store } = setup();
    const { binlog } = await startNode({
      memory, store, clock, term: 4n, durability: "object_store",
    });
    await binlog.commit(recordFor(1), batchFor(1));
    store.failAfterNextPut = true;
    await expect(binlog.commit(recordFor(2, 50), batchFor(2))).rejects.toThrow(/not durable/);
    const landed = store.created[store.created.length - 1]!;
    expect((await store.inner.list(landed)).length).toBe(1);
    await binlog.commit(recordFor(3), batchFor(3));
    expect((await store.inner.list(landed)).length).toBe(0);
    expect(await archived(store, 1)).toEqual(await local(memory, 1));
    expect(binlog.gtidExecuted).toBe(`${UUID}:1-2`);
    await binlog.close();
  });

  it("a start after a local-durability run uploads its tail before any commit", async () => {
    const { clock, memory, store } = setup();
    const first = await startNode({ memory, store, clock, term: 1n });
    store.unavailable = true;
    await first.binlog.commit(recordFor(1), batchFor(1));
    await first.binlog.close();
    store.unavailable = false;
    expect(await archived(store, 1)).toEqual(new Uint8Array(0));
    const second = await startNode({
      memory, store, clock, term: 2n, durability: "object_store",
    });
    // No idle wait: in object_store mode recovery returns only once the store holds it all.
    expect(await archived(store, 1)).toEqual(await local(memory, 1));
    expect(await archived(store, 2)).toEqual(await local(memory, 2));
    await second.binlog.close();
  });

  it("a fenced writer fails the log at once", async () => {
    const { clock, memory, store } = setup();
    let fenced = false;
    const { binlog, kv } = await startNode({
      memory, store, clock, term: 4n, durability: "object_store",
      fenceCheck: async () => {
        if (fenced) throw new FencedError(4n, "WRITER_EPOCH is 5");
      },
    });
    await binlog.commit(recordFor(1), batchFor(1));
    fenced = true;
    await expect(binlog.commit(recordFor(2), batchFor(2))).rejects.toBeInstanceOf(SqlError);
    expect(binlog.failed).toBe(true);
    expect(binlog.failure?.message).toMatch(/fenced/);
    expect(kv.writes.length).toBe(1);
    await expect(binlog.commit(recordFor(3), batchFor(3))).rejects.toBeInstanceOf(SqlError);
  });

  it("puts the ROTATE and the next header before relying on them", async () => {
    const { clock, memory, store } = setup();
    const { binlog } = await startNode({
      memory, store, clock, term: 4n, durability: "object_store", maxFileBytes: 1500,
    });
    for (let i = 1; i <= 20; i++) await binlog.commit(recordFor(i, 40), batchFor(i));
    const files = binlog.listFiles();
    expect(files.length).toBeGreaterThan(2);
    for (let file = 1; file <= files.length; file++) {
      expect(await archived(store, file)).toEqual(await local(memory, file));
    }
    await binlog.close();
  });
});
