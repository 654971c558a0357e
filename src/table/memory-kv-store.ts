/**
 * MemoryKvStore: a KvStore over one engine Memtable and DbIterator, for tests and tools that
 * want the table layer without the LSM engine. Same semantics as src/engine/kv-store.ts: atomic
 * batches with consecutive sequence numbers, snapshots pinning a sequence, reads without a
 * snapshot seeing the newest data. Nothing is ever flushed or freed (memory only grows).
 *
 * Invariants: `#lastSequence` is the sequence of the newest applied record (0n when empty);
 * every snapshot's sequence is <= it. `write` never awaits.
 */

import { assert } from "../util/assert.ts";
import type { Random } from "../util/random.ts";
import type {
  KvEntry,
  KvScanOptions,
  KvSnapshot,
  KvStore,
  SeekableKvCursor,
} from "../engine/kv-store.ts";
import { DbIterator } from "../engine/lsm/db-iterator.ts";
import { LookupKey } from "../engine/lsm/internal-key.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import { Memtable } from "../engine/lsm/memtable.ts";
import type { WriteBatch } from "../engine/lsm/write-batch.ts";
import { compareBytes } from "../util/bytes.ts";

class MemorySnapshot implements KvSnapshot {
  #released = false;

  constructor(readonly sequence: bigint) {}

  get released(): boolean {
    return this.#released;
  }

  release(): void {
    this.#released = true;
  }
}

export class MemoryKvStore implements KvStore {
  readonly #memtable: Memtable;
  #lastSequence = 0n;
  #lastLogEnd: BinlogPosition | undefined = undefined;

  constructor(options: { readonly random: Random }) {
    this.#memtable = new Memtable(options.random);
  }

  get lastSequence(): bigint {
    return this.#lastSequence;
  }

  /** The log end passed with the newest write (tests of the commit pipeline). */
  get lastLogEnd(): BinlogPosition | undefined {
    return this.#lastLogEnd;
  }

  snapshot(): KvSnapshot {
    return new MemorySnapshot(this.#lastSequence);
  }

  async get(key: Uint8Array, snapshot?: KvSnapshot): Promise<Uint8Array | undefined> {
    return this.getNow(key, snapshot);
  }

  /** Exact here: one memtable holds every version. */
  async estimateEntries(lower: Uint8Array, upper: Uint8Array): Promise<number> {
    return this.#memtable.countLiveKeys(lower, upper);
  }

  /** Synchronous get (the memtable needs no I/O). */
  getNow(key: Uint8Array, snapshot?: KvSnapshot): Uint8Array | undefined {
    const result = this.#memtable.get(new LookupKey(key, this.#sequenceOf(snapshot)));
    return result.kind === "value" ? result.value : undefined;
  }

  scan(options: KvScanOptions): SeekableKvCursor {
    const iterator = new DbIterator(this.#memtable.iterator(), this.#sequenceOf(options.snapshot));
    return new MemoryCursor(iterator, options);
  }

  write(batch: WriteBatch, logEnd?: BinlogPosition): bigint {
    const first = this.#lastSequence + 1n;
    if (batch.count === 0) return first;
    const next = this.#memtable.applyBatch(batch, first);
    this.#lastSequence = next - 1n;
    if (logEnd !== undefined) this.#lastLogEnd = logEnd;
    return first;
  }

  async waitForWriteCapacity(): Promise<void> {}

  #sequenceOf(snapshot: KvSnapshot | undefined): bigint {
    if (snapshot === undefined) return this.#lastSequence;
    assert(!(snapshot instanceof MemorySnapshot) || !snapshot.released, "snapshot released");
    return snapshot.sequence;
  }
}

class MemoryCursor implements SeekableKvCursor {
  readonly #iterator: DbIterator;
  readonly #lower: Uint8Array | undefined;
  readonly #upper: Uint8Array | undefined;
  readonly #reverse: boolean;
  #started = false;
  #done = false;
  #closed = false;
  /** True after `seek`: the iterator is on the next entry to return, not on the last one. */
  #sought = false;

  constructor(iterator: DbIterator, options: KvScanOptions) {
    this.#iterator = iterator;
    this.#lower = options.lower;
    this.#upper = options.upper;
    this.#reverse = options.reverse ?? false;
  }

  async nextChunk(maxEntries: number): Promise<readonly KvEntry[]> {
    return this.nextChunkNow(maxEntries);
  }

  nextChunkNow(maxEntries: number): readonly KvEntry[] {
    assert(maxEntries >= 1, "ask for at least one entry");
    if (this.#done) return [];
    const it = this.#iterator;
    if (!this.#started) this.#start();
    else if (this.#sought) this.#sought = false;
    else if (it.valid()) this.#advance();
    const entries: KvEntry[] = [];
    while (it.valid() && this.#inBounds(it.key())) {
      entries.push({ key: it.key().slice(), value: it.value().slice() });
      if (entries.length >= maxEntries) return entries;
      this.#advance();
    }
    this.#done = true;
    return entries;
  }

  close(): void {
    this.#done = true;
    this.#closed = true;
  }

  /** Repositions at the first key >= `key` (reverse: the last key <= `key`), within bounds. */
  seek(key: Uint8Array): void {
    assert(!this.#closed, "seek on a closed cursor");
    this.#started = true;
    this.#sought = true;
    this.#done = false;
    const it = this.#iterator;
    if (!this.#reverse) {
      it.seek(this.#lower !== undefined && compareBytes(key, this.#lower) < 0 ? this.#lower : key);
      return;
    }
    it.seek(key);
    if (!it.valid()) it.seekToLast();
    else if (compareBytes(it.key(), key) !== 0) it.prev();
    const upper = this.#upper;
    while (upper !== undefined && it.valid() && compareBytes(it.key(), upper) >= 0) it.prev();
  }

  #start(): void {
    this.#started = true;
    const it = this.#iterator;
    if (!this.#reverse) {
      if (this.#lower === undefined) it.seekToFirst();
      else it.seek(this.#lower);
      return;
    }
    if (this.#upper === undefined) {
      it.seekToLast();
      return;
    }
    it.seek(this.#upper);
    if (it.valid()) it.prev();
    else it.seekToLast();
  }

  #advance(): void {
    if (this.#reverse) this.#iterator.prev();
    else this.#iterator.next();
  }

  #inBounds(key: Uint8Array): boolean {
    if (this.#reverse) return this.#lower === undefined || compareBytes(key, this.#lower) >= 0;
    return this.#upper === undefined || compareBytes(key, this.#upper) < 0;
  }
}
