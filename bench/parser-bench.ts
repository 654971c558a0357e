/**
 * Parser micro-benchmark: µs per statement for our hand-written parser and, when installed,
 * node-sql-parser (the library we decided against; see docs/decisions.md). The statements are
 * sysbench oltp_* statements with literal values, as a client without server-side prepare
 * sends them, plus the `?` forms our prepared-statement path parses.
 *
 * Run: node_modules/.bin/bun bench/parser-bench.ts
 * node-sql-parser is not a dependency; to compare, install it temporarily:
 *   npm install --no-save node-sql-parser
 * Without it the comparison column says "not installed".
 */

import { parse } from "../src/sql/parser/parser.ts";
import { systemClock } from "../src/util/clock.ts";

interface Case {
  readonly name: string;
  readonly sql: string;
}

const cases: readonly Case[] = [
  { name: "point select (?)", sql: "SELECT c FROM sbtest1 WHERE id=?" },
  { name: "point select", sql: "SELECT c FROM sbtest1 WHERE id=5021" },
  { name: "range", sql: "SELECT c FROM sbtest1 WHERE id BETWEEN 4900 AND 4999" },
  { name: "sum range", sql: "SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 4900 AND 4999" },
  { name: "order range", sql: "SELECT c FROM sbtest1 WHERE id BETWEEN 4900 AND 4999 ORDER BY c" },
  {
    name: "distinct range",
    sql: "SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 4900 AND 4999 ORDER BY c",
  },
  { name: "update index", sql: "UPDATE sbtest1 SET k=k+1 WHERE id=5021" },
  {
    name: "update non-index",
    sql: "UPDATE sbtest1 SET c='83868641912-28773972837-60736120486-75162659906' WHERE id=5021",
  },
  { name: "delete", sql: "DELETE FROM sbtest1 WHERE id=5021" },
  {
    name: "insert",
    sql: "INSERT INTO sbtest1 (id, k, c, pad) VALUES (5021, 4993, " +
      "'83868641912-28773972837-60736120486-75162659906-27563526494-20381887404-41576422241-" +
      "93426793964-56405065102-33518432330', " +
      "'67847967377-48000963322-62604785301-91415491898-96926520291')",
  },
  // What clients send at connect; node-sql-parser rejected these when we evaluated it.
  { name: "set names", sql: "SET NAMES utf8mb4" },
  { name: "show variables", sql: "SHOW VARIABLES LIKE 'lower_case%'" },
];

type ParseFunction = (sql: string) => unknown;

/** node-sql-parser's MySQL parser, or undefined when the package is not installed. */
async function loadNodeSqlParser(): Promise<ParseFunction | undefined> {
  try {
    const module = (await import("node-sql-parser" as string)) as {
      Parser?: new () => { astify(sql: string, options: object): unknown };
      default?: { Parser: new () => { astify(sql: string, options: object): unknown } };
    };
    const ParserClass = module.Parser ?? module.default?.Parser;
    if (ParserClass === undefined) return undefined;
    const parser = new ParserClass();
    return (sql) => parser.astify(sql, { database: "MySQL" });
  } catch {
    return undefined;
  }
}

/**
 * µs per call: the fastest of many short timed rounds (~2 ms each). Short rounds often run
 * without being preempted, so the minimum is the least disturbed by other load on the machine.
 */
function measure(parseFunction: ParseFunction, sql: string, budgetMs: number): number {
  const rounds = 60;
  const roundMs = 2;
  // Warm up so the JIT has compiled the hot paths, and calibrate the calls per round.
  const warmupMs = budgetMs / 4;
  const warmupStart = systemClock.monotonicMs();
  let warmupCalls = 0;
  while (systemClock.monotonicMs() - warmupStart < warmupMs) {
    parseFunction(sql);
    warmupCalls++;
  }
  const callsPerRound = Math.max(1, Math.round((warmupCalls * roundMs) / warmupMs));
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const start = systemClock.monotonicMs();
    for (let index = 0; index < callsPerRound; index++) parseFunction(sql);
    best = Math.min(best, ((systemClock.monotonicMs() - start) * 1000) / callsPerRound);
  }
  return best;
}

function tryMeasure(parseFunction: ParseFunction, sql: string): string {
  try {
    parseFunction(sql);
  } catch {
    return "rejects";
  }
  return measure(parseFunction, sql, 400).toFixed(2);
}

async function main(): Promise<void> {
  const other = await loadNodeSqlParser();
  // All of ours first, then theirs: node-sql-parser leaves a lot of garbage behind, and its
  // collection must not land in our rounds (Bun.gc before each case settles the heap).
  const ours = cases.map(({ sql }) => settledMeasure(parse, sql));
  const theirs = cases.map(({ sql }) =>
    other === undefined ? "not installed" : settledMeasure(other, sql));
  const rows: string[][] = [["statement", "ours µs", "node-sql-parser µs"]];
  cases.forEach(({ name }, index) => rows.push([name, ours[index]!, theirs[index]!]));
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
  }
  if (other === undefined) {
    console.log(
      "\nnode-sql-parser is not installed; `npm install --no-save node-sql-parser` to compare.",
    );
  }
}

function settledMeasure(parseFunction: ParseFunction, sql: string): string {
  Bun.gc(true);
  return tryMeasure(parseFunction, sql);
}

await main();
