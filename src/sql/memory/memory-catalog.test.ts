/**
 * Memory-backend-only cases. The Catalog semantics every backend shares (DDL, MVCC visibility,
 * uniqueness, locks, randomized and stress suites) run against this backend and the table
 * backend alike in src/table/catalog-{semantics,random,stress}.test.ts.
 */

import { beforeEach, describe, expect, it } from "vitest";
import type { StorageTable, Transaction } from "../catalog/catalog.ts";
import { MemoryCatalog } from "./memory-catalog.ts";
import type { MemoryTable } from "./memory-table.ts";
import { column, index, intType, ManualClock, tableSchema, txnOptions, varcharType } from "./test-fixtures.ts";

const database = { name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci" };
let catalog: MemoryCatalog;
let table: StorageTable;

/** t(id INT PRIMARY KEY, name VARCHAR UNIQUE KEY uname, score INT, KEY kscore(score)) */
beforeEach(async () => {
  catalog = new MemoryCatalog({ clock: new ManualClock() });
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

function begin(): Transaction {
  return catalog.beginTransaction(txnOptions());
}

async function seed(rows: (number | string | null)[][]): Promise<void> {
  const t = begin();
  for (const row of rows) await table.insert(t, row);
  await t.commit();
}

describe("MemoryCatalog version chains", () => {
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
