/**
 * LsmEngine: the LSM key-value engine (leveldb's DBImpl), implementing KvStore over an
 * ObjectStore. Writes go synchronously into the active memtable; a full memtable is frozen and
 * flushed to an L0 SST in the background, then recorded in a new manifest together with the
 * binlog position its writes reached (the binlog is the write-ahead log: recovery replays it
 * from `manifest.binlogPosition`). Leveled compaction (compaction-picker.ts + compaction-
 * executor.ts) keeps L0 short and the levels within their byte targets.
 *
 * Reads: memtable → immutable memtables (newest first) → L0 (newest first) → L1+ (one SST per
 * level by binary search), each SST behind its bloom filter and the shared block cache. Scans are
 * LsmCursors (lsm-cursor.ts) over a fixed view of memtables and manifest.
 *
 * Background work is promise chains started by writes and by finished work (timers are banned
 * outside util/): one flush loop (flushes stay in order), one compaction loop, one garbage
 * collector; manifest writes are serialized by a lock. A FencedError (another writer took over)
 * or any other background failure stops the engine: every later write and wait rejects with it.
 * Programmer errors (AssertionError) are rethrown, never swallowed.
 *
 * Invariants: `lastSequence` >= manifest.lastSequence; every write's sequences are above every
 * SST's; immutable memtables are flushed oldest first, so a manifest's binlog position covers a
 * prefix of the log; an SST is deleted only when no manifest in use names it.
 */

import {
  lsmImmutableMemtablesMax,
  lsmStoreOutageRetryMs,
  lsmStoreOutageStallMsMax,
} from "../../constants.ts";
import type { ObjectStore } from "../../objectstore/object-store.ts";
import {
  ObjectExistsError,
  ObjectStoreUnavailableError,
} from "../../objectstore/object-store-errors.ts";
import type { BranchRoot } from "../../objectstore/object-paths.ts";
import { AssertionError, assert } from "../../util/assert.ts";
import type { Clock, TimerHandle } from "../../util/clock.ts";
import type { Logger } from "../../util/log.ts";
import type { Random } from "../../util/random.ts";
import type { KvScanOptions, KvSnapshot, KvStore, SeekableKvCursor } from "../kv-store.ts";
import { BlockCache } from "../sst/block-cache.ts";
import type { SstCompression } from "../sst/sst-format.ts";
import type { SstReader } from "../sst/sst-reader.ts";
import { type Compaction, levelBytes, pickCompaction } from "./compaction-picker.ts";
import { executeCompaction } from "./compaction-executor.ts";
import { FencedError } from "./fenced-error.ts";
import { WriteStalledError } from "./write-stalled-error.ts";
import { GarbageCollector } from "./garbage-collector.ts";
import { LookupKey, internalKeyUserKey } from "./internal-key.ts";
import { compareBytes } from "../../util/bytes.ts";
import { LsmCursor } from "./lsm-cursor.ts";
import { type LsmLimitOptions, type LsmLimits, limitsOf } from "./lsm-limits.ts";
import type { LsmStats } from "./lsm-stats.ts";
import { lookupInSsts } from "./sst-lookup.ts";
import {
  type BinlogPosition,
  type Manifest,
  type ManifestEdit,
  type SstDescriptor,
  applyEdit,
  compareBinlogPositions,
  manifestSsts,
} from "./manifest.ts";
import { ManifestStore } from "./manifest-store.ts";
import { Memtable } from "./memtable.ts";
import { buildFlushOutput } from "./memtable-flush.ts";
import { firstSstIdOfEpoch, sstObjectKey } from "./sst-object-key.ts";
import type { FinishedSst } from "./sst-output.ts";
import { SnapshotList } from "./snapshot-list.ts";
import { TableReaders } from "./table-readers.ts";
import { ViewHolds } from "./view-holds.ts";
import type { WriteBatch } from "./write-batch.ts";

