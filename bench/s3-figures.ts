/**
 * Issue 4's figures ("All state in S3"), measured with the compiled binary against the
 * S3-compatible test server (test/support/s3-server) on loopback:
 *
 *   1. boot: wall time from spawning a server on an EMPTY datadir to the first answered point
 *      query, for sysbench tables of --size-gb, and the GETs and bytes that boot fetched;
 *   2. S3 PUTs and GETs per 1,000 commits at steady load (oltp_write_only and oltp_insert, 16
 *      threads), with commit_durability=local and =object_store, PUTs split by key prefix;
 *   3. S3 API calls per minute when idle, after the binlog archive drained;
 *   4. bytes in the bucket against a throwaway MariaDB's datadir holding the same tables.
 *
 *   bun bench/s3-figures.ts [--size-gb=1] [--quick] [--tables=4] [--threads=16]
 *     [--run-seconds=30] [--idle-seconds=60] [--skip-mariadb] [--bucket-dir=D] [--boot-only]
 *
 * --quick means --size-gb=0.2, --run-seconds=10, --idle-seconds=20 (per-minute figures are
 * scaled). Requests are counted at the test server per operation kind and per key prefix (its
 * optional `keyClass` counter: binlog/, binlog/index/, sst/, manifest/, WRITER_EPOCH, the
 * start-up probe); bucket bytes come from listing the bucket, and the bench's own LISTs are
 * subtracted from the counts.
 *
 * --bucket-dir=D keeps the test server's bucket in D (on disk) and, when D already holds a load
 * of the same size (D/loaded.json, written after a load), skips the load: boot figures can be
 * measured again in a minute instead of a ten-minute load. --boot-only stops after the boot
 * figure (and its full-scan check); the bucket in D is then left as the load made it except for
 * what the boot itself wrote.
 *
 * Invariants: every process (servers, MariaDB) and temp dir the script starts is stopped and
 * removed in `finally`, also on failure; the binary is copied first, so a concurrent
 * `npm run build` cannot swap it mid-run.
 */

import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { runTool } from "../test/support/run-tool.ts";
import {
  type S3TestServer,
  type S3TestServerStats,
  startS3TestServer,
} from "../test/support/s3-server/s3-test-server.ts";
import {
  freePort,
  repoRoot,
  type ServerProcess,
  startServer,
} from "../test/support/server-process.ts";

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  const arg = process.argv.find((a) => a.startsWith(prefix));
  return arg === undefined ? fallback : arg.slice(prefix.length);
}

const quick = process.argv.includes("--quick");
const sizeGb = Number(option("size-gb", quick ? "0.2" : "1"));
const tables = Number(option("tables", "4"));
const threads = Number(option("threads", "16"));
const runSeconds = Number(option("run-seconds", quick ? "10" : "30"));
const idleSeconds = Number(option("idle-seconds", quick ? "20" : "60"));
const skipMariadb = process.argv.includes("--skip-mariadb");
const bucketDir = process.argv.find((a) => a.startsWith("--bucket-dir="))?.slice(13);
const bootOnly = process.argv.includes("--boot-only");
/** sysbench's row: INT id, INT k, CHAR(120) c, CHAR(60) pad = 188 bytes of column data. */
const rowBytes = 188;
const tableSize = Math.ceil((sizeGb * 1024 ** 3) / rowBytes / tables);
const bucket = "wesql-figures";
const s3Env = {
  WESQL_OBJECTSTORE_ACCESS_KEY: "bench",
  WESQL_OBJECTSTORE_SECRET_KEY: "bench-secret",
};

const report: string[] = [];
function line(text: string): void {
  console.log(text);
  report.push(text);
}
function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await work();
  console.log(`[${what}: ${(elapsedMs(start) / 1000).toFixed(1)} s]`);
  return result;
}

// ---- The bucket: listing, prefix classes, request counts ----------------------------------

interface Listing {
  readonly sizes: ReadonlyMap<string, number>;
}
type PrefixClass =
  | "binlog"
  | "binlog/index"
  | "sst"
  | "manifest"
  | "WRITER_EPOCH"
  | "probe"
  | "bucket"
  | "other";
const prefixClasses: readonly PrefixClass[] = [
  "binlog",
  "binlog/index",
  "sst",
  "manifest",
  "WRITER_EPOCH",
  "probe",
  "bucket",
  "other",
];

/** Keys are `<repo>/<branch>/<dir>/...` (src/objectstore/object-paths.ts); "bucket" is a
 * bucket-level request (a listing), which names no key. */
