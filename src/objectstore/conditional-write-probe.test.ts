import { describe, expect, it } from "vitest";
import { probeConditionalWrites } from "./conditional-write-probe.ts";
import { MemoryObjectStore } from "./memory-object-store.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "./object-store.ts";
import { ObjectStoreUnavailableError } from "./object-store-errors.ts";

/** A store that ignores one or both conditions, as some S3-compatible servers do. */
class IgnoringStore implements ObjectStore {
  readonly inner = new MemoryObjectStore();
  constructor(
    readonly ignoreIfNoneMatch: boolean,
    readonly ignoreIfMatch: boolean,
  ) {}
  get(key: string): Promise<Uint8Array> {
    return this.inner.get(key);
  }
  getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    return this.inner.getRange(key, offset, length);
  }
  head(key: string): Promise<ObjectMeta> {
    return this.inner.head(key);
  }
  put(key: string, bytes: Uint8Array): Promise<string> {
    return this.inner.put(key, bytes);
  }
  putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    return this.ignoreIfNoneMatch ? this.inner.put(key, bytes) : this.inner.putIfAbsent(key, bytes);
  }
  putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    if (this.ignoreIfMatch) return this.inner.put(key, bytes);
    return this.inner.putIfMatch(key, bytes, etag);
  }
  list(prefix: string, options?: ListOptions): Promise<readonly ObjectMeta[]> {
    return this.inner.list(prefix, options);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}

describe("probeConditionalWrites", () => {
  it("is true for a store that enforces both conditions, and cleans up", async () => {
    const store = new MemoryObjectStore();
    expect(await probeConditionalWrites(store, "probe/1")).toBe(true);
    expect(await store.list("")).toEqual([]);
  });

  it("is true even when an earlier probe left its key behind", async () => {
    const store = new MemoryObjectStore();
    await store.put("probe/1", new Uint8Array([1]));
    expect(await probeConditionalWrites(store, "probe/1")).toBe(true);
    expect(await store.list("")).toEqual([]);
  });

  it("is false when If-None-Match or If-Match is ignored, and cleans up", async () => {
    for (const [ignoreIfNoneMatch, ignoreIfMatch] of [
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const store = new IgnoringStore(ignoreIfNoneMatch, ignoreIfMatch);
      expect(await probeConditionalWrites(store, "probe/1")).toBe(false);
      expect(await store.list("")).toEqual([]);
    }
  });

  it("throws, rather than answering, when the store fails otherwise", async () => {
    const store = new IgnoringStore(false, false);
    store.putIfMatch = () => Promise.reject(new ObjectStoreUnavailableError("503"));
    await expect(probeConditionalWrites(store, "probe/1")).rejects.toBeInstanceOf(
      ObjectStoreUnavailableError,
    );
    expect(await store.list("")).toEqual([]);
  });
});
