/**
 * Starts a WeSQL-TS server as a child process for integration suites, on a free loopback port
 * with a fresh temporary datadir, and stops it again.
 *
 * Invariants: `startServer` resolves only after the server printed `ready for connections` on
 * stderr; `stop()` always reaps the process (SIGTERM, then SIGKILL after 5 s) and removes the
 * datadir, and is safe to call twice. Set WESQL_TEST_BINARY=<path> to run a compiled binary
 * (`dist/wesql`) instead of `bun src/main.ts`.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in test/support/). */
export const repoRoot: string = fileURLToPath(new URL("../..", import.meta.url));

const readyMarker = "ready for connections";
const readyTimeoutMs = 30_000;
const stopGraceMs = 5_000;
const stderrKeepChars = 200_000;

export interface ServerOptions {
  /** Extra command-line arguments, appended after port, bind address and datadir. */
  readonly args?: readonly string[];
  /** Extra environment variables for the server process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Replaces the server command (program and leading arguments); for the harness's own tests. */
  readonly command?: readonly [string, ...string[]];
  /**
   * Use this datadir (a restart of an earlier server) instead of a fresh temporary one; the
   * caller owns it, so stop() leaves it in place.
   */
  readonly datadir?: string;
  /** Listen on this port instead of a fresh free one (a restart keeps its clients' port). */
  readonly port?: number;
}

export interface ServerProcess {
  readonly port: number;
  readonly pid: number;
  readonly datadir: string;
  /** Everything the server wrote to stderr so far (the last 200 000 characters). */
  stderr(): string;
  /** True until the process has exited. */
  alive(): boolean;
  /** SIGTERM, then SIGKILL after 5 s; removes the datadir unless the caller supplied it.
   * Idempotent. */
  stop(): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** Resolves when the process has exited (after kill, or on its own). */
  waitForExit(): Promise<void>;
}

/** Asks the kernel for a free loopback TCP port (listen on 0, read the port, close). */
export async function freePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("could not read the listening port"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

function serverCommand(): { command: string; prefix: string[] } {
  const binary = process.env["WESQL_TEST_BINARY"];
  if (binary !== undefined && binary !== "") return { command: binary, prefix: [] };
  return {
    command: join(repoRoot, "node_modules/.bin/bun"),
    prefix: [join(repoRoot, "src/main.ts")],
  };
}

/** Spawns the server and resolves once it accepts connections. */
export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const ownsDatadir = options.datadir === undefined;
  const datadir = options.datadir ?? mkdtempSync(join(tmpdir(), "wesql-test-"));
  const { command, prefix } =
    options.command === undefined
      ? serverCommand()
      : { command: options.command[0], prefix: options.command.slice(1) };
  const args = [
    ...prefix,
    `--port=${port}`,
    "--bind-address=127.0.0.1",
    `--datadir=${datadir}`,
    ...(options.args ?? []),
  ];
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderrText = "";
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });
  child.stdout?.on("data", () => {});
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderrText += chunk;
    if (stderrText.length > stderrKeepChars) stderrText = stderrText.slice(-stderrKeepChars);
  });
  const handle = makeHandle(
    child,
    port,
    { datadir, owned: ownsDatadir },
    () => stderrText,
    () => exited,
    exitPromise,
  );
  try {
    await waitForReady(child, () => stderrText, exitPromise, `${command} ${args.join(" ")}`);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

function makeHandle(
  child: ChildProcess,
  port: number,
  { datadir, owned }: { readonly datadir: string; readonly owned: boolean },
  stderr: () => string,
  exited: () => boolean,
  exitPromise: Promise<void>,
): ServerProcess {
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    if (!exited()) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (!exited()) child.kill("SIGKILL");
      }, stopGraceMs);
      await exitPromise;
      clearTimeout(timer);
    }
    if (owned) rmSync(datadir, { recursive: true, force: true });
  };
  return {
    port,
    pid: child.pid ?? -1,
    datadir,
    stderr,
    alive: () => !exited(),
    stop: () => (stopping ??= stop()),
    kill: (signal) => {
      if (!exited()) child.kill(signal);
    },
    waitForExit: () => exitPromise,
  };
}

async function waitForReady(
  child: ChildProcess,
  stderr: () => string,
  exitPromise: Promise<void>,
  commandLine: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string): void => {
      cleanup();
      reject(
        new Error(`server ${why}\ncommand: ${commandLine}\n--- server stderr ---\n${stderr()}`),
      );
    };
    const onData = (): void => {
      if (stderr().includes(readyMarker)) {
        cleanup();
        resolve();
      }
    };
    const timer = setTimeout(() => fail(`not ready after ${readyTimeoutMs} ms`), readyTimeoutMs);
    const onError = (error: Error): void => fail(`failed to spawn: ${error.message}`);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stderr?.off("data", onData);
      child.off("error", onError);
    };
    child.stderr?.on("data", onData);
    child.once("error", onError);
    void exitPromise.then(() =>
      fail(`exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready`),
    );
    onData();
  });
}
