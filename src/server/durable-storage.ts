/**
 * DurableStorage: opens the durable stack under the SQL layer and recovers it, in this order:
 *
 *   1. the object store (object-store-stack.ts: the `local` provider, `<datadir>/objectstore/`
 *      by default, or S3 with a disk cache), holding SSTs, the manifest chain, WRITER_EPOCH and
 *      the archived binlog under `<repo>/<branch>/`;
 *   2. the LSM engine at its newest verified manifest (claiming the next writer epoch); its
 *      SSTs are opened lazily, by ranged reads, when first read;
 *   3. the binlog files (`<datadir>/binlog/`, the write-ahead log), first completed from the
 *      slices in the object store from the manifest's position on (binlog-restore.ts): on an
 *      empty datadir that rebuilds them, on a warm one it adds what another node wrote;
 *   4. the table catalog, loaded from the engine's system keyspace as of that manifest;
 *   5. recovery: every complete binlog event group after the manifest's binlog position is
 *      replayed through the catalog (rows and DDL, in log order); a torn tail is cut off;
 *      then the binlog starts a new file, as mysqld does at start-up, and the archiver
 *      uploads whatever local tail the store does not have yet.
 *
 * Only after all of this does the server listen, so no client ever sees a half-recovered state.
 * Shutdown flushes the memtables (a faster next start; correctness does not depend on it) and
 * closes the binlog.
 *
 * The server UUID (GTIDs are `uuid:n`) is created once and kept in `<datadir>/auto.cnf`, as
 * mysqld does.
 */

import { resolve } from "node:path";
import { LsmEngine } from "../engine/lsm/lsm-engine.ts";
import { FencedError } from "../engine/lsm/fenced-error.ts";
import { branchRoot } from "../objectstore/object-paths.ts";
import { Binlog } from "../binlog/binlog.ts";
import { BinlogArchiver } from "../binlog/binlog-archiver.ts";
import { restoreBinlogFromStore } from "../binlog/binlog-restore.ts";
import type { CommitDurability } from "../config/config.ts";
import {
  openObjectStoreStack,
  type ObjectStoreSettings,
  type ObjectStoreStack,
} from "./object-store-stack.ts";
import { TableCatalog } from "../table/table-catalog.ts";
import type { ReplicationLog } from "../sql/replication-log.ts";
import type { CommitPipeline } from "../table/commit-pipeline.ts";
import type { Clock } from "../util/clock.ts";
import type { Logger } from "../util/log.ts";
import type { LocalDisk } from "../util/local-disk.ts";
import type { Random } from "../util/random.ts";
import { DbError, FileExistsError, FileNotFoundError } from "../util/errors.ts";
import {
  binlogRotateAfterFlushBytesMin,
  datadirLockPollMs,
  datadirLockWaitMs,
  serverVersion,
} from "../constants.ts";

export interface StorageSettings {
  readonly datadir: string;
  readonly blockCacheBytes: number;
  readonly writeBufferBytes: number;
  readonly durability: CommitDurability;
  readonly maxBinlogBytes: number;
  readonly serverId: number;
  readonly objectStore: ObjectStoreSettings;
  readonly repoObjectstoreId: string;
  readonly branchObjectstoreId: string;
  readonly binlogArchivePeriodMs: number;
  readonly binlogArchiveSliceMaxBytes: number;
}

export interface StorageServices {
  readonly disk: LocalDisk;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
}

export class DurableStorage {
  readonly #fatal: Promise<string>;
  #reportFatal: (reason: string) => void = () => {};

