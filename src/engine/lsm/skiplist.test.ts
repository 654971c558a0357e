import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import { SeededRandom } from "../../util/random.ts";
import {
  SKIPLIST_CHUNK_BYTES,
  SkipList,
  type RangeKeyComparator,
  type SkipListIterator,
} from "./skiplist.ts";

const key = (value: number): Uint8Array => Uint8Array.of(value >> 8, value & 0xff);
const value = (n: number): Uint8Array => Uint8Array.of(n >> 16, (n >> 8) & 0xff, n & 0xff);
const valueNumber = (bytes: Uint8Array): number => (bytes[0]! << 16) | (bytes[1]! << 8) | bytes[2]!;
/** compareBytes over a stored range, as the list needs it. */
const compareRange: RangeKeyComparator = (bytes, start, end, target) =>
  compareBytes(bytes.subarray(start, end), target);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** Lower bound in a sorted array of keys. */
function lowerBound(model: readonly Uint8Array[], target: Uint8Array): number {
  let low = 0;
  let high = model.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareBytes(model[middle]!, target) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function position(iterator: SkipListIterator): string {
  return iterator.valid() ? hex(iterator.key()) : "end";
}

describe("SkipList", () => {
  it("starts empty", () => {
    const list = new SkipList(compareRange, new SeededRandom(1));
    expect(list.size).toBe(0);
    expect(list.contains(key(1))).toBe(false);
    expect(list.seekNode(key(0))).toBe(0);
    const iterator = list.iterator();
    expect(iterator.valid()).toBe(false);
    iterator.seekToFirst();
    expect(iterator.valid()).toBe(false);
    iterator.seekToLast();
    expect(iterator.valid()).toBe(false);
    iterator.seek(key(5));
    expect(iterator.valid()).toBe(false);
    expect(() => iterator.next()).toThrow(AssertionError);
    expect(() => iterator.key()).toThrow(AssertionError);
  });

  it("rejects duplicate keys", () => {
    const list = new SkipList(compareRange, new SeededRandom(1));
    list.insert(key(3), value(1));
    expect(() => list.insert(key(3), value(2))).toThrow(AssertionError);
    expect(list.size).toBe(1);
  });

  it("matches a sorted array model under random inserts, seeks and walks", () => {
    for (const seed of [1, 2, 3, 42]) {
      const random = new SeededRandom(seed);
      const list = new SkipList(compareRange, new SeededRandom(seed + 1000));
      const model: Uint8Array[] = [];
      for (let step = 0; step < 1500; step++) {
        const candidate = key(random.nextInt(2000));
        const at = lowerBound(model, candidate);
        const present = at < model.length && compareBytes(model[at]!, candidate) === 0;
        expect(list.contains(candidate)).toBe(present);
        if (!present) {
          const node = list.insert(candidate, value(step));
          expect(valueNumber(list.valueView(node))).toBe(step);
          model.splice(at, 0, candidate);
        }
        const bound = list.seekNode(candidate);
        expect(bound === 0 ? "end" : hex(list.keyView(bound))).toBe(hex(candidate));
      }
      expect(list.size).toBe(model.length);
      checkWalks(list, model, random);
    }
  });

  it("keeps iterators valid across inserts", () => {
    const list = new SkipList(compareRange, new SeededRandom(5));
    list.insert(key(10), value(10));
    list.insert(key(30), value(30));
    const iterator = list.iterator();
    iterator.seek(key(10));
    list.insert(key(20), value(20));
    list.insert(key(5), value(5));
    expect(valueNumber(iterator.value())).toBe(10);
    iterator.next();
    expect(valueNumber(iterator.value())).toBe(20);
    iterator.prev();
    iterator.prev();
    expect(valueNumber(iterator.value())).toBe(5);
    iterator.prev();
    expect(iterator.valid()).toBe(false);
  });

  it("keeps large and small entries intact across chunk boundaries", () => {
    const list = new SkipList(compareRange, new SeededRandom(7));
    const sizes = [10, SKIPLIST_CHUNK_BYTES / 4 + 1, 1000, SKIPLIST_CHUNK_BYTES, 3, 200_000, 5];
    const values = new Map<number, Uint8Array>();
    for (let i = 0; i < 60; i++) {
      const bytes = new Uint8Array(sizes[i % sizes.length]!).fill(i + 1);
      values.set(i, bytes);
      list.insert(key(i), bytes);
    }
    const iterator = list.iterator();
    let i = 0;
    for (iterator.seekToFirst(); iterator.valid(); iterator.next(), i++) {
      expect(hex(iterator.key())).toBe(hex(key(i)));
      const expected = values.get(i)!;
      const got = iterator.valueCopy();
      expect(got.length).toBe(expected.length);
      expect(got.every((byte) => byte === i + 1)).toBe(true);
    }
    expect(i).toBe(60);
    expect(list.usedBytes).toBeGreaterThan(4 * SKIPLIST_CHUNK_BYTES);
    expect(list.allocatedBytes).toBeGreaterThanOrEqual(list.usedBytes);
  });

  it("builds the same shape from the same seed", () => {
    // Node offsets advance by each node's height, so equal offsets mean equal heights.
    const heights = (seed: number): number[] => {
      const list = new SkipList(compareRange, new SeededRandom(seed));
      return Array.from({ length: 200 }, (_, i) => list.insert(key(i), value(i)));
    };
    expect(heights(9)).toEqual(heights(9));
    expect(heights(9)).not.toEqual(heights(10));
  });
});

/** Full forward and backward scans, then random seeks with random next/prev steps. */
function checkWalks(list: SkipList, model: readonly Uint8Array[], random: SeededRandom) {
  const iterator = list.iterator();
  const forward: string[] = [];
  for (iterator.seekToFirst(); iterator.valid(); iterator.next()) forward.push(hex(iterator.key()));
  expect(forward).toEqual(model.map(hex));
  const backward: string[] = [];
  for (iterator.seekToLast(); iterator.valid(); iterator.prev()) backward.push(hex(iterator.key()));
  expect(backward).toEqual(model.map(hex).reverse());
  for (let trial = 0; trial < 200; trial++) {
    const target = key(random.nextInt(2100));
    let at = lowerBound(model, target);
    iterator.seek(target);
    expect(position(iterator)).toBe(at < model.length ? hex(model[at]!) : "end");
    for (let step = 0; step < 8 && iterator.valid(); step++) {
      if (random.nextInt(2) === 0) {
        iterator.next();
        at++;
      } else {
        iterator.prev();
        at = at === 0 ? model.length : at - 1;
      }
      const expected = at >= 0 && at < model.length ? hex(model[at]!) : "end";
      expect(position(iterator)).toBe(expected);
    }
  }
}
