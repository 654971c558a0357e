/**
 * A minimal hand-written MySQL client over node:net for protocol tests and fuzzing: it frames
 * packets, performs the protocol-41 handshake (empty password, or mysql_native_password
 * scrambles), and otherwise lets the caller write arbitrary bytes.
 *
 * Invariant: reads never wait forever; every read takes a timeout and resolves `undefined` on
 * timeout or when the server closed the connection.
 */

import { createHash } from "node:crypto";
import { Socket } from "node:net";

export const capability = {
  longPassword: 0x1,
  foundRows: 0x2,
  longFlag: 0x4,
  connectWithDb: 0x8,
  protocol41: 0x200,
  transactions: 0x2000,
  secureConnection: 0x8000,
  multiStatements: 0x10000,
  multiResults: 0x20000,
  psMultiResults: 0x40000,
  pluginAuth: 0x80000,
} as const;

export const defaultClientCapabilities =
  capability.longPassword |
  capability.foundRows |
  capability.longFlag |
  capability.protocol41 |
  capability.transactions |
  capability.secureConnection |
  capability.multiStatements |
  capability.multiResults |
  capability.psMultiResults |
  capability.pluginAuth;

export interface Packet {
  readonly sequenceId: number;
  readonly payload: Buffer;
}

export interface InitialHandshake {
  readonly protocolVersion: number;
  readonly serverVersion: string;
  readonly connectionId: number;
  readonly scramble: Buffer;
  readonly capabilities: number;
  readonly authPluginName: string;
}

/** Frames `payload` (< 16 MiB) as one packet with `sequenceId`. */
export function framePacket(payload: Uint8Array, sequenceId: number): Buffer {
  const header = Buffer.from([
    payload.length & 0xff,
    (payload.length >> 8) & 0xff,
    (payload.length >> 16) & 0xff,
    sequenceId & 0xff,
  ]);
  return Buffer.concat([header, payload]);
}

export class RawConnection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #closed = false;
  #waiter: (() => void) | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    socket.on("close", () => {
      this.#closed = true;
      this.#wake();
    });
    socket.on("error", () => {});
  }

  static async connect(host: string, port: number, timeoutMs = 5_000): Promise<RawConnection> {
    return await new Promise<RawConnection>((resolve, reject) => {
      const socket = new Socket();
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.connect(port, host, () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new RawConnection(socket));
      });
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Everything received and not yet consumed by readPacket. */
  get pending(): Buffer {
    return this.#buffer;
  }

  write(bytes: Uint8Array): void {
    if (!this.#closed && !this.#socket.destroyed) this.#socket.write(bytes);
  }

  writePacket(payload: Uint8Array, sequenceId: number): void {
    this.write(framePacket(payload, sequenceId));
  }

  /** The next whole packet, or undefined on timeout or close. */
  async readPacket(timeoutMs: number): Promise<Packet | undefined> {
    const ready = await this.#waitFor(() => this.#packetLength() !== undefined, timeoutMs);
    if (!ready) return undefined;
    const length = this.#packetLength()!;
    const sequenceId = this.#buffer[3]!;
    const payload = this.#buffer.subarray(4, 4 + length);
    this.#buffer = this.#buffer.subarray(4 + length);
    return { sequenceId, payload };
  }

  /** Waits until `predicate` holds for the received bytes; false on timeout or close. */
  async waitForBytes(
    predicate: (received: Buffer) => boolean,
    timeoutMs: number,
  ): Promise<boolean> {
    return await this.#waitFor(() => predicate(this.#buffer), timeoutMs);
  }

  /** Resolves when the server closed the connection, or false after `timeoutMs`. */
  async waitForClose(timeoutMs: number): Promise<boolean> {
    await this.#waitFor(() => false, timeoutMs);
    return this.#closed;
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #packetLength(): number | undefined {
    if (this.#buffer.length < 4) return undefined;
    const length = this.#buffer[0]! | (this.#buffer[1]! << 8) | (this.#buffer[2]! << 16);
    return this.#buffer.length >= 4 + length ? length : undefined;
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  async #waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    if (predicate()) return true;
    if (this.#closed) return false;
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        resolve(predicate());
      }, timeoutMs);
      const check = (): void => {
        if (predicate() || this.#closed) {
          clearTimeout(timer);
          resolve(predicate());
        } else {
          this.#waiter = check;
        }
      };
      this.#waiter = check;
    });
  }
}

