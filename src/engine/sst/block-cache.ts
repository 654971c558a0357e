/**
 * BlockCache: decoded SST blocks in memory under one byte budget (smartengine_block_cache_size),
 * keyed by (file id, block offset), as leveldb's table cache key and RocksDB's LRUCache.
 *
 * Two pools share the budget:
 * - The high-priority pool holds index and filter blocks. It may use at most
 *   `highPriorityRatio` of the capacity (default 0.5); once over that share, a high-priority
 *   insert evicts the least recently used high-priority entries. Data blocks never evict them.
 * - The low-priority pool holds data blocks and may use everything the high pool does not. It is
 *   one LRU list split at a midpoint, as InnoDB's buffer pool: a new block enters the head of the
 *   cold segment (the midpoint) and moves to the hot end only on a second access (a `lookup`
 *   hit) that comes at least PROMOTION_INSERTIONS_MIN insertions after the block's own. Eviction
 *   takes the cold tail first. So a scan, which touches each block once, cycles through the cold
 *   segment and cannot flush a working set that is read repeatedly. The delay is InnoDB's
 *   innodb_old_blocks_time counted in insertions instead of milliseconds (no clock needed): a
 *   scan re-touches the block it just read (a cursor re-seeking after a miss looks up the
 *   current block of every child iterator again), and those touches must not count as reuse.
 *   The hot segment may hold at most LOW_HOT_SHARE of the low pool's room; beyond that its tail
 *   is demoted to the cold head.
 *
 * Charges: the caller passes each entry's charge, normally `blockCacheCharge(block)` = decoded
 * bytes + BLOCK_CACHE_ENTRY_OVERHEAD_BYTES (the entry, list links and Block object).
 *
 * Invariants (asserted after every mutation in checkInvariants, cheap counters only):
 *   usageBytes <= capacityBytes; highUsageBytes <= high pool capacity; the per-list byte counts
 *   add up to usageBytes; every entry is in exactly one list and in the key map.
 * A block whose charge cannot fit in its pool's room is simply not cached.
 *
 * Pinning: a reader that got a Block from the cache keeps a reference to it, and eviction only
 * drops the cache's own reference; the JS garbage collector frees the block when the last
 * reader lets go. So an entry in use is never freed under its user, at the price that memory
 * held by readers outside the cache is not counted in usageBytes (readers hold blocks briefly:
 * an iterator holds its current block only).
 *
 * Concurrency: single JS thread; no method awaits.
 */

import { assert } from "../../util/assert.ts";
import type { Block } from "./block.ts";

export type BlockPriority = "high" | "low";

export interface BlockCacheStats {
  readonly hitsHigh: number;
  readonly missesHigh: number;
  readonly hitsLow: number;
  readonly missesLow: number;
  readonly insertions: number;
  readonly evictions: number;
  readonly usageBytes: number;
  readonly highUsageBytes: number;
}

export interface BlockCacheOptions {
  readonly capacityBytes: number;
  /** Share of the capacity index and filter blocks may hold; default 0.5. */
  readonly highPriorityRatio?: number;
}

/** Estimated bytes of one entry beyond its block's bytes: entry object, links, map slot. */
export const BLOCK_CACHE_ENTRY_OVERHEAD_BYTES = 160;
/** The hot segment of the low pool may use at most this share of the low pool's room (5/8). */
const LOW_HOT_SHARE = 0.625;
const HIGH_PRIORITY_RATIO_DEFAULT = 0.5;
/**
 * A cold block is promoted only by a hit at least this many insertions after it was inserted.
 * Larger than the number of SSTs a cursor merges at once in practice (its re-seek touches one
 * current block per SST), small against any useful cache (thousands of blocks).
 */
export const PROMOTION_INSERTIONS_MIN = 64;

/** The charge for caching `block`: its decoded bytes, restart array and the entry overhead. */
export function blockCacheCharge(block: Block): number {
  return block.data.length + block.restarts.byteLength + BLOCK_CACHE_ENTRY_OVERHEAD_BYTES;
}

/** Which LRU list an entry is in; also the index into BlockCache's list array. */
const ListId = { High: 0, LowHot: 1, LowCold: 2 } as const;
type ListId = (typeof ListId)[keyof typeof ListId];

