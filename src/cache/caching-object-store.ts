/**
 * CachingObjectStore: an ObjectStore decorator that serves reads of immutable objects through
 * the local-disk PersistentCache (SlateDB's cached_object_store). A ranged read is split into
 * the cache's aligned chunks; hits are read from disk, and each run of consecutive missing
 * chunks is fetched from the inner store with one ranged GET, returned, then written to the cache
 * in the background. Concurrent readers of a chunk being fetched share that one fetch.
 *
 * Object sizes: a chunk fetch that returns less than asked has found the end of the object, and
 * the final chunk is cached with a flag, so later reads past the end are clipped, and reads
 * starting beyond it fail with InvalidRangeError, without a request. The results match the inner
 * store's contract (object-store-contract.ts) exactly.
 *
 * Which keys: `isCacheable` (default: everything but WRITER_EPOCH, the one mutable object).
 * Cached objects must be immutable, as object-paths.ts guarantees for every other key (keys are
 * never reused): a cached chunk is served without asking the store, so an object replaced or
 * deleted behind this process's back is served stale, never mixed (pieces that disagree fail).
 * Through this decorator, `put`, `putIfMatch` and `delete` drop the key's cached chunks, and
 * `putIfAbsent` of an SST writes its bytes into the cache (write-through; `writeThrough` option),
 * since a node reads what it has just flushed. `head` and `list` pass through.
 */

import { persistentCacheReadChunksMax } from "../constants.ts";
import { CorruptionError } from "../util/errors.ts";
import { assert } from "../util/assert.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "../objectstore/object-store.ts";
import { InvalidRangeError } from "../objectstore/object-store-errors.ts";
import { sstDir, writerEpochName } from "../objectstore/object-paths.ts";
import type { PersistentCache, PersistentCacheStats } from "./persistent-cache.ts";

export interface CachingObjectStoreOptions {
  /** Which keys are read through the cache; default isCacheableByDefault. */
  readonly isCacheable?: (key: string) => boolean;
  /** Which successful putIfAbsents of cacheable keys also write the new bytes into the cache:
   * true, false, or a predicate; default isWrittenThroughByDefault (SSTs). */
  readonly writeThrough?: boolean | ((key: string) => boolean);
}

/** Every key except WRITER_EPOCH (at any branch root), the one object that changes in place. */
export function isCacheableByDefault(key: string): boolean {
  return !(key === writerEpochName || key.endsWith(`/${writerEpochName}`));
}

/**
 * SSTs: a node reads back what it has just flushed or compacted, so caching the bytes it
 * uploads saves those GETs. Binlog slices and manifests are read only at boot or by a replica,
 * and would only push hot SST chunks out of the LRU.
 */
export function isWrittenThroughByDefault(key: string): boolean {
  return key.endsWith(".sst") && (key.startsWith(sstDir) || key.includes(`/${sstDir}`));
}

/** What a fetch learned about one chunk. */
interface ChunkFetch {
  /** The chunk's bytes; short only in the last chunk, empty when it starts at or past the end. */
  readonly data: Uint8Array;
  /** The object's size, when the fetch reached its end. */
  readonly sizeBytes: number | undefined;
}

/** The part of one chunk that a read needs. */
interface Piece {
  readonly bytes: Uint8Array;
  readonly sizeBytes: number | undefined;
}

interface RunFetch {
  readonly bytes: Uint8Array;
  readonly sizeBytes: number | undefined;
}

const empty = new Uint8Array(0);

export class CachingObjectStore implements ObjectStore {
  readonly #inner: ObjectStore;
  readonly #cache: PersistentCache;
  readonly #isCacheable: (key: string) => boolean;
  readonly #writeThrough: (key: string) => boolean;
  readonly #chunkBytes: number;
  /** Chunk fetches in flight by key, then chunk index; an entry stays until the chunk has been
   * written to the cache, so no reader falls into the gap between fetch and index. */
  readonly #inFlight = new Map<string, Map<number, Promise<ChunkFetch>>>();
  /** Background fills of whole objects (write-through and whole-object gets). */
  readonly #pending = new Set<Promise<void>>();

