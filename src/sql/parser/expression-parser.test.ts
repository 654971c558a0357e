import { describe, expect, it } from "vitest";
import type { Expression } from "./ast-expression.ts";
import type { SelectQuery } from "./ast-query.ts";
import { parseOne } from "./parser.ts";

/** Parses `SELECT <text>` and returns the first item's expression. */
function expr(text: string): Expression {
  const select = parseOne(`SELECT ${text}`) as SelectQuery;
  const item = select.items[0];
  if (item?.kind !== "select-expression") throw new Error("not an expression item");
  return item.expr;
}

/** A compact, fully parenthesised rendering that makes precedence visible. */
function show(node: Expression): string {
  switch (node.kind) {
    case "integer": return String(node.value);
    case "decimal": return `dec:${node.text}`;
    case "float": return `float:${node.text}`;
    case "string": return `'${node.value}'`;
    case "null": return "NULL";
    case "boolean": return String(node.value).toUpperCase();
    case "param": return `?${node.index}`;
    case "column": return [node.database?.name, node.table?.name, node.column.name]
      .filter((part) => part !== undefined).join(".");
    case "unary": return `(${node.operator} ${show(node.operand)})`;
    case "binary": return `(${show(node.left)} ${node.operator} ${show(node.right)})`;
    case "is": return `(${show(node.operand)} IS${node.not ? " NOT" : ""} ${node.test})`;
    case "between": return `(${show(node.operand)}${node.not ? " NOT" : ""} BETWEEN ` +
      `${show(node.low)} AND ${show(node.high)})`;
    case "in-list": return `(${show(node.operand)}${node.not ? " NOT" : ""} IN ` +
      `[${node.list.map(show).join(", ")}])`;
    case "like": return `(${show(node.operand)}${node.not ? " NOT" : ""} ` +
      `LIKE ${show(node.pattern)}` +
      `${node.escape === undefined ? "" : ` ESCAPE ${show(node.escape)}`})`;
    case "regexp": return `(${show(node.operand)} REGEXP ${show(node.pattern)})`;
    case "function-call": return `${node.name}(${node.args.map(show).join(", ")})`;
    case "interval": return `INTERVAL(${show(node.value)} ${node.unit})`;
    case "collate": return `(${show(node.operand)} COLLATE ${node.collation})`;
    case "cast": return `CAST(${show(node.operand)} AS ${node.type.name})`;
    case "assign": return `(@${node.variable} := ${show(node.value)})`;
    case "user-variable": return `@${node.name}`;
    case "row": return `ROW(${node.items.map(show).join(", ")})`;
    default: return node.kind;
  }
}

describe("expression precedence", () => {
  it.each([
    ["1+2*3", "(1 + (2 * 3))"],
    ["1*2+3", "((1 * 2) + 3)"],
    ["1-2-3", "((1 - 2) - 3)"],
    ["NOT a = b", "(not (a = b))"],
    ["!a = b", "((not a) = b)"],
    ["a OR b AND c", "(a or (b and c))"],
    ["a || b && c", "(a or (b and c))"],
    ["a XOR b OR c", "((a xor b) or c)"],
    ["- - 1", "(- -1)"],
    ["-1", "-1"],
    ["-a", "(- a)"],
    ["-2 ^ 2", "(-2 ^ 2)"],
    ["- a ^ 2", "((- a) ^ 2)"],
    ["~a + 1", "((~ a) + 1)"],
    ["a BETWEEN 1 AND 2 AND c", "((a BETWEEN 1 AND 2) and c)"],
    ["a NOT BETWEEN 1 + 1 AND 5", "(a NOT BETWEEN (1 + 1) AND 5)"],
    ["x IS NOT NULL = 1", "((x IS NOT null) = 1)"],
    ["a = b LIKE c", "(a = (b LIKE c))"],
    ["a LIKE 'x%' ESCAPE '!'", "(a LIKE 'x%' ESCAPE '!')"],
    ["a NOT IN (1, 2) OR b", "((a NOT IN [1, 2]) or b)"],
    ["a | b & c", "(a | (b & c))"],
    ["a << 1 + 1", "(a << (1 + 1))"],
    ["a DIV 2 MOD 3", "((a div 2) % 3)"],
    ["a % 2", "(a % 2)"],
    ["@v := 1 + 2", "(@v := (1 + 2))"],
    ["@a := @b := 1", "(@a := (@b := 1))"],
    ["a = 1 IS TRUE", "((a = 1) IS true)"],
    ["x + INTERVAL 1 DAY", "(x + INTERVAL(1 day))"],
    ["INTERVAL 2 HOUR + x", "(INTERVAL(2 hour) + x)"],
    ["a COLLATE utf8mb4_bin = b", "((a COLLATE utf8mb4_bin) = b)"],
    ["BINARY a = b", "(CAST(a AS binary) = b)"],
    ["a <> b != c", "((a <> b) <> c)"],
    ["1 - -1", "(1 - -1)"],
    ["NOT NOT a", "(not (not a))"],
    ["(1, 2) = (3, 4)", "(ROW(1, 2) = ROW(3, 4))"],
    ["a REGEXP '^x' AND b", "((a REGEXP '^x') and b)"],
  ])("%s → %s", (text, expected) => {
    expect(show(expr(text))).toBe(expected);
  });
});

