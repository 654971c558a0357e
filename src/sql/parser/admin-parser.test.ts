import { describe, expect, it } from "vitest";
import { parseOne } from "./parser.ts";

const id = (name: string) => ({ name, quoted: false });

describe("SET", () => {
  it.each<[string, unknown]>([
    ["SET NAMES utf8mb4", { kind: "set", items: [{ kind: "set-names", charset: "utf8mb4" }] }],
    ["SET NAMES 'utf8' COLLATE 'utf8_general_ci'", { items: [{ kind: "set-names", charset: "utf8",
      collation: "utf8_general_ci" }] }],
    ["SET NAMES DEFAULT", { items: [{ kind: "set-names" }] }],
    ["SET CHARACTER SET utf8mb4", { items: [{ kind: "set-charset", charset: "utf8mb4" }] }],
    ["SET CHARSET DEFAULT", { items: [{ kind: "set-charset" }] }],
    ["SET autocommit=1", { items: [{ kind: "set-system-variable", name: "autocommit",
      value: { kind: "integer", value: 1 } }] }],
    ["SET autocommit=ON", { items: [{ kind: "set-system-variable", value: { kind: "string",
      value: "ON" } }] }],
    ["SET sql_mode=ANSI", { items: [{ value: { kind: "string", value: "ANSI" } }] }],
    ["SET character_set_results = NULL", { items: [{ name: "character_set_results",
      value: { kind: "null" } }] }],
    ["SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES')", { items: [{
      kind: "set-system-variable", name: "sql_mode", scope: "session",
      value: { kind: "function-call", name: "CONCAT" } }] }],
    ["SET @a = 1, @b := 'x', @@x = DEFAULT, @@session.y = 2, @@GLOBAL.z = 3, GLOBAL w = 4, " +
      "LOCAL v = 5, PERSIST u = 6, PERSIST_ONLY t = 7, s = OFF", { items: [
      { kind: "set-user-variable", name: "a", value: { kind: "integer", value: 1 } },
      { kind: "set-user-variable", name: "b", value: { kind: "string", value: "x" } },
      { kind: "set-system-variable", name: "x", value: { kind: "default" } },
      { name: "y", scope: "session" }, { name: "z", scope: "global" }, { name: "w",
        scope: "global" },
      { name: "v", scope: "session" }, { name: "u", scope: "persist" },
      { name: "t", scope: "persist_only" }, { name: "s", value: { kind: "string",
        value: "OFF" } }] }],
    ["SET tmp_table_size=4294967295", { items: [{ name: "tmp_table_size",
      value: { kind: "integer", value: 4294967295 } }] }],
    ["SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", { kind: "set-transaction",
      scope: "session", isolationLevel: "read-committed" }],
    ["SET TRANSACTION READ ONLY, ISOLATION LEVEL SERIALIZABLE", { kind: "set-transaction",
      readOnly: true, isolationLevel: "serializable" }],
    ["SET GLOBAL TRANSACTION ISOLATION LEVEL REPEATABLE READ", { scope: "global",
      isolationLevel: "repeatable-read" }],
    ["SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED", { isolationLevel: "read-uncommitted" }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });

  it("does not turn words into strings for user variables", () => {
    expect(parseOne("SET @a = b")).toMatchObject({ items: [{ value: { kind: "column" } }] });
  });
});

describe("SHOW", () => {
  it.each<[string, unknown]>([
    ["SHOW DATABASES", { kind: "show", object: "databases" }],
    ["SHOW SCHEMAS LIKE 'a%'", { object: "databases", filter: { kind: "like", pattern: "a%" } }],
    ["SHOW FULL TABLES FROM db WHERE Table_type = 'VIEW'", { object: "tables", full: true,
      database: id("db"), filter: { kind: "where" } }],
    ["SHOW EXTENDED TABLES IN db", { object: "tables", extended: true }],
    ["SHOW FULL COLUMNS FROM t FROM db LIKE 'a%'", { object: "columns", full: true,
      table: { database: id("db"), name: id("t") } }],
    ["SHOW FIELDS IN db.t", { object: "columns", table: { database: id("db"), name: id("t") } }],
    ["SHOW INDEX FROM t", { object: "indexes", table: { name: id("t") } }],
    ["SHOW KEYS IN t IN db", { object: "indexes" }],
    ["SHOW INDEXES FROM t WHERE Key_name = 'PRIMARY'", { object: "indexes" }],
    ["SHOW VARIABLES LIKE 'lower_case%'", { object: "variables",
      filter: { kind: "like", pattern: "lower_case%" } }],
    ["SHOW GLOBAL VARIABLES", { object: "variables", scope: "global" }],
    ["SHOW SESSION STATUS LIKE 'x'", { object: "status", scope: "session" }],
    ["SHOW LOCAL VARIABLES", { scope: "session" }],
    ["SHOW TABLE STATUS FROM db LIKE 't'", { object: "table-status", database: id("db") }],
    ["SHOW WARNINGS LIMIT 10", { object: "warnings", limit: { count: { value: 10 } } }],
    ["SHOW ERRORS", { object: "errors" }],
    ["SHOW COUNT(*) WARNINGS", { object: "warnings", countOnly: true }],
    ["SHOW CREATE TABLE db.t", { object: "create-table", table: { database: id("db") } }],
    ["SHOW CREATE DATABASE IF NOT EXISTS d", { object: "create-database", ifNotExists: true,
      database: id("d") }],
    ["SHOW CREATE SCHEMA d", { object: "create-database" }],
    ["SHOW CREATE VIEW v", { object: "create-view" }],
    ["SHOW ENGINES", { object: "engines" }], ["SHOW STORAGE ENGINES", { object: "engines" }],
    ["SHOW FULL PROCESSLIST", { object: "processlist", full: true }],
    ["SHOW CHARACTER SET LIKE 'utf8%'", { object: "charset" }], ["SHOW CHARSET",
      { object: "charset" }],
    ["SHOW COLLATION WHERE Charset = 'utf8mb4'", { object: "collation" }],
    ["SHOW GRANTS", { object: "grants" }],
    ["SHOW GRANTS FOR 'u'@'localhost'", { object: "grants", user: { user: "u",
      host: "localhost" } }],
    ["SHOW GRANTS FOR CURRENT_USER()", { user: { currentUser: true } }],
    ["SHOW PRIVILEGES", { object: "privileges" }], ["SHOW PLUGINS", { object: "plugins" }],
    ["SHOW MASTER STATUS", { object: "master-status" }],
    ["SHOW BINARY LOG STATUS", { object: "master-status" }],
    ["SHOW BINARY LOGS", { object: "binary-logs" }], ["SHOW MASTER LOGS",
      { object: "binary-logs" }],
    ["SHOW BINLOG EVENTS IN 'mysql-bin.000001' FROM 4 LIMIT 2", { object: "binlog-events",
      logName: "mysql-bin.000001", position: { value: 4 }, limit: {} }],
    ["SHOW TRIGGERS FROM db", { object: "triggers" }], ["SHOW EVENTS", { object: "events" }],
    ["SHOW FUNCTION STATUS LIKE 'f'", { object: "function-status" }],
    ["SHOW PROCEDURE STATUS WHERE Db = 'x'", { object: "procedure-status" }],
    ["SHOW OPEN TABLES FROM db", { object: "open-tables" }],
    ["SHOW ENGINE INNODB STATUS", { object: "engine-status", engine: "INNODB" }],
    ["SHOW SLAVE STATUS", { object: "replica-status" }],
    ["SHOW REPLICA STATUS", { object: "replica-status" }],
    ["SHOW SLAVE HOSTS", { object: "replicas" }],
    ["SHOW REPLICAS", { object: "replicas" }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });
});

describe("transactions", () => {
  it.each<[string, unknown]>([
    ["BEGIN", { kind: "start-transaction", consistentSnapshot: false }],
    ["BEGIN WORK", { kind: "start-transaction" }],
    ["START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT", { kind: "start-transaction",
      readOnly: true, consistentSnapshot: true }],
    ["START TRANSACTION READ WRITE", { readOnly: false }],
    ["COMMIT", { kind: "commit" }],
    ["COMMIT WORK AND NO CHAIN NO RELEASE", { kind: "commit", chain: false, release: false }],
    ["COMMIT AND CHAIN", { chain: true }],
    ["ROLLBACK", { kind: "rollback" }],
    ["ROLLBACK WORK RELEASE", { kind: "rollback", release: true }],
    ["ROLLBACK TO SAVEPOINT s1", { kind: "rollback", savepoint: id("s1") }],
    ["ROLLBACK TO s1", { savepoint: id("s1") }],
    ["SAVEPOINT s1", { kind: "savepoint", name: id("s1") }],
    ["RELEASE SAVEPOINT s1", { kind: "release-savepoint", name: id("s1") }],
    ["LOCK TABLES t READ, u AS x WRITE, v READ LOCAL, w LOW_PRIORITY WRITE", { kind: "lock-tables",
      locks: [{ mode: "read" }, { alias: id("x"), mode: "write" }, { mode: "read-local" },
        { mode: "low-priority-write" }] }],
    ["UNLOCK TABLES", { kind: "unlock-tables" }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });
});

describe("utility and administration", () => {
  it.each<[string, unknown]>([
    ["USE db1", { kind: "use", database: id("db1") }],
    ["USE `my db`", { database: { name: "my db", quoted: true } }],
    ["DESCRIBE t", { kind: "describe", table: { name: id("t") } }],
    ["DESC db.t c", { kind: "describe", table: { database: id("db") }, column: "c" }],
    ["EXPLAIN t 'a%'", { kind: "describe", column: "a%" }],
    ["EXPLAIN SELECT * FROM t", { kind: "explain", analyze: false, statement: { kind: "select" } }],
    ["EXPLAIN FORMAT=JSON SELECT 1", { kind: "explain", format: "json" }],
    ["EXPLAIN ANALYZE SELECT 1", { kind: "explain", analyze: true }],
    ["EXPLAIN UPDATE t SET a = 1", { statement: { kind: "update" } }],
    ["EXPLAIN DELETE FROM t", { statement: { kind: "delete" } }],
    ["EXPLAIN INSERT INTO t VALUES (1)", { statement: { kind: "insert" } }],
    ["DESCRIBE SELECT 1", { kind: "explain" }],
    ["ANALYZE TABLE sbtest1", { kind: "table-maintenance", operation: "analyze",
      tables: [{ name: id("sbtest1") }] }],
    ["OPTIMIZE NO_WRITE_TO_BINLOG TABLE a, b", { operation: "optimize", tables: [{}, {}] }],
    ["CHECK TABLE t QUICK", { operation: "check" }],
    ["REPAIR TABLE t EXTENDED", { operation: "repair" }],
    ["KILL 5", { kind: "kill", target: "connection", id: { value: 5 } }],
    ["KILL QUERY 7", { kind: "kill", target: "query" }],
    ["KILL CONNECTION 7", { kind: "kill", target: "connection" }],
    ["DO SLEEP(1), 2", { kind: "do", exprs: [{ kind: "function-call" }, { kind: "integer" }] }],
    ["FLUSH PRIVILEGES", { kind: "flush", options: ["PRIVILEGES"] }],
    ["FLUSH LOCAL TABLES t1, t2 WITH READ LOCK", { options: ["TABLES"], tables: [{}, {}],
      withReadLock: true }],
    ["FLUSH LOGS, STATUS, BINARY LOGS", { options: ["LOGS", "STATUS", "BINARY LOGS"] }],
    ["PREPARE s FROM 'SELECT ?'", { kind: "prepare", name: id("s"),
      source: { kind: "text", text: "SELECT ?" } }],
    ["PREPARE s FROM @q", { source: { kind: "user-variable", name: "q" } }],
    ["EXECUTE s USING @a, @b", { kind: "execute", name: id("s"), using: ["a", "b"] }],
    ["EXECUTE s", { kind: "execute", using: [] }],
    ["DEALLOCATE PREPARE s", { kind: "deallocate-prepare", name: id("s") }],
    ["DROP PREPARE s", { kind: "deallocate-prepare" }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });
});

describe("EXPLAIN spans", () => {
  it("gives the explained statement its own span", () => {
    const sql = "EXPLAIN UPDATE t SET a = ?";
    const statement = parseOne(sql);
    if (statement.kind !== "explain") throw new Error(statement.kind);
    expect(statement.span).toEqual({ start: 0, end: sql.length });
    expect(statement.statement.span).toEqual({ start: 8, end: sql.length });
    expect(statement.paramCount).toBe(1);
  });
});

describe("accounts", () => {
  it.each<[string, unknown]>([
    ["CREATE USER 'u'@'%' IDENTIFIED BY 'pw'", { kind: "create-user", ifNotExists: false,
      users: [{ user: { user: "u", host: "%" }, password: "pw" }] }],
    ["CREATE USER IF NOT EXISTS u@localhost IDENTIFIED WITH mysql_native_password BY 'x', 'v'", {
      ifNotExists: true, users: [{ user: { user: "u", host: "localhost" },
        plugin: "mysql_native_password", password: "x" }, { user: { user: "v", host: "%" } }] }],
    ["CREATE USER 'a'@'127.0.0.1' IDENTIFIED WITH caching_sha2_password REQUIRE NONE ACCOUNT " +
      "UNLOCK",
      { users: [{ user: { host: "127.0.0.1" }, plugin: "caching_sha2_password" }] }],
    ["ALTER USER 'u'@'%' IDENTIFIED BY 'new'", { kind: "alter-user",
      users: [{ password: "new" }] }],
    ["ALTER USER USER() IDENTIFIED BY 'x'", { users: [{ user: { currentUser: true } }] }],
    ["DROP USER IF EXISTS 'u'@'%', v", { kind: "drop-user", ifExists: true, users: [{}, {}] }],
    ["GRANT ALL PRIVILEGES ON *.* TO 'u'@'%' WITH GRANT OPTION", { kind: "grant",
      privileges: [{ name: "ALL" }], on: { database: "*", table: "*" }, withGrantOption: true }],
    ["GRANT SELECT, INSERT (a, b), CREATE TEMPORARY TABLES ON db.* TO u", {
      privileges: [{ name: "SELECT" }, { name: "INSERT", columns: [id("a"), id("b")] },
        { name: "CREATE TEMPORARY TABLES" }], on: { database: "db", table: "*" },
      withGrantOption: false }],
    ["GRANT EXECUTE ON PROCEDURE db.p TO u", { on: { objectType: "procedure", database: "db",
      table: "p" } }],
    ["REVOKE UPDATE ON t FROM 'u'@'h'", { kind: "revoke", privileges: [{ name: "UPDATE" }],
      on: { table: "t" }, from: [{ user: "u", host: "h" }] }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });
});
