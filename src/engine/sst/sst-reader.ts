/**
 * SstReader: opens an SST (layout in sst-format.ts) through a range-read function and reads
 * its blocks. `open` reads and verifies the footer (size, magic, checksum, version), then the
 * index, filter and properties blocks, which stay in memory for the reader's lifetime.
 *
 * Every check that fails raises CorruptionError naming the file and a file offset: a damaged
 * file gives an error, never a wrong answer. Only block reads are async; probing the filter and
 * walking the index are synchronous.
 *
 * Block cache (block-cache.ts), when `open` is given one and a file id:
 * - Data blocks: `cachedDataBlock` looks one up synchronously; `readDataBlock` reads, verifies
 *   and (unless fillCache is false) inserts it at low priority; `get` does both.
 * - The index and filter stay pinned in the reader for its lifetime (iterators walk the index
 *   synchronously; point reads binary-search a copy decoded at open), and are charged to the
 *   cache's high-priority pool as one entry (`pinnedBytes`) at the index block's offset, so the
 *   budget accounts for them. If other index blocks push that entry out, the next use
 *   re-inserts the reader's copy (no I/O): while a reader is open its index and filter are
 *   resident, so they stay charged.
 * - `releaseFromCache` drops the file's entries; call it when the reader is closed for good.
 * Without a cache every read goes to the file; `iterator()` loads all data blocks up front.
 */

import { assert } from "../../util/assert.ts";
import { CorruptionError } from "../../util/errors.ts";
import {
  KIND_FOR_SEEK,
  SEQUENCE_NUMBER_MAX,
  compareInternalKeyRange,
  compareInternalKeys,
  encodeInternalKey,
} from "../lsm/internal-key.ts";
import { type BlockCache, blockCacheCharge } from "./block-cache.ts";
import { Block, type BlockIterator } from "./block.ts";
import { bloomMayContain } from "./bloom-filter.ts";
import {
  type BlockHandle,
  decodeFooter,
  decodeProperties,
  decodeStoredBlock,
  getBlockHandle,
  SST_BLOCK_TRAILER_BYTES,
  SST_FOOTER_BYTES,
  type SstFooter,
  type SstProperties,
} from "./sst-format.ts";
import {
  type BlockLookup,
  type DecodedIndex,
  SstIterator,
  firstIndexAtOrAfter,
} from "./sst-iterator.ts";

/**
 * Reads `length` bytes at `offset` of the file; may return fewer only at the end. The returned
 * array must not change afterwards: blocks and values alias it.
 */
export type SstRangeRead = (offset: number, length: number) => Promise<Uint8Array>;

/** A key/value pair copied out of a block. */
export interface SstEntry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** Estimated bytes per decoded index entry beyond its key: two objects and array slots. */
const INDEX_ENTRY_OVERHEAD_BYTES = 96;

export interface SstReaderOptions {
  /** The shared block cache; the reader takes a file id from it (BlockCache.newFileId). */
  readonly cache?: BlockCache;
}

export interface ReadDataBlockOptions {
  /** Insert the block into the cache (low priority); default true. Large scans pass false. */
  readonly fillCache?: boolean;
}

interface ReaderParts {
  readonly footer: SstFooter;
  readonly properties: SstProperties;
  readonly index: Block;
  readonly filter: Uint8Array;
}

export class SstReader {
  readonly name: string;
  readonly fileSize: number;
  readonly footer: SstFooter;
  readonly properties: SstProperties;
  readonly index: Block;
  readonly filter: Uint8Array;
  readonly #read: SstRangeRead;
  readonly #cache: BlockCache | undefined;
  /** This reader's id in the block cache (-1 without a cache). */
  readonly #fileId: number;
  /**
   * The index decoded once at open: the last key of every data block (copies) and its handle,
   * so a point read binary-searches plain arrays instead of decoding index entries each time.
   */
  readonly #indexKeys: Uint8Array[] = [];
  readonly #indexHandles: BlockHandle[] = [];
  readonly #decodedIndex: DecodedIndex;
  #pointIterator: BlockIterator | undefined;
  #indexKeyBytes = 0;

