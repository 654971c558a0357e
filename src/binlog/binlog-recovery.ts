/**
 * recoverBinlogFiles: the log half of crash recovery. The engine's newest manifest says which
 * prefix of the binlog its SSTs already hold (`from`); this scans the listed files from there,
 * cuts a torn tail off the newest file (durably), hands every complete event group at or after
 * `from` back to the table layer in log order, and rebuilds gtid_executed.
 *
 * Rules:
 * - `from` is {file: 0, offset: 0} (nothing applied yet: start at the first listed file) or the
 *   end of a group in a listed file (or the end of that file's header). Anything else, a file
 *   missing from the middle of the list, or a position past the end of the log is an error: the
 *   store and the log disagree, and guessing would lose or double-apply transactions.
 * - gtid_executed = PREVIOUS_GTIDS of the newest file + the GTIDs of its whole groups.
 * - Each group is decoded just before it is replayed, so a replayed DDL statement changes the
 *   table definitions the next group is decoded with (`lookupTable` answers from the catalog).
 *
 * Files are read whole, one at a time; a file is at most maxFileBytes plus one group.
 */

import { replayProgressBytesMin } from "../constants.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import type { CommitRecord, LoggedTable } from "../table/commit-pipeline.ts";
import { DbError, CorruptionError } from "../util/errors.ts";
import type { LocalDisk } from "../util/local-disk.ts";
import type { Logger } from "../util/log.ts";
import { binlogFileName } from "./binlog-file-format.ts";
import { type ScannedBinlogFile, scanBinlogFile } from "./binlog-file-scanner.ts";
import { type DecodedEvent, decodeTransaction } from "./event-decoder.ts";
import { GtidSet, sidFromBytes } from "./gtid-set.ts";
import { EventType } from "./binlog-event-format.ts";

export type ReplayFunction = (record: CommitRecord, logEnd: BinlogPosition) => Promise<void>;
export type LookupTable = (tableId: number) => LoggedTable | undefined;

export interface RecoverFilesOptions {
  readonly disk: LocalDisk;
  readonly dir: string;
  /** The listed files, ascending. */
  readonly fileNumbers: readonly number[];
  readonly from: BinlogPosition;
  readonly replay: ReplayFunction;
  readonly lookupTable: LookupTable;
  readonly logger: Logger;
  /**
   * True with durability "none": the store may hold transactions whose groups never reached
   * the disk, so `from` past the end of the newest file is expected (a warning, nothing to
   * replay) instead of an error.
   */
  readonly storeMayBeAhead: boolean;
}

export interface RecoveredFiles {
  readonly filesScanned: number;
  readonly groupsReplayed: number;
  readonly truncatedBytes: number;
  /** The new end of the newest file when a torn tail was cut. */
  readonly truncatedAt: BinlogPosition | undefined;
  /** End of the last whole group scanned (`from` when none was). */
  readonly logEnd: BinlogPosition;
  readonly gtidExecuted: GtidSet;
  /** Sizes of the listed files after truncation, by file number. */
  readonly fileSizes: ReadonlyMap<number, number>;
  /** True when the newest file already ends with a ROTATE. */
  readonly newestRotated: boolean;
}

/** A recovery position the log cannot honour (the store and the log disagree). */
export class BinlogPositionError extends DbError {}

/** Bytes of the GTID event body this reads: u8 flags, 16 bytes sid, u64 gno (little-endian). */
const GTID_SID_GNO_BYTES = 1 + 16 + 8;

/**
 * The GTID a group's first (GTID) event names, read from its body (binlog-event-format.ts)
 * rather than by decoding the whole group, which would need table definitions as they were
 * when the group was written.
 */
export function gtidOfGroup(events: readonly DecodedEvent[], path: string): [string, bigint] {
  const first = events[0];
  if (
    first === undefined ||
    first.header.type !== EventType.GTID ||
    first.body.length < GTID_SID_GNO_BYTES
  ) {
    throw new CorruptionError(`${path}: group at offset ${first?.position ?? 0} has no GTID`);
  }
  const view = new DataView(first.body.buffer, first.body.byteOffset, first.body.byteLength);
  return [sidFromBytes(first.body.subarray(1, 17)), view.getBigUint64(17, true)];
}

function startFileIndex(fileNumbers: readonly number[], from: BinlogPosition): number {
  if (from.file === 0) {
    if (from.offset !== 0) throw new BinlogPositionError(`bad binlog position 0:${from.offset}`);
    return 0;
  }
  const index = fileNumbers.indexOf(from.file);
  if (index < 0) {
    throw new BinlogPositionError(
      `recovery starts in ${binlogFileName(from.file)}, which the binlog does not list`,
    );
  }
  return index;
}

function checkConsecutive(fileNumbers: readonly number[], dir: string): void {
  for (let i = 1; i < fileNumbers.length; i++) {
    if (fileNumbers[i] !== fileNumbers[i - 1]! + 1) {
      throw new CorruptionError(
        `${dir}: binlog files skip from ${binlogFileName(fileNumbers[i - 1]!)} to ` +
          binlogFileName(fileNumbers[i]!),
      );
    }
  }
}

