import { describe, expect, it } from "vitest";
import type { ColumnDefinition, CreateTableStatement, DataType } from "./ast-ddl.ts";
import { parseOne } from "./parser.ts";

const id = (name: string) => ({ name, quoted: false });

function createTable(sql: string): CreateTableStatement {
  const statement = parseOne(sql);
  if (statement.kind !== "create-table") throw new Error(statement.kind);
  return statement;
}

function columnOf(definition: string): ColumnDefinition {
  const element = createTable(`CREATE TABLE t (${definition})`).elements[0];
  if (element?.kind !== "column-definition") throw new Error("not a column");
  return element;
}

function typeOf(text: string): DataType {
  return columnOf(`c ${text}`).type;
}

describe("CREATE TABLE", () => {
  it("parses the sysbench table", () => {
    const sql = "CREATE TABLE sbtest1(\n  id INTEGER NOT NULL AUTO_INCREMENT,\n  k INTEGER " +
      "DEFAULT '0' " +
      "NOT NULL,\n  c CHAR(120) DEFAULT '' NOT NULL,\n  pad CHAR(60) DEFAULT '' NOT NULL,\n  " +
      "PRIMARY KEY (id)\n) /*! ENGINE = innodb */";
    const statement = createTable(sql);
    expect(statement).toMatchObject({
      temporary: false, ifNotExists: false, name: { name: id("sbtest1") },
      options: [{ name: "ENGINE", value: "innodb" }],
      elements: [
        { kind: "column-definition", name: id("id"), type: { name: "int", spelling: "INTEGER" },
          nullable: false, autoIncrement: true },
        { name: id("k"), default: { kind: "string", value: "0" }, nullable: false },
        { name: id("c"), type: { name: "char", length: 120 }, default: { kind: "string",
          value: "" } },
        { name: id("pad"), type: { name: "char", length: 60 } },
        { kind: "index-definition", indexType: "primary", keyParts: [{ column: id("id") }] },
      ],
    });
    expect(statement.span).toEqual({ start: 0, end: sql.length - 3 });
  });

  it.each<[string, Partial<DataType>]>([
    ["BIT(8)", { name: "bit", length: 8 }],
    ["TINYINT(1) UNSIGNED ZEROFILL", { name: "tinyint", length: 1, unsigned: true,
      zerofill: true }],
    ["INT1", { name: "tinyint" }], ["INT2", { name: "smallint" }], ["INT3", { name: "mediumint" }],
    ["INT4", { name: "int" }], ["INT8", { name: "bigint" }], ["MEDIUMINT", { name: "mediumint" }],
    ["BIGINT(20) UNSIGNED", { name: "bigint", unsigned: true, length: 20 }],
    ["BOOL", { name: "tinyint", length: 1, spelling: "BOOL" }],
    ["BOOLEAN", { name: "tinyint", length: 1 }],
    ["SERIAL", { name: "bigint", unsigned: true }],
    ["DECIMAL(10,2)", { name: "decimal", length: 10, scale: 2 }],
    ["DEC(5)", { name: "decimal", length: 5 }], ["NUMERIC", { name: "decimal" }],
    ["FIXED(4,1)", { name: "decimal", length: 4, scale: 1 }],
    ["FLOAT(7,3)", { name: "float", length: 7, scale: 3 }], ["FLOAT(30)", { name: "float",
      length: 30 }],
    ["DOUBLE PRECISION", { name: "double", spelling: "DOUBLE PRECISION" }],
    ["REAL", { name: "double" }], ["DATE", { name: "date" }], ["TIME(3)", { name: "time", fsp: 3 }],
    ["DATETIME(6)", { name: "datetime", fsp: 6 }], ["TIMESTAMP", { name: "timestamp" }],
    ["YEAR(4)", { name: "year", length: 4 }],
    ["CHAR(10) CHARACTER SET latin1 COLLATE latin1_bin", { name: "char", length: 10,
      charset: "latin1", collation: "latin1_bin" }],
    ["CHARACTER(3)", { name: "char", length: 3 }],
    ["NCHAR(3)", { name: "char", national: true }],
    ["NATIONAL CHARACTER(3)", { name: "char", national: true }],
    ["VARCHAR(255) CHARSET utf8mb4", { name: "varchar", length: 255, charset: "utf8mb4" }],
    ["CHARACTER VARYING(9)", { name: "varchar", length: 9, spelling: "CHARACTER VARYING" }],
    ["NVARCHAR(9)", { name: "varchar", national: true }],
    ["BINARY(16)", { name: "binary", length: 16 }], ["VARBINARY(16)", { name: "varbinary",
      length: 16 }],
    ["TINYTEXT", { name: "tinytext" }], ["TEXT(100)", { name: "text", length: 100 }],
    ["MEDIUMTEXT", { name: "mediumtext" }], ["LONGTEXT BINARY", { name: "longtext",
      binaryCollation: true }],
    ["TINYBLOB", { name: "tinyblob" }], ["BLOB(10)", { name: "blob", length: 10 }],
    ["MEDIUMBLOB", { name: "mediumblob" }], ["LONGBLOB", { name: "longblob" }],
    ["LONG VARCHAR", { name: "mediumtext" }], ["LONG VARBINARY", { name: "mediumblob" }],
    ["ENUM('a','b''c')", { name: "enum", values: ["a", "b'c"] }],
    ["SET('x','y')", { name: "set", values: ["x", "y"] }],
    ["JSON", { name: "json" }], ["GEOMETRY", { name: "geometry" }], ["POINT", { name: "point" }],
    ["MULTIPOLYGON", { name: "multipolygon" }],
  ])("data type %s", (text, expected) => {
    expect(typeOf(text)).toMatchObject(expected);
  });

  it("requires a length for VARCHAR and VARBINARY", () => {
    expect(() => parseOne("CREATE TABLE t (a VARCHAR)")).toThrow(/near '\)' at line 1/);
    expect(() => parseOne("CREATE TABLE t (a VARBINARY NOT NULL)")).toThrow(/near 'NOT NULL\)'/);
  });

  it("parses column attributes", () => {
    expect(columnOf("c TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE " +
      "CURRENT_TIMESTAMP(3) " +
      "COMMENT 'x' INVISIBLE")).toMatchObject({
      nullable: true, default: { kind: "function-call", name: "CURRENT_TIMESTAMP",
        args: [{ value: 3 }] }, onUpdate: { kind: "function-call" }, comment: "x",
          visible: false });
    expect(columnOf("c INT DEFAULT -1 UNIQUE KEY PRIMARY KEY")).toMatchObject({
      default: { kind: "integer", value: -1 }, unique: true, primaryKey: true });
    expect(columnOf("c INT DEFAULT (a + 1)")).toMatchObject({ defaultIsExpression: true,
      default: { kind: "binary" }, defaultSpan: { start: 31, end: 36 } });
    expect(columnOf("c INT GENERATED ALWAYS AS (a * 2) STORED")).toMatchObject({
      generated: { stored: true, expr: { kind: "binary" } } });
    expect(columnOf("c INT AS (a) VIRTUAL")).toMatchObject({ generated: { stored: false } });
    expect(columnOf("c INT CHECK (c > 0) NOT ENFORCED")).toMatchObject({
      checks: [{ kind: "check", enforced: false }] });
    expect(columnOf("c INT REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL")).toMatchObject({
      references: { table: { name: id("p") }, columns: [id("id")], onDelete: "cascade",
        onUpdate: "set-null" } });
    expect(columnOf("c VARCHAR(5) DEFAULT 'a' COLLATE utf8mb4_bin")).toMatchObject({
      default: { kind: "string", value: "a" }, type: { collation: "utf8mb4_bin" } });
    expect(columnOf("c VARCHAR(5) NOT NULL COLLATE utf8mb4_bin")).toMatchObject({
      type: { collation: "utf8mb4_bin" } });
    expect(columnOf("c INT COLUMN_FORMAT FIXED STORAGE DISK SRID 0")).toMatchObject({
      extraOptions: [{ name: "COLUMN_FORMAT", value: "FIXED" }, { name: "STORAGE" }, { name: "SRID",
        value: 0 }] });
    expect(columnOf("c SERIAL")).toMatchObject({ nullable: false, autoIncrement: true,
      unique: true });
  });

  it("parses table constraints", () => {
    const statement = createTable("CREATE TABLE t (a INT, b INT, " +
      "CONSTRAINT pk PRIMARY KEY USING BTREE (a), UNIQUE KEY u1 (b(10) DESC) COMMENT 'c', " +
      "INDEX i1 (a, b) INVISIBLE, KEY ((a + b)), FULLTEXT KEY f (b), SPATIAL INDEX s (b), " +
      "CONSTRAINT fk FOREIGN KEY (b) REFERENCES p (id) ON DELETE RESTRICT, " +
      "CHECK (a > 0), CONSTRAINT c2 CHECK (b < 0) ENFORCED)");
    expect(statement.elements.slice(2)).toMatchObject([
      { kind: "index-definition", indexType: "primary", constraintName: id("pk"),
        options: { using: "btree" } },
      { indexType: "unique", name: id("u1"), keyParts: [{ column: id("b"), length: 10,
        direction: "desc" }], options: { comment: "c" } },
      { indexType: "index", name: id("i1"), options: { visible: false } },
      { indexType: "index", keyParts: [{ expr: { kind: "binary" } }] },
      { indexType: "fulltext", name: id("f") },
      { indexType: "spatial", name: id("s") },
      { kind: "foreign-key", constraintName: id("fk"), columns: [id("b")],
        references: { onDelete: "restrict" } },
      { kind: "check", enforced: true },
      { kind: "check", constraintName: id("c2") },
    ]);
  });

  it("parses table options, LIKE and AS SELECT", () => {
    expect(createTable("CREATE TEMPORARY TABLE IF NOT EXISTS t (a INT) ENGINE=InnoDB, DEFAULT " +
      "CHARSET=utf8mb4 COLLATE utf8mb4_bin AUTO_INCREMENT = 5 COMMENT='hi' ROW_FORMAT=DYNAMIC " +
      "STATS_PERSISTENT 0 KEY_BLOCK_SIZE=8")).toMatchObject({
      temporary: true, ifNotExists: true, options: [
        { name: "ENGINE", value: "InnoDB" }, { name: "CHARSET", value: "utf8mb4" },
        { name: "COLLATE", value: "utf8mb4_bin" }, { name: "AUTO_INCREMENT", value: 5 },
        { name: "COMMENT", value: "hi" }, { name: "ROW_FORMAT", value: "DYNAMIC" },
        { name: "STATS_PERSISTENT", value: 0 }, { name: "KEY_BLOCK_SIZE", value: 8 }] });
    expect(createTable("CREATE TABLE t LIKE db.u")).toMatchObject({ like: { database: id("db") } });
    expect(createTable("CREATE TABLE t (LIKE u)")).toMatchObject({ like: { name: id("u") } });
    expect(createTable("CREATE TABLE t AS SELECT 1 AS " +
      "a")).toMatchObject({ query: { kind: "select" } });
    expect(createTable("CREATE TABLE t (b INT) IGNORE SELECT 1 AS a")).toMatchObject({
      duplicateHandling: "ignore", elements: [{}], query: {} });
    expect(() => parseOne("CREATE TABLE t (a INT) PARTITION BY HASH(a)")).toThrow(/1064|syntax/);
  });
});

