/**
 * MemoryLocalDisk: an in-memory LocalDisk for tests and seeded simulation (leveldb's memenv)
 * that models what survives a power loss. Each file is an inode with its current bytes and its
 * last fsync'd bytes; each name binding is current and, separately, durable. `crash()` drops
 * everything not made durable: names revert to the bindings last persisted by a directory fsync
 * and contents revert to the bytes last persisted by a file fsync.
 *
 * Simplifications (documented, deliberate): directories are never removed and are durable as
 * soon as `mkdirp` resolves (NodeLocalDisk fsyncs their parents to match); paths must be
 * absolute and normalised ("/a/b", no "." or ".." components, no trailing '/').
 */

import { assert } from "./assert.ts";
import { type Clock, SystemClock } from "./clock.ts";
import { FileExistsError, FileNotFoundError, LocalIoError } from "./errors.ts";
import {
  type AppendHandle,
  type LocalDirEntry,
  type LocalDisk,
  type LocalFileStat,
  baseName,
  parentDirectory,
  tempPathFor,
} from "./local-disk.ts";

/**
 * A file's bytes: a buffer that grows by doubling (so a log's appends cost amortized O(bytes))
 * and the prefix of it that is the content. Bytes inside the content never change in place:
 * appends write past the end and every other change installs a new buffer, so a view of the
 * content (`data`) stays valid forever and `synced` can share it without a copy.
 */
class Inode {
  #buffer: Uint8Array;
  #length: number;

  constructor(
    data: Uint8Array,
    public synced: Uint8Array,
    public mtimeMs: number,
  ) {
    this.#buffer = data;
    this.#length = data.length;
  }

