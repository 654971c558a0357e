/**
 * LsmCursor: the KvCursor of LsmEngine.scan. It reads one fixed view of the tree (the memtables
 * and the manifest current when the scan began) at one snapshot, through a DbIterator over a
 * MergeIterator of memtable iterators, an SstIterator per L0 file and a LevelIterator per deeper
 * level (level-iterator.ts), which reaches a level's files one at a time.
 *
 * EngineIterator is synchronous, so SstIterators get their data blocks from a synchronous
 * `blockAt`: blocks pinned by this cursor, then the block cache; on a miss it throws a private
 * BlockNotResident signal. `nextChunk` catches it, reads the block (one promise per miss, none
 * per row), pins it, rebuilds the iterator stack and re-seeks just past the last key it returned.
 * That is correct because the view and the snapshot are fixed: a re-seek finds the same entries.
 * Readers work the same way: the L0 files in the scan's bounds are opened before the first chunk
 * (they overlap, every seek needs them all), a deeper level's file only when a LevelIterator
 * reaches it (a private ReaderNotOpen signal, caught like BlockNotResident), so a scan that
 * stops early opens about one file per level.
 *
 * `seek` repositions the cursor on the same view and snapshot, reusing the iterator stack (and
 * its pinned blocks), so a seek costs one positioning of the merge, not a new cursor.
 *
 * Invariants: every returned key is within [lower, upper) and strictly after (forward) or
 * before (reverse) the previous one (since the last seek); entries are copies, valid after
 * later calls.
 */

import { lsmCursorPinnedBlocksMax, lsmCursorReadaheadBlocks } from "../../constants.ts";
import { assert } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";
import type { KvEntry, KvScanOptions, SeekableKvCursor } from "../kv-store.ts";
import type { Block } from "../sst/block.ts";
import type { BlockHandle } from "../sst/sst-format.ts";
import type { SstReader } from "../sst/sst-reader.ts";
import { DbIterator } from "./db-iterator.ts";
import type { EngineIterator } from "./engine-iterator.ts";
import { LookupKey, compareUserKeyOf } from "./internal-key.ts";
import { LevelIterator, firstFileAtOrAfter } from "./level-iterator.ts";
import type { SstDescriptor } from "./manifest.ts";
import type { Memtable } from "./memtable.ts";
import { MergeIterator } from "./merge-iterator.ts";

/** Thrown by `blockAt` when a block is neither pinned nor cached; never leaves this file. */
class BlockNotResident {
  constructor(
    readonly reader: SstReader,
    readonly handle: BlockHandle,
  ) {}
}

/** Thrown by a LevelIterator's file lookup when the reader is not open; never leaves this file. */
class ReaderNotOpen {
  constructor(readonly sst: SstDescriptor) {}
}

/** What one scan reads: newest source first. */
export interface CursorView {
  readonly memtables: readonly Memtable[];
  /** The manifest's levels: L0 newest first (files may overlap), then sorted levels. */
  readonly levels: readonly (readonly SstDescriptor[])[];
  readonly openReader: (sst: SstDescriptor) => Promise<SstReader>;
  /** The reader of `sst` if it is already open (synchronous), else undefined. */
  readonly openReaderNow: (sst: SstDescriptor) => SstReader | undefined;
  readonly snapshotSequence: bigint;
  /** Called once when the cursor closes (releases the snapshot and the view). */
  readonly onClose: () => void;
}

