/**
 * The Catalog semantics suite (src/sql/catalog/catalog.ts header), run against both backends:
 * the memory reference backend and TableCatalog over MemoryKvStore + DirectCommitPipeline. The
 * cases are the memory backend's own semantic tests (catalog and locking), parametrized; the
 * memory-only garbage-collection case is left out (the KV engine has no version chains).
 */

import { beforeEach, describe, expect, it } from "vitest";
import {
  isStatementAwareTransaction,
  type Catalog,
  type StorageTable,
  type Transaction,
} from "../sql/catalog/catalog.ts";
import type { IndexSchema } from "../sql/catalog/schema.ts";
import { MemoryCatalog } from "../sql/memory/memory-catalog.ts";
import {
  column,
  index,
  intType,
  ManualClock,
  settle,
  tableSchema,
  txnOptions,
  varcharType,
} from "../sql/memory/test-fixtures.ts";
import { isSqlError } from "../sql/sql-error.ts";
import { SeededRandom } from "../util/random.ts";
import { DirectCommitPipeline } from "./direct-commit-pipeline.ts";
import { MemoryKvStore } from "./memory-kv-store.ts";
import { TableCatalog } from "./table-catalog.ts";

export interface Backend {
  readonly name: string;
  make(clock: ManualClock): Promise<Catalog>;
}

const backends: readonly Backend[] = [
  { name: "memory", make: async (clock) => new MemoryCatalog({ clock }) },
  {
    name: "table",
    make: async (clock) => {
      const store = new MemoryKvStore({ random: new SeededRandom(7) });
      return TableCatalog.open({ store, pipeline: new DirectCommitPipeline(store), clock });
    },
  },
];

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

async function outcome(promise: Promise<unknown>): Promise<number | "ok"> {
  const code = await codeOf(promise);
  return code ?? "ok";
}

