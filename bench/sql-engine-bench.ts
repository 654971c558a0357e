/**
 * SQL engine micro-benchmark: the sysbench OLTP statements run straight against SqlEngine +
 * MemoryCatalog (no network, no protocol), prepared and as text, reporting statements/s and
 * µs/statement (wall and process CPU). Run: `node_modules/.bin/bun bench/sql-engine-bench.ts [rows] [seconds-per-case]`.
 */

import { SqlEngine } from "../src/sql/sql-engine.ts";
import { MemoryCatalog } from "../src/sql/memory/memory-catalog.ts";
import { systemClock } from "../src/util/clock.ts";
import { SeededRandom } from "../src/util/random.ts";
import type { SqlValue } from "../src/sql/types/value.ts";

const rowCount = Number(process.argv[2] ?? 10_000);
const secondsPerCase = Number(process.argv[3] ?? 1);
const random = new SeededRandom(42);

const catalog = new MemoryCatalog({ clock: systemClock });
const engine = new SqlEngine({ catalog, clock: systemClock });
const session = engine.openSession({ connectionId: 1, user: "root", host: "localhost", database: undefined, collationId: 255 });

async function run(sql: string): Promise<void> {
  const results = await engine.query(session, sql, false);
  const last = results[results.length - 1];
  if (last?.kind === "error") throw new Error(`${sql}: ${last.error.message}`);
}

function text(length: number): string {
  let out = "";
  while (out.length < length) out += `${random.nextInt(100_000_000_000)}-`;
  return out.slice(0, length);
}

await run("CREATE DATABASE sbtest");
await run("USE sbtest");
await run(
  "CREATE TABLE sbtest1 (id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT NULL, " +
    "c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id)) ENGINE = innodb",
);
for (let start = 1; start <= rowCount; start += 1000) {
  const values: string[] = [];
  for (let id = start; id < Math.min(start + 1000, rowCount + 1); id++) {
    values.push(`(${id}, ${random.nextInt(rowCount)}, '${text(119)}', '${text(59)}')`);
  }
  await run(`INSERT INTO sbtest1 (id, k, c, pad) VALUES ${values.join(",")}`);
}
await run("CREATE INDEX k_1 ON sbtest1 (k)");

const randomId = (): number => 1 + random.nextInt(rowCount);

interface Case {
  readonly name: string;
  step(): Promise<void>;
}

function prepared(sql: string, params: () => SqlValue[]): Case {
  const statement = engine.prepare(session, sql);
  return {
    name: `prepared  ${sql}`,
    async step() {
      const result = await engine.execute(session, statement, params());
      if (result.kind === "error") throw new Error(result.error.message);
    },
  };
}

function textual(label: string, sql: () => string): Case {
  return {
    name: `text      ${label}`,
    async step() {
      const results = await engine.query(session, sql(), false);
      if (results[0]?.kind === "error") throw new Error(results[0].error.message);
    },
  };
}

let nextInsertId = rowCount + 1;
const cases: Case[] = [
  prepared("SELECT c FROM sbtest1 WHERE id=?", () => [randomId()]),
  textual("SELECT c FROM sbtest1 WHERE id=<n>", () => `SELECT c FROM sbtest1 WHERE id=${randomId()}`),
  prepared("SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ?", () => { const a = randomId(); return [a, a + 99]; }),
  prepared("SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN ? AND ?", () => { const a = randomId(); return [a, a + 99]; }),
  prepared("SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c", () => { const a = randomId(); return [a, a + 99]; }),
  prepared("SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c", () => { const a = randomId(); return [a, a + 99]; }),
  prepared("UPDATE sbtest1 SET k=k+1 WHERE id=?", () => [randomId()]),
  prepared("UPDATE sbtest1 SET c=? WHERE id=?", () => [text(119), randomId()]),
  {
    name: "prepared  DELETE + INSERT (sysbench pair)",
    step: (() => {
      const remove = engine.prepare(session, "DELETE FROM sbtest1 WHERE id=?");
      const insert = engine.prepare(session, "INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)");
      return async () => {
        const id = nextInsertId++;
        await engine.execute(session, insert, [id, randomId(), text(119), text(59)]);
        const result = await engine.execute(session, remove, [id]);
        if (result.kind === "error") throw new Error(result.error.message);
      };
    })(),
  },
  textual("INSERT … VALUES (<n>, <n>, '<c>', '<pad>') (oltp_insert)", () =>
    `INSERT INTO sbtest1 (id, k, c, pad) VALUES (${nextInsertId++}, ${randomId()}, '${text(119)}', '${text(59)}')`,
  ),
  textual("BEGIN; point select; COMMIT (3 statements)", () => "BEGIN"),
];

/** Process CPU microseconds (user + system): steadier than wall time on a shared machine. */
function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

async function measure(benchCase: Case): Promise<void> {
  for (let warm = 0; warm < 200; warm++) await benchCase.step();
  const started = systemClock.monotonicMs();
  const cpuStarted = cpuMicros();
  let count = 0;
  while (systemClock.monotonicMs() - started < secondsPerCase * 1000) {
    for (let batch = 0; batch < 100; batch++) await benchCase.step();
    count += 100;
  }
  const elapsedMs = systemClock.monotonicMs() - started;
  const cpuPerStatement = (cpuMicros() - cpuStarted) / count;
  const perSecond = (count / elapsedMs) * 1000;
  console.log(
    `${benchCase.name.padEnd(78)} ${perSecond.toFixed(0).padStart(9)} stmt/s ` +
      `${((elapsedMs * 1000) / count).toFixed(2).padStart(8)} µs ${cpuPerStatement.toFixed(2).padStart(8)} µs CPU`,
  );
}

const transactionCase: Case = {
  name: "text      BEGIN / SELECT c … WHERE id=<n> / COMMIT (per statement)",
  async step() {
    await run("BEGIN");
    await run(`SELECT c FROM sbtest1 WHERE id=${randomId()}`);
    await run("COMMIT");
  },
};
cases[cases.length - 1] = transactionCase;

console.log(`sbtest1 with ${rowCount} rows, ${secondsPerCase}s per case`);
for (const benchCase of cases) await measure(benchCase);
