import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import { SeededRandom } from "../../util/random.ts";
import { SKIPLIST_HEIGHT_MAX, SkipList, type SkipListIterator } from "./skiplist.ts";

const key = (value: number): Uint8Array => Uint8Array.of(value >> 8, value & 0xff);
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

function position(iterator: SkipListIterator<number>): string {
  return iterator.valid() ? hex(iterator.key()) : "end";
}

describe("SkipList", () => {
  it("starts empty", () => {
    const list = new SkipList<number>(compareBytes, new SeededRandom(1));
    expect(list.size).toBe(0);
    expect(list.contains(key(1))).toBe(false);
    expect(list.lowerBound(key(0))).toBeUndefined();
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
    const list = new SkipList<number>(compareBytes, new SeededRandom(1));
    list.insert(key(3), 1);
    expect(() => list.insert(key(3), 2)).toThrow(AssertionError);
    expect(list.size).toBe(1);
  });

  it("matches a sorted array model under random inserts, seeks and walks", () => {
    for (const seed of [1, 2, 3, 42]) {
      const random = new SeededRandom(seed);
      const list = new SkipList<number>(compareBytes, new SeededRandom(seed + 1000));
      const model: Uint8Array[] = [];
      for (let step = 0; step < 1500; step++) {
        const candidate = key(random.nextInt(2000));
        const at = lowerBound(model, candidate);
        const present = at < model.length && compareBytes(model[at]!, candidate) === 0;
        expect(list.contains(candidate)).toBe(present);
        if (!present) {
          const height = list.insert(candidate, step);
          expect(height).toBeGreaterThanOrEqual(1);
          expect(height).toBeLessThanOrEqual(SKIPLIST_HEIGHT_MAX);
          model.splice(at, 0, candidate);
        }
        const bound = list.lowerBound(candidate);
        expect(bound === undefined ? "end" : hex(bound.key)).toBe(hex(candidate));
      }
      expect(list.size).toBe(model.length);
      checkWalks(list, model, random);
    }
  });

  it("keeps iterators valid across inserts", () => {
    const list = new SkipList<number>(compareBytes, new SeededRandom(5));
    list.insert(key(10), 10);
    list.insert(key(30), 30);
    const iterator = list.iterator();
    iterator.seek(key(10));
    list.insert(key(20), 20);
    list.insert(key(5), 5);
    expect(iterator.value()).toBe(10);
    iterator.next();
    expect(iterator.value()).toBe(20);
    iterator.prev();
    iterator.prev();
    expect(iterator.value()).toBe(5);
    iterator.prev();
    expect(iterator.valid()).toBe(false);
  });

  it("builds the same shape from the same seed", () => {
    const heights = (seed: number): number[] => {
      const list = new SkipList<number>(compareBytes, new SeededRandom(seed));
      return Array.from({ length: 200 }, (_, i) => list.insert(key(i), i));
    };
    expect(heights(9)).toEqual(heights(9));
    expect(heights(9)).not.toEqual(heights(10));
  });
});

/** Full forward and backward scans, then random seeks with random next/prev steps. */
function checkWalks(list: SkipList<number>, model: readonly Uint8Array[], random: SeededRandom) {
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
