/**
 * The ObjectStore contract as one vitest suite, run against every provider (memory, local on a
 * real directory, local on MemoryLocalDisk; S3 later), so they cannot drift apart. Each test gets
 * a fresh, empty store from `open`. Test-only: imported by *.test.ts files, never by the server.
 */

import { beforeEach, describe, expect, it } from "vitest";
import { objectKeyBytesMax, objectKeySegmentBytesMax } from "../constants.ts";
import type { ObjectStore } from "./object-store.ts";
import {
  InvalidObjectKeyError,
  InvalidRangeError,
  ObjectExistsError,
  ObjectNotFoundError,
  PreconditionFailedError,
} from "./object-store-errors.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

export interface ObjectStoreContractOptions {
  /** False for a provider that ignores If-None-Match / If-Match (such as the s3rver test
   * server): the cases that need a conditional write to be refused are skipped. Default true. */
  readonly enforcesConditionalWrites?: boolean;
  /** False for a server whose listings are not reliably in key order (s3rver under load
   * returned `b/…` before `a/…`): membership is still checked, order and paging are skipped.
   * Default true; every provider of ours must sort. */
  readonly sortsListings?: boolean;
}

export function objectStoreContract(
  name: string,
  open: () => Promise<ObjectStore>,
  options: ObjectStoreContractOptions = {},
): void {
  const enforced = options.enforcesConditionalWrites ?? true;
  describe(`ObjectStore contract: ${name}`, () => {
    let store: ObjectStore | undefined;
    beforeEach(async () => {
      store = await open();
    });
    const current = (): ObjectStore => {
      if (store === undefined) throw new Error("store not opened");
      return store;
    };
    basicsContract(current);
    getRangeContract(current);
    putIfAbsentContract(current, enforced);
    putIfMatchContract(current, enforced);
    listContract(current, options.sortsListings ?? true);
    keyValidationContract(current);
  });
}

function basicsContract(current: () => ObjectStore): void {
  describe("get, head, put, delete", () => {
    let store: ObjectStore;
    beforeEach(() => {
      store = current();
    });
    it("round-trips bytes and reports size and etag", async () => {
      const etag = await store.put("a/b/c", text("hello"));
      expect(decode(await store.get("a/b/c"))).toBe("hello");
      const meta = await store.head("a/b/c");
      expect(meta).toMatchObject({ key: "a/b/c", size: 5, etag });
      expect(Number.isFinite(meta.lastModifiedMs)).toBe(true);
    });

    it("stores a copy: mutating the caller's buffer changes nothing", async () => {
      const bytes = text("abc");
      await store.put("k", bytes);
      bytes[0] = 0x7a;
      expect(decode(await store.get("k"))).toBe("abc");
    });

    it("stores empty objects", async () => {
      await store.putIfAbsent("empty", new Uint8Array(0));
      expect((await store.get("empty")).length).toBe(0);
      expect((await store.head("empty")).size).toBe(0);
    });

    it("put replaces and changes the etag", async () => {
      const first = await store.put("k", text("one"));
      const second = await store.put("k", text("two!"));
      expect(second).not.toBe(first);
      expect(decode(await store.get("k"))).toBe("two!");
      expect((await store.head("k")).etag).toBe(second);
    });

    it("rejects reads of missing keys with ObjectNotFoundError", async () => {
      await store.put("dir/x", text("x"));
      await expect(store.get("missing")).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.head("missing")).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.getRange("missing", 0, 1)).rejects.toBeInstanceOf(ObjectNotFoundError);
      // A key prefix is not an object.
      await expect(store.get("dir")).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.head("dir")).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it("delete removes; deleting an absent key succeeds", async () => {
      await store.put("gone", text("x"));
      await store.delete("gone");
      await expect(store.get("gone")).rejects.toBeInstanceOf(ObjectNotFoundError);
      await store.delete("gone");
      await store.delete("never/was");
      expect(await store.list("")).toEqual([]);
    });
  });
}

