/**
 * WriteOverlay: a transaction's uncommitted writes (data keys → new value, or a deletion), read
 * before the store so the transaction sees its own writes, with an undo log for savepoints.
 *
 * Invariants:
 * - Each key appears at most once (the newest write wins); `#sorted`, when present, holds every
 *   entry in key order and is dropped on any change (rebuilt lazily by the next scan).
 * - Every change pushes exactly one undo record holding the entry it replaced, so undoing back
 *   to a mark restores the overlay exactly as it was at the mark.
 */

import { compareBytes } from "../util/bytes.ts";
import { assert } from "../util/assert.ts";
import { keyToLatin1 } from "./keyspace-format.ts";

export interface OverlayEntry {
  readonly key: Uint8Array;
  /** The new value, or undefined for a deletion. */
  readonly value: Uint8Array | undefined;
}

interface UndoRecord {
  readonly name: string;
  readonly previous: OverlayEntry | undefined;
}

export class WriteOverlay {
  readonly #entries = new Map<string, OverlayEntry>();
  readonly #undo: UndoRecord[] = [];
  #sorted: OverlayEntry[] | undefined = undefined;
  #version = 0;

  get size(): number {
    return this.#entries.size;
  }

  /** The undo position to pass to `undoTo` later. */
  get mark(): number {
    return this.#undo.length;
  }

  /**
   * Grows on every change, undo included; equal versions mean identical contents (used to
   * know that nothing changed since a read without looking the key up again).
   */
  get version(): number {
    return this.#version;
  }

  /** The own write of `key`, if any (a deletion has `value` undefined). */
  get(key: Uint8Array): OverlayEntry | undefined {
    if (this.#entries.size === 0) return undefined;
    return this.#entries.get(keyToLatin1(key));
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.#set(key, value);
  }

  delete(key: Uint8Array): void {
    this.#set(key, undefined);
  }

  #set(key: Uint8Array, value: Uint8Array | undefined): void {
    const name = keyToLatin1(key);
    this.#undo.push({ name, previous: this.#entries.get(name) });
    this.#entries.set(name, { key, value });
    this.#sorted = undefined;
    this.#version++;
  }

  /** Undoes every change made after `mark`. */
  undoTo(mark: number): void {
    assert(mark >= 0 && mark <= this.#undo.length, "overlay undo mark in range");
    while (this.#undo.length > mark) {
      const record = this.#undo.pop()!;
      if (record.previous === undefined) this.#entries.delete(record.name);
      else this.#entries.set(record.name, record.previous);
    }
    this.#sorted = undefined;
    this.#version++;
  }

  /** Entries with lower <= key < upper, in key order (descending when reverse). */
  range(lower: Uint8Array, upper: Uint8Array, reverse: boolean): OverlayEntry[] {
    if (this.#entries.size === 0) return [];
    const sorted = this.#sortedEntries();
    const result = sorted.slice(lowerBound(sorted, lower), lowerBound(sorted, upper));
    if (reverse) result.reverse();
    return result;
  }

  /** Every entry in key order. */
  entries(): readonly OverlayEntry[] {
    return this.#sortedEntries();
  }

  #sortedEntries(): OverlayEntry[] {
    if (this.#sorted === undefined) {
      this.#sorted = [...this.#entries.values()].sort((a, b) => compareBytes(a.key, b.key));
    }
    return this.#sorted;
  }
}

/** The first index whose key is >= `key`. */
function lowerBound(sorted: readonly OverlayEntry[], key: Uint8Array): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareBytes(sorted[middle]!.key, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
