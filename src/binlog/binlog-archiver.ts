/**
 * BinlogArchiver: copies every byte of every binlog file to the object store as slices
 * `binlog/binlog.<file:06>.<term:020>.<endpos:010>` (object-paths.ts), and writes one index entry
 * (binlog-archive-format.ts) per closed file. The Binlog reports what it wrote (`fileStarted`,
 * `appended`, `fileClosed`); the archiver re-reads the bytes from the local file when it uploads,
 * so it holds only positions in memory, never copies of groups, and reads at most about one
 * slice at a time.
 *
 * Two modes, by the binlog's durability:
 * - "local" / "none" (background): pending bytes go up every `periodMs` after the first of them
 *   was written, at once when `sliceBytesMax` are pending, when a file is closed, and at `close`.
 *   A failed upload keeps its bytes and is tried again a period later (one warning per outage).
 * - "object_store" (before acknowledgement): the Binlog calls `putBeforeAppend` with each group,
 *   file header and ROTATE before it appends them locally; the put is one slice, then the writer
 *   epoch is checked (`fenceCheck`). Only index entries and the tails found at `start` are
 *   uploaded in the background.
 *
 * Invariants:
 * - Per file, slices are contiguous from offset 0: each starts where the previous one ended
 *   (`archivedEnd`), never spans two files, and is created with putIfAbsent (never replaced).
 * - One upload at a time: slices appear in order, and a later slice never exists without the
 *   earlier ones.
 * - A background slice ends where a whole group (or the header, or ROTATE) ends, unless one
 *   group is larger than `sliceBytesMax`.
 * - After a FencedError or an unexpected failure (`failure` set) nothing more is uploaded.
 *
 * Concurrency: single JS thread; state changes only between awaits.
 */

import { FencedError } from "../engine/lsm/fenced-error.ts";
import type { ObjectStore } from "../objectstore/object-store.ts";
import { binlogSliceKey, type BranchRoot } from "../objectstore/object-paths.ts";
import {
  ObjectExistsError,
  ObjectStoreUnavailableError,
} from "../objectstore/object-store-errors.ts";
import { assert } from "../util/assert.ts";
import { bytesEqual } from "../util/bytes.ts";
import type { Clock, TimerHandle } from "../util/clock.ts";
import { CorruptionError } from "../util/errors.ts";
import type { LocalDisk } from "../util/local-disk.ts";
import type { Logger } from "../util/log.ts";
import type { ArchivedSlice } from "./binlog-archive-format.ts";
import { nextIndexSeq, writeIndexEntry } from "./binlog-archive-index.ts";
import { binlogFileName } from "./binlog-file-format.ts";
import { scanBinlogFile } from "./binlog-file-scanner.ts";
import { type ArchivedFiles, readArchivedFiles } from "./binlog-slice-chain.ts";

/** When a commit is acknowledged (`commit_durability`). */
export type BinlogDurability = "local" | "none" | "object_store";

export interface BinlogArchiverOptions {
  readonly store: ObjectStore;
  readonly root: BranchRoot;
  readonly disk: LocalDisk;
  /** The binlog directory (as BinlogOptions.dir). */
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This writer's epoch: the term in every slice key and index entry it writes. */
  readonly term: bigint;
  readonly durability: BinlogDurability;
  /** `binlog_archive_period`, ms. */
  readonly periodMs: number;
  /** `binlog_archive_slice_max_size`, bytes. */
  readonly sliceBytesMax: number;
  /** Reads WRITER_EPOCH; throws FencedError when a newer writer took over. Called after each
   * slice put in object_store mode, and before each background object in the other modes. */
  readonly fenceCheck: () => Promise<void>;
  /** Told once when background archiving stops for good (fenced, or an unexpected error). */
  readonly onFailure?: (error: Error) => void;
}

/** A local binlog file as the Binlog knows it at `start`. */
export interface LocalBinlogFile {
  readonly file: number;
  readonly sizeBytes: number;
  /** True when the file ends with its ROTATE (no more bytes will be appended). */
  readonly closed: boolean;
}