const database = { name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci" };

for (const backend of backends) {
describe(`${backend.name} backend`, () => {
let clock: ManualClock;
let catalog: Catalog;
let table: StorageTable;

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

describe("catalog semantics", () => {
/** t(id INT PRIMARY KEY, name VARCHAR UNIQUE KEY uname, score INT, KEY kscore(score)) */
beforeEach(async () => {
  clock = new ManualClock();
  catalog = await backend.make(clock);
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

describe("catalog DDL", () => {
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
    expect(table.estimateRowCount()).toBe(1);
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
});

describe("locking semantics", () => {
beforeEach(async () => {
  clock = new ManualClock();
  catalog = await backend.make(clock);
  await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "" });
  const columns = [column("id", intType, false), column("u", intType), column("v", intType)];
  table = await catalog.createTable(
    tableSchema("t", columns, [0], [index("uu", [1], true), index("kv", [2], false)]),
  );
});

describe("locking reads", () => {
  it("a locking scan waits, returns current rows, drops rows that left the range", async () => {
    await seed([[1, 1, 10], [2, 2, 10], [3, 3, 10]]);
    const writer = begin();
    await table.update(writer, [1, 1, 10], [1, 1, 11]);
    await table.update(writer, [2, 2, 10], [2, 2, 99]);
    const reader = begin();
    const bound = { key: [10], inclusive: true };
    const range = { lower: bound, upper: { key: [20], inclusive: true } };
    let rows: unknown[][] | undefined;
    const scanning = table.scan(reader, "kv", range, { lock: "exclusive" }).then((r) => (rows = r));
    await settle();
    expect(rows).toBeUndefined();
    await writer.commit();
    await scanning;
    expect(rows).toEqual([[1, 1, 11], [3, 3, 10]]);
  });

  it("locks a missing key so that another insert of it waits", async () => {
    const reader = begin();
    expect(await table.getByPrimaryKey(reader, [7], "exclusive")).toBeUndefined();
    const writer = begin();
    let inserted = false;
    const inserting = table.insert(writer, [7, 7, 7]).then(() => (inserted = true));
    await settle();
    expect(inserted).toBe(false);
    await reader.commit();
    await inserting;
    expect(inserted).toBe(true);
  });
});

describe("unique waits and deadlocks", () => {
  it("a unique-key wait can deadlock; the victim is rolled back and stays unusable", async () => {
    await seed([[100, 100, 0]]);
    const a = begin();
    const b = begin();
    await table.insert(a, [1, 5, 0]);
    await table.update(b, [100, 100, 0], [100, 100, 1]);
    const bWaits = outcome(table.insert(b, [2, 5, 0])); // waits for a's uncommitted u=5
    await settle();
    const aWaits = outcome(table.update(a, [100, 100, 0], [100, 100, 2])); // closes the cycle
    expect(await aWaits).toBe(1213);
    expect(await bWaits).toBe("ok"); // a rolled back, so u=5 is free
    a.rollbackToSavepoint({ id: 0 });
    expect(await outcome(table.getByPrimaryKey(a, [1], "none"))).toBe(1213);
    await a.commit();
    await b.commit();
    const rows = await table.scan(begin(), undefined, {}, {});
    expect(rows).toEqual([[2, 5, 0], [100, 100, 1]]);
  });

  it("NULLs never conflict in a unique index", async () => {
    const t = begin();
    await table.insert(t, [1, null, 0]);
    await table.insert(t, [2, null, 0]);
    await t.commit();
    expect((await table.scan(begin(), "uu", {}, {})).length).toBe(2);
  });
});

describe("key semantics", () => {
  it("a case-insensitive primary key treats 'a' and 'A' as one row", async () => {
    const ci = await catalog.createTable(
      tableSchema("ci", [column("name", varcharType, false), column("n", intType)], [0]),
    );
    const t = begin();
    await ci.insert(t, ["abc", 1]);
    expect(await outcome(ci.insert(t, ["ABC", 2]))).toBe(1062);
    expect(await ci.getByPrimaryKey(t, ["Abc"], "none")).toEqual(["abc", 1]);
    await ci.update(t, ["abc", 1], ["ABC", 2]);
    expect(await ci.scan(t, undefined, {}, {})).toEqual([["ABC", 2]]);
  });

  it("a unique prefix index conflicts on the prefix and reports it", async () => {
    const prefixIndex: IndexSchema = {
      ...index("up", [1], true),
      columns: [{ column: 1, prefixLength: 2, descending: false }],
    };
    const columns = [column("id", intType, false), column("name", varcharType)];
    const prefixed = await catalog.createTable(tableSchema("p", columns, [0], [prefixIndex]));
    const t = begin();
    await prefixed.insert(t, [1, "abc"]);
    let message = "";
    await prefixed.insert(t, [2, "abd"]).catch((e: Error) => (message = e.message));
    expect(message).toBe("Duplicate entry 'ab' for key 'p.up'");
    const range = {
      lower: { key: ["abzzz"], inclusive: true },
      upper: { key: ["abc"], inclusive: true },
    };
    expect(await prefixed.scan(t, "up", range, {})).toEqual([[1, "abc"]]);
  });

  it("a DESC key part scans in descending order, NULL last", async () => {
    const descIndex: IndexSchema = {
      ...index("vd", [1], false),
      columns: [{ column: 1, descending: true }],
    };
    const columns = [column("id", intType, false), column("v", intType)];
    const desc = await catalog.createTable(tableSchema("d", columns, [0], [descIndex]));
    const t = begin();
    const rows = [[1, 5], [2, null], [3, 9], [4, 1]] as const;
    for (const [id, v] of rows) await desc.insert(t, [id, v]);
    const ids = (await desc.scan(t, "vd", {}, {})).map((r) => r[0]);
    expect(ids).toEqual([3, 1, 4, 2]);
    const upTo5 = await desc.scan(t, "vd", { lower: { key: [5], inclusive: true } }, {});
    expect(upTo5.map((r) => r[0])).toEqual([1, 4, 2]);
  });

  it("REPEATABLE READ ignores startStatement", async () => {
    const reader = begin() as Transaction & { startStatement(): void };
    expect(await table.scan(reader, undefined, {}, {})).toEqual([]);
    await seed([[1, 1, 1]]);
    reader.startStatement();
    expect(await table.scan(reader, undefined, {}, {})).toEqual([]);
  });
});

});
});
}