/** Parses the server's HandshakeV10 packet; throws on anything else. */
export function parseInitialHandshake(payload: Buffer): InitialHandshake {
  if (payload[0] === 0xff)
    throw new Error(`server refused the connection: ${payload.subarray(9).toString("utf8")}`);
  let offset = 0;
  const protocolVersion = payload[offset++]!;
  const versionEnd = payload.indexOf(0, offset);
  const serverVersion = payload.subarray(offset, versionEnd).toString("latin1");
  offset = versionEnd + 1;
  const connectionId = payload.readUInt32LE(offset);
  offset += 4;
  const part1 = payload.subarray(offset, offset + 8);
  offset += 9;
  const capabilitiesLow = payload.readUInt16LE(offset);
  offset += 2 + 1 + 2;
  const capabilitiesHigh = payload.readUInt16LE(offset);
  offset += 2;
  const authDataLength = payload[offset]!;
  offset += 1 + 10;
  const part2Length = Math.max(13, authDataLength - 8);
  const part2 = payload.subarray(offset, offset + part2Length - 1);
  offset += part2Length;
  const nameEnd = payload.indexOf(0, offset);
  const authPluginName = payload
    .subarray(offset, nameEnd === -1 ? payload.length : nameEnd)
    .toString("latin1");
  return {
    protocolVersion,
    serverVersion,
    connectionId,
    scramble: Buffer.concat([part1, part2]),
    capabilities: capabilitiesLow | (capabilitiesHigh << 16),
    authPluginName,
  };
}

/** SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))); empty for an empty password. */
export function nativePasswordToken(password: string, scramble: Buffer): Buffer {
  if (password === "") return Buffer.alloc(0);
  const sha1 = (data: Buffer): Buffer => createHash("sha1").update(data).digest();
  const stage1 = sha1(Buffer.from(password, "utf8"));
  const stage2 = sha1(stage1);
  const mix = sha1(Buffer.concat([scramble.subarray(0, 20), stage2]));
  return Buffer.from(stage1.map((byte, i) => byte ^ mix[i]!));
}

export interface HandshakeResponseOptions {
  readonly user: string;
  readonly authResponse: Buffer;
  readonly capabilities?: number;
  readonly database?: string;
  readonly pluginName?: string;
  readonly characterSet?: number;
}

/** A HandshakeResponse41 payload. */
export function handshakeResponse(options: HandshakeResponseOptions): Buffer {
  let capabilities = options.capabilities ?? defaultClientCapabilities;
  if (options.database !== undefined) capabilities |= capability.connectWithDb;
  const fixed = Buffer.alloc(32);
  fixed.writeUInt32LE(capabilities >>> 0, 0);
  fixed.writeUInt32LE(16 * 1024 * 1024, 4);
  fixed[8] = options.characterSet ?? 255;
  const parts = [
    fixed,
    Buffer.from(`${options.user}\0`, "utf8"),
    Buffer.from([options.authResponse.length]),
    options.authResponse,
  ];
  if (options.database !== undefined) parts.push(Buffer.from(`${options.database}\0`, "utf8"));
  parts.push(Buffer.from(`${options.pluginName ?? "mysql_native_password"}\0`, "latin1"));
  return Buffer.concat(parts);
}

export interface LoginOptions {
  readonly timeoutMs?: number;
  /** The plugin the handshake response names (default mysql_native_password). */
  readonly pluginName?: string;
  /** The first auth response; default: the mysql_native_password token for the password. */
  readonly authResponse?: Buffer;
}

export interface LoginResult {
  readonly handshake: InitialHandshake;
  /** The plugins the server switched to with AuthSwitchRequest, in order. */
  readonly switchedTo: readonly string[];
}

/**
 * Reads the greeting, logs in, and follows an AuthSwitchRequest (answered with a
 * mysql_native_password token) or AuthMoreData exchange. Throws with the server's message when
 * the login is refused.
 */
export async function login(
  connection: RawConnection,
  user: string,
  password: string,
  options: LoginOptions = {},
): Promise<LoginResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const greeting = await connection.readPacket(timeoutMs);
  if (greeting === undefined) throw new Error("no greeting from the server");
  const handshake = parseInitialHandshake(greeting.payload);
  const authResponse = options.authResponse ?? nativePasswordToken(password, handshake.scramble);
  const pluginName = options.pluginName ?? "mysql_native_password";
  connection.writePacket(
    handshakeResponse({ user, authResponse, pluginName }),
    greeting.sequenceId + 1,
  );
  const switchedTo: string[] = [];
  for (let round = 0; round < 4; round++) {
    const reply = await connection.readPacket(timeoutMs);
    if (reply === undefined) throw new Error("the server closed the connection during login");
    const kind = reply.payload[0];
    if (kind === 0x00) return { handshake, switchedTo };
    if (kind === 0xff)
      throw new Error(`login refused: ${reply.payload.subarray(9).toString("utf8")}`);
    if (kind === 0xfe) {
      const nameEnd = reply.payload.indexOf(0, 1);
      const plugin = reply.payload.subarray(1, nameEnd).toString("latin1");
      switchedTo.push(plugin);
      let scramble = reply.payload.subarray(nameEnd + 1);
      if (scramble.length > 20 && scramble[scramble.length - 1] === 0)
        scramble = scramble.subarray(0, -1);
      if (password !== "" && plugin !== "mysql_native_password")
        throw new Error(`cannot answer an auth switch to ${plugin}`);
      connection.writePacket(nativePasswordToken(password, scramble), reply.sequenceId + 1);
    } else if (kind !== 0x01) {
      throw new Error(`unexpected login packet 0x${kind?.toString(16)}`);
    }
  }
  throw new Error("login did not finish");
}
