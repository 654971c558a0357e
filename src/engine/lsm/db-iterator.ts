/**
 * DbIterator: the user-key view of the engine at one snapshot (as leveldb's db/db_iter.cc). It
 * wraps an iterator over internal keys (usually a MergeIterator over memtables and SSTs) and
 * yields each user key at most once, with the newest value whose sequence is <= the snapshot;
 * keys whose newest visible version is a deletion are hidden, as are versions newer than the
 * snapshot.
 *
 * Direction: moving forward, the inner iterator sits on the entry that produced the current
 * key and value. Moving backward, it sits just before every entry of the current user key, and
 * the current key and value are copies held here (the inner iterator has moved past them).
 *
 * Invariants: when valid and forward, the inner iterator is on a visible Value entry; when valid
 * and backward, the saved key and value hold the current entry. `key()` returns a user key.
 */

import { dbIteratorSequentialSkipsMax } from "../../constants.ts";
import { assert } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import type { EngineIterator } from "./engine-iterator.ts";
import {
  INTERNAL_KEY_TRAILER_BYTES,
  KeyKind,
  LookupKey,
  compareUserKeyOf,
  encodeInternalKey,
  internalKeyKind,
  internalKeyUserKey,
  isVisibleAtSnapshot,
  snapshotTrailer,
} from "./internal-key.ts";

type Direction = "forward" | "backward";

const EMPTY = new Uint8Array(0);

/**
 * A reusable copy of one user key. The inner iterator's key bytes are only valid until it moves,
 * so a key that must outlive a move is copied here; reusing the buffer avoids an allocation per
 * step.
 */
class SavedKey {
  #buffer = new Uint8Array(64);
  /** A view of the buffer's first bytes; kept across `clear` so most `set`s make no view. */
  #view: Uint8Array = EMPTY;
  #present = false;

  set(userKey: Uint8Array): void {
    this.setRange(userKey, userKey.length);
  }

  /** Saves the user key of `internalKey` (its bytes before the trailer), with no view made. */
  setUserKeyOf(internalKey: Uint8Array): void {
    this.setRange(internalKey, internalKey.length - INTERNAL_KEY_TRAILER_BYTES);
  }

  /** Saves source[0, length); the view is reused while the length stays the same. */
  setRange(source: Uint8Array, length: number): void {
    if (length > this.#buffer.length) {
      this.#buffer = new Uint8Array(Math.max(length, this.#buffer.length * 2));
      this.#view = EMPTY;
    }
    const buffer = this.#buffer;
    for (let i = 0; i < length; i++) buffer[i] = source[i]!;
    // After growth the view was reset to EMPTY, so a stale view never survives this check.
    if (this.#view.length !== length) this.#view = buffer.subarray(0, length);
    this.#present = true;
  }

  clear(): void {
    this.#present = false;
  }

  get bytes(): Uint8Array {
    return this.#present ? this.#view : EMPTY;
  }
}

export class DbIterator implements EngineIterator {
  readonly #inner: EngineIterator;
  readonly #snapshotSequence: bigint;
  /** The snapshot as a trailer, so visibility is a byte comparison (internal-key.ts). */
  readonly #snapshotTrailer: Uint8Array;
  #direction: Direction = "forward";
  #valid = false;
  /** Forward: the user key to skip past. Backward: the current user key. */
  readonly #savedKey = new SavedKey();
  /** Backward only: a copy of the current value. */
  #savedValue: Uint8Array = EMPTY;

  /** Shows `inner` (internal keys) as of `snapshotSequence`. Takes over `inner`. */
  constructor(inner: EngineIterator, snapshotSequence: bigint) {
    assert(snapshotSequence >= 0n, "db iterator: negative snapshot sequence");
    this.#inner = inner;
    this.#snapshotSequence = snapshotSequence;
    this.#snapshotTrailer = snapshotTrailer(snapshotSequence);
  }

  valid(): boolean {
    return this.#valid;
  }

