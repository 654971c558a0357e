/**
 * LocalObjectStore: the directory-backed provider (`objectstore_provider=local`, the embedded
 * default). Object `a/b/c` is the file `<root>/a/b/c`; key prefixes are directories. All file
 * access goes through LocalDisk, so tests can run it on MemoryLocalDisk and crash it.
 *
 * Guarantees:
 * - putIfAbsent writes a temp file, fsyncs it and link(2)s it into place (LocalDisk
 *   createExclusive): atomic create-if-absent even across processes sharing the directory;
 *   an existing object is never overwritten and no reader sees a partial object.
 * - putIfMatch reads the current object, compares its etag and replaces it with an atomic,
 *   fsync'd rename. It is serialised per key within this process (KeyLock), so it is a true
 *   compare-and-swap against every other writer in the process. Across processes it is NOT
 *   atomic (two processes may both pass the compare; the last rename wins): one directory must
 *   have one writing process, which is the embedded single-node deployment.
 * - Etag = first 128 bits of SHA-256 of the content, hex, then "-" and the size; it is
 *   computed on write and cached by (path, size, mtime) so head/list do not reread objects.
 * - Temp files start with "." (localDiskTempPrefix) and valid keys never do, so a temp file
 *   (even one left by a crash) never appears in list.
 * - Range reads go through an LRU of open read handles (at most localObjectOpenFilesMax) when
 *   the disk can open them (RandomReadDisk), so a block-cache miss is one pread, not
 *   open + read + close. Objects are immutable apart from WRITER_EPOCH, so a handle stays
 *   correct; every write or delete through this store drops the key's handle first.
 * Limitation: as on a file system, an object `a` and an object `a/b` cannot coexist; the second
 * put is rejected (ObjectExistsError for putIfAbsent, a LocalIoError otherwise). The naming
 * scheme (object-paths.ts) never creates such pairs.
 */

import { createHash } from "node:crypto";
import { localObjectEtagCacheEntriesMax, localObjectOpenFilesMax } from "../constants.ts";
import { assert } from "../util/assert.ts";
import { FileExistsError, FileNotFoundError, LocalIoError } from "../util/errors.ts";
import {
  type LocalDisk,
  type RandomReadDisk,
  type ReadHandle,
  isRandomReadDisk,
  parentDirectory,
} from "../util/local-disk.ts";
import { KeyLock } from "./key-lock.ts";
import { checkListOptions, selectListed } from "./list-selection.ts";
import { validateObjectKey, validateObjectPrefix } from "./object-key.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "./object-store.ts";
import {
  InvalidRangeError,
  ObjectExistsError,
  ObjectNotFoundError,
  PreconditionFailedError,
} from "./object-store-errors.ts";

interface CachedEtag {
  readonly size: number;
  readonly mtimeMs: number;
  readonly etag: string;
}

/** The etag of `bytes` in the local provider's format. */
export function localEtag(bytes: Uint8Array): string {
  const digest = createHash("sha256").update(bytes).digest("hex");
  return `${digest.slice(0, 32)}-${bytes.length}`;
}

/** True when `error` means "no object at this path" (missing, or a directory/prefix there). */
function isMissing(error: unknown): boolean {
  if (error instanceof FileNotFoundError) return true;
  return error instanceof LocalIoError && (error.code === "EISDIR" || error.code === "ENOTDIR");
}

export class LocalObjectStore implements ObjectStore {
  readonly #disk: LocalDisk;
  readonly #root: string;
  readonly #locks = new KeyLock();
  readonly #etags = new Map<string, CachedEtag>();
  /** Open read handles by object key, least recently used first (Map keeps insertion order). */
  readonly #handles = new Map<string, ReadHandle>();
  readonly #randomRead: RandomReadDisk | undefined;

  private constructor(disk: LocalDisk, root: string) {
    this.#disk = disk;
    this.#root = root;
    this.#randomRead = isRandomReadDisk(disk) ? disk : undefined;
  }