/** One cached block, linked into exactly one of the three LRU lists. */
class CacheEntry {
  prev: CacheEntry = this;
  next: CacheEntry = this;
  list: ListId = ListId.High;
  constructor(
    readonly fileId: number,
    readonly offset: number,
    readonly block: Block | undefined,
    readonly charge: number,
    /** The cache's insertion count when this entry was inserted. */
    readonly insertedAt: number,
  ) {}
}

/** A circular list with a sentinel; head = most recently used, tail = least. */
class LruList {
  readonly sentinel = new CacheEntry(-1, -1, undefined, 0, 0);
  usageBytes = 0;

  pushHead(entry: CacheEntry, list: ListId): void {
    entry.list = list;
    entry.next = this.sentinel.next;
    entry.prev = this.sentinel;
    this.sentinel.next.prev = entry;
    this.sentinel.next = entry;
    this.usageBytes += entry.charge;
  }

  remove(entry: CacheEntry): void {
    entry.prev.next = entry.next;
    entry.next.prev = entry.prev;
    entry.prev = entry;
    entry.next = entry;
    this.usageBytes -= entry.charge;
  }

  /** The least recently used entry, or undefined when empty. */
  tail(): CacheEntry | undefined {
    const tail = this.sentinel.prev;
    return tail === this.sentinel ? undefined : tail;
  }
}

