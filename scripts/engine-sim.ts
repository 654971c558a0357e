/**
 * Long campaigns of the LSM engine simulation (src/engine/lsm/engine-sim.ts):
 *
 *   bun scripts/engine-sim.ts --seeds=100 --ops=20000      seeds 1..100
 *   bun scripts/engine-sim.ts --seeds=42 --ops=20000 --first=42   replays seed 42 only
 *
 * Prints one line per seed and the seed of every failure; exits 1 if any seed failed.
 */

import { runEngineSim } from "../src/engine/lsm/engine-sim.ts";

function flag(name: string, fallback: number): number {
  const prefix = `--${name}=`;
  const arg = process.argv.find((value) => value.startsWith(prefix));
  if (arg === undefined) return fallback;
  const value = Number(arg.slice(prefix.length));
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`bad ${prefix}${arg}`);
  return value;
}

const seeds = flag("seeds", 20);
const ops = flag("ops", 5000);
const first = flag("first", 1);
const failed: number[] = [];
for (let seed = first; seed < first + seeds; seed++) {
  try {
    const report = await runEngineSim({ seed, ops });
    console.log(
      `seed ${seed}: ok (${report.batches} batches, ${report.scans} scans, ` +
        `${report.crashes} crashes, deepest level L${report.maxLevel})`,
    );
  } catch (error) {
    failed.push(seed);
    console.log(`seed ${seed}: FAILED ${error instanceof Error ? error.stack : String(error)}`);
  }
}
console.log(failed.length === 0 ? "all seeds passed" : `failed seeds: ${failed.join(", ")}`);
process.exit(failed.length === 0 ? 0 : 1);