export class LsmCursor implements SeekableKvCursor {
  readonly #view: CursorView;
  readonly #lower: Uint8Array | undefined;
  readonly #upper: Uint8Array | undefined;
  readonly #reverse: boolean;
  readonly #fillCache: boolean;
  /** Blocks read by this cursor, by reader and block offset. */
  readonly #pinned = new Map<SstReader, Map<number, Block>>();
  #pinnedCount = 0;
  /** Readers of the L0 files within the bounds, opened before the first chunk. */
  #readers: SstReader[] | undefined;
  /** Per level below L0, the files within the bounds (sorted, non-overlapping). */
  readonly #levelFiles: readonly (readonly SstDescriptor[])[];
  #iterator: DbIterator | undefined;
  /** True when `#iterator` must be positioned (from #lastKey, #seekStart or a bound) first. */
  #needsPosition = true;
  /** True when `#iterator` is on the last entry returned (the next chunk steps past it). */
  #onReturned = false;
  #lastKey: Uint8Array | undefined;
  /** The key given to the last `seek`, clamped to the bounds; inclusive. */
  #seekStart: Uint8Array | undefined;
  #done = false;
  #closed = false;

  constructor(view: CursorView, options: KvScanOptions) {
    this.#view = view;
    this.#lower = options.lower;
    this.#upper = options.upper;
    this.#reverse = options.reverse ?? false;
    this.#fillCache = options.fillCache ?? true;
    this.#levelFiles = view.levels.slice(1).map((files) => this.#withinBounds(files))
      .filter((files) => files.length > 0);
  }

