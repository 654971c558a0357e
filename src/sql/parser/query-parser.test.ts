import { describe, expect, it } from "vitest";
import type { Query, SelectQuery } from "./ast-query.ts";
import { parseOne } from "./parser.ts";

function select(sql: string): SelectQuery {
  const statement = parseOne(sql);
  if (statement.kind !== "select") throw new Error(`not a select: ${statement.kind}`);
  return statement;
}

function query(sql: string): Query {
  const statement = parseOne(sql);
  if (statement.kind !== "select" && statement.kind !== "set-operation" &&
    statement.kind !== "parenthesized-query") throw new Error("not a query");
  return statement;
}

const id = (name: string) => ({ name, quoted: false });

describe("SELECT", () => {
  it("parses select options", () => {
    const q = select("SELECT DISTINCT SQL_CALC_FOUND_ROWS SQL_NO_CACHE HIGH_PRIORITY " +
      "STRAIGHT_JOIN a FROM t");
    expect(q.distinct).toBe(true);
    expect(q.options).toEqual({ highPriority: true, straightJoin: true, sqlCalcFoundRows: true });
    expect(select("SELECT DISTINCTROW a FROM t").distinct).toBe(true);
    expect(select("SELECT ALL a FROM t").distinct).toBe(false);
  });

  it("parses the select list: stars, aliases, spans", () => {
    const sql = "SELECT *, t.*, db.t.*, a + 1 AS x, b y, c AS 'str', d 'str2' FROM t";
    const q = select(sql);
    expect(q.items[0]).toEqual({ kind: "select-star" });
    expect(q.items[1]).toEqual({ kind: "select-star", table: { name: id("t") } });
    expect(q.items[2]).toEqual({ kind: "select-star", table: { database: id("db"),
      name: id("t") } });
    const aliases = q.items.slice(3).map((item) => item.kind === "select-expression" && item.alias);
    expect(aliases).toEqual([id("x"), id("y"), { name: "str", quoted: true },
      { name: "str2", quoted: true }]);
    const item = q.items[3];
    if (item?.kind !== "select-expression") throw new Error("expected expression");
    expect(sql.slice(item.span.start, item.span.end)).toBe("a + 1");
  });

  it("parses SELECT without FROM and FROM DUAL", () => {
    expect(select("SELECT 1").from).toEqual([]);
    expect(select("SELECT 1 FROM DUAL").from).toEqual([]);
  });

  it("parses WHERE, GROUP BY … WITH ROLLUP, HAVING, ORDER BY, LIMIT", () => {
    const q = select("SELECT a, COUNT(*) FROM t WHERE b > 1 GROUP BY a DESC WITH ROLLUP " +
      "HAVING COUNT(*) > 2 ORDER BY a DESC, 2 LIMIT 10, 20");
    expect(q.where).toMatchObject({ kind: "binary", operator: ">" });
    expect(q.groupBy).toMatchObject([{ direction: "desc" }]);
    expect(q.withRollup).toBe(true);
    expect(q.having).toMatchObject({ kind: "binary" });
    expect(q.orderBy).toMatchObject([{ direction: "desc" }, { expr: { kind: "integer", value: 2 },
      direction: "asc" }]);
    expect(q.limit).toEqual({ count: { kind: "integer", value: 20 }, offset: { kind: "integer",
      value: 10 } });
    expect(select("SELECT a FROM t LIMIT 5 OFFSET 7").limit).toEqual({
      count: { kind: "integer", value: 5 }, offset: { kind: "integer", value: 7 } });
    expect(select("SELECT a FROM t LIMIT ?, ?").limit).toEqual({
      count: { kind: "param", index: 1 }, offset: { kind: "param", index: 0 } });
  });

  it("parses locking clauses and INTO", () => {
    expect(select("SELECT a FROM t WHERE id = 1 FOR UPDATE").locking).toEqual([
      { strength: "update", of: [], wait: "wait" }]);
    expect(select("SELECT a FROM t FOR SHARE OF t NOWAIT").locking).toEqual([
      { strength: "share", of: [{ name: id("t") }], wait: "nowait" }]);
    expect(select("SELECT a FROM t FOR UPDATE SKIP LOCKED").locking[0]?.wait).toBe("skip-locked");
    expect(select("SELECT a FROM t LOCK IN SHARE MODE").locking[0]?.strength).toBe("share");
    expect(select("SELECT a, b INTO @x, @y FROM t").into).toEqual(["x", "y"]);
    expect(select("SELECT a FROM t LIMIT 1 INTO @x").into).toEqual(["x"]);
  });

  it("parses WINDOW clauses", () => {
    const q = select("SELECT SUM(a) OVER w FROM t WINDOW w AS (PARTITION BY b ORDER BY c)");
    expect(q.windows).toMatchObject([{ name: id("w"), spec: { partitionBy: [{}],
      orderBy: [{}] } }]);
  });
});

