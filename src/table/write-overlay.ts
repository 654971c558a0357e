/**
 * WriteOverlay: a transaction's uncommitted writes (data keys → new value, or a deletion), read
 * before the store so the transaction sees its own writes, with an undo log for savepoints.
 *
 * Representation (compact, because a bulk load holds 100k+ rows until COMMIT): every write is a
 * *slot*, one ByteArena record holding key ‖ value, plus four int32s (key length, value length
 * or -1 for a deletion, the slot it replaced or -1, key hash). An open-addressing hash table
 * (Int32Array, linear probing, keyed by the key bytes in place) maps each key to its newest
 * slot. So a write costs its bytes plus about 24 bytes, and no string or object per row.
 *
 * Invariants:
 * - Slots are numbered in write order and never change; each key's table entry is its newest
 *   slot, whose `previous` chains to the slot it replaced (the undo log).
 * - `mark` is the slot count; `undoTo(mark)` pops slots newest first, pointing each key back to
 *   its previous slot (or removing it), and truncates the arena: the overlay is then exactly as
 *   it was at the mark. Views of undone slots must not be used afterwards (the change log is
 *   truncated together with the overlay).
 * - `#sorted`, when present, holds every key's newest slot in key order and is dropped on any
 *   change (rebuilt lazily by the next scan).
 */

import { assert } from "../util/assert.ts";
import { ByteArena } from "./byte-arena.ts";
import { Int32Vector } from "./int32-vector.ts";

export interface OverlayEntry {
  readonly key: Uint8Array;
  /** The new value, or undefined for a deletion. */
  readonly value: Uint8Array | undefined;
}

/** No slot (`find` of a key without own write). */
export const NO_SLOT = -1;

const initialTableEntries = 16;
/** Overlays up to this many keys are sorted by insertion sort. */
const insertionSortMax = 16;
/** The table of an overlay that has never been written (allocated on the first write). */
const EMPTY_TABLE = new Int32Array(0);
const DELETED = -1;

export class WriteOverlay {
  readonly #arena = new ByteArena();
  /** Per slot: key length, value length (DELETED for a deletion), previous slot, key hash. */
  readonly #slots = new Int32Vector(4);
  /** Hash table: newest slot + 1 per key, 0 = empty. Length is a power of two. */
  #table = EMPTY_TABLE;
  #size = 0;
  #sorted: Int32Array | undefined = undefined;
  #version = 0;
  #undos = 0;

  /** Number of keys with an own write. */
  get size(): number {
    return this.#size;
  }

  /** The undo position to pass to `undoTo` later. */
  get mark(): number {
    return this.#slots.length;
  }

  /**
   * Grows on every change, undo included; equal versions mean identical contents (used to
   * know that nothing changed since a read without looking the key up again).
   */
  get version(): number {
    return this.#version;
  }

  /**
   * Grows on every `undoTo`. Slot numbers are reused after an undo, so a slot number names
   * the same write only while this is unchanged.
   */
  get undos(): number {
    return this.#undos;
  }

  /** Bytes the overlay holds: arena, slot table and hash table. */
  get heldBytes(): number {
    return this.#arena.heldBytes + this.#slots.heldBytes + this.#table.byteLength;
  }