  private constructor(
    readonly catalog: TableCatalog,
    readonly engine: LsmEngine,
    readonly binlog: Binlog,
    readonly serverUuid: string,
    private readonly logger: Logger,
    private readonly settings: StorageSettings,
    private readonly disk: LocalDisk,
    private readonly stack: ObjectStoreStack,
    private readonly archiver: BinlogArchiver,
  ) {
    this.#fatal = new Promise((resolve) => {
      this.#reportFatal = resolve;
    });
  }

  /**
   * Resolves (with the reason) when the log can no longer accept commits: a failed binlog
   * write or fsync, or an engine that stopped (a failed flush, or another writer took over).
   * Nothing after a hole in the log may be acknowledged, so the server then stops, as mysqld
   * does with binlog_error_action=ABORT_SERVER; a restart recovers from the log.
   */
  get fatal(): Promise<string> {
    return this.#fatal;
  }

  static async open(settings: StorageSettings, services: StorageServices): Promise<DurableStorage> {
    const { disk, clock, logger } = services;
    const started = clock.monotonicMs();
    const datadir = settings.datadir;
    await disk.mkdirp(datadir);
    await lockDatadir(disk, datadir, clock);
    const serverUuid = await loadOrCreateServerUuid(disk, `${datadir}/auto.cnf`, services.random);
    const root = branchRoot(settings.repoObjectstoreId, settings.branchObjectstoreId);
    const stack = await openObjectStoreStack(settings.objectStore, datadir, root, services);
    const store = stack.store;
    logger.info("boot: object store", { location: stack.location });
    // The binlog, once open: a flush covering much of its current file rotates it.
    let rotatingBinlog: Binlog | undefined;
    const engine = await LsmEngine.open({
      store,
      root,
      clock,
      random: services.random,
      logger,
      blockCacheBytes: settings.blockCacheBytes,
      memtableBytes: settings.writeBufferBytes,
      onFlushed: (covered) => {
        void rotatingBinlog?.rotateAfterFlush(covered, binlogRotateAfterFlushBytesMin);
      },
    });
    logger.info("boot: manifest loaded", {
      writer_epoch: String(engine.epoch),
      manifest_sequence: String(engine.manifest.manifestSequence),
      ...manifestFigures(engine),
      ms: Math.round(clock.monotonicMs() - started),
    });
    const dir = `${datadir}/binlog`;
    const from = engine.manifest.binlogPosition;
    const restored = await restoreBinlogFromStore({ store, root, disk, dir, clock, logger, from });
    if (restored.filesDownloaded > 0 || restored.staleFiles.length > 0) {
      logger.info("boot: binlog restored from the object store", {
        files: restored.filesDownloaded,
        slices: restored.slicesDownloaded,
        bytes: restored.bytesDownloaded,
        stale_files_moved_aside: restored.staleFiles.length,
        ms: Math.round(clock.monotonicMs() - started),
      });
    }
    // Set once the storage exists; failures before that surface as exceptions from open.
    let storage: DurableStorage | undefined;
    const archiver = new BinlogArchiver({
      store,
      root,
      disk,
      dir,
      clock,
      logger,
      term: engine.epoch,
      durability: settings.durability,
      periodMs: settings.binlogArchivePeriodMs,
      sliceBytesMax: settings.binlogArchiveSliceMaxBytes,
      fenceCheck: () => engine.checkWriterEpoch(),
      onFailure: (error) => {
        if (storage !== undefined) storage.#fail(error);
      },
    });
    archiver.useArchivedListing(restored.archived);
    const binlog = await Binlog.open({
      disk,
      dir,
      clock,
      logger,
      serverId: settings.serverId,
      serverUuid,
      serverVersion,
      durability: settings.durability,
      maxFileBytes: settings.maxBinlogBytes,
      store: engine,
      archiver,
    });
    rotatingBinlog = binlog;
    // The catalog commits through a watcher, so that a log failure stops the server at once.
    const pipeline: CommitPipeline = {
      commit: async (record, batch) => {
        try {
          await binlog.commit(record, batch);
        } catch (error) {
          if (binlog.failed && storage !== undefined) {
            storage.#fail(binlog.failure ?? error);
          }
          throw error;
        }
      },
    };
    const catalog = await TableCatalog.open({ store: engine, pipeline, clock });
    logger.info("recovery: replaying the binlog", {
      from_file: from.file,
      from_offset: from.offset,
      manifest_sequence: String(engine.manifest.manifestSequence),
    });
    const report = await binlog.recover(
      from,
      (record, logEnd) => catalog.replay(record, logEnd),
      (tableId) => catalog.loggedTable(tableId),
    );
    logger.info("recovery complete", {
      ...reportFields(report),
      gtid_executed: binlog.gtidExecuted,
      ms: Math.round(clock.monotonicMs() - started),
    });
    storage = new DurableStorage(
      catalog, engine, binlog, serverUuid, logger, settings, disk, stack, archiver,
    );
    return storage;
  }

  /**
   * Stops the server for good: a hole in the log, or another server took over the branch
   * (then the message says so, since that is an operator's action, not a fault).
   */
  #fail(error: unknown): void {
    const fenced = error instanceof FencedError ? error : this.engine.fenced;
    if (fenced !== undefined) {
      this.#reportFatal(
        `another server took over branch ${this.settings.repoObjectstoreId}/` +
          `${this.settings.branchObjectstoreId} (${fenced.message}); this server stops writing`,
      );
      return;
    }
    this.#reportFatal(describe(error));
  }

  /** The binlog as the SQL layer sees it (SHOW BINARY LOGS, @@gtid_executed, …). */
  replicationLog(): ReplicationLog {
    const binlog = this.binlog;
    const serverUuid = this.serverUuid;
    return {
      serverUuid,
      basename: `${resolve(this.settings.datadir)}/binlog/binlog`,
      get gtidExecuted() {
        return binlog.gtidExecuted;
      },
      listFiles: () => binlog.listFiles().map((f) => ({ name: f.name, sizeBytes: f.sizeBytes })),
      masterStatus: () => binlog.masterStatus(),
      readEvents: async (file, from, skip, limit) => {
        const name = file ?? binlog.listFiles()[0]?.name;
        if (name === undefined) return [];
        const wanted = limit === undefined ? Number.MAX_SAFE_INTEGER : skip + limit;
        const events = await binlog.readEvents(name, from, wanted);
        return events.slice(skip).map((event) => ({
          logName: name,
          position: event.position,
          eventType: event.typeName,
          serverId: event.header.serverId,
          endLogPosition: event.header.nextPosition,
          info: event.info,
        }));
      },
      rotate: () => binlog.rotate(),
    };
  }

  /**
   * SHOW GLOBAL STATUS rows that explain the storage: memtables, levels, block cache per
   * priority, flushes, compactions, write stalls, group commit, and the process's memory.
   */
  statusRows(): [string, string][] {
    const lsm = this.engine.stats();
    const cache = lsm.blockCache;
    const commits = this.binlog.stats();
    const memory = process.memoryUsage();
    const rows: [string, string][] = [
      ...this.stack.statusRows(),
      ...this.archiver.statusRows(),
      ["Binlog_commit_groups", String(commits.groups)],
      ["Binlog_commits", String(commits.transactions)],
      ["Smartengine_block_cache_capacity_bytes", String(this.settings.blockCacheBytes)],
      ["Smartengine_block_cache_usage_bytes", String(cache.usageBytes)],
      ["Smartengine_block_cache_high_usage_bytes", String(cache.highUsageBytes)],
      ["Smartengine_block_cache_hits_high", String(cache.hitsHigh)],
      ["Smartengine_block_cache_misses_high", String(cache.missesHigh)],
      ["Smartengine_block_cache_hits_low", String(cache.hitsLow)],
      ["Smartengine_block_cache_misses_low", String(cache.missesLow)],
      ["Smartengine_block_cache_evictions", String(cache.evictions)],
      ["Smartengine_memtable_bytes", String(lsm.memtableBytes)],
      ["Smartengine_immutable_memtables", String(lsm.immutableCount)],
      ["Smartengine_flushes", String(lsm.flushes)],
      ["Smartengine_compactions", String(lsm.compactions)],
      ["Smartengine_write_stalls", String(lsm.stallCount)],
      ["Smartengine_snapshots", String(lsm.snapshotCount)],
      ["Smartengine_open_sst_readers", String(lsm.openReaderCount)],
      ["Wesql_resident_memory_bytes", String(memory.rss)],
      ["Wesql_js_heap_used_bytes", String(memory.heapUsed)],
      // What open transactions hold until COMMIT (write sets, locks); bounded per transaction
      // by transactionBytesMax (error 1197).
      ["Wesql_transaction_held_bytes", String(this.catalog.transactionHeldBytes())],
    ];
    lsm.levels.forEach((level, n) => {
      rows.push([`Smartengine_l${n}_files`, String(level.fileCount)]);
      rows.push([`Smartengine_l${n}_bytes`, String(level.bytes)]);
    });
    return rows;
  }

  async close(): Promise<void> {
    let flushed = false;
    try {
      await this.engine.flush();
      flushed = true;
    } catch (error) {
      // Not fatal: the binlog still holds everything the memtables did.
      this.logger.warn("flush at shutdown failed; the next start replays the binlog", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    // After a complete flush the binlog rotates, and the manifest moves to the new file's
    // header: a node that boots from this bucket then reads a few hundred binlog bytes instead
    // of the whole current file (up to max_binlog_size), which it would otherwise download
    // and scan only to rebuild gtid_executed.
    const clean = await this.binlog.close({ rotateFirst: flushed });
    if (clean !== undefined) {
      try {
        if (!(await this.engine.advanceLogPosition(clean))) {
          this.logger.warn("a commit came after the flush at shutdown; the next start replays " +
            "the previous binlog file");
        }
      } catch (error) {
        this.logger.warn("recording the binlog position at shutdown failed; the next start " +
          "reads the previous binlog file", { error: describe(error) });
      }
    }
    await this.engine.close();
    this.stack.close();
    await this.disk.unlink(pidFilePath(this.settings.datadir));
  }
}

/** The tree's size, for the boot progress line: SSTs are opened lazily, so nothing is read yet. */
function manifestFigures(engine: LsmEngine): Record<string, number> {
  const levels = engine.stats().levels;
  return {
    sst_files: levels.reduce((sum, level) => sum + level.fileCount, 0),
    sst_bytes: levels.reduce((sum, level) => sum + level.bytes, 0),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function reportFields(report: object): Record<string, string | number | boolean> {
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(report)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      fields[key] = value;
    } else if (typeof value === "bigint") {
      fields[key] = String(value);
    }
  }
  return fields;
}

/** The server already running on a datadir (another process holds its pid file). */
export class DatadirInUseError extends DbError {}

function pidFilePath(datadir: string): string {
  return `${datadir}/wesql.pid`;
}

/**
 * Claims the datadir for this process with a pid file created exclusively, as mysqld guards its
 * datadir: two servers appending to one binlog would corrupt it. A pid file whose process is
 * gone (or a zombie) is replaced. One whose process is alive is waited for a little, since a
 * server killed a moment ago may still be exiting (a large process takes a while to die; mysqld
 * retries its datadir lock the same way), and then refuses the start.
 */
async function lockDatadir(disk: LocalDisk, datadir: string, clock: Clock): Promise<void> {
  const path = pidFilePath(datadir);
  const mine = new TextEncoder().encode(`${process.pid}\n`);
  const deadline = clock.monotonicMs() + datadirLockWaitMs;
  for (;;) {
    try {
      await disk.createExclusive(path, mine);
      return;
    } catch (error) {
      if (!(error instanceof FileExistsError)) throw error;
    }
    const owner = Number.parseInt(new TextDecoder().decode(await disk.readFile(path)), 10);
    const alive =
      Number.isSafeInteger(owner) && owner !== process.pid && (await processAlive(disk, owner));
    if (!alive) {
      await disk.unlink(path);
    } else if (clock.monotonicMs() >= deadline) {
      throw new DatadirInUseError(
        `datadir ${datadir} is in use by another server (pid ${owner}, ${path})`,
      );
    } else {
      await clock.sleep(datadirLockPollMs);
    }
  }
}

/** True when `pid` names a running process (not a zombie waiting to be reaped). */
async function processAlive(disk: LocalDisk, pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (error as { code?: string }).code === "EPERM";
  }
  try {
    // Linux: the state letter follows the parenthesised command name in /proc/<pid>/stat.
    const stat = new TextDecoder().decode(await disk.readFile(`/proc/${pid}/stat`));
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return true; // No /proc (not Linux): kill(pid, 0) succeeded, so assume alive.
  }
}

/** Reads `server-uuid` from auto.cnf, creating the file with a fresh UUID on first start. */
async function loadOrCreateServerUuid(disk: LocalDisk, path: string, random: Random): Promise<string> {
  try {
    const text = new TextDecoder().decode(await disk.readFile(path));
    const match = /^server-uuid\s*=\s*([0-9a-f-]{36})\s*$/m.exec(text);
    if (match !== null) return match[1]!;
  } catch (error) {
    if (!(error instanceof FileNotFoundError)) throw error;
  }
  const uuid = formatUuid(random.bytes(16));
  await disk.writeFileAtomic(path, new TextEncoder().encode(`[auto]\nserver-uuid=${uuid}\n`));
  return uuid;
}

/** A version-4 UUID in its 8-4-4-4-12 text form. */
function formatUuid(bytes: Uint8Array): string {
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