interface PendingEnd {
  readonly endPos: number;
  /** Monotonic time the bytes up to endPos were written locally. */
  readonly writtenAtMs: number;
}

interface FileState {
  readonly file: number;
  archivedEnd: number;
  readonly slices: ArchivedSlice[];
  localEnd: number;
  /** Ends of written units (groups, header, ROTATE) past archivedEnd, ascending. */
  pending: PendingEnd[];
  closedSize: number | undefined;
  previousGtids: string | undefined;
}

/** The header of a file is read in a window this large first (PREVIOUS_GTIDS rarely exceeds it). */
const HEADER_READ_BYTES = 64 * 1024;

export class BinlogArchiver {
  readonly #options: BinlogArchiverOptions;
  readonly #files = new Map<number, FileState>();
  #nextIndexSeq = 1n;
  /** The store's archived files as the boot's restore read them (see useArchivedListing). */
  #archivedAtBoot: ArchivedFiles | undefined;
  #timer: TimerHandle | undefined;
  #pump: Promise<void> | undefined;
  #kickAgain = false;
  #closed = false;
  #failure: Error | undefined;
  #outage = false;
  /** A slice whose put failed as unavailable in object_store mode: it may exist anyway. */
  #suspectKey: string | undefined;
  #slices = 0;
  #bytes = 0;
  #errors = 0;

  constructor(options: BinlogArchiverOptions) {
    assert(Number.isInteger(options.periodMs) && options.periodMs > 0, "archiver: bad period");
    assert(Number.isInteger(options.sliceBytesMax) && options.sliceBytesMax > 0,
      "archiver: bad slice size");
    assert(options.term >= 0n, "archiver: bad term");
    this.#options = options;
  }

  /** True in object_store mode: the Binlog must call `putBeforeAppend` before each append. */
  get beforeAcknowledgement(): boolean {
    return this.#options.durability === "object_store";
  }

  /** What stopped archiving (fenced, or an unexpected error), or undefined while healthy. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * Compares the local files with what the store holds and queues what it lacks (a tail that a
   * crash or outage left unarchived, a missing index entry). In object_store mode it uploads
   * them before returning, so nothing the Binlog appends later can precede a hole.
   */
  /**
   * The listing restoreBinlogFromStore made at boot; `start` uses it instead of listing the
   * store again when it covers the first local file (nothing else writes the branch meanwhile:
   * this writer holds the epoch).
   */
  useArchivedListing(archived: ArchivedFiles): void {
    this.#archivedAtBoot = archived;
  }

