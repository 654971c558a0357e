import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import { CorruptionError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/random.ts";
import {
  INTERNAL_KEY_FORMAT_VERSION,
  KeyKind,
  LookupKey,
  SEQUENCE_NUMBER_MAX,
  compareInternalKeyRange,
  compareInternalKeys,
  compareUserKeyOf,
  decodeInternalKey,
  encodeInternalKey,
  internalKeyKind,
  internalKeySequence,
  internalKeyUserKey,
  isVisibleAtSnapshot,
  snapshotTrailer,
} from "./internal-key.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("internal key format", () => {
  it("is version 1", () => {
    expect(INTERNAL_KEY_FORMAT_VERSION).toBe(1);
  });

  it("matches the golden bytes", () => {
    expect(hex(encodeInternalKey(text("ab"), 5n, KeyKind.Value))).toBe("6162fffffffffffffafe");
    expect(hex(encodeInternalKey(text("ab"), 5n, KeyKind.Deletion))).toBe("6162fffffffffffffaff");
    expect(hex(encodeInternalKey(new Uint8Array(0), 0n, KeyKind.Deletion))).toBe(
      "ffffffffffffffff",
    );
    expect(hex(encodeInternalKey(text("k"), SEQUENCE_NUMBER_MAX, KeyKind.Value))).toBe(
      "6b00000000000000fe",
    );
    expect(hex(encodeInternalKey(text("k"), 0x0102030405n, KeyKind.Value))).toBe(
      "6bfffffefdfcfbfafe",
    );
  });

  it("round-trips user key, sequence and kind", () => {
    const random = new SeededRandom(7);
    for (let i = 0; i < 500; i++) {
      const userKey = random.bytes(random.nextInt(12));
      const sequence = (BigInt(random.nextUint32()) << 24n) | BigInt(random.nextInt(1 << 24));
      const kind = random.nextInt(2) === 0 ? KeyKind.Value : KeyKind.Deletion;
      const encoded = encodeInternalKey(userKey, sequence, kind);
      const parsed = decodeInternalKey(encoded);
      expect(hex(parsed.userKey)).toBe(hex(userKey));
      expect(parsed.sequence).toBe(sequence);
      expect(parsed.kind).toBe(kind);
      expect(internalKeySequence(encoded)).toBe(sequence);
      expect(internalKeyKind(encoded)).toBe(kind);
      expect(hex(internalKeyUserKey(encoded))).toBe(hex(userKey));
    }
  });

  it("encodes small and large sequences alike (number and BigInt paths meet at 2^45)", () => {
    const boundaries = [0n, 1n, 255n, 256n, (1n << 32n) - 1n, 1n << 32n, (1n << 45n) - 1n];
    boundaries.push(1n << 45n, (1n << 53n) + 1n, SEQUENCE_NUMBER_MAX);
    for (const sequence of boundaries) {
      for (const kind of [KeyKind.Deletion, KeyKind.Value]) {
        const encoded = encodeInternalKey(text("k"), sequence, kind);
        const expected = new Uint8Array(9);
        expected[0] = 0x6b;
        const packed = ~((sequence << 8n) | BigInt(kind)) & ((1n << 64n) - 1n);
        new DataView(expected.buffer).setBigUint64(1, packed, false);
        expect(hex(encoded)).toBe(hex(expected));
        expect(internalKeySequence(encoded)).toBe(sequence);
        expect(internalKeyKind(encoded)).toBe(kind);
      }
    }
  });

  it("rejects sequences outside 0 ..= 2^56-1 and short keys", () => {
    expect(() => encodeInternalKey(text("a"), SEQUENCE_NUMBER_MAX + 1n, KeyKind.Value)).toThrow(
      AssertionError,
    );
    expect(() => encodeInternalKey(text("a"), -1n, KeyKind.Value)).toThrow(AssertionError);
    expect(() => internalKeyUserKey(new Uint8Array(7))).toThrow(AssertionError);
    const badKind = encodeInternalKey(text("a"), 1n, KeyKind.Value);
    badKind[badKind.length - 1] = 0xff - 7;
    expect(() => internalKeyKind(badKind)).toThrow(AssertionError);
  });
});

