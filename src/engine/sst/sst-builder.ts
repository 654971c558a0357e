/**
 * SstBuilder: builds one SST file (layout in sst-format.ts) in memory from internal keys added
 * in strictly increasing order; `finish()` returns the whole file for the caller to write or
 * upload.
 *
 * Invariants: keys strictly increase by compareInternalKeys (asserted: disorder is a bug
 * upstream); a data block is cut as soon as its size reaches `blockSizeBytes`, so blocks are
 * at most one entry larger than that; the index holds the last key of every data block; the
 * bloom filter holds every distinct user key. Single use: nothing may be added after finish.
 */

import { assert } from "../../util/assert.ts";
import { ByteSink } from "../../util/byte-sink.ts";
import { bytesEqual } from "../../util/bytes.ts";
import {
  compareInternalKeys,
  internalKeySequence,
  internalKeyUserKey,
} from "../lsm/internal-key.ts";
import { BlockBuilder } from "./block-builder.ts";
import { BLOCK_RESTART_INTERVAL_DEFAULT } from "./block-format.ts";
import { BLOOM_BITS_PER_KEY_DEFAULT, BloomFilterBuilder } from "./bloom-filter.ts";
import {
  type BlockHandle,
  CompressionType,
  compressionTypeOf,
  encodeFooter,
  encodeProperties,
  encodeStoredBlock,
  putBlockHandle,
  SST_BLOCK_TRAILER_BYTES,
  SST_FORMAT_VERSION,
  type SstCompression,
} from "./sst-format.ts";

export const SST_BLOCK_SIZE_BYTES_DEFAULT = 4096;

export interface SstBuilderOptions {
  /** Target size of a data block before compression; default 4096. */
  readonly blockSizeBytes?: number;
  /** Restart interval of data blocks; default BLOCK_RESTART_INTERVAL_DEFAULT. */
  readonly restartInterval?: number;
  /** Bloom filter bits per user key; default BLOOM_BITS_PER_KEY_DEFAULT. */
  readonly bloomBitsPerKey?: number;
  /**
   * Compression for data and index blocks; default "lz4" (fast to decode, for the upper
   * levels). "zstd" is smaller and slower, meant for the bottom level.
   */
  readonly compression?: SstCompression;
}

export class SstBuilder {
  readonly blockSizeBytes: number;
  readonly compression: CompressionType;
  readonly #file = new ByteSink(64 * 1024);
  readonly #data: BlockBuilder;
  readonly #index = new BlockBuilder({ restartInterval: 1, comparator: compareInternalKeys });
  readonly #bloom: BloomFilterBuilder;
  readonly #lastKey = new ByteSink(64);
  readonly #handle = new ByteSink(32);
  #smallestKey: Uint8Array = new Uint8Array(0);
  #smallestSequence = 0n;
  #largestSequence = 0n;
  #entryCount = 0;
  #dataBlockCount = 0;
  #finished = false;

  constructor(options: SstBuilderOptions = {}) {
    const blockSizeBytes = options.blockSizeBytes ?? SST_BLOCK_SIZE_BYTES_DEFAULT;
    assert(Number.isInteger(blockSizeBytes) && blockSizeBytes >= 1, "blockSizeBytes >= 1");
    this.blockSizeBytes = blockSizeBytes;
    this.compression = compressionTypeOf(options.compression ?? "lz4");
    this.#data = new BlockBuilder({
      restartInterval: options.restartInterval ?? BLOCK_RESTART_INTERVAL_DEFAULT,
      comparator: compareInternalKeys,
    });
    this.#bloom = new BloomFilterBuilder(options.bloomBitsPerKey ?? BLOOM_BITS_PER_KEY_DEFAULT);
  }

  get entryCount(): number {
    return this.#entryCount;
  }

  /** Appends an entry. REQUIRES: not finished; `internalKey` sorts after the previous key. */
  add(internalKey: Uint8Array, value: Uint8Array): void {
    assert(!this.#finished, "SstBuilder.add after finish");
    const lastKey = this.#lastKey.view();
    const userKey = internalKeyUserKey(internalKey);
    const sequence = internalKeySequence(internalKey);
    if (this.#entryCount === 0) {
      this.#smallestKey = internalKey.slice();
      this.#smallestSequence = sequence;
      this.#largestSequence = sequence;
      this.#bloom.add(userKey);
    } else {
      assert(compareInternalKeys(internalKey, lastKey) > 0, "SstBuilder keys must increase");
      // Versions of one user key are adjacent; the filter needs the user key only once.
      if (!bytesEqual(userKey, internalKeyUserKey(lastKey))) this.#bloom.add(userKey);
      if (sequence < this.#smallestSequence) this.#smallestSequence = sequence;
      if (sequence > this.#largestSequence) this.#largestSequence = sequence;
    }
    this.#data.add(internalKey, value);
    this.#lastKey.clear();
    this.#lastKey.putBytes(internalKey);
    this.#entryCount++;
    if (this.#data.currentSizeEstimate() >= this.blockSizeBytes) this.#flushDataBlock();
  }

  /** Writes the remaining blocks and the footer; returns the whole file. */
  finish(): Uint8Array {
    assert(!this.#finished, "SstBuilder.finish twice");
    if (!this.#data.isEmpty) this.#flushDataBlock();
    const dataBytes = this.#file.length;
    const filter = this.#writeBlock(this.#bloom.finish(), CompressionType.None);
    const properties = this.#writeBlock(
      encodeProperties({
        entryCount: this.#entryCount,
        dataBlockCount: this.#dataBlockCount,
        dataBytes,
        smallestKey: this.#smallestKey,
        largestKey: this.#lastKey.toBytes(),
        smallestSequence: this.#smallestSequence,
        largestSequence: this.#largestSequence,
      }),
      CompressionType.None,
    );
    const index = this.#writeBlock(this.#index.finish(), this.compression);
    this.#file.putBytes(
      encodeFooter({ filter, index, properties, formatVersion: SST_FORMAT_VERSION }),
    );
    this.#finished = true;
    return this.#file.toBytes();
  }

  #flushDataBlock(): void {
    const handle = this.#writeBlock(this.#data.finish(), this.compression);
    this.#data.reset();
    this.#handle.clear();
    putBlockHandle(this.#handle, handle);
    this.#index.add(this.#lastKey.view(), this.#handle.view());
    this.#dataBlockCount++;
  }

  #writeBlock(raw: Uint8Array, compression: CompressionType): BlockHandle {
    const stored = encodeStoredBlock(raw, compression);
    const offset = this.#file.length;
    this.#file.putBytes(stored);
    return { offset, size: stored.length - SST_BLOCK_TRAILER_BYTES };
  }
}
