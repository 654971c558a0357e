import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { SeededRandom } from "../../util/random.ts";
import type { EngineIterator } from "./engine-iterator.ts";
import { KeyKind, compareInternalKeys, encodeInternalKey } from "./internal-key.ts";
import { Memtable } from "./memtable.ts";
import { MergeIterator } from "./merge-iterator.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

function position(iterator: EngineIterator): string {
  return iterator.valid() ? `${hex(iterator.key())}=${hex(iterator.value())}` : "end";
}

interface Fixture {
  readonly children: EngineIterator[];
  /** Every entry of every child, sorted by internal key, as `position` prints it. */
  readonly model: string[];
  readonly keys: Uint8Array[];
}

function buildFixture(random: SeededRandom, childCount: number, writes: number): Fixture {
  const memtables = Array.from({ length: childCount }, (_, i) => new Memtable(new SeededRandom(i)));
  const entries: { key: Uint8Array; value: Uint8Array }[] = [];
  for (let sequence = 1n; sequence <= BigInt(writes); sequence++) {
    const userKey = random.bytes(random.nextInt(3)).map((byte) => byte % 4);
    const deleted = random.nextInt(3) === 0;
    const value = deleted ? new Uint8Array(0) : random.bytes(1 + random.nextInt(3));
    const kind = deleted ? KeyKind.Deletion : KeyKind.Value;
    memtables[random.nextInt(childCount)]!.add(sequence, kind, userKey, value);
    entries.push({ key: encodeInternalKey(userKey, sequence, kind), value });
  }
  entries.sort((a, b) => compareInternalKeys(a.key, b.key));
  return {
    children: memtables.map((memtable) => memtable.iterator()),
    model: entries.map((entry) => `${hex(entry.key)}=${hex(entry.value)}`),
    keys: entries.map((entry) => entry.key),
  };
}

/** Index of the first model key >= target. */
function lowerBound(keys: readonly Uint8Array[], target: Uint8Array): number {
  let at = 0;
  while (at < keys.length && compareInternalKeys(keys[at]!, target) < 0) at++;
  return at;
}

describe("MergeIterator", () => {
  it("is not valid over no children or empty children", () => {
    for (const children of [[], [new Memtable(new SeededRandom(1)).iterator()]]) {
      const merged = new MergeIterator(children);
      merged.seekToFirst();
      expect(merged.valid()).toBe(false);
      merged.seekToLast();
      expect(merged.valid()).toBe(false);
      expect(() => merged.next()).toThrow(AssertionError);
    }
  });

  it("merges like a sorted union, in both directions and with direction switches", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = new SeededRandom(seed);
      const { children, model, keys } = buildFixture(random, 1 + random.nextInt(6), 300);
      const merged = new MergeIterator(children);
      const forward: string[] = [];
      for (merged.seekToFirst(); merged.valid(); merged.next()) forward.push(position(merged));
      expect(forward).toEqual(model);
      const backward: string[] = [];
      for (merged.seekToLast(); merged.valid(); merged.prev()) backward.push(position(merged));
      expect(backward).toEqual([...model].reverse());
      for (let trial = 0; trial < 100; trial++) {
        const target = encodeInternalKey(
          random.bytes(random.nextInt(3)).map((byte) => byte % 4),
          BigInt(random.nextInt(320)),
          KeyKind.Value,
        );
        let at = lowerBound(keys, target);
        merged.seek(target);
        expect(position(merged)).toBe(model[at] ?? "end");
        for (let step = 0; step < 10 && merged.valid(); step++) {
          if (random.nextInt(2) === 0) {
            merged.next();
            at++;
          } else {
            merged.prev();
            at--;
          }
          expect(position(merged), `seed ${seed}`).toBe(model[at] ?? "end");
        }
      }
    }
  });
});
