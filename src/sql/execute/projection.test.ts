import { beforeEach, describe, expect, it } from "vitest";
import type { Catalog, KeyRange, LockMode, ScanOptions, StorageTable, Transaction } from "../catalog/catalog.ts";
import type { SqlValue } from "../types/value.ts";
import { MemoryCatalog } from "../memory/memory-catalog.ts";
import { ManualClock } from "../memory/test-fixtures.ts";
import { SqlEngine } from "../sql-engine.ts";
import type { Session } from "../session.ts";

/**
 * Projection (ScanOptions.columns): a SELECT over one table asks storage for the columns it
 * reads. The memory backend leaves unread columns null, so a read the planner failed to
 * declare shows up here as a wrong value.
 */

/** Records the projection storage was asked for, per call. */
function spyingCatalog(inner: Catalog, seen: (readonly number[] | undefined)[]): Catalog {
  const wrapTable = (table: StorageTable): StorageTable =>
    new Proxy(table, {
      get(target, property) {
        if (property === "getByPrimaryKey") {
          return (txn: Transaction, key: readonly SqlValue[], lock: LockMode, columns?: readonly number[]) => {
            seen.push(columns);
            return target.getByPrimaryKey(txn, key, lock, columns);
          };
        }
        if (property === "scan") {
          return (txn: Transaction, index: string | undefined, range: KeyRange, options: ScanOptions) => {
            seen.push(options.columns);
            return target.scan(txn, index, range, options);
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(inner, {
    get(target, property) {
      if (property === "getTable") {
        return (database: string, name: string) => {
          const table = target.getTable(database, name);
          return table === undefined ? undefined : wrapTable(table);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("projection", () => {
  let engine: SqlEngine;
  let session: Session;
  let seen: (readonly number[] | undefined)[];

  async function rows(sql: string): Promise<unknown[][]> {
    const results = await engine.query(session, sql, false);
    const last = results[results.length - 1]!;
    if (last.kind === "error") throw new Error(`${sql}: ${last.error.message}`);
    return last.kind === "rows" ? last.rows.map((row) => [...row]) : [];
  }

  beforeEach(async () => {
    const clock = new ManualClock();
    seen = [];
    engine = new SqlEngine({ catalog: spyingCatalog(new MemoryCatalog({ clock }), seen), clock });
    session = engine.openSession({ connectionId: 1, user: "root", host: "localhost", database: undefined, collationId: 255 });
    await rows("CREATE DATABASE d");
    await rows("USE d");
    await rows("CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, c VARCHAR(10), KEY b_1 (b))");
    await rows("INSERT INTO t VALUES (1, 10, 1, 'x'), (2, 20, 1, 'y'), (3, 30, 2, 'z'), (4, 40, 2, 'w')");
    seen.length = 0;
  });

  it("asks storage for the read columns only, for point and range reads", async () => {
    expect(await rows("SELECT c FROM t WHERE id = 2")).toEqual([["y"]]);
    expect(await rows("SELECT SUM(a) FROM t WHERE id BETWEEN 2 AND 3")).toEqual([["50"]]);
    expect(seen).toEqual([[0, 3], [0, 1]]);
  });

  it("does not project SELECT *", async () => {
    expect(await rows("SELECT * FROM t WHERE id = 1")).toEqual([[1, 10, 1, "x"]]);
    expect(seen).toEqual([undefined]);
  });

  it("keeps columns read by ORDER BY, GROUP BY, HAVING, windows and correlated subqueries", async () => {
    expect(await rows("SELECT a FROM t ORDER BY c")).toEqual([[40], [10], [20], [30]]);
    expect(await rows("SELECT b, SUM(a) FROM t GROUP BY b HAVING MAX(c) > 'x' ORDER BY b")).toEqual([
      [1, "30"],
      [2, "70"],
    ]);
    expect(await rows("SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY c) FROM t ORDER BY a")).toEqual([
      [10, 1],
      [20, 2],
      [30, 2],
      [40, 1],
    ]);
    expect(await rows("SELECT a, (SELECT COUNT(*) FROM t u WHERE u.b = t.b AND u.c < t.c) FROM t ORDER BY a")).toEqual([
      [10, 0],
      [20, 1],
      [30, 1],
      [40, 0],
    ]);
    expect(await rows("SELECT DISTINCT b FROM t WHERE a > 15 ORDER BY b")).toEqual([[1], [2]]);
  });

  it("never projects the rows UPDATE and DELETE read", async () => {
    await rows("UPDATE t SET a = a + 1 WHERE id = 1");
    await rows("UPDATE t SET c = 'q' WHERE b = 2");
    await rows("DELETE FROM t WHERE c = 'y'");
    expect(seen.every((columns) => columns === undefined)).toBe(true);
    expect(await rows("SELECT * FROM t ORDER BY id")).toEqual([
      [1, 11, 1, "x"],
      [3, 30, 2, "q"],
      [4, 40, 2, "q"],
    ]);
  });

  it("projects inside INSERT … SELECT only where rows feed outputs", async () => {
    await rows("CREATE TABLE s (id INT PRIMARY KEY, c VARCHAR(10))");
    await rows("INSERT INTO s SELECT id, c FROM t WHERE a >= 30");
    expect(await rows("SELECT id, c FROM s ORDER BY id")).toEqual([
      [3, "z"],
      [4, "w"],
    ]);
  });
});
