/**
 * restoreBinlogFromStore: before `Binlog.open`, makes the local binlog directory hold every file
 * recovery needs, taking from the object store what the disk lacks, so a node with an empty (or
 * stale) datadir recovers exactly as the writer that archived the log would have.
 *
 * Rules (files below the manifest's file `from.file` are never needed and never touched):
 * - Empty or missing directory: every archived file >= from.file is downloaded.
 * - Warm restart (the newest local file is at least as new as the newest archived one): a local
 *   file at least as long as its archived copy is kept (its tail may not be archived yet; the
 *   archiver uploads it after recovery); a shorter one gets the missing remainder appended; a
 *   missing one is downloaded.
 * - Takeover (another node restored from the store and wrote newer bytes or files): the store
 *   wins. The first local file >= from.file whose bytes differ from its archived copy where
 *   both have them (checked on the archived slice holding the last common byte), and every
 *   later local file, is renamed `binlog.NNNNNN.stale-<ms>` with a warning, and the archived
 *   copy is downloaded. A local file that is a prefix of its archived copy (the other node only
 *   added its ROTATE) is simply extended.
 * Then binlog.index is replaced to list the consecutive run of files that ends at the newest.
 *
 * Downloads append slice by slice to the file and sync it at the end, so an interrupted restore
 * leaves a prefix of each file, which the next restore extends. Which slices make up a file:
 * binlog-slice-chain.ts.
 */

import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import type { ObjectStore } from "../objectstore/object-store.ts";
import type { BranchRoot } from "../objectstore/object-paths.ts";
import { binlogRestoreFetchesInFlightMax } from "../constants.ts";
import { assert } from "../util/assert.ts";
import { bytesEqual } from "../util/bytes.ts";
import type { Clock } from "../util/clock.ts";
import type { LocalDisk } from "../util/local-disk.ts";
import type { Logger } from "../util/log.ts";
import {
  BINLOG_INDEX_FILE_NAME,
  binlogFileName,
  encodeBinlogIndex,
  parseBinlogFileName,
} from "./binlog-file-format.ts";
import { type ArchivedFiles, readArchivedFiles, type SliceChain } from "./binlog-slice-chain.ts";

export interface BinlogRestoreOptions {
  readonly store: ObjectStore;
  readonly root: BranchRoot;
  readonly disk: LocalDisk;
  /** The binlog directory (as BinlogOptions.dir). */
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The manifest's binlog position: recovery replays from there. */
  readonly from: BinlogPosition;
}

export interface BinlogRestoreReport {
  /** Files written or extended from the store. */
  readonly filesDownloaded: number;
  readonly slicesDownloaded: number;
  readonly bytesDownloaded: number;
  /** Local files moved aside (their new names). */
  readonly staleFiles: readonly string[];
  /** The files binlog.index lists afterwards. */
  readonly files: readonly string[];
  /**
   * What the store held, from the oldest local file on: hand it to BinlogArchiver.start
   * (through `useArchivedListing`) so a boot lists the slices once, not twice.
   */
  readonly archived: ArchivedFiles;
}

/** A progress line is logged after this many bytes or objects since the last one. */
const PROGRESS_BYTES = 64 * 1024 * 1024;
const PROGRESS_OBJECTS = 256;

interface Progress {
  files: number;
  slices: number;
  bytes: number;
  loggedSlices: number;
  loggedBytes: number;
}

/** See the file header. */
export async function restoreBinlogFromStore(
  options: BinlogRestoreOptions,
): Promise<BinlogRestoreReport> {
  const { store, root, disk, dir, clock, logger } = options;
  const started = clock.monotonicMs();
  await disk.mkdirp(dir);
  const fromFile = Math.max(options.from.file, 1);
  const local = await localSizes(disk, dir);
  // From the oldest local file, which the archiver needs at start (it uploads any tail the
  // store lacks); only files >= fromFile are compared and downloaded here.
  const oldestLocal = Math.min(fromFile, ...local.keys());
  const archived = await readArchivedFiles(store, root, oldestLocal);
  const { chains, fencedFiles } = archived;
  if (fencedFiles.length > 0) {
    logger.warn("binlog restore: skipping files only a fenced writer wrote", {
      firstFile: binlogFileName(fencedFiles[0]!), files: fencedFiles.length,
    });
  }
  const progress: Progress = { files: 0, slices: 0, bytes: 0, loggedSlices: 0, loggedBytes: 0 };
  const staleFiles: string[] = [];
  // Once one local file differs from its archived copy, it and every later one are another
  // history than the store's, which wins.
  let diverged = false;
  for (const [file, size] of [...local].sort(([a], [b]) => a - b)) {
    if (file < fromFile) continue;
    const chain = chains.get(file);
    if (!diverged && chain !== undefined) diverged = !(await agrees(options, file, size, chain));
    if (!diverged) continue;
    const stale = `${binlogFileName(file)}.stale-${clock.nowMs()}`;
    logger.warn("binlog restore: the object store holds another history of this binlog file " +
      "(another node took over); the local file is moved aside", {
      file: binlogFileName(file), movedTo: stale,
    });
    await disk.rename(`${dir}/${binlogFileName(file)}`, `${dir}/${stale}`);
    local.delete(file);
    staleFiles.push(stale);
  }
  for (const chain of chains.values()) {
    if (chain.file < fromFile) continue;
    const size = local.get(chain.file) ?? 0;
    if (size >= chain.endPos) continue;
    await download(options, chain, size, progress);
    local.set(chain.file, chain.endPos);
  }
  await disk.fsync(dir);
  const files = listedRun(local, logger);
  if (chains.size > 0 || staleFiles.length > 0) {
    await disk.writeFileAtomic(`${dir}/${BINLOG_INDEX_FILE_NAME}`, encodeBinlogIndex(files));
  }
  const report: BinlogRestoreReport = {
    filesDownloaded: progress.files,
    slicesDownloaded: progress.slices,
    bytesDownloaded: progress.bytes,
    staleFiles,
    files: files.map(binlogFileName),
    archived,
  };
  logger.info("binlog restore: done", {
    files: report.filesDownloaded, objects: report.slicesDownloaded,
    bytes: report.bytesDownloaded, staleFiles: staleFiles.length,
    elapsedMs: Math.round(clock.monotonicMs() - started),
  });
  return report;
}