export interface LsmEngineOptions extends LsmLimitOptions {
  readonly store: ObjectStore;
  readonly root: BranchRoot;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly blockCacheBytes: number;
  /**
   * Called after each flush's manifest is written, with the binlog position it now covers (the
   * server rotates the binlog there, see binlogRotateAfterFlushBytesMin). Must not throw.
   */
  readonly onFlushed?: (covered: BinlogPosition) => void;
}

interface FrozenMemtable {
  readonly memtable: Memtable;
  readonly logEnd: BinlogPosition | undefined;
}

/**
 * Every SST the engine writes, flushes included, is zstd-compressed: an earlier split (lz4 above
 * the bottom level, zstd at it) left a sequentially loaded table almost all lz4, because its
 * files reach the bottom by trivial moves, and lz4 saves ~8% on sysbench rows where zstd saves
 * ~55% at about the same decode cost (docs/decisions.md "Block compression").
 */
const SST_WRITE_COMPRESSION: SstCompression = "zstd";

export class LsmEngine implements KvStore {
  readonly #options: LsmEngineOptions;
  readonly #limits: LsmLimits;
  readonly #manifests: ManifestStore;
  readonly #cache: BlockCache;
  readonly #readers: TableReaders;
  readonly #garbage: GarbageCollector;
  readonly #snapshots = new SnapshotList();
  /** Manifests held by in-flight gets and open cursors. */
  readonly #views = new ViewHolds();
  /** SstReader lookup for point reads, made once (not a closure per get). */
  readonly #readerOf: (sst: SstDescriptor) => SstReader | Promise<SstReader>;
  #memtable: Memtable;
  #memtableLogEnd: BinlogPosition | undefined;
  /** Frozen memtables waiting for flush, oldest first. */
  readonly #immutables: FrozenMemtable[] = [];
  #lastSequence: bigint;
  #nextSstId: bigint;
  #failure: Error | undefined;
  #closing = false;
  #flushing: Promise<void> | undefined;
  #compacting: Promise<void> | undefined;
  #manifestLock: Promise<void> = Promise.resolve();
  #capacityWaiters: (() => void)[] = [];
  #flushCount = 0;
  #compactionCount = 0;
  #stallCount = 0;
  /** Monotonic time the current object-store outage was first seen by a flush, if any. */
  #storeOutageSinceMs: number | undefined;
  #storeOutageError: ObjectStoreUnavailableError | undefined;
  #retryTimer: TimerHandle | undefined;

