/**
 * One client connection: handshake → authentication → command phase, over a byte socket.
 *
 * Input: chunks are framed by PacketReader into a queue; the command loop takes one packet at a
 * time, so commands of one connection never overlap and a pipelining client is answered in
 * order. Output: each command's response is built in one buffer and written once; bytes the
 * socket does not accept are queued and written on drain.
 *
 * Failure rules: a malformed or out-of-order packet, or one over max_allowed_packet, gets an ERR
 * packet where MySQL sends one and then the connection is closed; nothing here can affect
 * another connection. Bugs (non-SqlError exceptions) are logged with the statement context and
 * close this connection after ER_INTERNAL_ERROR.
 */

import {
  CLIENT_CONNECT_WITH_DB,
  CLIENT_PLUGIN_AUTH,
  CLIENT_PROTOCOL_41,
  serverCapabilities,
} from "../protocol/capability-flags.ts";
import { BufferWriter } from "../protocol/buffer-writer.ts";
import { decodeHandshakeResponse, encodeAuthMoreData, encodeAuthSwitchRequest, encodeHandshakeV10 } from "../protocol/handshake.ts";
import { MalformedPacketError } from "../protocol/buffer-reader.ts";
import { PacketOutOfOrderError, PacketReader, PacketTooLargeError, type Packet } from "../protocol/packet-reader.ts";
import { SERVER_STATUS_AUTOCOMMIT } from "../protocol/status-flags.ts";
import type { Session } from "../sql/session.ts";
import { isSqlError, type SqlError } from "../sql/sql-error.ts";
import {
  connectionOutputBufferBytesMax,
  packetPayloadBytesMax,
  serverVersion,
} from "../constants.ts";
import { AssertionError } from "../util/assert.ts";
import {
  ER_ACCESS_DENIED_ERROR,
  ER_HANDSHAKE_ERROR,
  ER_INTERNAL_ERROR,
  ER_NET_PACKETS_OUT_OF_ORDER,
  ER_NET_PACKET_TOO_LARGE,
  formatErrorMessage,
  type MysqlErrorSpec,
} from "../util/mysql-errors.ts";
import type { AuthChannel } from "./authenticator.ts";
import { CommandHandler } from "./command-handler.ts";
import { ResponseWriter } from "./response-writer.ts";
import type { ServerContext } from "./server-context.ts";

/** The part of a socket a connection uses (Bun's TCP socket satisfies it). */
export interface ConnectionSocket {
  write(data: Uint8Array): number;
  end(): void;
  timeout(seconds: number): void;
  readonly remoteAddress: string;
}

/** The handshake's collation: utf8mb4_0900_ai_ci, MySQL 8.0's default. */
const handshakeCollationId = 255;
const scrambleLength = 20;

class ConnectionClosed extends Error {}

export class Connection {
  readonly #reader: PacketReader;
  readonly #queue: Packet[] = [];
  #waiter: ((packet: Packet | undefined) => void) | undefined;
  readonly #pendingOutput: Uint8Array[] = [];
  #pendingOutputBytes = 0;
  /** Resolved by onDrain once pending output is back under the limit (or on close). */
  #drainWaiter: (() => void) | undefined;
  #closed = false;
  readonly out = new BufferWriter(16 * 1024);
  writer: ResponseWriter;
  capabilities = 0;
  session: Session | undefined;
  user = "";
  readonly clientHost: string;
  readonly scramble: Uint8Array;

  constructor(
    readonly id: number,
    readonly socket: ConnectionSocket,
    readonly context: ServerContext,
  ) {
    this.#reader = new PacketReader(context.maxAllowedPacketBytes());
    this.writer = new ResponseWriter(this.out, 0);
    this.clientHost = hostOf(socket.remoteAddress);
    this.scramble = makeScramble(context);
  }

  get closed(): boolean {
    return this.#closed;
  }

  // ---- input -----------------------------------------------------------------------------

