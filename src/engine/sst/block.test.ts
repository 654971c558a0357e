import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import { encodeFixed32 } from "../../util/coding.ts";
import { CorruptionError } from "../../util/errors.ts";
import { type Random, SeededRandom } from "../../util/random.ts";
import { BlockBuilder } from "./block-builder.ts";
import { BLOCK_BYTES_MIN } from "./block-format.ts";
import { Block, type BlockIterator } from "./block.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

function build(entries: readonly Entry[], restartInterval = 16): Uint8Array {
  const builder = new BlockBuilder({ restartInterval });
  for (const entry of entries) builder.add(entry.key, entry.value);
  const expectedSize = builder.currentSizeEstimate();
  const bytes = builder.finish();
  expect(bytes.length).toBe(expectedSize);
  return bytes;
}

/** Sorted, distinct keys with long shared prefixes, short keys, and some empty values. */
function randomEntries(random: Random, count: number): Entry[] {
  const prefixes = [text(""), text("a"), text("user/0000000000/"), text("x".repeat(300))];
  const byHex = new Map<string, Entry>();
  while (byHex.size < count) {
    const prefix = prefixes[random.nextInt(prefixes.length)]!;
    const suffix = random.bytes(random.nextInt(6));
    const key = new Uint8Array(prefix.length + suffix.length);
    key.set(prefix);
    key.set(suffix, prefix.length);
    const valueLength = random.nextInt(4) === 0 ? 0 : random.nextInt(200);
    byHex.set(hex(key), { key, value: random.bytes(valueLength) });
  }
  return [...byHex.values()].sort((a, b) => compareBytes(a.key, b.key));
}

/** More entries than any test block holds: a bound so a broken iterator fails, not hangs. */
const ENTRIES_MAX = 10_000;

function collectForward(iterator: BlockIterator): string[] {
  const out: string[] = [];
  for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
    if (out.length > ENTRIES_MAX) throw new Error("iterator does not advance");
    out.push(`${hex(iterator.key())}=${hex(iterator.value())}`);
  }
  return out;
}

function collectBackward(iterator: BlockIterator): string[] {
  const out: string[] = [];
  for (iterator.seekToLast(); iterator.valid(); iterator.prev()) {
    if (out.length > ENTRIES_MAX) throw new Error("iterator does not move back");
    out.push(`${hex(iterator.key())}=${hex(iterator.value())}`);
  }
  return out;
}

/** Index of the first entry with key >= target (entries.length when none). */
function lowerBound(entries: readonly Entry[], target: Uint8Array): number {
  let index = 0;
  while (index < entries.length && compareBytes(entries[index]!.key, target) < 0) index++;
  return index;
}