describe("literals", () => {
  it.each<[string, unknown]>([
    ["42", { kind: "integer", value: 42 }],
    ["9007199254740991", { kind: "integer", value: 9007199254740991 }],
    ["9007199254740992", { kind: "integer", value: 9007199254740992n }],
    ["-9223372036854775808", { kind: "integer", value: -9223372036854775808n }],
    ["18446744073709551615", { kind: "integer", value: 18446744073709551615n }],
    ["1.50", { kind: "decimal", text: "1.50" }],
    ["1e3", { kind: "float", value: 1000, text: "1e3" }],
    ["'a' 'b' \"c\"", { kind: "string", value: "abc" }],
    ["_utf8mb4'x'", { kind: "string", value: "x", charset: "utf8mb4" }],
    ["_binary'x'", { kind: "string", value: "x", charset: "binary" }],
    ["N'x'", { kind: "string", value: "x", national: true }],
    ["X'0aff'", { kind: "bytes", value: new Uint8Array([10, 255]), notation: "hex" }],
    ["0x0AF", { kind: "bytes", value: new Uint8Array([0, 175]), notation: "hex" }],
    ["b'101'", { kind: "bytes", value: new Uint8Array([5]), notation: "bit" }],
    ["0b100000001", { kind: "bytes", value: new Uint8Array([1, 1]), notation: "bit" }],
    ["TRUE", { kind: "boolean", value: true }],
    ["false", { kind: "boolean", value: false }],
    ["NULL", { kind: "null" }],
    ["@@version_comment", { kind: "system-variable", name: "version_comment" }],
    ["@@SESSION.transaction_isolation",
      { kind: "system-variable", name: "transaction_isolation", scope: "session" }],
    ["@@global.x", { kind: "system-variable", name: "x", scope: "global" }],
    ["@@local.x", { kind: "system-variable", name: "x", scope: "session" }],
    ["@my_var", { kind: "user-variable", name: "my_var" }],
    ["DATE '2024-01-31'", { kind: "cast", operand: { kind: "string", value: "2024-01-31" },
      type: { name: "date" } }],
  ])("%s", (text, expected) => {
    expect(expr(text)).toEqual(expected);
  });

  it("numbers placeholders left to right", () => {
    const select = parseOne("SELECT ?, ? FROM t WHERE a = ? LIMIT ?") as SelectQuery;
    expect(select.paramCount).toBe(4);
    expect(select.items.map((item) => item.kind === "select-expression" && item.expr))
      .toEqual([{ kind: "param", index: 0 }, { kind: "param", index: 1 }]);
    expect(select.limit?.count).toEqual({ kind: "param", index: 3 });
  });
});

