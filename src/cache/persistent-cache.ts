/**
 * PersistentCache: object byte ranges on local disk (`smartengine_persistent_cache_size`,
 * `smartengine_persistent_cache_dir`), in fixed-size aligned chunks, one file per chunk
 * (persistent-cache-format.ts), LRU within a byte budget. It survives restarts: `open` scans the
 * directory and rebuilds the index. It never returns wrong bytes: every read verifies the page
 * checksums of what it returns, and a damaged, vanished or unreadable chunk is a miss (the
 * caller then reads the object store), never an error.
 *
 * Layout: `<directory>/<first two hex digits of the key hash>/<keyHash>-<chunkIndex>.chunk`;
 * 256 subdirectories keep each directory small. Temporary files start with "." and are removed
 * at open. All disk access goes through the injected LocalDisk.
 *
 * Invariants:
 * - `#bytesUsed` is the sum of `accountedBytes` of indexed chunks and stays <= capacity after
 *   every insert; the index holds at most `entriesMax` chunks (bounded memory).
 * - An indexed chunk's file was completely written (temp file + rename) before it was indexed.
 * - Only the final chunk of an object may be shorter than chunkBytes; when the final chunk has
 *   been indexed, `objectSizeBytes` knows the object's size.
 * - Cached objects are immutable (object-paths.ts: keys are never reused); `dropObject` is called
 *   when one is deleted or replaced, and fills that started before a drop are discarded.
 *
 * Durability: chunk files are not fsync'd. A crash can lose or tear a chunk; a lost one is a miss
 * and a torn one fails its checksums (header at open, pages on read), is dropped and refetched.
 *
 * Reads: when the disk can open read handles (NodeLocalDisk), up to persistentCacheOpenFilesMax
 * chunk files stay open, so a hit is one positioned read of the pages it needs. A handle is
 * closed when its entry leaves the index; reads already waiting on it complete first.
 *
 * Concurrency: one process per cache directory (the caller's datadir lock guarantees it). Within
 * the process, operations interleave at awaits; every step after an await re-checks that the
 * entry it holds is still the indexed one.
 */

import {
  persistentCacheChunkBytes,
  persistentCacheEntriesMax,
  persistentCacheFileBytesMin,
  persistentCacheFillsInFlightMax,
  persistentCacheOpenFilesMax,
  persistentCachePageBytes,
} from "../constants.ts";
import { assert } from "../util/assert.ts";
import {
  type LocalDisk,
  type ReadHandle,
  isRandomReadDisk,
  tempPathFor,
} from "../util/local-disk.ts";
import { Logger } from "../util/log.ts";
import {
  type ChunkHeader,
  chunkFileName,
  decodeChunkHeader,
  encodeChunkFile,
  verifyPages,
} from "./persistent-cache-format.ts";
import { chunkSubdirectory, loadCacheDirectory, removeFile } from "./persistent-cache-loader.ts";

export interface PersistentCacheOptions {
  readonly disk: LocalDisk;
  /** The directory the cache owns (as the disk spells paths: MemoryLocalDisk wants absolute). */
  readonly directory: string;
  /** The byte budget; 0 disables the cache (nothing is read, written or scanned). */
  readonly capacityBytes: number;
  readonly logger?: Logger;
  /** Tests use small chunks; production uses the constants. */
  readonly chunkBytes?: number;
  readonly pageBytes?: number;
  readonly entriesMax?: number;
  readonly fillsInFlightMax?: number;
}

export interface PersistentCacheStats {
  /** Chunk reads served from disk. */
  readonly hits: number;
  /** Chunk reads that had to go to the object store (recorded by the caller). */
  readonly misses: number;
  readonly bytesUsed: number;
  readonly capacityBytes: number;
  /** Chunks evicted to stay within the budget. */
  readonly evictions: number;
  /** Chunks found damaged on read (dropped, and read from the store instead). */
  readonly checksumFailures: number;
  /** Chunks in the index. */
  readonly entries: number;
}

interface ObjectEntry {
  readonly key: string;
  readonly keyHash: string;
  /** Known once the final chunk has been cached. */
  sizeBytes: number | undefined;
  readonly chunks: Map<number, ChunkEntry>;
}

interface ChunkEntry {
  readonly object: ObjectEntry;
  readonly chunkIndex: number;
  readonly path: string;
  readonly dataOffset: number;
  readonly dataLength: number;
  readonly final: boolean;
  readonly pageCrcs: Uint32Array;
  readonly accountedBytes: number;
}

const empty = new Uint8Array(0);

