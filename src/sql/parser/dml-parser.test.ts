import { describe, expect, it } from "vitest";
import { parseOne } from "./parser.ts";

const id = (name: string) => ({ name, quoted: false });
const column = (name: string) => ({ kind: "column", column: id(name) });

describe("INSERT / REPLACE", () => {
  it.each<[string, unknown]>([
    ["INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)", {
      kind: "insert", replace: false, ignore: false, table: { name: id("sbtest1") },
      columns: [id("id"), id("k"), id("c"), id("pad")], paramCount: 4,
      source: { kind: "values", rows: [[0, 1, 2, 3].map((index) => ({ kind: "param", index }))] },
      onDuplicateKeyUpdate: [] }],
    ["INSERT INTO t VALUES (1, 'a'), (2, DEFAULT), ROW(3, NULL)", {
      source: { kind: "values", rows: [
        [{ kind: "integer", value: 1 }, { kind: "string", value: "a" }],
        [{ kind: "integer", value: 2 }, { kind: "default" }],
        [{ kind: "integer", value: 3 }, { kind: "null" }]] } }],
    ["INSERT t () VALUE ()", { columns: [], source: { kind: "values", rows: [[]] } }],
    ["INSERT LOW_PRIORITY IGNORE INTO db.t SET a = 1, b = a + 1", {
      priority: "low", ignore: true, table: { database: id("db"), name: id("t") },
      source: { kind: "set", assignments: [{ column: column("a") }, { column: column("b") }] } }],
    ["REPLACE INTO t (a) SELECT b FROM u", { kind: "insert", replace: true,
      source: { kind: "query", query: { kind: "select" } } }],
    ["INSERT INTO t (a) (SELECT b FROM u)", { source: { kind: "query" } }],
    ["INSERT INTO t TABLE u", { source: { kind: "query", query: { kind: "select" } } }],
    ["INSERT INTO t (a, b) VALUES (1, 2) AS new (x, y) ON DUPLICATE KEY UPDATE b = new.y", {
      rowAlias: id("new"), rowAliasColumns: [id("x"), id("y")],
      onDuplicateKeyUpdate: [{ column: column("b"), value: { kind: "column",
        table: id("new") } }] }],
    ["INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a) + 1", {
      onDuplicateKeyUpdate: [{ value: { kind: "binary", left: { kind: "function-call",
        name: "VALUES" } } }] }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });

  it("parses a multi-row sysbench insert", () => {
    const rows = Array.from({ length: 100 }, (_, index) => `(${index}, ${index * 7}, 'c', 'pad')`);
    const statement = parseOne(`INSERT INTO sbtest1(id, k, c, pad) VALUES ${rows.join(",")}`);
    expect(statement).toMatchObject({ kind: "insert", source: { kind: "values" } });
    if (statement.kind !== "insert" || statement.source.kind !== "values") throw new Error("shape");
    expect(statement.source.rows).toHaveLength(100);
    expect(statement.source.rows[99]?.[1]).toEqual({ kind: "integer", value: 693 });
  });
});

describe("UPDATE", () => {
  it.each<[string, unknown]>([
    ["UPDATE sbtest1 SET k=k+1 WHERE id=?", {
      kind: "update", lowPriority: false, ignore: false,
      tables: [{ kind: "table", name: { name: id("sbtest1") } }],
      assignments: [{ column: column("k"), value: { kind: "binary", operator: "+" } }],
      where: { kind: "binary", operator: "=", right: { kind: "param", index: 0 } },
      paramCount: 1 }],
    ["UPDATE LOW_PRIORITY IGNORE t SET a = 1 ORDER BY b LIMIT 10", {
      lowPriority: true, ignore: true, orderBy: [{}], limit: { count: { value: 10 } } }],
    ["UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.a = t2.b, t2.c = DEFAULT", {
      tables: [{ kind: "join" }], assignments: [
        { column: { kind: "column", table: id("t1"), column: id("a") } },
        { value: { kind: "default" } }] }],
    ["UPDATE t1, t2 SET t1.a = 1 WHERE t1.id = t2.id", { tables: [{}, {}] }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });
});

describe("DELETE", () => {
  it.each<[string, unknown]>([
    ["DELETE FROM sbtest1 WHERE id=?", {
      kind: "delete", lowPriority: false, quick: false, ignore: false,
      from: [{ kind: "table", name: { name: id("sbtest1") } }],
      where: { kind: "binary" }, paramCount: 1 }],
    ["DELETE LOW_PRIORITY QUICK IGNORE FROM t AS x WHERE x.a = 1 ORDER BY a LIMIT 5", {
      lowPriority: true, quick: true, ignore: true, from: [{ alias: id("x") }],
      orderBy: [{}], limit: {} }],
    ["DELETE t1, t2.* FROM t1 JOIN t2 ON t1.id = t2.id WHERE t1.a = 1", {
      targets: [{ name: id("t1") }, { name: id("t2") }], from: [{ kind: "join" }] }],
    ["DELETE FROM t1, t2 USING t1, t2, t3 WHERE t1.id = t2.id", {
      targets: [{ name: id("t1") }, { name: id("t2") }], from: [{}, {}, {}] }],
  ])("%s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });

  it("accepts a leading WITH on UPDATE and DELETE", () => {
    const sql = "WITH c AS (SELECT 1 AS id) DELETE FROM t WHERE id IN (SELECT id FROM c)";
    expect(parseOne(sql)).toMatchObject({ kind: "delete", with: { ctes: [{ name: id("c") }] },
      span: { start: 0, end: sql.length } });
    expect(parseOne("WITH c AS (SELECT 1) UPDATE t SET a = 1")).toMatchObject({
      kind: "update", with: { recursive: false } });
    expect(parseOne("WITH c AS (SELECT 1) SELECT * FROM c")).toMatchObject({
      kind: "select", with: {}, span: { start: 0 } });
  });

  it("keeps the single-table form free of targets", () => {
    expect(parseOne("DELETE FROM t")).not.toHaveProperty("targets");
  });
});