  private constructor(options: LsmEngineOptions, manifests: ManifestStore) {
    this.#options = options;
    this.#limits = limitsOf(options);
    this.#manifests = manifests;
    this.#cache = new BlockCache({ capacityBytes: options.blockCacheBytes });
    this.#readers = new TableReaders(options.store, options.root, this.#cache);
    const readers = this.#readers;
    this.#readerOf = (sst) => readers.openReader(sst.id) ?? readers.reader(sst);
    this.#memtable = new Memtable(options.random);
    this.#lastSequence = manifests.current.lastSequence;
    const epochFirst = firstSstIdOfEpoch(manifests.epoch);
    const stored = manifests.current.nextSstId;
    this.#nextSstId = stored > epochFirst ? stored : epochFirst;
    this.#garbage = new GarbageCollector({
      store: options.store,
      root: options.root,
      clock: options.clock,
      logger: options.logger,
      manifests,
      isInUse: (id) => this.#isInUse(id),
      onDelete: (id) => this.#readers.release(id),
    });
  }

  /** Opens the tree under `options.root`: claims a writer epoch and loads the newest manifest. */
  static async open(options: LsmEngineOptions): Promise<LsmEngine> {
    const manifests = await ManifestStore.open(options);
    const engine = new LsmEngine(options, manifests);
    engine.#garbage.addOrphans(manifests.sstObjectsAtOpen);
    engine.#garbage.schedule();
    engine.#startCompactions();
    return engine;
  }

  /** The current manifest; `binlogPosition` is where recovery replays the binlog from. */
  get manifest(): Manifest {
    return this.#manifests.current;
  }

  get lastSequence(): bigint {
    return this.#lastSequence;
  }

  /** The writer epoch this engine holds. */
  get epoch(): bigint {
    return this.#manifests.epoch;
  }

  /**
   * Reads WRITER_EPOCH and throws FencedError when another writer has claimed the branch (the
   * engine is then fenced for good). Writers of other objects under the branch (binlog slices)
   * call it before and after each object so a zombie stops at its next object.
   */
  checkWriterEpoch(): Promise<void> {
    return this.#manifests.checkEpoch();
  }

  /** The FencedError once another writer took over, else undefined. */
  get fenced(): FencedError | undefined {
    return this.#manifests.fenced;
  }

  snapshot(): KvSnapshot {
    return this.#snapshots.acquire(this.#lastSequence);
  }

  write(batch: WriteBatch, logEnd?: BinlogPosition): bigint {
    this.#checkWritable();
    const first = this.#lastSequence + 1n;
    if (batch.count === 0) return first;
    this.#memtable.applyBatch(batch, first);
    this.#lastSequence += BigInt(batch.count);
    if (logEnd !== undefined && isAfter(logEnd, this.#memtableLogEnd)) {
      this.#memtableLogEnd = logEnd;
    }
    if (this.#memtable.approximateMemoryUsageBytes() >= this.#limits.memtableBytes) this.#freeze();
    return first;
  }

  async get(key: Uint8Array, snapshot?: KvSnapshot): Promise<Uint8Array | undefined> {
    const lookup = new LookupKey(key, snapshot?.sequence ?? this.#lastSequence);
    const active = this.#memtable.get(lookup);
    if (active.kind !== "absent") return active.kind === "value" ? active.value : undefined;
    for (let i = this.#immutables.length - 1; i >= 0; i--) {
      const found = this.#immutables[i]!.memtable.get(lookup);
      if (found.kind !== "absent") return found.kind === "value" ? found.value : undefined;
    }
    const manifest = this.#manifests.current;
    if (isEmptyTree(manifest)) return undefined;
    this.#holdView(manifest);
    try {
      const found = await lookupInSsts(manifest, lookup, this.#readerOf);
      return found.kind === "value" ? found.value : undefined;
    } finally {
      this.#releaseView(manifest);
    }
  }

  scan(options: KvScanOptions): SeekableKvCursor {
    const implicit = options.snapshot === undefined ? this.snapshot() : undefined;
    const sequence = options.snapshot?.sequence ?? implicit!.sequence;
    const manifest = this.#manifests.current;
    this.#holdView(manifest);
    const frozen = this.#immutables.map((immutable) => immutable.memtable).reverse();
    const memtables = [this.#memtable, ...frozen];
    let released = false;
    return new LsmCursor(
      {
        memtables,
        levels: manifest.levels,
        openReader: (sst) => this.#readers.reader(sst),
        openReaderNow: (sst) => this.#readers.openReader(sst.id),
        snapshotSequence: sequence,
        onClose: () => {
          if (released) return;
          released = true;
          implicit?.release();
          this.#releaseView(manifest);
        },
      },
      options,
    );
  }

  /**
   * See KvStore.estimateEntries. Memtables are walked (live user keys); an SST wholly inside the
   * range counts its entry count from the manifest, one that straddles a bound is opened (its
   * index, no data blocks) and counts the share of its blocks the range touches.
   */
  async estimateEntries(lower: Uint8Array, upper: Uint8Array): Promise<number> {
    let count = this.#memtable.countLiveKeys(lower, upper);
    for (const immutable of this.#immutables) count += immutable.memtable.countLiveKeys(lower, upper);
    const manifest = this.#manifests.current;
    this.#holdView(manifest);
    try {
      for (const { sst } of manifestSsts(manifest)) {
        const smallest = internalKeyUserKey(sst.smallestKey);
        const largest = internalKeyUserKey(sst.largestKey);
        if (sst.entryCount === 0 || compareBytes(largest, lower) < 0 ||
          compareBytes(smallest, upper) >= 0) continue;
        if (compareBytes(smallest, lower) >= 0 && compareBytes(largest, upper) < 0) {
          count += sst.entryCount;
        } else {
          count += (await this.#readerOf(sst)).estimateEntriesInRange(lower, upper);
        }
      }
    } finally {
      this.#releaseView(manifest);
    }
    return count;
  }

  async waitForWriteCapacity(): Promise<void> {
    let stalled = false;
    for (;;) {
      this.#checkWritable();
      const l0Files = this.#manifests.current.levels[0]!.length;
      const overImmutables = this.#immutables.length >= lsmImmutableMemtablesMax;
      if (!overImmutables && l0Files < this.#limits.l0StopWritesTrigger) return;
      if (!stalled) this.#stallCount++;
      stalled = true;
      this.#startFlushes();
      this.#startCompactions();
      await new Promise<void>((resolve) => this.#capacityWaiters.push(resolve));
    }
  }

  /**
   * KvStore.writeRefusal: once the memtables are full and flushes have not reached the object
   * store for lsmStoreOutageStallMsMax, new commits are refused with a clear error instead of
   * waiting without bound (reads keep working; writes resume when a flush gets through).
   */
  writeRefusal(): WriteStalledError | undefined {
    const since = this.#storeOutageSinceMs;
    if (since === undefined || this.#immutables.length < lsmImmutableMemtablesMax) return undefined;
    const lastedMs = this.#options.clock.monotonicMs() - since;
    if (lastedMs < lsmStoreOutageStallMsMax) return undefined;
    const seconds = Math.round(lastedMs / 1000);
    return new WriteStalledError(
      `writes stopped: the object store has been unavailable for ${seconds} s ` +
        `and the memtables cannot be flushed (${this.#storeOutageError?.message ?? "unavailable"})`,
    );
  }

  /** Freezes the memtable and resolves once everything written so far is in SSTs and a manifest. */
  async flush(): Promise<void> {
    this.#checkWritable();
    this.#freeze();
    while (this.#flushing !== undefined) {
      await this.#flushing;
      this.#checkWritable();
    }
    // A flush that met an object-store outage leaves its memtable for a later retry.
    const outage = this.#storeOutageError;
    if (outage !== undefined && this.#immutables.length > 0) throw outage;
    assert(this.#immutables.length === 0, "flush finished with memtables left");
  }

  /**
   * Records that the binlog up to `position` holds nothing the SSTs lack: the log moved on
   * without writes (the binlog rotated after the last flush, at shutdown), so the next start
   * replays from there and needs no older binlog byte. Only while the memtables are empty (a
   * flush ran and nothing was written since): otherwise writes the SSTs lack would be skipped
   * at the next start, so it records nothing and resolves false (a commit that slipped in
   * between the shutdown's flush and the binlog's close). A position not after the manifest's
   * is ignored.
   */
  async advanceLogPosition(position: BinlogPosition): Promise<boolean> {
    this.#checkWritable();
    if (this.#memtable.entryCount !== 0 || this.#immutables.length !== 0) return false;
    if (!isAfter(position, this.#manifests.current.binlogPosition)) return true;
    await this.#editManifest(() => ({ binlogPosition: position }));
    return true;
  }

  /** Runs compactions until the picker finds nothing to do. */
  async compactUntilIdle(): Promise<void> {
    for (;;) {
      this.#checkWritable();
      while (this.#flushing !== undefined) await this.#flushing;
      this.#startCompactions();
      if (this.#compacting === undefined) break;
      await this.#compacting;
    }
    this.#checkWritable();
  }

  /** Waits for background work to finish; does not flush the memtable. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#retryTimer?.cancel();
    this.#retryTimer = undefined;
    while (this.#flushing !== undefined || this.#compacting !== undefined) {
      await Promise.all([this.#flushing, this.#compacting]);
    }
    await this.#manifestLock;
    await this.#garbage.idle();
    this.#wakeWaiters();
  }

  stats(): LsmStats {
    return {
      memtableBytes: this.#memtable.approximateMemoryUsageBytes(),
      immutableCount: this.#immutables.length,
      levels: this.#manifests.current.levels.map((ssts) => ({
        fileCount: ssts.length,
        bytes: levelBytes(ssts),
      })),
      flushes: this.#flushCount,
      compactions: this.#compactionCount,
      stallCount: this.#stallCount,
      snapshotCount: this.#snapshots.count,
      openReaderCount: this.#readers.openCount,
      deletedSstCount: this.#garbage.deletedSstCount,
      blockCache: this.#cache.stats(),
    };
  }

  /** Throws the failure that stopped the engine, if any, and refuses use after close. */
  #checkWritable(): void {
    this.#checkHealthy();
    assert(!this.#closing, "LsmEngine used after close");
  }

  #checkHealthy(): void {
    if (this.#failure !== undefined) throw this.#failure;
    const fenced = this.#manifests.fenced;
    if (fenced !== undefined) throw fenced;
  }

  #freeze(): void {
    if (this.#memtable.entryCount === 0) return;
    this.#immutables.push({ memtable: this.#memtable, logEnd: this.#memtableLogEnd });
    this.#memtable = new Memtable(this.#options.random);
    this.#memtableLogEnd = undefined;
    this.#startFlushes();
  }

  #startFlushes(): void {
    if (this.#flushing !== undefined || this.#failure !== undefined) return;
    // During an object-store outage the retry timer restarts the work, not every caller.
    if (this.#retryTimer !== undefined) return;
    if (this.#immutables.length === 0) return;
    this.#flushing = this.#flushLoop()
      .then(() => this.#storeReachable())
      .catch((error: unknown) => this.#backgroundFailed(error))
      .finally(() => {
        this.#flushing = undefined;
        this.#wakeWaiters();
        // A memtable frozen after the loop's last check found #flushing still set.
        this.#startFlushes();
        this.#startCompactions();
      });
  }

  async #flushLoop(): Promise<void> {
    while (this.#immutables.length > 0 && this.#failure === undefined) {
      await this.#flushOldest();
    }
  }

  async #flushOldest(): Promise<void> {
    const frozen = this.#immutables[0]!;
    const oldestSnapshot = this.#snapshots.oldest(this.#lastSequence);
    const { output } = buildFlushOutput(frozen.memtable, oldestSnapshot, SST_WRITE_COMPRESSION);
    const finished = output.finish(this.#allocateSstId());
    await this.#upload(finished);
    await this.#editManifest((current) => {
      const logEnd = frozen.logEnd;
      const advances = logEnd !== undefined && isAfter(logEnd, current.binlogPosition);
      const memtableLast = frozen.memtable.lastSequence;
      return {
        added: [{ level: 0, sst: finished.descriptor }],
        lastSequence: memtableLast > current.lastSequence ? memtableLast : current.lastSequence,
        ...(advances ? { binlogPosition: logEnd } : {}),
      };
    });
    assert(this.#immutables[0] === frozen, "flushes run oldest first");
    this.#immutables.shift();
    this.#options.onFlushed?.(this.#manifests.current.binlogPosition);
    this.#flushCount++;
  }

  #startCompactions(): void {
    if (this.#compacting !== undefined || this.#failure !== undefined || this.#closing) return;
    if (this.#retryTimer !== undefined) return;
    if (this.#pick() === undefined) return;
    this.#compacting = this.#compactionLoop()
      .catch((error: unknown) => this.#backgroundFailed(error))
      .finally(() => {
        this.#compacting = undefined;
        this.#wakeWaiters();
        this.#startCompactions();
      });
  }

  #pick(): Compaction | undefined {
    return pickCompaction(this.#manifests.current, this.#limits);
  }

  async #compactionLoop(): Promise<void> {
    for (;;) {
      if (this.#failure !== undefined || this.#closing) return;
      const compaction = this.#pick();
      if (compaction === undefined) return;
      await this.#compact(compaction);
      this.#wakeWaiters();
    }
  }

  async #compact(compaction: Compaction): Promise<void> {
    const manifest = this.#manifests.current;
    const result = await executeCompaction({
      manifest,
      compaction,
      oldestSnapshot: this.#snapshots.oldest(this.#lastSequence),
      targetFileBytes: this.#limits.targetFileBytes,
      compression: SST_WRITE_COMPRESSION,
      reader: (sst) => this.#readers.reader(sst),
      allocateSstId: () => this.#allocateSstId(),
      upload: (sst) => this.#upload(sst),
    });
    await this.#editManifest(() => result.edit);
    this.#compactionCount++;
    this.#garbage.addObsolete((result.edit.removed ?? []).map((removal) => removal.id));
    this.#garbage.schedule();
  }

  /** Applies `makeEdit(current)` to the current manifest and writes it, one edit at a time. */
  #editManifest(makeEdit: (current: Manifest) => ManifestEdit): Promise<void> {
    const run = this.#manifestLock.then(async () => {
      this.#checkHealthy();
      const current = this.#manifests.current;
      const next = applyEdit(current, { ...makeEdit(current), nextSstId: this.#nextSstId });
      await this.#manifests.write(next);
    });
    this.#manifestLock = run.catch(() => undefined);
    return run;
  }

  async #upload(sst: FinishedSst): Promise<void> {
    const key = sstObjectKey(this.#options.root, sst.descriptor.id);
    try {
      await this.#options.store.putIfAbsent(key, sst.bytes);
    } catch (error) {
      if (!(error instanceof ObjectExistsError)) throw error;
      throw new FencedError(this.#manifests.epoch, `SST ${key} already exists`, { cause: error });
    }
  }

  #allocateSstId(): bigint {
    return this.#nextSstId++;
  }

  /**
   * A flush or compaction failed. An object store that stays unavailable past the retry budget
   * (ObjectStoreUnavailableError) is an outage, not a fault: the memtables stay in memory (the
   * binlog holds them too) and the work is tried again later; writes stall once the immutable
   * memtables are full, and `waitForWriteCapacity` fails them after lsmStoreOutageStallMsMax.
   * Anything else stops the engine.
   */
  #backgroundFailed(error: unknown): void {
    if (!(error instanceof ObjectStoreUnavailableError) || this.#closing) {
      this.#fail(error);
      return;
    }
    if (this.#storeOutageSinceMs === undefined) {
      this.#storeOutageSinceMs = this.#options.clock.monotonicMs();
      this.#options.logger.warn("lsm: the object store is unavailable; flushes wait for it", {
        error: error.message,
      });
    }
    this.#storeOutageError = error;
    this.#wakeWaiters();
    if (this.#retryTimer !== undefined) return;
    this.#retryTimer = this.#options.clock.setTimer(lsmStoreOutageRetryMs, () => {
      this.#retryTimer = undefined;
      this.#startFlushes();
      this.#startCompactions();
    });
  }

  #storeReachable(): void {
    if (this.#storeOutageSinceMs === undefined) return;
    this.#storeOutageSinceMs = undefined;
    this.#storeOutageError = undefined;
    this.#options.logger.info("lsm: the object store is reachable again; flushes resumed");
  }

  #fail(error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.#failure ??= failure;
    this.#options.logger.error("lsm: background work failed; the engine stops", {
      error: failure.message,
    });
    this.#wakeWaiters();
    if (error instanceof AssertionError) throw error;
  }

  #wakeWaiters(): void {
    const waiters = this.#capacityWaiters;
    this.#capacityWaiters = [];
    for (const wake of waiters) wake();
  }

  #holdView(manifest: Manifest): void {
    this.#views.hold(manifest);
  }

  #releaseView(manifest: Manifest): void {
    const last = this.#views.release(manifest);
    if (last && this.#garbage.pendingCount > 0) this.#garbage.schedule();
  }

  #isInUse(id: bigint): boolean {
    for (const manifest of this.#views.held()) {
      for (const { sst } of manifestSsts(manifest)) if (sst.id === id) return true;
    }
    return false;
  }
}

/** True when no level of `manifest` holds an SST. */
function isEmptyTree(manifest: Manifest): boolean {
  for (const level of manifest.levels) if (level.length > 0) return false;
  return true;
}

/** True when `position` is later than `than` (or `than` is unknown). */
function isAfter(position: BinlogPosition, than: BinlogPosition | undefined): boolean {
  return than === undefined || compareBinlogPositions(position, than) > 0;
}

