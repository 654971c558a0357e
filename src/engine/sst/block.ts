/**
 * Block and BlockIterator: read a data block in the layout of block-format.ts in place.
 *
 * `new Block(bytes)` validates the restart array (count in range, first offset 0, offsets
 * strictly increasing and inside the entry area) and throws CorruptionError naming the block
 * and the offset otherwise. Entries are checked as they are decoded (lengths inside the entry
 * area, `shared` no longer than the previous key, `shared` = 0 at restart points, keys strictly
 * increasing), so a damaged block raises CorruptionError when read, never a wrong answer or an
 * out-of-bounds access.
 *
 * Aliasing: `value` is a subarray of the block's bytes (no copy). `key` is a subarray of the
 * iterator's own key buffer, valid until the iterator moves. The block's bytes must not change
 * while it is in use. An iterator is single-threaded; a Block may have many iterators.
 */

import { ByteSink } from "../../util/byte-sink.ts";
import { type ByteComparator, compareBytes } from "../../util/bytes.ts";
import { decodeFixed32 } from "../../util/coding.ts";
import { assert } from "../../util/assert.ts";
import { CorruptionError } from "../../util/errors.ts";
import type { EngineIterator } from "../lsm/engine-iterator.ts";
import { BLOCK_BYTES_MIN, BLOCK_RESTART_ENTRY_BYTES } from "./block-format.ts";

/** Compares the key bytes[start, end) with `target`, as a ByteComparator would. */
export type RangeComparator = (
  bytes: Uint8Array,
  start: number,
  end: number,
  target: Uint8Array,
) => number;

export interface BlockOptions {
  /** Key order the block was built with; default compareBytes. */
  readonly comparator?: ByteComparator;
  /**
   * The same order as `comparator`, comparing the key stored at data[start, end) with `target`
   * in place; seeks use it on restart keys instead of copying each one. Optional.
   */
  readonly rangeComparator?: RangeComparator;
  /** Names the block in error messages (for example "sst 000123.sst block @4096"). */
  readonly name?: string;
}

export class Block {
  readonly data: Uint8Array;
  readonly comparator: ByteComparator;
  readonly rangeComparator: RangeComparator | undefined;
  readonly name: string;
  /** Offset of the restart array, which is also the end of the entries. */
  readonly restartsOffset: number;
  readonly restartCount: number;
  /** The restart offsets, decoded once at open (validated, so iterators index it unchecked). */
  readonly restarts: Uint32Array;

  constructor(data: Uint8Array, options: BlockOptions = {}) {
    this.data = data;
    this.comparator = options.comparator ?? compareBytes;
    this.rangeComparator = options.rangeComparator;
    this.name = options.name ?? "block";
    if (data.length < BLOCK_BYTES_MIN) {
      throw this.corruption(0, `${data.length} bytes is shorter than ${BLOCK_BYTES_MIN}`);
    }
    const countOffset = data.length - BLOCK_RESTART_ENTRY_BYTES;
    const count = decodeFixed32(data, countOffset);
    const countMax = (data.length - BLOCK_RESTART_ENTRY_BYTES) / BLOCK_RESTART_ENTRY_BYTES;
    if (count < 1 || count > countMax) {
      throw this.corruption(countOffset, `restart count ${count} outside 1..${countMax}`);
    }
    this.restartCount = count;
    this.restartsOffset = countOffset - count * BLOCK_RESTART_ENTRY_BYTES;
    this.restarts = new Uint32Array(count);
    this.#readRestarts();
  }

  /** The byte offset of restart point `index`. */
  restartPoint(index: number): number {
    assert(index >= 0 && index < this.restartCount, "restart index in range");
    return this.restarts[index]!;
  }

  iterator(): BlockIterator {
    return new BlockIterator(this);
  }

  /**
   * Decodes every entry and checks that keys strictly increase by the comparator; throws
   * CorruptionError otherwise. Returns the entry count. Costs one pass over the block, so
   * callers use it where a block is first trusted (tests, repair, paranoid checks).
   */
  verifyEntries(): number {
    const iterator = this.iterator();
    const previous = new ByteSink(64);
    let count = 0;
    for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
      if (count > 0 && this.comparator(iterator.key(), previous.view()) <= 0) {
        throw this.corruption(iterator.entryOffset(), "key does not sort after the previous key");
      }
      previous.clear();
      previous.putBytes(iterator.key());
      count++;
    }
    return count;
  }

  /** A CorruptionError naming this block and `offset`. */
  corruption(offset: number, problem: string): CorruptionError {
    return new CorruptionError(`${this.name}: corrupt at offset ${offset}: ${problem}`);
  }

  #readRestarts(): void {
    let previous = -1;
    for (let index = 0; index < this.restartCount; index++) {
      const at = this.restartsOffset + index * BLOCK_RESTART_ENTRY_BYTES;
      const offset = decodeFixed32(this.data, at);
      if (index === 0 && offset !== 0) {
        throw this.corruption(at, `first restart point is ${offset}, not 0`);
      }
      if (index > 0 && (offset <= previous || offset >= this.restartsOffset)) {
        throw this.corruption(at, `restart point ${index} = ${offset} out of order or range`);
      }
      this.restarts[index] = offset;
      previous = offset;
    }
  }
}