  /** Opens (creating if needed) the store rooted at the absolute directory `root`. */
  static async open(disk: LocalDisk, root: string): Promise<LocalObjectStore> {
    assert(root.startsWith("/"), "LocalObjectStore root must be an absolute path");
    const normalised = root.length > 1 && root.endsWith("/") ? root.slice(0, -1) : root;
    await disk.mkdirp(normalised);
    return new LocalObjectStore(disk, normalised);
  }

  get root(): string {
    return this.#root;
  }

  async get(key: string): Promise<Uint8Array> {
    const path = this.#path(key);
    try {
      return await this.#disk.readFile(path);
    } catch (error) {
      throw isMissing(error) ? new ObjectNotFoundError(key, { cause: error }) : error;
    }
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    assert(Number.isSafeInteger(offset) && offset >= 0, "getRange: bad offset");
    assert(Number.isSafeInteger(length) && length >= 0, "getRange: bad length");
    const handle = this.#handles.get(key);
    if (handle !== undefined) {
      // The hot path: an open file (its key was validated when it was opened). Move it to the
      // most recently used end.
      this.#handles.delete(key);
      this.#handles.set(key, handle);
      if (offset > handle.sizeBytes) throw new InvalidRangeError(key, offset, handle.sizeBytes);
      return handle.readRange(offset, length);
    }
    const path = this.#path(key);
    try {
      if (this.#randomRead !== undefined) {
        return await this.#readThroughHandle(key, path, offset, length);
      }
      const bytes = await this.#disk.readRange(path, offset, length);
      // An empty read past the end is either an exact-end read or an invalid range; stat tells.
      if (bytes.length === 0 && (offset > 0 || length > 0)) {
        const { size, isDirectory } = await this.#disk.stat(path);
        if (isDirectory) throw new ObjectNotFoundError(key);
        if (offset > size) throw new InvalidRangeError(key, offset, size);
      }
      return bytes;
    } catch (error) {
      throw isMissing(error) ? new ObjectNotFoundError(key, { cause: error }) : error;
    }
  }

  /** Number of object files held open for range reads (for tests and stats). */
  get openFileCount(): number {
    return this.#handles.size;
  }

  /** Closes every cached read handle (the store stays usable; handles reopen on demand). */
  async closeFiles(): Promise<void> {
    const handles = [...this.#handles.values()];
    this.#handles.clear();
    for (const handle of handles) await handle.close();
  }

  async #readThroughHandle(
    key: string,
    path: string,
    offset: number,
    length: number,
  ): Promise<Uint8Array> {
    const opened = await this.#randomRead!.openRead(path);
    // Another read may have opened the same file while this one awaited; keep one handle.
    let handle = this.#handles.get(key);
    if (handle === undefined) {
      handle = opened;
      await this.#admit(key, opened);
    } else {
      await opened.close();
    }
    if (offset > handle.sizeBytes) throw new InvalidRangeError(key, offset, handle.sizeBytes);
    return handle.readRange(offset, length);
  }

