/**
 * Runs an external client tool (mariadb, mariadb-admin, sysbench) with a time limit and
 * captures its output. A missing tool fails with a message that names
 * scripts/install-test-deps.sh, so a bare CI machine explains itself.
 */

import { spawn, spawnSync } from "node:child_process";

export interface ToolResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Throws unless every tool in `names` can be run. */
export function requireTools(...names: readonly string[]): void {
  for (const name of names) {
    const probe = spawnSync(name, ["--version"], { encoding: "utf8", timeout: 10_000 });
    if (probe.error !== undefined) {
      throw new Error(
        `${name} is not installed (${probe.error.message}); run scripts/install-test-deps.sh`,
      );
    }
  }
}

/** Runs `command args`, feeding `input` on stdin; kills it after `timeoutMs`. */
export async function runTool(
  command: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<ToolResult> {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.on("error", () => {});
  child.stdin.end(options.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  return await new Promise<ToolResult>((resolve, reject) => {
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${error.message}; run scripts/install-test-deps.sh`));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A one-line description of a finished tool run, for assertion messages. */
export function describeRun(result: ToolResult, tailLines = 30): string {
  const tail = (text: string): string => text.split("\n").slice(-tailLines).join("\n");
  const signal = result.signal ? ` (${result.signal})` : "";
  return [
    `exit ${result.code}${signal}`,
    `--- stdout ---\n${tail(result.stdout)}`,
    `--- stderr ---\n${tail(result.stderr)}`,
  ].join("\n");
}
