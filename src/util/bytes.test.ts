import { describe, expect, it } from "vitest";
import { bytesEqual, compareBytes, concatBytes, sharedPrefixLength } from "./bytes.ts";
import { SeededRandom } from "./random.ts";

const b = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** A straightforward reference comparator to check the word-at-a-time path against. */
function referenceCompare(x: Uint8Array, y: Uint8Array): number {
  const length = Math.min(x.length, y.length);
  for (let i = 0; i < length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

describe("compareBytes", () => {
  it("orders unsigned, lexicographically, prefixes first", () => {
    expect(compareBytes(b(), b())).toBe(0);
    expect(compareBytes(b(), b(0))).toBeLessThan(0);
    expect(compareBytes(b(1, 2), b(1, 2, 0))).toBeLessThan(0);
    expect(compareBytes(b(0x7f), b(0x80))).toBeLessThan(0);
    expect(compareBytes(b(0xff), b(0x00, 0xff))).toBeGreaterThan(0);
    expect(compareBytes(b(1, 2, 3), b(1, 2, 3))).toBe(0);
  });

  it("agrees in sign with a reference on random long and short inputs, incl. subarrays", () => {
    const random = new SeededRandom(7);
    for (let round = 0; round < 2000; round++) {
      const length = random.nextInt(40);
      const base = random.bytes(length + 3).subarray(random.nextInt(3));
      const x = base.subarray(0, Math.min(length, base.length));
      const y = Uint8Array.from(x);
      if (y.length > 0 && random.nextInt(2) === 0) {
        const at = random.nextInt(y.length);
        y[at] = random.nextUint32() & 0xff;
      }
      const z = random.nextInt(3) === 0 ? y.subarray(0, random.nextInt(y.length + 1)) : y;
      expect(Math.sign(compareBytes(x, z))).toBe(Math.sign(referenceCompare(x, z)));
      expect(Math.sign(compareBytes(z, x))).toBe(Math.sign(referenceCompare(z, x)));
    }
  });

  it("compares the high byte of a word as most significant", () => {
    const x = new Uint8Array(20);
    const y = new Uint8Array(20);
    x[4] = 1;
    y[7] = 0xff;
    expect(compareBytes(x, y)).toBeGreaterThan(0);
  });
});

describe("bytesEqual / concatBytes / sharedPrefixLength", () => {
  it("bytesEqual", () => {
    expect(bytesEqual(b(1, 2), b(1, 2))).toBe(true);
    expect(bytesEqual(b(1, 2), b(1, 3))).toBe(false);
    expect(bytesEqual(b(1), b(1, 2))).toBe(false);
    expect(bytesEqual(b(), b())).toBe(true);
  });

  it("concatBytes copies parts in order", () => {
    const part = b(1, 2);
    const joined = concatBytes([part, b(), b(3)]);
    expect([...joined]).toEqual([1, 2, 3]);
    const single = concatBytes([part]);
    single[0] = 9;
    expect(part[0]).toBe(1);
  });

  it("sharedPrefixLength", () => {
    expect(sharedPrefixLength(b(1, 2, 3), b(1, 2, 4))).toBe(2);
    expect(sharedPrefixLength(b(1, 2), b(1, 2, 4))).toBe(2);
    expect(sharedPrefixLength(b(), b(1))).toBe(0);
    expect(sharedPrefixLength(b(5), b(6))).toBe(0);
  });
});