function prefixClass(key: string): PrefixClass {
  if (key === "") return "bucket";
  const rest = key.split("/").slice(2).join("/");
  if (rest === "WRITER_EPOCH") return "WRITER_EPOCH";
  // The start-up check that the store honours conditional writes (object-store-stack.ts).
  if (rest.startsWith("probe-")) return "probe";
  if (rest.startsWith("binlog/index/")) return "binlog/index";
  if (rest.startsWith("binlog/")) return "binlog";
  if (rest.startsWith("sst/")) return "sst";
  if (rest.startsWith("manifest/")) return "manifest";
  return "other";
}

let ownListCalls = 0;
async function listBucket(s3: S3TestServer): Promise<Listing> {
  const sizes = new Map<string, number>();
  let token: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ "list-type": "2", "max-keys": "1000" });
    if (token !== undefined) query.set("continuation-token", token);
    ownListCalls++;
    const xml = await (await fetch(`${s3.url}/${bucket}?${query}`)).text();
    for (const match of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
      const body = match[1] ?? "";
      const key = /<Key>([\s\S]*?)<\/Key>/.exec(body)?.[1];
      const size = Number(/<Size>(\d+)<\/Size>/.exec(body)?.[1] ?? "NaN");
      if (key !== undefined) sizes.set(key, size);
    }
    const next = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1];
    if (!/<IsTruncated>true<\/IsTruncated>/.test(xml) || next === undefined) return { sizes };
    token = next;
  }
}

function bytesByClass(listing: Listing): Map<PrefixClass, { objects: number; bytes: number }> {
  const split = new Map(prefixClasses.map((c) => [c, { objects: 0, bytes: 0 }]));
  for (const [key, size] of listing.sizes) {
    const entry = split.get(prefixClass(key))!;
    entry.objects++;
    entry.bytes += size;
  }
  return split;
}

function totalBytes(listing: Listing): number {
  let sum = 0;
  for (const size of listing.sizes.values()) sum += size;
  return sum;
}

interface Counts {
  readonly puts: number;
  readonly gets: number;
  readonly heads: number;
  readonly lists: number;
  readonly deletes: number;
  readonly bytesOut: number;
  readonly bytesIn: number;
  /** Requests per prefix class and S3 operation kind. */
  readonly byClass: ReadonlyMap<string, number>;
}
/** Request counts since start, without the bench's own LISTs. */
function counts(stats: S3TestServerStats): Counts {
  const o = stats.operations;
  return {
    puts: o.putObject.requests,
    gets: o.getObject.requests,
    heads: o.headObject.requests,
    lists: o.listObjects.requests - ownListCalls,
    deletes: o.deleteObject.requests,
    bytesOut: o.getObject.bytesOut,
    bytesIn: o.putObject.bytesIn,
    byClass: new Map(
      Object.entries(stats.requestsByKeyClass ?? {}).flatMap(([name, kinds]) =>
        Object.entries(kinds).map(([kind, n]): [string, number] => [
          `${kind} ${name}`,
          n - (kind === "listObjects" ? ownListCalls : 0),
        ]),
      ),
    ),
  };
}
function minus(a: Counts, b: Counts): Counts {
  return {
    puts: a.puts - b.puts,
    gets: a.gets - b.gets,
    heads: a.heads - b.heads,
    lists: a.lists - b.lists,
    deletes: a.deletes - b.deletes,
    bytesOut: a.bytesOut - b.bytesOut,
    bytesIn: a.bytesIn - b.bytesIn,
    byClass: new Map([...a.byClass].map(([k, n]) => [k, n - (b.byClass.get(k) ?? 0)])),
  };
}

/** "1.00 [binlog 0.98, WRITER_EPOCH 0.02]": a kind's count, scaled, split by prefix class. */
function split(c: Counts, kind: string, scale: (n: number) => string): string {
  let total = 0;
  for (const [k, n] of c.byClass) if (k.startsWith(`${kind} `)) total += n;
  const parts = prefixClasses
    .map((name): [string, number] => [name, c.byClass.get(`${kind} ${name}`) ?? 0])
    .filter(([, n]) => n !== 0)
    .map(([name, n]) => `${name} ${scale(n)}`);
  return parts.length === 0 ? scale(total) : `${scale(total)} [${parts.join(", ")}]`;
}
function allCalls(c: Counts): number {
  return c.puts + c.gets + c.heads + c.lists + c.deletes;
}

