/**
 * The single-binary promise: `bun build --compile` makes one executable that runs from an empty
 * directory, with no node_modules and no source tree next to it, and serves MySQL clients.
 */

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { runCrashCampaign } from "./support/crash-workload.ts";
import { repoRoot, startServer, type ServerProcess } from "./support/server-process.ts";

describe("the compiled wesql binary", () => {
  const buildDirectory = mkdtempSync(join(tmpdir(), "wesql-build-"));
  const runDirectory = mkdtempSync(join(tmpdir(), "wesql-run-"));
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.stop();
    rmSync(buildDirectory, { recursive: true, force: true });
    rmSync(runDirectory, { recursive: true, force: true });
  });

  it("builds, runs from an empty directory and answers a query", async () => {
    const built = join(buildDirectory, "wesql");
    execFileSync(
      join(repoRoot, "node_modules/.bin/bun"),
      ["build", "--compile", "--minify-syntax", join(repoRoot, "src/main.ts"), "--outfile", built],
      { cwd: repoRoot, stdio: "pipe" },
    );
    const binary = join(runDirectory, "wesql");
    copyFileSync(built, binary);
    expect(readdirSync(runDirectory)).toEqual(["wesql"]);
    const version = execFileSync(binary, ["--version"], { cwd: runDirectory }).toString();
    expect(version).toContain("8.0.35-wesql-ts");
    server = await startServer({ command: [binary] });
    const connection = await mysql.createConnection({ host: "127.0.0.1", port: server.port, user: "root" });
    try {
      const [rows] = await connection.query("SELECT 1 + 1 AS two, VERSION() AS version");
      expect(rows).toEqual([{ two: 2, version: "8.0.35-wesql-ts" }]);
    } finally {
      await connection.end();
    }
  }, 120_000);

  it("keeps every acknowledged commit across SIGKILLs of the binary", async () => {
    const binary = join(runDirectory, "wesql");
    const datadir = mkdtempSync(join(tmpdir(), "wesql-binary-crash-"));
    try {
      const reports = await runCrashCampaign({
        seed: 7,
        rounds: 2,
        clients: 4,
        minRunMs: 1000,
        maxRunMs: 1500,
        datadir,
        command: [binary],
      });
      expect(reports.reduce((sum, r) => sum + r.acknowledged, 0)).toBeGreaterThan(20);
    } finally {
      rmSync(datadir, { recursive: true, force: true });
    }
  }, 120_000);
});
