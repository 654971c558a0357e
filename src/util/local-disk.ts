/**
 * LocalDisk: the one interface through which storage code touches the local file system (as
 * leveldb's Env). `NodeLocalDisk` implements it with node:fs/promises; `MemoryLocalDisk`
 * (memory-local-disk.ts) implements it in memory for tests and simulation, including crashes.
 *
 * Durability contract, which both implementations honour:
 * - `writeFileAtomic` and `createExclusive` are durable when they resolve: the content is
 *   fsync'd before it becomes visible under its name, and the directory is fsync'd afterwards,
 *   so a crash leaves either the old state or the complete new file, never a torn one.
 * - `append` with `sync: true` is durable when it resolves; plain `append`, `rename` and `unlink`
 *   are durable only after `fsync` of the file (content) or of its directory (names).
 * - `mkdirp` is durable when it resolves (each new directory's parent is fsync'd).
 * - An `AppendHandle` (from `openAppend`) is a file opened once for many appends, as a log writer
 *   needs: its appends and truncations are durable only after its `sync`, and a new file's name
 *   only after an fsync of its directory.
 * - A `ReadHandle` (from `openRead`, the optional `RandomReadDisk` capability) is a file opened
 *   once for many positioned reads, as an SST reader needs (leveldb's RandomAccessFile). It reads
 *   the file it opened: a later rename over the name or an unlink does not change what it sees,
 *   so it is meant for files that are never modified in place (immutable objects).
 * Temporary files are created in the target's directory with names starting with
 * `localDiskTempPrefix`; callers that list directories skip names that start with ".".
 *
 * Failures are typed: FileNotFoundError, FileExistsError, or LocalIoError (util/errors.ts).
 */

import * as fs from "node:fs/promises";
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  openSync,
  readSync,
  writeSync,
} from "node:fs";
import { assert } from "./assert.ts";
import { FileExistsError, FileNotFoundError, LocalIoError } from "./errors.ts";

/** Names of temporary files start with this; it begins with "." so listings can skip them. */
export const localDiskTempPrefix = ".tmp.";

export interface LocalFileStat {
  readonly size: number;
  /** Last modification, milliseconds since the Unix epoch. */
  readonly mtimeMs: number;
  readonly isDirectory: boolean;
}

export interface LocalDirEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/**
 * A file opened once for appending (a log segment). Appends go to the end in call order; the
 * caller must not start an operation before the previous one settled (one writer, no overlap).
 */
export interface AppendHandle {
  readonly path: string;
  /** The file's current size in bytes, including appends not yet synced. */
  readonly sizeBytes: number;
  /** Appends all of `bytes` at the end of the file. */
  append(bytes: Uint8Array): Promise<void>;
  /** Flushes the file's content (appends and truncations so far) to stable storage. */
  sync(): Promise<void>;
  /** Cuts the file to `sizeBytes` (at most the current size); durable after `sync`. */
  truncate(sizeBytes: number): Promise<void>;
  /** Closes the handle; it must not be used afterwards. Does not sync. */
  close(): Promise<void>;
}

/**
 * A file opened once for positioned reads. Reads may run concurrently; `close` may be called
 * while reads are in flight (they complete first), and no read may start after it.
 */