function getRangeContract(current: () => ObjectStore): void {
  describe("getRange", () => {
    let store: ObjectStore;
    beforeEach(() => {
      store = current();
    });
    beforeEach(async () => {
      await store.put("r", text("0123456789"));
    });

    it("reads the middle, the start and the end", async () => {
      expect(decode(await store.getRange("r", 3, 4))).toBe("3456");
      expect(decode(await store.getRange("r", 0, 1))).toBe("0");
      expect(decode(await store.getRange("r", 9, 1))).toBe("9");
      expect(decode(await store.getRange("r", 0, 10))).toBe("0123456789");
    });

    it("clips a range that runs past the end", async () => {
      expect(decode(await store.getRange("r", 7, 100))).toBe("789");
    });

    it("returns nothing for length 0 or a range starting exactly at the end", async () => {
      expect((await store.getRange("r", 4, 0)).length).toBe(0);
      expect((await store.getRange("r", 10, 5)).length).toBe(0);
      expect((await store.getRange("r", 10, 0)).length).toBe(0);
    });

    it("rejects a range starting beyond the end with InvalidRangeError", async () => {
      await expect(store.getRange("r", 11, 1)).rejects.toBeInstanceOf(InvalidRangeError);
      await expect(store.getRange("r", 11, 0)).rejects.toBeInstanceOf(InvalidRangeError);
    });
  });
}

function putIfAbsentContract(current: () => ObjectStore, enforced: boolean): void {
  describe("putIfAbsent", () => {
    let store: ObjectStore;
    beforeEach(() => {
      store = current();
    });
    it.skipIf(!enforced)("creates once and never overwrites", async () => {
      const etag = await store.putIfAbsent("m/1", text("first"));
      const error = await store.putIfAbsent("m/1", text("second")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectExistsError);
      expect((error as ObjectExistsError).key).toBe("m/1");
      expect(decode(await store.get("m/1"))).toBe("first");
      expect((await store.head("m/1")).etag).toBe(etag);
    });

    it.skipIf(!enforced)("of concurrent creates on one key, exactly one wins", async () => {
      const writers = Array.from({ length: 8 }, (_, i) => `writer-${i}`);
      const results = await Promise.allSettled(
        writers.map((w) => store.putIfAbsent("race/key", text(w))),
      );
      const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
      expect(winners.length).toBe(1);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ObjectExistsError);
      }
      const winner = writers[winners[0] ?? -1];
      expect(decode(await store.get("race/key"))).toBe(winner);
    });

    it("succeeds again after delete", async () => {
      await store.putIfAbsent("k", text("a"));
      await store.delete("k");
      await store.putIfAbsent("k", text("b"));
      expect(decode(await store.get("k"))).toBe("b");
    });
  });
}

function putIfMatchContract(current: () => ObjectStore, enforced: boolean): void {
  describe("putIfMatch", () => {
    const whenEnforced = it.skipIf(!enforced);
    let store: ObjectStore;
    beforeEach(() => {
      store = current();
    });
    it("swaps when the etag matches and returns the new etag", async () => {
      const first = await store.putIfAbsent("WRITER_EPOCH", text("1"));
      const second = await store.putIfMatch("WRITER_EPOCH", text("2"), first);
      expect(second).not.toBe(first);
      expect(decode(await store.get("WRITER_EPOCH"))).toBe("2");
      expect((await store.head("WRITER_EPOCH")).etag).toBe(second);
      const third = await store.putIfMatch("WRITER_EPOCH", text("3"), second);
      expect(decode(await store.get("WRITER_EPOCH"))).toBe("3");
      expect((await store.head("WRITER_EPOCH")).etag).toBe(third);
    });

    const staleEtag = "fails with PreconditionFailedError on a stale etag and changes nothing";
    whenEnforced(staleEtag, async () => {
      const first = await store.putIfAbsent("e", text("1"));
      await store.putIfMatch("e", text("2"), first);
      const error = await store.putIfMatch("e", text("X"), first).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PreconditionFailedError);
      expect((error as PreconditionFailedError).key).toBe("e");
      expect(decode(await store.get("e"))).toBe("2");
    });

    whenEnforced("fails with PreconditionFailedError when the object is absent", async () => {
      await expect(store.putIfMatch("none", text("x"), "whatever")).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      await expect(store.get("none")).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    whenEnforced("of concurrent swaps from one etag, exactly one wins", async () => {
      const etag = await store.putIfAbsent("cas", text("0"));
      const values = ["a", "bb", "ccc", "dddd", "eeeee"];
      const results = await Promise.allSettled(
        values.map((v) => store.putIfMatch("cas", text(v), etag)),
      );
      const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
      expect(winners.length).toBe(1);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(PreconditionFailedError);
      }
      expect(decode(await store.get("cas"))).toBe(values[winners[0] ?? -1]);
    });
  });
}

