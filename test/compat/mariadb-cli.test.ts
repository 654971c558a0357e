/**
 * Compatibility with the MariaDB command-line clients (`mariadb`, `mariadb-admin`,
 * `mariadb-show`) over TCP against a started WeSQL-TS server or WESQL_COMPAT_TARGET.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type CompatTarget,
  printServerLogOnFailure,
  startCompatTarget,
} from "../support/compat-target.ts";
import { describeRun, requireTools, runTool, type ToolResult } from "../support/run-tool.ts";

const database = "compat_cli";
let target: CompatTarget;

function connectionArgs(): string[] {
  return [
    "--no-defaults",
    "--protocol=TCP",
    `--host=${target.host}`,
    `--port=${target.port}`,
    `--user=${target.user}`,
    `--password=${target.password}`,
  ];
}

async function mariadb(args: readonly string[], input?: string): Promise<ToolResult> {
  return await runTool(
    "mariadb",
    [...connectionArgs(), "--connect-timeout=10", ...args],
    input === undefined ? {} : { input },
  );
}

function expectSuccess(result: ToolResult): void {
  expect(result.code, describeRun(result)).toBe(0);
}

function outputLines(result: ToolResult): string[] {
  return result.stdout.split("\n").filter((line) => line !== "");
}

beforeAll(async () => {
  requireTools("mariadb", "mariadb-admin", "mariadb-show");
  target = await startCompatTarget();
  const setup = await mariadb(["-e", `DROP DATABASE IF EXISTS ${database}`]);
  expectSuccess(setup);
});

afterEach((context) => printServerLogOnFailure(target, context));

afterAll(async () => {
  if (target === undefined) return;
  await mariadb(["-e", `DROP DATABASE IF EXISTS ${database}`]).catch(() => undefined);
  await target.stop();
});

describe("mariadb client", () => {
  it("runs select 1 with -e", async () => {
    const result = await mariadb(["-e", "select 1"]);
    expectSuccess(result);
    expect(outputLines(result)).toEqual(["1", "1"]);
  });

  it("runs several statements with -e", async () => {
    const result = await mariadb([
      "--batch",
      "--skip-column-names",
      "-e",
      "select 1; select 'two', null; select 3+4",
    ]);
    expectSuccess(result);
    expect(outputLines(result)).toEqual(["1", "two\tNULL", "7"]);
  });

  it("runs a script from stdin in batch mode", async () => {
    const script = [
      `CREATE DATABASE ${database};`,
      `USE ${database};`,
      "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20));",
      "INSERT INTO t VALUES (1, 'a'), (2, 'b\\tc'), (3, NULL);",
      "SELECT id, name FROM t ORDER BY id;",
      "SELECT COUNT(*) FROM t;",
    ].join("\n");
    const result = await mariadb(["--batch", "--skip-column-names"], script);
    expectSuccess(result);
    expect(outputLines(result)).toEqual(["1\ta", "2\tb\\tc", "3\tNULL", "3"]);
  });

  it("prints --table output", async () => {
    const result = await mariadb([
      "--table",
      "-e",
      `SELECT id, name FROM ${database}.t WHERE id = 1`,
    ]);
    expectSuccess(result);
    expect(outputLines(result)).toEqual([
      "+----+------+",
      "| id | name |",
      "+----+------+",
      "|  1 | a    |",
      "+----+------+",
    ]);
  });

  it("exits 1 with ERROR 1064 for bad SQL", async () => {
    const result = await mariadb(["-e", "selec 1"]);
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^ERROR 1064 \(42000\) at line 1: /m);
  });

  it("reports the failing line of a script and stops there", async () => {
    const result = await mariadb(
      ["--batch", "--skip-column-names"],
      "select 1;\nselec 2;\nselect 3;\n",
    );
    expect(result.code, describeRun(result)).toBe(1);
    expect(outputLines(result)).toEqual(["1"]);
    expect(result.stderr).toMatch(/^ERROR 1064 \(42000\) at line 2: /m);
  });

  it("connects with a default database (-D)", async () => {
    const result = await mariadb([
      "-D",
      database,
      "--batch",
      "--skip-column-names",
      "-e",
      "select database(); select count(*) from t",
    ]);
    expectSuccess(result);
    expect(outputLines(result)).toEqual([database, "3"]);
  });
});

describe("mariadb-admin and mariadb-show", () => {
  it("pings", async () => {
    const result = await runTool("mariadb-admin", [...connectionArgs(), "ping"]);
    expectSuccess(result);
    expect(result.stdout).toContain("is alive");
  });

  it("prints status (COM_STATISTICS)", async () => {
    const result = await runTool("mariadb-admin", [...connectionArgs(), "status"]);
    expectSuccess(result);
    expect(result.stdout).toMatch(/Uptime: \d+\s+Threads: \d+\s+Questions: \d+/);
  });

  it("lists databases and tables", async () => {
    const databases = await runTool("mariadb-show", connectionArgs());
    expectSuccess(databases);
    expect(databases.stdout).toMatch(new RegExp(`\\| ${database}\\s+\\|`));
    const tables = await runTool("mariadb-show", [...connectionArgs(), database]);
    expectSuccess(tables);
    expect(tables.stdout).toMatch(/\| t\s+\|/);
  });
});