export class PersistentCache {
  readonly #disk: LocalDisk;
  readonly #directory: string;
  readonly #capacityBytes: number;
  readonly #logger: Logger;
  readonly #chunkBytes: number;
  readonly #pageBytes: number;
  readonly #entriesMax: number;
  readonly #fillsInFlightMax: number;
  readonly #objects = new Map<string, ObjectEntry>();
  /** Indexed chunks by path, least recently used first (a Map keeps insertion order). */
  readonly #lru = new Map<string, ChunkEntry>();
  readonly #directoriesMade = new Set<string>();
  readonly #pending = new Set<Promise<void>>();
  /** Open chunk files by path, least recently used first, when the disk can open read handles.
   * A handle belongs to one indexed entry: forgetting the entry closes it. */
  readonly #handles = new Map<string, Promise<ReadHandle>>();
  #bytesUsed = 0;
  #nextSequence = 0;
  #dropGeneration = 0;
  #fillsInFlight = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #checksumFailures = 0;

  private constructor(options: PersistentCacheOptions) {
    this.#disk = options.disk;
    this.#directory = options.directory;
    this.#capacityBytes = options.capacityBytes;
    this.#logger = options.logger ?? new Logger("warn");
    this.#chunkBytes = options.chunkBytes ?? persistentCacheChunkBytes;
    this.#pageBytes = options.pageBytes ?? persistentCachePageBytes;
    this.#entriesMax = options.entriesMax ?? persistentCacheEntriesMax;
    this.#fillsInFlightMax = options.fillsInFlightMax ?? persistentCacheFillsInFlightMax;
    assert(Number.isSafeInteger(this.#capacityBytes) && this.#capacityBytes >= 0, "bad capacity");
    assert(this.#pageBytes > 0 && this.#chunkBytes % this.#pageBytes === 0, "bad chunk size");
    assert(this.#chunkBytes <= 0xffff_ffff, "chunk size beyond 4 bytes");
    assert(this.#entriesMax >= 1 && this.#fillsInFlightMax >= 1, "bad limits");
  }

  /** Opens the cache, rebuilding its index from the directory (unless disabled). */
  static async open(options: PersistentCacheOptions): Promise<PersistentCache> {
    const cache = new PersistentCache(options);
    if (cache.enabled) await cache.#load();
    return cache;
  }

  get enabled(): boolean {
    return this.#capacityBytes > 0;
  }

  get chunkBytes(): number {
    return this.#chunkBytes;
  }

  /** Bumped by every dropObject; a fill started under an older generation is discarded. */
  get dropGeneration(): number {
    return this.#dropGeneration;
  }

  /** The object's size, when its final chunk has been cached. */
  objectSizeBytes(key: string): number | undefined {
    return this.#objects.get(key)?.sizeBytes;
  }

  /** True when chunk `chunkIndex` of `key` is indexed (a read may still miss if it is damaged). */
  has(key: string, chunkIndex: number): boolean {
    return this.#objects.get(key)?.chunks.has(chunkIndex) === true;
  }

  /**
   * Bytes [from, to) of the chunk's data, clipped at its end; undefined on a miss, including a
   * chunk that turned out damaged or vanished (it is dropped). Never rejects.
   */
  async read(
    key: string,
    chunkIndex: number,
    from: number,
    to: number,
  ): Promise<Uint8Array | undefined> {
    const entry = this.#objects.get(key)?.chunks.get(chunkIndex);
    if (entry === undefined) return undefined;
    const end = Math.min(to, entry.dataLength);
    if (from >= end) {
      this.#touch(entry);
      this.#hits += 1;
      return empty;
    }
    const pageBytes = this.#pageBytes;
    const start = Math.floor(from / pageBytes) * pageBytes;
    const pagesEnd = Math.min(entry.dataLength, Math.ceil(end / pageBytes) * pageBytes);
    let pages: Uint8Array;
    try {
      pages = await this.#readFile(entry.path, entry.dataOffset + start, pagesEnd - start);
    } catch (error) {
      this.#logger.warn("persistent cache: chunk unreadable, dropped", {
        key,
        chunk: chunkIndex,
        error: String(error),
      });
      this.#dropEntry(entry);
      return undefined;
    }
    const intact =
      pages.length === pagesEnd - start &&
      verifyPages(pages, start / pageBytes, pageBytes, entry.pageCrcs);
    if (!intact) {
      this.#checksumFailures += 1;
      this.#logger.warn("persistent cache: checksum mismatch, chunk dropped", {
        key,
        chunk: chunkIndex,
        path: entry.path,
      });
      this.#dropEntry(entry);
      return undefined;
    }
    this.#touch(entry);
    this.#hits += 1;
    return pages.subarray(from - start, end - start);
  }

  /** Counts chunk reads that went to the object store (for SHOW GLOBAL STATUS). */
  recordMisses(count: number): void {
    this.#misses += count;
  }

  /**
   * Caches `data` as chunk `chunkIndex` of `key`: full-length unless `final`, and `final` only
   * when the object ends with this chunk's data. Copies `data` before it returns. The write runs
   * in the background; the promise settles (never rejects) once the chunk is indexed or skipped.
   * Skipped when disabled, too many fills are in flight, or an object was dropped since
   * `generation` (dropGeneration read before the bytes were fetched).
   */
  fill(
    key: string,
    chunkIndex: number,
    data: Uint8Array,
    final: boolean,
    generation: number,
  ): Promise<void> {
    assert(data.length <= this.#chunkBytes, "fill: data longer than a chunk");
    assert(final || data.length === this.#chunkBytes, "fill: a short chunk must be final");
    if (!this.enabled || generation !== this.#dropGeneration) return Promise.resolve();
    if (this.#fillsInFlight >= this.#fillsInFlightMax) return Promise.resolve();
    const existing = this.#objects.get(key)?.chunks.get(chunkIndex);
    if (existing !== undefined) {
      this.#touch(existing);
      return Promise.resolve();
    }
    const fields = {
      key,
      chunkIndex,
      final,
      sequence: this.#nextSequence,
      chunkBytes: this.#chunkBytes,
      pageBytes: this.#pageBytes,
    };
    this.#nextSequence += 1;
    const file = encodeChunkFile(fields, data);
    const decoded = decodeChunkHeader(file);
    assert(decoded.kind === "header", "fill: encoded chunk does not decode");
    this.#fillsInFlight += 1;
    const work = this.#writeChunk(decoded.header, file, generation).finally(() => {
      this.#fillsInFlight -= 1;
    });
    return this.#track(work);
  }

  /** Forgets every cached chunk of `key` and removes their files (deleted or replaced object). */
  dropObject(key: string): void {
    this.#dropGeneration += 1;
    const object = this.#objects.get(key);
    if (object === undefined) return;
    for (const entry of [...object.chunks.values()]) this.#dropEntry(entry);
  }

  /** Resolves when every background write and removal started so far has settled. */
  async whenIdle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  stats(): PersistentCacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      bytesUsed: this.#bytesUsed,
      capacityBytes: this.#capacityBytes,
      evictions: this.#evictions,
      checksumFailures: this.#checksumFailures,
      entries: this.#lru.size,
    };
  }

  /** The SHOW GLOBAL STATUS rows of this cache. */
  statusRows(): [string, string][] {
    const stats = this.stats();
    return [
      ["Smartengine_persistent_cache_hits", String(stats.hits)],
      ["Smartengine_persistent_cache_misses", String(stats.misses)],
      ["Smartengine_persistent_cache_bytes_used", String(stats.bytesUsed)],
      ["Smartengine_persistent_cache_capacity_bytes", String(stats.capacityBytes)],
      ["Smartengine_persistent_cache_evictions", String(stats.evictions)],
      ["Smartengine_persistent_cache_checksum_failures", String(stats.checksumFailures)],
    ];
  }

  // ---- writing -------------------------------------------------------------------------------

  async #writeChunk(header: ChunkHeader, file: Uint8Array, generation: number): Promise<void> {
    const directory = this.#subdirectory(header.keyHash);
    const path = `${directory}/${chunkFileName(header.keyHash, header.chunkIndex)}`;
    const temp = tempPathFor(path);
    try {
      if (!this.#directoriesMade.has(directory)) {
        await this.#disk.mkdirp(directory);
        this.#directoriesMade.add(directory);
      }
      // No fsync: a chunk lost in a crash is a miss, and a torn one fails its checksums.
      await this.#disk.append(temp, file);
      await this.#disk.rename(temp, path);
    } catch (error) {
      // The directory may have been removed behind our back; create it again next time.
      this.#directoriesMade.delete(directory);
      this.#logger.warn("persistent cache: chunk write failed", {
        key: header.key,
        chunk: header.chunkIndex,
        error: String(error),
      });
      await this.#removeFile(temp);
      return;
    }
    if (generation !== this.#dropGeneration) {
      // The object may have been deleted while this chunk was fetched or written.
      await this.#removeFile(path);
      return;
    }
    this.#index(path, header, file.length);
  }

  #subdirectory(keyHash: string): string {
    return chunkSubdirectory(this.#directory, keyHash);
  }

  /** Adds a chunk whose file is complete, then evicts down to the budget. */
  #index(path: string, header: ChunkHeader, fileBytes: number): void {
    const accountedBytes = Math.max(persistentCacheFileBytesMin, fileBytes);
    const replaced = this.#lru.get(path);
    // The file at `path` was just replaced, so the old entry (a hash collision) must go, but
    // its file must not be removed.
    if (replaced !== undefined) this.#forget(replaced);
    if (accountedBytes > this.#capacityBytes) {
      this.#track(this.#removeFile(path));
      return;
    }
    let object = this.#objects.get(header.key);
    if (object === undefined) {
      const keyHash = header.keyHash;
      object = { key: header.key, keyHash, sizeBytes: undefined, chunks: new Map() };
      this.#objects.set(header.key, object);
    }
    const entry: ChunkEntry = {
      object,
      chunkIndex: header.chunkIndex,
      path,
      dataOffset: header.dataOffset,
      dataLength: header.dataLength,
      final: header.final,
      pageCrcs: header.pageCrcs,
      accountedBytes,
    };
    // One key's chunk has one path, and the entry at that path was forgotten above.
    assert(!object.chunks.has(header.chunkIndex), "index: chunk indexed twice");
    object.chunks.set(header.chunkIndex, entry);
    if (header.final) object.sizeBytes = header.chunkIndex * this.#chunkBytes + header.dataLength;
    this.#lru.set(path, entry);
    this.#bytesUsed += accountedBytes;
    this.#evictToBudget();
  }

  #evictToBudget(): void {
    while (this.#bytesUsed > this.#capacityBytes || this.#lru.size > this.#entriesMax) {
      const oldest = this.#lru.values().next();
      assert(oldest.done !== true, "evict: over budget with an empty index");
      this.#evictions += 1;
      this.#dropEntry(oldest.value);
    }
    assert(this.#bytesUsed >= 0, "persistent cache: negative bytes used");
  }

  #touch(entry: ChunkEntry): void {
    this.#lru.delete(entry.path);
    this.#lru.set(entry.path, entry);
  }

  /** Removes `entry` from the index (if it is still there) and its file from disk. */
  #dropEntry(entry: ChunkEntry): void {
    if (this.#lru.get(entry.path) !== entry) return;
    this.#forget(entry);
    this.#track(this.#removeFile(entry.path));
  }

  /** Removes `entry` from the index only. */
  #forget(entry: ChunkEntry): void {
    this.#closeHandle(entry.path);
    assert(this.#lru.get(entry.path) === entry, "forget: entry not indexed");
    this.#lru.delete(entry.path);
    this.#bytesUsed -= entry.accountedBytes;
    const object = entry.object;
    if (object.chunks.get(entry.chunkIndex) === entry) object.chunks.delete(entry.chunkIndex);
    if (object.chunks.size === 0 && this.#objects.get(object.key) === object) {
      this.#objects.delete(object.key);
    }
  }

  /** Reads through a cached read handle when the disk has them, else by path. */
  async #readFile(path: string, offset: number, length: number): Promise<Uint8Array> {
    if (!isRandomReadDisk(this.#disk)) return this.#disk.readRange(path, offset, length);
    let handle = this.#handles.get(path);
    if (handle === undefined) {
      const opening = this.#disk.openRead(path);
      handle = opening;
      // A failed open must not stay cached (the caller drops the entry anyway).
      opening.catch(() => {
        if (this.#handles.get(path) === opening) this.#handles.delete(path);
      });
      this.#handles.set(path, opening);
      const oldest = this.#handles.keys().next();
      if (this.#handles.size > persistentCacheOpenFilesMax && oldest.done !== true) {
        this.#closeHandle(oldest.value);
      }
    } else {
      this.#handles.delete(path);
      this.#handles.set(path, handle);
    }
    return (await handle).readRange(offset, length);
  }

  #closeHandle(path: string): void {
    const handle = this.#handles.get(path);
    if (handle === undefined) return;
    this.#handles.delete(path);
    this.#track(handle.then((opened) => opened.close()).catch(() => undefined));
  }

  /** Closes every open chunk file (shutdown); the cache stays usable and reopens them on demand. */
  async close(): Promise<void> {
    for (const path of [...this.#handles.keys()]) this.#closeHandle(path);
    await this.whenIdle();
  }

  /** Removes a file no longer indexed; failures are ignored (open re-verifies what is left). */
  #removeFile(path: string): Promise<void> {
    return removeFile(this.#disk, path);
  }

  #track(work: Promise<void>): Promise<void> {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
    return work;
  }

  // ---- rebuilding the index at open ----------------------------------------------------------

  async #load(): Promise<void> {
    const loaded = await loadCacheDirectory({
      disk: this.#disk,
      directory: this.#directory,
      chunkBytes: this.#chunkBytes,
      pageBytes: this.#pageBytes,
      logger: this.#logger,
    });
    for (const subdirectory of loaded.subdirectories) this.#directoriesMade.add(subdirectory);
    // Oldest fill first, so eviction (if the budget shrank) drops the oldest chunks.
    for (const chunk of loaded.chunks) this.#index(chunk.path, chunk.header, chunk.fileBytes);
    const last = loaded.chunks[loaded.chunks.length - 1];
    this.#nextSequence = last === undefined ? 0 : last.header.sequence + 1;
    this.#logger.info("persistent cache: opened", {
      directory: this.#directory,
      chunks: this.#lru.size,
      bytes: this.#bytesUsed,
      removed: loaded.removedFiles,
    });
  }
}