  /** The newest slot of `key`, or NO_SLOT when this transaction has not written it. */
  find(key: Uint8Array): number {
    if (this.#size === 0) return NO_SLOT;
    return this.#table[this.#probe(key, hashKey(key))]! - 1;
  }

  /** `find` with the key's `hashKey` computed once by the caller (probing many overlays). */
  findHashed(key: Uint8Array, hash: number): number {
    if (this.#size === 0) return NO_SLOT;
    return this.#table[this.#probe(key, hash)]! - 1;
  }

  /** The own write of `key`, if any (a deletion has `value` undefined). */
  get(key: Uint8Array): OverlayEntry | undefined {
    const slot = this.find(key);
    return slot === NO_SLOT ? undefined : { key, value: this.valueOf(slot) };
  }

  /** The value written in `slot`; undefined for a deletion. */
  valueOf(slot: number): Uint8Array | undefined {
    const data = this.#slots.data;
    const keyLength = data[slot * 4]!;
    const valueLength = data[slot * 4 + 1]!;
    if (valueLength === DELETED) return undefined;
    return this.#arena.view(slot, keyLength, keyLength + valueLength);
  }

  /** The key written in `slot`. */
  keyOf(slot: number): Uint8Array {
    return this.#arena.view(slot, 0, this.#slots.data[slot * 4]!);
  }

  /** Writes `key` → `value`; returns the new slot. */
  put(key: Uint8Array, value: Uint8Array): number {
    return this.#set(key, value);
  }

  /** Writes the deletion of `key`; returns the new slot. */
  delete(key: Uint8Array): number {
    return this.#set(key, undefined);
  }

  #set(key: Uint8Array, value: Uint8Array | undefined): number {
    if (this.#table.length === 0) this.#table = new Int32Array(initialTableEntries);
    const hash = hashKey(key);
    const position = this.#probe(key, hash);
    const previous = this.#table[position]! - 1;
    const slot = this.#arena.append(key, value);
    const valueLength = value === undefined ? DELETED : value.length;
    const pushed = this.#slots.push4(key.length, valueLength, previous, hash);
    assert(pushed === slot, "one slot per arena record");
    this.#table[position] = slot + 1;
    if (previous === NO_SLOT && ++this.#size * 2 > this.#table.length) this.#rehash();
    this.#sorted = undefined;
    this.#version++;
    return slot;
  }

  /** Undoes every change made after `mark`. */
  undoTo(mark: number): void {
    const slots = this.#slots;
    assert(mark >= 0 && mark <= slots.length, "overlay undo mark in range");
    const data = slots.data;
    for (let slot = slots.length - 1; slot >= mark; slot--) {
      const position = this.#positionOfSlot(slot, data[slot * 4 + 3]!);
      const previous = data[slot * 4 + 2]!;
      if (previous !== NO_SLOT) this.#table[position] = previous + 1;
      else this.#remove(position);
    }
    slots.truncate(mark);
    this.#arena.truncate(mark);
    this.#sorted = undefined;
    this.#version++;
    this.#undos++;
  }

  /** Entries with lower <= key < upper, in key order (descending when reverse). */
  range(lower: Uint8Array, upper: Uint8Array, reverse: boolean): OverlayEntry[] {
    if (this.#size === 0) return [];
    const sorted = this.sortedSlots();
    const start = this.#lowerBound(sorted, lower);
    const end = this.#lowerBound(sorted, upper);
    const result: OverlayEntry[] = [];
    for (let i = start; i < end; i++) {
      const slot = sorted[i]!;
      result.push({ key: this.keyOf(slot), value: this.valueOf(slot) });
    }
    if (reverse) result.reverse();
    return result;
  }

  /** Every key's newest slot, in key order (the overlay's own array: do not change it). */
  sortedSlots(): Int32Array {
    let sorted = this.#sorted;
    if (sorted === undefined) {
      sorted = new Int32Array(this.#size);
      const table = this.#table;
      let n = 0;
      for (let i = 0; i < table.length; i++) if (table[i] !== 0) sorted[n++] = table[i]! - 1;
      if (n <= insertionSortMax) this.#insertionSort(sorted);
      else sorted.sort((a, b) => this.#compareSlots(a, b));
      this.#sorted = sorted;
    }
    return sorted;
  }

  /** The table position holding `key`'s slot, or the empty position where it would go. */
  #probe(key: Uint8Array, hash: number): number {
    const table = this.#table;
    const mask = table.length - 1;
    const data = this.#slots.data;
    for (let position = hash & mask; ; position = (position + 1) & mask) {
      const entry = table[position]!;
      if (entry === 0) return position;
      const slot = entry - 1;
      if (data[slot * 4 + 3] === hash && data[slot * 4] === key.length && this.#keyIs(slot, key)) {
        return position;
      }
    }
  }

  #keyIs(slot: number, key: Uint8Array): boolean {
    const chunk = this.#arena.chunkOf(slot);
    const offset = this.#arena.offset(slot);
    for (let i = 0; i < key.length; i++) if (chunk[offset + i] !== key[i]) return false;
    return true;
  }

  #positionOfSlot(slot: number, hash: number): number {
    const table = this.#table;
    const mask = table.length - 1;
    let position = hash & mask;
    while (table[position] !== slot + 1) {
      assert(table[position] !== 0, "an undone slot is its key's newest");
      position = (position + 1) & mask;
    }
    return position;
  }

  /** Removes the entry at `position`, shifting later entries of its probe run back. */
  #remove(position: number): void {
    const table = this.#table;
    const mask = table.length - 1;
    const data = this.#slots.data;
    let hole = position;
    table[hole] = 0;
    for (let next = (hole + 1) & mask; table[next] !== 0; next = (next + 1) & mask) {
      const home = data[(table[next]! - 1) * 4 + 3]! & mask;
      // The entry may move into the hole unless its home lies cyclically in (hole, next].
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      table[hole] = table[next]!;
      table[next] = 0;
      hole = next;
    }
    this.#size--;
  }

  #rehash(): void {
    const old = this.#table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length - 1;
    const data = this.#slots.data;
    for (let i = 0; i < old.length; i++) {
      const entry = old[i]!;
      if (entry === 0) continue;
      let position = data[(entry - 1) * 4 + 3]! & mask;
      while (table[position] !== 0) position = (position + 1) & mask;
      table[position] = entry;
    }
    this.#table = table;
  }

  /** Small overlays (most transactions) sort without a comparator closure. */
  #insertionSort(slots: Int32Array): void {
    for (let i = 1; i < slots.length; i++) {
      const slot = slots[i]!;
      let j = i - 1;
      while (j >= 0 && this.#compareSlots(slots[j]!, slot) > 0) {
        slots[j + 1] = slots[j]!;
        j--;
      }
      slots[j + 1] = slot;
    }
  }

  #compareSlots(a: number, b: number): number {
    const data = this.#slots.data;
    return this.#arena.compare(a, data[a * 4]!, b, data[b * 4]!);
  }

  /** The first index of `sorted` whose key is >= `key`. */
  #lowerBound(sorted: Int32Array, key: Uint8Array): number {
    const arena = this.#arena;
    const data = this.#slots.data;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const slot = sorted[middle]!;
      const order = compareInPlace(
        arena.chunkOf(slot), arena.offset(slot), data[slot * 4]!, key, 0, key.length,
      );
      if (order < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** FNV-1a over the key bytes, finished so low bits (the table index) mix well. */
export function hashKey(key: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key[i]!, 0x01000193);
  return (hash ^ (hash >>> 15)) & 0x7fffffff;
}

function compareInPlace(
  a: Uint8Array, aStart: number, aLength: number,
  b: Uint8Array, bStart: number, bLength: number,
): number {
  const length = aLength < bLength ? aLength : bLength;
  for (let i = 0; i < length; i++) {
    const order = a[aStart + i]! - b[bStart + i]!;
    if (order !== 0) return order;
  }
  return aLength - bLength;
}
