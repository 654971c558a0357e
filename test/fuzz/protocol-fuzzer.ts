/**
 * The protocol fuzzer shared by test/fuzz/protocol-fuzz.test.ts (bounded) and
 * scripts/fuzz-protocol.ts (long runs). Each scenario opens a raw TCP connection and sends
 * garbage, broken handshakes, or a valid login followed by mutated commands; after each batch a
 * health check (a real client running SELECT 1, and the process still alive) must pass.
 *
 * Invariant: every byte sent is a function of (seed, scenario index), so a failure replays from
 * its seed (FUZZ_SEED). Scenarios never send COM_SHUTDOWN, KILL, SLEEP or SET GLOBAL: the
 * fuzzer attacks the parser and the connection state machine, not the server's lifetime.
 */

import { SeededRandom } from "../../src/util/random.ts";
import {
  RawConnection,
  defaultClientCapabilities,
  framePacket,
  handshakeResponse,
  login,
} from "../support/raw-mysql-client.ts";

export interface FuzzTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

export interface FuzzStats {
  scenarios: number;
  packetsSent: number;
  loginsOk: number;
  serverClosed: number;
}

/** Thrown for a finding: the scenario that broke the server can be replayed from `seed`. */
export class FuzzFailure extends Error {}

const responseWaitMs = 1_500;
const truncatedWaitMs = 30;

const commandBytes = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09, 0x0a, 0x0b, 0x0e, 0x0f, 0x10, 0x11, 0x13,
  0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1f, 0x20, 0x21, 0x22, 0x30, 0x7f,
  0xfe, 0xff,
];

// Space-separated, so keep tokens that contain spaces or newlines in the list after it.
const sqlTokens = [
  ...(
    "SELECT INSERT INTO UPDATE DELETE FROM WHERE AND OR NOT NULL IS IN ( ) , ; * + - / % = <> " +
    "< >= 1 0 -1 18446744073709551616 1e308 0x1F 'a' ' \" ` `` `t1` t1 t2 a b fuzz_db CREATE " +
    "TABLE DATABASE DROP IF EXISTS INT VARCHAR(10) PRIMARY KEY VALUES SET ORDER BY GROUP " +
    "HAVING LIMIT OFFSET JOIN LEFT ON AS UNION ALL DISTINCT COUNT(*) SUM( MAX( CONCAT( CAST( " +
    "AS CHAR BEGIN COMMIT ROLLBACK START TRANSACTION SHOW TABLES DATABASES VARIABLES USE " +
    "EXPLAIN @a @@version @@session.autocommit ? /* */ # \\ CASE WHEN THEN ELSE END LIKE '%' " +
    "BETWEEN DEFAULT AUTO_INCREMENT UNIQUE INDEX FOR UPDATE LOCK IN SHARE MODE PREPARE " +
    "EXECUTE DEALLOCATE _utf8mb4'x' N'x' X'00' b'1' TRUE FALSE"
  ).split(" "),
  "-- ",
  "\n",
];

type Scenario = (
  connection: RawConnection,
  random: SeededRandom,
  target: FuzzTarget,
  stats: FuzzStats,
) => Promise<void>;

function pick<T>(random: SeededRandom, items: readonly T[]): T {
  return items[random.nextInt(items.length)]!;
}

function randomBuffer(random: SeededRandom, maxLength: number): Buffer {
  return Buffer.from(random.bytes(random.nextInt(maxLength + 1)));
}

/** A random SQL-ish token soup. */
export function tokenSoup(random: SeededRandom): string {
  const count = 1 + random.nextInt(24);
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push(pick(random, sqlTokens));
  return tokens.join(random.nextInt(4) === 0 ? "" : " ");
}

function invalidUtf8(random: SeededRandom): Buffer {
  const pieces = [
    Buffer.from("SELECT '"),
    Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xf8]),
  ];
  pieces.push(Buffer.from(random.bytes(random.nextInt(16))));
  pieces.push(Buffer.from("'"));
  return Buffer.concat(pieces);
}

/** A length-encoded integer that claims far more data than follows. */
function hugeLengthEncoded(random: SeededRandom): Buffer {
  const choice = random.nextInt(3);
  if (choice === 0) return Buffer.from([0xfc, 0xff, 0xff]);
  if (choice === 1) return Buffer.from([0xfd, 0xff, 0xff, 0xff]);
  return Buffer.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
}

function mutate(random: SeededRandom, payload: Buffer): Buffer {
  const out = Buffer.from(payload);
  const flips = 1 + random.nextInt(4);
  for (let i = 0; i < flips && out.length > 0; i++)
    out[random.nextInt(out.length)] = random.nextUint32() & 0xff;
  if (random.nextInt(3) === 0) return out.subarray(0, random.nextInt(out.length + 1));
  return out;
}