  async start(files: readonly LocalBinlogFile[]): Promise<void> {
    const { store, root, term } = this.#options;
    this.#nextIndexSeq = await nextIndexSeq(store, root, term);
    const first = files[0];
    const preloaded = this.#archivedAtBoot;
    this.#archivedAtBoot = undefined;
    if (first === undefined) return;
    const { chains, fencedFiles } =
      preloaded !== undefined && preloaded.fromFile <= first.file
        ? preloaded
        : await readArchivedFiles(store, root, first.file);
    if (fencedFiles.length > 0) {
      this.#options.logger.warn("binlog archive: the store holds files of a fenced writer", {
        firstFile: binlogFileName(fencedFiles[0]!), files: fencedFiles.length,
      });
    }
    for (const local of files) {
      const chain = chains.get(local.file);
      const archivedEnd = chain?.endPos ?? 0;
      const indexed = chain?.entry !== undefined;
      if (local.closed && indexed && archivedEnd === local.sizeBytes) continue;
      if (archivedEnd > local.sizeBytes) {
        // restoreBinlogFromStore downloads what the disk lacks; continuing here would fork.
        throw new CorruptionError(
          `${binlogFileName(local.file)}: the object store holds ${archivedEnd} bytes, the ` +
            `local file ${local.sizeBytes} (restore the binlog from the store first)`,
        );
      }
      this.#files.set(local.file, {
        file: local.file,
        archivedEnd,
        slices: (chain?.slices ?? []).map(({ term: t, endPos }) => ({ term: t, endPos })),
        localEnd: local.sizeBytes,
        pending: this.#tailUnits(archivedEnd, local.sizeBytes),
        closedSize: local.closed ? local.sizeBytes : undefined,
        previousGtids: undefined,
      });
    }
    if (this.beforeAcknowledgement) {
      await this.#drain();
    } else {
      this.#kick();
    }
  }

  /** A tail found at start, cut every sliceBytesMax (its group boundaries are not known). */
  #tailUnits(archivedEnd: number, sizeBytes: number): PendingEnd[] {
    const writtenAtMs = this.#options.clock.monotonicMs();
    const units: PendingEnd[] = [];
    const step = this.#options.sliceBytesMax;
    for (let end = archivedEnd + step; end < sizeBytes; end += step) {
      units.push({ endPos: end, writtenAtMs });
    }
    if (sizeBytes > archivedEnd) units.push({ endPos: sizeBytes, writtenAtMs });
    return units;
  }

  /** A new file is about to be created; `previousGtids` is its PREVIOUS_GTIDS text. */
  fileStarted(file: number, previousGtids: string): void {
    assert(!this.#files.has(file), `archiver: file ${file} started twice`);
    this.#files.set(file, {
      file, archivedEnd: 0, slices: [], localEnd: 0, pending: [], closedSize: undefined,
      previousGtids,
    });
  }

  /**
   * object_store mode: puts `bytes`, which the Binlog will append to `file` at `offset`, as one
   * slice, then checks the writer epoch. ObjectStoreUnavailableError: nothing may be appended,
   * and the next call retries from the same offset. FencedError: another writer took over.
   */
  async putBeforeAppend(file: number, offset: number, bytes: Uint8Array): Promise<void> {
    assert(this.beforeAcknowledgement, "archiver: putBeforeAppend outside object_store mode");
    if (this.#failure !== undefined) throw this.#failure;
    const state = this.#state(file);
    assert(state.archivedEnd === offset, "archiver: put does not continue the file");
    assert(state.localEnd === offset, "archiver: put with unarchived bytes before it");
    assert(bytes.length > 0, "archiver: empty slice");
    const store = this.#options.store;
    if (this.#suspectKey !== undefined) {
      // The last put may have landed although it reported failure; its bytes were never
      // acknowledged, so it is removed before a slice from the same offset is created.
      await store.delete(this.#suspectKey);
      this.#suspectKey = undefined;
    }
    const endPos = offset + bytes.length;
    const key = binlogSliceKey(this.#options.root, { file, term: this.#options.term, endPos });
    try {
      await this.#putSlice(key, bytes);
    } catch (error) {
      if (error instanceof ObjectStoreUnavailableError) {
        this.#suspectKey = key;
        this.#errors += 1;
      }
      throw error;
    }
    state.archivedEnd = endPos;
    state.slices.push({ term: this.#options.term, endPos });
    await this.#options.fenceCheck();
  }

  /** The Binlog appended bytes to `file`; it now ends at `endPos` (a unit boundary). */
  appended(file: number, endPos: number): void {
    const state = this.#state(file);
    assert(endPos >= state.localEnd, "archiver: a file shrank");
    state.localEnd = endPos;
    if (endPos > state.archivedEnd) {
      state.pending.push({ endPos, writtenAtMs: this.#options.clock.monotonicMs() });
    }
    if (this.beforeAcknowledgement || this.#closed) return;
    if (this.pendingBytes() >= this.#options.sliceBytesMax) this.#kick();
    else this.#arm();
  }

  /** `file` is closed (it ends with its ROTATE at `sizeBytes`): upload the rest, then index it. */
  fileClosed(file: number, sizeBytes: number): void {
    const state = this.#state(file);
    assert(state.localEnd === sizeBytes, "archiver: closed size differs from the appended size");
    state.closedSize = sizeBytes;
    if (!this.#closed) this.#kick();
  }

  /** Resolves once no upload pass is running (it does not start one). */
  async idle(): Promise<void> {
    while (this.#pump !== undefined) await this.#pump;
  }

  /** Uploads everything pending now; resolves true when the store holds every byte. */
  async flush(): Promise<boolean> {
    while (this.#pump !== undefined) await this.#pump;
    if (this.#failure !== undefined) return false;
    this.#kick();
    while (this.#pump !== undefined) await this.#pump;
    return this.pendingBytes() === 0 && this.#failure === undefined;
  }

  /**
   * Stops the timer after a last flush (so a clean shutdown leaves the store complete);
   * resolves true when the store then holds every byte.
   */
  async close(): Promise<boolean> {
    if (this.#closed) return this.pendingBytes() === 0 && this.#failure === undefined;
    const complete = await this.flush();
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    if (!complete) {
      this.#options.logger.warn("binlog archive: closing with bytes not in the object store", {
        pendingBytes: this.pendingBytes(),
      });
    }
    return complete;
  }

  /** Bytes written locally and not yet in the store. */
  pendingBytes(): number {
    let total = 0;
    for (const state of this.#files.values()) total += state.localEnd - state.archivedEnd;
    return total;
  }

  /** Age of the oldest byte not yet in the store, ms (0 when none is pending). */
  lagMs(): number {
    let oldest: number | undefined;
    for (const state of this.#files.values()) {
      const first = state.pending[0];
      if (first !== undefined && (oldest === undefined || first.writtenAtMs < oldest)) {
        oldest = first.writtenAtMs;
      }
    }
    return oldest === undefined ? 0 : Math.max(0, this.#options.clock.monotonicMs() - oldest);
  }

  /** SHOW GLOBAL STATUS rows. */
  statusRows(): [string, string][] {
    return [
      ["Binlog_archive_slices", String(this.#slices)],
      ["Binlog_archive_bytes", String(this.#bytes)],
      ["Binlog_archive_pending_bytes", String(this.pendingBytes())],
      ["Binlog_archive_lag_ms", String(Math.round(this.lagMs()))],
      ["Binlog_archive_errors", String(this.#errors)],
    ];
  }

  #state(file: number): FileState {
    const state = this.#files.get(file);
    assert(state !== undefined, `archiver: unknown binlog file ${file}`);
    return state;
  }

  /** Arms the period timer unless it runs already. */
  #arm(): void {
    if (this.#timer !== undefined || this.#closed || this.#failure !== undefined) return;
    this.#timer = this.#options.clock.setTimer(this.#options.periodMs, () => {
      this.#timer = undefined;
      this.#kick();
    });
  }

  /** Starts an upload pass unless one runs (it picks up whatever is pending when it loops). */
  #kick(): void {
    if (this.#failure !== undefined) return;
    if (this.#pump !== undefined) {
      // The running pass may already be past its last look at the files.
      this.#kickAgain = true;
      return;
    }
    this.#kickAgain = false;
    this.#pump = this.#pass().finally(() => {
      this.#pump = undefined;
      const again = this.#kickAgain && !this.#outage;
      this.#kickAgain = false;
      if (again) this.#kick();
      else if (this.#hasWork() && !this.#closed) this.#arm();
    });
  }

  async #pass(): Promise<void> {
    try {
      await this.#drain();
      if (this.#outage) {
        this.#outage = false;
        this.#options.logger.info("binlog archive: the object store is reachable again");
      }
    } catch (error) {
      this.#errors += 1;
      if (error instanceof ObjectStoreUnavailableError) {
        if (!this.#outage) {
          this.#outage = true;
          this.#options.logger.warn("binlog archive: upload failed; retrying every period", {
            pendingBytes: this.pendingBytes(), error: error.message,
          });
        }
        return;
      }
      this.#failure = error instanceof Error ? error : new Error(String(error));
      this.#timer?.cancel();
      this.#timer = undefined;
      this.#options.logger.error("binlog archive stopped", { error: this.#failure.message });
      this.#options.onFailure?.(this.#failure);
    }
  }

  #hasWork(): boolean {
    for (const state of this.#files.values()) {
      if (state.localEnd > state.archivedEnd) return true;
      if (state.closedSize !== undefined) return true;
    }
    return false;
  }

  /**
   * Uploads slices and index entries, lowest file first, up to what was written when the pass
   * began. Bytes appended during the pass wait for the next period (or the size trigger): under
   * steady load a pass that chased every new group would PUT once per round trip, not once
   * per period.
   */
  async #drain(): Promise<void> {
    const targets = new Map<number, number>();
    for (const state of this.#files.values()) targets.set(state.file, state.localEnd);
    for (;;) {
      const state = [...this.#files.values()]
        .filter((s) => {
          const target = targets.get(s.file);
          if (target === undefined) return false;
          const indexDue = s.closedSize !== undefined && s.archivedEnd === s.closedSize;
          return target > s.archivedEnd || indexDue;
        })
        .sort((a, b) => a.file - b.file)[0];
      if (state === undefined) return;
      // A writer another node has fenced must stop before its next object, not after it:
      // one read of WRITER_EPOCH per background object (about one a period under load, none
      // when idle).
      if (!this.beforeAcknowledgement) await this.#options.fenceCheck();
      const target = targets.get(state.file)!;
      if (target > state.archivedEnd) {
        await this.#uploadSlice(state, target);
      } else {
        await this.#writeIndexEntry(state);
        this.#files.delete(state.file);
      }
    }
  }

  async #uploadSlice(state: FileState, target: number): Promise<void> {
    const start = state.archivedEnd;
    const limit = Math.min(start + this.#options.sliceBytesMax, target);
    let end = state.pending[0]?.endPos ?? target;
    for (const unit of state.pending) if (unit.endPos <= limit) end = unit.endPos;
    const path = `${this.#options.dir}/${binlogFileName(state.file)}`;
    const bytes = await this.#options.disk.readRange(path, start, end - start);
    assert(bytes.length === end - start, `archiver: ${path} is shorter than ${end}`);
    const key = binlogSliceKey(this.#options.root, {
      file: state.file, term: this.#options.term, endPos: end,
    });
    await this.#putSlice(key, bytes);
    assert(state.archivedEnd === start, "archiver: two uploads of one file at once");
    state.archivedEnd = end;
    state.slices.push({ term: this.#options.term, endPos: end });
    state.pending = state.pending.filter((unit) => unit.endPos > end);
  }

  /** putIfAbsent; a key that exists with the same bytes is an earlier attempt that landed. */
  async #putSlice(key: string, bytes: Uint8Array): Promise<void> {
    const store = this.#options.store;
    try {
      await store.putIfAbsent(key, bytes);
    } catch (error) {
      if (!(error instanceof ObjectExistsError)) throw error;
      const existing = await store.get(key);
      if (!bytesEqual(existing, bytes)) {
        throw new FencedError(this.#options.term, `binlog slice ${key} exists with other bytes`);
      }
    }
    this.#slices += 1;
    this.#bytes += bytes.length;
  }

  async #writeIndexEntry(state: FileState): Promise<void> {
    const sizeBytes = state.closedSize;
    assert(sizeBytes !== undefined && state.archivedEnd === sizeBytes, "archiver: index early");
    const path = `${this.#options.dir}/${binlogFileName(state.file)}`;
    state.previousGtids ??= await readPreviousGtids(this.#options.disk, path);
    const { store, root, term } = this.#options;
    await writeIndexEntry(store, root, this.#nextIndexSeq, {
      file: state.file, term, sizeBytes, slices: state.slices, previousGtids: state.previousGtids,
    });
    this.#nextIndexSeq += 1n;
  }
}

/** The PREVIOUS_GTIDS text of a local binlog file, from its header. */
async function readPreviousGtids(disk: LocalDisk, path: string): Promise<string> {
  const head = await disk.readRange(path, 0, HEADER_READ_BYTES);
  try {
    return scanBinlogFile(head, path, true).previousGtids.toString();
  } catch {
    // The header is longer than the window: read the whole file once.
    return scanBinlogFile(await disk.readFile(path), path, true).previousGtids.toString();
  }
}
