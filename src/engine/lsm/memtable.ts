/**
 * Memtable: the in-memory, sorted buffer of recent writes (as leveldb's db/memtable.cc). It
 * holds internal keys (internal-key.ts) in a SkipList, each mapped to its value; a deletion maps
 * to an empty value. The skiplist copies keys and values into its own arena, so a memtable holds
 * no object per entry and its memory figure is the bytes it really uses. When it grows past its
 * budget the engine freezes it and flushes it to an L0 SST.
 *
 * Invariants: entries are never removed or changed; every (user key, sequence) pair is added at
 * most once (the skiplist asserts this), which holds because each write owns its sequence
 * number. Concurrency: single writer, any number of readers and iterators (see skiplist.ts).
 */

import { assert, assertNever } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import type { Random } from "../../util/random.ts";
import type { EngineIterator } from "./engine-iterator.ts";
import {
  INTERNAL_KEY_TRAILER_BYTES,
  KeyKind,
  type LookupKey,
  SEQUENCE_NUMBER_MAX,
  compareInternalKeyRange,
  compareUserKeyOfRange,
  encodeInternalKey,
  internalKeyKindAt,
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

export class Memtable {
  readonly #list: SkipList;
  #lastSequence = -1n;

  constructor(random: Random) {
    this.#list = new SkipList(compareInternalKeyRange, random);
  }

  /** Number of entries (versions), deletions included. */
  get entryCount(): number {
    return this.#list.size;
  }

  /** Largest sequence number added so far, or -1n when empty. */
  get lastSequence(): bigint {
    return this.#lastSequence;
  }

  /** Bytes held: entry bytes and skiplist nodes (the arena's used part). */
  approximateMemoryUsageBytes(): number {
    return this.#list.usedBytes;
  }

  /**
   * Adds one version of `userKey`. For `KeyKind.Deletion` the value must be empty.
   * REQUIRES: no earlier add used the same (userKey, sequence).
   */
  add(sequence: bigint, kind: KeyKind, userKey: Uint8Array, value: Uint8Array): void {
    assert(kind === KeyKind.Value || value.length === 0, "memtable: a deletion has no value");
    const internalKey = encodeInternalKey(userKey, sequence, kind);
    const stored = kind === KeyKind.Deletion ? EMPTY : value;
    this.#list.insert(internalKey, stored);
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
    const list = this.#list;
    const node = list.seekNode(lookupKey.internalKey);
    if (node === 0) return ABSENT;
    const bytes = list.keyBytes();
    const start = list.keyStart(node);
    const end = start + list.keyLength(node);
    if (compareUserKeyOfRange(bytes, start, end, lookupKey.userKey) !== 0) return ABSENT;
    const kind = internalKeyKindAt(bytes, end);
    switch (kind) {
      case KeyKind.Value:
        return { kind: "value", value: list.valueView(node) };
      case KeyKind.Deletion:
        return DELETED;
      default:
        return assertNever(kind, "key kind");
    }
  }

  /**
   * User keys in [lower, upper) whose newest version here is a value (not a deletion): exact
   * for this memtable alone, an estimate for a store whose older data lies elsewhere. Walks
   * the range, so it is for start-up estimates, not hot paths.
   */
  countLiveKeys(lower: Uint8Array, upper: Uint8Array): number {
    const iterator = this.#list.iterator();
    iterator.seek(encodeInternalKey(lower, SEQUENCE_NUMBER_MAX, KeyKind.Value));
    let count = 0;
    let previous: Uint8Array | undefined;
    while (iterator.valid()) {
      const key = iterator.key();
      const userKey = key.subarray(0, key.length - INTERNAL_KEY_TRAILER_BYTES);
      if (compareBytes(userKey, upper) >= 0) break;
      // Versions of one user key are adjacent, newest first: only the first one counts.
      if (previous === undefined || compareBytes(previous, userKey) !== 0) {
        if (internalKeyKindAt(key, key.length) === KeyKind.Value) count++;
        previous = userKey.slice();
      }
      iterator.next();
    }
    return count;
  }

  /**
   * An iterator over (internal key, value) in internal key order. It stays valid while more
   * entries are added; its keys and values never change.
   */
  iterator(): EngineIterator {
    return this.#list.iterator();
  }
}
