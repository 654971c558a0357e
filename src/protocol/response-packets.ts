/**
 * OK, ERR and EOF payloads (MySQL "Generic Response Packets"). Encoders write the payload only;
 * the caller frames it (PacketBuilder or writePacket) with the right sequence id.
 *
 * The server never advertises CLIENT_SESSION_TRACK and rejects pre-4.1 clients, so an OK always
 * carries status flags and warnings. `info` is written length-encoded: the protocol pages call it
 * string<EOF>, but mysqld writes it with net_store_data (length-encoded) and libmariadb reads it
 * so, rejecting the packet as malformed otherwise.
 */

import { assert } from "../util/assert.ts";
import type { BufferWriter } from "./buffer-writer.ts";

export interface OkPacket {
  readonly affectedRows: number | bigint;
  readonly lastInsertId: number | bigint;
  readonly statusFlags: number;
  readonly warnings: number;
  readonly info?: string;
  /** 0xfe marks the OK that ends a result set in place of EOF under CLIENT_DEPRECATE_EOF. */
  readonly header?: 0x00 | 0xfe;
}

export function encodeOk(out: BufferWriter, ok: OkPacket): void {
  out.u8(ok.header ?? 0x00);
  out.lenencInt(ok.affectedRows);
  out.lenencInt(ok.lastInsertId);
  out.u16(ok.statusFlags);
  out.u16(Math.min(ok.warnings, 0xffff));
  if (ok.info !== undefined && ok.info.length > 0) out.lenencString(ok.info);
}

/** An ERR packet: 0xff, error code, '#', the 5-character SQLSTATE, then the message. */
export function encodeErr(out: BufferWriter, code: number, sqlState: string, message: string) {
  assert(Number.isInteger(code) && code >= 0 && code <= 0xffff, "error code is 2 bytes");
  assert(/^[0-9A-Z]{5}$/.test(sqlState), `SQLSTATE must be 5 characters: ${sqlState}`);
  out.u8(0xff);
  out.u16(code);
  out.u8(0x23);
  out.string(sqlState);
  out.string(message);
}

/** The legacy EOF packet (only for clients without CLIENT_DEPRECATE_EOF). */
export function encodeEof(out: BufferWriter, warnings: number, statusFlags: number): void {
  out.u8(0xfe);
  out.u16(Math.min(warnings, 0xffff));
  out.u16(statusFlags);
}
