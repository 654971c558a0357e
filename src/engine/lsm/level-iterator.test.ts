import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../util/random.ts";
import type { EngineIterator } from "./engine-iterator.ts";
import { KeyKind, encodeInternalKey } from "./internal-key.ts";
import { LevelIterator } from "./level-iterator.ts";
import type { SstDescriptor } from "./manifest.ts";
import { Memtable } from "./memtable.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const position = (iterator: EngineIterator): string =>
  iterator.valid() ? `${hex(iterator.key())}=${hex(iterator.value())}` : "end";

/**
 * A level of `fileCount` files over user keys 0..keyCount-1 (two bytes each, some versions each),
 * cut at random points, some files empty; and one memtable holding everything, as the model.
 */
function buildLevel(random: SeededRandom, fileCount: number, keyCount: number) {
  const cuts = Array.from({ length: fileCount - 1 }, () => random.nextInt(keyCount + 1))
    .sort((a, b) => a - b);
  const model = new Memtable(new SeededRandom(1));
  const files: { sst: SstDescriptor; memtable: Memtable }[] = [];
  let sequence = 1n;
  let start = 0;
  for (let f = 0; f < fileCount; f++) {
    const end = f < cuts.length ? cuts[f]! : keyCount;
    const memtable = new Memtable(new SeededRandom(f + 2));
    let largest: Uint8Array = new Uint8Array(0);
    for (let key = start; key < end; key++) {
      const userKey = new Uint8Array([key >> 8, key & 0xff]);
      for (let v = 0; v <= random.nextInt(2); v++) {
        const value = new Uint8Array([random.nextInt(256)]);
        memtable.add(sequence, KeyKind.Value, userKey, value);
        model.add(sequence, KeyKind.Value, userKey, value);
        if (v === 0) largest = encodeInternalKey(userKey, sequence, KeyKind.Value);
        sequence++;
      }
    }
    // Files without keys are left out of the level by the callers (a cut can make one).
    const sst = { id: BigInt(f), sizeBytes: 1, smallestKey: largest, largestKey: largest,
      smallestSequence: 0n, largestSequence: 0n, entryCount: end - start };
    files.push({ sst, memtable });
    start = end;
  }
  return { files, model };
}

describe("LevelIterator", () => {
  it("walks a level's files as one sorted run under random seeks and steps both ways", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = new SeededRandom(seed);
      const { files, model } = buildLevel(random, 1 + random.nextInt(6), random.nextInt(60));
      const opened = new Set<bigint>();
      const level = new LevelIterator(files.filter((f) => f.sst.entryCount > 0).map((f) => f.sst),
        (sst) => {
          opened.add(sst.id);
          return files[Number(sst.id)]!.memtable.iterator();
        });
      const expected = model.iterator();
      for (let step = 0; step < 200; step++) {
        const op = random.nextInt(5);
        if (op === 0) {
          level.seekToFirst();
          expected.seekToFirst();
        } else if (op === 1) {
          level.seekToLast();
          expected.seekToLast();
        } else if (op === 2) {
          const key = random.nextInt(70);
          const target = encodeInternalKey(new Uint8Array([key >> 8, key & 0xff]),
            BigInt(random.nextInt(200)), KeyKind.Value);
          level.seek(target);
          expected.seek(target);
        } else if (expected.valid()) {
          if (op === 3) {
            level.next();
            expected.next();
          } else {
            level.prev();
            expected.prev();
          }
        }
        expect(position(level), `seed ${seed} step ${step}`).toBe(position(expected));
      }
    }
  });

  it("a seek opens only the file that may hold the target", () => {
    const random = new SeededRandom(5);
    const { files } = buildLevel(random, 8, 80);
    const live = files.filter((f) => f.sst.entryCount > 0);
    const opened: bigint[] = [];
    const level = new LevelIterator(live.map((f) => f.sst), (sst) => {
      opened.push(sst.id);
      return files[Number(sst.id)]!.memtable.iterator();
    });
    level.seek(encodeInternalKey(new Uint8Array([0, 40]), 1n << 40n, KeyKind.Value));
    expect(level.valid()).toBe(true);
    expect(opened.length).toBe(1);
    level.seekToFirst();
    expect(opened.length).toBe(2);
    expect(opened[1]).toBe(live[0]!.sst.id);
  });
});
