/**
 * Bounded protocol fuzzing (well under a minute): random bytes, broken handshakes and mutated
 * commands against a started server (or WESQL_COMPAT_TARGET); after every batch a mysql2
 * connection must still answer SELECT 1 and the process must still be alive. The seed is
 * printed with every failure; FUZZ_SEED=<n> replays it.
 */

import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatTarget, startCompatTarget, tail } from "../support/compat-target.ts";
import { runFuzz } from "./protocol-fuzzer.ts";

const seed =
  process.env["FUZZ_SEED"] !== undefined
    ? Number(process.env["FUZZ_SEED"])
    : crypto.getRandomValues(new Uint32Array(1))[0]!;
const batches = Number(process.env["FUZZ_BATCHES"] ?? "12");
const scenariosPerBatch = 25;

let target: CompatTarget;

beforeAll(async () => {
  target = await startCompatTarget();
});

afterAll(async () => {
  await target?.stop();
});

async function selectOne(): Promise<void> {
  if (!target.alive()) throw new Error("the server process exited");
  const connection = await mysql.createConnection(target.connectionOptions());
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>("SELECT 1 AS one");
    if (rows.length !== 1 || rows[0]?.["one"] !== 1)
      throw new Error(`SELECT 1 returned ${JSON.stringify(rows)}`);
  } finally {
    await connection.end();
  }
}

describe("protocol fuzz", () => {
  it("survives random and malformed packets", async () => {
    console.log(`protocol fuzz: seed ${seed} (replay with FUZZ_SEED=${seed})`);
    const run = runFuzz({
      target,
      seed,
      batches,
      scenariosPerBatch,
      concurrency: 4,
      healthCheck: selectOne,
    });
    const outcome = await run.then(
      (stats) => ({ stats, error: undefined }),
      (error: unknown) => ({
        stats: undefined,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    const serverTail = tail(target.serverLog(), 60);
    const context = `FUZZ_SEED=${seed}: ${outcome.error}\n--- server stderr ---\n${serverTail}`;
    expect(outcome.error, context).toBeUndefined();
    // Malformed input is an operating error: it may close a connection, never trip an assertion
    // or a JavaScript TypeError/RangeError inside the server.
    const crashes = target
      .serverLog()
      .split("\n")
      .filter((line) => /AssertionError|TypeError|RangeError|unexpected failure/.test(line));
    expect(crashes, `FUZZ_SEED=${seed}: programmer errors in the server log`).toEqual([]);
    expect(outcome.stats?.scenarios).toBe(batches * scenariosPerBatch);
    expect(outcome.stats?.loginsOk, "valid logins must succeed").toBeGreaterThan(0);
    console.log(`protocol fuzz: ${JSON.stringify(outcome.stats)}`);
  }, 90_000);
});
