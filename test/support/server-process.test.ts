/**
 * The harness's own tests: startServer against tiny fake servers, so a broken harness is told
 * apart from a broken server.
 */

import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, startServer } from "./server-process.ts";

const bun = join(repoRoot, "node_modules/.bin/bun");
const scripts = mkdtempSync(join(tmpdir(), "wesql-harness-"));

function script(name: string, body: string): string {
  const path = join(scripts, name);
  writeFileSync(path, body);
  return path;
}

const listening = script(
  "listening.ts",
  `import { createServer } from "node:net";
const port = Number(process.argv.find((arg) => arg.startsWith("--port="))!.slice(7));
const ready = () => console.error("x: ready for connections");
createServer((socket) => socket.end("hi")).listen(port, "127.0.0.1", ready);
process.on("SIGTERM", () => {}); // ignores SIGTERM: stop() must escalate to SIGKILL
`,
);
const crashing = script(
  "crashing.ts",
  'console.error("boom: cannot open datadir"); process.exit(3);\n',
);

describe("startServer", () => {
  it("waits for ready, passes port and datadir, stops with SIGKILL if needed", async () => {
    const server = await startServer({ command: [bun, listening] });
    expect(existsSync(server.datadir)).toBe(true);
    const greeting = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1");
      socket.on("data", (data) => resolve(data.toString()));
      socket.on("error", reject);
    });
    expect(greeting).toBe("hi");
    expect(server.stderr()).toContain("ready for connections");
    expect(server.alive()).toBe(true);
    await server.stop();
    expect(server.alive()).toBe(false);
    expect(existsSync(server.datadir)).toBe(false);
  }, 20_000);

  it("fails with the server's stderr when it exits before ready", async () => {
    const attempt = startServer({ command: [bun, crashing] });
    await expect(attempt).rejects.toThrow(/exited \(code 3[\s\S]*boom: cannot open datadir/);
  });
});
