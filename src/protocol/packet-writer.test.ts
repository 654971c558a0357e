import { describe, expect, it } from "vitest";
import { BufferWriter } from "./buffer-writer.ts";
import { PacketReader } from "./packet-reader.ts";
import { PacketBuilder, writePacket } from "./packet-writer.ts";
import { toHex } from "./packet-test-util.ts";

const MAX = 0xffffff;

describe("writePacket", () => {
  it("frames small payloads with a little-endian length and sequence id", () => {
    const out = new BufferWriter();
    expect(writePacket(out, Uint8Array.of(0x01), 0)).toBe(1);
    expect(writePacket(out, new Uint8Array(0), 255)).toBe(0);
    expect(toHex(out.finish())).toBe("0100000001" + "000000ff");
  });

  it("splits at 0xffffff and ends exact multiples with an empty packet", () => {
    const out = new BufferWriter();
    expect(writePacket(out, new Uint8Array(2 * MAX), 0)).toBe(3);
    const bytes = out.finish();
    expect(bytes.length).toBe(2 * MAX + 12);
    expect(toHex(bytes.subarray(0, 4))).toBe("ffffff00");
    expect(toHex(bytes.subarray(MAX + 4, MAX + 8))).toBe("ffffff01");
    expect(toHex(bytes.subarray(2 * MAX + 8))).toBe("00000002");
  });
});

describe("PacketBuilder", () => {
  it("patches the header of a payload built in place", () => {
    const out = new BufferWriter();
    out.u8(0xee);
    const builder = new PacketBuilder();
    builder.begin(out);
    out.string("abc");
    expect(builder.end(9)).toBe(10);
    builder.begin(out);
    expect(builder.end(255)).toBe(0);
    expect(toHex(out.finish())).toBe("ee" + "03000009616263" + "000000ff");
  });

  it("re-frames a payload larger than one packet", () => {
    const out = new BufferWriter();
    const builder = new PacketBuilder();
    builder.begin(out);
    out.fill(0x41, MAX + 2);
    expect(builder.end(4)).toBe(6);
    const reader = new PacketReader(MAX + 2);
    reader.push(out.finish());
    const packet = reader.next()!;
    expect(packet.sequenceId).toBe(4);
    expect(packet.payload.length).toBe(MAX + 2);
    expect(packet.payload[MAX + 1]).toBe(0x41);
    expect(reader.next()).toBeUndefined();
  });

  it("rejects unbalanced use", () => {
    const builder = new PacketBuilder();
    expect(() => builder.end(0)).toThrow();
    builder.begin(new BufferWriter());
    expect(() => builder.begin(new BufferWriter())).toThrow();
  });
});
