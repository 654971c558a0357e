/**
 * sysbench 1.0.20 OLTP workloads against a started WeSQL-TS server (or WESQL_COMPAT_TARGET):
 * prepare 4 tables x 10 000 rows, run oltp_read_write and oltp_point_select with 8 threads in
 * both prepared-statement modes, then cleanup. A run passes when sysbench exits 0 with no
 * reconnects and at least one transaction.
 *
 * Errors: only ER_LOCK_DEADLOCK (1213) may be retried (`--mysql-ignore-errors=1213`); any other
 * error, 1205 included (a lock wait cannot reach the 50 s timeout in a 10 s run unless a lock
 * leaked), aborts the run. Deadlocks themselves are a legitimate outcome of oltp_read_write's
 * random row order (two transactions updating and deleting the same rows in opposite orders; InnoDB
 * reports them too), so a read-write run may retry up to `deadlockRetryFractionMax` of its
 * transactions; a read-only run must have none. WESQL_SYSBENCH_TIME sets the seconds per run
 * (default 10).
 */

import mysql from "mysql2/promise";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type CompatTarget,
  printServerLogOnFailure,
  startCompatTarget,
} from "../support/compat-target.ts";
import { describeRun, requireTools, runTool, type ToolResult } from "../support/run-tool.ts";

const runSeconds = Number(process.env["WESQL_SYSBENCH_TIME"] ?? "10");
const threads = 8;
/** Share of read-write transactions that may be retried after a deadlock (measured: ~1/8000). */
const deadlockRetryFractionMax = 0.005;
let target: CompatTarget;

function sysbenchArgs(): string[] {
  return [
    "--db-driver=mysql",
    `--mysql-host=${target.host}`,
    `--mysql-port=${target.port}`,
    `--mysql-user=${target.user}`,
    `--mysql-password=${target.password}`,
    "--mysql-db=sbtest",
    "--tables=4",
    "--table-size=10000",
  ];
}

async function sysbench(args: readonly string[], timeoutMs: number): Promise<ToolResult> {
  return await runTool("sysbench", [...args.slice(0, 1), ...sysbenchArgs(), ...args.slice(1)], {
    timeoutMs,
  });
}

interface RunSummary {
  readonly transactions: number;
  readonly ignoredErrors: number;
  readonly reconnects: number;
}

/** Parses sysbench's "SQL statistics" block; NaN for a missing figure. */
function parseSummary(output: string): RunSummary {
  const figure = (label: string): number => {
    const match = new RegExp(`^\\s*${label}:\\s+(\\d+)`, "m").exec(output);
    return match === null ? Number.NaN : Number(match[1]);
  };
  return {
    transactions: figure("transactions"),
    ignoredErrors: figure("ignored errors"),
    reconnects: figure("reconnects"),
  };
}

function expectSuccess(result: ToolResult): void {
  const context = `sysbench ${describeRun(result, 40)}`;
  expect(result.code, context).toBe(0);
  expect(`${result.stdout}\n${result.stderr}`, context).not.toMatch(/FATAL|error/i);
}

function expectCleanRun(result: ToolResult, readOnly: boolean): void {
  const context = `sysbench ${describeRun(result, 40)}`;
  expect(result.code, context).toBe(0);
  const summary = parseSummary(result.stdout);
  const retriesMax = readOnly ? 0 : Math.floor(summary.transactions * deadlockRetryFractionMax);
  expect(summary.ignoredErrors, context).toBeLessThanOrEqual(retriesMax);
  expect(summary.reconnects, context).toBe(0);
  expect(summary.transactions, context).toBeGreaterThan(0);
}

beforeAll(async () => {
  requireTools("sysbench");
  target = await startCompatTarget();
  const conn = await mysql.createConnection(target.connectionOptions());
  try {
    await conn.query("DROP DATABASE IF EXISTS sbtest");
    await conn.query("CREATE DATABASE sbtest");
  } finally {
    await conn.end();
  }
});

afterEach((context) => printServerLogOnFailure(target, context));

afterAll(async () => {
  await target?.stop();
});

describe("sysbench", () => {
  it("prepares 4 tables x 10000 rows", async () => {
    expectSuccess(await sysbench(["oltp_read_write", "--threads=4", "prepare"], 120_000));
    const conn = await mysql.createConnection(target.connectionOptions({ database: "sbtest" }));
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT COUNT(*) AS n FROM sbtest4");
      expect(Number(rows[0]?.["n"])).toBe(10_000);
    } finally {
      await conn.end();
    }
  }, 150_000);

  for (const psMode of ["auto", "disable"] as const) {
    for (const workload of ["oltp_read_write", "oltp_point_select"] as const) {
      it(
        `runs ${workload} with --db-ps-mode=${psMode}`,
        async () => {
          const result = await sysbench(
            [
              workload,
              `--db-ps-mode=${psMode}`,
              `--threads=${threads}`,
              `--time=${runSeconds}`,
              "--events=0",
              "--percentile=95",
              "--mysql-ignore-errors=1213",
              "run",
            ],
            (runSeconds + 60) * 1000,
          );
          expectCleanRun(result, workload === "oltp_point_select");
        },
        (runSeconds + 90) * 1000,
      );
    }
  }

  it("cleans up", async () => {
    expectSuccess(await sysbench(["oltp_read_write", "cleanup"], 60_000));
    const conn = await mysql.createConnection(target.connectionOptions({ database: "sbtest" }));
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>("SHOW TABLES");
      expect(rows).toEqual([]);
    } finally {
      await conn.end();
    }
  }, 90_000);
});
