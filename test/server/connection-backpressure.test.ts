/**
 * A client that pipelines commands without reading the replies must not make the server buffer
 * without bound: once unsent output passes connectionOutputBufferBytesMax the connection stops
 * taking commands until the socket drains.
 */

import { describe, expect, it } from "vitest";
import { handshakeResponse, framePacket } from "../support/raw-mysql-client.ts";
import { connectionOutputBufferBytesMax } from "../../src/constants.ts";
import type { Session } from "../../src/sql/session.ts";
import type { SqlEngine } from "../../src/sql/sql-engine.ts";
import type { StatementResult } from "../../src/sql/statement-result.ts";
import { systemClock } from "../../src/util/clock.ts";
import { Logger } from "../../src/util/log.ts";
import { SeededRandom } from "../../src/util/random.ts";
import type { Authenticator } from "../../src/server/authenticator.ts";
import { Connection, type ConnectionSocket } from "../../src/server/connection.ts";
import type { ServerContext } from "../../src/server/server-context.ts";

const resultBytes = 1024 * 1024;
const bigRow: StatementResult = {
  kind: "rows",
  columns: [
    {
      name: "v", orgName: "", table: "", orgTable: "", database: "",
      type: { kind: "varchar", length: resultBytes, collation: "utf8mb4_general_ci" },
      nullable: true, primaryKey: false, uniqueKey: false, multipleKey: false, autoIncrement: false,
    },
  ],
  rows: [["x".repeat(resultBytes)]],
  warningCount: 0,
};

function fakeSession(): Session {
  return {
    autocommit: true,
    inTransaction: false,
    readOnlyTransaction: false,
    sqlMode: { noBackslashEscapes: false },
    characterSetResults: null,
    collationConnection: "utf8mb4_general_ci",
    getSystemVariable: () => 100,
  } as unknown as Session;
}

function setup() {
  let accepting = true;
  let queries = 0;
  const socket: ConnectionSocket = {
    write: (data) => (accepting ? data.length : 0),
    end: () => {},
    timeout: () => {},
    remoteAddress: "127.0.0.1",
  };
  const engine = {
    openSession: fakeSession,
    closeSession: async () => {},
    useDatabase: () => {},
    query: async () => {
      queries++;
      return [bigRow];
    },
  } as unknown as SqlEngine;
  const context: ServerContext = {
    engine,
    authenticator: { authenticate: async () => ({ kind: "accepted" }) } as unknown as Authenticator,
    logger: new Logger("error"),
    clock: systemClock,
    random: new SeededRandom(1),
    defaultAuthPlugin: "caching_sha2_password",
    connectTimeoutSeconds: 10,
    startedAtMs: 0,
    maxAllowedPacketBytes: () => 64 * 1024 * 1024,
    waitTimeoutSeconds: () => 100,
    openConnectionCount: () => 1,
    onConnectionClosed: () => {},
  };
  const connection = new Connection(1, socket, context);
  return {
    connection,
    queries: () => queries,
    setAccepting: (on: boolean) => {
      accepting = on;
    },
  };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe("Connection output backpressure", () => {
  it("stops taking commands while unsent output exceeds the limit, resumes on drain", async () => {
    const { connection, queries, setAccepting } = setup();
    const done = connection.run();
    const login = handshakeResponse({ user: "root", authResponse: Buffer.alloc(0), pluginName: "caching_sha2_password" });
    connection.onData(framePacket(login, 1));
    await settle();
    setAccepting(false);
    const commandCount = 40;
    const query = framePacket(Buffer.from("\x03SELECT v"), 0);
    connection.onData(Buffer.concat(Array.from({ length: commandCount }, () => query)));
    await settle();
    const limitInResults = Math.ceil(connectionOutputBufferBytesMax / resultBytes);
    expect(queries()).toBeLessThanOrEqual(limitInResults + 1);
    expect(connection.pendingOutputBytes).toBeGreaterThan(connectionOutputBufferBytesMax);
    setAccepting(true);
    connection.onDrain();
    await settle();
    expect(queries()).toBe(commandCount);
    expect(connection.pendingOutputBytes).toBe(0);
    connection.close();
    await done;
  });
});
