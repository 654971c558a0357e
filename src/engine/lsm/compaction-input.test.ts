import { describe, expect, it } from "vitest";
import { compareBytes } from "../../util/bytes.ts";
import { SeededRandom } from "../../util/random.ts";
import { BlockCache } from "../sst/block-cache.ts";
import { SstBuilder } from "../sst/sst-builder.ts";
import { SstReader } from "../sst/sst-reader.ts";
import { mergeCompactionInputs } from "./compaction-input.ts";
import { KeyKind, compareInternalKeys, encodeInternalKey } from "./internal-key.ts";

async function sstOf(keys: Uint8Array[], id: bigint, cache: BlockCache): Promise<SstReader> {
  const builder = new SstBuilder({ blockSizeBytes: 64, compression: "none" });
  for (const key of keys) builder.add(key, key.subarray(0, 4));
  const bytes = builder.finish();
  const read = async (offset: number, length: number): Promise<Uint8Array> =>
    bytes.slice(offset, offset + length);
  return SstReader.open(read, bytes.length, `sst-${id}`, { cache });
}

describe("mergeCompactionInputs", () => {
  it("visits every entry of every input once, in order, without filling the cache", async () => {
    const random = new SeededRandom(5);
    const cache = new BlockCache({ capacityBytes: 1 << 20 });
    const all: Uint8Array[] = [];
    const readers: SstReader[] = [];
    let sequence = 1n;
    for (let input = 0; input < 4; input++) {
      const keys: Uint8Array[] = [];
      for (let i = 0; i < 200; i++) {
        const userKey = random.bytes(1 + random.nextInt(6));
        keys.push(encodeInternalKey(userKey, sequence++, KeyKind.Value));
      }
      keys.sort(compareInternalKeys);
      all.push(...keys);
      readers.push(await sstOf(keys, BigInt(input), cache));
    }
    all.sort(compareInternalKeys);
    const insertionsBefore = cache.stats().insertions;
    const visited: Uint8Array[] = [];
    await mergeCompactionInputs(readers, (key) => visited.push(key.slice()));
    expect(visited.length).toBe(all.length);
    visited.forEach((key, i) => expect(compareBytes(key, all[i]!)).toBe(0));
    expect(cache.stats().insertions).toBe(insertionsBefore);
  });
});
