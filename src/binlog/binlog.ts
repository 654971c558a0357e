/**
 * Binlog: the MySQL binary log, which is also the server's only write-ahead log. It implements
 * CommitPipeline: a commit is encoded as one event group, made durable by group commit
 * (group-committer.ts: one append and one fsync per group), then applied to the KvStore in log
 * order with its log end position. At start-up `recover` replays what the store's manifest does
 * not yet cover and starts a new file, as MySQL does.
 *
 * Life cycle: `open` (reads binlog.index) → `recover` (exactly once; required before commits) →
 * `commit` / `rotate` / reads → `close`. Files and layout: binlog-file-format.ts.
 *
 * Invariants:
 * - GTIDs are serverUuid:gno with consecutive gnos in log order; gtid_executed holds exactly the
 *   GTIDs of durable groups.
 * - All file changes (group appends, rotations, close) run one at a time through #exclusive, so
 *   a rotation never splits a group and no two fsyncs of a file overlap.
 * - A file is listed in binlog.index only after it was created with its whole header; it is
 *   closed with a synced ROTATE before its successor is created.
 * - After a log failure (`failure` set) nothing more is written and commits fail fast.
 * - With an archiver (binlog-archiver.ts) every byte written to a file is reported to it; with
 *   durability "object_store" every group, header and ROTATE is put in the object store before
 *   it is appended locally, and a group whose put fails leaves no trace (no GTID, no bytes).
 *
 * Concurrency: single JS thread; state changes only between awaits.
 */

import type { KvStore } from "../engine/kv-store.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import type { WriteBatch } from "../engine/lsm/write-batch.ts";
import { SqlError, sqlError } from "../sql/sql-error.ts";
import type { CommitPipeline, CommitRecord } from "../table/commit-pipeline.ts";
import { assert } from "../util/assert.ts";
import type { Clock } from "../util/clock.ts";
import { DbError, FileNotFoundError } from "../util/errors.ts";
import type { LocalDisk } from "../util/local-disk.ts";
import type { Logger } from "../util/log.ts";
import { ER_BINLOG_LOGGING_IMPOSSIBLE, ER_ERROR_DURING_COMMIT } from "../util/mysql-errors.ts";
import { ObjectStoreUnavailableError } from "../objectstore/object-store-errors.ts";
import type { BinlogArchiver, BinlogDurability } from "./binlog-archiver.ts";
import {
  BINLOG_INDEX_FILE_NAME,
  binlogFileName,
  decodeBinlogIndex,
  encodeBinlogIndex,
  parseBinlogFileName,
} from "./binlog-file-format.ts";
import { readBinlogEvents } from "./binlog-file-reader.ts";
import { appendRotate, type BeforeAppend, BinlogFileWriter } from "./binlog-file-writer.ts";
import { type LookupTable, type ReplayFunction, recoverBinlogFiles } from "./binlog-recovery.ts";
import type { DecodedEvent } from "./event-decoder.ts";
import { writeTransaction } from "./event-encoder.ts";
import { EventWriter } from "./event-writer.ts";
import { GtidSet, normalizeSid } from "./gtid-set.ts";
import { type GroupCommitStats, GroupCommitter, type GroupLogResult } from "./group-committer.ts";

/** A group's encoding buffer starts at MIN; one grown past MAX is not kept for reuse. */
const GROUP_BUFFER_BYTES_MIN = 4096;
const GROUP_BUFFER_BYTES_MAX = 1 << 20;

export interface BinlogOptions {
  readonly disk: LocalDisk;
  /** The directory holding binlog.index and the binlog.NNNNNN files. */
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly serverId: number;
  readonly serverUuid: string;
  readonly serverVersion: string;
  /**
   * "local": each group is fsync'd before its commits resolve; "none": no fsync;
   * "object_store": each group is put in the object store (through `archiver`) before it is
   * appended locally (no fsync: the store holds the durable copy).
   */
  readonly durability: BinlogDurability;
  /** Copies the log to the object store; required with durability "object_store". */
  readonly archiver?: BinlogArchiver;
  /** Rotate once a file reaches this size (checked after each whole group). */
  readonly maxFileBytes: number;
  readonly store: KvStore;
}