describe("other DDL", () => {
  it.each<[string, unknown]>([
    ["CREATE INDEX k_1 ON sbtest1(k)", { kind: "create-index", table: { name: id("sbtest1") },
      index: { indexType: "index", name: id("k_1"), keyParts: [{ column: id("k") }] } }],
    ["CREATE UNIQUE INDEX u USING HASH ON t (a, b DESC) COMMENT 'x' ALGORITHM = INPLACE LOCK NONE",
      {
      index: { indexType: "unique", options: { using: "hash", comment: "x" } },
      algorithm: "inplace", lock: "none" }],
    ["DROP INDEX k_1 ON sbtest1", { kind: "drop-index", name: id("k_1"),
      table: { name: id("sbtest1") } }],
    ["CREATE DATABASE IF NOT EXISTS d DEFAULT CHARACTER SET = utf8mb4 COLLATE utf8mb4_bin", {
      kind: "create-database", ifNotExists: true, name: id("d"),
      options: { charset: "utf8mb4", collation: "utf8mb4_bin" } }],
    ["CREATE SCHEMA s CHARSET latin1", { kind: "create-database", options: { charset: "latin1" } }],
    ["ALTER DATABASE d CHARACTER SET utf8mb4", { kind: "alter-database", name: id("d") }],
    ["ALTER SCHEMA DEFAULT COLLATE utf8mb4_bin", { kind: "alter-database",
      options: { collation: "utf8mb4_bin" } }],
    ["DROP DATABASE IF EXISTS d", { kind: "drop-database", ifExists: true, name: id("d") }],
    ["DROP SCHEMA d", { kind: "drop-database", ifExists: false }],
    ["DROP TEMPORARY TABLE IF EXISTS t1, db.t2 CASCADE", { kind: "drop-table", temporary: true,
      ifExists: true, tables: [{ name: id("t1") }, { database: id("db"), name: id("t2") }] }],
    ["TRUNCATE TABLE t", { kind: "truncate-table", table: { name: id("t") } }],
    ["TRUNCATE t", { kind: "truncate-table" }],
    ["RENAME TABLE a TO b, c TO d", { kind: "rename-table", renames: [
      { from: { name: id("a") }, to: { name: id("b") } }, { from: { name: id("c") } }] }],
    ["CREATE OR REPLACE ALGORITHM = MERGE DEFINER = 'root'@'%' SQL SECURITY INVOKER VIEW v (x) " +
      "AS SELECT a FROM t WITH LOCAL CHECK OPTION", { kind: "create-view", orReplace: true,
      algorithm: "merge", definer: { user: "root", host: "%" }, sqlSecurity: "invoker",
      name: { name: id("v") }, columns: [id("x")], query: { kind: "select" },
        checkOption: "local" }],
    ["CREATE VIEW v AS SELECT 1", { kind: "create-view", orReplace: false }],
    ["DROP VIEW IF EXISTS v1, v2", { kind: "drop-view", ifExists: true, views: [{}, {}] }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });

  it("parses ALTER TABLE actions", () => {
    const statement = parseOne("ALTER TABLE t ADD COLUMN x INT FIRST, ADD y INT AFTER a, " +
      "ADD (p INT, q INT), ADD INDEX i (x), ADD UNIQUE KEY (y), ADD PRIMARY KEY (a), " +
      "ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES u (id), ADD CHECK (x > 0), DROP COLUMN z, " +
      "DROP w, DROP INDEX i2, DROP KEY i3, DROP PRIMARY KEY, DROP FOREIGN KEY fk2, DROP CHECK " +
        "c1, " +
      "MODIFY COLUMN a BIGINT NOT NULL AFTER b, CHANGE b bb VARCHAR(5) FIRST, RENAME COLUMN c TO " +
        "d, " +
      "RENAME INDEX i4 TO i5, RENAME TO t2, ALTER COLUMN e SET DEFAULT 5, ALTER f DROP DEFAULT, " +
      "ALTER COLUMN g SET DEFAULT (1 + 1), ENGINE = InnoDB, ALGORITHM = INPLACE, LOCK = NONE, " +
      "CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, ALTER INDEX i VISIBLE, DISABLE " +
        "KEYS, " +
      "ENABLE KEYS, FORCE");
    expect(statement).toMatchObject({ kind: "alter-table", table: { name: id("t") } });
    if (statement.kind !== "alter-table") throw new Error("shape");
    expect(statement.actions.map((action) => action.kind)).toEqual([
      "add-columns", "add-columns", "add-columns", "add-constraint", "add-constraint",
      "add-constraint", "add-constraint", "add-constraint", "drop-column", "drop-column",
      "drop-index", "drop-index", "drop-primary-key", "drop-foreign-key", "drop-check",
      "modify-column", "change-column", "rename-column", "rename-index", "rename-table",
      "alter-column-default", "alter-column-default", "alter-column-default", "table-options",
      "algorithm", "lock", "convert-charset", "alter-index-visibility", "keys", "keys", "force"]);
    expect(statement.actions[28]).toEqual({ kind: "keys", enabled: false });
    expect(statement.actions[0]).toMatchObject({ position: { first: true } });
    expect(statement.actions[1]).toMatchObject({ position: { after: id("a") } });
    expect(statement.actions[2]).toMatchObject({ columns: [{ name: id("p") }, { name: id("q") }] });
    expect(statement.actions[16]).toMatchObject({ oldName: id("b"), column: { name: id("bb") } });
    expect(statement.actions[21]).not.toHaveProperty("default");
    expect(statement.actions[26]).toEqual({ kind: "convert-charset", charset: "utf8mb4",
      collation: "utf8mb4_bin" });
  });
});
