import { describe, expect, it } from "vitest";
import { crc32, crc32Portable } from "./crc32.ts";
import { crc32c } from "./crc32c.ts";

/** Reference values from zlib: python3 -c "import zlib; print(hex(zlib.crc32(b'abc')))". */
const zlibSync: readonly (readonly [string, number])[] = [
  ["a", 0xe8b7be43],
  ["abc", 0x352441c2],
  ["The quick brown fox jumps over the lazy dog", 0x414fa339],
  ["x".repeat(1000) as string, 0x3b41c9e6],
  ["wesql-ts binlog", 0x20f8d1e7],
];

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("crc32", () => {
  it("matches the standard check value and zlib vectors", () => {
    expect(crc32(ascii("123456789"))).toBe(0xcbf43926);
    expect(crc32Portable(ascii("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    for (const [text, expected] of zlibSync) {
      expect(crc32(ascii(text))).toBe(expected);
      expect(crc32Portable(ascii(text))).toBe(expected);
    }
  });

  it("is not crc32c", () => {
    expect(crc32(ascii("123456789"))).not.toBe(crc32c(ascii("123456789")));
  });

  it("native and portable agree on every length up to 100, and continuation works", () => {
    const bytes = new Uint8Array(100);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) & 0xff;
    for (let length = 0; length <= bytes.length; length++) {
      const part = bytes.subarray(0, length);
      expect(crc32(part)).toBe(crc32Portable(part));
      const split = length >> 1;
      expect(crc32(part.subarray(split), crc32(part.subarray(0, split)))).toBe(crc32(part));
    }
  });
});
