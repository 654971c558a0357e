/**
 * Cross-checks against a real client's codec: mysql2 (a devDependency) parses what we encode,
 * and we decode what it encodes. This catches symmetric misreadings of the spec that our own
 * round-trip tests cannot.
 */

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BufferWriter } from "./buffer-writer.ts";
import { serverCapabilities } from "./capability-flags.ts";
import {
  BINARY_FLAG,
  MYSQL_TYPE_BLOB,
  MYSQL_TYPE_DATETIME,
  MYSQL_TYPE_DOUBLE,
  MYSQL_TYPE_JSON,
  MYSQL_TYPE_LONGLONG,
  MYSQL_TYPE_NULL,
  MYSQL_TYPE_TINY,
  MYSQL_TYPE_VAR_STRING,
  NOT_NULL_FLAG,
} from "./column-type.ts";
import { encodeHandshakeV10 } from "./handshake.ts";
import { decodeStmtExecute } from "./prepared-statement.ts";
import { encodeColumnDefinition } from "./result-set.ts";

const require = createRequire(import.meta.url);
const mysql2Root = dirname(require.resolve("mysql2"));
const mysql2 = (path: string) => require(join(mysql2Root, "lib", path));
const Packet = mysql2("packets/packet.js");
const Handshake = mysql2("packets/handshake.js");
const ColumnDefinition = mysql2("packets/column_definition.js");
const Execute = mysql2("packets/execute.js");

/** Wraps a payload as mysql2's Packet (it expects the 4-byte header in front). */
function asMysql2Packet(payload: Uint8Array) {
  const buffer = Buffer.alloc(payload.length + 4);
  buffer.set(payload, 4);
  return new Packet(0, buffer, 0, buffer.length);
}

describe("mysql2 interop", () => {
  it("mysql2 parses our HandshakeV10", () => {
    const scramble = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
    const out = new BufferWriter();
    encodeHandshakeV10(out, {
      connectionId: 0x01020304,
      serverVersion: "8.0.35-wesql-ts",
      authPluginData: scramble,
      capabilities: serverCapabilities,
      characterSet: 255,
      statusFlags: 2,
      authPluginName: "caching_sha2_password",
    });
    const h = Handshake.fromPacket(asMysql2Packet(out.finish()));
    expect(h.protocolVersion).toBe(10);
    expect(h.serverVersion).toBe("8.0.35-wesql-ts");
    expect(h.connectionId).toBe(0x01020304);
    expect(h.capabilityFlags >>> 0).toBe(serverCapabilities);
    expect(h.characterSet).toBe(255);
    expect(h.statusFlags).toBe(2);
    expect(h.authPluginName).toBe("caching_sha2_password");
    const data = Buffer.concat([h.authPluginData1, h.authPluginData2]).subarray(0, 20);
    expect([...data]).toEqual([...scramble]);
  });

  it("mysql2 parses our column definitions", () => {
    const out = new BufferWriter();
    encodeColumnDefinition(out, {
      schema: "shop",
      table: "o",
      orgTable: "orders",
      name: "Prîce",
      orgName: "price",
      characterSet: 63,
      columnLength: 20,
      columnType: MYSQL_TYPE_LONGLONG,
      flags: NOT_NULL_FLAG | BINARY_FLAG,
      decimals: 0,
    });
    const c = new ColumnDefinition(asMysql2Packet(out.finish()), "utf8");
    expect(c.schema).toBe("shop");
    expect(c.table).toBe("o");
    expect(c.orgTable).toBe("orders");
    expect(c.name).toBe("Prîce");
    expect(c.orgName).toBe("price");
    expect(c.characterSet).toBe(63);
    expect(c.columnLength).toBe(20);
    expect(c.columnType).toBe(MYSQL_TYPE_LONGLONG);
    expect(c.flags).toBe(NOT_NULL_FLAG | BINARY_FLAG);
  });

  it("we decode mysql2's COM_STMT_EXECUTE for every JS parameter kind", () => {
    const date = new Date(2024, 0, 2, 3, 4, 5, 678);
    const params = [42, -1.5, "héllo", null, Buffer.from([0, 255]), true, { a: [1] }, date];
    const packet = new Execute(7, params, 255, "local").toPacket();
    const payload = new Uint8Array(packet.buffer).subarray(5);
    const e = decodeStmtExecute(payload, () => params.length, () => undefined, () => undefined);
    expect(e.statementId).toBe(7);
    expect(e.paramTypes.map((p) => p.type)).toEqual([
      MYSQL_TYPE_DOUBLE,
      MYSQL_TYPE_DOUBLE,
      MYSQL_TYPE_VAR_STRING,
      MYSQL_TYPE_NULL,
      MYSQL_TYPE_BLOB,
      MYSQL_TYPE_TINY,
      MYSQL_TYPE_JSON,
      MYSQL_TYPE_DATETIME,
    ]);
    const text = (v: unknown) => new TextDecoder().decode(v as Uint8Array);
    expect(e.values[0]).toBe(42);
    expect(e.values[1]).toBe(-1.5);
    expect(text(e.values[2])).toBe("héllo");
    expect(e.values[3]).toBeNull();
    expect(e.values[4]).toEqual(Uint8Array.of(0, 255));
    expect(e.values[5]).toBe(1);
    expect(text(e.values[6])).toBe('{"a":[1]}');
    expect(e.values[7]).toBe("2024-01-02 03:04:05.678000");
  });
});
