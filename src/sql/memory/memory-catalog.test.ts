import { beforeEach, describe, expect, it } from "vitest";
import {
  isStatementAwareTransaction,
  type StorageTable,
  type Transaction,
} from "../catalog/catalog.ts";
import { isSqlError } from "../sql-error.ts";
import { MemoryCatalog } from "./memory-catalog.ts";
import type { MemoryTable } from "./memory-table.ts";
import {
  column,
  index,
  intType,
  ManualClock,
  settle,
  tableSchema,
  txnOptions,
  varcharType,
} from "./test-fixtures.ts";

async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (!isSqlError(error)) throw error;
    return error.code;
  }
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

const database = { name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci" };
let clock: ManualClock;
let catalog: MemoryCatalog;
let table: StorageTable;

/** t(id INT PRIMARY KEY, name VARCHAR UNIQUE KEY uname, score INT, KEY kscore(score)) */
beforeEach(async () => {
  clock = new ManualClock();
  catalog = new MemoryCatalog({ clock });
  await catalog.createDatabase(database);
  const columns = [
    column("id", intType, false),
    column("name", varcharType),
    column("score", intType),
  ];
  table = await catalog.createTable(
    tableSchema("t", columns, [0], [index("uname", [1], true), index("kscore", [2], false)]),
  );
});

function begin(overrides: Parameters<typeof txnOptions>[0] = {}): Transaction {
  return catalog.beginTransaction(txnOptions(overrides));
}

async function seed(rows: (number | string | null)[][]): Promise<void> {
  const t = begin();
  for (const row of rows) await table.insert(t, row);
  await t.commit();
}

async function all(t: Transaction, indexName?: string): Promise<unknown[][]> {
  return table.scan(t, indexName, {}, {});
}

describe("MemoryCatalog DDL", () => {
  it("creates, lists and drops databases and tables with MySQL errors", async () => {
    expect(catalog.listTables("db").map((s) => s.name)).toEqual(["t"]);
    expect(await codeOf(catalog.createDatabase(database))).toBe(1007);
    expect(await codeOf(catalog.createTable(table.schema))).toBe(1050);
    expect(await codeOf(catalog.createTable({ ...table.schema, database: "nope" }))).toBe(1049);
    expect(await codeOf(catalog.dropTable("db", "T"))).toBe(1051);
    expect(await codeOf(catalog.dropDatabase("nope"))).toBe(1008);
    expect(catalog.getTable("db", "T")).toBeUndefined();
  });

  it("gives a transaction that touches a dropped table a clean error", async () => {
    await seed([[1, "a", 10]]);
    const t = begin();
    await table.insert(t, [2, "b", 20]);
    await catalog.dropTable("db", "t");
    expect(await codeOf(table.getByPrimaryKey(t, [1], "none"))).toBe(1146);
    expect(await codeOf(table.insert(t, [3, "c", 30]))).toBe(1146);
    await t.commit();
    expect(catalog.getTable("db", "t")).toBeUndefined();
  });

  it("createIndex fills from committed rows and rejects duplicates", async () => {
    await seed([[1, "a", 10], [2, "b", 10], [3, "c", null], [4, "d", null]]);
    expect(await codeOf(catalog.createIndex("db", "t", index("KSCORE", [2], false)))).toBe(1061);
    expect(await messageOf(catalog.createIndex("db", "t", index("us", [2], true)))).toBe(
      "Duplicate entry '10' for key 't.us'",
    );
    await catalog.createIndex("db", "t", index("ks2", [2, 0], true));
    expect(table.schema.indexes.map((i) => i.name)).toEqual(["uname", "kscore", "ks2"]);
    const t = begin();
    const rows = await table.scan(t, "ks2", { lower: { key: [10], inclusive: true } }, {});
    expect(rows.map((r) => r[0])).toEqual([1, 2]);
  });

  it("allocates AUTO_INCREMENT values outside transactions", () => {
    expect(table.allocateAutoIncrement(3)).toBe(1);
    expect(table.peekAutoIncrement()).toBe(4);
    table.observeAutoIncrement(10);
    expect(table.allocateAutoIncrement(1)).toBe(11);
    table.observeAutoIncrement(5);
    expect(table.peekAutoIncrement()).toBe(12);
  });
});

describe("MVCC visibility", () => {
  it("keeps a REPEATABLE READ snapshot from the first read", async () => {
    await seed([[1, "a", 10]]);
    const reader = begin();
    expect(await table.getByPrimaryKey(reader, [1], "none")).toEqual([1, "a", 10]);
    const writer = begin();
    await table.update(writer, [1, "a", 10], [1, "a", 11]);
    await table.insert(writer, [2, "b", 20]);
    expect(await all(reader)).toEqual([[1, "a", 10]]);
    await writer.commit();
    expect(await all(reader)).toEqual([[1, "a", 10]]);
    expect(await all(reader, "kscore")).toEqual([[1, "a", 10]]);
    // A locking read is a current read.
    expect(await table.getByPrimaryKey(reader, [1], "shared")).toEqual([1, "a", 11]);
    await reader.commit();
    expect(await all(begin())).toEqual([[1, "a", 11], [2, "b", 20]]);
  });

  it("takes the snapshot at begin with consistentSnapshot", async () => {
    const reader = begin({ consistentSnapshot: true });
    await seed([[1, "a", 10]]);
    expect(await all(reader)).toEqual([]);
  });

  it("refreshes the snapshot per statement under READ COMMITTED", async () => {
    const reader = begin({ isolation: "READ-COMMITTED" });
    expect(isStatementAwareTransaction(reader)).toBe(true);
    if (!isStatementAwareTransaction(reader)) return;
    reader.startStatement();
    expect(await all(reader)).toEqual([]);
    await seed([[1, "a", 10]]);
    expect(await all(reader)).toEqual([]);
    reader.startStatement();
    expect(await all(reader)).toEqual([[1, "a", 10]]);
  });

  it("overlays own writes in index order and hides them from others", async () => {
    await seed([[1, "a", 30], [3, "c", 10]]);
    const t = begin();
    await table.insert(t, [2, "b", 20]);
    await table.update(t, [3, "c", 10], [3, "c", 40]);
    await table.delete(t, [1, "a", 30]);
    expect(await all(t)).toEqual([[2, "b", 20], [3, "c", 40]]);
    expect(await all(t, "kscore")).toEqual([[2, "b", 20], [3, "c", 40]]);
    expect(await table.scan(t, "kscore", {}, { reverse: true, limit: 1 })).toEqual([[3, "c", 40]]);
    const other = begin();
    expect(await all(other, "kscore")).toEqual([[3, "c", 10], [1, "a", 30]]);
    expect(await table.getByPrimaryKey(other, [2], "none")).toBeUndefined();
    expect(t.hasWrites).toBe(true);
  });

  it("rollback and rollbackToSavepoint undo writes", async () => {
    await seed([[1, "a", 10]]);
    const t = begin();
    await table.insert(t, [2, "b", 20]);
    const savepoint = t.savepoint();
    await table.update(t, [1, "a", 10], [5, "e", 50]);
    await table.insert(t, [3, "c", 30]);
    expect((await all(t)).map((r) => r[0])).toEqual([2, 3, 5]);
    t.rollbackToSavepoint(savepoint);
    expect(await all(t)).toEqual([[1, "a", 10], [2, "b", 20]]);
    expect(await all(t, "uname")).toEqual([[1, "a", 10], [2, "b", 20]]);
    await t.rollback();
    expect(await all(begin(), "kscore")).toEqual([[1, "a", 10]]);
    expect((table as MemoryTable).estimateRowCount()).toBe(1);
  });

  it("ranges honour bounds, prefixes of composite keys, reverse and limit", async () => {
    await seed([[1, "a", 10], [2, "b", 20], [3, "c", 20], [4, "d", 30], [5, "e", null]]);
    const t = begin();
    const scan = (lower: number | null, upper: number | null, reverse = false) =>
      table.scan(t, "kscore", {
        ...(lower === null ? {} : { lower: { key: [lower], inclusive: false } }),
        ...(upper === null ? {} : { upper: { key: [upper], inclusive: true } }),
      }, { reverse }).then((rows) => rows.map((r) => r[0]));
    expect(await scan(10, 30)).toEqual([2, 3, 4]);
    expect(await scan(10, 30, true)).toEqual([4, 3, 2]);
    expect(await scan(null, 10)).toEqual([5, 1]);
    expect(await table.scan(t, undefined, { lower: { key: [2], inclusive: true } }, { limit: 2 }))
      .toEqual([[2, "b", 20], [3, "c", 20]]);
    expect(await codeOf(table.scan(t, "nope", {}, {}))).toBe(1176);
  });

  it("garbage-collects versions no snapshot can see", async () => {
    await seed([[1, "a", 0]]);
    const memory = table as MemoryTable;
    const old = begin();
    await table.getByPrimaryKey(old, [1], "none");
    for (let i = 1; i <= 50; i++) {
      const t = begin();
      await table.update(t, [1, "a", i - 1], [1, "a", i]);
      await t.commit();
    }
    expect(await table.getByPrimaryKey(old, [1], "none")).toEqual([1, "a", 0]);
    await old.commit();
    for (let i = 51; i <= 55; i++) {
      const t = begin();
      await table.update(t, [1, "a", i - 1], [1, "a", i]);
      await t.commit();
    }
    expect(memory.countVersions()).toBeLessThanOrEqual(2);
    const deleter = begin();
    await table.delete(deleter, [1, "a", 55]);
    await deleter.commit();
    await seed([[2, "b", 1], [3, "c", 1]]);
    expect(memory.chains.has(memory.primaryKeys.encode([1]))).toBe(false);
    expect(memory.indexes[1]!.entries.size).toBe(2);
  });
});

describe("writes, uniqueness and read-only", () => {
  it("reports duplicates with MySQL's message and changes nothing", async () => {
    await seed([[1, "a", 10]]);
    const t = begin();
    expect(await messageOf(table.insert(t, [1, "x", 0]))).toBe(
      "Duplicate entry '1' for key 't.PRIMARY'",
    );
    expect(await messageOf(table.insert(t, [2, "A", 0]))).toBe(
      "Duplicate entry 'A' for key 't.uname'",
    );
    await table.insert(t, [2, null, 0]);
    await table.insert(t, [3, null, 0]);
    expect(await codeOf(table.update(t, [2, null, 0], [2, "a", 0]))).toBe(1062);
    await table.update(t, [1, "a", 10], [1, "b", 10]);
    await table.update(t, [2, null, 0], [2, "a", 0]);
    expect(await codeOf(table.update(t, [3, null, 0], [1, null, 0]))).toBe(1062);
    await t.commit();
    expect(await all(begin(), "uname")).toEqual([[3, null, 0], [2, "a", 0], [1, "b", 10]]);
  });

  it("rejects writes in a read-only transaction with 1792", async () => {
    const t = begin({ readOnly: true });
    expect(await codeOf(table.insert(t, [1, "a", 1]))).toBe(1792);
  });

  it("supports tables without a primary key through hidden row ids", async () => {
    const heap = await catalog.createTable(tableSchema("heap", [column("v", intType)], undefined));
    const t = begin();
    await heap.insert(t, [1]);
    await heap.insert(t, [1]);
    await heap.insert(t, [2]);
    const rows = await heap.scan(t, undefined, {}, {});
    await heap.update(t, rows[0]!, [5]);
    await heap.delete(t, [1]);
    await t.commit();
    expect(await heap.scan(begin(), undefined, {}, {})).toEqual([[5], [2]]);
    await catalog.createIndex("db", "heap", index("kv", [0], true));
    const reader = begin();
    expect(await heap.scan(reader, "kv", {}, {})).toEqual([[2], [5]]);
    expect(await codeOf(heap.insert(reader, [5]))).toBe(1062);
  });
});

describe("locks between transactions", () => {
  it("a conflicting write waits for the lock, then succeeds", async () => {
    await seed([[1, "a", 10]]);
    const a = begin();
    const b = begin();
    await table.update(a, [1, "a", 10], [1, "a", 11]);
    let done = false;
    const waiting = table.update(b, [1, "a", 11], [1, "a", 12]).then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    await a.commit();
    await waiting;
    await b.commit();
    expect(await table.getByPrimaryKey(begin(), [1], "none")).toEqual([1, "a", 12]);
  });

  it("a lock wait times out with 1205 and leaves the transaction open", async () => {
    await seed([[1, "a", 10]]);
    const a = begin();
    const b = begin({ lockWaitTimeoutMs: 1000 });
    await table.getByPrimaryKey(a, [1], "exclusive");
    const outcome = codeOf(table.getByPrimaryKey(b, [1], "shared"));
    await settle();
    clock.advance(1000);
    expect(await outcome).toBe(1205);
    await table.insert(b, [2, "b", 20]);
    await b.commit();
    expect((await all(a)).length).toBe(2);
  });

  it("a deadlock fails exactly one transaction, rolled back, and the other proceeds", async () => {
    await seed([[1, "a", 10], [2, "b", 20]]);
    const a = begin();
    const b = begin();
    await table.update(a, [1, "a", 10], [1, "a", 11]);
    await table.update(b, [2, "b", 20], [2, "b", 21]);
    const first = codeOf(table.update(a, [2, "b", 20], [2, "b", 22]));
    await settle();
    const second = codeOf(table.update(b, [1, "a", 10], [1, "a", 12]));
    const codes = [await second, await first];
    expect(codes).toEqual([1213, undefined]);
    await b.commit(); // The victim's commit publishes nothing.
    await a.commit();
    expect(await all(begin())).toEqual([[1, "a", 11], [2, "b", 22]]);
  });

  it("inserting a key another transaction is inserting waits: 1062 after commit", async () => {
    const a = begin();
    const b = begin();
    await table.insert(a, [1, "a", 10]);
    const outcome = codeOf(table.insert(b, [1, "z", 0]));
    await settle();
    await a.commit();
    expect(await outcome).toBe(1062);
  });

  it("inserting a key another transaction is inserting waits: success after rollback", async () => {
    const a = begin();
    const b = begin();
    await table.insert(a, [1, "a", 10]);
    const primary = codeOf(table.insert(b, [1, "z", 0]));
    const c = begin();
    await table.insert(a, [2, "u", 0]);
    const unique = codeOf(table.insert(c, [3, "U", 0]));
    await settle();
    await a.rollback();
    expect(await primary).toBeUndefined();
    expect(await unique).toBeUndefined();
    await b.commit();
    await c.commit();
    expect((await all(begin())).map((r) => r[0])).toEqual([1, 3]);
  });
});
