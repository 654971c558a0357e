import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { MalformedPacketError } from "./buffer-reader.ts";
import { BufferWriter } from "./buffer-writer.ts";
import {
  CLIENT_CONNECT_ATTRS,
  CLIENT_CONNECT_WITH_DB,
  CLIENT_PLUGIN_AUTH,
  CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA,
  CLIENT_PROTOCOL_41,
  CLIENT_SECURE_CONNECTION,
  CLIENT_SSL,
  serverCapabilities,
} from "./capability-flags.ts";
import {
  decodeChangeUser,
  decodeHandshakeResponse,
  encodeAuthMoreData,
  encodeAuthSwitchRequest,
  encodeHandshakeV10,
  type HandshakeResponse,
} from "./handshake.ts";
import { fromHex, toHex } from "./packet-test-util.ts";

const ascii = (s: string): string => toHex(new TextEncoder().encode(s));

function payloadOf(encode: (out: BufferWriter) => void): string {
  const out = new BufferWriter();
  encode(out);
  return toHex(out.finish());
}

function asResponse(decoded: ReturnType<typeof decodeHandshakeResponse>): HandshakeResponse {
  if (decoded.kind !== "handshake-response") throw new Error(`got ${decoded.kind}`);
  return decoded;
}

describe("HandshakeV10", () => {
  it("matches the documented example plus the plugin name", () => {
    // MySQL docs, Protocol::HandshakeV10 example (server 5.5.2-m2); that example predates the
    // plugin name, which 8.0 servers append NUL-terminated when CLIENT_PLUGIN_AUTH is set.
    const scramble = new TextEncoder().encode("dvH@I-CJ*4d|cZwk4^]:");
    const hex = payloadOf((out) =>
      encodeHandshakeV10(out, {
        connectionId: 11,
        serverVersion: "5.5.2-m2",
        authPluginData: scramble,
        capabilities: 0x800ff7ff,
        characterSet: 8,
        statusFlags: 2,
        authPluginName: "mysql_native_password",
      }),
    );
    const documented =
      "0a352e352e322d6d32000b000000647648404" +
      "92d434a00fff708020" +
      "00f801500000000000000000000" +
      "2a34647c635a776b345e5d3a00";
    expect(hex).toBe(documented + ascii("mysql_native_password") + "00");
  });

  it("rejects a scramble that is not 20 bytes", () => {
    const bad = { connectionId: 1, serverVersion: "x", authPluginData: new Uint8Array(8) };
    const rest = { capabilities: serverCapabilities, characterSet: 255, statusFlags: 2 };
    expect(() =>
      encodeHandshakeV10(new BufferWriter(), { ...bad, ...rest, authPluginName: "p" }),
    ).toThrow();
  });
});

