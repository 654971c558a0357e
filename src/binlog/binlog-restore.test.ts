import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../objectstore/memory-object-store.ts";
import { binlogSliceKey } from "../objectstore/object-paths.ts";
import { CorruptionError } from "../util/errors.ts";
import { ManualClock } from "../util/manual-clock.ts";
import { MemoryLocalDisk } from "../util/memory-local-disk.ts";
import {
  batchFor,
  CapturingLogger,
  DIR,
  FlakyObjectStore,
  recordFor,
  ROOT,
  startNode,
  UUID,
} from "./binlog-archive-test-support.ts";
import { binlogFileName } from "./binlog-file-format.ts";
import { restoreBinlogFromStore } from "./binlog-restore.ts";
import { type ListedSlice, resolveSliceChain } from "./binlog-slice-chain.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const store = new FlakyObjectStore(new MemoryObjectStore(clock));
  return { clock, store };
}

function restore(
  memory: MemoryLocalDisk,
  store: FlakyObjectStore,
  clock: ManualClock,
  from: BinlogPosition = { file: 0, offset: 0 },
) {
  const logger = new CapturingLogger(clock);
  return restoreBinlogFromStore({ store, root: ROOT, disk: memory, dir: DIR, clock, logger, from });
}

const local = (memory: MemoryLocalDisk, file: number): Promise<Uint8Array> =>
  memory.readFile(`${DIR}/${binlogFileName(file)}`);

