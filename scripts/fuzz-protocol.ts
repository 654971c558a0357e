/**
 * Long-running protocol fuzzer: `bun scripts/fuzz-protocol.ts --minutes=10` runs the generator
 * of test/fuzz/protocol-fuzzer.ts with fresh random seeds until the time is up, against a
 * server it starts (or WESQL_COMPAT_TARGET=host:port:user:password). Every failure prints its
 * seed; replay one with `FUZZ_SEED=<seed> npx vitest run test/fuzz` (or --seed=<n> here).
 * Exits 1 when any seed failed. A dead server is restarted after its stderr tail is printed.
 */

import mysql from "mysql2/promise";
import { type CompatTarget, startCompatTarget, tail } from "../test/support/compat-target.ts";
import { runFuzz } from "../test/fuzz/protocol-fuzzer.ts";

function argument(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

const minutes = Number(argument("minutes") ?? "10");
const fixedSeed = argument("seed");
const deadlineMs = Date.now() + minutes * 60_000;

async function selectOne(target: CompatTarget): Promise<void> {
  if (!target.alive()) throw new Error("the server process exited");
  const connection = await mysql.createConnection(target.connectionOptions());
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>("SELECT 1 AS one");
    if (rows[0]?.["one"] !== 1) throw new Error(`SELECT 1 returned ${JSON.stringify(rows)}`);
  } finally {
    await connection.end();
  }
}

/** Server log lines that show a programmer error rather than a handled bad input. */
function crashLines(log: string): string[] {
  return log
    .split("\n")
    .filter((line) => /AssertionError|TypeError|RangeError|unexpected failure/.test(line));
}

async function main(): Promise<number> {
  let target = await startCompatTarget();
  const failedSeeds: number[] = [];
  let runs = 0;
  try {
    while (Date.now() < deadlineMs) {
      const seed =
        fixedSeed !== undefined
          ? Number(fixedSeed)
          : crypto.getRandomValues(new Uint32Array(1))[0]!;
      runs++;
      const crashesBefore = crashLines(target.serverLog()).length;
      try {
        const stats = await runFuzz({
          target,
          seed,
          batches: 4,
          scenariosPerBatch: 25,
          concurrency: 4,
          healthCheck: () => selectOne(target),
        });
        const crashes = crashLines(target.serverLog()).length - crashesBefore;
        if (crashes > 0) throw new Error(`${crashes} programmer errors in the server log`);
        console.log(`seed ${seed}: ok ${JSON.stringify(stats)}`);
      } catch (error) {
        failedSeeds.push(seed);
        console.error(
          `seed ${seed}: FAILED: ${error instanceof Error ? error.message : String(error)}`,
        );
        console.error(`--- server stderr (tail) ---\n${tail(target.serverLog(), 40)}`);
        if (!target.external) {
          await target.stop();
          target = await startCompatTarget();
        }
      }
      if (fixedSeed !== undefined) break;
    }
  } finally {
    await target.stop();
  }
  console.log(
    `${runs} seeds, ${failedSeeds.length} failed` +
      (failedSeeds.length > 0 ? `: ${failedSeeds.join(" ")}` : ""),
  );
  return failedSeeds.length === 0 ? 0 : 1;
}

process.exit(await main());
