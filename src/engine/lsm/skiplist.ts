/**
 * SkipList: an ordered map from byte keys to byte values, ordered by an injected comparator (as
 * leveldb's db/skiplist.h over its db/arena.h). The memtable keeps internal keys in one.
 *
 * Why an arena rather than one object per node: a search step of an object-per-node list loads
 * the node, its link array, the next node, that node's key view and the key's bytes — four or
 * five dependent cache misses once the list outgrows the CPU cache — and every entry is several
 * objects the garbage collector traces on every major collection. Measured on this machine at
 * 150k–300k entries: 12–17 µs per insert. Here a node is a run of int32s in one Int32Array and
 * its key and value bytes sit in a shared byte chunk, so a step costs two misses (the node's ints,
 * the key's bytes) and the list owns a handful of objects however many entries it holds.
 *
 * Layout (in memory only; nothing here is persisted):
 *
 *   nodes: one ArrayBuffer seen as an Int32Array and a Uint8Array, grown by doubling (a copy).
 *   The node at int offset n:
 *     n+0  height h, 1 ..= SKIPLIST_HEIGHT_MAX
 *     n+1  key length in bytes
 *     n+2  index of the value chunk holding the value
 *     n+3  byte offset of the value in that chunk
 *     n+4  value length in bytes
 *     n+5 .. n+5+h-1  the next node's offset on each level; 0 means none
 *     then the key bytes, from byte offset (n+5+h)*4, padded to a whole int
 *   The key sits right after the links, as in leveldb, so a comparison usually reads one cache
 *   line that holds both the link it followed and the key it compares. The head is the node at
 *   offset 0 with the full height and an empty key; no link ever points to it, which is why 0
 *   can mean "none".
 *
 *   values: byte chunks, the first SKIPLIST_FIRST_CHUNK_BYTES and each next one twice the last
 *   up to SKIPLIST_CHUNK_BYTES (a small memtable stays small). Values live apart from the keys
 *   so that searches, which read only keys, touch a dense region. A value is never split
 *   across chunks; one larger than a quarter of SKIPLIST_CHUNK_BYTES gets a chunk of its own,
 *   so a big value wastes at most a quarter chunk of the current one.
 *
 * Invariants:
 * - Nodes are never removed or moved within `nodes` (offsets are stable; growth copies the buffer
 *   whole), and an entry's bytes never change after insert. A view handed out before a growth
 *   keeps the old buffer alive and still shows the right bytes.
 * - Keys are unique under the comparator; inserting an equal key is a programmer error (assert).
 *   The memtable guarantees this because every write has its own sequence number.
 * - Level 0 links every node in ascending order; level i links a subset of level i-1.
 *
 * Concurrency: JavaScript runs one thread, so there is exactly one writer and readers never see
 * a half-linked node. Iterators stay valid across inserts: an iterator on node n keeps working,
 * and a later `next()` may return nodes inserted after the iterator was made. Keys and values
 * handed out are views of chunks, valid for as long as the caller holds them.
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
/** Largest arena chunk: chunk headers are negligible at this size and a tail wastes little. */
export const SKIPLIST_CHUNK_BYTES = 1 << 20;
/** The first chunk; later ones double up to SKIPLIST_CHUNK_BYTES. */
const SKIPLIST_FIRST_CHUNK_BYTES = 1 << 12;
/** Entries above this many bytes get a chunk of their own. */
const OWN_CHUNK_THRESHOLD_BYTES = SKIPLIST_CHUNK_BYTES / 4;
/** Initial ints of the node buffer (grows by doubling). */
const INITIAL_NODE_INTS = 1 << 10;

const HEIGHT = 0;
const KEY_LENGTH = 1;
const VALUE_CHUNK = 2;
const VALUE_OFFSET = 3;
const VALUE_LENGTH = 4;
const NEXT = 5;
const HEAD = 0;
const NONE = 0;

/** Orders keys: negative, zero or positive as `a` sorts before, equal to or after `b`. */
export type KeyComparator = (a: Uint8Array, b: Uint8Array) => number;

/**
 * Compares the stored key bytes[start, end) with `target`: negative, zero or positive as the
 * stored key sorts before, equal to or after it. Must agree with a KeyComparator on views.
 */
export type RangeKeyComparator = (
  bytes: Uint8Array,
  start: number,
  end: number,
  target: Uint8Array,
) => number;

export class SkipList {
  readonly #compare: RangeKeyComparator;
  readonly #random: Random;
  #nodes = new Int32Array(INITIAL_NODE_INTS);
  /** The same buffer as `#nodes`, as bytes: where keys are. */
  #nodeBytes = new Uint8Array(this.#nodes.buffer);
  /** The first free int of `#nodes`. */
  #nodesEnd = NEXT + SKIPLIST_HEIGHT_MAX;
  readonly #chunks: Uint8Array[] = [];
  /** The chunk small entries are appended to, and its first free byte. */
  #currentChunk = -1;
  #currentChunkUsed = 0;
  #currentChunkSize = 0;
  #chunkBytes = 0;
  #height = 1;
  #size = 0;
  /** Scratch for insert: the last node before the new key on each level. */
  readonly #previous = new Int32Array(SKIPLIST_HEIGHT_MAX);