// ---- The servers and sysbench -----------------------------------------------------------

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

/** Connection attempts the server dropped or left unanswered (see connect()). */
let droppedConnects = 0;

/**
 * A root connection, retried for up to 120 s: after a large load the server can be busy
 * (flushes, compaction on its one JS thread) long enough for a connection attempt to fail. The
 * bench counts those instead of failing on them.
 */
async function connect(port: number): Promise<mysql.Connection> {
  const start = process.hrtime.bigint();
  for (;;) {
    try {
      return await mysql.createConnection({ host: "127.0.0.1", port, user: "root" });
    } catch (error) {
      droppedConnects++;
      if (elapsedMs(start) > 120_000) throw error;
      await Bun.sleep(500);
    }
  }
}

async function globalStatus(port: number): Promise<Map<string, string>> {
  const connection = await connect(port);
  try {
    const [rows] = await connection.query({ sql: "SHOW GLOBAL STATUS", rowsAsArray: true });
    return new Map(rows as [string, string][]);
  } finally {
    await connection.end();
  }
}

/** Waits until the binlog archive has nothing pending (every commit is in the bucket). */
async function waitArchiveIdle(port: number): Promise<void> {
  const start = process.hrtime.bigint();
  for (;;) {
    const pending = (await globalStatus(port)).get("Binlog_archive_pending_bytes");
    if (pending === "0") return;
    if (elapsedMs(start) > 120_000) throw new Error(`archive still pending ${pending} after 120 s`);
    await Bun.sleep(200);
  }
}

function sysbenchArgs(port: number, user: string, password: string): string[] {
  return [
    "--db-driver=mysql",
    "--mysql-host=127.0.0.1",
    `--mysql-port=${port}`,
    `--mysql-user=${user}`,
    `--mysql-password=${password}`,
    "--mysql-db=sbtest",
    `--tables=${tables}`,
    `--table-size=${tableSize}`,
  ];
}

async function sysbench(connect: readonly string[], workload: string, args: readonly string[]) {
  const result = await runTool("sysbench", [workload, ...connect, ...args], {
    timeoutMs: 3_600_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.code !== 0 || /FATAL/.test(output)) {
    throw new Error(`sysbench ${workload} ${args.join(" ")} failed (${result.code}):\n${output}`);
  }
  return output;
}

function serverArgs(s3: S3TestServer, durability: string): string[] {
  return [
    "--objectstore-provider=minio",
    `--objectstore-endpoint=${s3.url}`,
    `--objectstore-bucket=${bucket}`,
    `--commit-durability=${durability}`,
  ];
}

/** Spawns a server on `datadir`; returns it with the times to "ready" and to the first answer
 * of a point query (retried until it succeeds), both from the spawn. */
async function bootTimed(datadir: string, args: readonly string[]) {
  const port = await freePort();
  const start = process.hrtime.bigint();
  const server = await startServer({ datadir, port, args, env: s3Env });
  const readyMs = elapsedMs(start);
  for (;;) {
    try {
      const connection = await mysql.createConnection({ host: "127.0.0.1", port, user: "root" });
      try {
        const [rows] = await connection.query("SELECT c FROM sbtest.sbtest1 WHERE id = 1");
        if ((rows as unknown[]).length !== 1) throw new Error("row id=1 missing after boot");
      } finally {
        await connection.end();
      }
      return { server, readyMs, firstQueryMs: elapsedMs(start) };
    } catch (error) {
      if (error instanceof Error && error.message.includes("missing")) throw error;
      if (elapsedMs(start) > 120_000) throw error;
      await Bun.sleep(5);
    }
  }
}

// ---- The phases -------------------------------------------------------------------------

interface Context {
  readonly s3: S3TestServer;
  readonly binary: string;
  readonly dirs: string[];
  servers: ServerProcess[];
}

function tempDir(context: Context, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `wesql-s3-figures-${name}-`));
  context.dirs.push(dir);
  return dir;
}

/** Rows per COUNT(*) query: one COUNT(*) over a 1.4-million-row table lost its connection
 * (the server closed it mid-query, twice), so the count goes by primary-key ranges. */
const countChunkRows = 100_000;

async function countRows(port: number): Promise<number> {
  const connection = await connect(port);
  try {
    let rows = 0;
    for (let t = 1; t <= tables; t++) {
      for (let low = 1; ; low += countChunkRows) {
        const [result] = await connection.query(
          `SELECT COUNT(*) AS n FROM sbtest.sbtest${t} WHERE id >= ? AND id < ?`,
          [low, low + countChunkRows],
        );
        const n = Number((result as { n: number | string }[])[0]?.n);
        rows += n;
        if (n === 0 && low > tableSize) break;
      }
    }
    return rows;
  } finally {
    await connection.end();
  }
}

