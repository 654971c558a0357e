import { describe, expect, it } from "vitest";
import { BufferReader, decodeUtf8Strict, MalformedPacketError } from "./buffer-reader.ts";
import { BufferWriter } from "./buffer-writer.ts";

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe("BufferReader", () => {
  it("reads fixed little-endian integers", () => {
    const r = new BufferReader(
      bytes(0xff, 0x01, 0x02, 0x01, 0x02, 0x03, 0xfe, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8),
    );
    expect(r.i8()).toBe(-1);
    expect(r.u16()).toBe(0x0201);
    expect(r.u24()).toBe(0x030201);
    expect(r.u32()).toBe(0xfffffffe);
    expect(r.u64()).toBe(0x0807060504030201n);
    expect(r.atEnd()).toBe(true);
    expect(new BufferReader(bytes(0xfe, 0xff, 0xff, 0xff)).i32()).toBe(-2);
    expect(new BufferReader(bytes(0x00, 0x80)).i16()).toBe(-32768);
    expect(new BufferReader(new Uint8Array(8).fill(0xff)).i64()).toBe(-1n);
  });

  it("reads u64Number only when safe", () => {
    const safe = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00);
    expect(new BufferReader(safe).u64Number()).toBe(Number.MAX_SAFE_INTEGER);
    const unsafe = new BufferReader(bytes(0, 0, 0, 0, 0, 0, 0x20, 0));
    expect(() => unsafe.u64Number()).toThrow(MalformedPacketError);
    expect(unsafe.offset).toBe(0);
  });

  it("decodes the documented length-encoded integer forms", () => {
    // MySQL docs: 0xfa = 250; 0xfc 0xfb 0x00 = 251; 0xfd 3 bytes; 0xfe 8 bytes.
    expect(new BufferReader(bytes(0xfa)).lenencInt()).toBe(250);
    expect(new BufferReader(bytes(0xfc, 0xfb, 0x00)).lenencInt()).toBe(251);
    expect(new BufferReader(bytes(0xfd, 0x01, 0x00, 0x01)).lenencInt()).toBe(0x010001);
    expect(new BufferReader(bytes(0xfe, 1, 0, 0, 0, 1, 0, 0, 0)).lenencInt()).toBe(2 ** 32 + 1);
    expect(new BufferReader(new Uint8Array(9).fill(0xff).fill(0xfe, 0, 1)).lenencInt()).toBe(
      0xffff_ffff_ffff_ffffn,
    );
    expect(new BufferReader(bytes(0xfb)).lenencInt()).toBeNull();
    expect(() => new BufferReader(bytes(0xff)).lenencInt()).toThrow(MalformedPacketError);
    expect(() => new BufferReader(bytes(0xfb)).lenencIntNumber()).toThrow(MalformedPacketError);
  });

  it("reads strings of every shape", () => {
    const r = new BufferReader(bytes(3, 0x61, 0x62, 0x63, 0x68, 0x69, 0, 0x78, 0x79, 0x7a));
    expect(r.lenencString()).toBe("abc");
    expect(r.nulString()).toBe("hi");
    expect(r.fixedString(1)).toBe("x");
    expect(r.restString()).toBe("yz");
    expect(r.remaining()).toBe(0);
  });

  it("returns views, not copies", () => {
    const source = bytes(1, 2, 3, 4);
    const view = new BufferReader(source).fixedBytes(2);
    source[0] = 9;
    expect(view[0]).toBe(9);
  });

  it("throws MalformedPacketError on truncation and leaves the offset", () => {
    const r = new BufferReader(bytes(5, 0x61));
    expect(() => r.lenencBytes()).toThrow(MalformedPacketError);
    expect(r.offset).toBe(0);
    expect(() => new BufferReader(bytes(0x61)).nulString()).toThrow(MalformedPacketError);
    expect(() => new BufferReader(bytes(1, 2, 3)).u32()).toThrow(MalformedPacketError);
    expect(() => new BufferReader(bytes()).u8()).toThrow(MalformedPacketError);
    expect(() => new BufferReader(bytes(1)).skip(2)).toThrow(MalformedPacketError);
    expect(() => new BufferReader(bytes(1)).fixedBytes(Number.NaN)).toThrow(MalformedPacketError);
    expect(() => new BufferReader(bytes(1), 2)).toThrow(MalformedPacketError);
  });

  it("decodes UTF-8 leniently and strictly", () => {
    const invalid = bytes(0x61, 0xff, 0x62);
    expect(new BufferReader(invalid).restString()).toBe("a\ufffdb");
    expect(decodeUtf8Strict(invalid)).toBeUndefined();
    expect(decodeUtf8Strict(bytes(0xc3, 0xa9))).toBe("é");
  });

  it("round-trips everything BufferWriter writes", () => {
    const w = new BufferWriter(1);
    w.u8(200);
    w.u16(65535);
    w.u24(0xabcdef);
    w.u32(0xdeadbeef);
    w.u64(2n ** 64n - 1n);
    w.u64(Number.MAX_SAFE_INTEGER);
    w.i8(-5);
    w.i16(-300);
    w.i32(-70000);
    w.i64(-(2n ** 63n));
    w.i64(-123456789012);
    w.f32(1.5);
    w.f64(Math.PI);
    for (const v of [0, 250, 251, 65535, 65536, 0xffffff, 0x1000000, 2 ** 40]) w.lenencInt(v);
    w.lenencInt(2n ** 64n - 1n);
    w.lenencString("héllo 🙂");
    w.lenencString("x".repeat(300) + "€");
    w.nulString("nul");
    const r = new BufferReader(w.finish());
    expect([r.u8(), r.u16(), r.u24(), r.u32()]).toEqual([200, 65535, 0xabcdef, 0xdeadbeef]);
    expect(r.u64()).toBe(2n ** 64n - 1n);
    expect(r.u64Number()).toBe(Number.MAX_SAFE_INTEGER);
    expect([r.i8(), r.i16(), r.i32()]).toEqual([-5, -300, -70000]);
    expect(r.i64()).toBe(-(2n ** 63n));
    expect(r.i64()).toBe(-123456789012n);
    expect(r.f32()).toBe(1.5);
    expect(r.f64()).toBe(Math.PI);
    for (const v of [0, 250, 251, 65535, 65536, 0xffffff, 0x1000000, 2 ** 40]) {
      expect(r.lenencInt()).toBe(v);
    }
    expect(r.lenencInt()).toBe(2n ** 64n - 1n);
    expect(r.lenencString()).toBe("héllo 🙂");
    expect(r.lenencString()).toBe("x".repeat(300) + "€");
    expect(r.nulString()).toBe("nul");
    expect(r.atEnd()).toBe(true);
  });
});
