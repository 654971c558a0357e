import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../util/random.ts";
import { BlockBuilder } from "./block-builder.ts";
import {
  BLOCK_CACHE_ENTRY_OVERHEAD_BYTES,
  BlockCache,
  blockCacheCharge,
  PROMOTION_INSERTIONS_MIN,
  type BlockPriority,
} from "./block-cache.ts";
import { Block } from "./block.ts";

function tinyBlock(tag: number): Block {
  const builder = new BlockBuilder();
  builder.add(new Uint8Array([tag]), new Uint8Array([tag, tag]));
  return new Block(builder.finish());
}

const BLOCK = tinyBlock(1);
const CHARGE = 1000;

/** Inserts low-priority blocks the way a reader does: a lookup miss, then an insert. */
function readLow(cache: BlockCache, fileId: number, offset: number): boolean {
  if (cache.lookup(fileId, offset) !== undefined) return true;
  cache.insert(fileId, offset, BLOCK, CHARGE, "low");
  return false;
}

describe("BlockCache", () => {
  it("returns what was inserted, counts hits and misses per priority", () => {
    const cache = new BlockCache({ capacityBytes: 10_000 });
    const a = tinyBlock(1);
    const b = tinyBlock(2);
    expect(cache.lookup(1, 0)).toBeUndefined();
    expect(cache.lookup(1, 9, "high")).toBeUndefined();
    cache.insert(1, 0, a, 500, "low");
    cache.insert(1, 9, b, 700, "high");
    expect(cache.lookup(1, 0)).toBe(a);
    expect(cache.lookup(1, 9)).toBe(b);
    expect(cache.lookup(2, 0)).toBeUndefined();
    expect(cache.stats()).toEqual({
      hitsHigh: 1,
      missesHigh: 1,
      hitsLow: 1,
      missesLow: 2,
      insertions: 2,
      evictions: 0,
      usageBytes: 1200,
      highUsageBytes: 700,
    });
    // Re-inserting the same key replaces the entry and its charge.
    cache.insert(1, 0, b, 300, "low");
    expect(cache.lookup(1, 0)).toBe(b);
    expect(cache.usageBytes).toBe(1000);
    expect(cache.capacityBytes).toBe(10_000);
  });

  it("charges a block's bytes, restart array and the fixed overhead", () => {
    const block = tinyBlock(3);
    expect(blockCacheCharge(block)).toBe(
      block.data.length + 4 * block.restartCount + BLOCK_CACHE_ENTRY_OVERHEAD_BYTES,
    );
  });

  it("never exceeds its budget or the high pool's share (seeded random operations)", () => {
    const violations: string[] = [];
    for (const seed of [1, 2, 3]) {
      const random = new SeededRandom(seed);
      const cache = new BlockCache({ capacityBytes: 50_000, highPriorityRatio: 0.3 });
      for (let step = 0; step < 5000; step++) {
        const fileId = random.nextInt(8);
        const offset = random.nextInt(64) * 4096;
        const roll = random.nextInt(100);
        if (roll < 50) {
          const priority: BlockPriority = random.nextInt(4) === 0 ? "high" : "low";
          cache.insert(fileId, offset, BLOCK, 1 + random.nextInt(6000), priority);
        } else if (roll < 98) {
          cache.lookup(fileId, offset);
        } else {
          cache.eraseFile(fileId);
        }
        const stats = cache.stats();
        if (stats.usageBytes > 50_000 || stats.highUsageBytes > 15_000) {
          violations.push(`seed ${seed} step ${step}: ${JSON.stringify(stats)}`);
        }
      }
      expect(cache.stats().evictions).toBeGreaterThan(0);
    }
    expect(violations).toEqual([]);
  });

  it("keeps a working set through a scan ten times the cache (midpoint insertion)", () => {
    const cache = new BlockCache({ capacityBytes: 100 * CHARGE });
    const workingSet = Array.from({ length: 20 }, (_, i) => i * 4096);
    for (const offset of workingSet) readLow(cache, 1, offset);
    // Other traffic, so the second access to the working set comes later than a scan's would.
    for (let i = 0; i < PROMOTION_INSERTIONS_MIN; i++) readLow(cache, 3, i * 4096);
    for (const offset of workingSet) expect(readLow(cache, 1, offset)).toBe(true);
    // The scan reads each block and re-touches it at once, as a re-seeking cursor does.
    for (let i = 0; i < 1000; i++) {
      readLow(cache, 2, i * 4096);
      cache.lookup(2, i * 4096);
      cache.lookup(2, i * 4096);
    }
    const survivors = workingSet.filter((offset) => cache.lookup(1, offset) !== undefined);
    expect(survivors.length).toBe(workingSet.length);
    expect(cache.usageBytes).toBeLessThanOrEqual(100 * CHARGE);
  });

  it("a set without a later second access is scanned out like any other cold block", () => {
    // The controls for the test above: no second access, or one right after the insertion.
    for (const retouch of [false, true]) {
      const cache = new BlockCache({ capacityBytes: 100 * CHARGE });
      for (let i = 0; i < 20; i++) {
        readLow(cache, 1, i * 4096);
        if (retouch) cache.lookup(1, i * 4096);
      }
      for (let i = 0; i < 1000; i++) readLow(cache, 2, i * 4096);
      const survivors = Array.from({ length: 20 }, (_, i) => cache.lookup(1, i * 4096));
      expect(survivors.filter((block) => block !== undefined).length).toBe(0);
    }
  });

  it("the part of a large working set read again survives a scan", () => {
    const cache = new BlockCache({ capacityBytes: 100 * CHARGE, highPriorityRatio: 0 });
    for (let i = 0; i < 90; i++) readLow(cache, 1, i * 4096);
    for (let i = 0; i < PROMOTION_INSERTIONS_MIN; i++) readLow(cache, 3, i * 4096);
    // Blocks 54..89 survived the filler; a second access promotes them (36 <= 62 hot slots).
    for (let i = 54; i < 90; i++) expect(readLow(cache, 1, i * 4096)).toBe(true);
    for (let i = 0; i < 1000; i++) readLow(cache, 2, i * 4096);
    let survivors = 0;
    for (let i = 54; i < 90; i++) if (cache.lookup(1, i * 4096) !== undefined) survivors++;
    expect(survivors).toBe(36);
  });

  it("high-priority blocks survive data-block churn", () => {
    const cache = new BlockCache({ capacityBytes: 100 * CHARGE, highPriorityRatio: 0.25 });
    for (let file = 0; file < 20; file++) cache.insert(file, 0, BLOCK, CHARGE, "high");
    for (let i = 0; i < 5000; i++) {
      readLow(cache, 100 + i % 7, i * 4096);
      if (i % 3 === 0) cache.lookup(100 + i % 7, (i - 3) * 4096);
    }
    for (let file = 0; file < 20; file++) {
      expect(cache.lookup(file, 0, "high")).toBe(BLOCK);
    }
    expect(cache.stats().highUsageBytes).toBe(20 * CHARGE);
  });

  it("high-priority blocks over their share evict the oldest high-priority ones", () => {
    const cache = new BlockCache({ capacityBytes: 100 * CHARGE, highPriorityRatio: 0.5 });
    for (let i = 0; i < 40; i++) readLow(cache, 9, i * 4096);
    for (let file = 0; file < 60; file++) cache.insert(file, 0, BLOCK, CHARGE, "high");
    expect(cache.stats().highUsageBytes).toBe(50 * CHARGE);
    expect(cache.lookup(0, 0, "high")).toBeUndefined();
    expect(cache.lookup(9, 0, "high")).toBeUndefined();
    expect(cache.lookup(10, 0, "high")).toBe(BLOCK);
    expect(cache.lookup(59, 0, "high")).toBe(BLOCK);
    expect(cache.usageBytes).toBeLessThanOrEqual(100 * CHARGE);
  });

  it("data blocks may use the room the high pool leaves unused", () => {
    const cache = new BlockCache({ capacityBytes: 100 * CHARGE, highPriorityRatio: 0.5 });
    for (let i = 0; i < 90; i++) readLow(cache, 1, i * 4096);
    expect(cache.usageBytes).toBe(90 * CHARGE);
    expect(cache.stats().evictions).toBe(0);
  });

  it("does not cache a block larger than its pool's room", () => {
    const cache = new BlockCache({ capacityBytes: 10_000, highPriorityRatio: 0.2 });
    cache.insert(1, 0, BLOCK, 2001, "high");
    expect(cache.lookup(1, 0)).toBeUndefined();
    cache.insert(1, 0, BLOCK, 2000, "high");
    cache.insert(1, 8, BLOCK, 8001, "low");
    expect(cache.lookup(1, 8)).toBeUndefined();
    expect(cache.usageBytes).toBe(2000);
    const empty = new BlockCache({ capacityBytes: 0 });
    empty.insert(1, 0, BLOCK, 1, "low");
    expect(empty.usageBytes).toBe(0);
  });

  it("eraseFile drops that file's entries only", () => {
    const cache = new BlockCache({ capacityBytes: 100 * CHARGE });
    for (let i = 0; i < 10; i++) readLow(cache, 1, i);
    for (let i = 0; i < 5; i++) readLow(cache, 2, i);
    cache.insert(1, 99, BLOCK, CHARGE, "high");
    cache.eraseFile(1);
    expect(cache.usageBytes).toBe(5 * CHARGE);
    expect(cache.stats().highUsageBytes).toBe(0);
    expect(cache.lookup(1, 3)).toBeUndefined();
    expect(cache.lookup(2, 3)).toBe(BLOCK);
    cache.eraseFile(7);
    expect(cache.usageBytes).toBe(5 * CHARGE);
  });
});
