import { describe, expect, it } from "vitest";
import type { KvCursor, KvScanOptions, KvSnapshot, KvStore } from "../engine/kv-store.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import type { WriteBatch } from "../engine/lsm/write-batch.ts";
import type { StorageTable, Transaction } from "../sql/catalog/catalog.ts";
import {
  column,
  index,
  intType,
  ManualClock,
  tableSchema,
  txnOptions,
  varcharType,
} from "../sql/memory/test-fixtures.ts";
import type { Row } from "../sql/types/value.ts";
import { SeededRandom } from "../util/random.ts";
import type { CommitRecord } from "./commit-pipeline.ts";
import { DirectCommitPipeline } from "./direct-commit-pipeline.ts";
import { MemoryKvStore } from "./memory-kv-store.ts";
import { TableCatalog } from "./table-catalog.ts";

/** Counts store gets (a projected locked read must still be remembered whole). */
class CountingStore implements KvStore {
  gets = 0;
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
    return this.inner.scan(options);
  }
  write(batch: WriteBatch, logEnd?: BinlogPosition): bigint {
    return this.inner.write(batch, logEnd);
  }
  waitForWriteCapacity(): Promise<void> {
    return this.inner.waitForWriteCapacity();
  }
}

/** t(id int primary key, k int, c varchar, pad varchar, index kk(k)) with rows 1..4. */
async function setup(records: CommitRecord[] = [], primaryKey: number[] | undefined = [0]) {
  const store = new CountingStore(new MemoryKvStore({ random: new SeededRandom(5) }));
  const pipeline = new DirectCommitPipeline(store, (r) => records.push(r));
  const catalog = await TableCatalog.open({ store, pipeline, clock: new ManualClock() });
  await catalog.createDatabase({
    name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci",
  });
  const columns = [
    column("id", intType, false),
    column("k", intType),
    column("c", varcharType),
    column("pad", varcharType),
  ];
  const table = await catalog.createTable(
    tableSchema("t", columns, primaryKey, [index("kk", [1], false)]),
  );
  const w = catalog.beginTransaction(txnOptions());
  for (const id of [1, 2, 3, 4]) await table.insert(w, rowOf(id, id * 10));
  await w.commit();
  return { store, catalog, table };
}

function rowOf(id: number, k: number): Row {
  return [id, k, `c-${id}-${"x".repeat(20)}`, `pad-${id}`];
}

/** `row` with only `columns` kept, as a projected read returns it. */
function projected(row: Row, columns: readonly number[]): Row {
  return row.map((value, i) => (columns.includes(i) ? value : null));
}

const readC = [2];
const readIdPad = [0, 3];

async function scanAll(
  table: StorageTable,
  t: Transaction,
  index: string | undefined,
  columns?: readonly number[],
): Promise<Row[]> {
  return table.scan(t, index, {}, columns === undefined ? {} : { columns });
}