/**
 * A cursor over one block's entries, following the EngineIterator contract
 * (lsm/engine-iterator.ts). Not valid until positioned by a seek. Moves are allocation-free
 * except when a key outgrows the key buffer.
 */
export class BlockIterator implements EngineIterator {
  #block: Block;
  #data: Uint8Array;
  #restarts: Uint32Array;
  #end: number;
  readonly #keyBuffer = new KeyBuffer();
  /** The restart key being compared during a seek's binary search (reused, never aliased). */
  readonly #probeKey = new KeyBuffer();
  /** Offset of the current entry; `#end` when not valid. */
  #current: number;
  /** Offset just past the current entry. */
  #next = 0;
  /** The restart point at or before the current entry. */
  #restartIndex: number;
  #valueStart = 0;
  #valueLength = 0;
  /** Read position while decoding an entry's varints. */
  #cursor = 0;

  constructor(block: Block) {
    this.#block = block;
    this.#data = block.data;
    this.#restarts = block.restarts;
    this.#end = block.restartsOffset;
    this.#current = this.#end;
    this.#restartIndex = block.restartCount;
  }

  /** Re-targets the iterator at `block` (not valid until positioned), keeping its buffers. */
  reset(block: Block): void {
    this.#block = block;
    this.#data = block.data;
    this.#restarts = block.restarts;
    this.#end = block.restartsOffset;
    this.#current = this.#end;
    this.#restartIndex = block.restartCount;
    this.#keyBuffer.clear();
  }

  valid(): boolean {
    return this.#current < this.#end;
  }

  /** The current key. REQUIRES: valid. Valid until the iterator moves. */
  key(): Uint8Array {
    assert(this.valid(), "BlockIterator.key when not valid");
    return this.#keyBuffer.view();
  }

  /** Byte offset of the current entry in the block. REQUIRES: valid. */
  entryOffset(): number {
    assert(this.valid(), "BlockIterator.entryOffset when not valid");
    return this.#current;
  }

  /** The current value, a subarray of the block. REQUIRES: valid. */
  value(): Uint8Array {
    assert(this.valid(), "BlockIterator.value when not valid");
    return this.#data.subarray(this.#valueStart, this.#valueStart + this.#valueLength);
  }

  /** A copy of the current value. REQUIRES: valid. */
  valueCopy(): Uint8Array {
    assert(this.valid(), "BlockIterator.valueCopy when not valid");
    return this.#data.slice(this.#valueStart, this.#valueStart + this.#valueLength);
  }

  seekToFirst(): void {
    this.#seekToRestartPoint(0);
    this.#parseNextEntry();
  }

  seekToLast(): void {
    this.#seekToRestartPoint(this.#block.restartCount - 1);
    while (this.#parseNextEntry() && this.#next < this.#end) {
      // Advance to the entry that ends at the restart array.
    }
  }

  /** Positions at the first entry whose key is >= `target`; not valid when there is none. */
  seek(target: Uint8Array): void {
    const comparator = this.#block.comparator;
    const rangeComparator = this.#block.rangeComparator;
    let left = 0;
    let right = this.#block.restartCount - 1;
    // Invariant: every restart before `left` has a key < target; every one after `right`, >=.
    while (left < right) {
      const middle = (left + right + 1) >>> 1;
      const order =
        rangeComparator === undefined
          ? comparator(this.#restartKey(middle), target)
          : this.#compareRestartKey(middle, rangeComparator, target);
      if (order < 0) left = middle;
      else right = middle - 1;
    }
    this.#seekToRestartPoint(left);
    while (this.#parseNextEntry()) {
      if (comparator(this.#keyBuffer.view(), target) >= 0) return;
    }
  }

  /** Moves to the next entry. REQUIRES: valid. */
  next(): void {
    assert(this.valid(), "BlockIterator.next when not valid");
    this.#parseNextEntry();
  }

  /** Moves to the previous entry; not valid if the current entry is the first. REQUIRES: valid. */
  prev(): void {
    assert(this.valid(), "BlockIterator.prev when not valid");
    const original = this.#current;
    let index = this.#restartIndex;
    while (this.#restarts[index]! >= original) {
      if (index === 0) {
        this.#invalidate();
        return;
      }
      index--;
    }
    this.#seekToRestartPoint(index);
    while (this.#parseNextEntry() && this.#next < original) {
      // Decode forward to the entry just before `original`.
    }
  }

  #invalidate(): void {
    this.#current = this.#end;
    this.#next = this.#end;
    this.#restartIndex = this.#block.restartCount;
    this.#keyBuffer.clear();
  }

  #seekToRestartPoint(index: number): void {
    this.#keyBuffer.clear();
    this.#restartIndex = index;
    this.#current = this.#end;
    this.#next = this.#restarts[index]!;
  }

  /** Compares the key stored at restart point `index` with `target`, in place. */
  #compareRestartKey(index: number, compare: RangeComparator, target: Uint8Array): number {
    const start = this.#restartKeyStart(index);
    return compare(this.#data, start, this.#cursor, target);
  }

  /**
   * Decodes the restart entry at `index`; returns where its key starts and leaves `#cursor`
   * just past the key. Restart entries store their whole key (shared = 0).
   */
  #restartKeyStart(index: number): number {
    const offset = this.#restarts[index]!;
    this.#cursor = offset;
    const shared = this.#readVarint(offset);
    const nonShared = this.#readVarint(offset);
    this.#readVarint(offset);
    if (shared !== 0) throw this.#block.corruption(offset, "restart entry with shared key bytes");
    if (nonShared > this.#end - this.#cursor) {
      throw this.#block.corruption(offset, "key runs past the entries");
    }
    const start = this.#cursor;
    this.#cursor = start + nonShared;
    return start;
  }

