/**
 * Connection-phase payloads (MySQL "Connection Phase Packets"): the server's HandshakeV10, the
 * client's HandshakeResponse41 or SSLRequest, AuthSwitchRequest, AuthMoreData, and the
 * COM_CHANGE_USER body, which reuses the handshake-response fields.
 *
 * Encoders write payloads only (the caller frames them). Decoders throw MalformedPacketError on
 * anything that is not a well-formed packet, and reject pre-4.1 clients, whose packet layout
 * this server does not speak. Byte arrays in decoded results are copies, so they stay valid
 * after the receive buffer is reused. Trailing optional fields that a client leaves out entirely
 * (database, plugin name) read as undefined, as mysqld tolerates.
 */

import { protocolVersion } from "../constants.ts";
import { assert } from "../util/assert.ts";
import { BufferReader, decodeUtf8, MalformedPacketError } from "./buffer-reader.ts";
import type { BufferWriter } from "./buffer-writer.ts";
import {
  CLIENT_CONNECT_ATTRS,
  CLIENT_CONNECT_WITH_DB,
  CLIENT_PLUGIN_AUTH,
  CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA,
  CLIENT_PROTOCOL_41,
  CLIENT_SECURE_CONNECTION,
  CLIENT_SSL,
} from "./capability-flags.ts";

const SCRAMBLE_BYTES = 20;
const SCRAMBLE_PART1_BYTES = 8;
const HANDSHAKE_RESPONSE_FIXED_BYTES = 32;

export interface HandshakeV10 {
  readonly connectionId: number;
  readonly serverVersion: string;
  /** The 20-byte scramble (nonce) for the auth plugin. */
  readonly authPluginData: Uint8Array;
  readonly capabilities: number;
  /** Collation id of the server default (e.g. 255 utf8mb4_0900_ai_ci). */
  readonly characterSet: number;
  readonly statusFlags: number;
  readonly authPluginName: string;
}

export interface SslRequest {
  readonly kind: "ssl-request";
  readonly capabilities: number;
}

export interface HandshakeResponse {
  readonly kind: "handshake-response";
  readonly capabilities: number;
  readonly maxPacketSize: number;
  readonly characterSet: number;
  readonly username: string;
  readonly authResponse: Uint8Array;
  readonly database: string | undefined;
  readonly authPluginName: string | undefined;
  readonly connectAttributes: ReadonlyMap<string, string>;
}

export interface ChangeUser {
  readonly username: string;
  readonly authResponse: Uint8Array;
  readonly database: string | undefined;
  readonly characterSet: number | undefined;
  readonly authPluginName: string | undefined;
  readonly connectAttributes: ReadonlyMap<string, string>;
}

/** Writes the HandshakeV10 payload the server sends first on every connection. */
export function encodeHandshakeV10(out: BufferWriter, h: HandshakeV10): void {
  assert(h.authPluginData.length === SCRAMBLE_BYTES, "the scramble is 20 bytes");
  assert(!h.authPluginData.includes(0), "a NUL in the scramble would truncate it for clients");
  out.u8(protocolVersion);
  out.nulString(h.serverVersion);
  out.u32(h.connectionId >>> 0);
  out.bytes(h.authPluginData.subarray(0, SCRAMBLE_PART1_BYTES));
  out.u8(0); // Filler.
  out.u16(h.capabilities & 0xffff);
  out.u8(h.characterSet & 0xff);
  out.u16(h.statusFlags);
  out.u16(h.capabilities >>> 16);
  const pluginAuth = (h.capabilities & CLIENT_PLUGIN_AUTH) !== 0;
  out.u8(pluginAuth ? SCRAMBLE_BYTES + 1 : 0);
  out.fill(0, 10); // Reserved.
  // Part 2 is max(13, length - 8) bytes: the remaining 12 scramble bytes and a NUL.
  out.bytes(h.authPluginData.subarray(SCRAMBLE_PART1_BYTES));
  out.u8(0);
  if (pluginAuth) out.nulString(h.authPluginName);
}

