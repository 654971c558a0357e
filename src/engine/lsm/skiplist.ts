/**
 * SkipList: an ordered map from byte keys to values, ordered by an injected comparator (as
 * leveldb's db/skiplist.h). The memtable keeps internal keys in one.
 *
 * Invariants:
 * - Nodes are never removed or moved, and a node's key and value never change after insert.
 * - Keys are unique under the comparator; inserting an equal key is a programmer error (assert).
 *   The memtable guarantees this because every write has its own sequence number.
 * - Level 0 links every node in ascending order; level i links a subset of level i-1.
 *
 * Concurrency: JavaScript runs one thread, so there is exactly one writer and readers never see
 * a half-linked node. Iterators stay valid across inserts: an iterator on node n keeps working,
 * and a later `next()` may return nodes inserted after the iterator was made.
 *
 * Node heights come from the injected Random, so a seed replays the same shape. There are no
 * back links: `prev()` searches from the head (O(log n)), as in leveldb, which keeps nodes small.
 */

import { assert } from "../../util/assert.ts";
import type { Random } from "../../util/random.ts";

/**
 * Tallest node. With branching 4, 12 levels keep searches O(log n) up to about 4^12 = 16M
 * entries, far more than a memtable holds before it is flushed.
 */
export const SKIPLIST_HEIGHT_MAX = 12;
/** A node reaches each further level with probability 1 / SKIPLIST_BRANCHING. */
const SKIPLIST_BRANCHING = 4;

/** Orders keys: negative, zero or positive as `a` sorts before, equal to or after `b`. */
export type KeyComparator = (a: Uint8Array, b: Uint8Array) => number;

/** One stored entry as readers see it. */
export interface SkipListEntry<V> {
  readonly key: Uint8Array;
  readonly value: V;
}

class SkipListNode<V> implements SkipListEntry<V> {
  readonly key: Uint8Array;
  readonly value: V;
  /** next[i] is the following node on level i; the array length is the node's height. */
  readonly next: (SkipListNode<V> | null)[];

  constructor(key: Uint8Array, value: V, height: number) {
    this.key = key;
    this.value = value;
    this.next = new Array<SkipListNode<V> | null>(height).fill(null);
  }
}

export class SkipList<V> {
  readonly #compare: KeyComparator;
  readonly #random: Random;
  /** A sentinel before every key; its key and value are never read. */
  readonly #head: SkipListNode<V>;
  #height = 1;
  #size = 0;
  /** Scratch for insert: the last node before the new key on each level. */
  readonly #previous: SkipListNode<V>[];

  constructor(compare: KeyComparator, random: Random) {
    this.#compare = compare;
    this.#random = random;
    // The head's value is never read (iterators and lookups skip the head), so it holds none.
    const noValue = undefined as unknown as V;
    this.#head = new SkipListNode<V>(new Uint8Array(0), noValue, SKIPLIST_HEIGHT_MAX);
    this.#previous = new Array<SkipListNode<V>>(SKIPLIST_HEIGHT_MAX).fill(this.#head);
  }

  /** Number of entries. */
  get size(): number {
    return this.#size;
  }

  /** Current tallest level in use (for memory estimates and tests). */
  get height(): number {
    return this.#height;
  }