export interface ReadHandle {
  readonly path: string;
  /** The file's size when it was opened. */
  readonly sizeBytes: number;
  /** Up to `length` bytes from `offset`; shorter only at end of file. */
  readRange(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Optional LocalDisk capability: open a file for many positioned reads. */
export interface RandomReadDisk {
  /** Opens `path` for reading (FileNotFoundError when missing). */
  openRead(path: string): Promise<ReadHandle>;
}

/** True when `disk` can open read handles (NodeLocalDisk can; others read by path). */
export function isRandomReadDisk(disk: LocalDisk): disk is LocalDisk & RandomReadDisk {
  return typeof (disk as Partial<RandomReadDisk>).openRead === "function";
}

export interface LocalDisk {
  /** The whole file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Up to `length` bytes from `offset`; shorter only at end of file. */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Replaces (or creates) `path` atomically and durably: temp + fsync + rename + fsync dir. */
  writeFileAtomic(path: string, bytes: Uint8Array): Promise<void>;
  /** Creates `path` with `bytes` only if nothing exists there (FileExistsError otherwise);
   * atomic (never visible half-written) and durable. */
  createExclusive(path: string, bytes: Uint8Array): Promise<void>;
  /** Renames, replacing any file at `to`. Durable after fsync of both directories. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file. Durable after fsync of its directory. */
  unlink(path: string): Promise<void>;
  /** The entries of a directory, in no particular order. */
  list(dir: string): Promise<readonly LocalDirEntry[]>;
  stat(path: string): Promise<LocalFileStat>;
  /** Creates a directory and its missing parents; no error if it exists. */
  mkdirp(dir: string): Promise<void>;
  /** Flushes a file's content, or a directory's entries, to stable storage. */
  fsync(path: string): Promise<void>;
  /** Appends to `path` (created if missing); with `sync`, fsyncs the file before resolving. */
  append(path: string, bytes: Uint8Array, options?: { readonly sync?: boolean }): Promise<void>;
  /** Opens `path` for appending, creating it empty if missing (the name is durable only after
   * an fsync of its directory). */
  openAppend(path: string): Promise<AppendHandle>;
}

/** The directory part of a '/'-separated path ("/" for a top-level entry, "." for a bare name). */
export function parentDirectory(path: string): string {
  const slash = path.lastIndexOf("/");
  if (slash < 0) return ".";
  if (slash === 0) return "/";
  return path.slice(0, slash);
}

/** The last component of a '/'-separated path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

let tempCounter = 0;

/** A fresh temporary name beside `path`, unique within this process and across processes. */
export function tempPathFor(path: string): string {
  tempCounter += 1;
  const dir = parentDirectory(path);
  const name = `${localDiskTempPrefix}${process.pid}.${tempCounter}.${baseName(path)}`;
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

/** Maps a Node system error to the typed errors; anything without an errno code is rethrown. */
function translate(error: unknown, path: string): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") throw new FileNotFoundError(path, { cause: error });
  if (code === "EEXIST") throw new FileExistsError(path, { cause: error });
  if (typeof code === "string") {
    const message = error instanceof Error ? error.message : String(error);
    throw new LocalIoError(path, code, `${code} on ${path}: ${message}`, { cause: error });
  }
  throw error;
}

export class NodeLocalDisk implements LocalDisk, RandomReadDisk {
  async openRead(path: string): Promise<ReadHandle> {
    let descriptor: number | undefined;
    try {
      descriptor = openSync(path, "r");
      const stats = fstatSync(descriptor);
      if (stats.isDirectory()) {
        throw Object.assign(new Error(`EISDIR: ${path} is a directory`), { code: "EISDIR" });
      }
      return new NodeReadHandle(path, descriptor, stats.size);
    } catch (error) {
      if (descriptor !== undefined) closeSync(descriptor);
      return translate(error, path);
    }
  }

  async readFile(path: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await fs.readFile(path));
    } catch (error) {
      return translate(error, path);
    }
  }

  async readRange(path: string, offset: number, length: number): Promise<Uint8Array> {
    assert(Number.isSafeInteger(offset) && offset >= 0, "readRange: bad offset");
    assert(Number.isSafeInteger(length) && length >= 0, "readRange: bad length");
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(path, "r");
      const buffer = new Uint8Array(length);
      let filled = 0;
      // A single read may return less than asked before end of file; loop until EOF or full.
      while (filled < length) {
        const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === length ? buffer : buffer.subarray(0, filled);
    } catch (error) {
      return translate(error, path);
    } finally {
      await handle?.close();
    }
  }

  async writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
    const temp = await this.#writeTemp(path, bytes);
    try {
      await fs.rename(temp, path);
    } catch (error) {
      await fs.rm(temp, { force: true });
      return translate(error, path);
    }
    await this.fsync(parentDirectory(path));
  }

  async createExclusive(path: string, bytes: Uint8Array): Promise<void> {
    // link(2) fails with EEXIST when the name is taken, and the linked file is already complete
    // and fsync'd, so no reader or crash ever sees a partial object and no writer overwrites.
    const temp = await this.#writeTemp(path, bytes);
    try {
      await fs.link(temp, path);
    } catch (error) {
      return translate(error, path);
    } finally {
      await fs.rm(temp, { force: true });
    }
    await this.fsync(parentDirectory(path));
  }

  async rename(from: string, to: string): Promise<void> {
    try {
      await fs.rename(from, to);
    } catch (error) {
      return translate(error, from);
    }
  }

  async unlink(path: string): Promise<void> {
    try {
      await fs.unlink(path);
    } catch (error) {
      return translate(error, path);
    }
  }

  async list(dir: string): Promise<readonly LocalDirEntry[]> {
    try {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      return entries.map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }));
    } catch (error) {
      return translate(error, dir);
    }
  }

  async stat(path: string): Promise<LocalFileStat> {
    try {
      const stats = await fs.stat(path);
      return { size: stats.size, mtimeMs: stats.mtimeMs, isDirectory: stats.isDirectory() };
    } catch (error) {
      return translate(error, path);
    }
  }

  async mkdirp(dir: string): Promise<void> {
    try {
      const firstCreated = await fs.mkdir(dir, { recursive: true });
      if (firstCreated === undefined) return;
      // Make every new directory's name durable: fsync the parent of each one created.
      let current = dir;
      for (;;) {
        await this.fsync(parentDirectory(current));
        if (current === firstCreated || current.length <= firstCreated.length) break;
        current = parentDirectory(current);
      }
    } catch (error) {
      return translate(error, dir);
    }
  }

  async fsync(path: string): Promise<void> {
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(path, fsConstants.O_RDONLY);
      await handle.sync();
    } catch (error) {
      return translate(error, path);
    } finally {
      await handle?.close();
    }
  }

  async append(
    path: string,
    bytes: Uint8Array,
    options?: { readonly sync?: boolean },
  ): Promise<void> {
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(path, "a");
      await handle.writeFile(bytes);
      if (options?.sync === true) await handle.sync();
    } catch (error) {
      return translate(error, path);
    } finally {
      await handle?.close();
    }
  }

  async openAppend(path: string): Promise<AppendHandle> {
    let handle: fs.FileHandle;
    let sizeBytes: number;
    try {
      handle = await fs.open(path, "a");
      sizeBytes = (await handle.stat()).size;
    } catch (error) {
      return translate(error, path);
    }
    return new NodeAppendHandle(path, handle, sizeBytes);
  }

  /** Writes `bytes` to a fresh temp file beside `path` and fsyncs it; returns the temp path. */
  async #writeTemp(path: string, bytes: Uint8Array): Promise<string> {
    const temp = tempPathFor(path);
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(temp, "wx");
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle?.close();
      handle = undefined;
      await fs.rm(temp, { force: true });
      return translate(error, temp);
    } finally {
      await handle?.close();
    }
    return temp;
  }
}