/** Checks that `from` (in this file) is where a group ends, then lists the groups to replay. */
function groupsToReplay(
  scanned: ScannedBinlogFile,
  fileNumber: number,
  options: RecoverFilesOptions,
  path: string,
): ScannedBinlogFile["groups"] {
  const from = options.from;
  if (from.file !== fileNumber) return scanned.groups;
  if (from.offset > scanned.validEnd && options.storeMayBeAhead) {
    options.logger.warn("binlog: the store is ahead of the log (durability none)", {
      file: path, logEnd: scanned.validEnd, storePosition: from.offset,
    });
    return [];
  }
  if (from.offset > scanned.validEnd) {
    throw new BinlogPositionError(
      `recovery position ${path}:${from.offset} is past the end of the log (${scanned.validEnd})`,
    );
  }
  const boundary =
    from.offset === scanned.headerEnd || scanned.groups.some((group) => group.end === from.offset);
  if (!boundary) {
    throw new BinlogPositionError(`recovery position ${path}:${from.offset} is not a group end`);
  }
  return scanned.groups.filter((group) => group.start >= from.offset);
}

/** See the file header. */
export async function recoverBinlogFiles(options: RecoverFilesOptions): Promise<RecoveredFiles> {
  const { disk, dir, fileNumbers, from } = options;
  checkConsecutive(fileNumbers, dir);
  const fileSizes = new Map<number, number>();
  const empty: RecoveredFiles = {
    filesScanned: 0,
    groupsReplayed: 0,
    truncatedBytes: 0,
    truncatedAt: undefined,
    logEnd: from,
    gtidExecuted: new GtidSet(),
    fileSizes,
    newestRotated: false,
  };
  if (fileNumbers.length === 0) {
    if (from.file !== 0) {
      throw new BinlogPositionError(`recovery starts in ${binlogFileName(from.file)}; no binlog`);
    }
    return empty;
  }
  for (const fileNumber of fileNumbers) {
    fileSizes.set(fileNumber, (await disk.stat(`${dir}/${binlogFileName(fileNumber)}`)).size);
  }
  let result = empty;
  const first = startFileIndex(fileNumbers, from);
  let totalBytes = 0;
  for (let index = first; index < fileNumbers.length; index++) {
    const fileNumber = fileNumbers[index]!;
    const start = fileNumber === from.file ? from.offset : 0;
    totalBytes += Math.max(0, (fileSizes.get(fileNumber) ?? 0) - start);
  }
  const progress = new ReplayProgress(totalBytes, options.logger);
  for (let index = first; index < fileNumbers.length; index++) {
    const fileNumber = fileNumbers[index]!;
    const newest = index === fileNumbers.length - 1;
    result = await recoverFile(options, fileNumber, newest, result, fileSizes, progress);
  }
  return result;
}

/**
 * Replay progress lines for a long recovery (a node booting from the object store may replay
 * gigabytes): one line per tenth of the bytes to replay, only when there is at least
 * replayProgressBytesMin to replay.
 */
class ReplayProgress {
  #doneBytes = 0;
  #nextTenth = 1;

  constructor(
    readonly totalBytes: number,
    private readonly logger: Logger,
  ) {}

  advance(bytes: number, groupsReplayed: number): void {
    this.#doneBytes += bytes;
    if (this.totalBytes < replayProgressBytesMin) return;
    const tenths = Math.floor((this.#doneBytes * 10) / this.totalBytes);
    if (tenths < this.#nextTenth || tenths >= 10) return;
    this.#nextTenth = tenths + 1;
    this.logger.info("recovery: replaying", {
      percent: tenths * 10,
      bytes: this.#doneBytes,
      total_bytes: this.totalBytes,
      groups: groupsReplayed,
    });
  }
}

async function recoverFile(
  options: RecoverFilesOptions,
  fileNumber: number,
  newest: boolean,
  previous: RecoveredFiles,
  fileSizes: Map<number, number>,
  progress: ReplayProgress,
): Promise<RecoveredFiles> {
  const path = `${options.dir}/${binlogFileName(fileNumber)}`;
  const scanned = scanBinlogFile(await options.disk.readFile(path), path, newest);
  let truncatedAt: BinlogPosition | undefined;
  if (scanned.tornBytes > 0) {
    truncatedAt = { file: fileNumber, offset: scanned.validEnd };
    await cutTail(options, path, scanned.validEnd, scanned.tornBytes);
    fileSizes.set(fileNumber, scanned.validEnd);
  }
  const gtidExecuted = scanned.previousGtids.clone();
  for (const group of scanned.groups) gtidExecuted.add(...gtidOfGroup(group.events, path));
  let groupsReplayed = previous.groupsReplayed;
  for (const group of groupsToReplay(scanned, fileNumber, options, path)) {
    const { record } = decodeTransaction(group.events, options.lookupTable);
    await options.replay(record, { file: fileNumber, offset: group.end });
    groupsReplayed += 1;
    progress.advance(group.end - group.start, groupsReplayed);
  }
  const lastGroup = scanned.groups[scanned.groups.length - 1];
  return {
    filesScanned: previous.filesScanned + 1,
    groupsReplayed,
    truncatedBytes: scanned.tornBytes,
    truncatedAt,
    logEnd: lastGroup === undefined ? previous.logEnd : { file: fileNumber, offset: lastGroup.end },
    gtidExecuted,
    fileSizes,
    newestRotated: scanned.rotated,
  };
}

async function cutTail(
  options: RecoverFilesOptions,
  path: string,
  validEnd: number,
  tornBytes: number,
): Promise<void> {
  options.logger.warn("binlog: cutting a torn tail", { file: path, offset: validEnd, tornBytes });
  const handle = await options.disk.openAppend(path);
  try {
    await handle.truncate(validEnd);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
