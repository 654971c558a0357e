/**
 * Durability under sysbench load (issue 3's acceptance run): prepare sysbench tables, run
 * oltp_read_write, checksum every table, stop the server cleanly, start it again on the same
 * datadir, checksum again, and compare. Reports errors, TPS, the server's resident memory (peak
 * and at the end) against the configured block cache, and the time to become ready after the
 * restart. Exits 1 on any difference or sysbench error.
 *
 *   bun scripts/sysbench-restart-check.ts [--tables=4] [--size=100000] [--threads=16]
 *     [--time=60] [--block-cache=128M] [--kill]      (--kill: SIGKILL instead of a clean stop)
 *     [--s3] [--empty-datadir] [--durability=local|object_store] [--s3-faults=0.05]
 *
 * --s3 starts the S3-compatible test server (test/support/s3-server) on loopback and runs the
 * server against it; --empty-datadir restarts on a new, empty datadir (issue 4: a fresh node
 * boots from the bucket alone); --s3-faults makes that fraction of S3 calls fail with 503 (plus
 * 2 ms of latency) during the run. Set WESQL_TEST_BINARY=dist/wesql to check the binary.
 */

import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { runTool } from "../test/support/run-tool.ts";
import { startS3TestServer, type S3TestServer } from "../test/support/s3-server/s3-test-server.ts";
import { startServer, type ServerProcess } from "../test/support/server-process.ts";

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  const arg = process.argv.find((a) => a.startsWith(prefix));
  return arg === undefined ? fallback : arg.slice(prefix.length);
}

const tables = Number(option("tables", "4"));
const size = Number(option("size", "100000"));
const threads = Number(option("threads", "16"));
const seconds = Number(option("time", "60"));
const blockCache = option("block-cache", "128M");
const kill = process.argv.includes("--kill");
const useS3 = process.argv.includes("--s3");
const emptyDatadir = process.argv.includes("--empty-datadir");
const durability = option("durability", "local");
const s3Faults = Number(option("s3-faults", "0"));
const serverArgs = [`--smartengine-block-cache-size=${blockCache}`, `--commit-durability=${durability}`];
const s3Bucket = "wesql-check";
const s3Env = { WESQL_OBJECTSTORE_ACCESS_KEY: "check", WESQL_OBJECTSTORE_SECRET_KEY: "check-secret" };

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc. */
function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
    return match === null ? Number.NaN : Math.round(Number(match[1]) / 1024);
  };
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

function sysbenchArgs(port: number): string[] {
  return [
    "--db-driver=mysql",
    "--mysql-host=127.0.0.1",
    `--mysql-port=${port}`,
    "--mysql-user=root",
    "--mysql-db=sbtest",
    `--tables=${tables}`,
    `--table-size=${size}`,
  ];
}

async function sysbench(port: number, args: readonly string[]): Promise<string> {
  const result = await runTool("sysbench", [args[0]!, ...sysbenchArgs(port), ...args.slice(1)], {
    timeoutMs: (seconds + 1200) * 1000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.code !== 0 || /FATAL/.test(output)) {
    throw new Error(`sysbench ${args.join(" ")} failed (exit ${result.code}):\n${output}`);
  }
  return output;
}

/** A SHA-256 over every row of every table in primary key order, per table. */
async function checksums(port: number): Promise<string[]> {
  const connection = await mysql.createConnection({ host: "127.0.0.1", port, user: "root" });
  try {
    const sums: string[] = [];
    for (let t = 1; t <= tables; t++) {
      const hash = createHash("sha256");
      const [rows] = await connection.query({
        sql: `SELECT id, k, c, pad FROM sbtest.sbtest${t} ORDER BY id`,
        rowsAsArray: true,
      });
      let count = 0;
      for (const row of rows as unknown[][]) {
        hash.update(`${row.join("\u0001")}\n`);
        count++;
      }
      sums.push(`sbtest${t}: ${count} rows ${hash.digest("hex").slice(0, 16)}`);
    }
    return sums;
  } finally {
    await connection.end();
  }
}

/** The storage's own memory accounting, from SHOW GLOBAL STATUS, in MiB. */
async function storageFigures(port: number): Promise<string> {
  const connection = await mysql.createConnection({ host: "127.0.0.1", port, user: "root" });
  try {
    const [rows] = await connection.query({ sql: "SHOW GLOBAL STATUS", rowsAsArray: true });
    const status = new Map((rows as [string, string][]).map(([name, value]) => [name, value]));
    const mib = (name: string): string => (Number(status.get(name) ?? NaN) / 1048576).toFixed(1);
    return (
      `block cache ${mib("Smartengine_block_cache_usage_bytes")} of ` +
      `${mib("Smartengine_block_cache_capacity_bytes")} MiB, memtable ` +
      `${mib("Smartengine_memtable_bytes")} MiB (+${status.get("Smartengine_immutable_memtables")} ` +
      `immutable), JS heap used ${mib("Wesql_js_heap_used_bytes")} MiB, ` +
      `flushes ${status.get("Smartengine_flushes")}, compactions ` +
      `${status.get("Smartengine_compactions")}, commit groups ${status.get("Binlog_commit_groups")} ` +
      `for ${status.get("Binlog_commits")} commits`
    );
  } finally {
    await connection.end();
  }
}

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await work();
  const ms = Number((process.hrtime.bigint() - start) / 1_000_000n);
  console.log(`${what}: ${(ms / 1000).toFixed(1)} s`);
  return result;
}