describe("decodeHandshakeResponse", () => {
  it("decodes the documented HandshakeResponse41 example", () => {
    const payload = fromHex(
      "8da60f00 00000001 08" + "00".repeat(23) + "70616d00" + "14" +
        "ab09eef6bcb1323e61143865c0991d957d75d447" + "7465737400" +
        ascii("mysql_native_password") + "00",
    );
    const r = asResponse(decodeHandshakeResponse(payload));
    expect(r.capabilities).toBe(0x000fa68d);
    expect(r.maxPacketSize).toBe(16_777_216);
    expect(r.characterSet).toBe(8);
    expect(r.username).toBe("pam");
    expect(toHex(r.authResponse)).toBe("ab09eef6bcb1323e61143865c0991d957d75d447");
    expect(r.database).toBe("test");
    expect(r.authPluginName).toBe("mysql_native_password");
    expect(r.connectAttributes.size).toBe(0);
  });

  it("decodes what mysql2 sends, with lenenc auth data and connect attributes", () => {
    const require = createRequire(import.meta.url);
    // The package's exports map hides lib/, so resolve the file from the package root.
    const root = dirname(require.resolve("mysql2"));
    const HandshakeResponse = require(join(root, "lib/packets/handshake_response.js"));
    const flags =
      CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH | CLIENT_CONNECT_ATTRS |
      CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA | CLIENT_CONNECT_WITH_DB;
    const packet = new HandshakeResponse({
      flags,
      user: "root",
      database: "db1",
      authToken: Buffer.alloc(32, 7),
      authPluginName: "caching_sha2_password",
      charsetNumber: 45,
      connectAttributes: { _client_name: "Node-MySQL-2", tz: "Europe/Zürich" },
    }).toPacket();
    const r = asResponse(decodeHandshakeResponse(new Uint8Array(packet.buffer).subarray(4)));
    expect(r.username).toBe("root");
    expect(r.database).toBe("db1");
    expect(r.characterSet).toBe(45);
    expect(toHex(r.authResponse)).toBe("07".repeat(32));
    expect(r.authPluginName).toBe("caching_sha2_password");
    expect([...r.connectAttributes]).toEqual([
      ["_client_name", "Node-MySQL-2"],
      ["tz", "Europe/Zürich"],
    ]);
  });

  it("reads a NUL-terminated auth response without SECURE_CONNECTION", () => {
    const payload = fromHex(
      "00020000 00000001 21" + "00".repeat(23) + ascii("bob") + "00" + "616200",
    );
    const r = asResponse(decodeHandshakeResponse(payload));
    expect(toHex(r.authResponse)).toBe("6162");
    expect(r.database).toBeUndefined();
    expect(r.authPluginName).toBeUndefined();
  });

  it("tolerates a missing NUL after the last optional field", () => {
    const flags = (CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_CONNECT_WITH_DB) >>> 0;
    const out = new BufferWriter();
    out.u32(flags);
    out.u32(0);
    out.u8(255);
    out.fill(0, 23);
    out.nulString("u");
    out.u8(0);
    out.string("mydb");
    const r = asResponse(decodeHandshakeResponse(out.finish()));
    expect(r.database).toBe("mydb");
    expect(r.authResponse.length).toBe(0);
  });

  it("recognises an SSLRequest", () => {
    const out = new BufferWriter();
    out.u32((CLIENT_PROTOCOL_41 | CLIENT_SSL) >>> 0);
    out.u32(0);
    out.u8(255);
    out.fill(0, 23);
    expect(decodeHandshakeResponse(out.finish())).toEqual({
      kind: "ssl-request",
      capabilities: CLIENT_PROTOCOL_41 | CLIENT_SSL,
    });
  });

  it("rejects pre-4.1 clients and truncated packets", () => {
    const old = fromHex("8da00000" + "00000001" + "08" + "00".repeat(23) + "7500" + "00");
    expect(() => decodeHandshakeResponse(old)).toThrow(MalformedPacketError);
    const truncated = fromHex("8da60f00 00000001 08" + "00".repeat(23) + "70616d00" + "14abab");
    expect(() => decodeHandshakeResponse(truncated)).toThrow(MalformedPacketError);
    expect(() => decodeHandshakeResponse(fromHex("8da6"))).toThrow(MalformedPacketError);
  });

  it("copies the auth response out of the receive buffer", () => {
    const payload = fromHex(
      "00820000 00000001 21" + "00".repeat(23) + ascii("u") + "00" + "02aabb",
    );
    const r = asResponse(decodeHandshakeResponse(payload));
    payload.fill(0);
    expect(toHex(r.authResponse)).toBe("aabb");
  });
});

describe("decodeChangeUser (payload after the 0x11 byte)", () => {
  const capabilities =
    (CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH | CLIENT_CONNECT_ATTRS) >>>
    0;

  it("decodes every field", () => {
    const out = new BufferWriter();
    out.nulString("alice");
    out.u8(3);
    out.bytes(Uint8Array.of(1, 2, 3));
    out.nulString("shop");
    out.u16(255);
    out.nulString("mysql_native_password");
    out.lenencInt(7);
    out.lenencString("k");
    out.lenencString("vvvv");
    const r = decodeChangeUser(out.finish(), capabilities);
    expect(r).toEqual({
      username: "alice",
      authResponse: Uint8Array.of(1, 2, 3),
      database: "shop",
      characterSet: 255,
      authPluginName: "mysql_native_password",
      connectAttributes: new Map([["k", "vvvv"]]),
    });
  });

  it("accepts the short pre-5.1 form and the NUL-terminated auth response", () => {
    const r = decodeChangeUser(fromHex(ascii("bob") + "00" + "616200" + "00"), CLIENT_PROTOCOL_41);
    expect(r.username).toBe("bob");
    expect(toHex(r.authResponse)).toBe("6162");
    expect(r.database).toBeUndefined();
    expect(r.characterSet).toBeUndefined();
    expect(r.authPluginName).toBeUndefined();
  });

  it("throws MalformedPacketError on truncation", () => {
    expect(() => decodeChangeUser(fromHex("626f6200" + "05aa"), capabilities)).toThrow(
      MalformedPacketError,
    );
    expect(() => decodeChangeUser(fromHex("626f62"), capabilities)).toThrow(MalformedPacketError);
  });
});

describe("auth packets", () => {
  it("writes AuthSwitchRequest with a trailing NUL and AuthMoreData with 0x01", () => {
    const data = Uint8Array.of(0x41, 0x42);
    expect(payloadOf((out) => encodeAuthSwitchRequest(out, "caching_sha2_password", data))).toBe(
      "fe" + ascii("caching_sha2_password") + "00" + "4142" + "00",
    );
    expect(payloadOf((out) => encodeAuthMoreData(out, Uint8Array.of(3)))).toBe("0103");
  });
});