  constructor(compare: RangeKeyComparator, random: Random) {
    this.#compare = compare;
    this.#random = random;
    this.#nodes[HEAD + HEIGHT] = SKIPLIST_HEIGHT_MAX;
  }

  /** Number of entries. */
  get size(): number {
    return this.#size;
  }

  /** Current tallest level in use (for tests). */
  get height(): number {
    return this.#height;
  }

  /** Bytes this list has allocated: node ints and chunks, used or not. */
  get allocatedBytes(): number {
    return this.#nodes.byteLength + this.#chunkBytes;
  }

  /**
   * Bytes in use by entries: their node ints and their bytes (with the unused tails of filled
   * chunks); 0 when empty.
   */
  get usedBytes(): number {
    const currentFree = this.#currentChunkSize - this.#currentChunkUsed;
    const nodeInts = this.#nodesEnd - (NEXT + SKIPLIST_HEIGHT_MAX);
    return nodeInts * Int32Array.BYTES_PER_ELEMENT + this.#chunkBytes - currentFree;
  }

  /**
   * Copies `key` → `value` into the list and returns the new node's offset.
   * REQUIRES: no entry with an equal key exists.
   */
  insert(key: Uint8Array, value: Uint8Array): number {
    const found = this.#findGreaterOrEqual(key, this.#previous);
    assert(found === NONE || this.#compareNode(found, key) !== 0, "skiplist: duplicate key");
    const height = this.#randomHeight();
    if (height > this.#height) {
      for (let level = this.#height; level < height; level++) this.#previous[level] = HEAD;
      this.#height = height;
    }
    const node = this.#allocateNode(height, key);
    this.#storeValue(node, value);
    const nodes = this.#nodes;
    for (let level = 0; level < height; level++) {
      const previous = this.#previous[level]!;
      nodes[node + NEXT + level] = nodes[previous + NEXT + level]!;
      nodes[previous + NEXT + level] = node;
    }
    this.#size++;
    return node;
  }

  /** True when an entry with a key equal to `key` exists. */
  contains(key: Uint8Array): boolean {
    const found = this.#findGreaterOrEqual(key, null);
    return found !== NONE && this.#compareNode(found, key) === 0;
  }

  /** The first node with key >= `key`, or 0 (none). Allocation-free point lookup. */
  seekNode(key: Uint8Array): number {
    return this.#findGreaterOrEqual(key, null);
  }

  /** The node after `node` in key order, or 0. */
  nextNode(node: number): number {
    return this.#nodes[node + NEXT]!;
  }

  /** The last node with key < `key`, or 0 when there is none. */
  findLessThan(key: Uint8Array): number {
    // The search leaves the last node before `key` on each level in `previous`; level 0's is
    // the answer (the head, 0, when none). The scratch is free: inserts use it synchronously.
    this.#findGreaterOrEqual(key, this.#previous);
    return this.#previous[0]!;
  }

  /** The last node, or 0 when empty. */
  findLast(): number {
    const nodes = this.#nodes;
    let node = HEAD;
    let level = this.#height - 1;
    for (;;) {
      const next = nodes[node + NEXT + level]!;
      if (next !== NONE) {
        node = next;
        continue;
      }
      if (level === 0) return node;
      level--;
    }
  }

  /** The first node, or 0 when empty. */
  firstNode(): number {
    return this.#nodes[HEAD + NEXT]!;
  }

  /** The bytes holding `node`'s key; with keyStart/keyLength, a key without a copy. */
  keyBytes(): Uint8Array {
    return this.#nodeBytes;
  }

  keyStart(node: number): number {
    return (node + NEXT + this.#nodes[node + HEIGHT]!) * Int32Array.BYTES_PER_ELEMENT;
  }

  keyLength(node: number): number {
    return this.#nodes[node + KEY_LENGTH]!;
  }

  /** `node`'s key as a view. */
  keyView(node: number): Uint8Array {
    const start = this.keyStart(node);
    return this.#nodeBytes.subarray(start, start + this.#nodes[node + KEY_LENGTH]!);
  }

  /** `node`'s value as a view of its chunk. */
  valueView(node: number): Uint8Array {
    const nodes = this.#nodes;
    const start = nodes[node + VALUE_OFFSET]!;
    const chunk = this.#chunks[nodes[node + VALUE_CHUNK]!]!;
    return chunk.subarray(start, start + nodes[node + VALUE_LENGTH]!);
  }

  /** A new iterator, initially not valid (call a seek first). */
  iterator(): SkipListIterator {
    return new SkipListIterator(this);
  }

  #compareNode(node: number, key: Uint8Array): number {
    const nodes = this.#nodes;
    const start = (node + NEXT + nodes[node + HEIGHT]!) * Int32Array.BYTES_PER_ELEMENT;
    return this.#compare(this.#nodeBytes, start, start + nodes[node + KEY_LENGTH]!, key);
  }

  #randomHeight(): number {
    let height = 1;
    while (height < SKIPLIST_HEIGHT_MAX && this.#random.nextInt(SKIPLIST_BRANCHING) === 0) {
      height++;
    }
    return height;
  }

  /**
   * The first node with key >= `key`, or 0. When `previous` is given, fills previous[level]
   * with the last node before `key` on each level in use.
   */
  #findGreaterOrEqual(key: Uint8Array, previous: Int32Array | null): number {
    const nodes = this.#nodes;
    let node = HEAD;
    let level = this.#height - 1;
    for (;;) {
      const next = nodes[node + NEXT + level]!;
      if (next !== NONE && this.#compareNode(next, key) < 0) {
        node = next;
        continue;
      }
      if (previous !== null) previous[level] = node;
      if (level === 0) return next;
      level--;
    }
  }

