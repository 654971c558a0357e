import { describe, expect, it } from "vitest";
import { WriteBatch } from "../engine/lsm/write-batch.ts";
import { SeededRandom } from "../util/random.ts";
import { type KvCursor, isSeekableKvCursor } from "../engine/kv-store.ts";
import { MemoryKvStore } from "./memory-kv-store.ts";
import { WriteOverlay } from "./write-overlay.ts";

const b = (text: string) => new TextEncoder().encode(text);
const s = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function keys(cursor: KvCursor, chunk = 2): Promise<string[]> {
  const out: string[] = [];
  for (let c = await cursor.nextChunk(chunk); c.length > 0; c = await cursor.nextChunk(chunk)) {
    out.push(...c.map((e) => `${s(e.key)}=${s(e.value)}`));
  }
  cursor.close();
  return out;
}

function batch(ops: [string, string | undefined][]): WriteBatch {
  const w = new WriteBatch();
  for (const [k, v] of ops) {
    if (v === undefined) w.delete(b(k));
    else w.put(b(k), b(v));
  }
  return w;
}

describe("MemoryKvStore", () => {
  it("repositions cursors with seek, within bounds, at the cursor's snapshot", async () => {
    const store = new MemoryKvStore({ random: new SeededRandom(2) });
    store.write(batch([["a", "1"], ["c", "1"], ["e", "1"], ["g", "1"], ["i", "1"]]));
    const forward = store.scan({ lower: b("b"), upper: b("h") });
    const reverse = store.scan({ lower: b("b"), upper: b("h"), reverse: true });
    if (!isSeekableKvCursor(forward) || !isSeekableKvCursor(reverse)) throw new Error("seekable");
    store.write(batch([["d", "late"]]));
    expect((await forward.nextChunk(9)).map((e) => s(e.key))).toEqual(["c", "e", "g"]);
    forward.seek(b("d"));
    expect((await forward.nextChunk(1)).map((e) => s(e.key))).toEqual(["e"]);
    expect((await forward.nextChunk(1)).map((e) => s(e.key))).toEqual(["g"]);
    forward.seek(b("a"));
    expect((await forward.nextChunk(9)).map((e) => s(e.key))).toEqual(["c", "e", "g"]);
    forward.seek(b("h"));
    expect(await forward.nextChunk(9)).toEqual([]);
    reverse.seek(b("e"));
    expect((await reverse.nextChunk(9)).map((e) => s(e.key))).toEqual(["e", "c"]);
    reverse.seek(b("z"));
    expect((await reverse.nextChunk(1)).map((e) => s(e.key))).toEqual(["g"]);
    reverse.seek(b("f"));
    expect((await reverse.nextChunk(9)).map((e) => s(e.key))).toEqual(["e", "c"]);
    forward.close();
    expect(() => forward.seek(b("c"))).toThrow(/closed/);
    reverse.close();
  });


  it("applies batches atomically with consecutive sequences and pins snapshots", async () => {
    const store = new MemoryKvStore({ random: new SeededRandom(1) });
    expect(store.lastSequence).toBe(0n);
    expect(store.write(batch([["a", "1"], ["b", "1"], ["c", "1"]]))).toBe(1n);
    expect(store.lastSequence).toBe(3n);
    const snapshot = store.snapshot();
    expect(store.write(batch([["b", undefined], ["c", "2"], ["d", "2"]]), { file: 1, offset: 9 })).toBe(4n);
    expect(store.lastLogEnd).toEqual({ file: 1, offset: 9 });
    expect(s((await store.get(b("c")))!)).toBe("2");
    expect(await store.get(b("b"))).toBeUndefined();
    expect(s((await store.get(b("b"), snapshot))!)).toBe("1");
    expect(await keys(store.scan({}))).toEqual(["a=1", "c=2", "d=2"]);
    expect(await keys(store.scan({ snapshot }))).toEqual(["a=1", "b=1", "c=1"]);
    snapshot.release();
  });

  it("scans bounds [lower, upper) in both directions, in chunks", async () => {
    const store = new MemoryKvStore({ random: new SeededRandom(2) });
    store.write(batch(["a", "b", "c", "d", "e"].map((k) => [k, k])));
    expect(await keys(store.scan({ lower: b("b"), upper: b("d") }))).toEqual(["b=b", "c=c"]);
    expect(await keys(store.scan({ lower: b("b"), upper: b("d"), reverse: true }))).toEqual(["c=c", "b=b"]);
    expect(await keys(store.scan({ reverse: true }), 1)).toEqual(["e=e", "d=d", "c=c", "b=b", "a=a"]);
    expect(await keys(store.scan({ upper: b("zz"), reverse: true }), 3)).toHaveLength(5);
    expect(await keys(store.scan({ lower: b("x") }))).toEqual([]);
  });
});

describe("WriteOverlay", () => {
  it("keeps the newest write per key, ranges in order, and undoes to a mark", () => {
    const overlay = new WriteOverlay();
    overlay.put(b("b"), b("1"));
    const mark = overlay.mark;
    overlay.put(b("a"), b("1"));
    overlay.delete(b("b"));
    overlay.put(b("c"), b("1"));
    expect(overlay.get(b("b"))?.value).toBeUndefined();
    expect(overlay.get(b("b"))).toBeDefined();
    expect(overlay.range(b("a"), b("c"), false).map((e) => s(e.key))).toEqual(["a", "b"]);
    expect(overlay.range(b("a"), b("z"), true).map((e) => s(e.key))).toEqual(["c", "b", "a"]);
    overlay.undoTo(mark);
    expect(overlay.size).toBe(1);
    expect(s(overlay.get(b("b"))!.value!)).toBe("1");
    overlay.undoTo(0);
    expect(overlay.size).toBe(0);
  });
});