/** What `recover` found and did. */
export interface RecoveryReport {
  readonly filesScanned: number;
  readonly groupsReplayed: number;
  /** Bytes cut off the newest file as a torn tail (0 when it ended cleanly). */
  readonly truncatedBytes: number;
  /** Where the torn tail was cut (the new end of that file); undefined when nothing was cut. */
  readonly truncatedAt: BinlogPosition | undefined;
  /** End of the last whole group found (the `from` position when none was scanned). */
  readonly logEnd: BinlogPosition;
  readonly gtidExecuted: string;
  /** The file new commits go to. */
  readonly newFile: string;
}

/** One row of SHOW BINARY LOGS. */
export interface BinlogFileInfo {
  readonly name: string;
  readonly sizeBytes: number;
  readonly encrypted: "No";
}

/** SHOW MASTER STATUS. */
export interface MasterStatus {
  readonly file: string;
  readonly position: number;
  readonly executedGtidSet: string;
}

/** Positions in the 4-byte next_position field must stay below 4 GiB, so files stay <= 1 GiB. */
const FILE_BYTES_MAX = 1024 * 1024 * 1024;

type BinlogState = "opened" | "recovered" | "closed";

export class Binlog implements CommitPipeline {
  readonly #options: BinlogOptions;
  readonly #sid: string;
  readonly #indexPath: string;
  readonly #committer: GroupCommitter;
  #fileNumbers: number[];
  /** Sizes of the closed files, by file number; the open file's size is its writer's. */
  readonly #closedSizes = new Map<number, number>();
  #writer: BinlogFileWriter | undefined;
  #gtidExecuted = new GtidSet();
  #lastGno = 0n;
  /** The group encoding buffer, between groups (absent while a group uses it). */
  #groupEvents: EventWriter | undefined = undefined;
  #state: BinlogState = "opened";
  #fileQueue: Promise<unknown> = Promise.resolve();

