import { beforeEach, describe, expect, it } from "vitest";
import type { Catalog, KeyRange, LockMode, ScanOptions, StorageTable, Transaction } from "./catalog/catalog.ts";
import type { Row, SqlValue } from "./types/value.ts";
import { MemoryCatalog } from "./memory/memory-catalog.ts";
import { ManualClock } from "./memory/test-fixtures.ts";
import { SqlEngine } from "./sql-engine.ts";
import type { Session } from "./session.ts";
import type { StatementResult } from "./statement-result.ts";
import { SqlError } from "./sql-error.ts";
import { SeededRandom } from "../util/random.ts";

/** Counts storage calls, to prove which access path a statement used. */
class CountingCatalog {
  readonly calls: string[] = [];

  constructor(readonly inner: Catalog) {}

  wrap(): Catalog {
    const calls = this.calls;
    const inner = this.inner;
    const wrapTable = (table: StorageTable): StorageTable =>
      new Proxy(table, {
        get(target, property) {
          if (property === "getByPrimaryKey") {
            return (txn: Transaction, key: readonly SqlValue[], lock: LockMode) => {
              calls.push(`get ${JSON.stringify(key)}`);
              return target.getByPrimaryKey(txn, key, lock);
            };
          }
          if (property === "scan") {
            return (txn: Transaction, index: string | undefined, range: KeyRange, options: ScanOptions) => {
              const bounds = `${JSON.stringify(range.lower?.key ?? null)}..${JSON.stringify(range.upper?.key ?? null)}`;
              calls.push(`scan ${index ?? "-"} ${bounds}${options.limit === undefined ? "" : ` limit ${options.limit}`}`);
              return target.scan(txn, index, range, options);
            };
          }
          // Private fields need the real object as receiver.
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
}

function rows(result: StatementResult | undefined): readonly (readonly SqlValue[])[] {
  if (result?.kind !== "rows") throw new Error(`expected rows, got ${JSON.stringify(result)}`);
  return result.rows;
}

describe("SqlEngine", () => {
  let clock: ManualClock;
  let counting: CountingCatalog;
  let engine: SqlEngine;
  let session: Session;

  async function sql(text: string): Promise<StatementResult> {
    const results = await engine.query(session, text, true);
    return results[results.length - 1]!;
  }

  beforeEach(async () => {
    clock = new ManualClock();
    counting = new CountingCatalog(new MemoryCatalog({ clock }));
    engine = new SqlEngine({ catalog: counting.wrap(), clock });
    session = engine.openSession({ connectionId: 7, user: "root", host: "127.0.0.1", database: undefined, collationId: 45 });
    await sql("CREATE DATABASE db; USE db");
    await sql("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(10), KEY k_1 (k))");
    await sql("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 20, 'c'), (4, 40, 'd')");
    counting.calls.length = 0;
  });

  it("uses a primary key lookup for WHERE id = ? (prepared, planned once)", async () => {
    const statement = engine.prepare(session, "SELECT c FROM t WHERE id = ?");
    expect(statement.info.paramCount).toBe(1);
    expect(statement.info.columns.map((column) => column.name)).toEqual(["c"]);
    expect(rows(await engine.execute(session, statement, [2]))).toEqual([["b"]]);
    const plan = statement.planSlot.cached;
    expect(rows(await engine.execute(session, statement, ["3"]))).toEqual([["c"]]);
    expect(statement.planSlot.cached).toBe(plan);
    expect(counting.calls).toEqual(["get [2]", "get [3]"]);
  });

  it("uses several lookups for IN lists and range scans for BETWEEN and secondary keys", async () => {
    expect(rows(await sql("SELECT id FROM t WHERE id IN (4, 1, 4)"))).toEqual([[4], [1]]);
    expect(rows(await sql("SELECT id FROM t WHERE id BETWEEN 2 AND 3"))).toEqual([[2], [3]]);
    expect(rows(await sql("SELECT id FROM t WHERE k = 20"))).toEqual([[2], [3]]);
    expect(rows(await sql("SELECT id FROM t WHERE c = 'a'"))).toEqual([[1]]);
    expect(counting.calls).toEqual([
      "get [4]",
      "get [1]",
      "scan PRIMARY [2]..[3]",
      "scan k_1 [20]..[20]",
      "scan - null..null",
    ]);
  });

  it("pushes LIMIT into an index-ordered scan", async () => {
    expect(rows(await sql("SELECT id FROM t ORDER BY id DESC LIMIT 2"))).toEqual([[4], [3]]);
    expect(rows(await sql("SELECT COUNT(*) FROM (SELECT * FROM t FORCE KEY (PRIMARY) LIMIT 3) x"))).toEqual([[3]]);
    expect(counting.calls).toEqual(["scan PRIMARY null..null limit 2", "scan - null..null limit 3"]);
  });

  it("re-plans a prepared statement after DDL changes the table", async () => {
    const statement = engine.prepare(session, "SELECT * FROM t WHERE id = ?");
    expect(rows(await engine.execute(session, statement, [1]))[0]).toHaveLength(3);
    await sql("DROP TABLE t");
    await sql("CREATE TABLE t (id INT PRIMARY KEY, x INT, y INT, z INT)");
    await sql("INSERT INTO t VALUES (1, 2, 3, 4)");
    expect(rows(await engine.execute(session, statement, [1]))).toEqual([[1, 2, 3, 4]]);
  });

  it("rejects a wrong parameter count and bad SQL at prepare", async () => {
    const statement = engine.prepare(session, "SELECT ?");
    const result = await engine.execute(session, statement, []);
    expect(result.kind).toBe("error");
    expect(() => engine.prepare(session, "SELEC 1")).toThrow(SqlError);
    expect(() => engine.prepare(session, "SELECT * FROM nosuch")).toThrow(SqlError);
  });

  it("stops a multi-statement query at the first error and refuses it without the capability", async () => {
    const results = await engine.query(session, "SELECT 1; SELECT nosuch; SELECT 2", true);
    expect(results.map((result) => result.kind)).toEqual(["rows", "error"]);
    const refused = await engine.query(session, "SELECT 1; SELECT 2", false);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.kind === "error" && refused[0].error.code).toBe(1064);
  });

  it("takes the connection charset from the handshake collation id", async () => {
    expect(rows(await sql("SELECT @@character_set_client, @@collation_connection"))).toEqual([["utf8mb4", "utf8mb4_general_ci"]]);
    expect(session.characterSetResults).toBe("utf8mb4");
    expect(session.getSystemVariable("max_allowed_packet")).toBe(67108864);
  });

  it("serves COM_INIT_DB and COM_FIELD_LIST", () => {
    expect(() => engine.useDatabase(session, "nosuch")).toThrow(SqlError);
    engine.useDatabase(session, "information_schema");
    expect(session.database).toBe("information_schema");
    engine.useDatabase(session, "db");
    const fields = engine.fieldList(session, "t", "");
    expect(fields.map((field) => field.name)).toEqual(["id", "k", "c"]);
    expect(fields[0]?.primaryKey).toBe(true);
    expect(engine.fieldList(session, "t", "i%").map((field) => field.name)).toEqual(["id"]);
    expect(() => engine.fieldList(session, "nosuch", "")).toThrow(SqlError);
  });

  it("rolls back an open transaction when the session closes or resets", async () => {
    await sql("BEGIN");
    await sql("UPDATE t SET k = 0 WHERE id = 1");
    expect(session.inTransaction).toBe(true);
    await engine.resetSession(session);
    expect(session.inTransaction).toBe(false);
    expect(session.database).toBe("db");
    expect(rows(await sql("SELECT k FROM t WHERE id = 1"))).toEqual([[10]]);
    await sql("SET autocommit = 0");
    await sql("UPDATE t SET k = 0 WHERE id = 1");
    await engine.closeSession(session);
    session = engine.openSession({ connectionId: 8, user: "root", host: "localhost", database: "db", collationId: 255 });
    expect(rows(await sql("SELECT k FROM t WHERE id = 1"))).toEqual([[10]]);
  });

  it("counts questions and shows sessions in the processlist", async () => {
    const before = engine.statusCounters().questions;
    await sql("SELECT 1");
    expect(engine.statusCounters().questions).toBe(before + 1);
    expect(engine.statusCounters().openTables).toBe(1);
    clock.advance(5000);
    const list = rows(await sql("SHOW PROCESSLIST"));
    expect(list).toEqual([[7, "root", "127.0.0.1", "db", "Query", 0, "executing", "SHOW PROCESSLIST"]]);
  });

  it("lets KILL reach the server through onKill", async () => {
    const killed: number[] = [];
    engine.onKill((id) => killed.push(id));
    const other = engine.openSession({ connectionId: 9, user: "root", host: "localhost", database: undefined, collationId: 255 });
    expect((await sql("KILL 9")).kind).toBe("ok");
    expect(killed).toEqual([9]);
    expect(other.killed).toBe(true);
  });

  it("draws RAND() and UUID() from the injected Random", async () => {
    const seeded = new SqlEngine({ catalog: new MemoryCatalog({ clock }), clock, random: new SeededRandom(1) });
    const other = seeded.openSession({ connectionId: 1, user: "root", host: "localhost", database: undefined, collationId: 255 });
    const [result] = await seeded.query(other, "SELECT RAND(), UUID(), UUID() = UUID()", false);
    const [rand, uuid, same] = rows(result)[0]!;
    expect(typeof rand === "number" && rand >= 0 && rand < 1).toBe(true);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(same).toBe(0);
    const again = new SqlEngine({ catalog: new MemoryCatalog({ clock }), clock, random: new SeededRandom(1) });
    const [replayed] = await again.query(again.openSession({ connectionId: 1, user: "root", host: "localhost", database: undefined, collationId: 255 }), "SELECT RAND(), UUID(), UUID() = UUID()", false);
    expect(rows(replayed)[0]).toEqual([rand, uuid, 0]);
  });

  it("times out a lock wait with 1205 and keeps the transaction", async () => {
    const other = engine.openSession({ connectionId: 10, user: "root", host: "localhost", database: "db", collationId: 255 });
    await sql("BEGIN");
    await sql("UPDATE t SET k = 1 WHERE id = 1");
    await engine.query(other, "SET innodb_lock_wait_timeout = 2; BEGIN", true);
    const waiting = engine.query(other, "UPDATE t SET k = 2 WHERE id = 1", false);
    clock.advance(2500);
    const [result] = await waiting;
    expect(result?.kind === "error" && result.error.code).toBe(1205);
    expect(other.inTransaction).toBe(true);
    const rowCount: Row = rows((await engine.query(other, "SELECT ROW_COUNT()", false))[0]).map((row) => row[0] ?? null);
    expect(rowCount).toEqual([-1]);
  });
});
