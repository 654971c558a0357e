import { describe, expect, it } from "vitest";
import type { ColumnSchema } from "../sql/catalog/schema.ts";
import type { SqlType } from "../sql/types/sql-type.ts";
import { column, index, intType, ManualClock, tableSchema, txnOptions } from "../sql/memory/test-fixtures.ts";
import { SqlError } from "../sql/sql-error.ts";
import { SeededRandom } from "../util/random.ts";
import type { CommitRecord } from "./commit-pipeline.ts";
import { DirectCommitPipeline } from "./direct-commit-pipeline.ts";
import { MemoryKvStore } from "./memory-kv-store.ts";
import { encodeRow } from "./row-codec.ts";
import { TableCatalog } from "./table-catalog.ts";
import type { TableTransaction } from "./table-transaction.ts";

const char = (length: number): SqlType => ({ kind: "char", length, collation: "utf8mb4_0900_ai_ci" });
/** sysbench's sbtest table: id PK, k (indexed), c CHAR(120), pad CHAR(60). */
const sbtestColumns: ColumnSchema[] = [
  column("id", intType, false),
  column("k", intType, false),
  column("c", char(120), false),
  column("pad", char(60), false),
];
const row = (id: number) => [id, id % 1000, `${id}-`.padEnd(119, "c"), `${id}-`.padEnd(59, "p")];

async function setup(transactionBytesMax?: number, records: CommitRecord[] = []) {
  const store = new MemoryKvStore({ random: new SeededRandom(5) });
  const pipeline = new DirectCommitPipeline(store, (r) => records.push(r));
  const clock = new ManualClock();
  const catalog = await TableCatalog.open({
    store, pipeline, clock, ...(transactionBytesMax === undefined ? {} : { transactionBytesMax }),
  });
  await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci" });
  const table = await catalog.createTable(
    tableSchema("sbtest1", sbtestColumns, [0], [index("k_1", [1], false)]),
  );
  return { catalog, table };
}

async function errorOf(promise: Promise<unknown>): Promise<SqlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SqlError) return error;
    throw error;
  }
  throw new Error("expected an SqlError");
}

describe("a transaction's write set", () => {
  it("holds about its encoded bytes per row (within 3x of key + value bytes)", async () => {
    const { catalog, table } = await setup();
    const t = catalog.beginTransaction(txnOptions()) as TableTransaction;
    const rows = 5000;
    for (let id = 1; id <= rows; id++) await table.insert(t, row(id));
    // Primary key 1 + 4 + 4 + 4 bytes, the row, and the k index entry (13 + 4 key, 4 value).
    const encoded = 13 + encodeRow(sbtestColumns, row(1)).length + 17 + 4;
    const perRow = t.heldBytes / rows;
    expect(perRow).toBeGreaterThan(encoded);
    expect(perRow).toBeLessThan(3 * encoded);
    expect(catalog.transactionHeldBytes()).toBe(t.heldBytes);
    await t.commit();
    expect(catalog.transactionHeldBytes()).toBe(0);
  });

  it("fails a write with 1197 once it holds more than transactionBytesMax; the rest stays", async () => {
    const records: CommitRecord[] = [];
    const { catalog, table } = await setup(64 * 1024, records);
    const t = catalog.beginTransaction(txnOptions()) as TableTransaction;
    let id = 1;
    let error: SqlError | undefined;
    for (; id < 10_000 && error === undefined; id++) {
      try {
        await table.insert(t, row(id));
      } catch (thrown) {
        if (!(thrown instanceof SqlError)) throw thrown;
        error = thrown;
      }
    }
    expect(error?.code).toBe(1197);
    expect(error?.sqlState).toBe("HY000");
    expect(error?.message).toBe(
      "Multi-statement transaction required more than 'max_binlog_cache_size' bytes of " +
        "storage; increase this mysqld variable and try again",
    );
    const failed = id - 1;
    expect(failed).toBeGreaterThan(100);
    // The failing write changed nothing; updates and deletes fail the same way.
    expect(await table.getByPrimaryKey(t, [failed], "none")).toBeUndefined();
    expect(await table.getByPrimaryKey(t, [failed - 1], "none")).toEqual(row(failed - 1));
    expect((await errorOf(table.delete(t, row(1)))).code).toBe(1197);
    // Rolling back to a savepoint frees room again.
    await t.rollback();
    const u = catalog.beginTransaction(txnOptions()) as TableTransaction;
    const savepoint = u.savepoint();
    for (let i = 1; i < failed - 1; i++) await table.insert(u, row(i));
    u.rollbackToSavepoint(savepoint);
    expect(u.heldBytes).toBeLessThan(64 * 1024);
    await table.insert(u, row(1));
    await u.commit();
    expect(records.at(-1)).toMatchObject({ kind: "rows" });
  });

  it("logs images that read back as the rows written, also after savepoint rollbacks", async () => {
    const records: CommitRecord[] = [];
    const { catalog, table } = await setup(undefined, records);
    const w = catalog.beginTransaction(txnOptions());
    for (const id of [1, 2, 3]) await table.insert(w, row(id));
    await w.commit();
    records.length = 0;
    const t = catalog.beginTransaction(txnOptions());
    await table.update(t, row(1), row(11));
    const savepoint = t.savepoint();
    await table.delete(t, row(2));
    await table.insert(t, row(4));
    t.rollbackToSavepoint(savepoint);
    await table.delete(t, row(3));
    await table.insert(t, row(5));
    await table.update(t, row(5), row(6));
    await table.delete(t, row(6));
    await t.commit();
    const record = records[0]!;
    if (record.kind !== "rows") throw new Error("rows record");
    expect(record.changes.map((c) => [c.kind, "before" in c ? c.before : null, "after" in c ? c.after : null]))
      .toEqual([
        ["update", row(1), row(11)],
        ["delete", row(3), null],
        ["insert", null, row(5)],
        ["update", row(5), row(6)],
        ["delete", row(6), null],
      ]);
  });
});