  private constructor(
    read: SstRangeRead,
    fileSize: number,
    name: string,
    parts: ReaderParts,
    options: SstReaderOptions,
  ) {
    this.#read = read;
    this.fileSize = fileSize;
    this.name = name;
    this.footer = parts.footer;
    this.properties = parts.properties;
    this.index = parts.index;
    this.filter = parts.filter;
    this.#cache = options.cache;
    this.#fileId = options.cache?.newFileId() ?? -1;
    this.#decodeIndex();
    this.#decodedIndex = { keys: this.#indexKeys, handles: this.#indexHandles };
    this.#chargeIndexAndFilter();
  }

  /** Opens and verifies the SST `name` of `fileSize` bytes. */
  static async open(
    read: SstRangeRead,
    fileSize: number,
    name: string,
    options: SstReaderOptions = {},
  ): Promise<SstReader> {
    if (fileSize < SST_FOOTER_BYTES) {
      throw new CorruptionError(`${name}: file of ${fileSize} bytes is shorter than a footer`);
    }
    const footerOffset = fileSize - SST_FOOTER_BYTES;
    const footerBytes = await read(footerOffset, SST_FOOTER_BYTES);
    const footer = decodeFooter(footerBytes, name, footerOffset);
    const readRaw = (handle: BlockHandle): Promise<Uint8Array> =>
      readVerifiedBlock(read, handle, footerOffset, name);
    const [indexBytes, filter, propertiesBytes] = await Promise.all([
      readRaw(footer.index),
      readRaw(footer.filter),
      readRaw(footer.properties),
    ]);
    const index = new Block(indexBytes, {
      comparator: compareInternalKeys,
      rangeComparator: compareInternalKeyRange,
      name: `${name} index block @${footer.index.offset}`,
    });
    let properties: SstProperties;
    try {
      properties = decodeProperties(propertiesBytes);
    } catch (error) {
      const at = footer.properties.offset;
      throw new CorruptionError(`${name}: properties block at offset ${at} is corrupt`, {
        cause: error,
      });
    }
    const parts = { footer, properties, index, filter };
    return new SstReader(read, fileSize, name, parts, options);
  }

  /** False when no key with this user key is in the file; true when one may be. */
  mayContain(userKey: Uint8Array): boolean {
    return bloomMayContain(this.filter, userKey);
  }