/** Sizes of the local binlog.NNNNNN files, by number. */
async function localSizes(disk: LocalDisk, dir: string): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  for (const entry of await disk.list(dir)) {
    const file = entry.isDirectory ? undefined : parseBinlogFileName(entry.name);
    if (file !== undefined) sizes.set(file, (await disk.stat(`${dir}/${entry.name}`)).size);
  }
  return sizes;
}

/**
 * True when the local file and its archived copy agree where they overlap, judged by the
 * archived slice that holds the last common byte: two histories of one file differ there (their
 * events carry other GTIDs, positions and checksums).
 */
async function agrees(
  options: BinlogRestoreOptions,
  file: number,
  size: number,
  chain: SliceChain,
): Promise<boolean> {
  const common = Math.min(size, chain.endPos);
  const slice = chain.slices.findLast((candidate) => candidate.startPos < common);
  if (slice === undefined) return true;
  const length = Math.min(slice.endPos, common) - slice.startPos;
  const path = `${options.dir}/${binlogFileName(file)}`;
  const localBytes = await options.disk.readRange(path, slice.startPos, length);
  return bytesEqual(localBytes, await options.store.getRange(slice.key, 0, length));
}

/** Appends the archived bytes of `chain` from `size` on to the local file. */
async function download(
  options: BinlogRestoreOptions,
  chain: SliceChain,
  size: number,
  progress: Progress,
): Promise<void> {
  const { store, disk, dir, logger } = options;
  const path = `${dir}/${binlogFileName(chain.file)}`;
  const handle = await disk.openAppend(path);
  try {
    assert(handle.sizeBytes === size, `binlog restore: ${path} changed size`);
    const wanted = chain.slices.filter((slice) => slice.endPos > size);
    const fetch = (slice: (typeof wanted)[number]): Promise<Uint8Array> =>
      slice.startPos >= size
        ? store.get(slice.key)
        : store.getRange(slice.key, size - slice.startPos, slice.endPos - size);
    // Up to binlogRestoreFetchesInFlightMax GETs run ahead of the append, which stays in order:
    // a chain of small slices (object_store mode writes one per group) would otherwise cost one
    // round trip each, in sequence.
    const inFlight: Promise<Uint8Array>[] = [];
    let next = 0;
    for (const slice of wanted) {
      while (next < wanted.length && inFlight.length < binlogRestoreFetchesInFlightMax) {
        const pending = fetch(wanted[next]!);
        // If an earlier fetch fails, the restore throws and these are never awaited.
        pending.catch(() => undefined);
        inFlight.push(pending);
        next += 1;
      }
      const bytes = await inFlight.shift()!;
      assert(handle.sizeBytes + bytes.length === slice.endPos, `binlog restore: ${slice.key} size`);
      await handle.append(bytes);
      progress.slices += 1;
      progress.bytes += bytes.length;
      if (progress.slices - progress.loggedSlices >= PROGRESS_OBJECTS ||
        progress.bytes - progress.loggedBytes >= PROGRESS_BYTES) {
        progress.loggedSlices = progress.slices;
        progress.loggedBytes = progress.bytes;
        logger.info("binlog restore: progress", {
          file: binlogFileName(chain.file), objects: progress.slices, bytes: progress.bytes,
        });
      }
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  progress.files += 1;
}

/** The consecutive run of file numbers ending at the newest (what binlog.index may list). */
function listedRun(sizes: ReadonlyMap<number, number>, logger: Logger): number[] {
  const numbers = [...sizes.keys()].sort((a, b) => a - b);
  let start = numbers.length - 1;
  while (start > 0 && numbers[start - 1] === numbers[start]! - 1) start -= 1;
  if (start > 0) {
    logger.warn("binlog restore: older local binlog files are not contiguous; left unlisted", {
      firstListed: numbers[start] === undefined ? undefined : binlogFileName(numbers[start]!),
    });
  }
  return numbers.slice(Math.max(start, 0));
}
