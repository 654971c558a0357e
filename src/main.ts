/**
 * The `wesql` binary's entry point (also what `bun build --compile` bundles). It reads the
 * command line, environment and option files through loadConfig, then either prints help,
 * version or defaults (exit 0), or runs the server until SIGTERM/SIGINT.
 *
 * Exit codes: 0 after printing or a clean shutdown; 2 for a configuration problem, a start-up
 * value the server rejects, or a port that cannot be bound (one line `wesql: <message>` on
 * stderr); 1 for anything unexpected, or when a second signal arrives while shutting down.
 *
 * Nothing here depends on the location of this file (no import.meta.dir), so the compiled binary
 * behaves the same from any directory.
 */

import { configLogFields } from "./config/config.ts";
import { loadConfig, type LoadResult } from "./config/load-config.ts";
import type { MysqlServer } from "./server/mysql-server.ts";
import { isServerSystemVariable } from "./server/system-variable-names.ts";
import { serverVersion } from "./constants.ts";
import { ConfigError, DbError } from "./util/errors.ts";
import { listDirectory, readTextFile } from "./util/local-files.ts";
import { Logger } from "./util/log.ts";
import { systemClock } from "./util/clock.ts";

const exitOk = 0;
const exitUnexpected = 1;
const exitUsage = 2;

async function main(): Promise<number> {
  const startedMs = systemClock.monotonicMs();
  let result: LoadResult;
  try {
    result = loadConfig(
      process.argv.slice(2),
      process.env,
      readTextFile,
      listDirectory,
      isServerSystemVariable,
    );
  } catch (error) {
    if (error instanceof ConfigError) return await usageFailure(error.message);
    throw error;
  }
  if (result.kind !== "run") {
    await writeFully(process.stdout, result.text);
    return exitOk;
  }
  const { config } = result;
  const logger = new Logger(config.logLevel);
  for (const note of result.notes) logger.warn(note);
  logger.debug("configuration", configLogFields(config));
  // Handlers go in before the server starts: a signal that arrives while it starts (or right
  // after the ready line) must still mean a clean shutdown, not the default abrupt exit.
  const stopRequested = listenForStopSignals(logger);
  // Loaded only now, so that --help, --version and configuration errors stay fast and never
  // depend on the whole engine loading.
  const { ListenError, MysqlServer: Server } = await import("./server/mysql-server.ts");
  let server: MysqlServer;
  try {
    server = await Server.start(config, logger);
  } catch (error) {
    // ListenError, or the server rejecting a start-up value (e.g. `--sql-mode=BOGUS`): an
    // expected failure the user can fix, reported like a configuration error.
    if (error instanceof ListenError || error instanceof DbError) {
      return await usageFailure(error.message);
    }
    throw error;
  }
  logger.info("ready for connections", {
    port: server.port,
    bind_address: config.bindAddress,
    version: serverVersion,
    datadir: config.datadir,
    // Time to ready, the figure a node that boots from the object store is judged by.
    boot_ms: Math.round(systemClock.monotonicMs() - startedMs),
  });
  const fatal = await Promise.race([stopRequested.then(() => undefined), server.fatal]);
  if (fatal !== undefined) {
    // Nothing after a hole in the log may be acknowledged (binlog_error_action=ABORT_SERVER),
    // and a writer another server fenced must not write again: stop at once without flushing;
    // the next start recovers from the binlog. The reason says which of the two it was.
    logger.error("aborting: this server can no longer write", { reason: fatal });
    return exitUnexpected;
  }
  try {
    await server.close();
  } catch (error) {
    logger.error("shutdown failed", { error: describe(error) });
    return exitUnexpected;
  }
  logger.info("shutdown complete");
  return exitOk;
}

async function usageFailure(message: string): Promise<number> {
  await writeFully(process.stderr, `wesql: ${message}\n`);
  return exitUsage;
}

/** Writes and waits until the text is handed to the OS, so process.exit cannot cut it off. */
function writeFully(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Resolves at the first SIGTERM or SIGINT. A second one means the operator does not want to wait
 * for the shutdown: exit 1 at once.
 */
function listenForStopSignals(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        logger.warn("second signal during shutdown; exiting now", { signal });
        process.exit(exitUnexpected);
      }
      stopping = true;
      logger.info("shutting down", { signal });
      resolve(signal);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function failUnexpectedly(error: unknown): never {
  new Logger("error").error("unexpected failure", { error: describe(error) });
  process.exit(exitUnexpected);
}

process.on("uncaughtException", failUnexpectedly);
process.on("unhandledRejection", failUnexpectedly);
main().then((code) => process.exit(code), failUnexpectedly);