  /** The current content (a view; never mutated afterwards). */
  get data(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  /** Replaces the content with `bytes` (kept, not copied). */
  set data(bytes: Uint8Array) {
    this.#buffer = bytes;
    this.#length = bytes.length;
  }

  append(bytes: Uint8Array): void {
    const length = this.#length + bytes.length;
    if (length > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(length, this.#buffer.length * 2, 4096));
      grown.set(this.#buffer.subarray(0, this.#length), 0);
      this.#buffer = grown;
    }
    this.#buffer.set(bytes, this.#length);
    this.#length = length;
  }
}

function checkPath(path: string): void {
  assert(path.startsWith("/"), `MemoryLocalDisk: path must be absolute: ${path}`);
  assert(path === "/" || !path.endsWith("/"), `MemoryLocalDisk: trailing '/': ${path}`);
  for (const part of path.split("/").slice(1)) {
    assert(path === "/" || (part !== "" && part !== "." && part !== ".."), `bad path: ${path}`);
  }
}

export class MemoryLocalDisk implements LocalDisk {
  readonly #clock: Clock;
  #files = new Map<string, Inode>();
  #durableFiles = new Map<string, Inode>();
  readonly #dirs = new Set<string>(["/"]);
  /** Bumped by every crash; append handles opened before it are dead (their process died). */
  #crashCount = 0;

  constructor(clock: Clock = new SystemClock()) {
    this.#clock = clock;
  }

  /** Simulates power loss: every unsynced name change and unsynced byte is lost. */
  crash(): void {
    this.#files = new Map(this.#durableFiles);
    for (const inode of this.#files.values()) inode.data = inode.synced.slice();
    this.#crashCount += 1;
  }

  async readFile(path: string): Promise<Uint8Array> {
    return this.#file(path).data.slice();
  }

  async readRange(path: string, offset: number, length: number): Promise<Uint8Array> {
    assert(Number.isSafeInteger(offset) && offset >= 0, "readRange: bad offset");
    assert(Number.isSafeInteger(length) && length >= 0, "readRange: bad length");
    const data = this.#file(path).data;
    return data.slice(Math.min(offset, data.length), Math.min(offset + length, data.length));
  }

  async writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
    this.#checkParent(path);
    this.#notDirectory(path);
    const temp = tempPathFor(path);
    this.#files.set(temp, this.#newSyncedInode(bytes));
    this.#move(temp, path);
    this.#syncDirectory(parentDirectory(path));
  }

  async createExclusive(path: string, bytes: Uint8Array): Promise<void> {
    this.#checkParent(path);
    if (this.#files.has(path) || this.#dirs.has(path)) throw new FileExistsError(path);
    this.#files.set(path, this.#newSyncedInode(bytes));
    this.#syncDirectory(parentDirectory(path));
  }

  async rename(from: string, to: string): Promise<void> {
    this.#file(from);
    this.#checkParent(to);
    this.#notDirectory(to);
    this.#move(from, to);
  }

  async unlink(path: string): Promise<void> {
    this.#file(path);
    this.#files.delete(path);
  }

  async list(dir: string): Promise<readonly LocalDirEntry[]> {
    this.#directory(dir);
    const entries: LocalDirEntry[] = [];
    for (const path of this.#files.keys()) {
      if (parentDirectory(path) === dir) entries.push({ name: baseName(path), isDirectory: false });
    }
    for (const path of this.#dirs) {
      if (path !== "/" && parentDirectory(path) === dir) {
        entries.push({ name: baseName(path), isDirectory: true });
      }
    }
    return entries;
  }

  async stat(path: string): Promise<LocalFileStat> {
    checkPath(path);
    if (this.#dirs.has(path)) return { size: 0, mtimeMs: 0, isDirectory: true };
    const inode = this.#file(path);
    return { size: inode.data.length, mtimeMs: inode.mtimeMs, isDirectory: false };
  }

  async mkdirp(dir: string): Promise<void> {
    checkPath(dir);
    if (this.#dirs.has(dir)) return;
    if (this.#files.has(dir)) throw new LocalIoError(dir, "EEXIST", `not a directory: ${dir}`);
    await this.mkdirp(parentDirectory(dir));
    this.#dirs.add(dir);
  }

  async fsync(path: string): Promise<void> {
    checkPath(path);
    if (this.#dirs.has(path)) {
      this.#syncDirectory(path);
      return;
    }
    const inode = this.#file(path);
    inode.synced = inode.data;
  }

  async append(
    path: string,
    bytes: Uint8Array,
    options?: { readonly sync?: boolean },
  ): Promise<void> {
    this.#checkParent(path);
    this.#notDirectory(path);
    let inode = this.#files.get(path);
    if (inode === undefined) {
      inode = new Inode(new Uint8Array(0), new Uint8Array(0), this.#clock.nowMs());
      this.#files.set(path, inode);
    }
    this.#appendTo(inode, bytes);
    if (options?.sync === true) inode.synced = inode.data;
  }

  async openAppend(path: string): Promise<AppendHandle> {
    this.#checkParent(path);
    this.#notDirectory(path);
    let inode = this.#files.get(path);
    if (inode === undefined) {
      inode = new Inode(new Uint8Array(0), new Uint8Array(0), this.#clock.nowMs());
      this.#files.set(path, inode);
    }
    const opened = inode;
    const crashCount = this.#crashCount;
    // The handle holds the inode, not the name, as a file descriptor does: a later rename or
    // unlink does not redirect it. After a crash it fails, as the process holding it is gone.
    const live = (): Inode => {
      if (this.#crashCount !== crashCount) {
        throw new LocalIoError(path, "EBADF", `append handle of ${path} died in a crash`);
      }
      return opened;
    };
    let closed = false;
    const open = (): Inode => {
      assert(!closed, "append handle: used after close");
      return live();
    };
    return {
      path,
      get sizeBytes(): number {
        return opened.data.length;
      },
      append: async (bytes: Uint8Array): Promise<void> => this.#appendTo(open(), bytes),
      sync: async (): Promise<void> => {
        const inode = open();
        inode.synced = inode.data;
      },
      truncate: async (sizeBytes: number): Promise<void> => {
        const inode = open();
        assert(Number.isSafeInteger(sizeBytes) && sizeBytes >= 0, "truncate: bad size");
        assert(sizeBytes <= inode.data.length, "truncate: beyond the end of the file");
        inode.data = inode.data.slice(0, sizeBytes);
        inode.mtimeMs = this.#clock.nowMs();
      },
      close: async (): Promise<void> => {
        closed = true;
      },
    };
  }

  #appendTo(inode: Inode, bytes: Uint8Array): void {
    inode.append(bytes);
    inode.mtimeMs = this.#clock.nowMs();
  }

  #newSyncedInode(bytes: Uint8Array): Inode {
    return new Inode(bytes.slice(), bytes.slice(), this.#clock.nowMs());
  }

  #move(from: string, to: string): void {
    const inode = this.#files.get(from);
    assert(inode !== undefined, "move: source vanished");
    this.#files.delete(from);
    this.#files.set(to, inode);
  }

  /** Persists the current name bindings of `dir`'s direct children. */
  #syncDirectory(dir: string): void {
    for (const path of [...this.#durableFiles.keys()]) {
      if (parentDirectory(path) === dir && !this.#files.has(path)) this.#durableFiles.delete(path);
    }
    for (const [path, inode] of this.#files) {
      if (parentDirectory(path) === dir) this.#durableFiles.set(path, inode);
    }
  }

  #file(path: string): Inode {
    checkPath(path);
    const inode = this.#files.get(path);
    if (inode !== undefined) return inode;
    if (this.#dirs.has(path)) throw new LocalIoError(path, "EISDIR", `is a directory: ${path}`);
    throw new FileNotFoundError(path);
  }

  #directory(dir: string): void {
    checkPath(dir);
    if (this.#dirs.has(dir)) return;
    if (this.#files.has(dir)) throw new LocalIoError(dir, "ENOTDIR", `not a directory: ${dir}`);
    throw new FileNotFoundError(dir);
  }

  #checkParent(path: string): void {
    checkPath(path);
    this.#directory(parentDirectory(path));
  }

  #notDirectory(path: string): void {
    if (this.#dirs.has(path)) throw new LocalIoError(path, "EISDIR", `is a directory: ${path}`);
  }
}