describe("restoreBinlogFromStore", () => {
  it("rebuilds an empty datadir; recovery replays the same groups, same gtid_executed",
    async () => {
      const { clock, store } = setup();
      const original = new MemoryLocalDisk(clock);
      const first = await startNode({ memory: original, store, clock, term: 1n,
        maxFileBytes: 1500 });
      for (let i = 1; i <= 20; i++) await first.binlog.commit(recordFor(i, 30), batchFor(i));
      const ends = first.kv.writes.map((write) => write.logEnd!);
      const gtids = first.binlog.gtidExecuted;
      const fileCount = first.binlog.listFiles().length;
      expect(fileCount).toBeGreaterThan(2);
      await first.binlog.close();

      const fresh = new MemoryLocalDisk(clock);
      const report = await restore(fresh, store, clock);
      expect(report.filesDownloaded).toBe(fileCount);
      expect(report.files.length).toBe(fileCount);
      for (let file = 1; file <= fileCount; file++) {
        expect(await local(fresh, file)).toEqual(await local(original, file));
      }
      const second = await startNode({ memory: fresh, store, clock, term: 2n });
      expect(second.replayed).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(second.ends).toEqual(ends);
      expect(second.binlog.gtidExecuted).toBe(gtids);
      await second.binlog.close();

      // From a manifest position in the middle: only the files from there, the later groups.
      const partial = new MemoryLocalDisk(clock);
      const from = ends[11]!;
      const partialReport = await restore(partial, store, clock, from);
      expect(partialReport.files[0]).toBe(binlogFileName(from.file));
      const third = await startNode({ memory: partial, store, clock, term: 3n, from });
      expect(third.replayed).toEqual(Array.from({ length: 8 }, (_, i) => i + 13));
      expect(third.binlog.gtidExecuted).toBe(`${UUID}:1-20`);
      await third.binlog.close();
    });

  it("object_store durability: every acknowledged commit survives losing the datadir",
    async () => {
      const { clock, store } = setup();
      const first = await startNode({ memory: new MemoryLocalDisk(clock), store, clock,
        term: 1n, durability: "object_store", maxFileBytes: 1500 });
      for (let i = 1; i <= 12; i++) await first.binlog.commit(recordFor(i, 30), batchFor(i));
      // No close: the node and its disk are gone.
      const fresh = new MemoryLocalDisk(clock);
      await restore(fresh, store, clock);
      const second = await startNode({ memory: fresh, store, clock, term: 2n });
      expect(second.replayed).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(second.binlog.gtidExecuted).toBe(`${UUID}:1-12`);
      await second.binlog.close();
    });

  it("warm restart keeps a longer local file and extends a shorter one", async () => {
    const { clock, store } = setup();
    const memory = new MemoryLocalDisk(clock);
    const first = await startNode({ memory, store, clock, term: 1n });
    for (let i = 1; i <= 4; i++) await first.binlog.commit(recordFor(i), batchFor(i));
    await first.binlog.close();
    const full = await local(memory, 1);
    const cut = first.kv.writes[1]!.logEnd!.offset;
    const handle = await memory.openAppend(`${DIR}/${binlogFileName(1)}`);
    await handle.truncate(cut);
    await handle.close();
    const report = await restore(memory, store, clock);
    expect(report.bytesDownloaded).toBe(full.length - cut);
    expect(report.staleFiles).toEqual([]);
    expect(await local(memory, 1)).toEqual(full);
    const again = await restore(memory, store, clock);
    expect(again.bytesDownloaded).toBe(0);
    // The archiver starts from the restore's listing: the boot lists the slices once.
    const listedBefore = store.listed.length;
    const second = await startNode({ memory, store, clock, term: 2n, archived: again.archived });
    const slicePrefix = `${ROOT}binlog/binlog.`;
    expect(store.listed.slice(listedBefore).filter((p) => p.startsWith(slicePrefix))).toEqual([]);
    expect(second.replayed).toEqual([1, 2, 3, 4]);
    await second.binlog.close();
  });

  it("takeover: the store's newer history wins, the local files are moved aside", async () => {
    const { clock, store } = setup();
    const diskA = new MemoryLocalDisk(clock);
    const a = await startNode({ memory: diskA, store, clock, term: 1n });
    for (let i = 1; i <= 3; i++) await a.binlog.commit(recordFor(i), batchFor(i));
    clock.advance(1000);
    await a.archiver.idle();
    store.unavailable = true;
    await a.binlog.commit(recordFor(4), batchFor(4)); // acknowledged locally, never archived
    await a.binlog.close();
    store.unavailable = false;

    const diskB = new MemoryLocalDisk(clock);
    await restore(diskB, store, clock);
    const b = await startNode({ memory: diskB, store, clock, term: 2n });
    expect(b.replayed).toEqual([1, 2, 3]);
    for (const i of [5, 6]) await b.binlog.commit(recordFor(i), batchFor(i));
    await b.binlog.close();

    const report = await restore(diskA, store, clock);
    expect(report.staleFiles).toEqual([`binlog.000001.stale-${clock.nowMs()}`]);
    const names = (await diskA.list(DIR)).map((entry) => entry.name);
    expect(names).toContain(`binlog.000001.stale-${clock.nowMs()}`);
    const again = await startNode({ memory: diskA, store, clock, term: 3n });
    expect(again.replayed).toEqual([1, 2, 3, 5, 6]);
    expect(again.binlog.gtidExecuted).toBe(`${UUID}:1-5`);
    await again.binlog.close();
  });

  it("takes the newer term's chain when a fenced writer kept uploading", async () => {
    const { clock, store } = setup();
    const text = (value: string) => new TextEncoder().encode(value);
    const put = (term: bigint, endPos: number, bytes: string) =>
      store.inner.putIfAbsent(binlogSliceKey(ROOT, { file: 1, term, endPos }), text(bytes));
    await put(1n, 4, "AAAA");
    await put(1n, 8, "BBBB");
    await put(1n, 12, "zzzz"); // the fenced writer's bytes after the takeover
    await put(2n, 10, "CC"); // the new writer continued from 8
    const memory = new MemoryLocalDisk(clock);
    const logger = new CapturingLogger(clock);
    await restoreBinlogFromStore({ store, root: ROOT, disk: memory, dir: DIR, clock, logger,
      from: { file: 0, offset: 0 } });
    expect(new TextDecoder().decode(await local(memory, 1))).toBe("AAAABBBBCC");
  });

  it("skips files a fenced writer created after the takeover", async () => {
    const { clock, store } = setup();
    const text = (value: string) => new TextEncoder().encode(value);
    const put = (file: number, term: bigint, endPos: number, bytes: string) =>
      store.inner.putIfAbsent(binlogSliceKey(ROOT, { file, term, endPos }), text(bytes));
    await put(1, 1n, 4, "AAAA");
    await put(1, 2n, 6, "RR"); // the new writer's ROTATE after restoring file 1
    await put(2, 2n, 3, "BBB");
    await put(2, 1n, 2, "zz"); // the fenced writer's own file 2 and 3
    await put(3, 1n, 2, "yy");
    const memory = new MemoryLocalDisk(clock);
    const report = await restore(memory, store, clock);
    expect(report.files).toEqual(["binlog.000001", "binlog.000002"]);
    expect(new TextDecoder().decode(await local(memory, 1))).toBe("AAAARR");
    expect(new TextDecoder().decode(await local(memory, 2))).toBe("BBB");
  });
});

describe("resolveSliceChain", () => {
  const slice = (term: bigint, startPos: number, endPos: number): ListedSlice =>
    ({ key: `k${term}.${endPos}`, file: 1, term, startPos, endPos });

  it("walks back from the newest term, an older term only before a newer one", () => {
    const chain = resolveSliceChain(1, [
      slice(1n, 0, 100), slice(1n, 100, 200), slice(1n, 200, 300), slice(3n, 200, 250),
      slice(2n, 100, 200), slice(3n, 250, 260),
    ]);
    expect(chain.slices.map((s) => [s.term, s.endPos])).toEqual([
      [1n, 100], [2n, 200], [3n, 250], [3n, 260],
    ]);
    expect(chain.endPos).toBe(260);
  });

  it("reports a gap as corruption", () => {
    expect(() => resolveSliceChain(1, [slice(1n, 0, 100), slice(1n, 150, 200)]))
      .toThrow(CorruptionError);
    expect(resolveSliceChain(1, []).endPos).toBe(0);
  });
});