  /** The current user key. REQUIRES: valid(). Valid until the iterator moves. */
  key(): Uint8Array {
    assert(this.#valid, "db iterator: key() while not valid");
    return this.#direction === "forward"
      ? internalKeyUserKey(this.#inner.key())
      : this.#savedKey.bytes;
  }

  value(): Uint8Array {
    assert(this.#valid, "db iterator: value() while not valid");
    return this.#direction === "forward" ? this.#inner.value() : this.#savedValue;
  }

  valueCopy(): Uint8Array {
    assert(this.#valid, "db iterator: valueCopy() while not valid");
    return this.#direction === "forward" ? this.#inner.valueCopy() : this.#savedValue.slice();
  }

  /** A copy of the current user key (one allocation, no view). REQUIRES: valid(). */
  keyCopy(): Uint8Array {
    assert(this.#valid, "db iterator: keyCopy() while not valid");
    if (this.#direction !== "forward") return this.#savedKey.bytes.slice();
    const internalKey = this.#inner.key();
    return internalKey.slice(0, internalKey.length - INTERNAL_KEY_TRAILER_BYTES);
  }

  /** compareBytes(key(), userKey), without making a view of the key. REQUIRES: valid(). */
  compareKey(userKey: Uint8Array): number {
    assert(this.#valid, "db iterator: compareKey() while not valid");
    if (this.#direction !== "forward") return compareBytes(this.#savedKey.bytes, userKey);
    return compareUserKeyOf(this.#inner.key(), userKey);
  }

  seekToFirst(): void {
    this.#direction = "forward";
    this.#savedValue = EMPTY;
    this.#inner.seekToFirst();
    if (this.#inner.valid()) this.#findNextUserEntry(false);
    else this.#valid = false;
  }

  seekToLast(): void {
    this.#direction = "backward";
    this.#savedValue = EMPTY;
    this.#inner.seekToLast();
    this.#findPreviousUserEntry();
  }

  /** Positions at the first visible user key >= `target` (a user key). */
  seek(target: Uint8Array): void {
    this.#direction = "forward";
    this.#savedValue = EMPTY;
    this.#inner.seek(new LookupKey(target, this.#snapshotSequence).internalKey);
    if (this.#inner.valid()) this.#findNextUserEntry(false);
    else this.#valid = false;
  }

  next(): void {
    assert(this.#valid, "db iterator: next() while not valid");
    if (this.#direction === "backward") {
      this.#direction = "forward";
      // The inner iterator is just before the entries of the current key (the saved key), so
      // step into them; the forward skip below passes over them.
      if (this.#inner.valid()) this.#inner.next();
      else this.#inner.seekToFirst();
    } else {
      this.#savedKey.setUserKeyOf(this.#inner.key());
      this.#inner.next();
    }
    if (!this.#inner.valid()) {
      this.#valid = false;
      this.#savedKey.clear();
      return;
    }
    this.#findNextUserEntry(true);
  }

  prev(): void {
    assert(this.#valid, "db iterator: prev() while not valid");
    if (this.#direction === "forward") {
      // The inner iterator is on the current entry: back up until the user key changes, so the
      // backward scan below starts just before every entry of the current key.
      this.#savedKey.set(internalKeyUserKey(this.#inner.key()));
      for (;;) {
        this.#inner.prev();
        if (!this.#inner.valid()) {
          this.#valid = false;
          this.#savedKey.clear();
          this.#savedValue = EMPTY;
          return;
        }
        if (compareUserKeyOf(this.#inner.key(), this.#savedKey.bytes) < 0) break;
      }
      this.#direction = "backward";
    }
    this.#findPreviousUserEntry();
  }

  #isVisible(internalKey: Uint8Array): boolean {
    return isVisibleAtSnapshot(internalKey, this.#snapshotTrailer);
  }

  /**
   * Moves forward from the inner position to the first visible Value entry. When `skipping`,
   * entries whose user key is <= the saved key are hidden (they are older versions of a key
   * already returned, or of a deleted key). REQUIRES: the inner iterator is valid.
   *
   * A user key written many times since the last flush has as many versions, all in a row; after
   * dbIteratorSequentialSkipsMax of them in a row the search seeks instead of stepping: past every
   * version of a hidden key, or to the snapshot's version of a key whose newer versions it may
   * not see. Both targets sort after the current entry, so the search always moves forward.
   */
  #findNextUserEntry(skipping: boolean): void {
    assert(this.#inner.valid(), "db iterator: inner iterator not valid");
    assert(this.#direction === "forward", "db iterator: forward search while backward");
    let hiding = skipping;
    let hiddenInRow = 0;
    let invisibleInRow = 0;
    do {
      const internalKey = this.#inner.key();
      if (this.#isVisible(internalKey)) {
        invisibleInRow = 0;
        const kind = internalKeyKind(internalKey);
        if (kind === KeyKind.Deletion) {
          // Every older version of this user key is shadowed by the deletion.
          this.#savedKey.setUserKeyOf(internalKey);
          hiding = true;
          hiddenInRow = 0;
        } else if (!hiding || compareUserKeyOf(internalKey, this.#savedKey.bytes) > 0) {
          this.#valid = true;
          this.#savedKey.clear();
          return;
        } else if (++hiddenInRow > dbIteratorSequentialSkipsMax) {
          // The entry is an older version of the saved key: jump past all the others.
          hiddenInRow = 0;
          this.#inner.seek(encodeInternalKey(this.#savedKey.bytes, 0n, KeyKind.Deletion));
          continue;
        }
      } else if (++invisibleInRow > dbIteratorSequentialSkipsMax) {
        // Versions newer than the snapshot: jump to the newest one the snapshot may see.
        invisibleInRow = 0;
        const userKey = internalKeyUserKey(internalKey);
        this.#inner.seek(new LookupKey(userKey, this.#snapshotSequence).internalKey);
        continue;
      }
      this.#inner.next();
    } while (this.#inner.valid());
    this.#savedKey.clear();
    this.#valid = false;
  }

  /**
   * Moves backward to the previous user key whose newest visible version is a Value, leaving
   * the inner iterator just before all of that key's entries and the key and value saved.
   */
  #findPreviousUserEntry(): void {
    assert(this.#direction === "backward", "db iterator: backward search while forward");
    let kind: KeyKind = KeyKind.Deletion;
    while (this.#inner.valid()) {
      const internalKey = this.#inner.key();
      if (this.#isVisible(internalKey)) {
        if (kind !== KeyKind.Deletion && compareUserKeyOf(internalKey, this.#savedKey.bytes) < 0) {
          // A visible Value is saved and this entry belongs to an earlier user key: done.
          break;
        }
        // Walking backward meets older versions first, so each visible entry replaces the last.
        kind = internalKeyKind(internalKey);
        if (kind === KeyKind.Deletion) {
          this.#savedKey.clear();
          this.#savedValue = EMPTY;
        } else {
          this.#savedKey.set(internalKeyUserKey(internalKey));
          this.#savedValue = this.#inner.value().slice();
        }
      }
      this.#inner.prev();
    }
    if (kind === KeyKind.Deletion) {
      // No visible value before the start position: the iterator is exhausted.
      this.#valid = false;
      this.#savedKey.clear();
      this.#savedValue = EMPTY;
      this.#direction = "forward";
    } else {
      this.#valid = true;
    }
  }
}
