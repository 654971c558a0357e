/**
 * BinlogFileWriter: the one open binlog file new event groups are appended to. It creates the
 * file with its whole header (magic, FORMAT_DESCRIPTION, PREVIOUS_GTIDS) atomically and durably,
 * so a file that exists always has a complete header (binlog-file-format.ts), then appends
 * through one AppendHandle, and ends the file with a ROTATE naming its successor.
 *
 * Invariants: `sizeBytes` is the offset the next event starts at, and every appended byte string
 * is whole events whose positions were computed from it. The caller (Binlog) serializes calls:
 * at most one append, sync or close is in flight.
 *
 * `BeforeAppend` hooks run with the exact bytes and offset before they reach the local file (the
 * object_store durability puts them in the object store first); a hook that rejects leaves the
 * file untouched.
 */

import type { GtidSet } from "./gtid-set.ts";
import { BINLOG_MAGIC } from "./binlog-event-format.ts";
import { binlogFileName } from "./binlog-file-format.ts";
import { encodeFormatDescription, encodePreviousGtids, encodeRotate } from "./event-encoder.ts";
import { assert } from "../util/assert.ts";
import { concatBytes } from "../util/bytes.ts";
import { FileExistsError } from "../util/errors.ts";
import type { AppendHandle, LocalDisk } from "../util/local-disk.ts";

/** Called with bytes about to be written at `offset` of the file; see the file header. */
export type BeforeAppend = (offset: number, bytes: Uint8Array) => Promise<void>;

/** What the header of a new file says. */
export interface BinlogFileHeader {
  readonly serverId: number;
  readonly serverVersion: string;
  readonly timestampSeconds: number;
  /** gtid_executed when the file starts: every GTID in earlier files. */
  readonly previousGtids: GtidSet;
}

/** The header bytes of a new file: magic, FORMAT_DESCRIPTION, PREVIOUS_GTIDS. */
export function encodeBinlogFileHeader(header: BinlogFileHeader): Uint8Array {
  const formatDescription = encodeFormatDescription(
    header.serverVersion,
    header.serverId,
    header.timestampSeconds,
  );
  const previousGtids = encodePreviousGtids(
    header.previousGtids,
    header.serverId,
    BINLOG_MAGIC.length + formatDescription.length,
    header.timestampSeconds,
  );
  return concatBytes([BINLOG_MAGIC, formatDescription, previousGtids]);
}

/**
 * Appends a ROTATE naming file `nextFileNumber` to the file at `path` (whose events end at its
 * current size) and makes it durable. Used to close the newest file found at start-up.
 */
export async function appendRotate(
  disk: LocalDisk,
  path: string,
  nextFileNumber: number,
  serverId: number,
  timestampSeconds: number,
  beforeAppend?: BeforeAppend,
): Promise<number> {
  const handle = await disk.openAppend(path);
  try {
    const rotate = encodeRotate(
      binlogFileName(nextFileNumber),
      serverId,
      handle.sizeBytes,
      timestampSeconds,
    );
    if (beforeAppend !== undefined) await beforeAppend(handle.sizeBytes, rotate);
    await handle.append(rotate);
    await handle.sync();
    return handle.sizeBytes;
  } finally {
    await handle.close();
  }
}

export class BinlogFileWriter {
  readonly fileNumber: number;
  readonly name: string;
  readonly #handle: AppendHandle;
  #closed = false;

  private constructor(fileNumber: number, handle: AppendHandle) {
    this.fileNumber = fileNumber;
    this.name = binlogFileName(fileNumber);
    this.#handle = handle;
  }

  /**
   * Creates `dir`/binlog.NNNNNN with its header, durably. A file already there can only be one
   * a crash left before binlog.index listed it (REQUIRES: the caller checked the index), so it
   * holds no transaction and is replaced.
   */
  static async create(
    disk: LocalDisk,
    dir: string,
    fileNumber: number,
    header: BinlogFileHeader,
    beforeAppend?: BeforeAppend,
  ): Promise<BinlogFileWriter> {
    const path = `${dir}/${binlogFileName(fileNumber)}`;
    const bytes = encodeBinlogFileHeader(header);
    if (beforeAppend !== undefined) await beforeAppend(0, bytes);
    try {
      await disk.createExclusive(path, bytes);
    } catch (error) {
      if (!(error instanceof FileExistsError)) throw error;
      await disk.unlink(path);
      await disk.createExclusive(path, bytes);
    }
    const handle = await disk.openAppend(path);
    assert(handle.sizeBytes === bytes.length, "binlog file: header size mismatch after create");
    return new BinlogFileWriter(fileNumber, handle);
  }

  /** The file's size: where the next event starts. */
  get sizeBytes(): number {
    return this.#handle.sizeBytes;
  }

  /** Appends whole events (REQUIRES: positioned at `sizeBytes`). Durable after `sync`. */
  async append(bytes: Uint8Array): Promise<void> {
    assert(!this.#closed, "binlog file: append after close");
    await this.#handle.append(bytes);
  }

  async sync(): Promise<void> {
    assert(!this.#closed, "binlog file: sync after close");
    await this.#handle.sync();
  }

  /** Ends the file with a ROTATE naming the next file, syncs and closes it. */
  async closeWithRotate(
    serverId: number,
    timestampSeconds: number,
    beforeAppend?: BeforeAppend,
  ): Promise<void> {
    const rotate = encodeRotate(
      binlogFileName(this.fileNumber + 1),
      serverId,
      this.sizeBytes,
      timestampSeconds,
    );
    if (beforeAppend !== undefined) await beforeAppend(this.sizeBytes, rotate);
    await this.append(rotate);
    await this.sync();
    await this.close();
  }

  /** Closes the handle without syncing. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close();
  }
}
