/**
 * TableReaders: the open SstReader of every SST the engine reads, by SST id (leveldb's
 * TableCache). Readers are opened lazily on first use, share the engine's BlockCache (each
 * reader has its own file id there) and stay open until the SST becomes garbage. A failed open
 * is forgotten, so a transient object-store error can be retried, while a corrupt file keeps
 * failing with its CorruptionError naming the object.
 */

import type { ObjectStore } from "../../objectstore/object-store.ts";
import type { BranchRoot } from "../../objectstore/object-paths.ts";
import type { BlockCache } from "../sst/block-cache.ts";
import { SstReader } from "../sst/sst-reader.ts";
import type { SstDescriptor } from "./manifest.ts";
import { sstObjectKey } from "./sst-object-key.ts";

export class TableReaders {
  readonly #store: ObjectStore;
  readonly #root: BranchRoot;
  readonly #cache: BlockCache;
  readonly #opening = new Map<bigint, Promise<SstReader>>();
  readonly #open = new Map<bigint, SstReader>();

  constructor(store: ObjectStore, root: BranchRoot, cache: BlockCache) {
    this.#store = store;
    this.#root = root;
    this.#cache = cache;
  }

  /** The reader of `sst` if it is already open (synchronous). */
  openReader(id: bigint): SstReader | undefined {
    return this.#open.get(id);
  }

  /** The reader of `sst`, opening it on first use. */
  reader(sst: SstDescriptor): Promise<SstReader> {
    const open = this.#open.get(sst.id);
    if (open !== undefined) return Promise.resolve(open);
    let opening = this.#opening.get(sst.id);
    if (opening === undefined) {
      opening = this.#openReader(sst);
      this.#opening.set(sst.id, opening);
    }
    return opening;
  }

  /** Forgets the reader of `id` and drops its blocks from the cache (the SST is garbage). */
  release(id: bigint): void {
    this.#open.get(id)?.releaseFromCache();
    this.#open.delete(id);
    this.#opening.delete(id);
  }

  get openCount(): number {
    return this.#open.size;
  }

  async #openReader(sst: SstDescriptor): Promise<SstReader> {
    const key = sstObjectKey(this.#root, sst.id);
    const read = (offset: number, length: number): Promise<Uint8Array> =>
      this.#store.getRange(key, offset, length);
    try {
      const reader = await SstReader.open(read, sst.sizeBytes, key, { cache: this.#cache });
      this.#open.set(sst.id, reader);
      return reader;
    } finally {
      this.#opening.delete(sst.id);
    }
  }
}