  async nextChunk(maxEntries: number): Promise<readonly KvEntry[]> {
    assert(!this.#closed, "nextChunk on a closed cursor");
    assert(Number.isInteger(maxEntries) && maxEntries >= 1, "nextChunk needs maxEntries >= 1");
    if (this.#done) return [];
    // Awaits only when there is I/O: a scan over open readers and resident blocks (the common
    // case, and every scan of data still in memtables) takes no extra promise turn.
    if (this.#readers === undefined) {
      const readers = this.#openReaders();
      this.#readers = Array.isArray(readers) ? readers : await readers;
    }
    if (this.#pinnedCount > lsmCursorPinnedBlocksMax) this.#unpinAll();
    if (this.#iterator === undefined || this.#needsPosition) {
      const reads = this.#prefetchStart();
      if (reads !== undefined) await reads;
    }
    if (this.#closed) return [];
    const out: KvEntry[] = [];
    for (;;) {
      try {
        this.#fill(out, maxEntries);
        return out;
      } catch (error) {
        this.#iterator = undefined;
        if (error instanceof BlockNotResident) await this.#readAhead(error.reader, error.handle);
        else if (error instanceof ReaderNotOpen) await this.#view.openReader(error.sst);
        else throw error;
        if (this.#closed) return [];
      }
    }
  }

  /**
   * Reads and pins the missing block at `handle` and up to lsmCursorReadaheadBlocks - 1 blocks
   * after it in scan order (those not already resident), in parallel.
   */
  async #readAhead(reader: SstReader, handle: BlockHandle): Promise<void> {
    const handles = reader.dataBlockHandlesFrom(handle, lsmCursorReadaheadBlocks, this.#reverse);
    assert(handles[0]?.offset === handle.offset, "a missing block is one of its file's blocks");
    const pinned = this.#pinned.get(reader);
    const isResident = (ahead: BlockHandle): boolean =>
      pinned?.has(ahead.offset) === true || reader.cachedDataBlock(ahead) !== undefined;
    const missing = handles.filter((ahead, i) => i === 0 || !isResident(ahead));
    const blocks = await Promise.all(
      missing.map((ahead) => reader.readDataBlock(ahead, { fillCache: this.#fillCache })),
    );
    missing.forEach((ahead, i) => this.#pin(reader, ahead, blocks[i]!));
  }

  /** The readers of the L0 files within the bounds; no promise turn when all are open. */
  #openReaders(): SstReader[] | Promise<SstReader[]> {
    const ssts = this.#withinBounds(this.#view.levels[0] ?? []);
    const open: SstReader[] = [];
    for (const sst of ssts) {
      const reader = this.#view.openReaderNow(sst);
      if (reader === undefined) return Promise.all(ssts.map(this.#view.openReader));
      open.push(reader);
    }
    return open;
  }

  seek(key: Uint8Array): void {
    assert(!this.#closed, "seek on a closed cursor");
    let start = key;
    if (!this.#reverse && this.#lower !== undefined && compareBytes(start, this.#lower) < 0) {
      start = this.#lower;
    }
    this.#seekStart = start;
    this.#lastKey = undefined;
    this.#done = false;
    this.#needsPosition = true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#iterator = undefined;
    this.#unpinAll();
    this.#view.onClose();
  }

  #pin(reader: SstReader, handle: BlockHandle, block: Block): void {
    let blocks = this.#pinned.get(reader);
    if (blocks === undefined) {
      blocks = new Map<number, Block>();
      this.#pinned.set(reader, blocks);
    }
    if (!blocks.has(handle.offset)) this.#pinnedCount++;
    blocks.set(handle.offset, block);
  }

  #unpinAll(): void {
    this.#pinned.clear();
    this.#pinnedCount = 0;
  }

  /**
   * Reads, in parallel, the block of every SST where positioning will start, so that a fresh
   * iterator stack costs one round of reads instead of one re-seek per SST. Returns undefined
   * when every start block is already resident (nothing to wait for).
   */
  #prefetchStart(): Promise<void> | undefined {
    const start = this.#lastKey ?? this.#seekStart ?? (this.#reverse ? this.#upper : this.#lower);
    const target =
      start === undefined
        ? this.#reverse
          ? "last"
          : "first"
        : new LookupKey(start, this.#view.snapshotSequence).internalKey;
    // Checked synchronously first: when every start block is resident (the common case for a
    // re-seek) there is no promise at all.
    let reads: Promise<void>[] | undefined;
    for (const reader of this.#readers!) {
      const handle = reader.startBlockFor(target);
      if (handle === undefined) continue;
      if (this.#pinned.get(reader)?.has(handle.offset) === true) continue;
      if (reader.cachedDataBlock(handle) !== undefined) continue;
      reads ??= [];
      reads.push(
        reader
          .readDataBlock(handle, { fillCache: this.#fillCache })
          .then((block) => this.#pin(reader, handle, block)),
      );
    }
    // In each deeper level, the one file where positioning starts: its reader (opened here if
    // need be, in parallel with everything else) and its start block.
    for (const files of this.#levelFiles) {
      const sst = files[startFileIndex(files, target)];
      if (sst === undefined) continue;
      const reader = this.#view.openReaderNow(sst);
      const handle = reader?.startBlockFor(target);
      if (reader !== undefined && (handle === undefined ||
        this.#pinned.get(reader)?.has(handle.offset) === true ||
        reader.cachedDataBlock(handle) !== undefined)) continue;
      reads ??= [];
      reads.push(this.#view.openReader(sst).then(async (opened) => {
        const start = opened.startBlockFor(target);
        if (start === undefined || opened.cachedDataBlock(start) !== undefined) return;
        this.#pin(opened, start, await opened.readDataBlock(start, { fillCache: this.#fillCache }));
      }));
    }
    return reads === undefined ? undefined : Promise.all(reads).then(() => undefined);
  }

  #fill(out: KvEntry[], maxEntries: number): void {
    let iterator = this.#iterator;
    if (iterator === undefined) {
      iterator = new DbIterator(new MergeIterator(this.#children()), this.#view.snapshotSequence);
      this.#iterator = iterator;
      this.#needsPosition = true;
    }
    if (this.#needsPosition) {
      this.#positionAt(iterator);
      this.#needsPosition = false;
      this.#onReturned = false;
    } else if (this.#onReturned) {
      // The iterator still sits on the last entry returned: step past it now, not eagerly at
      // the end of the previous chunk, so a chunk followed by a seek never pays for the step.
      this.#onReturned = false;
      this.#advance(iterator);
    }
    while (iterator.valid()) {
      if (!this.#inBounds(iterator)) break;
      const entry = { key: iterator.keyCopy(), value: iterator.valueCopy() };
      out.push(entry);
      this.#lastKey = entry.key;
      if (out.length === maxEntries) {
        this.#onReturned = true;
        return;
      }
      this.#advance(iterator);
    }
    this.#done = true;
  }

  #advance(iterator: DbIterator): void {
    if (this.#reverse) iterator.prev();
    else iterator.next();
  }

  #inBounds(iterator: DbIterator): boolean {
    if (this.#reverse) return this.#lower === undefined || iterator.compareKey(this.#lower) >= 0;
    return this.#upper === undefined || iterator.compareKey(this.#upper) < 0;
  }

  /**
   * Positions `iterator` at the next entry to return: just past the last key returned, else at
   * the last seek's key, else at the scan's starting bound.
   */
  #positionAt(iterator: DbIterator): void {
    const last = this.#lastKey;
    if (!this.#reverse) {
      const start = last ?? this.#seekStart ?? this.#lower;
      if (start === undefined) iterator.seekToFirst();
      else iterator.seek(start);
      if (last !== undefined) {
        while (iterator.valid() && compareBytes(iterator.key(), last) <= 0) iterator.next();
      }
      return;
    }
    if (last === undefined && this.#seekStart !== undefined) {
      // Reverse seek: the last key <= seekStart, then below the exclusive upper bound.
      const start = this.#seekStart;
      iterator.seek(start);
      if (!iterator.valid()) iterator.seekToLast();
      else if (compareBytes(iterator.key(), start) !== 0) iterator.prev();
      const upper = this.#upper;
      while (upper !== undefined && iterator.valid() && compareBytes(iterator.key(), upper) >= 0) {
        iterator.prev();
      }
      return;
    }
    const end = last ?? this.#upper;
    if (end === undefined) {
      iterator.seekToLast();
      return;
    }
    iterator.seek(end);
    if (iterator.valid()) iterator.prev();
    else iterator.seekToLast();
    while (iterator.valid() && compareBytes(iterator.key(), end) >= 0) iterator.prev();
  }

  #children(): EngineIterator[] {
    const children: EngineIterator[] = this.#view.memtables.map((memtable) => memtable.iterator());
    for (const reader of this.#readers!) {
      children.push(reader.iteratorOver((handle) => this.#blockAt(reader, handle)));
    }
    for (const files of this.#levelFiles) {
      children.push(new LevelIterator(files, (sst) => {
        const reader = this.#view.openReaderNow(sst);
        if (reader === undefined) throw new ReaderNotOpen(sst);
        return reader.iteratorOver((handle) => this.#blockAt(reader, handle));
      }));
    }
    return children;
  }

  #blockAt(reader: SstReader, handle: BlockHandle): Block {
    const pinned = this.#pinned.get(reader)?.get(handle.offset);
    if (pinned !== undefined) return pinned;
    const cached = reader.cachedDataBlock(handle);
    if (cached !== undefined) return cached;
    throw new BlockNotResident(reader, handle);
  }

  /** The files of `files` whose user keys may fall in [lower, upper), in the same order. */
  #withinBounds(files: readonly SstDescriptor[]): SstDescriptor[] {
    return files.filter((sst) => {
      const lower = this.#lower;
      const upper = this.#upper;
      if (lower !== undefined && compareUserKeyOf(sst.largestKey, lower) < 0) return false;
      return upper === undefined || compareUserKeyOf(sst.smallestKey, upper) < 0;
    });
  }
}

/**
 * Index in a sorted level of the file where a seek to `target` starts: the first whose largest
 * key is >= target (files.length when none), or the first / last file.
 */
function startFileIndex(files: readonly SstDescriptor[], target: Uint8Array | "first" | "last"): number {
  if (target === "first") return 0;
  if (target === "last") return files.length - 1;
  return firstFileAtOrAfter(files, target);
}
