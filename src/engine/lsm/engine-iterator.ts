/**
 * EngineIterator: the one iterator shape of the storage engine, used by memtables, SST blocks,
 * SSTs, the merging iterator and the user-visible DbIterator (as leveldb's include/iterator.h).
 *
 * It is synchronous on purpose: by the time an iterator moves, the blocks it reads are decoded
 * and in memory (an SST iterator loads blocks before it is handed out, or a caller awaits the
 * load first), so a scan costs no promise per row.
 *
 * Contract:
 * - A new iterator is not valid until one of the seeks is called.
 * - `key()`, `value()`, `next()` and `prev()` require `valid()`; calling them otherwise is a
 *   programmer error and asserts.
 * - The arrays `key()` and `value()` return stay valid only until the iterator next moves (a
 *   block iterator may reuse its buffers); a caller that keeps one copies it.
 * - Keys are internal keys (internal-key.ts) for every iterator inside the engine; DbIterator
 *   alone yields user keys.
 * - Corrupt stored data is reported by throwing CorruptionError from the move that found it.
 */
export interface EngineIterator {
  /** True when the iterator is positioned at an entry. */
  valid(): boolean;
  /** Positions at the first entry; not valid when there is none. */
  seekToFirst(): void;
  /** Positions at the last entry; not valid when there is none. */
  seekToLast(): void;
  /** Positions at the first entry with key >= `target`; not valid when there is none. */
  seek(target: Uint8Array): void;
  /** Moves to the following entry. REQUIRES: valid(). */
  next(): void;
  /** Moves to the preceding entry. REQUIRES: valid(). */
  prev(): void;
  /** The current key. REQUIRES: valid(). */
  key(): Uint8Array;
  /** The current value. REQUIRES: valid(). */
  value(): Uint8Array;
  /**
   * A copy of the current value that stays valid after moves: one allocation, where
   * `value().slice()` would first make a view. REQUIRES: valid().
   */
  valueCopy(): Uint8Array;
}