  private constructor(options: BinlogOptions, sid: string, fileNumbers: number[]) {
    this.#options = options;
    this.#sid = sid;
    this.#indexPath = `${options.dir}/${BINLOG_INDEX_FILE_NAME}`;
    this.#fileNumbers = fileNumbers;
    this.#committer = new GroupCommitter({
      log: { writeGroup: (records) => this.#exclusive(() => this.#writeGroup(records)) },
      store: options.store,
      logger: options.logger,
    });
  }

  /** Opens the binlog directory (creating it) and reads its file list; call `recover` next. */
  static async open(options: BinlogOptions): Promise<Binlog> {
    const sid = normalizeSid(options.serverUuid);
    assert(sid !== undefined, `binlog: server_uuid is not a UUID: ${options.serverUuid}`);
    assert(Number.isInteger(options.maxFileBytes), "binlog: maxFileBytes must be an integer");
    assert(options.maxFileBytes > 0, "binlog: maxFileBytes must be positive");
    assert(options.maxFileBytes <= FILE_BYTES_MAX, "binlog: maxFileBytes above 1 GiB");
    assert(!options.dir.endsWith("/"), "binlog: dir must not end with '/'");
    const archiver = options.archiver;
    assert(
      options.durability !== "object_store" || archiver?.beforeAcknowledgement === true,
      "binlog: durability object_store needs an archiver in object_store mode",
    );
    assert(
      archiver === undefined || archiver.beforeAcknowledgement ===
        (options.durability === "object_store"),
      "binlog: the archiver's durability differs from the binlog's",
    );
    await options.disk.mkdirp(options.dir);
    const fileNumbers = await readFileList(options.disk, options.dir);
    return new Binlog(options, sid, [...fileNumbers]);
  }

  /** The error that stopped binary logging, or undefined while healthy. */
  get failure(): SqlError | undefined {
    return this.#committer.failure;
  }

  /** True once a log write failed; see `failure`. */
  get failed(): boolean {
    return this.#committer.failure !== undefined;
  }

  /** @@gtid_executed: the GTIDs of every durable transaction, MySQL's text form. */
  get gtidExecuted(): string {
    return this.#gtidExecuted.toString();
  }

  /** Group commit counters. */
  stats(): GroupCommitStats {
    return this.#committer.stats();
  }

  /**
   * Replays every complete event group at or after `from` through `replay` (in log order, each
   * with the position just after it), after cutting a torn tail off the newest file; then
   * closes that file with a ROTATE and starts a new one. See binlog-recovery.ts for the rules.
   */
  async recover(
    from: BinlogPosition,
    replay: ReplayFunction,
    lookupTable: LookupTable,
  ): Promise<RecoveryReport> {
    assert(this.#state === "opened", "binlog: recover runs once, before any commit");
    const { disk, dir, logger } = this.#options;
    const fileNumbers = this.#fileNumbers;
    const found = await recoverBinlogFiles({
      disk, dir, fileNumbers, from, replay, lookupTable, logger,
      storeMayBeAhead: this.#options.durability === "none",
    });
    for (const [fileNumber, size] of found.fileSizes) this.#closedSizes.set(fileNumber, size);
    this.#gtidExecuted = found.gtidExecuted;
    this.#lastGno = found.gtidExecuted.lastGno(this.#sid);
    const newest = fileNumbers[fileNumbers.length - 1];
    const archiver = this.#options.archiver;
    // The archiver first learns what the store lacks of the files as recovery left them.
    await archiver?.start(fileNumbers.map((file) => ({
      file,
      sizeBytes: found.fileSizes.get(file) ?? 0,
      closed: file !== newest || found.newestRotated,
    })));
    if (newest !== undefined && !found.newestRotated) {
      const path = `${dir}/${binlogFileName(newest)}`;
      const { serverId } = this.#options;
      const hook = this.#beforeAppend(newest);
      const size = await appendRotate(disk, path, newest + 1, serverId, this.#now(), hook);
      this.#closedSizes.set(newest, size);
      archiver?.appended(newest, size);
      archiver?.fileClosed(newest, size);
    }
    await this.#startFile((newest ?? 0) + 1);
    this.#state = "recovered";
    const report: RecoveryReport = {
      filesScanned: found.filesScanned,
      groupsReplayed: found.groupsReplayed,
      truncatedBytes: found.truncatedBytes,
      truncatedAt: found.truncatedAt,
      logEnd: found.logEnd,
      gtidExecuted: this.gtidExecuted,
      newFile: this.#currentWriter().name,
    };
    logger.info("binlog recovered", {
      groupsReplayed: report.groupsReplayed,
      truncatedBytes: report.truncatedBytes,
      newFile: report.newFile,
    });
    return report;
  }

  /** Logs `record` in the next group, then applies `batch` (CommitPipeline). */
  commit(record: CommitRecord, batch: WriteBatch): Promise<void> {
    if (this.#state !== "recovered") {
      const reason = this.#state === "closed" ? "the binlog is closed" : "the binlog is recovering";
      return Promise.reject(sqlError(ER_BINLOG_LOGGING_IMPOSSIBLE, reason));
    }
    return this.#committer.commit(record, batch);
  }

  /** FLUSH BINARY LOGS: closes the current file with a ROTATE and starts the next one. */
  async rotate(): Promise<void> {
    assert(this.#state === "recovered", "binlog: rotate before recover or after close");
    await this.#exclusive(async () => {
      const failure = this.#committer.failure;
      if (failure !== undefined) throw failure;
      await this.#rotateNow();
    });
  }

  /**
   * The engine's manifest now covers `covered`: when that lies in the current file and the file
   * holds at least `bytesMin`, close it and start the next (binlogRotateAfterFlushBytesMin says
   * why). Failures are handled as a size rotation's are: logged, and logging stops only if the
   * old file was closed without a new one.
   */
  async rotateAfterFlush(covered: BinlogPosition, bytesMin: number): Promise<void> {
    if (this.#state !== "recovered" || this.#committer.failure !== undefined) return;
    await this.#exclusive(async () => {
      const writer = this.#writer;
      if (this.#state !== "recovered" || this.#committer.failure !== undefined) return;
      if (writer === undefined || writer.fileNumber !== covered.file) return;
      if (writer.sizeBytes < bytesMin) return;
      await this.#rotateAfterGroup();
    });
  }

  /** SHOW BINARY LOGS. */
  listFiles(): readonly BinlogFileInfo[] {
    return this.#fileNumbers.map((fileNumber) => ({
      name: binlogFileName(fileNumber),
      sizeBytes: this.#sizeOf(fileNumber),
      encrypted: "No" as const,
    }));
  }

  /** SHOW MASTER STATUS. */
  masterStatus(): MasterStatus {
    const writer = this.#currentWriter();
    return { file: writer.name, position: writer.sizeBytes, executedGtidSet: this.gtidExecuted };
  }

  /**
   * SHOW BINLOG EVENTS IN `file` FROM `from` LIMIT `limit`: up to `limit` events starting at
   * offset `from` (4 when smaller: the first event after the magic). FileNotFoundError for a
   * file the binlog does not list; CorruptionError when `from` is not an event's start.
   */
  async readEvents(file: string, from: number, limit: number): Promise<readonly DecodedEvent[]> {
    assert(Number.isSafeInteger(from) && from >= 0, "binlog: bad event offset");
    assert(Number.isSafeInteger(limit) && limit >= 0, "binlog: bad event limit");
    const fileNumber = parseBinlogFileName(file);
    const path = `${this.#options.dir}/${file}`;
    if (fileNumber === undefined || !this.#fileNumbers.includes(fileNumber)) {
      throw new FileNotFoundError(path);
    }
    // Only bytes of whole, appended groups: an append in flight is not yet counted in the size.
    const size = this.#sizeOf(fileNumber);
    return readBinlogEvents(this.#options.disk, path, size, from, limit);
  }


  /**
   * Waits for queued commits, then syncs and closes the current file. Idempotent.
   *
   * With `rotateFirst` (a clean shutdown, after the engine flushed every commit into SSTs) the
   * current file is first closed with a ROTATE and the next one started, whose header's
   * PREVIOUS_GTIDS is the whole gtid_executed. Resolves to the end of that header once the
   * archive (if any) holds every byte: recording it as the engine's binlog position lets the
   * next start, even on an empty datadir, read nothing of the older files — neither to replay
   * (the SSTs hold it all) nor to rebuild gtid_executed (the header holds it). Resolves
   * undefined when there is no such position (no rotation asked, or it or the archive failed).
   */
  async close(options: { readonly rotateFirst?: boolean } = {}): Promise<BinlogPosition | undefined> {
    if (this.#state === "closed") return undefined;
    const wasRecovered = this.#state === "recovered";
    this.#state = "closed";
    if (!wasRecovered) return undefined;
    await this.#committer.idle();
    const rotatedTo = await this.#exclusive(async () => {
      let start: BinlogPosition | undefined;
      if (options.rotateFirst === true && this.#committer.failure === undefined) {
        try {
          await this.#rotateNow();
          const writer = this.#currentWriter();
          start = { file: writer.fileNumber, offset: writer.sizeBytes };
        } catch (error) {
          this.#options.logger.warn("binlog: rotation at shutdown failed; the next start reads " +
            "the current file from its beginning", { reason: describeError(error) });
        }
      }
      const writer = this.#currentWriter();
      if (this.#committer.failure === undefined) await writer.sync();
      await writer.close();
      return start;
    });
    const archived = (await this.#options.archiver?.close()) ?? true;
    return archived ? rotatedTo : undefined;
  }

  /** Runs `work` after every earlier file operation settled (a promise-chain mutex). */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#fileQueue.then(work);
    this.#fileQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * GroupLog.writeGroup: encode with GTIDs, one append, one fsync; rotate when full. A record
   * whose values cannot be encoded (a typed error such as ER_DATA_TOO_LONG) gets its error
   * instead of a position and uses no GTID; the others are logged.
   */
  async #writeGroup(records: readonly CommitRecord[]): Promise<readonly GroupLogResult[]> {
    const writer = this.#currentWriter();
    const { serverId, durability, maxFileBytes } = this.#options;
    const timestampSeconds = this.#now();
    const results: GroupLogResult[] = [];
    // One buffer for the whole group, reused by the next group once this one's append settled
    // (append handles write or copy the bytes before they resolve).
    const events = this.#groupEvents ?? new EventWriter(0, GROUP_BUFFER_BYTES_MIN);
    this.#groupEvents = undefined;
    events.reset(writer.sizeBytes);
    let gno = this.#lastGno;
    for (const record of records) {
      const mark = events.length;
      const startPosition = events.position;
      const context = { serverId, timestampSeconds, sid: this.#sid, gno: gno + 1n, startPosition };
      try {
        writeTransaction(events, record, context);
      } catch (error) {
        if (!(error instanceof DbError)) throw error;
        events.truncate(mark);
        results.push(error);
        continue;
      }
      gno += 1n;
      results.push({ file: writer.fileNumber, offset: events.position });
    }
    const position = events.position;
    if (events.length > 0 && durability === "object_store") {
      const unavailable = await this.#putGroup(writer.fileNumber, events);
      if (unavailable !== undefined) {
        // Nothing of the group exists: no bytes, no GTID; only its commits fail.
        if (events.capacity <= GROUP_BUFFER_BYTES_MAX) this.#groupEvents = events;
        return results.map((result) => (result instanceof DbError ? result : unavailable));
      }
    }
    if (events.length > 0) await writer.append(events.view());
    // Keep the buffer unless one huge group grew it: that memory is not held forever.
    if (events.capacity <= GROUP_BUFFER_BYTES_MAX) this.#groupEvents = events;
    if (events.length === 0) return results;
    if (durability === "local") await writer.sync();
    assert(writer.sizeBytes === position, "binlog: file size differs from encoded positions");
    this.#options.archiver?.appended(writer.fileNumber, position);
    // Every gno of the group at once (they are consecutive).
    if (gno > this.#lastGno) {
      this.#gtidExecuted.addInterval(this.#sid, this.#lastGno + 1n, gno + 1n);
    }
    this.#lastGno = gno;
    if (writer.sizeBytes >= maxFileBytes) await this.#rotateAfterGroup();
    return results;
  }

  /**
   * object_store mode: puts the group as one slice. Returns the error for its commits when the
   * store is unavailable (nothing was written); rejects when fenced (the log then fails).
   */
  async #putGroup(fileNumber: number, events: EventWriter): Promise<SqlError | undefined> {
    const archiver = this.#options.archiver;
    assert(archiver !== undefined, "binlog: object_store durability without an archiver");
    const offset = events.position - events.length;
    try {
      await archiver.putBeforeAppend(fileNumber, offset, events.view());
      return undefined;
    } catch (error) {
      if (!(error instanceof ObjectStoreUnavailableError)) throw error;
      this.#options.logger.warn("binlog: group not durable, object store unavailable", {
        error: error.message,
      });
      return new SqlError(
        ER_ERROR_DURING_COMMIT.code,
        ER_ERROR_DURING_COMMIT.sqlState,
        `commit not durable: object store unavailable (${error.message})`,
      );
    }
  }

  /** The hook that puts a file's header or ROTATE first in object_store mode. */
  #beforeAppend(fileNumber: number): BeforeAppend | undefined {
    const archiver = this.#options.archiver;
    if (archiver === undefined || !archiver.beforeAcknowledgement) return undefined;
    return (offset, bytes) => archiver.putBeforeAppend(fileNumber, offset, bytes);
  }

  /** Rotation by size; the group is already durable, so a failure here only stops logging. */
  async #rotateAfterGroup(): Promise<void> {
    const fileNumber = this.#currentWriter().fileNumber;
    try {
      await this.#rotateNow();
    } catch (error) {
      if (error instanceof ObjectStoreUnavailableError && !this.#closedSizes.has(fileNumber)) {
        // The ROTATE could not be put, so nothing changed: the next group tries again.
        this.#options.logger.warn("binlog: rotation postponed, object store unavailable", {
          error: error.message,
        });
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      this.#committer.fail(`binlog rotation failed: ${reason}`);
      this.#options.logger.error("binlog rotation failed; binary logging stopped", { reason });
    }
  }

  async #rotateNow(): Promise<void> {
    const writer = this.#currentWriter();
    const hook = this.#beforeAppend(writer.fileNumber);
    await writer.closeWithRotate(this.#options.serverId, this.#now(), hook);
    this.#closedSizes.set(writer.fileNumber, writer.sizeBytes);
    this.#options.archiver?.appended(writer.fileNumber, writer.sizeBytes);
    this.#options.archiver?.fileClosed(writer.fileNumber, writer.sizeBytes);
    try {
      await this.#startFile(writer.fileNumber + 1);
    } catch (error) {
      // The old file is closed and no new one is open: nothing more can be logged.
      this.#committer.fail(`binlog: starting the next file failed: ${describeError(error)}`);
      throw error;
    }
  }

  /** Creates file `fileNumber` with its header, then lists it in binlog.index. */
  async #startFile(fileNumber: number): Promise<void> {
    const { disk, dir, serverId, serverVersion, archiver } = this.#options;
    archiver?.fileStarted(fileNumber, this.#gtidExecuted.toString());
    this.#writer = await BinlogFileWriter.create(disk, dir, fileNumber, {
      serverId,
      serverVersion,
      timestampSeconds: this.#now(),
      previousGtids: this.#gtidExecuted.clone(),
    }, this.#beforeAppend(fileNumber));
    archiver?.appended(fileNumber, this.#writer.sizeBytes);
    this.#fileNumbers = [...this.#fileNumbers, fileNumber];
    await disk.writeFileAtomic(this.#indexPath, encodeBinlogIndex(this.#fileNumbers));
  }

  #currentWriter(): BinlogFileWriter {
    const writer = this.#writer;
    assert(writer !== undefined, "binlog: no open file (recover first)");
    return writer;
  }

  #sizeOf(fileNumber: number): number {
    if (this.#writer !== undefined && this.#writer.fileNumber === fileNumber) {
      return this.#writer.sizeBytes;
    }
    return this.#closedSizes.get(fileNumber) ?? 0;
  }

  #now(): number {
    return Math.floor(this.#options.clock.nowMs() / 1000);
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The listed files: binlog.index, or (when it is missing) the binlog.NNNNNN names in `dir`. */
async function readFileList(disk: LocalDisk, dir: string): Promise<readonly number[]> {
  const indexPath = `${dir}/${BINLOG_INDEX_FILE_NAME}`;
  try {
    return decodeBinlogIndex(await disk.readFile(indexPath), indexPath);
  } catch (error) {
    if (!(error instanceof FileNotFoundError)) throw error;
  }
  const numbers: number[] = [];
  for (const entry of await disk.list(dir)) {
    const fileNumber = entry.isDirectory ? undefined : parseBinlogFileName(entry.name);
    if (fileNumber !== undefined) numbers.push(fileNumber);
  }
  return numbers.sort((a, b) => a - b);
}