const datadir = mkdtempSync(join(tmpdir(), "wesql-restart-check-"));
const freshDatadir = mkdtempSync(join(tmpdir(), "wesql-restart-check-fresh-"));
let server: ServerProcess | undefined;
let s3: S3TestServer | undefined;
try {
  console.log(
    `tables=${tables} size=${size} threads=${threads} time=${seconds}s ` +
      `block_cache=${blockCache} durability=${durability} restart=${kill ? "SIGKILL" : "clean stop"}` +
      `${useS3 ? " store=S3 test server" : ""}${emptyDatadir ? " on an empty datadir" : ""}` +
      `${s3Faults > 0 ? ` s3_faults=${s3Faults}` : ""}`,
  );
  if (useS3) {
    s3 = await startS3TestServer({ buckets: [s3Bucket] });
    serverArgs.push(
      "--objectstore-provider=minio",
      `--objectstore-endpoint=${s3.url}`,
      `--objectstore-bucket=${s3Bucket}`,
    );
  }
  const env = useS3 ? s3Env : {};
  server = await startServer({ datadir, args: serverArgs, env });
  const port = server.port;
  const admin = await mysql.createConnection({ host: "127.0.0.1", port, user: "root" });
  await admin.query("CREATE DATABASE sbtest");
  await admin.end();
  await timed("prepare", () => sysbench(port, ["oltp_read_write", `--threads=${tables}`, "prepare"]));
  if (s3 !== undefined && s3Faults > 0) s3.setFaults({ failureRate: s3Faults, latencyMs: 2, seed: 7 });
  const output = await timed("run", () =>
    sysbench(port, [
      "oltp_read_write",
      `--threads=${threads}`,
      `--time=${seconds}`,
      "--report-interval=10",
      "run",
    ]),
  );
  const tps = /transactions:\s+\d+\s+\(([\d.]+) per sec/.exec(output)?.[1] ?? "?";
  const errors = /ignored errors:\s+(\d+)/.exec(output)?.[1] ?? "?";
  const p95 = /95th percentile:\s+([\d.]+)/.exec(output)?.[1] ?? "?";
  const memory = memoryMiB(server.pid);
  console.log(`oltp_read_write: ${tps} tps, p95 ${p95} ms, ignored errors ${errors}`);
  console.log(`server memory: rss ${memory.rss} MiB, peak ${memory.peak} MiB`);
  console.log(`storage: ${await storageFigures(port)}`);
  s3?.setFaults({});
  if (s3 !== undefined) console.log(`S3 requests: ${JSON.stringify(s3.stats())}`);
  const before = await timed("checksum", () => checksums(port));
  if (kill) {
    server.kill("SIGKILL");
    await server.waitForExit();
  } else {
    await server.stop();
  }
  const restartDir = emptyDatadir ? freshDatadir : datadir;
  server = await timed("restart to ready", () =>
    startServer({ datadir: restartDir, port, args: serverArgs, env }),
  );
  const after = await checksums(port);
  for (const line of before) console.log(`  before ${line}`);
  const same = before.length === after.length && before.every((line, i) => line === after[i]);
  if (!same) {
    for (const line of after) console.log(`  after  ${line}`);
    throw new Error("table contents changed across the restart");
  }
  if (errors !== "0") throw new Error(`sysbench reported ${errors} errors`);
  console.log("ok: contents identical after restart, 0 errors");
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  if (server !== undefined) console.error(server.stderr().slice(-4000));
  process.exitCode = 1;
} finally {
  await server?.stop();
  await s3?.stop();
  rmSync(datadir, { recursive: true, force: true });
  rmSync(freshDatadir, { recursive: true, force: true });
}
