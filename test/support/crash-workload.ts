/**
 * The crash workload shared by test/fault/crash.test.ts (a bounded run in CI) and
 * scripts/crash-campaign.ts (long runs): clients commit numbered transactions against a real
 * server process, record every acknowledged COMMIT, and the server is killed with SIGKILL at a
 * random moment. After each restart on the same datadir the checker proves:
 * - durability: every acknowledged transaction is present;
 * - atomicity: each transaction touches three tables (a row in t1, a row in t2 and its client's
 *   counter row); for every transaction either all three effects are present or none is;
 * - no invention: every present transaction was at least sent by a client.
 *
 * Randomness comes from a seed (printed on failure) so a failing schedule can be rerun.
 */

import mysql from "mysql2/promise";
import { SeededRandom } from "../../src/util/random.ts";
import { startServer, type ServerProcess } from "./server-process.ts";

export interface CrashCampaignOptions {
  readonly seed: number;
  readonly rounds: number;
  readonly clients: number;
  /** The server is killed after a random delay in [minRunMs, maxRunMs) of client load. */
  readonly minRunMs: number;
  readonly maxRunMs: number;
  readonly serverArgs?: readonly string[];
  /** The server command (default: as startServer picks, see server-process.ts). */
  readonly command?: readonly [string, ...string[]];
  readonly datadir: string;
  readonly log?: (line: string) => void;
}

export interface CrashRoundReport {
  readonly round: number;
  readonly acknowledged: number;
  readonly inFlightAtKill: number;
  readonly presentAfterRestart: number;
}

interface Ledger {
  /** Transaction numbers whose COMMIT returned OK. */
  readonly acknowledged: Set<number>;
  /** Transaction numbers sent but not acknowledged (in flight or failed by the kill). */
  readonly attempted: Set<number>;
}

const payload = "x".repeat(100);

export async function runCrashCampaign(options: CrashCampaignOptions): Promise<CrashRoundReport[]> {
  const random = new SeededRandom(options.seed);
  const log = options.log ?? ((): void => {});
  const ledger: Ledger = { acknowledged: new Set(), attempted: new Set() };
  const reports: CrashRoundReport[] = [];
  const start = (port?: number): Promise<ServerProcess> =>
    startServer({
      datadir: options.datadir,
      args: options.serverArgs ?? [],
      ...(port === undefined ? {} : { port }),
      ...(options.command === undefined ? {} : { command: options.command }),
    });
  let server = await start();
  const port = server.port;
  try {
    await createSchema(server.port, options.clients);
    let nextNumber = 1;
    for (let round = 1; round <= options.rounds; round++) {
      const runMs = options.minRunMs + random.nextInt(options.maxRunMs - options.minRunMs);
      const before = ledger.acknowledged.size;
      const stop = { requested: false };
      const workers = Array.from({ length: options.clients }, (_, client) =>
        runClient(server.port, client, () => nextNumber++, ledger, stop),
      );
      await sleep(runMs);
      server.kill("SIGKILL");
      await server.waitForExit();
      stop.requested = true;
      await Promise.all(workers);
      const inFlight = [...ledger.attempted].filter((n) => !ledger.acknowledged.has(n)).length;
      server = await start(port);
      const present = await verify(server.port, options.clients, ledger, options.seed, round);
      const report = {
        round,
        acknowledged: ledger.acknowledged.size - before,
        inFlightAtKill: inFlight,
        presentAfterRestart: present,
      };
      reports.push(report);
      log(
        `round ${round}: ran ${runMs} ms, ${report.acknowledged} acknowledged, ` +
          `${inFlight} unacknowledged in total, ${present} present after restart: ok`,
      );
    }
  } finally {
    await server.stop();
  }
  return reports;
}

