/**
 * CLI for the test S3 server, for scripts, benches and fault campaigns:
 *
 *   bun test/support/s3-server/main.ts --port=N [--dir=D] [--bucket=B ...] [--failure-rate=0.05]
 *       [--latency-ms=5] [--ambiguous-put-rate=0.01] [--stall-rate=0.01] [--stall-ms=30000]
 *       [--seed=1] [--list-page-keys-max=1000]
 *
 * Prints `listening on http://127.0.0.1:PORT` once it accepts requests, and stops on SIGINT or
 * SIGTERM. Faults change at run time with `PUT /__admin/faults` (see s3-test-server.ts).
 */

import { startS3TestServer } from "./s3-test-server.ts";

interface CliOptions {
  port: number;
  dir?: string;
  buckets: string[];
  failureRate: number;
  latencyMs: number;
  ambiguousPutRate: number;
  stallRate: number;
  stallMs: number;
  seed: number;
  listPageKeysMax: number;
}

function parseArguments(args: readonly string[]): CliOptions {
  const options: CliOptions = {
    port: 0,
    buckets: [],
    failureRate: 0,
    latencyMs: 0,
    ambiguousPutRate: 0,
    stallRate: 0,
    stallMs: 30_000,
    seed: 1,
    listPageKeysMax: 1000,
  };
  for (const arg of args) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (match === null) throw new Error(`unexpected argument ${arg} (use --name=value)`);
    const [, name = "", value = ""] = match;
    const number = (): number => {
      const parsed = Number(value);
      if (value === "" || !Number.isFinite(parsed)) throw new Error(`--${name} needs a number`);
      return parsed;
    };
    if (name === "port") options.port = number();
    else if (name === "dir") options.dir = value;
    else if (name === "bucket") options.buckets.push(value);
    else if (name === "failure-rate") options.failureRate = number();
    else if (name === "latency-ms") options.latencyMs = number();
    else if (name === "ambiguous-put-rate") options.ambiguousPutRate = number();
    else if (name === "stall-rate") options.stallRate = number();
    else if (name === "stall-ms") options.stallMs = number();
    else if (name === "seed") options.seed = number();
    else if (name === "list-page-keys-max") options.listPageKeysMax = number();
    else throw new Error(`unknown option --${name}`);
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));
const server = await startS3TestServer({
  port: options.port,
  ...(options.dir === undefined ? {} : { dir: options.dir }),
  buckets: options.buckets,
  listPageKeysMax: options.listPageKeysMax,
  faults: {
    failureRate: options.failureRate,
    latencyMs: options.latencyMs,
    ambiguousPutRate: options.ambiguousPutRate,
    stallRate: options.stallRate,
    stallMs: options.stallMs,
    seed: options.seed,
  },
});
console.log(`listening on ${server.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void server.stop().then(() => process.exit(0));
  });
}