export class BlockCache {
  readonly #capacityBytes: number;
  readonly #highCapacityBytes: number;
  readonly #files = new Map<number, Map<number, CacheEntry>>();
  #nextFileId = 0;
  readonly #lists: readonly [LruList, LruList, LruList] = [
    new LruList(),
    new LruList(),
    new LruList(),
  ];
  #hitsHigh = 0;
  #missesHigh = 0;
  #hitsLow = 0;
  #missesLow = 0;
  #insertions = 0;
  #evictions = 0;

  constructor(options: BlockCacheOptions) {
    const ratio = options.highPriorityRatio ?? HIGH_PRIORITY_RATIO_DEFAULT;
    assert(Number.isSafeInteger(options.capacityBytes), "capacityBytes is an integer");
    assert(options.capacityBytes >= 0, "capacityBytes >= 0");
    assert(ratio >= 0 && ratio <= 1, "highPriorityRatio in [0, 1]");
    this.#capacityBytes = options.capacityBytes;
    this.#highCapacityBytes = Math.floor(options.capacityBytes * ratio);
  }

  get capacityBytes(): number {
    return this.#capacityBytes;
  }

  /**
   * A new file id for a reader of this cache. Ids are small integers the cache hands out (as
   * RocksDB's cache key prefixes): a Map lookup keyed by a number costs a quarter of one keyed
   * by a bigint SST id, and this lookup runs for every block and index touch of a point read.
   */
  newFileId(): number {
    const id = this.#nextFileId++;
    assert(Number.isSafeInteger(id), "block cache: file ids exhausted");
    return id;
  }

  get usageBytes(): number {
    return this.#lists[0].usageBytes + this.#lists[1].usageBytes + this.#lists[2].usageBytes;
  }

  /**
   * The cached block at (fileId, offset), or undefined. A hit refreshes the entry; a hit on a
   * cold data block inserted at least PROMOTION_INSERTIONS_MIN insertions ago promotes it to the
   * hot segment. `priority` only classifies a miss in the stats (a hit is classified by the
   * entry's own pool).
   */
  lookup(fileId: number, offset: number, priority: BlockPriority = "low"): Block | undefined {
    const entry = this.#files.get(fileId)?.get(offset);
    if (entry === undefined) {
      if (priority === "high") this.#missesHigh++;
      else this.#missesLow++;
      return undefined;
    }
    if (entry.list === ListId.High) {
      this.#hitsHigh++;
      this.#moveTo(entry, ListId.High);
    } else {
      this.#hitsLow++;
      const reused = this.#insertions - entry.insertedAt >= PROMOTION_INSERTIONS_MIN;
      if (entry.list === ListId.LowHot || reused) {
        this.#moveTo(entry, ListId.LowHot);
        this.#balanceHot();
      }
    }
    return entry.block;
  }

  /**
   * Caches `block` under (fileId, offset), replacing any entry there, evicting as the pools'
   * rules allow. A block that cannot fit in its pool's room is not cached.
   */
  insert(
    fileId: number,
    offset: number,
    block: Block,
    chargeBytes: number,
    priority: BlockPriority,
  ): void {
    assert(Number.isSafeInteger(chargeBytes) && chargeBytes > 0, "chargeBytes > 0");
    const existing = this.#files.get(fileId)?.get(offset);
    if (existing !== undefined) this.#drop(existing);
    const high = priority === "high";
    const fits = high ? this.#makeHighRoom(chargeBytes) : this.#makeLowRoom(chargeBytes);
    if (!fits) return;
    const entry = new CacheEntry(fileId, offset, block, chargeBytes, this.#insertions);
    let byOffset = this.#files.get(fileId);
    if (byOffset === undefined) {
      byOffset = new Map();
      this.#files.set(fileId, byOffset);
    }
    byOffset.set(offset, entry);
    const list = high ? ListId.High : ListId.LowCold;
    this.#lists[list].pushHead(entry, list);
    this.#insertions++;
    this.#balanceHot();
    this.#checkInvariants();
  }

  /** Drops every entry of one file (the file was deleted or its reader closed). */
  eraseFile(fileId: number): void {
    const byOffset = this.#files.get(fileId);
    if (byOffset === undefined) return;
    for (const entry of byOffset.values()) this.#lists[entry.list].remove(entry);
    this.#files.delete(fileId);
    this.#checkInvariants();
  }

  stats(): BlockCacheStats {
    return {
      hitsHigh: this.#hitsHigh,
      missesHigh: this.#missesHigh,
      hitsLow: this.#hitsLow,
      missesLow: this.#missesLow,
      insertions: this.#insertions,
      evictions: this.#evictions,
      usageBytes: this.usageBytes,
      highUsageBytes: this.#lists[ListId.High].usageBytes,
    };
  }

  /** Evicts old high-priority entries, then data blocks, until `charge` fits; false if never. */
  #makeHighRoom(charge: number): boolean {
    if (charge > this.#highCapacityBytes) return false;
    const high = this.#lists[ListId.High];
    while (high.usageBytes + charge > this.#highCapacityBytes) this.#evict(high.tail()!);
    while (this.usageBytes + charge > this.#capacityBytes) this.#evictLow();
    return true;
  }

  /** Evicts data blocks (cold first) until `charge` fits beside the high pool; false if never. */
  #makeLowRoom(charge: number): boolean {
    const room = this.#capacityBytes - this.#lists[ListId.High].usageBytes;
    if (charge > room) return false;
    while (this.usageBytes + charge > this.#capacityBytes) this.#evictLow();
    return true;
  }

  #evictLow(): void {
    const victim = this.#lists[ListId.LowCold].tail() ?? this.#lists[ListId.LowHot].tail();
    assert(victim !== undefined, "low pool has an entry to evict while over budget");
    this.#evict(victim);
  }

  #evict(entry: CacheEntry): void {
    this.#drop(entry);
    this.#evictions++;
  }

  #drop(entry: CacheEntry): void {
    this.#lists[entry.list].remove(entry);
    const byOffset = this.#files.get(entry.fileId)!;
    byOffset.delete(entry.offset);
    if (byOffset.size === 0) this.#files.delete(entry.fileId);
  }

  #moveTo(entry: CacheEntry, list: ListId): void {
    this.#lists[entry.list].remove(entry);
    this.#lists[list].pushHead(entry, list);
  }

  /** Demotes the hot tail to the cold head while the hot segment is over its share. */
  #balanceHot(): void {
    const hot = this.#lists[ListId.LowHot];
    const lowRoom = this.#capacityBytes - this.#lists[ListId.High].usageBytes;
    const hotLimit = Math.floor(lowRoom * LOW_HOT_SHARE);
    while (hot.usageBytes > hotLimit) this.#moveTo(hot.tail()!, ListId.LowCold);
  }

  #checkInvariants(): void {
    assert(this.usageBytes <= this.#capacityBytes, "block cache usage within capacity");
    const high = this.#lists[ListId.High].usageBytes;
    assert(high <= this.#highCapacityBytes, "high-priority usage within its share");
  }
}