describe("BlockBuilder + Block round trip", () => {
  it("golden bytes of a 3-entry block (restart interval 2)", () => {
    const bytes = build(
      [
        { key: text("apple"), value: text("1") },
        { key: text("apply"), value: text("22") },
        { key: text("banana"), value: text("") },
      ],
      2,
    );
    expect(hex(bytes)).toBe(
      "000501" + "6170706c65" + "31" + // @0: shared 0, non_shared 5, value 1: "apple" "1"
        "040102" + "79" + "3232" + // @9: shared 4 ("appl"), non_shared 1, value 2: "y" "22"
        "000600" + "62616e616e61" + // @15: restart, shared 0, non_shared 6, value 0: "banana"
        "00000000" + "0f000000" + // restart offsets 0 and 15
        "02000000", // two restarts
    );
  });

  it("an empty block is one restart and the count", () => {
    const bytes = build([]);
    expect(hex(bytes)).toBe("0000000001000000");
    const iterator = new Block(bytes).iterator();
    iterator.seekToFirst();
    expect(iterator.valid()).toBe(false);
    iterator.seekToLast();
    expect(iterator.valid()).toBe(false);
    iterator.seek(text("a"));
    expect(iterator.valid()).toBe(false);
  });

  it("round-trips one entry, with an empty key and an empty value", () => {
    const block = new Block(build([{ key: new Uint8Array(0), value: new Uint8Array(0) }]));
    const iterator = block.iterator();
    iterator.seekToFirst();
    expect(iterator.valid()).toBe(true);
    expect(iterator.key().length).toBe(0);
    expect(iterator.value().length).toBe(0);
    iterator.prev();
    expect(iterator.valid()).toBe(false);
    iterator.seekToLast();
    iterator.next();
    expect(iterator.valid()).toBe(false);
  });

  for (const [seed, count, interval] of [
    [1, 1, 16],
    [2, 17, 16],
    [3, 300, 16],
    [4, 200, 1],
    [5, 200, 3],
    [6, 50, 1024],
  ] as const) {
    it(`random set seed ${seed}: ${count} entries, restart interval ${interval}`, () => {
      const random = new SeededRandom(seed);
      const entries = randomEntries(random, count);
      const block = new Block(build(entries, interval));
      expect(block.restartCount).toBe(Math.ceil(count / interval));
      expect(block.verifyEntries()).toBe(count);
      const expected = entries.map((entry) => `${hex(entry.key)}=${hex(entry.value)}`);
      const iterator = block.iterator();
      expect(collectForward(iterator)).toEqual(expected);
      expect(collectBackward(iterator)).toEqual([...expected].reverse());
      for (let probe = 0; probe < 200; probe++) {
        const target =
          probe % 2 === 0 ? entries[random.nextInt(count)]!.key : randomEntries(random, 1)[0]!.key;
        iterator.seek(target);
        const index = lowerBound(entries, target);
        expect(iterator.valid()).toBe(index < count);
        if (index < count) expect(hex(iterator.key())).toBe(hex(entries[index]!.key));
        // Step back from the seek position, across restart boundaries.
        if (index < count && index > 0) {
          iterator.prev();
          expect(hex(iterator.key())).toBe(hex(entries[index - 1]!.key));
          iterator.next();
          expect(hex(iterator.key())).toBe(hex(entries[index]!.key));
        }
      }
    });
  }

  it("seeks before the first, after the last and between keys", () => {
    const keys = ["b", "d", "f", "h", "j"].map(text);
    const block = new Block(build(keys.map((key) => ({ key, value: key })), 2));
    const iterator = block.iterator();
    iterator.seek(text("a"));
    expect(hex(iterator.key())).toBe(hex(text("b")));
    iterator.seek(text("e"));
    expect(hex(iterator.key())).toBe(hex(text("f")));
    iterator.seek(text("f"));
    expect(hex(iterator.value())).toBe(hex(text("f")));
    iterator.seek(text("j"));
    expect(hex(iterator.key())).toBe(hex(text("j")));
    iterator.seek(text("k"));
    expect(iterator.valid()).toBe(false);
    iterator.seek(new Uint8Array(0));
    expect(hex(iterator.key())).toBe(hex(text("b")));
  });

  it("orders by a supplied comparator", () => {
    const reverse = (a: Uint8Array, b: Uint8Array): number => compareBytes(b, a);
    const builder = new BlockBuilder({ comparator: reverse, restartInterval: 2 });
    for (const key of ["z", "m", "c", "a"]) builder.add(text(key), text(key));
    expect(() => builder.add(text("b"), text(""))).toThrow(AssertionError);
    const block = new Block(builder.finish(), { comparator: reverse });
    const iterator = block.iterator();
    iterator.seek(text("n"));
    expect(hex(iterator.key())).toBe(hex(text("m")));
    expect(block.verifyEntries()).toBe(4);
  });

  it("asserts increasing keys, no add after finish, and resets for reuse", () => {
    const builder = new BlockBuilder();
    builder.add(text("b"), text("1"));
    expect(() => builder.add(text("b"), text("2"))).toThrow(AssertionError);
    expect(() => builder.add(text("a"), text("2"))).toThrow(AssertionError);
    builder.finish();
    expect(() => builder.add(text("c"), text("3"))).toThrow(AssertionError);
    builder.reset();
    expect(builder.isEmpty).toBe(true);
    builder.add(text("a"), text("x"));
    expect(collectForward(new Block(builder.finish()).iterator())).toEqual([
      `${hex(text("a"))}=${hex(text("x"))}`,
    ]);
  });
});