describe("table references", () => {
  it("parses aliases and index hints", () => {
    const q = select("SELECT * FROM db.t AS a USE INDEX (i1, i2) IGNORE KEY FOR ORDER BY " +
      "(PRIMARY) " +
      "FORCE INDEX FOR JOIN (k)");
    expect(q.from[0]).toEqual({
      kind: "table", name: { database: id("db"), name: id("t") }, alias: id("a"),
      indexHints: [
        { action: "use", indexes: [id("i1"), id("i2")] },
        { action: "ignore", scope: "order-by", indexes: [id("PRIMARY")] },
        { action: "force", scope: "join", indexes: [id("k")] },
      ],
    });
    expect(select("SELECT * FROM t x").from[0]).toMatchObject({ alias: id("x") });
  });

  it("parses joins", () => {
    const q = select("SELECT * FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c USING (id) " +
      "CROSS JOIN d STRAIGHT_JOIN e NATURAL RIGHT JOIN f, g");
    expect(q.from).toHaveLength(2);
    expect(q.from[0]).toMatchObject({
      kind: "join", joinType: "right", natural: true,
      left: { kind: "join", joinType: "straight", left: { kind: "join", joinType: "cross",
        left: { kind: "join", joinType: "left", using: [id("id")],
          left: { kind: "join", joinType: "inner", on: { kind: "binary" } } } } },
    });
    expect(q.from[1]).toMatchObject({ kind: "table", name: { name: id("g") } });
  });

  it("parses parenthesised joins and derived tables", () => {
    const q = select("SELECT * FROM (a, b) JOIN (c JOIN d ON 1) ON TRUE");
    expect(q.from[0]).toMatchObject({ kind: "join", left: { kind: "join", joinType: "cross" },
      right: { kind: "join", joinType: "inner" } });
    const derived = select("SELECT COUNT(*) FROM (SELECT * FROM sbtest1 FORCE KEY (PRIMARY) " +
      "LIMIT 100) t");
    expect(derived.from[0]).toMatchObject({ kind: "derived", alias: id("t"), lateral: false,
      query: { kind: "select", limit: { count: { value: 100 } },
        from: [{ indexHints: [{ action: "force", indexes: [id("PRIMARY")] }] }] } });
    expect(select("SELECT * FROM (SELECT 1, 2) AS t (x, y)").from[0]).toMatchObject({
      kind: "derived", columns: [id("x"), id("y")] });
    expect(select("SELECT * FROM t, LATERAL (SELECT t.a) AS l").from[1]).toMatchObject({
      kind: "derived", lateral: true });
  });

  it("requires a condition for LEFT JOIN", () => {
    expect(() => parseOne("SELECT * FROM a LEFT JOIN b")).toThrow(/near '' at line 1/);
  });
});

describe("set operations and CTEs", () => {
  it("gives trailing ORDER BY / LIMIT to the union", () => {
    const q = query("SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1 LIMIT 3");
    expect(q).toMatchObject({ kind: "set-operation", operator: "union", all: true,
      left: { kind: "select" }, right: { kind: "select", orderBy: [] }, orderBy: [{}],
      limit: { count: { value: 3 } } });
  });

  it("binds INTERSECT tighter than UNION", () => {
    const q = query("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT DISTINCT SELECT 4");
    expect(q).toMatchObject({ kind: "set-operation", operator: "except", all: false,
      left: { operator: "union", right: { operator: "intersect" } } });
  });

  it("parses parenthesised operands and outer clauses", () => {
    const q = query("(SELECT a FROM t ORDER BY a LIMIT 2) UNION (SELECT b FROM u) ORDER BY 1");
    expect(q).toMatchObject({ kind: "set-operation", left: { kind: "select", limit: {} },
      orderBy: [{}] });
    const wrapped = query("(SELECT a FROM t) ORDER BY a LIMIT 1");
    expect(wrapped).toMatchObject({ kind: "parenthesized-query", query: { kind: "select" },
      orderBy: [{}], limit: {} });
    expect(query("((SELECT 1))")).toMatchObject({ kind: "select" });
  });

  it("parses WITH [RECURSIVE]", () => {
    const sql = "WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) " +
      "SELECT * FROM c";
    const q = query(`${sql};`);
    expect(q).toMatchObject({ kind: "select", with: { recursive: true,
      ctes: [{ name: id("c"), columns: [id("n")], query: { kind: "set-operation" } }] } });
    expect(q.span).toEqual({ start: 0, end: sql.length });
  });

  it("parses TABLE t as SELECT * FROM t", () => {
    expect(query("TABLE t")).toMatchObject({ kind: "select", items: [{ kind: "select-star" }],
      from: [{ kind: "table", name: { name: id("t") } }] });
  });
});