/** Loads the tables through a first server, stops it cleanly; returns the listing. */
async function loadPhase(context: Context): Promise<{ listing: Listing; rows: number }> {
  const server = await startServer({
    datadir: tempDir(context, "load"),
    args: serverArgs(context.s3, "local"),
    env: s3Env,
  });
  context.servers.push(server);
  const admin = await connect(server.port);
  await admin.query("CREATE DATABASE sbtest");
  await admin.end();
  const start = process.hrtime.bigint();
  await sysbench(sysbenchArgs(server.port, "root", ""), "oltp_common", [
    `--threads=${tables}`,
    "prepare",
  ]);
  const prepareS = elapsedMs(start) / 1000;
  console.log(`[prepare: ${prepareS.toFixed(0)} s]`);
  await timed("archive drain after prepare", () => waitArchiveIdle(server.port));
  const rows = await timed("count rows", () => countRows(server.port));
  await timed("clean stop", () => server.stop());
  const listing = await listBucket(context.s3);
  line(`load: ${tables} tables x ${tableSize} rows = ${rows} rows counted, sysbench prepare ` +
    `${prepareS.toFixed(0)} s (${(rows / prepareS).toFixed(0)} rows/s), bucket ` +
    `${mib(totalBytes(listing))} MiB in ${listing.sizes.size} objects`);
  return { listing, rows };
}

/** Reads every row once on the booted node: checks nothing is missing, and warms its cache so
 * the steady-load runs after it measure a warm node, not cache misses. */
async function warmUp(context: Context, server: ServerProcess, loadedRows: number) {
  const before = counts(context.s3.stats());
  const start = process.hrtime.bigint();
  const rows = await countRows(server.port);
  const used = minus(counts(context.s3.stats()), before);
  if (rows !== loadedRows) throw new Error(`booted node has ${rows} rows, loaded ${loadedRows}`);
  line(`   then a full scan on the booted node: ${rows} rows (= loaded) in ` +
    `${(elapsedMs(start) / 1000).toFixed(1)} s, GET ${used.gets} = ${mib(used.bytesOut)} MiB`);
}

async function bootPhase(context: Context, datadir: string): Promise<ServerProcess> {
  const before = counts(context.s3.stats());
  const boot = await bootTimed(datadir, serverArgs(context.s3, "local"));
  context.servers.push(boot.server);
  const used = minus(counts(context.s3.stats()), before);
  line(`1. boot on an empty datadir: ready ${(boot.readyMs / 1000).toFixed(2)} s, first point ` +
    `query answered ${(boot.firstQueryMs / 1000).toFixed(2)} s after spawn (target <= 2 s); ` +
    `GET ${split(used, "getObject", String)} = ${mib(used.bytesOut)} MiB, HEAD ${used.heads}, ` +
    `LIST ${used.lists}, PUT ${split(used, "putObject", String)} during boot`);
  // The server's own account of where boot time went (durable-storage.ts logs each step).
  for (const text of boot.server.stderr().split("\n")) {
    if (/manifest loaded|binlog restore: done|recovery complete/.test(text)) {
      line(`   server: ${text.replace(/^\S+ INFO /, "").slice(0, 160)}`);
    }
  }
  return boot.server;
}