describe("Block corruption detection", () => {
  const good = (): Uint8Array =>
    build(
      ["apple", "apply", "banana", "cherry"].map((key) => ({ key: text(key), value: text("v") })),
      2,
    );

  /** Overwrites the fixed32 at `offset` counted from the end. */
  function withFixed32FromEnd(bytes: Uint8Array, fromEnd: number, value: number): Uint8Array {
    const copy = Uint8Array.from(bytes);
    encodeFixed32(copy, copy.length - fromEnd, value);
    return copy;
  }

  it("rejects a bad restart array, naming the offset", () => {
    expect(() => new Block(new Uint8Array(BLOCK_BYTES_MIN - 1))).toThrow(/offset 0/);
    const bytes = good();
    expect(() => new Block(withFixed32FromEnd(bytes, 4, 0))).toThrow(CorruptionError);
    expect(() => new Block(withFixed32FromEnd(bytes, 4, 1000))).toThrow(
      new RegExp(`corrupt at offset ${bytes.length - 4}: restart count 1000`),
    );
    expect(() => new Block(withFixed32FromEnd(bytes, 12, 3))).toThrow(/first restart point/);
    expect(() => new Block(withFixed32FromEnd(bytes, 8, 0))).toThrow(/out of order or range/);
    expect(() => new Block(withFixed32FromEnd(bytes, 8, bytes.length - 12))).toThrow(
      /out of order or range/,
    );
    expect(() => new Block(bytes, { name: "sst 7 block @0" })).not.toThrow();
    expect(() => new Block(withFixed32FromEnd(bytes, 4, 0), { name: "sst 7" })).toThrow(/^sst 7/);
  });

  it("rejects an entry that runs past the entries", () => {
    const bytes = Uint8Array.from(good());
    bytes[2] = 0x7f; // First entry's value length.
    const iterator = new Block(bytes).iterator();
    expect(() => iterator.seekToFirst()).toThrow(/offset 0: entry runs past/);
  });

  it("rejects shared bytes at a restart point and a restart inside an entry", () => {
    const bytes = Uint8Array.from(good());
    // "apple"=v is 9 bytes and "y"=v after "appl" is 5, so "banana" restarts at 14.
    const second = new Block(bytes).restartPoint(1);
    expect(second).toBe(14);
    bytes[second] = 1;
    expect(() => new Block(bytes).verifyEntries()).toThrow(
      new RegExp(`offset ${second}: shared key length`),
    );
    const shifted = withFixed32FromEnd(good(), 8, second + 1);
    expect(() => new Block(shifted).verifyEntries()).toThrow(/restart point inside an entry/);
  });

  it("rejects a truncated varint and keys out of order", () => {
    const truncated = Uint8Array.from(good());
    truncated[0] = 0x80;
    truncated[1] = 0x80;
    truncated[2] = 0x80;
    truncated[3] = 0x80;
    truncated[4] = 0x80;
    expect(() => new Block(truncated).iterator().seekToFirst()).toThrow(/varint/);
    const swapped = Uint8Array.from(good());
    // Second entry is shared 4 ("appl") + "y"; make it "appla", which sorts before "apple".
    swapped[9 + 3] = "a".charCodeAt(0);
    expect(() => new Block(swapped).verifyEntries()).toThrow(/does not sort after/);
  });
});

describe("BlockIterator key buffer", () => {
  it("returns exact keys across growth past 64 bytes and shrinking shared prefixes", () => {
    const keys = ["a", "a".repeat(70), "a".repeat(70) + "b", "b".repeat(300), "c", "c".repeat(65)]
      .map((key) => new TextEncoder().encode(key))
      .sort((x, y) => Buffer.compare(x, y));
    const builder = new BlockBuilder({ restartInterval: 4 });
    keys.forEach((key, i) => builder.add(key, new Uint8Array([i])));
    const block = new Block(builder.finish());
    const iterator = block.iterator();
    const seen: Uint8Array[] = [];
    for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
      seen.push(iterator.key().slice());
    }
    expect(seen).toEqual(keys);
    const backward: Uint8Array[] = [];
    for (iterator.seekToLast(); iterator.valid(); iterator.prev()) {
      backward.push(iterator.key().slice());
    }
    expect(backward).toEqual([...keys].reverse());
    iterator.seek(new TextEncoder().encode("b"));
    expect(iterator.key()).toEqual(keys[3]);
  });
});
