import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import { SeededRandom } from "../../util/random.ts";
import { DbIterator } from "./db-iterator.ts";
import { KeyKind } from "./internal-key.ts";
import { Memtable } from "./memtable.ts";
import { MergeIterator } from "./merge-iterator.ts";
import type { EngineIterator } from "./engine-iterator.ts";

/** Passes through to `inner`, counting steps and seeks. */
class CountingIterator implements EngineIterator {
  steps = 0;
  seeks = 0;
  constructor(readonly inner: EngineIterator) {}
  valid(): boolean {
    return this.inner.valid();
  }
  seekToFirst(): void {
    this.inner.seekToFirst();
  }
  seekToLast(): void {
    this.inner.seekToLast();
  }
  seek(target: Uint8Array): void {
    this.seeks++;
    this.inner.seek(target);
  }
  next(): void {
    this.steps++;
    this.inner.next();
  }
  prev(): void {
    this.steps++;
    this.inner.prev();
  }
  key(): Uint8Array {
    return this.inner.key();
  }
  value(): Uint8Array {
    return this.inner.value();
  }
  valueCopy(): Uint8Array {
    return this.inner.valueCopy();
  }
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

interface Write {
  readonly key: Uint8Array;
  readonly sequence: bigint;
  /** null for a deletion. */
  readonly value: Uint8Array | null;
}

function position(iterator: DbIterator): string {
  if (!iterator.valid()) return "end";
  // keyCopy and compareKey must agree with key() in either direction.
  const key = iterator.key();
  // (Plain checks: this runs for every step of the random tests, and expect() is slow.)
  if (compareBytes(iterator.keyCopy(), key) !== 0) throw new Error("keyCopy differs from key");
  const valueCopy = iterator.valueCopy();
  if (compareBytes(valueCopy, iterator.value()) !== 0) throw new Error("valueCopy differs");
  for (const probe of [key, key.subarray(0, key.length - 1), text("m"), new Uint8Array(0)]) {
    const want = Math.sign(compareBytes(key, probe));
    if (Math.sign(iterator.compareKey(probe)) !== want) throw new Error("compareKey disagrees");
  }
  return `${hex(key)}=${hex(iterator.value())}`;
}

interface Model {
  readonly keys: Uint8Array[];
  readonly rows: string[];
}

/** The visible (key, value) pairs at `snapshot`, sorted by user key, printed as `position`. */
function modelAt(writes: readonly Write[], snapshot: bigint): Model {
  const newest = new Map<string, Write>();
  for (const write of writes) {
    if (write.sequence > snapshot) continue;
    const previous = newest.get(hex(write.key));
    if (previous === undefined || previous.sequence < write.sequence) {
      newest.set(hex(write.key), write);
    }
  }
  const visible = [...newest.values()].filter((write) => write.value !== null);
  visible.sort((a, b) => compareBytes(a.key, b.key));
  return {
    keys: visible.map((write) => write.key),
    rows: visible.map((write) => `${hex(write.key)}=${hex(write.value!)}`),
  };
}

/** Random writes spread over `levels` memtables, which stand in for the LSM's levels. */
function randomWrites(random: SeededRandom, levels: Memtable[], count: number): Write[] {
  const writes: Write[] = [];
  for (let sequence = 1n; sequence <= BigInt(count); sequence++) {
    // Short keys over a tiny alphabet: many versions per key, and keys that prefix each other.
    const key = random.bytes(random.nextInt(4)).map((byte) => byte % 3);
    const deleted = random.nextInt(3) === 0;
    const value = deleted ? null : random.bytes(random.nextInt(4));
    const kind = deleted ? KeyKind.Deletion : KeyKind.Value;
    levels[random.nextInt(levels.length)]!.add(sequence, kind, key, value ?? new Uint8Array(0));
    writes.push({ key, sequence, value });
  }
  return writes;
}

function scanBoth(iterator: DbIterator): { forward: string[]; backward: string[] } {
  const forward: string[] = [];
  for (iterator.seekToFirst(); iterator.valid(); iterator.next()) forward.push(position(iterator));
  const backward: string[] = [];
  for (iterator.seekToLast(); iterator.valid(); iterator.prev()) backward.push(position(iterator));
  return { forward, backward };
}

describe("DbIterator", () => {
  it("hides deleted keys and old versions", () => {
    const memtable = new Memtable(new SeededRandom(1));
    memtable.add(1n, KeyKind.Value, text("a"), text("1"));
    memtable.add(2n, KeyKind.Value, text("b"), text("2"));
    memtable.add(3n, KeyKind.Deletion, text("a"), new Uint8Array(0));
    memtable.add(4n, KeyKind.Value, text("b"), text("4"));
    memtable.add(5n, KeyKind.Value, text("c"), text("5"));
    const rows = (snapshot: bigint): string[] =>
      scanBoth(new DbIterator(memtable.iterator(), snapshot)).forward;
    expect(rows(0n)).toEqual([]);
    expect(rows(2n)).toEqual(["61=31", "62=32"]);
    expect(rows(3n)).toEqual(["62=32"]);
    expect(rows(5n)).toEqual(["62=34", "63=35"]);
    const iterator = new DbIterator(memtable.iterator(), 5n);
    expect(iterator.valid()).toBe(false);
    expect(() => iterator.key()).toThrow(AssertionError);
    iterator.seek(text("a"));
    expect(position(iterator)).toBe("62=34");
    iterator.seek(text("c\u0000"));
    expect(iterator.valid()).toBe(false);
  });

  it("seeks past a long run of versions instead of stepping over each", () => {
    // "a" is written 200 times (sequences 1..200), then "b" once (201).
    const memtable = new Memtable(new SeededRandom(3));
    for (let sequence = 1n; sequence <= 200n; sequence++) {
      memtable.add(sequence, KeyKind.Value, text("a"), text(`v${sequence}`));
    }
    memtable.add(201n, KeyKind.Value, text("b"), text("b1"));
    const scan = (snapshot: bigint): { rows: string[]; counter: CountingIterator } => {
      const counter = new CountingIterator(memtable.iterator());
      const iterator = new DbIterator(counter, snapshot);
      const rows: string[] = [];
      for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
        rows.push(new TextDecoder().decode(iterator.key()) + "=" + new TextDecoder().decode(iterator.value()));
      }
      return { rows, counter };
    };
    // Newest snapshot: "a" is returned at its newest version, then 199 older ones are hidden.
    const newest = scan(201n);
    expect(newest.rows).toEqual(["a=v200", "b=b1"]);
    expect(newest.counter.steps).toBeLessThan(20);
    expect(newest.counter.seeks).toBe(1);
    // An old snapshot: 190 versions of "a" are too new to see, then 10 visible ones.
    const old = scan(10n);
    expect(old.rows).toEqual(["a=v10"]);
    expect(old.counter.steps).toBeLessThan(30);
    expect(old.counter.seeks).toBe(2);
  });

  it("agrees with a Map model at random snapshots over several levels", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const random = new SeededRandom(seed);
      const levels = Array.from({ length: 1 + random.nextInt(5) }, (_, i) => {
        return new Memtable(new SeededRandom(seed * 100 + i));
      });
      const writes = randomWrites(random, levels, 400);
      for (let trial = 0; trial < 12; trial++) {
        const snapshot = BigInt(random.nextInt(420));
        const model = modelAt(writes, snapshot);
        const iterator = new DbIterator(
          new MergeIterator(levels.map((level) => level.iterator())),
          snapshot,
        );
        const context = `seed ${seed} snapshot ${snapshot}`;
        const { forward, backward } = scanBoth(iterator);
        expect(forward, context).toEqual(model.rows);
        expect(backward, context).toEqual([...model.rows].reverse());
        checkRandomWalks(iterator, model, random, context);
      }
    }
  });
});

/** Random seeks followed by random next/prev steps, checked against the model's positions. */
function checkRandomWalks(
  iterator: DbIterator,
  model: Model,
  random: SeededRandom,
  context: string,
): void {
  for (let walk = 0; walk < 40; walk++) {
    const start = random.nextInt(3);
    let at: number;
    if (start === 0) {
      const target = random.bytes(random.nextInt(4)).map((byte) => byte % 3);
      iterator.seek(target);
      at = model.keys.findIndex((key) => compareBytes(key, target) >= 0);
      if (at < 0) at = model.keys.length;
    } else if (start === 1) {
      iterator.seekToFirst();
      at = 0;
    } else {
      iterator.seekToLast();
      at = model.keys.length - 1;
    }
    expect(position(iterator), context).toBe(model.rows[at] ?? "end");
    for (let step = 0; step < 12 && iterator.valid(); step++) {
      if (random.nextInt(2) === 0) {
        iterator.next();
        at++;
      } else {
        iterator.prev();
        at--;
      }
      expect(position(iterator), `${context} walk ${walk} step ${step}`).toBe(
        model.rows[at] ?? "end",
      );
    }
  }
}
