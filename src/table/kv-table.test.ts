import { describe, expect, it } from "vitest";
import type { KvCursor, KvScanOptions, KvSnapshot, KvStore } from "../engine/kv-store.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import type { WriteBatch } from "../engine/lsm/write-batch.ts";
import { column, index, intType, ManualClock, tableSchema, txnOptions } from "../sql/memory/test-fixtures.ts";
import { SeededRandom } from "../util/random.ts";
import type { CommitRecord } from "./commit-pipeline.ts";
import { DirectCommitPipeline } from "./direct-commit-pipeline.ts";
import { MemoryKvStore } from "./memory-kv-store.ts";
import { TableCatalog } from "./table-catalog.ts";

/** Counts the calls the table layer makes (the hot path must stay one get per lookup). */
class CountingStore implements KvStore {
  gets = 0;
  scans = 0;
  constructor(readonly inner: MemoryKvStore) {}
  get lastSequence(): bigint {
    return this.inner.lastSequence;
  }
  snapshot(): KvSnapshot {
    return this.inner.snapshot();
  }
  get(key: Uint8Array, snapshot?: KvSnapshot): Promise<Uint8Array | undefined> {
    this.gets++;
    return this.inner.get(key, snapshot);
  }
  scan(options: KvScanOptions): KvCursor {
    this.scans++;
    return this.inner.scan(options);
  }
  write(batch: WriteBatch, logEnd?: BinlogPosition): bigint {
    return this.inner.write(batch, logEnd);
  }
  waitForWriteCapacity(): Promise<void> {
    return this.inner.waitForWriteCapacity();
  }
}

async function setup(records: CommitRecord[] = []) {
  const store = new CountingStore(new MemoryKvStore({ random: new SeededRandom(3) }));
  const pipeline = new DirectCommitPipeline(store, (r) => records.push(r));
  const catalog = await TableCatalog.open({ store, pipeline, clock: new ManualClock() });
  await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci" });
  const tiny = { kind: "tinyint" } as const;
  const table = await catalog.createTable(
    tableSchema("t", [column("id", intType, false), column("s", tiny)], [0], [index("ks", [1], false)]),
  );
  return { store, catalog, table };
}

