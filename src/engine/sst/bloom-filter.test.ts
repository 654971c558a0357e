import { describe, expect, it } from "vitest";
import { BLOOM_HASH_SEED, hash32 } from "../../util/hash.ts";
import { BloomFilterBuilder, bloomMayContain, bloomProbeCount } from "./bloom-filter.ts";

/** Key i as 4 little-endian bytes, as leveldb's bloom_test does. */
function intKey(i: number): Uint8Array {
  return Uint8Array.from([i & 0xff, (i >>> 8) & 0xff, (i >>> 16) & 0xff, i >>> 24]);
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe("bloom filter", () => {
  it("chooses round(bitsPerKey × 0.69) probes, clamped to 1..30", () => {
    expect(bloomProbeCount(10)).toBe(7);
    expect(bloomProbeCount(1)).toBe(1);
    expect(bloomProbeCount(20)).toBe(14);
    expect(bloomProbeCount(64)).toBe(30);
  });

  it("an empty filter contains nothing; a too-short filter means empty", () => {
    const filter = new BloomFilterBuilder().finish();
    expect(filter.length).toBe(9);
    expect(bloomMayContain(filter, text("hello"))).toBe(false);
    expect(bloomMayContain(new Uint8Array(1), text("hello"))).toBe(false);
  });

  it("treats reserved probe counts (> 30) as may-contain", () => {
    const filter = new Uint8Array(9);
    filter[8] = 31;
    expect(bloomMayContain(filter, text("anything"))).toBe(true);
  });

  it("golden bytes for a tiny filter, and each bit is where the layout says", () => {
    const builder = new BloomFilterBuilder(10);
    builder.add(text("hello"));
    builder.add(text("world"));
    const filter = builder.finish();
    expect(hex(filter)).toBe(GOLDEN_TINY_FILTER);
    // Recompute the expected bit set from the documented formula.
    const expected = new Uint8Array(9);
    expected[8] = 7;
    for (const key of [text("hello"), text("world")]) {
      let h = hash32(key, BLOOM_HASH_SEED);
      const delta = ((h >>> 17) | (h << 15)) >>> 0;
      for (let j = 0; j < 7; j++) {
        const bit = h % 64;
        expected[Math.floor(bit / 8)]! |= 1 << bit % 8;
        h = (h + delta) >>> 0;
      }
    }
    expect(hex(filter)).toBe(hex(expected));
    expect(bloomMayContain(filter, text("hello"))).toBe(true);
    expect(bloomMayContain(filter, text("world"))).toBe(true);
    expect(bloomMayContain(filter, text("x"))).toBe(false);
    expect(bloomMayContain(filter, text("foo"))).toBe(false);
  });

  it("has no false negatives for 10k keys and < 2% false positives on 100k absent keys", () => {
    const builder = new BloomFilterBuilder(10);
    for (let i = 0; i < 10_000; i++) builder.add(intKey(i));
    const filter = builder.finish();
    expect(filter.length).toBe(12_500 + 1);
    for (let i = 0; i < 10_000; i++) expect(bloomMayContain(filter, intKey(i))).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 100_000; i++) {
      if (bloomMayContain(filter, intKey(1_000_000_000 + i))) falsePositives++;
    }
    const rate = falsePositives / 100_000;
    expect(rate).toBeLessThan(0.02);
    expect(rate).toBeGreaterThan(0); // A filter that says "no" to everything would also pass.
  });

  it("keeps a low false-positive rate at every size (leveldb's VaryingLengths)", () => {
    const builder = new BloomFilterBuilder(10);
    for (const size of [1, 10, 100, 1000, 5000]) {
      for (let i = 0; i < size; i++) builder.add(intKey(i));
      const filter = builder.finish();
      expect(filter.length).toBeLessThanOrEqual(Math.ceil((size * 10) / 8) + 9);
      for (let i = 0; i < size; i++) expect(bloomMayContain(filter, intKey(i))).toBe(true);
      let falsePositives = 0;
      for (let i = 0; i < 10_000; i++) {
        if (bloomMayContain(filter, intKey(i + 1_000_000_000))) falsePositives++;
      }
      expect(falsePositives / 10_000).toBeLessThan(0.02);
    }
  });

  it("is reusable after finish()", () => {
    const builder = new BloomFilterBuilder();
    builder.add(text("a"));
    builder.finish();
    expect(builder.keyCount).toBe(0);
    builder.add(text("b"));
    const filter = builder.finish();
    expect(bloomMayContain(filter, text("b"))).toBe(true);
  });
});

// Pinned: stored filters depend on these exact bits (bit array, then k = 7).
const GOLDEN_TINY_FILTER = "1145004144104010" + "07";
