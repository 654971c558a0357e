/**
 * Memtable: the in-memory, sorted buffer of recent writes (as leveldb's db/memtable.cc). It
 * holds internal keys (internal-key.ts) in a SkipList, each mapped to its value; a deletion maps
 * to an empty value. When it grows past its budget the engine freezes it and flushes it to an
 * L0 SST.
 *
 * Invariants: entries are never removed or changed; every (user key, sequence) pair is added at
 * most once (the skiplist asserts this), which holds because each write owns its sequence
 * number. Concurrency: single writer, any number of readers and iterators (see skiplist.ts).
 */

import { assert, assertNever } from "../../util/assert.ts";
import type { Random } from "../../util/random.ts";
import type { EngineIterator } from "./engine-iterator.ts";
import {
  KeyKind,
  type LookupKey,
  SEQUENCE_NUMBER_MAX,
  compareInternalKeys,
  compareUserKeyOf,
  encodeInternalKey,
  internalKeyKind,
} from "./internal-key.ts";
import { SkipList } from "./skiplist.ts";
import type { WriteBatch } from "./write-batch.ts";

/** What a memtable knows about a key at a snapshot. */
export type MemtableGetResult =
  | { readonly kind: "value"; readonly value: Uint8Array }
  | { readonly kind: "deleted" }
  | { readonly kind: "absent" };

const DELETED: MemtableGetResult = { kind: "deleted" };
const ABSENT: MemtableGetResult = { kind: "absent" };
const EMPTY = new Uint8Array(0);

/**
 * Estimated bytes one entry costs beyond its key and value bytes: the node object, two
 * Uint8Array headers and the next-pointer array (8 bytes per level). An estimate for flush
 * decisions, not an exact account of the JavaScript heap.
 */
const NODE_OVERHEAD_BYTES = 160;
const NODE_LINK_BYTES = 8;

export class Memtable {
  readonly #list: SkipList<Uint8Array>;
  #memoryUsageBytes = 0;
  #lastSequence = -1n;

  constructor(random: Random) {
    this.#list = new SkipList<Uint8Array>(compareInternalKeys, random);
  }

  /** Number of entries (versions), deletions included. */
  get entryCount(): number {
    return this.#list.size;
  }

  /** Largest sequence number added so far, or -1n when empty. */
  get lastSequence(): bigint {
    return this.#lastSequence;
  }

  /** Estimated bytes held: key and value bytes plus a per-entry overhead. */
  approximateMemoryUsageBytes(): number {
    return this.#memoryUsageBytes;
  }

  /**
   * Adds one version of `userKey`. For `KeyKind.Deletion` the value must be empty.
   * REQUIRES: no earlier add used the same (userKey, sequence).
   */
  add(sequence: bigint, kind: KeyKind, userKey: Uint8Array, value: Uint8Array): void {
    assert(kind === KeyKind.Value || value.length === 0, "memtable: a deletion has no value");
    const internalKey = encodeInternalKey(userKey, sequence, kind);
    const stored = kind === KeyKind.Deletion ? EMPTY : value;
    const height = this.#list.insert(internalKey, stored);
    this.#memoryUsageBytes +=
      internalKey.length + stored.length + NODE_OVERHEAD_BYTES + NODE_LINK_BYTES * height;
    if (sequence > this.#lastSequence) this.#lastSequence = sequence;
  }

  /**
   * Adds every record of `batch`, record i with sequence `firstSequence + i`. Returns the
   * sequence after the last one used (the next free sequence).
   */
  applyBatch(batch: WriteBatch, firstSequence: bigint): bigint {
    const count = BigInt(batch.count);
    assert(firstSequence >= 0n, "memtable: negative first sequence");
    assert(firstSequence + count - 1n <= SEQUENCE_NUMBER_MAX, "memtable: sequence overflow");
    let sequence = firstSequence;
    for (const record of batch.records) {
      this.add(sequence, record.kind, record.key, record.value);
      sequence++;
    }
    return sequence;
  }

  /**
   * The newest version of `lookupKey.userKey` with sequence <= the lookup's snapshot: its value,
   * a deletion, or absent when this memtable has no such version (look in older data then).
   */
  get(lookupKey: LookupKey): MemtableGetResult {
    // The lookup key sorts just before every version the snapshot may see, so the first entry
    // at or after it is the newest visible version, if it belongs to the same user key.
    const entry = this.#list.lowerBound(lookupKey.internalKey);
    if (entry === undefined) return ABSENT;
    if (compareUserKeyOf(entry.key, lookupKey.userKey) !== 0) return ABSENT;
    const kind = internalKeyKind(entry.key);
    switch (kind) {
      case KeyKind.Value:
        return { kind: "value", value: entry.value };
      case KeyKind.Deletion:
        return DELETED;
      default:
        return assertNever(kind, "key kind");
    }
  }

  /**
   * An iterator over (internal key, value) in internal key order. It stays valid while more
   * entries are added; its keys and values never change.
   */
  iterator(): EngineIterator {
    return this.#list.iterator();
  }
}
