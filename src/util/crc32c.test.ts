import { describe, expect, it } from "vitest";
import { crc32c, maskCrc, unmaskCrc } from "./crc32c.ts";
import { SeededRandom } from "./random.ts";

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Bit-at-a-time CRC-32C, the definition, to check the sliced tables against. */
function referenceCrc(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

describe("crc32c", () => {
  it("matches the standard vectors (RFC 3720 B.4 and the check value)", () => {
    expect(crc32c(ascii("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it("agrees with the bit-at-a-time definition on random lengths and offsets", () => {
    const random = new SeededRandom(3);
    for (let round = 0; round < 200; round++) {
      const bytes = random.bytes(random.nextInt(100)).subarray(random.nextInt(3));
      expect(crc32c(bytes)).toBe(referenceCrc(bytes));
    }
  });

  it("extends: crc32c(a ++ b) = crc32c(b, crc32c(a))", () => {
    const data = ascii("hello world, this is a longer string to checksum");
    for (let split = 0; split <= data.length; split++) {
      const head = crc32c(data.subarray(0, split));
      expect(crc32c(data.subarray(split), head)).toBe(crc32c(data));
    }
  });

  it("masks reversibly, and the mask changes the value", () => {
    const crc = crc32c(ascii("foo"));
    expect(maskCrc(crc)).not.toBe(crc);
    expect(maskCrc(maskCrc(crc))).not.toBe(crc);
    expect(unmaskCrc(maskCrc(crc))).toBe(crc);
    expect(unmaskCrc(unmaskCrc(maskCrc(maskCrc(crc))))).toBe(crc);
    expect(unmaskCrc(maskCrc(0xffffffff))).toBe(0xffffffff);
  });
});