/** One mutated command payload (sequence id 0 is added by the caller unless it lies). */
function fuzzCommand(random: SeededRandom): Buffer {
  switch (random.nextInt(10)) {
    case 0:
      return Buffer.concat([Buffer.from([pick(random, commandBytes)]), randomBuffer(random, 64)]);
    case 1: // truncated or mangled COM_STMT_EXECUTE
      return mutate(
        random,
        Buffer.from([0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0]),
      );
    case 2: // COM_STMT_EXECUTE whose string parameter declares a huge length
      return Buffer.concat([
        Buffer.from([0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0xfd, 0]),
        hugeLengthEncoded(random),
        Buffer.from("x"),
      ]);
    case 3:
      return Buffer.concat([Buffer.from([0x03]), invalidUtf8(random)]);
    case 4:
    case 5:
      return Buffer.concat([Buffer.from([0x03]), Buffer.from(tokenSoup(random), "utf8")]);
    case 6:
      return Buffer.concat([Buffer.from([0x16]), Buffer.from(tokenSoup(random), "utf8")]);
    case 7: // COM_STMT_SEND_LONG_DATA, COM_STMT_RESET, COM_STMT_CLOSE for random ids
      return Buffer.concat([
        Buffer.from([pick(random, [0x18, 0x19, 0x1a, 0x1c])]),
        randomBuffer(random, 16),
      ]);
    case 8: // COM_FIELD_LIST / COM_INIT_DB / COM_CHANGE_USER with odd contents
      return Buffer.concat([
        Buffer.from([pick(random, [0x04, 0x02, 0x11])]),
        randomBuffer(random, 40),
      ]);
    default:
      return Buffer.concat([
        Buffer.from([0x03]),
        Buffer.from("SELECT "),
        hugeLengthEncoded(random),
      ]);
  }
}

/** A well-formed COM_STMT_EXECUTE for two parameters: an integer and a string. */
export function validExecute(statementId: number, random: SeededRandom): Buffer {
  const head = Buffer.alloc(10);
  head[0] = 0x17;
  head.writeUInt32LE(statementId, 1);
  head.writeUInt32LE(1, 6);
  const value = Buffer.alloc(8);
  value.writeInt32LE(random.nextUint32() | 0, 0);
  const text = Buffer.from(tokenSoup(random), "utf8");
  return Buffer.concat([
    head,
    Buffer.from([0x00, 0x01, 0x08, 0x00, 0xfd, 0x00]),
    value,
    Buffer.from([Math.min(text.length, 250)]),
    text.subarray(0, 250),
  ]);
}

const scenarios: readonly { name: string; run: Scenario }[] = [
  {
    name: "random bytes before the handshake response",
    run: async (connection, random, _target, stats) => {
      await connection.readPacket(responseWaitMs);
      connection.write(randomBuffer(random, 2_000));
      stats.packetsSent++;
      if (await connection.waitForClose(truncatedWaitMs)) stats.serverClosed++;
    },
  },
  {
    name: "malformed handshake response",
    run: async (connection, random, target, stats) => {
      const greeting = await connection.readPacket(responseWaitMs);
      if (greeting === undefined) throw new FuzzFailure("no greeting");
      const valid = handshakeResponse({
        user: random.nextInt(3) === 0 ? target.user : "fuzz\u00e9",
        authResponse: Buffer.from(random.bytes(random.nextInt(2) * 20)),
        capabilities: random.nextInt(2) === 0 ? defaultClientCapabilities : random.nextUint32(),
      });
      const choice = random.nextInt(4);
      if (choice === 0) connection.writePacket(valid.subarray(0, random.nextInt(valid.length)), 1);
      else if (choice === 1) connection.writePacket(mutate(random, valid), random.nextInt(256));
      else if (choice === 2)
        connection.write(Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 1]), valid]));
      else
        connection.writePacket(
          Buffer.concat([valid.subarray(0, 36), hugeLengthEncoded(random)]),
          1,
        );
      stats.packetsSent++;
      await connection.readPacket(responseWaitMs / 3);
    },
  },
  {
    name: "valid login then mutated commands",
    run: async (connection, random, target, stats) => {
      await login(connection, target.user, target.password, { timeoutMs: responseWaitMs * 2 });
      stats.loginsOk++;
      const count = 1 + random.nextInt(12);
      for (let i = 0; i < count && !connection.closed; i++) {
        const wrongSequence = random.nextInt(10) === 0;
        connection.writePacket(fuzzCommand(random), wrongSequence ? 1 + random.nextInt(255) : 0);
        stats.packetsSent++;
      }
      await sync(connection, random, stats);
    },
  },
  {
    name: "valid login, PREPARE, then mutated COM_STMT_EXECUTE",
    run: async (connection, random, target, stats) => {
      await login(connection, target.user, target.password, { timeoutMs: responseWaitMs * 2 });
      stats.loginsOk++;
      connection.writePacket(Buffer.from("\x16SELECT ?, CONCAT(?, 'x')", "utf8"), 0);
      const prepared = await connection.readPacket(responseWaitMs);
      if (prepared === undefined || prepared.payload[0] !== 0x00) return;
      const statementId = prepared.payload.readUInt32LE(1);
      const count = 1 + random.nextInt(8);
      for (let i = 0; i < count && !connection.closed; i++) {
        connection.writePacket(mutate(random, validExecute(statementId, random)), 0);
        stats.packetsSent++;
      }
      await sync(connection, random, stats);
    },
  },
  {
    name: "valid login then an oversized length header",
    run: async (connection, random, target, stats) => {
      await login(connection, target.user, target.password, { timeoutMs: responseWaitMs * 2 });
      stats.loginsOk++;
      const declared = 0xffffff - random.nextInt(1000);
      const header = Buffer.from([declared & 0xff, (declared >> 8) & 0xff, declared >> 16, 0]);
      connection.write(Buffer.concat([header, Buffer.from([0x03]), randomBuffer(random, 100)]));
      stats.packetsSent++;
      if (await connection.waitForClose(truncatedWaitMs)) stats.serverClosed++;
    },
  },
  {
    name: "valid login then SQL token soup",
    run: async (connection, random, target, stats) => {
      await login(connection, target.user, target.password, { timeoutMs: responseWaitMs * 2 });
      stats.loginsOk++;
      const count = 1 + random.nextInt(20);
      for (let i = 0; i < count; i++) {
        connection.write(
          framePacket(
            Buffer.concat([Buffer.from([0x03]), Buffer.from(tokenSoup(random), "utf8")]),
            0,
          ),
        );
        stats.packetsSent++;
      }
      await sync(connection, random, stats);
    },
  },
];

