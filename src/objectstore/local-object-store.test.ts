import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localObjectOpenFilesMax } from "../constants.ts";
import { FileExistsError } from "../util/errors.ts";
import { NodeLocalDisk } from "../util/local-disk.ts";
import { MemoryLocalDisk } from "../util/memory-local-disk.ts";
import { LocalObjectStore, localEtag } from "./local-object-store.ts";
import { objectStoreContract } from "./object-store-contract.ts";
import {
  InvalidRangeError,
  ObjectExistsError,
  ObjectNotFoundError,
} from "./object-store-errors.ts";

const tempRoot = mkdtempSync(join(tmpdir(), "wesql-local-object-store-"));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));
let storeCount = 0;
const nodeDisk = new NodeLocalDisk();
const freshDir = (): string => join(tempRoot, `store-${++storeCount}`);
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

objectStoreContract("LocalObjectStore on NodeLocalDisk", () =>
  LocalObjectStore.open(nodeDisk, freshDir()),
);
objectStoreContract("LocalObjectStore on MemoryLocalDisk", () =>
  LocalObjectStore.open(new MemoryLocalDisk(), "/data/objects"),
);

describe("LocalObjectStore on a real directory", () => {
  it("stores object a/b/c as the file <root>/a/b/c", async () => {
    const root = freshDir();
    const store = await LocalObjectStore.open(nodeDisk, root);
    await store.putIfAbsent("a/b/c", text("content"));
    expect(decode(await nodeDisk.readFile(`${root}/a/b/c`))).toBe("content");
  });

  it("conditional create is atomic across two stores (no shared in-process lock)", async () => {
    const root = freshDir();
    const stores = await Promise.all([
      LocalObjectStore.open(new NodeLocalDisk(), root),
      LocalObjectStore.open(new NodeLocalDisk(), root),
    ]);
    for (let round = 0; round < 10; round++) {
      const key = `race/${round}`;
      const results = await Promise.allSettled(
        stores.flatMap((store, s) =>
          [0, 1, 2].map((w) => store.putIfAbsent(key, text(`s${s}w${w}`))),
        ),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won.length).toBe(1);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ObjectExistsError);
      }
    }
    // No temp file is left behind and none is listed.
    expect((await stores[0]?.list("race/"))?.length).toBe(10);
    const names = (await nodeDisk.list(`${root}/race`)).map((entry) => entry.name);
    expect(names.filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("never lists temp files, even ones left behind by a crash", async () => {
    const root = freshDir();
    const store = await LocalObjectStore.open(nodeDisk, root);
    await store.putIfAbsent("sst/1.sst", text("x"));
    await nodeDisk.append(`${root}/sst/.tmp.999.1.2.sst`, text("partial"));
    expect((await store.list("")).map((meta) => meta.key)).toEqual(["sst/1.sst"]);
  });

  it("sees an object written by another store on the same directory", async () => {
    const root = freshDir();
    const a = await LocalObjectStore.open(nodeDisk, root);
    const b = await LocalObjectStore.open(new NodeLocalDisk(), root);
    const etag = await a.putIfAbsent("WRITER_EPOCH", text("1"));
    expect((await b.head("WRITER_EPOCH")).etag).toBe(etag);
    await b.putIfMatch("WRITER_EPOCH", text("2"), etag);
    expect(decode(await a.get("WRITER_EPOCH"))).toBe("2");
    expect((await a.head("WRITER_EPOCH")).etag).toBe(localEtag(text("2")));
  });
});

describe("LocalObjectStore open-file cache", () => {
  it("keeps at most localObjectOpenFilesMax files open, closing the least recent", async () => {
    const root = freshDir();
    const store = await LocalObjectStore.open(nodeDisk, root);
    const count = localObjectOpenFilesMax + 3;
    mkdirSync(`${root}/sst`);
    // Written directly: the cache is about reads, and an fsync per object would be slow.
    for (let i = 0; i < count; i++) writeFileSync(`${root}/sst/${i}`, `object ${i}`);
    for (let i = 0; i < count; i++) {
      expect(decode(await store.getRange(`sst/${i}`, 7, 10))).toBe(String(i));
      expect(decode(await store.getRange("sst/0", 0, 6))).toBe("object");
    }
    expect(store.openFileCount).toBe(localObjectOpenFilesMax);
    // sst/0 was read every round, so it is still open; re-reading an evicted file reopens it.
    expect(decode(await store.getRange("sst/1", 7, 1))).toBe("1");
    expect(store.openFileCount).toBe(localObjectOpenFilesMax);
    await store.closeFiles();
    expect(store.openFileCount).toBe(0);
  });

  it("drops a handle when its object is deleted or replaced through the store", async () => {
    const root = freshDir();
    const store = await LocalObjectStore.open(nodeDisk, root);
    await store.putIfAbsent("a", text("first"));
    expect(decode(await store.getRange("a", 0, 5))).toBe("first");
    expect(store.openFileCount).toBe(1);
    await store.delete("a");
    expect(store.openFileCount).toBe(0);
    await expect(store.getRange("a", 0, 1)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await store.putIfAbsent("a", text("again"));
    expect(decode(await store.getRange("a", 0, 5))).toBe("again");
    const etag = await store.put("b", text("v1"));
    expect(decode(await store.getRange("b", 0, 2))).toBe("v1");
    await store.putIfMatch("b", text("v2"), etag);
    expect(decode(await store.getRange("b", 0, 2))).toBe("v2");
    await store.put("b", text("v3"));
    expect(decode(await store.getRange("b", 0, 2))).toBe("v3");
    await expect(store.getRange("b", 3, 1)).rejects.toBeInstanceOf(InvalidRangeError);
    expect((await store.getRange("b", 2, 1)).length).toBe(0);
    await store.closeFiles();
  });

  it("opens one handle for concurrent first reads of an object", async () => {
    const root = freshDir();
    const store = await LocalObjectStore.open(nodeDisk, root);
    await store.putIfAbsent("c", text("concurrent"));
    const reads = await Promise.all([0, 1, 2, 3].map((i) => store.getRange("c", i, 1)));
    expect(reads.map(decode).join("")).toBe("conc");
    expect(store.openFileCount).toBe(1);
    await store.closeFiles();
  });
});

describe("LocalObjectStore on MemoryLocalDisk", () => {
  it("keeps every acknowledged write across a crash", async () => {
    const disk = new MemoryLocalDisk();
    const store = await LocalObjectStore.open(disk, "/objects");
    const epoch = await store.putIfAbsent("r/b/WRITER_EPOCH", text("1"));
    await store.putIfAbsent("r/b/sst/1.sst", text("table"));
    await store.put("r/b/tool", text("t"));
    await store.putIfMatch("r/b/WRITER_EPOCH", text("2"), epoch);
    await store.putIfAbsent("r/b/sst/2.sst", text("gone"));
    await store.delete("r/b/sst/2.sst");
    disk.crash();
    const reopened = await LocalObjectStore.open(disk, "/objects");
    expect((await reopened.list("")).map((meta) => meta.key)).toEqual([
      "r/b/WRITER_EPOCH",
      "r/b/sst/1.sst",
      "r/b/tool",
    ]);
    expect(decode(await reopened.get("r/b/WRITER_EPOCH"))).toBe("2");
    expect(decode(await reopened.get("r/b/sst/1.sst"))).toBe("table");
  });

  it("rejects an object whose key is an existing object's prefix (file-system limit)", async () => {
    const store = await LocalObjectStore.open(new MemoryLocalDisk(), "/o");
    await store.putIfAbsent("a", text("x"));
    await expect(store.putIfAbsent("a/b", text("y"))).rejects.toThrow();
    await store.putIfAbsent("d/e", text("y"));
    await expect(store.putIfAbsent("d", text("x"))).rejects.toBeInstanceOf(ObjectExistsError);
    await expect(store.get("d")).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it("the memory disk refuses exclusive creates over existing files", async () => {
    const disk = new MemoryLocalDisk();
    await disk.mkdirp("/x");
    await disk.createExclusive("/x/f", text("1"));
    await expect(disk.createExclusive("/x/f", text("2"))).rejects.toBeInstanceOf(FileExistsError);
  });
});
