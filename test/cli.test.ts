/**
 * The `wesql` command line end to end: spawns `bun src/main.ts` (or WESQL_TEST_BINARY) and checks
 * exit codes and output. The first group needs only the config layer; the second starts the real
 * server (busy port → exit 2, SIGTERM → clean exit 0). Every process started here is killed.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { serverVersion } from "../src/constants.ts";
import { freePort, repoRoot } from "./support/server-process.ts";

const runTimeoutMs = 30_000;
const readyTimeoutMs = 30_000;
const shutdownTimeoutMs = 5_000;

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Running {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<Outcome>;
}

const running = new Set<ChildProcess>();
const temporaryDirectories: string[] = [];

function command(): { program: string; prefix: string[] } {
  const binary = process.env["WESQL_TEST_BINARY"];
  if (binary !== undefined && binary !== "") return { program: binary, prefix: [] };
  return {
    program: join(repoRoot, "node_modules/.bin/bun"),
    prefix: [join(repoRoot, "src/main.ts")],
  };
}

/** Starts wesql with a clean environment (no inherited MYSQL_* / WESQL_* variables). */
function start(args: readonly string[], env: Readonly<Record<string, string>> = {}): Running {
  const { program, prefix } = command();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(MYSQL_|WESQL_)/.test(name)),
  );
  const child = spawn(program, [...prefix, ...args], {
    cwd: repoRoot,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<Outcome>((resolve) => {
    child.once("close", (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs wesql to completion (killing it after runTimeoutMs). */
async function run(
  args: readonly string[],
  env?: Readonly<Record<string, string>>,
): Promise<Outcome> {
  const process = start(args, env);
  const timer = setTimeout(() => process.child.kill("SIGKILL"), runTimeoutMs);
  const outcome = await process.exited;
  clearTimeout(timer);
  return outcome;
}

/** Resolves true once stderr contains `marker`, false if the process exits or time runs out. */
function waitForStderr(process: Running, marker: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (process.stderr().includes(marker)) finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const finish = (found: boolean): void => {
      clearTimeout(timer);
      process.child.stderr?.off("data", check);
      resolve(found);
    };
    process.child.stderr?.on("data", check);
    void process.exited.then(() => finish(process.stderr().includes(marker)));
    check();
  });
}

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), "wesql-cli-"));
  temporaryDirectories.push(directory);
  return directory;
}

afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
});

afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