  /** Appends a node of `height` links holding a copy of `key`; returns its offset. */
  #allocateNode(height: number, key: Uint8Array): number {
    const node = this.#nodesEnd;
    const keyInts = (key.length + Int32Array.BYTES_PER_ELEMENT - 1) >>> 2;
    const end = node + NEXT + height + keyInts;
    if (end > this.#nodes.length) {
      let length = this.#nodes.length * 2;
      while (length < end) length *= 2;
      const grown = new Int32Array(length);
      grown.set(this.#nodes.subarray(0, this.#nodesEnd));
      this.#nodes = grown;
      this.#nodeBytes = new Uint8Array(grown.buffer);
    }
    this.#nodesEnd = end;
    this.#nodes[node + HEIGHT] = height;
    this.#nodes[node + KEY_LENGTH] = key.length;
    this.#nodeBytes.set(key, (node + NEXT + height) * Int32Array.BYTES_PER_ELEMENT);
    return node;
  }

  /** Copies `value` into a chunk and records where in `node`. */
  #storeValue(node: number, value: Uint8Array): void {
    const length = value.length;
    let chunkIndex: number;
    let offset: number;
    if (length > OWN_CHUNK_THRESHOLD_BYTES) {
      chunkIndex = this.#addChunk(length);
      offset = 0;
    } else {
      if (this.#currentChunk < 0 || this.#currentChunkUsed + length > this.#currentChunkSize) {
        const size = Math.min(
          SKIPLIST_CHUNK_BYTES,
          Math.max(SKIPLIST_FIRST_CHUNK_BYTES, this.#currentChunkSize * 2, length),
        );
        this.#currentChunk = this.#addChunk(size);
        this.#currentChunkSize = size;
        this.#currentChunkUsed = 0;
      }
      chunkIndex = this.#currentChunk;
      offset = this.#currentChunkUsed;
      this.#currentChunkUsed += length;
    }
    this.#chunks[chunkIndex]!.set(value, offset);
    const nodes = this.#nodes;
    nodes[node + VALUE_CHUNK] = chunkIndex;
    nodes[node + VALUE_OFFSET] = offset;
    nodes[node + VALUE_LENGTH] = length;
  }

  #addChunk(bytes: number): number {
    this.#chunks.push(new Uint8Array(bytes));
    this.#chunkBytes += bytes;
    return this.#chunks.length - 1;
  }
}

/**
 * Walks a SkipList in key order; matches the EngineIterator shape (engine-iterator.ts). The keys
 * and values it returns are views of the list's chunks and stay valid forever.
 */
export class SkipListIterator {
  readonly #list: SkipList;
  #node = NONE;

  constructor(list: SkipList) {
    this.#list = list;
  }

  valid(): boolean {
    return this.#node !== NONE;
  }

  seekToFirst(): void {
    this.#node = this.#list.firstNode();
  }

  seekToLast(): void {
    this.#node = this.#list.findLast();
  }

  /** Positions at the first entry with key >= `target`. */
  seek(target: Uint8Array): void {
    this.#node = this.#list.seekNode(target);
  }

  next(): void {
    assert(this.#node !== NONE, "skiplist iterator: next() while not valid");
    this.#node = this.#list.nextNode(this.#node);
  }

  prev(): void {
    assert(this.#node !== NONE, "skiplist iterator: prev() while not valid");
    this.#node = this.#list.findLessThan(this.#list.keyView(this.#node));
  }

  key(): Uint8Array {
    assert(this.#node !== NONE, "skiplist iterator: key() while not valid");
    return this.#list.keyView(this.#node);
  }

  value(): Uint8Array {
    assert(this.#node !== NONE, "skiplist iterator: value() while not valid");
    return this.#list.valueView(this.#node);
  }

  /** A copy of the current value that the caller owns. */
  valueCopy(): Uint8Array {
    assert(this.#node !== NONE, "skiplist iterator: valueCopy() while not valid");
    return this.#list.valueView(this.#node).slice();
  }
}