  /**
   * The full key stored at restart point `index`, copied into `#probeKey` (a byte loop into a
   * reused buffer is cheaper than a subarray view per binary-search step).
   */
  #restartKey(index: number): Uint8Array {
    const start = this.#restartKeyStart(index);
    const probe = this.#probeKey;
    probe.clear();
    probe.putRange(this.#data, start, this.#cursor);
    return probe.view();
  }

  /**
   * Decodes the entry at `#next` and makes it current. Returns false (and becomes not valid)
   * at the end of the entries; throws CorruptionError on a damaged entry.
   */
  #parseNextEntry(): boolean {
    const offset = this.#next;
    if (offset >= this.#end) {
      this.#invalidate();
      return false;
    }
    this.#cursor = offset;
    const shared = this.#readVarint(offset);
    const nonShared = this.#readVarint(offset);
    const valueLength = this.#readVarint(offset);
    const keyStart = this.#cursor;
    if (nonShared + valueLength > this.#end - keyStart) {
      throw this.#block.corruption(offset, "entry runs past the entries");
    }
    const atRestart = this.#isRestartPoint(offset);
    if (shared > this.#keyBuffer.length || (atRestart && shared !== 0)) {
      throw this.#block.corruption(offset, `shared key length ${shared} is invalid here`);
    }
    this.#keyBuffer.truncate(shared);
    this.#keyBuffer.putRange(this.#data, keyStart, keyStart + nonShared);
    this.#current = offset;
    this.#valueStart = keyStart + nonShared;
    this.#valueLength = valueLength;
    this.#next = this.#valueStart + valueLength;
    return true;
  }

  /**
   * True when the entry at `offset` is a restart point; moves `#restartIndex` onto it. Right
   * after a seek to a restart point (no current entry yet) it is one by construction.
   */
  #isRestartPoint(offset: number): boolean {
    if (this.#current === this.#end) return true;
    const nextIndex = this.#restartIndex + 1;
    if (nextIndex >= this.#block.restartCount) return false;
    const nextRestart = this.#restarts[nextIndex]!;
    if (nextRestart < offset) {
      throw this.#block.corruption(nextRestart, "restart point inside an entry");
    }
    if (nextRestart !== offset) return false;
    this.#restartIndex = nextIndex;
    return true;
  }

  #readVarint(entryOffset: number): number {
    const data = this.#data;
    let position = this.#cursor;
    let result = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      if (position >= this.#end) throw this.#block.corruption(entryOffset, "truncated varint");
      const byte = data[position++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        this.#cursor = position;
        return result;
      }
    }
    throw this.#block.corruption(entryOffset, "varint longer than 5 bytes");
  }
}

/**
 * The current key of a BlockIterator: a growable byte buffer whose `view()` is reused while its
 * length and storage are unchanged. Keys of one block mostly have one length (internal keys of
 * fixed-width user keys), so steps and seeks allocate no views; ByteSink.view() instead reads
 * the typed array's `.buffer`, which JSC materialises on every call.
 */
class KeyBuffer {
  #bytes = new Uint8Array(64);
  #length = 0;
  #view: Uint8Array = this.#bytes.subarray(0, 0);

  get length(): number {
    return this.#length;
  }

  clear(): void {
    this.#length = 0;
  }

  /** Keeps the first `length` bytes. REQUIRES: length <= this.length. */
  truncate(length: number): void {
    this.#length = length;
  }

  /** Appends source[start, end). */
  putRange(source: Uint8Array, start: number, end: number): void {
    const needed = this.#length + (end - start);
    if (needed > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.#bytes.length * 2));
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
      this.#view = grown.subarray(0, 0);
    }
    // A byte loop: keys' unshared parts are short, and subarray + set would allocate per entry.
    const bytes = this.#bytes;
    let at = this.#length;
    for (let i = start; i < end; i++) bytes[at++] = source[i]!;
    this.#length = needed;
  }

  /** The key bytes without copying; valid until the next change. */
  view(): Uint8Array {
    if (this.#view.length !== this.#length) this.#view = this.#bytes.subarray(0, this.#length);
    return this.#view;
  }
}