  /**
   * Inserts `key` → `value` and returns the new node's height (callers estimate memory with it).
   * REQUIRES: no entry with an equal key exists.
   */
  insert(key: Uint8Array, value: V): number {
    const found = this.#findGreaterOrEqual(key, this.#previous);
    assert(found === null || this.#compare(found.key, key) !== 0, "skiplist: duplicate key");
    const height = this.#randomHeight();
    if (height > this.#height) {
      for (let level = this.#height; level < height; level++) this.#previous[level] = this.#head;
      this.#height = height;
    }
    const node = new SkipListNode(key, value, height);
    for (let level = 0; level < height; level++) {
      const previous = this.#previous[level]!;
      node.next[level] = previous.next[level]!;
      previous.next[level] = node;
    }
    this.#size++;
    return height;
  }

  /** True when an entry with a key equal to `key` exists. */
  contains(key: Uint8Array): boolean {
    const found = this.#findGreaterOrEqual(key, null);
    return found !== null && this.#compare(found.key, key) === 0;
  }

  /** The first entry with key >= `key`, or undefined. Allocation-free point lookup. */
  lowerBound(key: Uint8Array): SkipListEntry<V> | undefined {
    return this.#findGreaterOrEqual(key, null) ?? undefined;
  }

  /** A new iterator, initially not valid (call a seek first). */
  iterator(): SkipListIterator<V> {
    return new SkipListIterator(this);
  }

  #randomHeight(): number {
    let height = 1;
    while (height < SKIPLIST_HEIGHT_MAX && this.#random.nextInt(SKIPLIST_BRANCHING) === 0) {
      height++;
    }
    return height;
  }

  /**
   * The first node with key >= `key`, or null. When `previous` is given, fills previous[level]
   * with the last node before `key` on each level in use.
   */
  #findGreaterOrEqual(key: Uint8Array, previous: SkipListNode<V>[] | null): SkipListNode<V> | null {
    let node = this.#head;
    let level = this.#height - 1;
    for (;;) {
      const next = node.next[level]!;
      if (next !== null && this.#compare(next.key, key) < 0) {
        node = next;
        continue;
      }
      if (previous !== null) previous[level] = node;
      if (level === 0) return next;
      level--;
    }
  }

  /** @internal The last node with key < `key`, or null when there is none. */
  findLessThan(key: Uint8Array): SkipListNode<V> | null {
    let node = this.#head;
    let level = this.#height - 1;
    for (;;) {
      const next = node.next[level]!;
      if (next !== null && this.#compare(next.key, key) < 0) {
        node = next;
        continue;
      }
      if (level === 0) return node === this.#head ? null : node;
      level--;
    }
  }

  /** @internal The last node, or null when empty. */
  findLast(): SkipListNode<V> | null {
    let node = this.#head;
    let level = this.#height - 1;
    for (;;) {
      const next = node.next[level]!;
      if (next !== null) {
        node = next;
        continue;
      }
      if (level === 0) return node === this.#head ? null : node;
      level--;
    }
  }

  /** @internal The first node, or null when empty. */
  first(): SkipListNode<V> | null {
    return this.#head.next[0]!;
  }

  /** @internal The first node with key >= `key`, or null. */
  seekNode(key: Uint8Array): SkipListNode<V> | null {
    return this.#findGreaterOrEqual(key, null);
  }
}

/**
 * Walks a SkipList in key order. Matches the EngineIterator shape (engine-iterator.ts) when V is
 * Uint8Array. Keys and values returned stay valid forever (nodes are immutable).
 */
export class SkipListIterator<V> {
  readonly #list: SkipList<V>;
  #node: SkipListNode<V> | null = null;

  constructor(list: SkipList<V>) {
    this.#list = list;
  }

  valid(): boolean {
    return this.#node !== null;
  }

  seekToFirst(): void {
    this.#node = this.#list.first();
  }

  seekToLast(): void {
    this.#node = this.#list.findLast();
  }

  /** Positions at the first entry with key >= `target`. */
  seek(target: Uint8Array): void {
    this.#node = this.#list.seekNode(target);
  }

  next(): void {
    assert(this.#node !== null, "skiplist iterator: next() while not valid");
    this.#node = this.#node.next[0]!;
  }

  prev(): void {
    assert(this.#node !== null, "skiplist iterator: prev() while not valid");
    this.#node = this.#list.findLessThan(this.#node.key);
  }

  key(): Uint8Array {
    assert(this.#node !== null, "skiplist iterator: key() while not valid");
    return this.#node.key;
  }

  value(): V {
    assert(this.#node !== null, "skiplist iterator: value() while not valid");
    return this.#node.value;
  }

  /** A copy of the current value when it is bytes (the memtable's case); else the value. */
  valueCopy(): V {
    assert(this.#node !== null, "skiplist iterator: valueCopy() while not valid");
    const value = this.#node.value;
    return (value instanceof Uint8Array ? value.slice() : value) as V;
  }
}