  onData(chunk: Uint8Array): void {
    if (this.#closed) return;
    try {
      this.#reader.push(chunk);
      for (let packet = this.#reader.next(); packet; packet = this.#reader.next()) {
        this.#deliver(packet);
      }
    } catch (error) {
      this.#onFramingError(error);
    }
  }

  #deliver(packet: Packet): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter(packet);
    } else {
      this.#queue.push(packet);
    }
  }

  #onFramingError(error: unknown): void {
    if (error instanceof PacketTooLargeError) {
      this.sendFatal(ER_NET_PACKET_TOO_LARGE);
    } else if (error instanceof PacketOutOfOrderError) {
      this.sendFatal(ER_NET_PACKETS_OUT_OF_ORDER);
    } else if (error instanceof MalformedPacketError) {
      this.close();
    } else {
      throw error;
    }
  }

  /** The next packet, or undefined once the connection is closed. */
  nextPacket(): Promise<Packet | undefined> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /** The next packet of an exchange in progress; its sequence id must follow ours. */
  async #expectPacket(): Promise<Uint8Array> {
    const packet = await this.nextPacket();
    if (packet === undefined) throw new ConnectionClosed();
    if (packet.sequenceId !== this.writer.sequenceId) {
      this.sendFatal(ER_NET_PACKETS_OUT_OF_ORDER);
      throw new ConnectionClosed();
    }
    this.writer.sequenceId = sequenceIdAfter(packet);
    return packet.payload;
  }

  // ---- output ----------------------------------------------------------------------------

  /** Writes everything buffered in `out` to the socket (queueing what it does not accept). */
  flush(): void {
    if (this.out.length === 0 || this.#closed) {
      this.out.reset();
      return;
    }
    const bytes = this.out.finish();
    if (this.#pendingOutput.length > 0) {
      this.#queueOutput(bytes.slice());
    } else {
      const written = this.socket.write(bytes);
      if (written < bytes.length) this.#queueOutput(bytes.slice(Math.max(written, 0)));
    }
    this.out.reset();
  }

  #queueOutput(bytes: Uint8Array): void {
    this.#pendingOutput.push(bytes);
    this.#pendingOutputBytes += bytes.length;
  }

  onDrain(): void {
    while (this.#pendingOutput.length > 0 && !this.#closed) {
      const head = this.#pendingOutput[0]!;
      const written = Math.max(this.socket.write(head), 0);
      this.#pendingOutputBytes -= Math.min(written, head.length);
      if (written >= head.length) {
        this.#pendingOutput.shift();
      } else {
        this.#pendingOutput[0] = head.subarray(written);
        break;
      }
    }
    if (this.#pendingOutputBytes <= connectionOutputBufferBytesMax) this.#wakeDrainWaiter();
  }

  get pendingOutputBytes(): number {
    return this.#pendingOutputBytes;
  }

  #wakeDrainWaiter(): void {
    const waiter = this.#drainWaiter;
    this.#drainWaiter = undefined;
    waiter?.();
  }

  /**
   * Backpressure: a client that sends commands without reading the replies must not make us
   * buffer without bound, so the next command waits until the socket has taken enough.
   */
  #outputRoom(): Promise<void> | undefined {
    if (this.#pendingOutputBytes <= connectionOutputBufferBytesMax || this.#closed) return undefined;
    return new Promise((resolve) => {
      this.#drainWaiter = resolve;
    });
  }

  /** Sends an ERR packet for `spec` and closes the connection. */
  sendFatal(spec: MysqlErrorSpec, ...args: unknown[]): void {
    if (this.#closed) return;
    this.writer.error(spec.code, spec.sqlState, formatErrorMessage(spec.template, args));
    this.flush();
    this.close();
  }

  sendSqlError(error: SqlError): void {
    this.writer.error(error.code, error.sqlState, error.message);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#wakeDrainWaiter();
    this.socket.end();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.(undefined);
  }

  /** Called by the listener when the peer has gone. */
  onSocketClosed(): void {
    this.#closed = true;
    this.#wakeDrainWaiter();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.(undefined);
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** Runs the connection to its end. Never rejects for client behaviour. */
  async run(): Promise<void> {
    try {
      if (!(await this.#handshake())) return;
      const handler = new CommandHandler(this);
      // From here on the idle limit is wait_timeout, not connect_timeout (a first statement
      // that ran longer than connect_timeout used to lose its connection).
      this.socket.timeout(this.context.waitTimeoutSeconds(this.session));
      for (;;) {
        const room = this.#outputRoom();
        if (room !== undefined) await room;
        const packet = await this.nextPacket();
        if (packet === undefined) return;
        if (packet.sequenceId !== 0) {
          this.sendFatal(ER_NET_PACKETS_OUT_OF_ORDER);
          return;
        }
        this.writer.sequenceId = sequenceIdAfter(packet);
        const keepOpen = await this.#dispatchGuarded(handler, packet.payload);
        this.flush();
        if (!keepOpen) return;
        this.socket.timeout(this.context.waitTimeoutSeconds(this.session));
      }
    } catch (error) {
      if (!(error instanceof ConnectionClosed)) throw error;
    } finally {
      this.close();
      if (this.session) await this.context.engine.closeSession(this.session);
      this.context.onConnectionClosed(this);
    }
  }

  async #dispatchGuarded(handler: CommandHandler, payload: Uint8Array): Promise<boolean> {
    try {
      return await handler.dispatch(payload);
    } catch (error) {
      if (error instanceof ConnectionClosed || error instanceof AssertionError) throw error;
      if (isSqlError(error)) {
        this.sendSqlError(error);
        return true;
      }
      if (error instanceof MalformedPacketError) {
        this.close();
        return false;
      }
      this.context.logger.error("internal error while handling a command", {
        connection_id: this.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      this.sendFatal(ER_INTERNAL_ERROR, error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  // ---- handshake and authentication --------------------------------------------------------

  async #handshake(): Promise<boolean> {
    this.socket.timeout(this.context.connectTimeoutSeconds);
    this.writer.sequenceId = 0;
    this.writer.raw((out) =>
      encodeHandshakeV10(out, {
        connectionId: this.id,
        serverVersion,
        authPluginData: this.scramble,
        capabilities: serverCapabilities,
        characterSet: handshakeCollationId,
        statusFlags: SERVER_STATUS_AUTOCOMMIT,
        authPluginName: this.context.defaultAuthPlugin,
      }),
    );
    this.flush();
    const payload = await this.#expectPacket();
    let response;
    try {
      response = decodeHandshakeResponse(payload);
    } catch (error) {
      if (!(error instanceof MalformedPacketError)) throw error;
      this.sendFatal(ER_HANDSHAKE_ERROR);
      return false;
    }
    if (response.kind === "ssl-request" || (response.capabilities & CLIENT_PROTOCOL_41) === 0) {
      // We do not offer TLS, and pre-4.1 clients are not supported.
      this.sendFatal(ER_HANDSHAKE_ERROR);
      return false;
    }
    this.capabilities = response.capabilities & (serverCapabilities | CLIENT_CONNECT_WITH_DB);
    this.writer = new ResponseWriter(this.out, this.capabilities);
    this.writer.sequenceId = 2;
    return this.#login({
      user: response.username,
      authResponse: response.authResponse,
      clientPlugin:
        (response.capabilities & CLIENT_PLUGIN_AUTH) !== 0 ? response.authPluginName : undefined,
      database:
        (response.capabilities & CLIENT_CONNECT_WITH_DB) !== 0 ? response.database : undefined,
      collationId: response.characterSet,
    });
  }

  /** Authenticates and opens the session (also used by COM_CHANGE_USER). */
  async #login(request: LoginRequest): Promise<boolean> {
    const outcome = await this.context.authenticator.authenticate(
      {
        user: request.user,
        clientHost: this.clientHost,
        clientPlugin: request.clientPlugin,
        authResponse: request.authResponse,
        scramble: this.scramble,
      },
      this.#authChannel(),
    );
    if (outcome.kind === "denied") {
      this.context.logger.warn("access denied", { user: request.user, host: this.clientHost });
      this.sendFatal(ER_ACCESS_DENIED_ERROR, request.user, this.clientHost, outcome.usedPassword ? "YES" : "NO");
      return false;
    }
    const session = this.context.engine.openSession({
      connectionId: this.id,
      user: request.user,
      host: this.clientHost,
      database: undefined,
      collationId: request.collationId,
    });
    if (request.database !== undefined && request.database !== "") {
      try {
        this.context.engine.useDatabase(session, request.database);
      } catch (error) {
        await this.context.engine.closeSession(session);
        if (!isSqlError(error)) throw error;
        this.sendSqlError(error);
        this.flush();
        this.close();
        return false;
      }
    }
    if (this.session) await this.context.engine.closeSession(this.session);
    this.session = session;
    this.user = request.user;
    this.writer.ok({ affectedRows: 0, lastInsertId: 0, statusFlags: SERVER_STATUS_AUTOCOMMIT, warnings: 0 });
    this.flush();
    return true;
  }

  /** COM_CHANGE_USER: re-authenticate on this connection with the original scramble. */
  changeUser(request: LoginRequest): Promise<boolean> {
    return this.#login(request);
  }

  #authChannel(): AuthChannel {
    return {
      switchPlugin: async (plugin, scramble) => {
        this.writer.raw((out) => encodeAuthSwitchRequest(out, plugin, scramble));
        this.flush();
        return this.#expectPacket();
      },
      moreData: async (data, expectReply) => {
        this.writer.raw((out) => encodeAuthMoreData(out, data));
        this.flush();
        return expectReply ? this.#expectPacket() : undefined;
      },
    };
  }
}

export interface LoginRequest {
  readonly user: string;
  readonly authResponse: Uint8Array;
  readonly clientPlugin: string | undefined;
  readonly database: string | undefined;
  readonly collationId: number;
}

/**
 * The sequence id our reply starts with: one past the last physical packet of `packet`. A
 * payload of n bytes arrived in floor(n / 0xffffff) + 1 packets (every part but the last is
 * exactly 0xffffff bytes; an exact multiple ends with an empty part).
 */
export function sequenceIdAfter(packet: Packet): number {
  const parts = Math.floor(packet.payload.length / packetPayloadBytesMax) + 1;
  return (packet.sequenceId + parts) & 0xff;
}

/** MySQL shows loopback TCP clients as "localhost" (with name resolution on). */
function hostOf(remoteAddress: string): string {
  if (remoteAddress === "127.0.0.1" || remoteAddress === "::1" || remoteAddress === "::ffff:127.0.0.1") {
    return "localhost";
  }
  return remoteAddress.startsWith("::ffff:") ? remoteAddress.slice(7) : remoteAddress;
}

/** 20 scramble bytes in 1..127, as mysqld makes them (no NUL, so NUL-terminated forms work). */
function makeScramble(context: ServerContext): Uint8Array {
  const bytes = context.random.bytes(scrambleLength);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i]! % 127) + 1;
  return bytes;
}
