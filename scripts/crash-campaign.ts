/**
 * Long SIGKILL crash campaign against the server (the bounded version runs in CI as
 * test/fault/crash.test.ts). Usage:
 *   bun scripts/crash-campaign.ts [--rounds=50] [--clients=8] [--seed=N] [--min-ms=100] [--max-ms=3000]
 * Set WESQL_TEST_BINARY=dist/wesql to run the compiled binary. Exits 1 with the seed on failure.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCrashCampaign } from "../test/support/crash-workload.ts";

function option(name: string, fallback: number): number {
  const prefix = `--${name}=`;
  const arg = process.argv.find((a) => a.startsWith(prefix));
  return arg === undefined ? fallback : Number(arg.slice(prefix.length));
}

const seed = option("seed", Number(process.hrtime.bigint() % 1_000_000_000n));
const datadir = mkdtempSync(join(tmpdir(), "wesql-crash-campaign-"));
console.log(`crash campaign seed=${seed} datadir=${datadir}`);
try {
  const reports = await runCrashCampaign({
    seed,
    rounds: option("rounds", 50),
    clients: option("clients", 8),
    minRunMs: option("min-ms", 100),
    maxRunMs: option("max-ms", 3000),
    datadir,
    log: (line) => console.log(line),
  });
  const acknowledged = reports.reduce((sum, r) => sum + r.acknowledged, 0);
  console.log(`ok: ${reports.length} kills, ${acknowledged} acknowledged transactions, none lost`);
  rmSync(datadir, { recursive: true, force: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(`FAILED seed=${seed}; datadir kept at ${datadir}`);
  process.exit(1);
}