  /** Reads, verifies and decompresses the block at `handle`; returns its raw contents. */
  readBlock(handle: BlockHandle): Promise<Uint8Array> {
    return readVerifiedBlock(this.#read, handle, this.fileSize - SST_FOOTER_BYTES, this.name);
  }

  /** The data block at `handle` if the cache holds it (synchronous; no I/O). */
  cachedDataBlock(handle: BlockHandle): Block | undefined {
    return this.#cache?.lookup(this.#fileId, handle.offset, "low");
  }

  /**
   * Reads, verifies and decodes the data block at `handle` (always from the file), and inserts it
   * into the cache at low priority unless `fillCache` is false.
   */
  async readDataBlock(handle: BlockHandle, options: ReadDataBlockOptions = {}): Promise<Block> {
    const contents = await this.readBlock(handle);
    const block = new Block(contents, {
      comparator: compareInternalKeys,
      rangeComparator: compareInternalKeyRange,
      name: `${this.name} block @${handle.offset}`,
    });
    if (this.#cache !== undefined && options.fillCache !== false) {
      this.#cache.insert(this.#fileId, handle.offset, block, blockCacheCharge(block), "low");
    }
    return block;
  }

  /**
   * An iterator over the file whose data blocks come from `blockAt`, a synchronous lookup the
   * caller backs with blocks it made resident (for example through cachedDataBlock and
   * readDataBlock before positioning). See sst-iterator.ts.
   */
  iteratorOver(blockAt: BlockLookup): SstIterator {
    this.#touchIndex();
    return new SstIterator(this.#decodedIndex, blockAt);
  }

  /**
   * Up to `count` handles of the data blocks from `handle` on, in scan order: `handle` itself
   * and the blocks after it (forward) or before it (backward). Empty when `handle` is not one
   * of this file's data blocks.
   */
  dataBlockHandlesFrom(handle: BlockHandle, count: number, backward: boolean): BlockHandle[] {
    const handles = this.#indexHandles;
    // Data blocks are written in key order, so their offsets ascend with their index position.
    let low = 0;
    let high = handles.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (handles[middle]!.offset < handle.offset) low = middle + 1;
      else high = middle;
    }
    if (handles[low]?.offset !== handle.offset) return [];
    if (!backward) return handles.slice(low, low + count);
    return handles.slice(Math.max(0, low - count + 1), low + 1).reverse();
  }

  /**
   * The handle of the data block where a seek to `target` starts (the first block whose last
   * key is >= target), or of the first / last block for "first" / "last"; undefined when the
   * seek finds nothing (an empty file, or target after every key).
   */
  startBlockFor(target: Uint8Array | "first" | "last"): BlockHandle | undefined {
    const handles = this.#indexHandles;
    if (target === "first") return handles[0];
    if (target === "last") return handles[handles.length - 1];
    return handles[firstIndexAtOrAfter(this.#decodedIndex, target)];
  }

  /** Drops this file's blocks from the cache (the file is being closed or deleted). */
  releaseFromCache(): void {
    this.#cache?.eraseFile(this.#fileId);
  }

  /**
   * Estimated entries with user keys in [lower, upper): the file's entry count times the share
   * of its data blocks the range touches (whole blocks, so a range inside one block counts that
   * block). Synchronous and free of I/O: the index is in memory. For start-up row estimates.
   */
  estimateEntriesInRange(lower: Uint8Array, upper: Uint8Array): number {
    const blocks = this.#indexKeys.length;
    if (blocks === 0) return 0;
    const seekKey = (userKey: Uint8Array): Uint8Array =>
      encodeInternalKey(userKey, SEQUENCE_NUMBER_MAX, KIND_FOR_SEEK);
    // The first block whose last key is at or past `lower` is the first that may hold the
    // range; the first whose last key is at or past `upper` is the last.
    const first = firstIndexAtOrAfter(this.#decodedIndex, seekKey(lower));
    if (first === blocks) return 0;
    const last = Math.min(firstIndexAtOrAfter(this.#decodedIndex, seekKey(upper)), blocks - 1);
    return Math.round((this.properties.entryCount * (last - first + 1)) / blocks);
  }

  /** The handles of every data block, in key order, decoded from the index. */
  dataBlockHandles(): BlockHandle[] {
    return this.#indexHandles.slice();
  }

  /**
   * Bytes the reader keeps resident for its lifetime and charges to the cache's high-priority
   * pool: the index block, the decoded index, and the filter.
   */
  get pinnedBytes(): number {
    const decodedIndex = this.#indexKeyBytes + this.#indexKeys.length * INDEX_ENTRY_OVERHEAD_BYTES;
    return blockCacheCharge(this.index) + decodedIndex + this.filter.length;
  }

  /** Reads every data block; the map is keyed by the block's file offset. */
  async loadAllDataBlocks(): Promise<Map<number, Block>> {
    const handles = this.dataBlockHandles();
    const blocks = await Promise.all(handles.map((handle) => this.readDataBlock(handle)));
    const byOffset = new Map<number, Block>();
    handles.forEach((handle, i) => byOffset.set(handle.offset, blocks[i]!));
    return byOffset;
  }

  /** An iterator over the whole file, after loading every data block into memory. */
  async iterator(): Promise<SstIterator> {
    const blocks = await this.loadAllDataBlocks();
    const blockAt = (handle: BlockHandle): Block => {
      const block = blocks.get(handle.offset);
      if (block === undefined) {
        throw new CorruptionError(`${this.name}: no data block at offset ${handle.offset}`);
      }
      return block;
    };
    return new SstIterator(this.#decodedIndex, blockAt);
  }

  /**
   * The first entry whose internal key is >= `lookupKey` (a LookupKey's internalKey finds the
   * newest visible version), copied; undefined when none. Reads at most one data block, through
   * the cache: the index names the only block whose last key is the first one >= lookupKey.
   * It does not probe the filter; callers check mayContain first.
   */
  async get(lookupKey: Uint8Array): Promise<SstEntry | undefined> {
    this.#touchIndex();
    const index = firstIndexAtOrAfter(this.#decodedIndex, lookupKey);
    if (index === this.#indexKeys.length) return undefined;
    const handle = this.#indexHandles[index]!;
    const block = this.cachedDataBlock(handle) ?? (await this.readDataBlock(handle));
    return this.#entryAtOrAfter(block, handle, lookupKey);
  }

  /** The same as `get` (kept for callers written before the cache). */
  seekEntry(target: Uint8Array): Promise<SstEntry | undefined> {
    return this.get(target);
  }

  #entryAtOrAfter(block: Block, handle: BlockHandle, target: Uint8Array): SstEntry {
    // One iterator serves every point read of this reader: it is used synchronously, start to
    // finish, between two awaits, so no two reads share it at once.
    let iterator = this.#pointIterator;
    if (iterator === undefined) {
      iterator = block.iterator();
      this.#pointIterator = iterator;
    } else {
      iterator.reset(block);
    }
    iterator.seek(target);
    if (!iterator.valid()) {
      throw new CorruptionError(`${this.name}: block @${handle.offset} ends before its index key`);
    }
    return { key: iterator.key().slice(), value: iterator.valueCopy() };
  }

  /** Fills #indexKeys and #indexHandles; throws CorruptionError for a damaged index entry. */
  #decodeIndex(): void {
    const iterator = this.index.iterator();
    for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
      const key = iterator.key().slice();
      this.#indexKeys.push(key);
      this.#indexKeyBytes += key.length;
      this.#indexHandles.push(this.#indexHandle(iterator.value(), iterator.entryOffset()));
    }
  }

  /** Charges the pinned index and filter to the high-priority pool, as one entry. */
  #chargeIndexAndFilter(): void {
    if (this.#cache === undefined) return;
    const charge = this.pinnedBytes;
    this.#cache.insert(this.#fileId, this.footer.index.offset, this.index, charge, "high");
  }

  /** Refreshes the index entry in the cache, re-charging it if it was pushed out. */
  #touchIndex(): void {
    const cache = this.#cache;
    if (cache === undefined) return;
    if (cache.lookup(this.#fileId, this.footer.index.offset, "high") === undefined) {
      this.#chargeIndexAndFilter();
    }
  }

  #indexHandle(value: Uint8Array, entryOffset: number): BlockHandle {
    try {
      const decoded = getBlockHandle(value, 0);
      if (decoded.offset !== value.length) throw new CorruptionError("trailing bytes");
      return decoded.value;
    } catch (error) {
      const at = this.footer.index.offset;
      throw new CorruptionError(
        `${this.name}: bad block handle in index block @${at} entry ${entryOffset}`,
        { cause: error },
      );
    }
  }
}

/** Reads the stored block at `handle`, which must end at or before `limit`, and verifies it. */
async function readVerifiedBlock(
  read: SstRangeRead,
  handle: BlockHandle,
  limit: number,
  name: string,
): Promise<Uint8Array> {
  const storedBytes = handle.size + SST_BLOCK_TRAILER_BYTES;
  if (handle.offset + storedBytes > limit) {
    throw new CorruptionError(
      `${name}: block at offset ${handle.offset} of ${storedBytes} bytes runs past ${limit}`,
    );
  }
  const stored = await read(handle.offset, storedBytes);
  return decodeStoredBlock(stored, handle, name);
}
