/**
 * Seeded random operations against a CachingObjectStore with tiny chunks and a tiny budget, with
 * concurrent readers, deletes, damaged chunk files, restarts and simulated power loss in between.
 * Every read must return exactly what the store itself returns (bytes, or the same error). A
 * failure names its seed; rerun with that seed to replay it.
 */

import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../objectstore/memory-object-store.ts";
import { InvalidRangeError } from "../objectstore/object-store-errors.ts";
import { bytesEqual } from "../util/bytes.ts";
import { MemoryLocalDisk } from "../util/memory-local-disk.ts";
import { SeededRandom } from "../util/random.ts";
import { HandleMemoryLocalDisk } from "./cache-test-support.ts";
import { CachingObjectStore } from "./caching-object-store.ts";
import { PersistentCache } from "./persistent-cache.ts";
import { Logger } from "../util/log.ts";
import type { Random } from "../util/random.ts";

const chunkBytes = 8;
const directory = "/cache";
const quiet = new Logger("error", { write: () => undefined });

type Outcome = { readonly bytes: Uint8Array } | { readonly error: string };

async function outcome(read: Promise<Uint8Array>): Promise<Outcome> {
  try {
    return { bytes: await read };
  } catch (error) {
    if (error instanceof InvalidRangeError) {
      return { error: `InvalidRange ${error.offset} ${error.size}` };
    }
    return { error: error instanceof Error ? error.name : String(error) };
  }
}

function same(a: Outcome, b: Outcome): boolean {
  if ("bytes" in a && "bytes" in b) return bytesEqual(a.bytes, b.bytes);
  return "error" in a && "error" in b && a.error === b.error;
}

class Harness {
  readonly disk: MemoryLocalDisk;
  readonly truth = new MemoryObjectStore();
  store!: CachingObjectStore;
  cache!: PersistentCache;
  checked = 0;

  /** Per key slot, how many times it was deleted: with `reuseKeys` off, a deleted key's name is
   * never used again (as object-paths.ts promises), and power loss is simulated too. */
  readonly #deletes = [0, 0, 0, 0, 0, 0];

  constructor(
    readonly random: Random,
    readonly reuseKeys: boolean,
    withReadHandles: boolean,
  ) {
    this.disk = withReadHandles ? new HandleMemoryLocalDisk() : new MemoryLocalDisk();
  }

  async open(): Promise<void> {
    this.cache = await PersistentCache.open({
      disk: this.disk,
      directory,
      capacityBytes: 6 * 4096,
      chunkBytes,
      pageBytes: 4,
      logger: quiet,
    });
    this.store = new CachingObjectStore(this.truth, this.cache, { writeThrough: true });
  }

  #slot = 0;

  key(): string {
    this.#slot = this.random.nextInt(this.#deletes.length);
    return this.reuseKeys ? `k/${this.#slot}` : `k/${this.#slot}.${this.#deletes[this.#slot]}`;
  }

  async check(key: string, offset: number, length: number): Promise<void> {
    const read = length < 0 ? this.store.get(key) : this.store.getRange(key, offset, length);
    const cached = await outcome(read);
    const expected = await outcome(
      length < 0 ? this.truth.get(key) : this.truth.getRange(key, offset, length),
    );
    this.checked += 1;
    if (!same(cached, expected)) {
      throw new Error(`${key} @${offset}+${length}: ${show(cached)} != ${show(expected)}`);
    }
  }

  randomRead(): Promise<void> {
    const key = this.key();
    if (this.random.nextInt(10) === 0) return this.check(key, 0, -1);
    return this.check(key, this.random.nextInt(40), this.random.nextInt(3 * chunkBytes + 2));
  }

  async damageSomeChunk(): Promise<void> {
    const files: string[] = [];
    for (const top of await this.disk.list(directory)) {
      if (!top.isDirectory) continue;
      for (const entry of await this.disk.list(`${directory}/${top.name}`)) {
        if (!entry.name.startsWith(".")) files.push(`${directory}/${top.name}/${entry.name}`);
      }
    }
    const path = files[this.random.nextInt(Math.max(1, files.length))];
    if (path === undefined) return;
    // A background fill may replace the file meanwhile; damage what is there now.
    const bytes = await this.disk.readFile(path).catch(() => undefined);
    if (bytes === undefined) return;
    const at = this.random.nextInt(bytes.length);
    bytes[at] = (bytes[at] ?? 0) ^ (1 << this.random.nextInt(8));
    await this.disk.writeFileAtomic(path, this.random.nextInt(4) === 0 ? bytes.subarray(1) : bytes);
  }

  async step(): Promise<void> {
    const choice = this.random.nextInt(100);
    if (choice < 60) {
      const readers = 1 + this.random.nextInt(4);
      await Promise.all(Array.from({ length: readers }, () => this.randomRead()));
    } else if (choice < 72) {
      const key = this.key();
      const size = this.random.nextInt(36);
      await this.store.putIfAbsent(key, this.random.bytes(size)).catch(() => undefined);
    } else if (choice < 80) {
      await this.store.delete(this.key());
      this.#deletes[this.#slot] = (this.#deletes[this.#slot] ?? 0) + 1;
    } else if (choice < 88) {
      await this.damageSomeChunk();
    } else if (choice < 94 || this.reuseKeys) {
      await this.store.whenIdle();
      await this.open();
    } else {
      // Power loss: unlinks and renames not yet made durable are undone, so a deleted object's
      // chunks may come back; harmless only because its key is never used again.
      await this.store.whenIdle();
      this.disk.crash();
      await this.open();
    }
  }
}

function show(result: Outcome): string {
  return "bytes" in result ? `[${[...result.bytes].join(",")}]` : result.error;
}

describe("CachingObjectStore under seeded random operations", () => {
  for (let seed = 1; seed <= 24; seed++) {
    const reuseKeys = seed % 2 === 0;
    const withReadHandles = seed % 4 < 2;
    const mode =
      (reuseKeys ? "keys reused after delete" : "power loss, keys never reused") +
      (withReadHandles ? ", read handles" : "");
    it(`returns exactly the store's answers (seed ${seed}, ${mode})`, async () => {
      const harness = new Harness(new SeededRandom(seed), reuseKeys, withReadHandles);
      await harness.open();
      try {
        for (let i = 0; i < 250; i++) await harness.step();
        await harness.store.whenIdle();
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}`, { cause: error });
      }
      expect(harness.checked).toBeGreaterThan(100);
      const stats = harness.cache.stats();
      expect(stats.bytesUsed).toBeLessThanOrEqual(stats.capacityBytes);
    });
  }
});