/** Decodes the client's first answer: a HandshakeResponse41, or an SSLRequest. */
export function decodeHandshakeResponse(payload: Uint8Array): HandshakeResponse | SslRequest {
  const r = new BufferReader(payload);
  const capabilities = r.u32();
  if ((capabilities & CLIENT_PROTOCOL_41) === 0) {
    throw new MalformedPacketError("pre-4.1 clients (HandshakeResponse320) are not supported");
  }
  const maxPacketSize = r.u32();
  const characterSet = r.u8();
  r.skip(23); // Filler.
  if (r.atEnd() && (capabilities & CLIENT_SSL) !== 0) {
    assert(payload.length === HANDSHAKE_RESPONSE_FIXED_BYTES, "fixed part is 32 bytes");
    return { kind: "ssl-request", capabilities };
  }
  const username = r.nulString();
  const authResponse = readHandshakeAuthResponse(r, capabilities).slice();
  const database =
    (capabilities & CLIENT_CONNECT_WITH_DB) !== 0 ? nonEmpty(nulStringOrRest(r)) : undefined;
  const authPluginName =
    (capabilities & CLIENT_PLUGIN_AUTH) !== 0 ? nonEmpty(nulStringOrRest(r)) : undefined;
  const connectAttributes =
    (capabilities & CLIENT_CONNECT_ATTRS) !== 0 && !r.atEnd()
      ? readConnectAttributes(r)
      : new Map<string, string>();
  return {
    kind: "handshake-response",
    capabilities,
    maxPacketSize,
    characterSet,
    username,
    authResponse,
    database,
    authPluginName,
    connectAttributes,
  };
}

function readHandshakeAuthResponse(r: BufferReader, capabilities: number): Uint8Array {
  if ((capabilities & CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA) !== 0) return r.lenencBytes();
  if ((capabilities & CLIENT_SECURE_CONNECTION) !== 0) return r.fixedBytes(r.u8());
  return r.nulBytes();
}

/**
 * Decodes a COM_CHANGE_USER body: `payload` starts AFTER the 0x11 command byte. Layout:
 * user NUL, auth response (1-byte length with CLIENT_SECURE_CONNECTION, else NUL-terminated),
 * database NUL, then optionally character set (2 bytes), plugin name NUL, connect attributes.
 */
export function decodeChangeUser(payload: Uint8Array, clientCapabilities: number): ChangeUser {
  const r = new BufferReader(payload);
  const username = r.nulString();
  const authResponse = (
    (clientCapabilities & CLIENT_SECURE_CONNECTION) !== 0 ? r.fixedBytes(r.u8()) : r.nulBytes()
  ).slice();
  const database = nonEmpty(nulStringOrRest(r));
  let characterSet: number | undefined;
  let authPluginName: string | undefined;
  let connectAttributes: ReadonlyMap<string, string> = new Map<string, string>();
  if (!r.atEnd()) {
    characterSet = r.u16();
    if ((clientCapabilities & CLIENT_PLUGIN_AUTH) !== 0) {
      authPluginName = nonEmpty(nulStringOrRest(r));
    }
    if ((clientCapabilities & CLIENT_CONNECT_ATTRS) !== 0 && !r.atEnd()) {
      connectAttributes = readConnectAttributes(r);
    }
  }
  return { username, authResponse, database, characterSet, authPluginName, connectAttributes };
}

/** Writes an AuthSwitchRequest: 0xfe, plugin name NUL, plugin data, NUL (as mysqld sends). */
export function encodeAuthSwitchRequest(
  out: BufferWriter,
  pluginName: string,
  pluginData: Uint8Array,
): void {
  out.u8(0xfe);
  out.nulString(pluginName);
  out.bytes(pluginData);
  out.u8(0);
}

/** Writes an AuthMoreData packet: 0x01 then the data (a status byte or a PEM public key). */
export function encodeAuthMoreData(out: BufferWriter, data: Uint8Array): void {
  out.u8(0x01);
  out.bytes(data);
}

/** A NUL-terminated string, or the rest of the packet when the client omitted the NUL. */
function nulStringOrRest(r: BufferReader): string {
  if (r.atEnd()) return "";
  return hasNul(r) ? r.nulString() : r.restString();
}

function hasNul(r: BufferReader): boolean {
  const start = r.offset;
  const rest = r.restBytes();
  r.offset = start;
  return rest.includes(0);
}

function nonEmpty(value: string): string | undefined {
  return value.length === 0 ? undefined : value;
}

/** Connect attributes: a lenenc total length, then lenenc key/value string pairs within it. */
function readConnectAttributes(r: BufferReader): Map<string, string> {
  const totalBytes = r.lenencIntNumber();
  const block = new BufferReader(r.fixedBytes(totalBytes));
  const attributes = new Map<string, string>();
  while (!block.atEnd()) {
    const key = decodeUtf8(block.lenencBytes());
    const value = decodeUtf8(block.lenencBytes());
    attributes.set(key, value);
  }
  return attributes;
}