async function createSchema(port: number, clients: number): Promise<void> {
  const connection = await connect(port);
  try {
    await connection.query("CREATE DATABASE crash");
    await connection.query(
      "CREATE TABLE crash.t1 (id INT PRIMARY KEY, client INT NOT NULL, payload VARCHAR(200), " +
        "KEY by_client (client))",
    );
    await connection.query("CREATE TABLE crash.t2 (id INT PRIMARY KEY, v BIGINT NOT NULL)");
    await connection.query("CREATE TABLE crash.counter (client INT PRIMARY KEY, v INT NOT NULL)");
    for (let client = 0; client < clients; client++) {
      await connection.query("INSERT INTO crash.counter VALUES (?, 0)", [client]);
    }
  } finally {
    await connection.end();
  }
}

async function runClient(
  port: number,
  client: number,
  takeNumber: () => number,
  ledger: Ledger,
  stop: { readonly requested: boolean },
): Promise<void> {
  let connection: mysql.Connection;
  try {
    connection = await connect(port);
  } catch {
    return;
  }
  // An unhandled 'error' event would crash the test process when the server dies.
  connection.on("error", () => {});
  try {
    while (!stop.requested) {
      const n = takeNumber();
      ledger.attempted.add(n);
      await connection.query("BEGIN");
      await connection.query("INSERT INTO crash.t1 VALUES (?, ?, ?)", [n, client, payload]);
      await connection.query("INSERT INTO crash.t2 VALUES (?, ?)", [n, n * 7]);
      await connection.query("UPDATE crash.counter SET v = v + 1 WHERE client = ?", [client]);
      await connection.query("COMMIT");
      ledger.acknowledged.add(n);
    }
  } catch {
    // The server was killed under this client: whatever was in flight is unacknowledged.
  } finally {
    connection.destroy();
  }
}

async function verify(
  port: number,
  clients: number,
  ledger: Ledger,
  seed: number,
  round: number,
): Promise<number> {
  const fail = (why: string): never => {
    throw new Error(`crash campaign seed=${seed} round=${round}: ${why}`);
  };
  const connection = await connect(port);
  try {
    const t1 = await ids(connection, "SELECT id, client FROM crash.t1");
    const t2 = await ids(connection, "SELECT id, v FROM crash.t2");
    const [counterRows] = await connection.query("SELECT client, v FROM crash.counter");
    for (const n of ledger.acknowledged) {
      if (!t1.has(n)) fail(`acknowledged transaction ${n} lost from t1`);
      if (!t2.has(n)) fail(`acknowledged transaction ${n} lost from t2`);
    }
    for (const [n] of t1) {
      if (!t2.has(n)) fail(`transaction ${n} half-applied: in t1, not in t2`);
      if (!ledger.attempted.has(n)) fail(`transaction ${n} present but never sent`);
    }
    for (const [n, v] of t2) {
      if (!t1.has(n)) fail(`transaction ${n} half-applied: in t2, not in t1`);
      if (v !== n * 7) fail(`t2 row ${n} has v=${v}, expected ${n * 7}`);
    }
    const perClient = new Map<number, number>();
    for (const client of t1.values()) perClient.set(client, (perClient.get(client) ?? 0) + 1);
    const counters = counterRows as { client: number; v: number }[];
    if (counters.length !== clients) fail(`counter has ${counters.length} rows`);
    for (const { client, v } of counters) {
      const rows = perClient.get(client) ?? 0;
      if (v !== rows) fail(`client ${client}: counter ${v} but ${rows} rows (half-applied)`);
    }
    return t1.size;
  } finally {
    await connection.end();
  }
}

async function ids(connection: mysql.Connection, sql: string): Promise<Map<number, number>> {
  const [rows] = await connection.query({ sql, rowsAsArray: true });
  const map = new Map<number, number>();
  for (const row of rows as [number, number | string][]) map.set(row[0], Number(row[1]));
  return map;
}

function connect(port: number): Promise<mysql.Connection> {
  return mysql.createConnection({ host: "127.0.0.1", port, user: "root", supportBigNumbers: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