describe("expression forms", () => {
  it.each<[string, unknown]>([
    ["db.t.c", { kind: "column", database: { name: "db", quoted: false },
      table: { name: "t", quoted: false }, column: { name: "c", quoted: false } }],
    ["`t`.`select`", { kind: "column", table: { name: "t", quoted: true },
      column: { name: "select", quoted: true } }],
    ["COUNT(*)", { kind: "aggregate", name: "COUNT", args: [], distinct: false, star: true }],
    ["count(DISTINCT a, b)", { kind: "aggregate", name: "COUNT", distinct: true, star: false,
      args: [{ kind: "column", column: { name: "a", quoted: false } },
        { kind: "column", column: { name: "b", quoted: false } }] }],
    ["IF(a, 1, 2)", { kind: "function-call", name: "IF", args: [
      { kind: "column", column: { name: "a", quoted: false } },
      { kind: "integer", value: 1 }, { kind: "integer", value: 2 }] }],
    ["CURRENT_TIMESTAMP", { kind: "function-call", name: "CURRENT_TIMESTAMP", args: [] }],
    ["current_timestamp(3)", { kind: "function-call", name: "CURRENT_TIMESTAMP",
      args: [{ kind: "integer", value: 3 }] }],
    ["DATABASE()", { kind: "function-call", name: "DATABASE", args: [] }],
    ["CURRENT_USER", { kind: "function-call", name: "CURRENT_USER", args: [] }],
    ["DEFAULT(c)", { kind: "default", column: { kind: "column", column: { name: "c",
      quoted: false } } }],
    ["CAST(a AS DECIMAL(10, 2))", { kind: "cast", operand: { kind: "column",
      column: { name: "a", quoted: false } }, type: { name: "decimal", length: 10, scale: 2 } }],
    ["CAST(a AS CHAR(5) CHARACTER SET utf8mb4)", { kind: "cast", operand: { kind: "column",
      column: { name: "a", quoted: false } }, type: { name: "char", length: 5,
        charset: "utf8mb4" } }],
    ["CAST(a AS UNSIGNED INTEGER)", { kind: "cast", operand: { kind: "column",
      column: { name: "a", quoted: false } }, type: { name: "unsigned" } }],
    ["CONVERT(a, DATETIME(6))", { kind: "cast", operand: { kind: "column",
      column: { name: "a", quoted: false } }, type: { name: "datetime", scale: 6 } }],
    ["CONVERT('x' USING utf8mb4)", { kind: "convert-using", operand: { kind: "string", value: "x" },
      charset: "utf8mb4" }],
    ["TRIM(LEADING 'x' FROM a)", { kind: "trim", mode: "leading", remove: { kind: "string",
      value: "x" }, operand: { kind: "column", column: { name: "a", quoted: false } } }],
    ["TRIM(a)", { kind: "trim", mode: "both", operand: { kind: "column",
      column: { name: "a", quoted: false } } }],
    ["SUBSTRING(a FROM 2 FOR 3)", { kind: "function-call", name: "SUBSTRING", args: [
      { kind: "column", column: { name: "a", quoted: false } },
      { kind: "integer", value: 2 }, { kind: "integer", value: 3 }] }],
    ["POSITION('b' IN a)", { kind: "function-call", name: "POSITION", args: [
      { kind: "string", value: "b" }, { kind: "column", column: { name: "a", quoted: false } }] }],
    ["EXTRACT(YEAR FROM d)", { kind: "extract", unit: "year", operand: { kind: "column",
      column: { name: "d", quoted: false } } }],
    ["TIMESTAMPDIFF(SECOND, a, b)", { kind: "timestamp-function", name: "TIMESTAMPDIFF",
      unit: "second", args: [{ kind: "column", column: { name: "a", quoted: false } },
        { kind: "column", column: { name: "b", quoted: false } }] }],
    ["GET_FORMAT(DATE, 'EUR')", { kind: "get-format", type: "date",
      format: { kind: "string", value: "EUR" } }],
    ["CHAR(77, 78 USING utf8mb4)", { kind: "char-function", args: [
      { kind: "integer", value: 77 }, { kind: "integer", value: 78 }], charset: "utf8mb4" }],
    ["c->'$.a'", { kind: "json-extract", operand: { kind: "column",
      column: { name: "c", quoted: false } }, path: { kind: "string", value: "$.a" },
      unquote: false }],
    ["c->>'$.a'", { kind: "json-extract", operand: { kind: "column",
      column: { name: "c", quoted: false } }, path: { kind: "string", value: "$.a" },
      unquote: true }],
  ])("%s", (text, expected) => {
    expect(expr(text)).toEqual(expected);
  });

  it("parses CASE with and without an operand", () => {
    expect(expr("CASE a WHEN 1 THEN 'x' ELSE 'y' END")).toMatchObject({
      kind: "case", operand: { kind: "column" }, whens: [{ when: { kind: "integer", value: 1 },
        then: { kind: "string", value: "x" } }], else: { kind: "string", value: "y" } });
    const searched = expr("CASE WHEN a > 1 THEN 1 WHEN a < 0 THEN 2 END");
    expect(searched).toMatchObject({ kind: "case", whens: [{}, {}] });
    expect(searched).not.toHaveProperty("operand");
  });

  it("parses subquery forms", () => {
    expect(expr("EXISTS (SELECT 1)")).toMatchObject({ kind: "exists", query: { kind: "select" } });
    expect(expr("(SELECT MAX(a) FROM t)")).toMatchObject({ kind: "subquery" });
    expect(expr("a IN (SELECT b FROM t)")).toMatchObject({ kind: "in-subquery", not: false });
    expect(expr("a NOT IN (SELECT b FROM t)")).toMatchObject({ kind: "in-subquery", not: true });
    expect(expr("a > ALL (SELECT b FROM t)")).toMatchObject({
      kind: "quantified-comparison", operator: ">", quantifier: "all" });
    expect(expr("a = SOME (SELECT b FROM t)")).toMatchObject({
      kind: "quantified-comparison", quantifier: "any" });
    expect(expr("ROW(1, 2) = (SELECT a, b FROM t)")).toMatchObject({ kind: "binary",
      left: { kind: "row", explicitRow: true }, right: { kind: "subquery" } });
  });

  it("parses aggregates and window calls", () => {
    expect(expr("GROUP_CONCAT(DISTINCT a ORDER BY a DESC SEPARATOR ';')")).toMatchObject({
      kind: "aggregate", name: "GROUP_CONCAT", distinct: true, separator: ";",
      orderBy: [{ direction: "desc" }] });
    expect(expr("SUM(DISTINCT x)")).toMatchObject({ kind: "aggregate", name: "SUM",
      distinct: true });
    expect(expr("ROW_NUMBER() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING " +
      "AND CURRENT ROW)")).toMatchObject({ kind: "function-call", name: "ROW_NUMBER",
      over: { partitionBy: [{ kind: "column" }], orderBy: [{ direction: "asc" }],
        frame: { unit: "rows", start: { type: "unbounded-preceding" },
          end: { type: "current-row" } } } });
    expect(expr("SUM(a) OVER w")).toMatchObject({ kind: "aggregate",
      over: { name: { name: "w" } } });
    expect(expr("JSON_OBJECTAGG(k, v)")).toMatchObject({ kind: "aggregate", args: [{}, {}] });
    expect(expr("DATE_ADD(d, INTERVAL 1 DAY)")).toMatchObject({ kind: "function-call",
      name: "DATE_ADD", args: [{ kind: "column" }, { kind: "interval", unit: "day" }] });
    expect(expr("a MEMBER OF ('[1]')")).toMatchObject({ kind: "member-of" });
    expect(expr("DEFAULT")).toEqual({ kind: "default" });
    expect(expr("INTERVAL(5, 1, 10)")).toMatchObject({ kind: "function-call", name: "INTERVAL",
      args: [{ value: 5 }, { value: 1 }, { value: 10 }] });
    expect(expr("INTERVAL (1) DAY")).toMatchObject({ kind: "interval", unit: "day" });
  });
});
