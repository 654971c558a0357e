import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../util/random.ts";
import { SortedList } from "./sorted-list.ts";

const byNumber = (a: number, b: number) => a - b;

/** A coarse monotone prefix (ties are common), as KeyComparator.prefixOf of a first key part. */
const coarse = (x: number) => Math.floor(x / 7);

function rangeOf(list: SortedList<number>, low: number | undefined, high: number | undefined,
  lowInclusive: boolean, highInclusive: boolean, reverse: boolean, limit: number,
  withPrefix = false): number[] {
  const out: number[] = [];
  const prefix = (v: number) => (withPrefix ? coarse(v) : undefined);
  const bound = (v: number | undefined, inclusive: boolean) =>
    v === undefined ? undefined : { probe: (x: number) => x - v, inclusive, prefix: prefix(v) };
  list.forEachInRange(
    bound(low, lowInclusive),
    bound(high, highInclusive),
    reverse,
    (x) => {
      out.push(x);
      return out.length < limit;
    },
  );
  return out;
}

describe("SortedList", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const withPrefix = seed % 2 === 0;
    it(`matches a naive sorted array model (seed ${seed}, prefix ${withPrefix})`, () => {
      const random = new SeededRandom(seed);
      const chunk = 4 + random.nextInt(8);
      const list = new SortedList<number>(byNumber, chunk, withPrefix ? coarse : undefined);
      const model = new Set<number>();
      for (let step = 0; step < 4000; step++) {
        const x = random.nextInt(300);
        const op = random.nextInt(10);
        if (op < 5) {
          expect(list.insert(x), `seed ${seed} step ${step}`).toBe(!model.has(x));
          model.add(x);
        } else if (op < 8) {
          expect(list.delete(x)).toBe(model.has(x));
          model.delete(x);
        } else if (op < 9) {
          expect(list.find(x)).toBe(model.has(x) ? x : undefined);
        } else {
          const low = random.nextInt(4) === 0 ? undefined : random.nextInt(300);
          const high = random.nextInt(4) === 0 ? undefined : random.nextInt(300);
          const li = random.nextInt(2) === 0;
          const hi = random.nextInt(2) === 0;
          const reverse = random.nextInt(2) === 0;
          const limit = random.nextInt(3) === 0 ? 1 + random.nextInt(5) : Infinity;
          let expected = [...model].sort(byNumber).filter((v) =>
            (low === undefined || (li ? v >= low : v > low)) &&
            (high === undefined || (hi ? v <= high : v < high)));
          if (reverse) expected.reverse();
          expected = expected.slice(0, limit);
          expect(rangeOf(list, low, high, li, hi, reverse, limit, withPrefix)).toEqual(expected);
        }
        expect(list.size).toBe(model.size);
        if (step % 500 === 0) list.checkInvariants();
      }
      list.checkInvariants();
    });
  }

  it("keeps full chunks on ascending inserts and handles 1M rows", () => {
    const list = new SortedList<number>(byNumber);
    for (let i = 0; i < 1_000_000; i++) list.insert(i);
    expect(list.size).toBe(1_000_000);
    const tail = rangeOf(list, 999_997, undefined, true, true, false, 10);
    expect(tail).toEqual([999_997, 999_998, 999_999]);
    expect(rangeOf(list, undefined, 2, true, false, true, 10)).toEqual([1, 0]);
    const random = new SeededRandom(9);
    for (let i = 0; i < 100_000; i++) list.delete(random.nextInt(1_000_000));
    list.checkInvariants();
  });
});