describe("wesql CLI: options, help and errors", () => {
  it("--help prints usage and every option, and exits 0", async () => {
    const outcome = await run(["--help"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain("Usage: wesql [OPTIONS]");
    expect(outcome.stdout).toContain("--port=#");
    expect(outcome.stdout).toContain("--defaults-file");
    expect(outcome.stderr).toBe("");
  });

  it("-? is --help", async () => {
    const outcome = await run(["-?"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain("Usage: wesql [OPTIONS]");
  });

  it("--version and -V print the version line and exit 0", async () => {
    for (const flag of ["--version", "-V"]) {
      const outcome = await run([flag]);
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).toMatch(/^wesql {2}Ver \S+ for \S+ on \S+ \(WeSQL-TS\)\n$/);
      expect(outcome.stdout).toContain(`Ver ${serverVersion} `);
    }
  });

  it("an unknown option exits 2 with one line naming it", async () => {
    const outcome = await run(["--prot=1"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toBe("wesql: unknown option '--prot=1'\n");
  });

  it("a bad value exits 2 with one line naming the option and the value", async () => {
    const outcome = await run(["--port=abc"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe(
      "wesql: invalid value 'abc' for option 'port': expected an integer from 0 to 65535\n",
    );
  });

  it("refuses a public bind address without MYSQL_ROOT_PASSWORD (exit 2)", async () => {
    const outcome = await run(["--bind-address=0.0.0.0"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^wesql: refusing to bind to 0\.0\.0\.0 without MYSQL_ROOT/);
  });

  it("reads real option files with includes (--print-defaults)", async () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "conf.d"));
    writeFileSync(join(directory, "my.cnf"), "[mysqld]\r\nport = 4406\r\n!includedir conf.d\r\n");
    writeFileSync(join(directory, "conf.d", "b.cnf"), "[wesql]\nsql_mode = 'ANSI'\n");
    writeFileSync(
      join(directory, "conf.d", "a.cnf"),
      "[client]\nuser=x\n[server]\nlog-level=warn\n",
    );
    const outcome = await run(
      ["--print-defaults", `--defaults-file=${join(directory, "my.cnf")}`],
      {
        MYSQL_ROOT_PASSWORD: "hunter2",
      },
    );
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe(
      "wesql would have been started with the following arguments:\n" +
        "--port=4406 --log-level=warn --sql_mode=ANSI\n" +
        "MYSQL_ROOT_PASSWORD is set (value <redacted>)\n",
    );
  });

  it("accepts the sample my.cnf.example with the server's real system variables", async () => {
    const outcome = await run(["--defaults-file=my.cnf.example", "--verbose", "--help"]);
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/\ncharacter-set-server +utf8mb4\n/);
    expect(outcome.stdout).toMatch(/\ndefaults-file +my\.cnf\.example\n/);
  });

  it("names the file and line of a bad option file entry (exit 2)", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "my.cnf");
    writeFileSync(file, "[mysqld]\nmax_allowed_packet = 2G\n");
    const outcome = await run([`--defaults-file=${file}`]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe(
      `wesql: ${file}:2: invalid value '2G' for option 'max_allowed_packet': expected a size ` +
        "from 1024 to 1073741824 bytes, optionally with a K, M or G suffix\n",
    );
  });

  it("reports a missing defaults file (exit 2)", async () => {
    const outcome = await run(["--defaults-file=/nonexistent/wesql.cnf"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^wesql: cannot read option file '\/nonexistent\/wesql\.cnf'/);
  });
});

// These start the real server (src/server/mysql-server.ts).
describe("wesql CLI: with the real server", () => {
  it("exits 2 with one line when the port is already in use", async () => {
    const blocker = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    try {
      const outcome = await run([`--port=${blocker.port}`, `--datadir=${temporaryDirectory()}`]);
      expect(outcome.code).toBe(2);
      const errorLines = outcome.stderr.split("\n").filter((line) => line.startsWith("wesql: "));
      expect(errorLines).toEqual([expect.stringContaining(`:${blocker.port}`)]);
      expect(errorLines[0]).toMatch(/^wesql: cannot listen on /);
    } finally {
      blocker.stop(true);
    }
  });

  it("exits 2 with one line when another server holds the datadir", async () => {
    const datadir = temporaryDirectory();
    const first = start([`--port=${await freePort()}`, `--datadir=${datadir}`]);
    expect(await waitForStderr(first, "ready for connections", 20_000)).toBe(true);
    const outcome = await run([`--port=${await freePort()}`, `--datadir=${datadir}`]);
    expect(outcome.code).toBe(2);
    const errorLines = outcome.stderr.split("\n").filter((line) => line.startsWith("wesql: "));
    expect(errorLines).toEqual([expect.stringMatching(/^wesql: datadir .* is in use by another server/)]);
    first.child.kill("SIGTERM");
    expect((await first.exited).code).toBe(0);
  });

  it("exits 2 with one line when the server rejects a system variable's value", async () => {
    const port = await freePort();
    const outcome = await run([
      `--port=${port}`,
      `--datadir=${temporaryDirectory()}`,
      "--sql-mode=BOGUS",
    ]);
    expect(outcome.code).toBe(2);
    const errorLines = outcome.stderr.split("\n").filter((line) => line.startsWith("wesql: "));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain("sql_mode");
    expect(errorLines[0]).toContain("BOGUS");
  });

  it("logs one ready line without secrets, then exits 0 within 5 s of SIGTERM", async () => {
    const port = await freePort();
    const datadir = join(temporaryDirectory(), "data");
    const server = start([`--port=${port}`, `--datadir=${datadir}`, "--user=mysql"], {
      MYSQL_ROOT_PASSWORD: "hunter2",
    });
    const ready = await waitForStderr(server, "ready for connections", readyTimeoutMs);
    expect(ready, `server did not become ready; stderr:\n${server.stderr()}`).toBe(true);
    const readyLines = server
      .stderr()
      .split("\n")
      .filter((line) => line.includes("ready for"));
    expect(readyLines).toHaveLength(1);
    expect(readyLines[0]).toContain(`port=${port}`);
    expect(readyLines[0]).toContain("bind_address=127.0.0.1");
    expect(readyLines[0]).toContain(`version=${serverVersion}`);
    expect(readyLines[0]).toContain(`datadir=${datadir}`);
    expect(server.stderr()).toContain("option '--user' is ignored");
    expect(server.stderr()).not.toContain("hunter2");
    server.child.kill("SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), shutdownTimeoutMs);
    });
    const outcome = await Promise.race([server.exited, timedOut]);
    clearTimeout(timer);
    expect(outcome, `no exit within ${shutdownTimeoutMs} ms of SIGTERM`).not.toBe("timeout");
    if (outcome === "timeout") return;
    expect(outcome.code, `signal ${outcome.signal}; stderr:\n${outcome.stderr}`).toBe(0);
    expect(outcome.stderr).not.toContain("hunter2");
  });
});
