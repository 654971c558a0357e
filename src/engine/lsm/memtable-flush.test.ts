import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../util/random.ts";
import { KeyKind, decodeInternalKey } from "./internal-key.ts";
import { Memtable } from "./memtable.ts";
import { buildFlushOutput } from "./memtable-flush.ts";
import { SstReader } from "../sst/sst-reader.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** The (user key, sequence, kind) entries of a flush of `memtable` at `oldestSnapshot`. */
async function flushed(memtable: Memtable, oldestSnapshot: bigint) {
  const { output, droppedEntries } = buildFlushOutput(memtable, oldestSnapshot, "lz4");
  const { bytes } = output.finish(1n);
  const read = (offset: number, length: number) =>
    Promise.resolve(bytes.subarray(offset, offset + length));
  const reader = await SstReader.open(read, bytes.length, "flush-test", {});
  const iterator = await reader.iterator();
  const entries: string[] = [];
  for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
    const key = decodeInternalKey(iterator.key());
    const kind = key.kind === KeyKind.Deletion ? "del" : "put";
    entries.push(`${new TextDecoder().decode(key.userKey)}@${key.sequence}:${kind}`);
  }
  return { entries, droppedEntries };
}

describe("buildFlushOutput", () => {
  it("keeps what a live snapshot can read and drops older shadowed versions", async () => {
    const memtable = new Memtable(new SeededRandom(1));
    for (let sequence = 1n; sequence <= 5n; sequence++) {
      memtable.add(sequence, KeyKind.Value, text("a"), text(`a${sequence}`));
    }
    memtable.add(7n, KeyKind.Value, text("b"), text("b7"));
    memtable.add(8n, KeyKind.Deletion, text("b"), new Uint8Array(0));
    memtable.add(9n, KeyKind.Value, text("c"), text("c9"));
    // The oldest snapshot is 3: it reads a@3, no b and no c.
    const atThree = await flushed(memtable, 3n);
    expect(atThree.entries).toEqual([
      "a@5:put",
      "a@4:put",
      "a@3:put",
      "b@8:del",
      "b@7:put",
      "c@9:put",
    ]);
    expect(atThree.droppedEntries).toBe(2);
    // No snapshot older than the newest write: one version per key, the deletion kept.
    const atNewest = await flushed(memtable, 9n);
    expect(atNewest.entries).toEqual(["a@5:put", "b@8:del", "c@9:put"]);
    expect(atNewest.droppedEntries).toBe(5);
  });
});
