/**
 * KvStore: the one interface the layers above the engine (table/, binlog/) use to read and write
 * the LSM tree. Keys and values are bytes; keys order by unsigned bytes (util/bytes.ts
 * compareBytes). `LsmEngine` (engine/lsm/) implements it; tests may use any other
 * implementation that keeps the same semantics.
 *
 * Semantics:
 * - `write` applies a whole batch atomically, in call order, with consecutive sequence numbers;
 *   after it returns, every new read (and every snapshot taken later) sees the batch. It is
 *   synchronous: the batch goes into the memtable; flushing to SSTs happens in the background.
 *   The caller (the commit pipeline) has already made the batch durable in the binlog and passes
 *   the binlog position just after the transaction, so a flush can record which prefix of the
 *   binlog its SSTs cover (recovery replays the binlog from there).
 * - A snapshot pins a sequence number: reads at it see exactly the writes with sequence <= it,
 *   and compaction keeps every version a live snapshot can see. Release it when done.
 * - Reads without a snapshot see the newest data.
 * - Corrupt stored data raises CorruptionError naming the object and offset; it is never
 *   returned as data. Backpressure (too many L0 files / immutable memtables) is applied by
 *   `waitForWriteCapacity`, which callers await before `write`.
 *
 * Concurrency: single JS thread. Promises interleave only at await points; `write` never awaits.
 */

import type { DbError } from "../util/errors.ts";
import type { BinlogPosition } from "./lsm/manifest.ts";
import type { WriteBatch } from "./lsm/write-batch.ts";

export interface KvSnapshot {
  readonly sequence: bigint;
  /** Unpins the snapshot; using it afterwards is a programmer error. Idempotent. */
  release(): void;
}

export interface KvEntry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

export interface KvScanOptions {
  /** Inclusive lower bound; omitted = from the first key. */
  readonly lower?: Uint8Array;
  /** Exclusive upper bound; omitted = to the last key. */
  readonly upper?: Uint8Array;
  /** Descending key order when true. */
  readonly reverse?: boolean;
  readonly snapshot?: KvSnapshot;
  /**
   * False for scans that must not pollute the block cache (large scans, table rebuilds): the
   * blocks they read are not inserted (or inserted at the cold end). Default true.
   */
  readonly fillCache?: boolean;
}

/** A forward-only cursor over a scan. Entries stay valid after later calls (they are copies or
 * immutable views). */
export interface KvCursor {
  /**
   * Up to `maxEntries` next entries (at least 1 unless the scan is exhausted; an empty array
   * means the end). Chunked so that a scan costs one promise per chunk, not per row.
   */
  nextChunk(maxEntries: number): Promise<readonly KvEntry[]>;
  /** Releases resources (pinned blocks, the implicit snapshot). Idempotent. */
  close(): void;
}

/**
 * A cursor that can be repositioned (leveldb's Iterator::Seek on a live iterator): cheaper than
 * a new scan, because the cursor keeps its view, snapshot and iterator stack. `LsmEngine` and
 * the table layer's `MemoryKvStore` return seekable cursors; test doubles may not, so callers
 * check with `isSeekableKvCursor`.
 */
export interface SeekableKvCursor extends KvCursor {
  /**
   * Repositions the cursor: the next chunk starts at the first key >= `key` (forward scans) or
   * the last key <= `key` (reverse scans), still within the scan's bounds, at the same snapshot
   * and view. It also restarts a cursor that had reached its end. REQUIRES: not closed.
   */
  seek(key: Uint8Array): void;
}

/** True when `cursor` supports `seek`. */
export function isSeekableKvCursor(cursor: KvCursor): cursor is SeekableKvCursor {
  return typeof (cursor as Partial<SeekableKvCursor>).seek === "function";
}

export interface KvStore {
  /** The sequence of the newest applied write (0n when empty). */
  readonly lastSequence: bigint;
  snapshot(): KvSnapshot;
  get(key: Uint8Array, snapshot?: KvSnapshot): Promise<Uint8Array | undefined>;
  scan(options: KvScanOptions): KvCursor;
  /**
   * Applies `batch` atomically; returns the sequence of its first record. `logEnd` is the binlog
   * position just after the transaction that produced the batch (omitted only by tests and
   * tools that have no binlog).
   */
  write(batch: WriteBatch, logEnd?: BinlogPosition): bigint;
  /** Resolves when a write will not overrun the memtable / L0 limits (write stall control). */
  waitForWriteCapacity(): Promise<void>;
  /**
   * Why writes are refused right now, if they are (an LSM whose memtables cannot be flushed
   * because the object store has been unavailable too long); undefined when writes may go on.
   * Synchronous, so a committer can ask before it logs anything.
   */
  writeRefusal?(): DbError | undefined;
  /**
   * About how many live entries have keys in [lower, upper), for row-count estimates (the
   * planner, SHOW TABLE STATUS) at open: read from metadata where the store has it (an LSM's
   * SST entry counts, which also count overwritten versions and deletions until compaction
   * drops them), never by reading the data. Stores without it leave estimates at 0.
   */
  estimateEntries?(lower: Uint8Array, upper: Uint8Array): Promise<number>;
}