  constructor(inner: ObjectStore, cache: PersistentCache, options: CachingObjectStoreOptions = {}) {
    this.#inner = inner;
    this.#cache = cache;
    this.#isCacheable = options.isCacheable ?? isCacheableByDefault;
    const writeThrough = options.writeThrough ?? isWrittenThroughByDefault;
    this.#writeThrough = typeof writeThrough === "function" ? writeThrough : () => writeThrough;
    this.#chunkBytes = cache.chunkBytes;
  }

  async get(key: string): Promise<Uint8Array> {
    if (!this.#cached(key)) return this.#inner.get(key);
    const sizeBytes = this.#cache.objectSizeBytes(key);
    if (sizeBytes !== undefined) return this.#readRange(key, 0, sizeBytes);
    const generation = this.#cache.dropGeneration;
    const bytes = await this.#inner.get(key);
    this.#cache.recordMisses(Math.max(1, Math.ceil(bytes.length / this.#chunkBytes)));
    this.#fillObject(key, bytes, generation);
    return bytes;
  }

  getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    assert(Number.isSafeInteger(offset) && offset >= 0, "getRange: bad offset");
    assert(Number.isSafeInteger(length) && length >= 0, "getRange: bad length");
    if (!this.#cached(key)) return this.#inner.getRange(key, offset, length);
    return this.#readRange(key, offset, length);
  }

  head(key: string): Promise<ObjectMeta> {
    return this.#inner.head(key);
  }

  list(prefix: string, options?: ListOptions): Promise<readonly ObjectMeta[]> {
    return this.#inner.list(prefix, options);
  }

  async put(key: string, bytes: Uint8Array): Promise<string> {
    try {
      return await this.#inner.put(key, bytes);
    } finally {
      // Even a failed put may have replaced the object (an ambiguous timeout).
      this.#drop(key);
    }
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    const generation = this.#cache.dropGeneration;
    const etag = await this.#inner.putIfAbsent(key, bytes);
    if (this.#cached(key) && this.#writeThrough(key)) this.#fillObject(key, bytes, generation);
    return etag;
  }

  async putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    try {
      return await this.#inner.putIfMatch(key, bytes, etag);
    } finally {
      this.#drop(key);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#inner.delete(key);
    } finally {
      this.#drop(key);
    }
  }

  /** Resolves when every background cache write started so far has settled (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    await this.#cache.whenIdle();
  }

  stats(): PersistentCacheStats {
    return this.#cache.stats();
  }

  /** The SHOW GLOBAL STATUS rows (Smartengine_persistent_cache_*). */
  statusRows(): [string, string][] {
    return this.#cache.statusRows();
  }

  #cached(key: string): boolean {
    return this.#cache.enabled && this.#isCacheable(key);
  }

