/**
 * The server a compat or fuzz suite talks to: normally a WeSQL-TS process started by
 * `startServer`, or, when WESQL_COMPAT_TARGET=host:port:user:password is set, an existing
 * server (for example MariaDB, to check that a suite itself is right).
 *
 * Invariant: a suite calls `startCompatTarget` once in beforeAll and `stop` in afterAll; `stop`
 * never touches an external server.
 */

import type { ConnectionOptions } from "mysql2/promise";
import { type ServerOptions, startServer } from "./server-process.ts";

export interface CompatTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** True when the suite points at a server it did not start (WESQL_COMPAT_TARGET). */
  readonly external: boolean;
  /** mysql2 options for this target; `extra` wins. */
  connectionOptions(extra?: ConnectionOptions): ConnectionOptions;
  /** The server's stderr (empty for an external server), for failure messages. */
  serverLog(): string;
  /** False once a server we started has exited. */
  alive(): boolean;
  stop(): Promise<void>;
}

/** Parses WESQL_COMPAT_TARGET (host:port:user:password; the password may be empty). */
export function externalTargetSpec():
  | { host: string; port: number; user: string; password: string }
  | undefined {
  const spec = process.env["WESQL_COMPAT_TARGET"];
  if (spec === undefined || spec === "") return undefined;
  const [host, port, user, ...passwordParts] = spec.split(":");
  if (host === undefined || port === undefined || user === undefined || !/^\d+$/.test(port)) {
    throw new Error(`WESQL_COMPAT_TARGET must be host:port:user:password, got ${spec}`);
  }
  return { host, port: Number(port), user, password: passwordParts.join(":") };
}

export async function startCompatTarget(options: ServerOptions = {}): Promise<CompatTarget> {
  const spec = externalTargetSpec();
  if (spec !== undefined) {
    return {
      ...spec,
      external: true,
      connectionOptions: (extra = {}) => ({ ...baseOptions(spec), ...extra }),
      serverLog: () => "",
      alive: () => true,
      stop: async () => {},
    };
  }
  const server = await startServer(options);
  const own = { host: "127.0.0.1", port: server.port, user: "root", password: "" };
  return {
    ...own,
    external: false,
    connectionOptions: (extra = {}) => ({ ...baseOptions(own), ...extra }),
    serverLog: () => server.stderr(),
    alive: () => server.alive(),
    stop: () => server.stop(),
  };
}

function baseOptions(spec: {
  host: string;
  port: number;
  user: string;
  password: string;
}): ConnectionOptions {
  return {
    host: spec.host,
    port: spec.port,
    user: spec.user,
    password: spec.password,
    connectTimeout: 10_000,
  };
}

/** The last `lines` lines of `text`, for failure messages. */
export function tail(text: string, lines = 40): string {
  return text.split("\n").slice(-lines).join("\n");
}

/**
 * For an afterEach hook: when the test just failed, prints the tail of the server's stderr so
 * the failure message comes with the server's side of the story.
 */
export function printServerLogOnFailure(
  target: CompatTarget | undefined,
  context: { task: { name: string; result?: { state?: string } } },
): void {
  if (target === undefined || context.task.result?.state !== "fail") return;
  const log = target.serverLog();
  if (log !== "")
    console.error(`--- server stderr (tail) after "${context.task.name}" ---\n${tail(log, 60)}`);
}