function listContract(current: () => ObjectStore, sorted: boolean): void {
  describe("list", () => {
    let store: ObjectStore;
    beforeEach(() => {
      store = current();
    });
    const keys = ["b/2", "a/1", "b/10", "a/2/x", "ab", "b/1", "c"];
    beforeEach(async () => {
      for (const key of keys) await store.putIfAbsent(key, text(key));
    });
    const listKeys = async (prefix: string, opts = {}): Promise<string[]> => {
      const listed = (await store.list(prefix, opts)).map((meta) => meta.key);
      return sorted ? listed : listed.sort();
    };
    const orderedIt = sorted ? it : it.skip;

    orderedIt("lists everything in ascending key order", async () => {
      expect(await listKeys("")).toEqual([...keys].sort());
      expect(await listKeys("")).toEqual(["a/1", "a/2/x", "ab", "b/1", "b/10", "b/2", "c"]);
    });

    it("filters by prefix, including a prefix that ends mid-segment", async () => {
      expect(await listKeys("a/")).toEqual(["a/1", "a/2/x"]);
      expect(await listKeys("a")).toEqual(["a/1", "a/2/x", "ab"]);
      expect(await listKeys("b/1")).toEqual(["b/1", "b/10"]);
      expect(await listKeys("a/2/")).toEqual(["a/2/x"]);
      expect(await listKeys("zzz")).toEqual([]);
      expect(await listKeys("nothing/here/")).toEqual([]);
    });

    orderedIt("pages with startAfter and limit", async () => {
      expect(await listKeys("", { limit: 2 })).toEqual(["a/1", "a/2/x"]);
      expect(await listKeys("", { startAfter: "ab" })).toEqual(["b/1", "b/10", "b/2", "c"]);
      expect(await listKeys("", { startAfter: "b/0", limit: 2 })).toEqual(["b/1", "b/10"]);
      expect(await listKeys("b/", { startAfter: "b/2" })).toEqual([]);
      expect(await listKeys("", { startAfter: "" })).toHaveLength(keys.length);
      const pages: string[] = [];
      let after: string | undefined;
      for (;;) {
        const options = after === undefined ? { limit: 3 } : { limit: 3, startAfter: after };
        const page = await listKeys("", options);
        if (page.length === 0) break;
        pages.push(...page);
        after = page[page.length - 1];
      }
      expect(pages).toEqual([...keys].sort());
    });

    it("reports the same metadata as head", async () => {
      for (const meta of await store.list("b/")) {
        expect(meta).toEqual(await store.head(meta.key));
        expect(meta.size).toBe(meta.key.length);
      }
    });

    it("does not list deleted keys", async () => {
      await store.delete("b/10");
      expect(await listKeys("b/")).toEqual(["b/1", "b/2"]);
    });
  });
}

function keyValidationContract(current: () => ObjectStore): void {
  describe("key validation", () => {
    let store: ObjectStore;
    beforeEach(() => {
      store = current();
    });
    const bad = [
      "",
      "/a",
      "a/",
      "a//b",
      "a/../b",
      "..",
      "a/./b",
      ".hidden",
      "a/.tmp.1.x",
      "a b",
      "a\\b",
      "ä",
      "a~",
      "x".repeat(objectKeySegmentBytesMax + 1),
      Array.from({ length: objectKeyBytesMax / 4 + 1 }, () => "abc").join("/"),
    ];

    it("rejects malformed keys on every operation with InvalidObjectKeyError", async () => {
      for (const key of bad) {
        const ops = [
          store.get(key),
          store.head(key),
          store.getRange(key, 0, 1),
          store.put(key, text("x")),
          store.putIfAbsent(key, text("x")),
          store.putIfMatch(key, text("x"), "e"),
          store.delete(key),
        ];
        for (const op of ops) await expect(op).rejects.toBeInstanceOf(InvalidObjectKeyError);
      }
      expect(await store.list("")).toEqual([]);
    });

    it("accepts keys at the limits", async () => {
      const longSegment = "s".repeat(objectKeySegmentBytesMax);
      await store.putIfAbsent(`ok/${longSegment}`, text("x"));
      const segments = Math.floor(objectKeyBytesMax / (objectKeySegmentBytesMax + 1));
      const longKey = Array.from({ length: segments }, () => longSegment).join("/");
      expect(longKey.length).toBeLessThanOrEqual(objectKeyBytesMax);
      await store.putIfAbsent(longKey, text("y"));
      expect(decode(await store.get(longKey))).toBe("y");
      await store.put("A-Z_a.z=0-9", text("z"));
    });

    it("rejects malformed list prefixes", async () => {
      for (const prefix of ["/a", "a//", "../", "a/.t", "a b"]) {
        await expect(store.list(prefix)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      }
    });
  });
}
