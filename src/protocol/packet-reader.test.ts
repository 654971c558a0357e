import { describe, expect, it } from "vitest";
import { SeededRandom } from "../util/random.ts";
import { BufferWriter } from "./buffer-writer.ts";
import {
  type Packet,
  PacketOutOfOrderError,
  PacketReader,
  PacketTooLargeError,
} from "./packet-reader.ts";
import { writePacket } from "./packet-writer.ts";
import { fromHex, toHex } from "./packet-test-util.ts";

const MAX = 0xffffff;

function drain(reader: PacketReader): Packet[] {
  const out: Packet[] = [];
  for (let p = reader.next(); p !== undefined; p = reader.next()) out.push(p);
  return out;
}

describe("PacketReader", () => {
  it("frames the documented COM_QUIT packet", () => {
    const reader = new PacketReader(1024);
    reader.push(fromHex("01 00 00 00 01"));
    const packet = reader.next();
    expect(packet?.sequenceId).toBe(0);
    expect(toHex(packet!.payload)).toBe("01");
    expect(reader.next()).toBeUndefined();
  });

  it("returns a view without copying when the packet is inside one chunk", () => {
    const chunk = fromHex("02000005 aabb 01000006 cc");
    const reader = new PacketReader(1024);
    reader.push(chunk);
    const [first, second] = drain(reader);
    expect(first!.payload.buffer).toBe(chunk.buffer);
    expect(toHex(first!.payload)).toBe("aabb");
    expect(second!.sequenceId).toBe(6);
    expect(toHex(second!.payload)).toBe("cc");
  });

  it("handles chunks split at every byte and many packets per chunk", () => {
    const rng = new SeededRandom(42);
    const out = new BufferWriter();
    const payloads: Uint8Array[] = [];
    for (let i = 0; i < 200; i++) {
      const payload = rng.bytes(rng.nextInt(i % 10 === 0 ? 700 : 30));
      payloads.push(payload);
      writePacket(out, payload, i & 0xff);
    }
    const stream = out.finish().slice();
    for (let trial = 0; trial < 30; trial++) {
      const reader = new PacketReader(1024);
      const got: Packet[] = [];
      let at = 0;
      while (at < stream.length) {
        const size = trial === 0 ? 1 : 1 + rng.nextInt(trial * 40);
        reader.push(stream.subarray(at, Math.min(stream.length, at + size)));
        at += size;
        got.push(...drain(reader));
      }
      expect(got.length).toBe(payloads.length);
      got.forEach((p, i) => {
        expect(p.sequenceId).toBe(i & 0xff);
        expect(toHex(p.payload)).toBe(toHex(payloads[i]!));
      });
    }
  });

  it("joins a split 16 MiB packet and keeps the first sequence id", () => {
    const payload = new Uint8Array(MAX + 10);
    for (let i = 0; i < payload.length; i += 4099) payload[i] = i & 0xff;
    const out = new BufferWriter();
    expect(writePacket(out, payload, 255)).toBe(1);
    const stream = out.finish();
    const reader = new PacketReader(MAX + 10);
    reader.push(stream.subarray(0, 100));
    expect(reader.next()).toBeUndefined();
    reader.push(stream.subarray(100, MAX + 6));
    expect(reader.next()).toBeUndefined();
    reader.push(stream.subarray(MAX + 6));
    const packet = reader.next()!;
    expect(packet.sequenceId).toBe(255);
    expect(packet.payload.length).toBe(MAX + 10);
    expect(Buffer.from(packet.payload).equals(Buffer.from(payload))).toBe(true);
  });

  it("joins an exact 0xffffff payload terminated by an empty packet", () => {
    const payload = new Uint8Array(MAX).fill(7);
    const out = new BufferWriter();
    expect(writePacket(out, payload, 3)).toBe(5);
    const reader = new PacketReader(MAX);
    reader.push(out.finish());
    const packets = drain(reader);
    expect(packets.length).toBe(1);
    expect(packets[0]!.sequenceId).toBe(3);
    expect(packets[0]!.payload.length).toBe(MAX);
  });

  it("throws PacketOutOfOrderError when split parts skip a sequence id", () => {
    const out = new BufferWriter();
    out.u24(MAX);
    out.u8(1);
    out.fill(0, MAX);
    out.u24(1);
    out.u8(3);
    out.u8(9);
    const reader = new PacketReader(2 * MAX);
    reader.push(out.finish());
    expect(() => reader.next()).toThrow(PacketOutOfOrderError);
    expect(() => reader.next()).toThrow(PacketOutOfOrderError);
  });

  it("throws PacketTooLargeError as soon as the header declares too much", () => {
    const reader = new PacketReader(100);
    reader.push(fromHex("650000 00"));
    expect(() => reader.next()).toThrow(PacketTooLargeError);
    expect(() => reader.next()).toThrow(PacketTooLargeError);
    const exact = new PacketReader(100);
    exact.push(fromHex("640000 00"));
    expect(exact.next()).toBeUndefined();
  });

  it("throws PacketTooLargeError for an oversized packet that arrived whole", () => {
    const reader = new PacketReader(2);
    reader.push(fromHex("020000 00 aabb 030000 01 aabbcc"));
    expect(toHex(reader.next()!.payload)).toBe("aabb");
    expect(() => reader.next()).toThrow(PacketTooLargeError);
  });

  it("counts earlier parts of a split packet against the limit", () => {
    const reader = new PacketReader(MAX + 5);
    const out = new BufferWriter();
    out.u24(MAX);
    out.u8(0);
    out.fill(1, MAX);
    out.u24(6);
    out.u8(1);
    reader.push(out.finish());
    expect(() => reader.next()).toThrow(PacketTooLargeError);
  });

  it("honours a changed limit", () => {
    const reader = new PacketReader(1);
    reader.setMaxPayloadBytes(3);
    reader.push(fromHex("030000 00 616263"));
    expect(toHex(reader.next()!.payload)).toBe("616263");
  });
});