describe("KvTable", () => {
  it("a point lookup without own writes is one store.get and no scan", async () => {
    const { store, catalog, table } = await setup();
    const w = catalog.beginTransaction(txnOptions());
    await table.insert(w, [1, 5]);
    await w.commit();
    const t = catalog.beginTransaction(txnOptions());
    store.gets = 0;
    store.scans = 0;
    expect(await table.getByPrimaryKey(t, [1], "none")).toEqual([1, 5]);
    expect(await table.getByPrimaryKey(t, [2], "none")).toBeUndefined();
    expect(store.gets).toBe(2);
    expect(store.scans).toBe(0);
  });

  it("clamps integer bounds outside the column type instead of failing", async () => {
    const { catalog, table } = await setup();
    const w = catalog.beginTransaction(txnOptions());
    for (const [id, s] of [[1, -128], [2, 0], [3, 127]] as const) await table.insert(w, [id, s]);
    await w.commit();
    const t = catalog.beginTransaction(txnOptions());
    const ids = async (range: Parameters<typeof table.scan>[2]) =>
      (await table.scan(t, "ks", range, {})).map((r) => r[0]);
    expect(await ids({ lower: { key: [1000], inclusive: true } })).toEqual([]);
    expect(await ids({ lower: { key: [-1000], inclusive: false } })).toEqual([1, 2, 3]);
    expect(await ids({ upper: { key: [1000], inclusive: false } })).toEqual([1, 2, 3]);
    expect(await ids({ upper: { key: [-1000], inclusive: true } })).toEqual([]);
    expect(await ids({ lower: { key: [0], inclusive: false }, upper: { key: [5000], inclusive: true } })).toEqual([3]);
    expect(await ids({ lower: { key: [2n ** 70n], inclusive: true } })).toEqual([]);
  });

  it("logs full before/after images in order and nothing for read-only transactions", async () => {
    const records: CommitRecord[] = [];
    const { catalog, table } = await setup(records);
    records.length = 0;
    const w = catalog.beginTransaction(txnOptions());
    await table.insert(w, [1, 1]);
    await table.update(w, [1, 1], [2, 2]);
    await table.delete(w, [2, 2]);
    await w.commit();
    const r = catalog.beginTransaction(txnOptions());
    await table.scan(r, undefined, {}, {});
    await r.commit();
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.kind).toBe("rows");
    if (record.kind !== "rows") return;
    expect(record.changes.map((c) => [c.kind, c.table.tableId, "before" in c ? c.before : null, "after" in c ? c.after : null]))
      .toEqual([["insert", 1, null, [1, 1]], ["update", 1, [1, 1], [2, 2]], ["delete", 1, [2, 2], null]]);
  });

  it("an update or delete of a row read under an exclusive lock reuses that read", async () => {
    const records: CommitRecord[] = [];
    const { store, catalog, table } = await setup(records);
    const w = catalog.beginTransaction(txnOptions());
    for (const id of [1, 2]) await table.insert(w, [id, id]);
    await w.commit();
    records.length = 0;
    const t = catalog.beginTransaction(txnOptions());
    store.gets = 0;
    const one = (await table.getByPrimaryKey(t, [1], "exclusive"))!;
    // The SQL layer passes a projected copy of the row it read, not the same object.
    await table.update(t, one.slice(), [1, 10]);
    const two = (await table.getByPrimaryKey(t, [2], "exclusive"))!;
    await table.delete(t, two);
    expect(store.gets).toBe(2);
    await t.commit();
    const record = records[0]!;
    if (record.kind !== "rows") throw new Error("rows record expected");
    expect(record.changes.map((c) => [c.kind, "before" in c ? c.before : null]))
      .toEqual([["update", [1, 1]], ["delete", [2, 2]]]);
  });

  it("a remembered exclusive read is not used once the transaction changed that row", async () => {
    const records: CommitRecord[] = [];
    const { store, catalog, table } = await setup(records);
    const w = catalog.beginTransaction(txnOptions());
    await table.insert(w, [1, 1]);
    await w.commit();
    records.length = 0;
    const t = catalog.beginTransaction(txnOptions());
    const stale = (await table.getByPrimaryKey(t, [1], "exclusive"))!;
    const fresh = (await table.getByPrimaryKey(t, [1], "exclusive"))!;
    await table.update(t, fresh, [1, 2]);
    store.gets = 0;
    // The stale row's read predates the own update: its before image must be the current row.
    await table.update(t, stale, [1, 3]);
    const mark = t.savepoint();
    const again = (await table.getByPrimaryKey(t, [1], "exclusive"))!;
    await table.update(t, again, [1, 4]);
    t.rollbackToSavepoint(mark);
    // Undone to the state `again` saw: still current, so it is reused.
    await table.delete(t, again);
    await t.commit();
    const record = records[0]!;
    if (record.kind !== "rows") throw new Error("rows record expected");
    expect(record.changes.map((c) => [c.kind, "before" in c ? c.before : null]))
      .toEqual([["update", [1, 1]], ["update", [1, 2]], ["delete", [1, 3]]]);
    const r = catalog.beginTransaction(txnOptions());
    expect(await table.getByPrimaryKey(r, [1], "none")).toBeUndefined();
  });

  it("a row read by another transaction or without a lock is read again", async () => {
    const { store, catalog, table } = await setup();
    const w = catalog.beginTransaction(txnOptions());
    for (const id of [1, 2]) await table.insert(w, [id, id]);
    await w.commit();
    const other = catalog.beginTransaction(txnOptions());
    const theirs = (await table.getByPrimaryKey(other, [1], "exclusive"))!;
    await other.rollback();
    const t = catalog.beginTransaction(txnOptions());
    const plain = (await table.getByPrimaryKey(t, [2], "none"))!;
    store.gets = 0;
    await table.update(t, theirs, [1, 3]);
    expect(store.gets).toBe(1);
    await table.update(t, plain, [2, 3]);
    expect(store.gets).toBe(2);
    await t.commit();
  });
});
