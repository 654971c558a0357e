import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { SeededRandom } from "../../util/random.ts";
import { KeyKind, LookupKey, decodeInternalKey } from "./internal-key.ts";
import { Memtable, type MemtableGetResult } from "./memtable.ts";
import { WriteBatch } from "./write-batch.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const string = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function show(result: MemtableGetResult): string {
  return result.kind === "value" ? `value:${string(result.value)}` : result.kind;
}

function read(memtable: Memtable, key: string, snapshot: bigint): string {
  return show(memtable.get(new LookupKey(text(key), snapshot)));
}

describe("Memtable", () => {
  it("shows each snapshot the newest version at or below it", () => {
    const memtable = new Memtable(new SeededRandom(1));
    memtable.add(10n, KeyKind.Value, text("k"), text("v10"));
    memtable.add(20n, KeyKind.Value, text("k"), text("v20"));
    memtable.add(30n, KeyKind.Deletion, text("k"), new Uint8Array(0));
    memtable.add(40n, KeyKind.Value, text("k"), text("v40"));
    expect(read(memtable, "k", 9n)).toBe("absent");
    expect(read(memtable, "k", 10n)).toBe("value:v10");
    expect(read(memtable, "k", 19n)).toBe("value:v10");
    expect(read(memtable, "k", 20n)).toBe("value:v20");
    expect(read(memtable, "k", 30n)).toBe("deleted");
    expect(read(memtable, "k", 39n)).toBe("deleted");
    expect(read(memtable, "k", 40n)).toBe("value:v40");
    expect(read(memtable, "k", 1000n)).toBe("value:v40");
    expect(memtable.lastSequence).toBe(40n);
  });

  it("does not confuse neighbouring and prefix user keys", () => {
    const memtable = new Memtable(new SeededRandom(2));
    memtable.add(5n, KeyKind.Value, text("ab"), text("x"));
    memtable.add(6n, KeyKind.Value, text("a\u0000"), text("y"));
    expect(read(memtable, "a", 100n)).toBe("absent");
    expect(read(memtable, "abc", 100n)).toBe("absent");
    expect(read(memtable, "ab", 100n)).toBe("value:x");
    expect(read(memtable, "a\u0000", 100n)).toBe("value:y");
    expect(read(memtable, "b", 100n)).toBe("absent");
  });

  it("applies a batch with consecutive sequences, later records winning", () => {
    const memtable = new Memtable(new SeededRandom(3));
    const batch = new WriteBatch();
    batch.put(text("a"), text("1"));
    batch.put(text("b"), text("2"));
    batch.delete(text("a"));
    batch.put(text("b"), text("3"));
    expect(memtable.applyBatch(batch, 100n)).toBe(104n);
    expect(memtable.entryCount).toBe(4);
    expect(read(memtable, "a", 100n)).toBe("value:1");
    expect(read(memtable, "a", 102n)).toBe("deleted");
    expect(read(memtable, "b", 102n)).toBe("value:2");
    expect(read(memtable, "b", 103n)).toBe("value:3");
    expect(read(memtable, "b", 99n)).toBe("absent");
  });

  it("iterates internal keys: user key ascending, newest version first", () => {
    const memtable = new Memtable(new SeededRandom(4));
    memtable.add(1n, KeyKind.Value, text("b"), text("b1"));
    memtable.add(2n, KeyKind.Value, text("a"), text("a2"));
    memtable.add(3n, KeyKind.Deletion, text("b"), new Uint8Array(0));
    memtable.add(4n, KeyKind.Value, text("a"), text("a4"));
    const seen: string[] = [];
    const iterator = memtable.iterator();
    for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
      const parsed = decodeInternalKey(iterator.key());
      const version = `${string(parsed.userKey)}@${parsed.sequence}:${parsed.kind}`;
      seen.push(`${version}=${string(iterator.value())}`);
    }
    expect(seen).toEqual(["a@4:1=a4", "a@2:1=a2", "b@3:0=", "b@1:1=b1"]);
  });

  it("counts memory and rejects a duplicate version or a deletion with a value", () => {
    const memtable = new Memtable(new SeededRandom(5));
    expect(memtable.approximateMemoryUsageBytes()).toBe(0);
    memtable.add(1n, KeyKind.Value, text("key"), new Uint8Array(1000));
    const afterOne = memtable.approximateMemoryUsageBytes();
    expect(afterOne).toBeGreaterThanOrEqual(1000 + 3 + 8);
    memtable.add(2n, KeyKind.Value, text("key"), new Uint8Array(10));
    expect(memtable.approximateMemoryUsageBytes()).toBeGreaterThan(afterOne + 10);
    expect(() => memtable.add(2n, KeyKind.Value, text("key"), text("z"))).toThrow(AssertionError);
    expect(() => memtable.add(3n, KeyKind.Deletion, text("key"), text("z"))).toThrow(
      AssertionError,
    );
  });

  it("agrees with a model of versions at random snapshots", () => {
    const random = new SeededRandom(6);
    const memtable = new Memtable(new SeededRandom(60));
    const history: { key: string; sequence: bigint; value: string | null }[] = [];
    for (let sequence = 1n; sequence <= 600n; sequence++) {
      const key = `k${random.nextInt(30)}`;
      const deleted = random.nextInt(4) === 0;
      const value = deleted ? null : `v${sequence}`;
      const kind = deleted ? KeyKind.Deletion : KeyKind.Value;
      memtable.add(sequence, kind, text(key), text(value ?? ""));
      history.push({ key, sequence, value });
    }
    for (let trial = 0; trial < 400; trial++) {
      const key = `k${random.nextInt(32)}`;
      const snapshot = BigInt(random.nextInt(620));
      const newest = history
        .filter((entry) => entry.key === key && entry.sequence <= snapshot)
        .at(-1);
      let expected = "absent";
      if (newest !== undefined) {
        expected = newest.value === null ? "deleted" : `value:${newest.value}`;
      }
      expect(read(memtable, key, snapshot)).toBe(expected);
    }
  });
});