describe("implicit insert locks", () => {
  it("a bulk insert holds one transaction lock, not a lock per row", async () => {
    const { catalog, table } = await setup();
    const t = catalog.beginTransaction(txnOptions());
    for (let id = 1; id <= 1000; id++) await table.insert(t, row(id));
    expect(catalog.lockManager.lockCount).toBe(1);
    await t.commit();
    expect(catalog.lockManager.lockCount).toBe(0);
  });

  it("a locking read of a row another transaction inserted waits for it to end", async () => {
    const { catalog, table } = await setup();
    const a = catalog.beginTransaction(txnOptions());
    await table.insert(a, row(1));
    const b = catalog.beginTransaction(txnOptions());
    let read: unknown = "pending";
    const reading = table.getByPrimaryKey(b, [1], "exclusive").then((r) => (read = r));
    await new Promise((resolve) => setImmediate(resolve));
    expect(read).toBe("pending");
    await a.commit();
    await reading;
    expect(read).toEqual(row(1));
    await b.commit();
    expect(catalog.lockManager.lockCount).toBe(0);
  });

  it("a wait for an implicitly locked row times out with 1205; the waiter stays usable", async () => {
    const store = new MemoryKvStore({ random: new SeededRandom(5) });
    const clock = new ManualClock();
    const catalog = await TableCatalog.open({ store, pipeline: new DirectCommitPipeline(store), clock });
    await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci" });
    const table = await catalog.createTable(tableSchema("sbtest1", sbtestColumns, [0]));
    const a = catalog.beginTransaction(txnOptions());
    await table.insert(a, row(1));
    const b = catalog.beginTransaction(txnOptions({ lockWaitTimeoutMs: 1000 }));
    const outcome = table.insert(b, row(1)).then(() => "ok", (e: SqlError) => e.code);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(1000);
    expect(await outcome).toBe(1205);
    await table.insert(b, row(2));
    await a.commit();
    await b.commit();
    expect(catalog.lockManager.lockCount).toBe(0);
  });

  it("crossed inserts of each other's rows deadlock: one victim with 1213, the other proceeds", async () => {
    const { catalog, table } = await setup();
    const a = catalog.beginTransaction(txnOptions());
    const b = catalog.beginTransaction(txnOptions());
    await table.insert(a, row(1));
    await table.insert(b, row(2));
    const aWaits = table.insert(a, row(2)).then(() => "ok", (e: SqlError) => e.code);
    await new Promise((resolve) => setImmediate(resolve));
    const bResult = await table.insert(b, row(1)).then(() => "ok", (e: SqlError) => e.code);
    expect(bResult).toBe(1213);
    expect(await aWaits).toBe("ok");
    await a.commit();
    const r = catalog.beginTransaction(txnOptions());
    expect(await table.scan(r, undefined, {}, {})).toEqual([row(1), row(2)]);
    await r.commit();
  });
});

describe("locked reads after a savepoint rollback", () => {
  it("a remembered read of an undone own write is not reused for a rewritten slot", async () => {
    const records: CommitRecord[] = [];
    const store = new MemoryKvStore({ random: new SeededRandom(9) });
    const pipeline = new DirectCommitPipeline(store, (r) => records.push(r));
    const catalog = await TableCatalog.open({ store, pipeline, clock: new ManualClock() });
    await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci" });
    const { varcharType } = await import("../sql/memory/test-fixtures.ts");
    const table = await catalog.createTable(
      tableSchema("t", [column("id", intType, false), column("s", varcharType)], [0], [index("ks", [1], false)]),
    );
    const t = catalog.beginTransaction(txnOptions());
    await table.insert(t, [1, "a"]);
    const savepoint = t.savepoint();
    await table.update(t, [1, "a"], [1, "x"]);
    expect(await table.getByPrimaryKey(t, [1], "exclusive")).toEqual([1, "x"]);
    t.rollbackToSavepoint(savepoint);
    // The same slot number now holds a longer value at the same arena offset.
    await table.update(t, [1, "a"], [1, "yyyyyyyyyyyy"]);
    await table.update(t, [1, "x"], [1, "z"]);
    await t.commit();
    const record = records.at(-1)!;
    if (record.kind !== "rows") throw new Error("rows record");
    expect(record.changes.map((c) => ("before" in c ? c.before : null)))
      .toEqual([null, [1, "a"], [1, "yyyyyyyyyyyy"]]);
    // The index holds exactly the final row's entry (a stale current row would leave others).
    const cursor = store.scan({ lower: Uint8Array.of(1), upper: Uint8Array.of(2) });
    const entries = await cursor.nextChunk(100);
    cursor.close();
    expect(entries).toHaveLength(2);
  });
});