describe("compareInternalKeys", () => {
  it("orders by user key, then sequence descending, then kind descending", () => {
    const ordered = [
      encodeInternalKey(text(""), 1n, KeyKind.Value),
      encodeInternalKey(text("a"), 9n, KeyKind.Value),
      encodeInternalKey(text("a"), 9n, KeyKind.Deletion),
      encodeInternalKey(text("a"), 3n, KeyKind.Value),
      encodeInternalKey(text("a"), 0n, KeyKind.Deletion),
      encodeInternalKey(text("a\u0000"), SEQUENCE_NUMBER_MAX, KeyKind.Value),
      encodeInternalKey(text("ab"), 1000n, KeyKind.Value),
      encodeInternalKey(text("ab"), 999n, KeyKind.Value),
      encodeInternalKey(Uint8Array.of(0x80), 1n, KeyKind.Value),
    ];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        expect(Math.sign(compareInternalKeys(ordered[i]!, ordered[j]!))).toBe(Math.sign(i - j));
      }
    }
  });

  it("compares a stored key in place exactly as compareInternalKeys", () => {
    const random = new SeededRandom(13);
    for (let i = 0; i < 500; i++) {
      const a = encodeInternalKey(random.bytes(random.nextInt(4)), BigInt(random.nextInt(4)), 1);
      const b = encodeInternalKey(random.bytes(random.nextInt(4)), BigInt(random.nextInt(4)), 0);
      const padded = new Uint8Array(a.length + 5);
      padded.set(a, 3);
      const inPlace = compareInternalKeyRange(padded, 3, 3 + a.length, b);
      expect(Math.sign(inPlace)).toBe(Math.sign(compareInternalKeys(a, b)));
    }
    expect(() => compareInternalKeyRange(new Uint8Array(9), 2, 9, new Uint8Array(8))).toThrow(
      CorruptionError,
    );
  });

  it("orders user keys exactly as util/bytes compareBytes", () => {
    const random = new SeededRandom(11);
    for (let i = 0; i < 2000; i++) {
      // A small alphabet makes shared prefixes and prefix keys common.
      const a = Uint8Array.from(random.bytes(random.nextInt(6)), (byte) => byte % 3);
      const b = Uint8Array.from(random.bytes(random.nextInt(6)), (byte) => byte % 3);
      const expected = Math.sign(compareBytes(a, b));
      const keyA = encodeInternalKey(a, BigInt(random.nextInt(5)), KeyKind.Value);
      const keyB = encodeInternalKey(b, BigInt(random.nextInt(5)), KeyKind.Value);
      if (expected !== 0) expect(Math.sign(compareInternalKeys(keyA, keyB))).toBe(expected);
      expect(Math.sign(compareUserKeyOf(keyA, b))).toBe(expected);
    }
  });
});

describe("LookupKey", () => {
  it("sorts after newer versions and before visible ones of the same user key", () => {
    const lookup = new LookupKey(text("k"), 10n);
    expect(lookup.userKey).toEqual(text("k"));
    expect(lookup.snapshotSequence).toBe(10n);
    const newer = encodeInternalKey(text("k"), 11n, KeyKind.Value);
    const same = encodeInternalKey(text("k"), 10n, KeyKind.Value);
    const sameDeletion = encodeInternalKey(text("k"), 10n, KeyKind.Deletion);
    const older = encodeInternalKey(text("k"), 9n, KeyKind.Deletion);
    expect(compareInternalKeys(newer, lookup.internalKey)).toBeLessThan(0);
    expect(compareInternalKeys(same, lookup.internalKey)).toBe(0);
    expect(compareInternalKeys(lookup.internalKey, sameDeletion)).toBeLessThan(0);
    expect(compareInternalKeys(lookup.internalKey, older)).toBeLessThan(0);
  });
});

describe("isVisibleAtSnapshot", () => {
  it("agrees with comparing the decoded sequence", () => {
    const random = new SeededRandom(13);
    const pick = (): bigint => {
      const choice = random.nextInt(4);
      if (choice === 0) return SEQUENCE_NUMBER_MAX - BigInt(random.nextInt(3));
      if (choice === 1) return BigInt(random.nextInt(4));
      return (BigInt(random.nextUint32()) << 24n) | BigInt(random.nextInt(1 << 24));
    };
    for (let i = 0; i < 2000; i++) {
      const snapshot = random.nextInt(3) === 0 ? pick() : pick() >> 8n;
      const sequence = random.nextInt(3) === 0 ? snapshot + BigInt(random.nextInt(3)) - 1n : pick();
      if (sequence < 0n || sequence > SEQUENCE_NUMBER_MAX) continue;
      const kind = random.nextInt(2) === 0 ? KeyKind.Value : KeyKind.Deletion;
      const key = encodeInternalKey(random.bytes(random.nextInt(3)), sequence, kind);
      expect(isVisibleAtSnapshot(key, snapshotTrailer(snapshot))).toBe(sequence <= snapshot);
    }
  });
});