  #drop(key: string): void {
    this.#inFlight.delete(key);
    this.#cache.dropObject(key);
  }

  // ---- reads ---------------------------------------------------------------------------------

  async #readRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const sizeBytes = this.#cache.objectSizeBytes(key);
    let end = offset + length;
    if (sizeBytes !== undefined) {
      if (offset > sizeBytes) throw new InvalidRangeError(key, offset, sizeBytes);
      end = Math.min(end, sizeBytes);
      if (end <= offset) return new Uint8Array(0);
    } else if (length === 0) {
      // Nothing to read, but whether the key exists and the offset is valid is the store's call.
      return this.#inner.getRange(key, offset, 0);
    }
    const chunkBytes = this.#chunkBytes;
    const first = Math.floor(offset / chunkBytes);
    const last = Math.floor((end - 1) / chunkBytes);
    if (sizeBytes === undefined && last - first >= persistentCacheReadChunksMax) {
      // Probably a read "to the end" with a huge length: not worth walking chunk by chunk.
      return this.#inner.getRange(key, offset, length);
    }
    if (first === last && this.#cache.has(key, first)) {
      // The common case, an SST block inside one cached chunk: one disk read, no assembly.
      const base = first * chunkBytes;
      const hit = await this.#cache.read(key, first, offset - base, end - base);
      if (hit !== undefined) return hit;
    }
    return this.#assemble(key, offset, end, first, last);
  }

  /** Reads chunks first..last (hits, shared fetches, runs of misses) and copies out the range. */
  async #assemble(
    key: string,
    offset: number,
    end: number,
    first: number,
    last: number,
  ): Promise<Uint8Array> {
    const chunkBytes = this.#chunkBytes;
    const generation = this.#cache.dropGeneration;
    const pieces: Promise<Piece>[] = [];
    let runStart = -1;
    const endRun = (before: number): void => {
      if (runStart < 0) return;
      const fetches = this.#fetchRun(key, runStart, before - 1, generation);
      fetches.forEach((fetch, i) => pieces.push(pieceOf(fetch, runStart + i)));
      runStart = -1;
    };
    const pieceOf = (fetch: Promise<ChunkFetch>, index: number): Promise<Piece> =>
      fetch.then((chunk) => ({
        bytes: chunk.data.subarray(clip(offset, index), clip(end, index)),
        sizeBytes: chunk.sizeBytes,
      }));
    const clip = (position: number, index: number): number =>
      Math.min(Math.max(position - index * chunkBytes, 0), chunkBytes);
    for (let index = first; index <= last; index++) {
      const shared = this.#inFlight.get(key)?.get(index);
      if (this.#cache.has(key, index)) {
        endRun(index);
        const from = clip(offset, index);
        pieces.push(this.#readCached(key, index, from, clip(end, index), generation));
      } else if (shared !== undefined) {
        endRun(index);
        this.#cache.recordMisses(1);
        pieces.push(pieceOf(shared, index));
      } else if (runStart < 0) {
        runStart = index;
      }
    }
    endRun(last + 1);
    return this.#copyOut(key, offset, end, first, await Promise.all(pieces));
  }

  /** A cached chunk's piece; if the chunk turns out damaged or gone, it is fetched instead. */
  async #readCached(
    key: string,
    index: number,
    from: number,
    to: number,
    generation: number,
  ): Promise<Piece> {
    const hit = await this.#cache.read(key, index, from, to);
    if (hit !== undefined) return { bytes: hit, sizeBytes: this.#cache.objectSizeBytes(key) };
    const fetch =
      this.#inFlight.get(key)?.get(index) ?? this.#fetchRun(key, index, index, generation)[0];
    assert(fetch !== undefined, "readCached: no fetch");
    const chunk = await fetch;
    const bytes = chunk.data.subarray(Math.min(from, chunk.data.length), to);
    return { bytes, sizeBytes: chunk.sizeBytes };
  }

  /** Joins the pieces into the result, checking that they describe one consistent object. */
  #copyOut(
    key: string,
    offset: number,
    end: number,
    first: number,
    pieces: readonly Piece[],
  ): Uint8Array {
    let sizeBytes: number | undefined;
    for (const piece of pieces) sizeBytes ??= piece.sizeBytes;
    if (sizeBytes !== undefined && offset > sizeBytes) {
      throw new InvalidRangeError(key, offset, sizeBytes);
    }
    const stop = sizeBytes === undefined ? end : Math.min(end, sizeBytes);
    const result = new Uint8Array(stop - offset);
    let position = 0;
    for (let i = 0; i < pieces.length; i++) {
      const chunkStart = (first + i) * this.#chunkBytes;
      const chunkEnd = Math.min(stop, chunkStart + this.#chunkBytes);
      const expected = Math.max(0, chunkEnd - Math.max(offset, chunkStart));
      const bytes = pieces[i]?.bytes ?? empty;
      if (bytes.length !== expected) {
        throw new CorruptionError(
          `object ${key} changed while cached: chunk ${first + i} has ${bytes.length} of ` +
            `${expected} expected bytes`,
        );
      }
      result.set(bytes, position);
      position += bytes.length;
    }
    assert(position === result.length, "copyOut: pieces do not cover the range");
    return result;
  }

  // ---- fetches and fills ---------------------------------------------------------------------

  /**
   * Fetches chunks start..last with one ranged GET and registers one shared promise per chunk.
   * Once the bytes arrive they are written to the cache; the in-flight entries go afterwards.
   */
  #fetchRun(
    key: string,
    start: number,
    last: number,
    generation: number,
  ): Promise<ChunkFetch>[] {
    const chunkBytes = this.#chunkBytes;
    const count = last - start + 1;
    const offset = start * chunkBytes;
    this.#cache.recordMisses(count);
    const run: Promise<RunFetch> = this.#inner.getRange(key, offset, count * chunkBytes).then(
      (bytes) => ({
        bytes,
        sizeBytes: bytes.length < count * chunkBytes ? offset + bytes.length : undefined,
      }),
      (error: unknown) => {
        // The run starts beyond the end: the store told us the size; earlier chunks hold it.
        if (error instanceof InvalidRangeError) return { bytes: empty, sizeBytes: error.size };
        throw error;
      },
    );
    let byIndex = this.#inFlight.get(key);
    if (byIndex === undefined) {
      byIndex = new Map();
      this.#inFlight.set(key, byIndex);
    }
    const registry = byIndex;
    const fetches: Promise<ChunkFetch>[] = [];
    for (let index = start; index <= last; index++) {
      const from = (index - start) * chunkBytes;
      const fetch = run.then((fetched) => ({
        data: fetched.bytes.subarray(Math.min(from, fetched.bytes.length), from + chunkBytes),
        sizeBytes: fetched.sizeBytes,
      }));
      registry.set(index, fetch);
      fetches.push(fetch);
    }
    const settled = run
      .then((fetched) => this.#fillRun(key, start, fetched, generation))
      .catch(() => undefined)
      .finally(() => {
        fetches.forEach((fetch, i) => {
          if (registry.get(start + i) === fetch) registry.delete(start + i);
        });
        if (registry.size === 0 && this.#inFlight.get(key) === registry) {
          this.#inFlight.delete(key);
        }
      });
    void settled;
    return fetches;
  }

  /** Writes the fetched chunks of a run into the cache, one after another. */
  async #fillRun(key: string, start: number, fetched: RunFetch, generation: number): Promise<void> {
    const chunkBytes = this.#chunkBytes;
    const { bytes, sizeBytes } = fetched;
    for (let from = 0, index = start; ; from += chunkBytes, index++) {
      const data = bytes.subarray(from, Math.min(from + chunkBytes, bytes.length));
      const absoluteEnd = index * chunkBytes + data.length;
      const final = sizeBytes !== undefined && absoluteEnd === sizeBytes;
      // A chunk holding no bytes is cached only where the object ends exactly at its start (an
      // empty object's chunk 0, or the run began at the end): as a final chunk it records the
      // size, which full chunks before it cannot.
      const exists = data.length > 0 || index * chunkBytes === sizeBytes;
      if (!exists || (!final && data.length < chunkBytes)) return;
      await this.#cache.fill(key, index, data, final, generation);
      if (final) return;
    }
  }

  /** Caches a whole object's bytes in the background (copied first: the caller keeps its own). */
  #fillObject(key: string, bytes: Uint8Array, generation: number): void {
    const copy = bytes.slice();
    const work = this.#fillRun(key, 0, { bytes: copy, sizeBytes: copy.length }, generation);
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }
}
