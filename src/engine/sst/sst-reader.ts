/**
 * SstReader: opens an SST (layout in sst-format.ts) through a range-read function and reads
 * its blocks. `open` reads and verifies the footer (size, magic, checksum, version), then the
 * index, filter and properties blocks, which stay in memory for the reader's lifetime.
 *
 * Every check that fails raises CorruptionError naming the file and a file offset: a damaged
 * file gives an error, never a wrong answer. Only block reads are async; probing the filter and
 * walking the index are synchronous. The block cache comes later: today `readDataBlock` reads
 * and verifies on every call, and `iterator()` loads all data blocks up front.
 */

import { CorruptionError } from "../../util/errors.ts";
import { compareInternalKeys } from "../lsm/internal-key.ts";
import { Block } from "./block.ts";
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
import { SstIterator } from "./sst-iterator.ts";

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

export class SstReader {
  readonly name: string;
  readonly fileSize: number;
  readonly footer: SstFooter;
  readonly properties: SstProperties;
  readonly index: Block;
  readonly filter: Uint8Array;
  readonly #read: SstRangeRead;

  private constructor(
    read: SstRangeRead,
    fileSize: number,
    name: string,
    parts: { footer: SstFooter; properties: SstProperties; index: Block; filter: Uint8Array },
  ) {
    this.#read = read;
    this.fileSize = fileSize;
    this.name = name;
    this.footer = parts.footer;
    this.properties = parts.properties;
    this.index = parts.index;
    this.filter = parts.filter;
  }

  /** Opens and verifies the SST `name` of `fileSize` bytes. */
  static async open(read: SstRangeRead, fileSize: number, name: string): Promise<SstReader> {
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
    return new SstReader(read, fileSize, name, { footer, properties, index, filter });
  }

  /** False when no key with this user key is in the file; true when one may be. */
  mayContain(userKey: Uint8Array): boolean {
    return bloomMayContain(this.filter, userKey);
  }

  /** Reads, verifies and decompresses the block at `handle`; returns its raw contents. */
  readBlock(handle: BlockHandle): Promise<Uint8Array> {
    return readVerifiedBlock(this.#read, handle, this.fileSize - SST_FOOTER_BYTES, this.name);
  }

  async readDataBlock(handle: BlockHandle): Promise<Block> {
    const contents = await this.readBlock(handle);
    return new Block(contents, {
      comparator: compareInternalKeys,
      name: `${this.name} block @${handle.offset}`,
    });
  }

  /** The handles of every data block, in key order, decoded from the index. */
  dataBlockHandles(): BlockHandle[] {
    const handles: BlockHandle[] = [];
    const iterator = this.index.iterator();
    for (iterator.seekToFirst(); iterator.valid(); iterator.next()) {
      handles.push(this.#indexHandle(iterator.value(), iterator.entryOffset()));
    }
    return handles;
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
    return new SstIterator(this.index, blockAt, this.name);
  }

  /**
   * The first entry whose internal key is >= `target` (a LookupKey's internalKey finds the
   * newest visible version), copied; undefined when none. Reads at most one data block: the
   * index names the only block whose last key is the first one >= target.
   */
  async seekEntry(target: Uint8Array): Promise<SstEntry | undefined> {
    const indexIterator = this.index.iterator();
    indexIterator.seek(target);
    if (!indexIterator.valid()) return undefined;
    const handle = this.#indexHandle(indexIterator.value(), indexIterator.entryOffset());
    const iterator = (await this.readDataBlock(handle)).iterator();
    iterator.seek(target);
    if (!iterator.valid()) {
      throw new CorruptionError(`${this.name}: block @${handle.offset} ends before its index key`);
    }
    return { key: iterator.key().slice(), value: iterator.value().slice() };
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
