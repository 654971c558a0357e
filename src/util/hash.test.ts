import { describe, expect, it } from "vitest";
import { BLOOM_HASH_SEED, hash32 } from "./hash.ts";

describe("hash32 (leveldb Hash)", () => {
  it("reproduces leveldb's own golden values (util/hash_test.cc)", () => {
    const data5 = Uint8Array.from([
      0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
      0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]);
    expect(hash32(new Uint8Array(0), BLOOM_HASH_SEED)).toBe(0xbc9f1d34);
    expect(hash32(Uint8Array.from([0x62]), BLOOM_HASH_SEED)).toBe(0xef1345c4);
    expect(hash32(Uint8Array.from([0xc3, 0x97]), BLOOM_HASH_SEED)).toBe(0x5b663814);
    expect(hash32(Uint8Array.from([0xe2, 0x99, 0xa5]), BLOOM_HASH_SEED)).toBe(0x323c078f);
    expect(hash32(Uint8Array.from([0xe1, 0x80, 0xb9, 0x32]), BLOOM_HASH_SEED)).toBe(0xed21633a);
    expect(hash32(data5, 0x12345678)).toBe(0xf333dabb);
  });

  it("hashes a range the same as the copied bytes", () => {
    const bytes = new TextEncoder().encode("xxabcdefgyy");
    expect(hash32(bytes, 1, 2, 9)).toBe(hash32(bytes.slice(2, 9), 1));
  });

  it("depends on the seed and on every byte", () => {
    const bytes = new TextEncoder().encode("abcdefg");
    const base = hash32(bytes, 1);
    expect(hash32(bytes, 2)).not.toBe(base);
    for (let i = 0; i < bytes.length; i++) {
      const changed = Uint8Array.from(bytes);
      changed[i]! ^= 1;
      expect(hash32(changed, 1)).not.toBe(base);
    }
  });
});
