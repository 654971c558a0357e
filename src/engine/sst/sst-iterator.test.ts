import { describe, expect, it } from "vitest";
import { bytesEqual } from "../../util/bytes.ts";
import { type Random, SeededRandom } from "../../util/random.ts";
import { compareInternalKeys, encodeInternalKey, KeyKind } from "../lsm/internal-key.ts";
import { SstBuilder } from "./sst-builder.ts";
import { SstReader } from "./sst-reader.ts";
import type { SstIterator } from "./sst-iterator.ts";

interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

function randomEntries(random: Random, count: number): Entry[] {
  const byKey = new Map<string, Entry>();
  while (byKey.size < count) {
    const userKey = random.bytes(1 + random.nextInt(4));
    const key = encodeInternalKey(userKey, BigInt(random.nextInt(50)), KeyKind.Value);
    const value = random.bytes(random.nextInt(3) === 0 ? 0 : random.nextInt(90));
    byKey.set(Buffer.from(key).toString("hex"), { key, value });
  }
  return [...byKey.values()].sort((a, b) => compareInternalKeys(a.key, b.key));
}

async function openIterator(entries: readonly Entry[], zstd: boolean): Promise<SstIterator> {
  const builder = new SstBuilder({
    blockSizeBytes: 200,
    restartInterval: 4,
    compression: zstd ? "zstd" : "none",
  });
  for (const entry of entries) builder.add(entry.key, entry.value);
  const file = builder.finish();
  const reader = await SstReader.open(
    (offset, length) => Promise.resolve(file.subarray(offset, offset + length)),
    file.length,
    "it.sst",
  );
  expect(reader.properties.dataBlockCount).toBeGreaterThan(10);
  return reader.iterator();
}

/** Index of the first model entry >= target (model.length when none). */
function lowerBound(model: readonly Entry[], target: Uint8Array): number {
  let low = 0;
  let high = model.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareInternalKeys(model[middle]!.key, target) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function expectAt(iterator: SstIterator, model: readonly Entry[], index: number): void {
  if (index < 0 || index >= model.length) {
    expect(iterator.valid()).toBe(false);
    return;
  }
  expect(iterator.valid()).toBe(true);
  // bytesEqual first: vitest's deep equality on byte arrays is slow, and this runs thousands
  // of times; toEqual still reports the difference when there is one.
  const entry = model[index]!;
  if (!bytesEqual(iterator.key(), entry.key)) expect(iterator.key()).toEqual(entry.key);
  if (!bytesEqual(iterator.value(), entry.value)) expect(iterator.value()).toEqual(entry.value);
}

describe("SstIterator", () => {
  for (const zstd of [false, true]) {
    it(`seek/next/prev across block boundaries match a sorted model (zstd ${zstd})`, async () => {
      const random = new SeededRandom(zstd ? 2 : 1);
      const model = randomEntries(random, 400);
      const iterator = await openIterator(model, zstd);

      iterator.seekToLast();
      for (let i = model.length - 1; i >= 0; i--) {
        expectAt(iterator, model, i);
        iterator.prev();
      }
      expect(iterator.valid()).toBe(false);

      for (let round = 0; round < 300; round++) {
        const target = random.nextInt(2) === 0
          ? model[random.nextInt(model.length)]!.key
          : encodeInternalKey(random.bytes(1 + random.nextInt(4)), 25n, KeyKind.Value);
        let index = lowerBound(model, target);
        iterator.seek(target);
        expectAt(iterator, model, index);
        // Walk a few steps in a random direction, crossing block boundaries.
        for (let step = 0; step < 12 && iterator.valid(); step++) {
          if (random.nextInt(2) === 0) {
            iterator.next();
            index++;
          } else {
            iterator.prev();
            index--;
          }
          expectAt(iterator, model, index);
        }
      }
    });
  }

  it("seek past the last key is not valid; seekToFirst finds the first", async () => {
    const model = randomEntries(new SeededRandom(9), 200);
    const iterator = await openIterator(model, false);
    iterator.seek(encodeInternalKey(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), 0n, 0));
    expect(iterator.valid()).toBe(false);
    iterator.seekToFirst();
    expectAt(iterator, model, 0);
    iterator.prev();
    expect(iterator.valid()).toBe(false);
  });
});