describe("KvTable projection", () => {
  it("a point read returns null for unread columns and the values of read ones", async () => {
    const { catalog, table } = await setup();
    const t = catalog.beginTransaction(txnOptions());
    const point = (id: number, columns?: readonly number[], lock: "none" | "shared" = "none") =>
      table.getByPrimaryKey(t, [id], lock, columns);
    expect(await point(2, readIdPad)).toEqual([2, null, null, "pad-2"]);
    expect(await point(2, readC)).toEqual(projected(rowOf(2, 20), readC));
    expect(await table.getByPrimaryKey(t, [2], "none")).toEqual(rowOf(2, 20));
    expect(await table.getByPrimaryKey(t, [2], "none", [0, 1, 2, 3])).toEqual(rowOf(2, 20));
    expect(await table.getByPrimaryKey(t, [9], "none", readC)).toBeUndefined();
    expect(await point(3, readIdPad, "shared")).toEqual([3, null, null, "pad-3"]);
    await t.commit();
  });

  it("a primary range scan projects every row", async () => {
    const { catalog, table } = await setup();
    const t = catalog.beginTransaction(txnOptions());
    const range = { lower: { key: [2], inclusive: true } };
    const rows = await table.scan(t, undefined, range, { columns: readC, reverse: true });
    expect(rows).toEqual([4, 3, 2].map((id) => projected(rowOf(id, id * 10), readC)));
    const locked = await table.scan(t, undefined, range, { columns: readIdPad, lock: "shared" });
    expect(locked).toEqual([2, 3, 4].map((id) => projected(rowOf(id, id * 10), readIdPad)));
    await t.commit();
  });

  it("a secondary scan projects rows but keeps the index columns it checks", async () => {
    const { catalog, table } = await setup();
    const t = catalog.beginTransaction(txnOptions());
    const range = { lower: { key: [20], inclusive: true }, upper: { key: [30], inclusive: true } };
    const rows = await table.scan(t, "kk", range, { columns: readC });
    expect(rows).toEqual([2, 3].map((id) => projected(rowOf(id, id * 10), [1, 2])));
    const locked = await table.scan(t, "kk", range, { columns: readIdPad, lock: "exclusive" });
    expect(locked).toEqual([2, 3].map((id) => projected(rowOf(id, id * 10), [0, 1, 3])));
    await t.commit();
  });

  it("projects own uncommitted writes and still drops stale index entries", async () => {
    const { catalog, table } = await setup();
    const t = catalog.beginTransaction(txnOptions());
    // Take the snapshot first, so the store's index entry k=20 of row 2 is stale below.
    expect(await scanAll(table, t, undefined, readC)).toHaveLength(4);
    await table.update(t, rowOf(2, 20), rowOf(2, 50));
    await table.insert(t, rowOf(5, 25));
    await table.delete(t, rowOf(3, 30));
    const five = await table.getByPrimaryKey(t, [5], "none", readIdPad);
    expect(five).toEqual([5, null, null, "pad-5"]);
    expect(await table.getByPrimaryKey(t, [2], "none", [1])).toEqual([null, 50, null, null]);
    expect(await scanAll(table, t, undefined, readC))
      .toEqual([1, 2, 4, 5].map((id) => [null, null, rowOf(id, 0)[2], null]));
    // kk order: 10 (1), 25 (5), 40 (4), 50 (2); the stale entry 20 of row 2 must not appear.
    const byK = await scanAll(table, t, "kk", readIdPad);
    expect(byK).toEqual([[1, 10], [5, 25], [4, 40], [2, 50]]
      .map(([id, k]) => projected(rowOf(id!, k!), [0, 1, 3])));
    await t.commit();
  });

  it("a projected exclusive read still gives the writer the whole row", async () => {
    const records: CommitRecord[] = [];
    const { store, catalog, table } = await setup(records);
    records.length = 0;
    const t = catalog.beginTransaction(txnOptions());
    expect(await table.getByPrimaryKey(t, [1], "exclusive", readC))
      .toEqual(projected(rowOf(1, 10), readC));
    store.gets = 0;
    // The before image comes from the remembered bytes (no store read), whole.
    await table.update(t, rowOf(1, 10), rowOf(1, 11));
    expect(store.gets).toBe(0);
    await t.commit();
    const record = records[0]!;
    if (record.kind !== "rows") throw new Error("rows record expected");
    expect(record.changes.map((c) => ("before" in c ? c.before : null))).toEqual([rowOf(1, 10)]);
    const r = catalog.beginTransaction(txnOptions());
    expect(await table.getByPrimaryKey(r, [1], "none")).toEqual(rowOf(1, 11));
  });

  it("projects rows of a table without a primary key, which stay deletable by key", async () => {
    const { catalog, table } = await setup([], undefined);
    const t = catalog.beginTransaction(txnOptions());
    const rows = await scanAll(table, t, undefined, readIdPad);
    expect(rows).toEqual([1, 2, 3, 4].map((id) => projected(rowOf(id, id * 10), readIdPad)));
    const whole = await scanAll(table, t, "kk");
    await table.delete(t, whole[0]!);
    expect(await scanAll(table, t, "kk", readC))
      .toEqual([2, 3, 4].map((id) => projected(rowOf(id, id * 10), [1, 2])));
    await t.commit();
  });
});