/** One sysbench run at steady load; S3 calls per 1,000 commits, split by key prefix. */
async function steadyRun(context: Context, server: ServerProcess, mode: string, workload: string) {
  const before = counts(context.s3.stats());
  const commitsBefore = Number((await globalStatus(server.port)).get("Binlog_commits"));
  const output = await sysbench(sysbenchArgs(server.port, "root", ""), workload, [
    `--threads=${threads}`,
    `--time=${runSeconds}`,
    "run",
  ]);
  const commits = Number((await globalStatus(server.port)).get("Binlog_commits")) - commitsBefore;
  const used = minus(counts(context.s3.stats()), before);
  const tps = /transactions:\s+\d+\s+\(([\d.]+) per sec/.exec(output)?.[1] ?? "?";
  const errors = /ignored errors:\s+(\d+)/.exec(output)?.[1] ?? "?";
  const per1000 = (n: number): string => ((n * 1000) / commits).toFixed(2);
  line(`2. ${mode} ${workload}: ${commits} commits in ${runSeconds} s ` +
    `(${(commits / runSeconds).toFixed(0)}/s; sysbench ${tps} tps, ${errors} errors); ` +
    `per 1,000 commits: PUT ${split(used, "putObject", per1000)}, ` +
    `GET ${split(used, "getObject", per1000)}, HEAD ${split(used, "headObject", per1000)}, ` +
    `LIST ${per1000(used.lists)}, DELETE ${split(used, "deleteObject", per1000)}; ` +
    `${mib(used.bytesIn)} MiB PUT, ${mib(used.bytesOut)} MiB GET`);
}

/**
 * Waits until no flush or compaction has finished for `quietMs`: after a write run the engine
 * may still be paying compaction debt (SST PUTs, manifest PUTs, deletions), which is background
 * work, not idle polling.
 */
async function waitCompactionsSettled(port: number, quietMs = 10_000): Promise<void> {
  const start = process.hrtime.bigint();
  const work = async (): Promise<string> => {
    const status = await globalStatus(port);
    return `${status.get("Smartengine_flushes")}/${status.get("Smartengine_compactions")}`;
  };
  let last = await work();
  let since = process.hrtime.bigint();
  for (;;) {
    await Bun.sleep(1000);
    const now = await work();
    if (now !== last) {
      last = now;
      since = process.hrtime.bigint();
    } else if (elapsedMs(since) >= quietMs) {
      return;
    }
    if (elapsedMs(start) > 600_000) throw new Error("flushes/compactions still running after 600 s");
  }
}

async function idlePhase(context: Context, server: ServerProcess): Promise<void> {
  await timed("archive drain", () => waitArchiveIdle(server.port));
  await timed("compactions settle", () => waitCompactionsSettled(server.port));
  const before = counts(context.s3.stats());
  await Bun.sleep(idleSeconds * 1000);
  const used = minus(counts(context.s3.stats()), before);
  const perMinute = (allCalls(used) * 60) / idleSeconds;
  line(`3. idle: ${allCalls(used)} S3 calls in ${idleSeconds} s = ${perMinute.toFixed(1)}/min ` +
    `(target <= 1): PUT ${split(used, "putObject", String)}, GET ` +
    `${split(used, "getObject", String)}, HEAD ${used.heads}, LIST ${used.lists}, DELETE ` +
    `${split(used, "deleteObject", String)}`);
}

function duBytes(path: string): number {
  const walk = (p: string): number => {
    const stat = statSync(p);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(p).reduce((sum, name) => sum + walk(join(p, name)), stat.size);
  };
  return walk(path);
}

/** Prepares the same tables in a throwaway MariaDB (the shared bench kit), stops it cleanly so
 * every page is on disk, and measures its files; returns the line for the table. */
async function mariadbPhase(context: Context, bucketBytes: number): Promise<void> {
  const kit = join(repoRoot, "../shared/bench/mariadb.sh");
  const port = await freePort();
  const base = tempDir(context, "mariadb");
  const env = { ...process.env, MDB_PORT: String(port), MDB_BASE: base };
  const kitCall = async (command: string): Promise<void> => {
    const result = Bun.spawnSync(["bash", kit, command], { env, stderr: "pipe", stdout: "pipe" });
    if (result.exitCode !== 0) {
      throw new Error(`mariadb.sh ${command} failed: ${result.stderr.toString()}`);
    }
  };
  try {
    await kitCall("start");
    const start = process.hrtime.bigint();
    await sysbench(sysbenchArgs(port, "sbtest", "sbtest"), "oltp_common", [
      `--threads=${tables}`,
      "prepare",
    ]);
    console.log(`[MariaDB prepare: ${(elapsedMs(start) / 1000).toFixed(0)} s]`);
  } finally {
    await kitCall("stop");
  }
  const tablesBytes = duBytes(join(base, "data/sbtest"));
  const binlogBytes = duBytes(join(base, "binlog"));
  const datadirBytes = duBytes(join(base, "data"));
  const ratio = (n: number): string => (bucketBytes / n).toFixed(2);
  line(`4. MariaDB (same tables, stopped cleanly): sbtest/*.ibd+.frm ${mib(tablesBytes)} MiB + ` +
    `binlogs ${mib(binlogBytes)} MiB = ${mib(tablesBytes + binlogBytes)} MiB -> bucket/that ` +
    `${ratio(tablesBytes + binlogBytes)}x (target <= 0.5x); whole datadir (ibdata1, redo log, ` +
    `undo, system tables) + binlogs ${mib(datadirBytes + binlogBytes)} MiB -> ` +
    `${ratio(datadirBytes + binlogBytes)}x; tables alone ${mib(tablesBytes)} MiB -> ` +
    `${ratio(tablesBytes)}x`);
}

function bucketSplitLine(listing: Listing): string {
  const parts = [...bytesByClass(listing)]
    .filter(([, v]) => v.objects > 0)
    .map(([c, v]) => `${c}/ ${mib(v.bytes)} MiB (${v.objects} objects)`);
  return `   bucket after load: ${mib(totalBytes(listing))} MiB = ${parts.join(", ")}`;
}

/** The load a previous run left in --bucket-dir, when it has this run's table sizes. */
async function reusedLoad(context: Context): Promise<{ listing: Listing; rows: number } | undefined> {
  if (bucketDir === undefined || !existsSync(join(bucketDir, "loaded.json"))) return undefined;
  const saved = JSON.parse(readFileSync(join(bucketDir, "loaded.json"), "utf8")) as {
    tableSize: number; tables: number; rows: number;
  };
  if (saved.tableSize !== tableSize || saved.tables !== tables) return undefined;
  const listing = await listBucket(context.s3);
  line(`load: reused from ${bucketDir}: ${saved.rows} rows, bucket ` +
    `${mib(totalBytes(listing))} MiB in ${listing.sizes.size} objects`);
  return { listing, rows: saved.rows };
}

async function main(context: Context): Promise<void> {
  line(`s3-figures: size ${sizeGb} GB of sysbench rows (${tables} x ${tableSize}), ` +
    `${threads} threads x ${runSeconds} s per run, idle ${idleSeconds} s`);
  line(`machine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, ` +
    `${(totalmem() / 1024 ** 3).toFixed(0)} GiB, load average ` +
    `${loadavg()[0]?.toFixed(2)} at start`);
  const loaded = await reusedLoad(context) ?? await loadPhase(context);
  if (bucketDir !== undefined) {
    writeFileSync(join(bucketDir, "loaded.json"), JSON.stringify({ tableSize, tables,
      rows: loaded.rows }));
  }
  line(bucketSplitLine(loaded.listing));
  const bootDir = tempDir(context, "boot");
  let server = await bootPhase(context, bootDir);
  await warmUp(context, server, loaded.rows);
  if (bootOnly) return;
  for (const workload of ["oltp_write_only", "oltp_insert"]) {
    await steadyRun(context, server, "local", workload);
  }
  await idlePhase(context, server);
  await server.stop();
  const start = process.hrtime.bigint();
  server = await startServer({
    datadir: bootDir,
    args: serverArgs(context.s3, "object_store"),
    env: s3Env,
  });
  context.servers.push(server);
  line(`   restart on the warm datadir (commit_durability=object_store): ready in ` +
    `${(elapsedMs(start) / 1000).toFixed(2)} s`);
  for (const workload of ["oltp_write_only", "oltp_insert"]) {
    await steadyRun(context, server, "object_store", workload);
  }
  await server.stop();
  if (!skipMariadb) await mariadbPhase(context, totalBytes(loaded.listing));
}

const workDir = mkdtempSync(join(tmpdir(), "wesql-s3-figures-bin-"));
const context: Context = {
  s3: await startS3TestServer({
    buckets: [bucket],
    keyClass: prefixClass,
    ...(bucketDir === undefined ? {} : { dir: bucketDir }),
  }),
  binary: join(workDir, "wesql"),
  dirs: [workDir],
  servers: [],
};
try {
  const build = Bun.spawnSync(["npm", "run", "build"], { cwd: repoRoot, stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`npm run build failed:\n${build.stderr.toString()}`);
  copyFileSync(join(repoRoot, "dist/wesql"), context.binary);
  chmodSync(context.binary, 0o755);
  process.env["WESQL_TEST_BINARY"] = context.binary;
  await main(context);
  if (droppedConnects > 0) line(`(connection attempts failed and retried: ${droppedConnects})`);
  console.log(`\n---- summary ----\n${report.join("\n")}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  const last = context.servers[context.servers.length - 1];
  if (last !== undefined) console.error(last.stderr().slice(-4000));
  process.exitCode = 1;
} finally {
  for (const server of context.servers) await server.stop();
  await context.s3.stop();
  for (const dir of context.dirs) rmSync(dir, { recursive: true, force: true });
}
