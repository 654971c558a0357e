import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "./memory-object-store.ts";
import { objectStoreContract } from "./object-store-contract.ts";

objectStoreContract("MemoryObjectStore", async () => new MemoryObjectStore());

describe("MemoryObjectStore", () => {
  it("takes modification times from the injected clock", async () => {
    const clock = {
      nowMs: () => 1234,
      monotonicMs: () => 0,
      setTimer: () => ({ cancel: () => {} }),
      sleep: async () => {},
    };
    const store = new MemoryObjectStore(clock);
    await store.put("k", new Uint8Array([1]));
    expect((await store.head("k")).lastModifiedMs).toBe(1234);
  });

  it("issues a new etag for every write, even of identical bytes", async () => {
    const store = new MemoryObjectStore();
    const first = await store.put("k", new Uint8Array([1]));
    const second = await store.put("k", new Uint8Array([1]));
    expect(second).not.toBe(first);
  });
});