/**
 * Sends a marker query and waits until its answer (or a close) shows up, so the server has
 * processed everything before it; a server waiting for the rest of a truncated packet simply
 * times out here, which is not a finding.
 */
async function sync(
  connection: RawConnection,
  random: SeededRandom,
  stats: FuzzStats,
): Promise<void> {
  const marker = `fuzz_sync_${random.nextUint32().toString(16)}`;
  connection.writePacket(Buffer.from(`\x03SELECT '${marker}'`, "utf8"), 0);
  const answered = await connection.waitForBytes(
    (received) => received.includes(marker),
    responseWaitMs,
  );
  if (!answered && connection.closed) stats.serverClosed++;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs scenario `index` of `seed` on a fresh connection; FuzzFailure only for real findings. */
export async function runScenario(
  target: FuzzTarget,
  seed: number,
  index: number,
  stats: FuzzStats,
): Promise<void> {
  const random = new SeededRandom((Math.imul(seed >>> 0, 0x9e3779b1) ^ index) >>> 0);
  const scenario = pick(random, scenarios);
  let connection: RawConnection;
  try {
    connection = await RawConnection.connect(target.host, target.port);
  } catch (error) {
    throw new FuzzFailure(`scenario ${index} (${scenario.name}): cannot connect: ${String(error)}`);
  }
  try {
    await scenario.run(connection, random, target, stats);
    stats.scenarios++;
  } catch (error) {
    if (error instanceof FuzzFailure) throw error;
    throw new FuzzFailure(`scenario ${index} (${scenario.name}): ${messageOf(error)}`);
  } finally {
    connection.destroy();
  }
}

export interface FuzzRunOptions {
  readonly target: FuzzTarget;
  readonly seed: number;
  readonly batches: number;
  readonly scenariosPerBatch: number;
  readonly concurrency: number;
  /** Called after every batch; throws (any error) when the server is no longer healthy. */
  readonly healthCheck: (batch: number) => Promise<void>;
}

/** Runs `batches` batches of scenarios with a health check after each one. */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzStats> {
  const stats: FuzzStats = { scenarios: 0, packetsSent: 0, loginsOk: 0, serverClosed: 0 };
  for (let batch = 0; batch < options.batches; batch++) {
    const first = batch * options.scenariosPerBatch;
    for (let start = 0; start < options.scenariosPerBatch; start += options.concurrency) {
      const indexes: number[] = [];
      for (let i = start; i < Math.min(options.scenariosPerBatch, start + options.concurrency); i++)
        indexes.push(first + i);
      await Promise.all(
        indexes.map((index) => runScenario(options.target, options.seed, index, stats)),
      );
    }
    try {
      await options.healthCheck(batch);
    } catch (error) {
      throw new FuzzFailure(`health check after batch ${batch} failed: ${messageOf(error)}`);
    }
  }
  return stats;
}
