import { describe, expect, it } from "vitest";
import { AssertionError } from "./assert.ts";
import { ByteSink } from "./byte-sink.ts";
import {
  decodeFixed32,
  decodeFixed64,
  getVarint32,
  getVarint64,
  putFixed32,
  putFixed64,
  putVarint32,
  putVarint64,
  varint32Length,
  varint64Length,
} from "./coding.ts";
import { CorruptionError } from "./errors.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("ByteSink", () => {
  it("grows past its initial capacity and keeps the contents", () => {
    const sink = new ByteSink(1);
    for (let i = 0; i < 1000; i++) sink.putByte(i & 0xff);
    sink.putBytes(Uint8Array.from([7, 8]));
    expect(sink.length).toBe(1002);
    const copy = sink.toBytes();
    expect(copy[999]).toBe(999 & 0xff);
    expect(copy[1001]).toBe(8);
    sink.clear();
    expect(sink.length).toBe(0);
    expect(sink.view().length).toBe(0);
    expect(copy.length).toBe(1002);
  });
});

describe("ByteSink.putRange / truncate / view", () => {
  it("copies short and long ranges, truncates, and views follow growth", () => {
    const sink = new ByteSink(2);
    const source = Uint8Array.from({ length: 200 }, (_, i) => i);
    sink.putRange(source, 3, 6);
    expect([...sink.view()]).toEqual([3, 4, 5]);
    sink.putRange(source, 10, 110);
    expect(sink.length).toBe(103);
    expect(sink.view()[102]).toBe(109);
    sink.truncate(2);
    expect([...sink.view()]).toEqual([3, 4]);
    sink.putRange(source, 0, 0);
    expect(sink.view().length).toBe(2);
    const before = sink.view();
    sink.truncate(1);
    sink.putByte(99);
    expect(sink.view()).toBe(before); // Same length and buffer: the view is reused ...
    expect([...before]).toEqual([3, 99]); // ... and shows the new bytes.
  });
});

describe("fixed32 / fixed64", () => {
  it("writes little-endian golden bytes and reads them back", () => {
    const sink = new ByteSink(4);
    putFixed32(sink, 0x04030201);
    putFixed64(sink, 0x0807060504030201n);
    putFixed32(sink, 0xffffffff);
    expect(hex(sink.view())).toBe("01020304" + "0102030405060708" + "ffffffff");
    expect(decodeFixed32(sink.view(), 0)).toBe(0x04030201);
    expect(decodeFixed64(sink.view(), 4)).toBe(0x0807060504030201n);
    expect(decodeFixed32(sink.view(), 12)).toBe(0xffffffff);
  });

  it("round-trips the extremes", () => {
    const sink = new ByteSink();
    putFixed64(sink, 0xffff_ffff_ffff_ffffn);
    putFixed64(sink, 0n);
    expect(decodeFixed64(sink.view(), 0)).toBe(0xffff_ffff_ffff_ffffn);
    expect(decodeFixed64(sink.view(), 8)).toBe(0n);
  });

  it("throws CorruptionError past the end and asserts on out-of-range values", () => {
    expect(() => decodeFixed32(new Uint8Array(3), 0)).toThrow(CorruptionError);
    expect(() => decodeFixed64(new Uint8Array(8), 1)).toThrow(CorruptionError);
    expect(() => putFixed32(new ByteSink(), -1)).toThrow(AssertionError);
    expect(() => putFixed64(new ByteSink(), 1n << 64n)).toThrow(AssertionError);
  });
});

describe("varint32 / varint64", () => {
  it("encodes golden bytes", () => {
    const sink = new ByteSink();
    putVarint32(sink, 0);
    putVarint32(sink, 127);
    putVarint32(sink, 128);
    putVarint32(sink, 300);
    putVarint32(sink, 0xffffffff);
    expect(hex(sink.view())).toBe("00" + "7f" + "8001" + "ac02" + "ffffffff0f");
  });

  it("round-trips 32-bit values around every 7-bit boundary, with matching lengths", () => {
    const values: number[] = [];
    for (let bits = 0; bits <= 32; bits++) {
      const power = 2 ** bits;
      for (const value of [power - 1, power, power + 1]) {
        if (value <= 0xffffffff) values.push(value);
      }
    }
    const sink = new ByteSink();
    for (const value of values) putVarint32(sink, value);
    let offset = 0;
    for (const value of values) {
      const decoded = getVarint32(sink.view(), offset);
      expect(decoded.value).toBe(value);
      expect(decoded.offset - offset).toBe(varint32Length(value));
      offset = decoded.offset;
    }
    expect(offset).toBe(sink.length);
  });

  it("round-trips 64-bit values around every 7-bit boundary", () => {
    const values: bigint[] = [];
    for (let bits = 0n; bits <= 64n; bits++) {
      const power = 1n << bits;
      for (const value of [power - 1n, power, power + 1n]) {
        if (value < 1n << 64n) values.push(value);
      }
    }
    const sink = new ByteSink();
    for (const value of values) putVarint64(sink, value);
    let offset = 0;
    for (const value of values) {
      const decoded = getVarint64(sink.view(), offset);
      expect(decoded.value).toBe(value);
      expect(decoded.offset - offset).toBe(varint64Length(value));
      offset = decoded.offset;
    }
    expect(offset).toBe(sink.length);
  });

  it("rejects truncated and overflowing encodings with CorruptionError", () => {
    expect(() => getVarint32(Uint8Array.from([0x80]), 0)).toThrow(/truncated varint32 at offset 0/);
    expect(() => getVarint32(Uint8Array.from([0x80, 0x01]), 0, 1)).toThrow(CorruptionError);
    expect(() => getVarint32(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x1f]), 0)).toThrow(
      /overflows 32 bits/,
    );
    expect(() => getVarint32(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0]), 0)).toThrow(
      CorruptionError,
    );
    const tooLong = new Uint8Array(10).fill(0xff);
    tooLong[9] = 0x02;
    expect(() => getVarint64(tooLong, 0)).toThrow(/overflows 64 bits/);
    expect(() => getVarint64(Uint8Array.from([0xff, 0xff]), 0)).toThrow(/truncated varint64/);
  });
});
