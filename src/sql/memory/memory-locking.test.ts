import { beforeEach, describe, expect, it } from "vitest";
import type { StorageTable, Transaction } from "../catalog/catalog.ts";
import type { IndexSchema } from "../catalog/schema.ts";
import { isSqlError } from "../sql-error.ts";
import { MemoryCatalog } from "./memory-catalog.ts";
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

async function outcome(promise: Promise<unknown>): Promise<number | "ok"> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (!isSqlError(error)) throw error;
    return error.code;
  }
}

let catalog: MemoryCatalog;
let table: StorageTable;

beforeEach(async () => {
  catalog = new MemoryCatalog({ clock: new ManualClock() });
  await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "" });
  const columns = [column("id", intType, false), column("u", intType), column("v", intType)];
  table = await catalog.createTable(
    tableSchema("t", columns, [0], [index("uu", [1], true), index("kv", [2], false)]),
  );
});

function begin(): Transaction {
  return catalog.beginTransaction(txnOptions());
}

async function seed(rows: number[][]): Promise<void> {
  const t = begin();
  for (const row of rows) await table.insert(t, row);
  await t.commit();
}

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