  /** Adds a handle, closing the least recently used one past the limit. */
  async #admit(key: string, handle: ReadHandle): Promise<void> {
    this.#handles.set(key, handle);
    while (this.#handles.size > localObjectOpenFilesMax) {
      const [oldestKey, oldest] = this.#handles.entries().next().value!;
      this.#handles.delete(oldestKey);
      // ReadHandle.close lets reads in flight finish, so evicting a busy handle is safe.
      await oldest.close();
    }
  }

  /** Closes and forgets the handle of `key`, before the object there is replaced or deleted. */
  async #dropHandle(key: string): Promise<void> {
    const handle = this.#handles.get(key);
    if (handle === undefined) return;
    this.#handles.delete(key);
    await handle.close();
  }

  async head(key: string): Promise<ObjectMeta> {
    const meta = await this.#meta(key, this.#path(key));
    if (meta === undefined) throw new ObjectNotFoundError(key);
    return meta;
  }

  async put(key: string, bytes: Uint8Array): Promise<string> {
    const path = this.#path(key);
    return this.#locks.run(key, async () => {
      await this.#disk.mkdirp(parentDirectory(path));
      await this.#dropHandle(key);
      await this.#disk.writeFileAtomic(path, bytes);
      return this.#remember(path, bytes);
    });
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    const path = this.#path(key);
    return this.#locks.run(key, async () => {
      await this.#disk.mkdirp(parentDirectory(path));
      await this.#dropHandle(key);
      try {
        await this.#disk.createExclusive(path, bytes);
      } catch (error) {
        if (error instanceof FileExistsError) throw new ObjectExistsError(key, { cause: error });
        throw error;
      }
      return this.#remember(path, bytes);
    });
  }

  async putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    const path = this.#path(key);
    return this.#locks.run(key, async () => {
      let current: Uint8Array;
      try {
        current = await this.#disk.readFile(path);
      } catch (error) {
        if (isMissing(error)) throw new PreconditionFailedError(key, etag, { cause: error });
        throw error;
      }
      if (localEtag(current) !== etag) throw new PreconditionFailedError(key, etag);
      await this.#dropHandle(key);
      await this.#disk.writeFileAtomic(path, bytes);
      return this.#remember(path, bytes);
    });
  }

  async list(prefix: string, options: ListOptions = {}): Promise<readonly ObjectMeta[]> {
    validateObjectPrefix(prefix);
    checkListOptions(options);
    // Walk only below the deepest directory the prefix names completely.
    const slash = prefix.lastIndexOf("/");
    const base = slash < 0 ? "" : prefix.slice(0, slash + 1);
    const keys: string[] = [];
    await this.#collect(base, prefix, keys);
    const result: ObjectMeta[] = [];
    for (const key of selectListed(keys, options)) {
      // A key deleted between the walk and here is simply not listed.
      const meta = await this.#meta(key, this.#path(key));
      if (meta !== undefined) result.push(meta);
    }
    return result;
  }

  async delete(key: string): Promise<void> {
    const path = this.#path(key);
    await this.#locks.run(key, async () => {
      await this.#dropHandle(key);
      try {
        await this.#disk.unlink(path);
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      this.#etags.delete(path);
      await this.#disk.fsync(parentDirectory(path));
    });
  }

  /** Appends to `out` every key under directory key-prefix `dirKey` that starts with `prefix`. */
  async #collect(dirKey: string, prefix: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await this.#disk.list(dirKey === "" ? this.#root : this.#path(dirKey.slice(0, -1)));
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      // Temp files (and anything else starting with ".") are never objects.
      if (entry.name.startsWith(".")) continue;
      const key = dirKey + entry.name;
      if (entry.isDirectory) {
        const childDir = `${key}/`;
        if (childDir.startsWith(prefix) || prefix.startsWith(childDir)) {
          await this.#collect(childDir, prefix, out);
        }
      } else if (key.startsWith(prefix)) {
        out.push(key);
      }
    }
  }

  async #meta(key: string, path: string): Promise<ObjectMeta | undefined> {
    try {
      const stat = await this.#disk.stat(path);
      if (stat.isDirectory) return undefined;
      const cached = this.#etags.get(path);
      let etag: string;
      if (cached !== undefined && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) {
        etag = cached.etag;
      } else {
        const bytes = await this.#disk.readFile(path);
        etag = localEtag(bytes);
        this.#cache(path, { size: bytes.length, mtimeMs: stat.mtimeMs, etag });
      }
      return { key, size: stat.size, etag, lastModifiedMs: stat.mtimeMs };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** Records the etag of bytes just written at `path` and returns it. */
  async #remember(path: string, bytes: Uint8Array): Promise<string> {
    const etag = localEtag(bytes);
    const stat = await this.#disk.stat(path);
    this.#cache(path, { size: bytes.length, mtimeMs: stat.mtimeMs, etag });
    return etag;
  }

  #cache(path: string, entry: CachedEtag): void {
    // Objects are immutable apart from WRITER_EPOCH, so the cache only grows with the object
    // count; past the bound it starts over rather than tracking recency.
    if (this.#etags.size >= localObjectEtagCacheEntriesMax) this.#etags.clear();
    this.#etags.set(path, entry);
  }

  #path(key: string): string {
    validateObjectKey(key);
    return this.#root === "/" ? `/${key}` : `${this.#root}/${key}`;
  }
}
