import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../util/random.ts";
import { isSqlError, type SqlError } from "../sql-error.ts";
import { parse, parseOne } from "./parser.ts";

const syntaxPrefix = "You have an error in your SQL syntax; check the manual that corresponds to " +
  "your MySQL server version for the right syntax to use near ";

function errorOf(action: () => unknown): SqlError {
  try {
    action();
  } catch (error) {
    if (isSqlError(error)) return error;
    throw error;
  }
  throw new Error("expected a SqlError");
}

describe("sysbench statements", () => {
  it.each<[string, unknown]>([
    ["SELECT c FROM sbtest1 WHERE id=?", { kind: "select", paramCount: 1 }],
    ["SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ?", { where: { kind: "between" },
      paramCount: 2 }],
    ["SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN ? AND ?", { items: [{ expr: { kind: "aggregate",
      name: "SUM" } }] }],
    ["SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c",
      { orderBy: [{ direction: "asc" }] }],
    ["SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c", { distinct: true }],
    ["UPDATE sbtest1 SET k=k+1 WHERE id=?", { kind: "update", paramCount: 1 }],
    ["UPDATE sbtest1 SET c=? WHERE id=?", { kind: "update", paramCount: 2 }],
    ["DELETE FROM sbtest1 WHERE id=?", { kind: "delete", paramCount: 1 }],
    ["INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)", { kind: "insert", paramCount: 4 }],
    ["SELECT COUNT(*) FROM (SELECT * FROM sbtest1 FORCE KEY (PRIMARY) LIMIT 100) t", {
      kind: "select", from: [{ kind: "derived" }] }],
    ["ANALYZE TABLE sbtest1", { kind: "table-maintenance" }],
    ["SET tmp_table_size=1073741824", { kind: "set" }],
    ["CREATE INDEX k_1 ON sbtest1(k)", { kind: "create-index" }],
    ["DROP TABLE IF EXISTS sbtest1", { kind: "drop-table" }],
    ["BEGIN", { kind: "start-transaction" }],
    ["COMMIT", { kind: "commit" }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });
});

describe("what clients send at connect", () => {
  it.each<[string, unknown]>([
    ["select @@version_comment limit 1", { kind: "select", limit: {} }],
    ["SET NAMES utf8mb4", { kind: "set" }],
    ["SET NAMES utf8mb4 COLLATE utf8mb4_general_ci", { kind: "set" }],
    ["SET autocommit=1", { kind: "set" }],
    ["SET autocommit=0", { kind: "set" }],
    ["SELECT @@session.transaction_isolation", { kind: "select" }],
    ["SELECT @@session.auto_increment_increment AS auto_increment_increment, " +
      "@@character_set_client AS character_set_client, @@max_allowed_packet AS " +
        "max_allowed_packet, " +
      "@@sql_mode AS sql_mode, @@system_time_zone AS system_time_zone, @@time_zone AS time_zone, " +
      "@@transaction_isolation AS transaction_isolation, @@wait_timeout AS wait_timeout",
    { kind: "select" }],
    ["SHOW VARIABLES LIKE 'lower_case%'", { kind: "show" }],
    ["SHOW VARIABLES LIKE 'sql_mode'", { kind: "show" }],
    ["SET SESSION sql_mode = CONCAT(REPLACE(REPLACE(REPLACE(@@sql_mode, 'STRICT_TRANS_TABLES', " +
      "''), " +
      "'STRICT_ALL_TABLES', ''), 'TRADITIONAL', ''), ',NO_AUTO_VALUE_ON_ZERO')", { kind: "set" }],
    ["SELECT DATABASE(), USER() LIMIT 1", { kind: "select" }],
    ["SET character_set_results = NULL", { kind: "set" }],
    ["SET sql_mode='STRICT_TRANS_TABLES'", { kind: "set" }],
    ["SELECT CONNECTION_ID()", { kind: "select" }],
    ["SELECT VERSION()", { kind: "select" }],
    ["SHOW WARNINGS", { kind: "show" }],
    ["SELECT 1 /* ping */", { kind: "select" }],
    ["/* mysql-connector-java */ SELECT @@session.auto_increment_increment", { kind: "select" }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });
});

describe("parse()", () => {
  it("splits statements and records spans and per-statement parameter counts", () => {
    const sql = "SELECT ?; UPDATE t SET a = ? WHERE b = ? ;\n\nDELETE FROM t;";
    const statements = parse(sql);
    expect(statements.map((statement) => statement.kind)).toEqual(["select", "update", "delete"]);
    expect(statements.map((statement) => sql.slice(statement.span.start, statement.span.end)))
      .toEqual(["SELECT ?", "UPDATE t SET a = ? WHERE b = ?", "DELETE FROM t"]);
    expect(statements.map((statement) => statement.paramCount)).toEqual([1, 2, 0]);
  });

  it("rejects a second statement in parseOne", () => {
    expect(errorOf(() => parseOne("SELECT 1; SELECT 2")).message)
      .toBe(`${syntaxPrefix}'SELECT 2' at line 1`);
    expect(parseOne("SELECT 1;;")).toMatchObject({ kind: "select" });
  });

  it.each(["", "   ", ";", " ; ; ", "-- only a comment", "/* c */"])(
    "gives ER_EMPTY_QUERY for %j",
    (sql) => {
      const error = errorOf(() => parse(sql));
      expect(error.code).toBe(1065);
      expect(error.message).toBe("Query was empty");
    },
  );
});

describe("sql_mode options", () => {
  const first = (sql: string, options: object) => {
    const statement = parseOne(sql, options);
    return statement.kind === "select" && statement.items[0]?.kind === "select-expression"
      ? statement.items[0].expr : undefined;
  };

  it("NO_BACKSLASH_ESCAPES keeps backslashes", () => {
    expect(first("SELECT 'a\\nb'", {})).toEqual({ kind: "string", value: "a\nb" });
    expect(first("SELECT 'a\\nb'", { noBackslashEscapes: true }))
      .toEqual({ kind: "string", value: "a\\nb" });
    expect(first("SELECT 'a\\'", { noBackslashEscapes: true }))
      .toEqual({ kind: "string", value: "a\\" });
  });

  it("ANSI_QUOTES makes double quotes identifiers", () => {
    expect(first('SELECT "a"', {})).toEqual({ kind: "string", value: "a" });
    expect(first('SELECT "a""b"', { ansiQuotes: true })).toEqual({ kind: "column",
      column: { name: 'a"b', quoted: true } });
  });

  it("HIGH_NOT_PRECEDENCE makes NOT bind like !", () => {
    expect(first("SELECT NOT a BETWEEN 1 AND 2", {})).toMatchObject({ kind: "unary",
      operand: { kind: "between" } });
    expect(first("SELECT NOT a BETWEEN 1 AND 2", { highNotPrecedence: true })).toMatchObject({
      kind: "between", operand: { kind: "unary", operator: "not" } });
  });

  it("PIPES_AS_CONCAT makes || CONCAT, binding tighter than comparison", () => {
    expect(first("SELECT a || b = c", {})).toMatchObject({ kind: "binary", operator: "or" });
    expect(first("SELECT a || b = c", { pipesAsConcat: true })).toMatchObject({
      kind: "binary", operator: "=", left: { kind: "function-call", name: "CONCAT",
        args: [{ kind: "column" }, { kind: "column" }] } });
    expect(first("SELECT 'a' || 'b' || 'c'", { pipesAsConcat: true })).toMatchObject({
      kind: "function-call", args: [{ kind: "function-call" }, { kind: "string", value: "c" }] });
  });
});

describe("syntax errors", () => {
  it.each([
    ["SELEC 1", "'SELEC 1' at line 1"],
    ["SELECT * FROM", "'' at line 1"],
    ["SELECT 1 +", "'' at line 1"],
    ["SELECT * FROM t WHERE", "'' at line 1"],
    ["SELECT * FROM t\nWHERE a = = 1", "'= 1' at line 2"],
    ["SELECT a FROM t LIMIT 'x'", "''x'' at line 1"],
    ["INSERT INTO t VALUES (1,", "'' at line 1"],
    ["CREATE TABLE t (a INT,)", "')' at line 1"],
    ["SELECT 'unterminated", "''unterminated' at line 1"],
    ["SELECT 1 FROM t t2 t3", "'t3' at line 1"],
    ["FOO BAR", "'FOO BAR' at line 1"],
    ["CALL p()", "'CALL p()' at line 1"],
    ["LOAD DATA INFILE 'x' INTO TABLE t", "'LOAD DATA INFILE 'x' INTO TABLE t' at line 1"],
    ["SELECT select FROM t", "'select FROM t' at line 1"],
    ["SELECT 1 LIMIT 1, 2, 3", "' 3' at line 1"],
    ["SELECT 1,,2", "'2' at line 1"],
    ["SELECT * FROM t ORDER", "'' at line 1"],
    ["SELECT * FROM t GROUP a", "'a' at line 1"],
    ["SELECT @", "'' at line 1"],
    ["SELECT @ + 1", "'+ 1' at line 1"],
    ["SELECT * FROM t WHERE a NOT 1", "'1' at line 1"],
    // These positions were checked against MariaDB 10.11, whose lexer and error reporting MySQL
    // shares.
    ["SELECT * FROM t WHERE a IS 1", "'1' at line 1"],
    ["SELECT COUNT(DISTINCT) FROM t", "') FROM t' at line 1"],
    ["INSERT INTO t (a, b VALUES (1, 2)", "'VALUES (1, 2)' at line 1"],
    ["CREATE TABLE t (a INT DEFAULT)", "')' at line 1"],
    ["SELECT CAST(a AS)", "')' at line 1"],
    ["SELECT TRIM(FROM a)", "'FROM a)' at line 1"],
    ["SELECT 1 FROM t WHERE a IN (SELECT)", "')' at line 1"],
    ["SELECT EXISTS 1", "'1' at line 1"],
    ["SELECT * FROM t WHERE a > ALL (1)", "'1)' at line 1"],
    ["SELECT 1 +\n\n2 3", "'3' at line 3"],
    ["SELECT 'a' 'b' c d", "'d' at line 1"],
    ["SELECT ROW_NUMBER() OVER (ORDER BY) FROM t", "') FROM t' at line 1"],
    ["SELECT DATE_ADD(d, INTERVAL 1) FROM t", "') FROM t' at line 1"],
    ["SELECT EXTRACT(FOO FROM d)", "'FOO FROM d)' at line 1"],
    ["GRANT SELECT ON TO u", "'TO u' at line 1"],
    ["LOCK TABLES t", "'' at line 1"],
  ])("%s → near %s", (sql, near) => {
    const error = errorOf(() => parse(sql));
    expect(error.code).toBe(1064);
    expect(error.sqlState).toBe("42000");
    expect(error.message).toBe(`${syntaxPrefix}${near}`);
  });

  it("quotes at most 80 characters of the rest", () => {
    const tail = "x".repeat(200);
    const error = errorOf(() => parse(`SELECT 1 FROM t t2 ${tail}`));
    expect(error.message).toBe(`${syntaxPrefix}'${"x".repeat(80)}' at line 1`);
  });

  it("limits nesting depth instead of overflowing the stack", () => {
    for (const sql of [
      `SELECT ${"(".repeat(100_000)}1${")".repeat(100_000)}`,
      `SELECT ${"(".repeat(100_000)}`,
      `SELECT ${"- ".repeat(100_000)}1`,
      `SELECT ${"NOT ".repeat(100_000)}1`,
      `SELECT * FROM ${"(".repeat(100_000)}t`,
      `SELECT ${"(SELECT ".repeat(100_000)}`,
      `SELECT ${"f(".repeat(100_000)}`,
    ]) {
      expect(errorOf(() => parse(sql)).code).toBe(1064);
    }
    const nested = `SELECT ${"(".repeat(40)}1${")".repeat(40)}`;
    expect(parseOne(nested)).toMatchObject({ kind: "select" });
  });
});

describe("random input", () => {
  const fragments = [
    "SELECT", "FROM", "WHERE", "(", ")", ",", ";", "*", "+", "-", "=", "<=>", "AND", "OR", "NOT",
    "t", "a", "1", "1.5", "'s'", "?", "@v", "@@x", "JOIN", "ON", "GROUP", "BY", "ORDER", "LIMIT",
    "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "CREATE", "TABLE", "INT", "IN",
    "BETWEEN", "LIKE", "IS", "NULL", "CASE", "WHEN", "THEN", "END", "UNION", "ALL", "DISTINCT",
    "`q`", "X'0A'", "/*", "*/", "--", "#", "/*!", "\n", "CAST", "AS", "INTERVAL", "DAY", "SHOW",
    "DATABASES", "ALTER", "ADD", "DROP", "INDEX", "KEY", "PRIMARY", "DEFAULT", "COUNT", "OVER",
    "WITH", "EXISTS", "ANY", "\"", "'", "`", "\\", "USE", "GRANT", "TO", ".", ":=", "->", "->>",
  ];

  it("throws only SqlError for 10k random token sequences", () => {
    const random = new SeededRandom(1234);
    for (let round = 0; round < 10_000; round++) {
      const count = 1 + random.nextInt(12);
      const parts: string[] = [];
      for (let index = 0; index < count; index++) {
        parts.push(fragments[random.nextInt(fragments.length)]!);
      }
      expectOnlySqlError(parts.join(random.nextInt(4) === 0 ? "" : " "), round);
    }
  });

  it("throws only SqlError for 10k random strings", () => {
    const random = new SeededRandom(99);
    const alphabet = "SELECTFROMWHERE abc019'\"`()*,.;=<>!@#-+/\\\n\t_$?{}[]%^&|~:é€";
    for (let round = 0; round < 10_000; round++) {
      let text = "";
      const length = random.nextInt(40);
      for (let index = 0; index < length; index++) {
        text += alphabet[random.nextInt(alphabet.length)];
      }
      expectOnlySqlError(text, round);
    }
  });
});

function expectOnlySqlError(sql: string, round: number): void {
  try {
    parse(sql);
  } catch (error) {
    if (!isSqlError(error)) {
      throw new Error(`round ${round}: ${JSON.stringify(sql)} threw ${String(error)}`);
    }
  }
}