/**
 * AppendHandle over one open file descriptor (O_APPEND, so every write lands at the end).
 * Appends are blocking write(2)s: they only copy into the page cache (a few µs, where Bun's
 * thread-pool round trip for an asynchronous write costs ~17 µs), and each finishes before the
 * next starts, as the one-writer contract requires. `sync` stays asynchronous, because a
 * device flush can take milliseconds and the event loop must keep running meanwhile; it is
 * fdatasync(2), as leveldb's log: it makes the appended bytes and the file size durable, and
 * skips only metadata a reader does not need (timestamps).
 */
class NodeAppendHandle implements AppendHandle {
  readonly path: string;
  readonly #handle: fs.FileHandle;
  #sizeBytes: number;
  #closed = false;

  constructor(path: string, handle: fs.FileHandle, sizeBytes: number) {
    this.path = path;
    this.#handle = handle;
    this.#sizeBytes = sizeBytes;
  }

  get sizeBytes(): number {
    return this.#sizeBytes;
  }

  async append(bytes: Uint8Array): Promise<void> {
    assert(!this.#closed, "append handle: used after close");
    let written = 0;
    try {
      // A single write may be short (signals, quotas); keep writing until all bytes are down.
      while (written < bytes.length) {
        const bytesWritten = writeSync(this.#handle.fd, bytes, written, bytes.length - written);
        assert(bytesWritten > 0, "append handle: write made no progress");
        written += bytesWritten;
      }
    } catch (error) {
      // Bytes written before the failure are in the file; count them so truncate stays honest.
      this.#sizeBytes += written;
      return translate(error, this.path);
    }
    this.#sizeBytes += bytes.length;
  }

  async sync(): Promise<void> {
    assert(!this.#closed, "append handle: used after close");
    try {
      await this.#handle.datasync();
    } catch (error) {
      return translate(error, this.path);
    }
  }

  async truncate(sizeBytes: number): Promise<void> {
    assert(!this.#closed, "append handle: used after close");
    assert(Number.isSafeInteger(sizeBytes) && sizeBytes >= 0, "truncate: bad size");
    assert(sizeBytes <= this.#sizeBytes, "truncate: beyond the end of the file");
    try {
      await this.#handle.truncate(sizeBytes);
    } catch (error) {
      return translate(error, this.path);
    }
    this.#sizeBytes = sizeBytes;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#handle.close();
    } catch (error) {
      return translate(error, this.path);
    }
  }
}

/**
 * ReadHandle over one file descriptor. Reads are blocking pread(2)s, as leveldb's
 * PosixRandomAccessFile: the files read this way are SSTs, mostly in the page cache, where a
 * pread costs ~3 µs and Bun's thread-pool round trip for an asynchronous read ~17 µs. A read
 * that must go to the device blocks the event loop for that long; that is the trade leveldb
 * makes too. Because each read finishes before `readRange` returns, closing can never race one.
 */
class NodeReadHandle implements ReadHandle {
  readonly path: string;
  readonly sizeBytes: number;
  readonly #descriptor: number;
  #closed = false;

  constructor(path: string, descriptor: number, sizeBytes: number) {
    this.path = path;
    this.#descriptor = descriptor;
    this.sizeBytes = sizeBytes;
  }

  readRange(offset: number, length: number): Promise<Uint8Array> {
    assert(!this.#closed, "read handle: used after close");
    assert(Number.isSafeInteger(offset) && offset >= 0, "readRange: bad offset");
    assert(Number.isSafeInteger(length) && length >= 0, "readRange: bad length");
    const buffer = new Uint8Array(length);
    let filled = 0;
    try {
      // A single read may return less than asked before end of file; loop until EOF or full.
      while (filled < length) {
        const position = offset + filled;
        const bytesRead = readSync(this.#descriptor, buffer, filled, length - filled, position);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
    } catch (error) {
      return Promise.reject(translateOrError(error, this.path));
    }
    return Promise.resolve(filled === length ? buffer : buffer.subarray(0, filled));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      closeSync(this.#descriptor);
    } catch (error) {
      return translate(error, this.path);
    }
  }
}

/** The typed error `translate` would throw for `error`, as a value. */
function translateOrError(error: unknown, path: string): unknown {
  try {
    return translate(error, path);
  } catch (typed) {
    return typed;
  }
}
