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
import {
  compareInternalKeys,
  INTERNAL_KEY_TRAILER_BYTES,
  internalKeySequence,
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
   * Compression for data and index blocks; default "zstd" (what the engine writes, see
   * docs/decisions.md "Block compression"); "lz4" and "none" stay readable and writable.
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
  #smallestSequenceNumber = 0;
  #largestSequenceNumber = 0;
  #sawSmallSequence = false;
  #smallestSequenceBig = 0n;
  #largestSequenceBig = 0n;
  #sawBigSequence = false;
  #entryCount = 0;
  #dataBlockCount = 0;
  #finished = false;

  constructor(options: SstBuilderOptions = {}) {
    const blockSizeBytes = options.blockSizeBytes ?? SST_BLOCK_SIZE_BYTES_DEFAULT;
    assert(Number.isInteger(blockSizeBytes) && blockSizeBytes >= 1, "blockSizeBytes >= 1");
    this.blockSizeBytes = blockSizeBytes;
    this.compression = compressionTypeOf(options.compression ?? "zstd");
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
    assert(internalKey.length >= INTERNAL_KEY_TRAILER_BYTES, "SstBuilder.add: internal key");
    const userKeyLength = internalKey.length - INTERNAL_KEY_TRAILER_BYTES;
    if (this.#entryCount === 0) {
      this.#smallestKey = internalKey.slice();
      this.#bloom.addRange(internalKey, 0, userKeyLength);
    } else {
      const lastKey = this.#lastKey.view();
      assert(compareInternalKeys(internalKey, lastKey) > 0, "SstBuilder keys must increase");
      // Versions of one user key are adjacent; the filter needs the user key only once.
      if (!sameUserKey(internalKey, lastKey, userKeyLength)) {
        this.#bloom.addRange(internalKey, 0, userKeyLength);
      }
    }
    this.#trackSequence(internalKey);
    this.#data.add(internalKey, value);
    this.#lastKey.clear();
    this.#lastKey.putBytes(internalKey);
    this.#entryCount++;
    if (this.#data.currentSizeEstimate() >= this.blockSizeBytes) this.#flushDataBlock();
  }

  /**
   * Updates the smallest and largest sequence. Sequences below 2^53 (all in practice) are read
   * as numbers straight from the trailer bytes, because a BigInt per entry costs about as much
   * as encoding the entry; larger ones take the exact BigInt path.
   */
  #trackSequence(internalKey: Uint8Array): void {
    const sequence = trailerSequenceNumber(internalKey);
    if (sequence === undefined) {
      this.#trackSequenceBig(internalKeySequence(internalKey));
      return;
    }
    if (this.#entryCount === 0 || sequence < this.#smallestSequenceNumber) {
      this.#smallestSequenceNumber = sequence;
    }
    if (this.#entryCount === 0 || sequence > this.#largestSequenceNumber) {
      this.#largestSequenceNumber = sequence;
    }
    this.#sawSmallSequence = true;
  }

  #trackSequenceBig(sequence: bigint): void {
    if (!this.#sawBigSequence || sequence < this.#smallestSequenceBig) {
      this.#smallestSequenceBig = sequence;
    }
    if (!this.#sawBigSequence || sequence > this.#largestSequenceBig) {
      this.#largestSequenceBig = sequence;
    }
    this.#sawBigSequence = true;
  }

  /** The smallest and largest sequence added so far (0n, 0n for an empty file). */
  sequenceRange(): { smallest: bigint; largest: bigint } {
    let smallest: bigint | undefined;
    let largest: bigint | undefined;
    if (this.#sawSmallSequence) {
      smallest = BigInt(this.#smallestSequenceNumber);
      largest = BigInt(this.#largestSequenceNumber);
    }
    if (this.#sawBigSequence) {
      // Every big sequence exceeds every small one.
      smallest ??= this.#smallestSequenceBig;
      largest = this.#largestSequenceBig;
    }
    return { smallest: smallest ?? 0n, largest: largest ?? 0n };
  }

  /** The first key added, or an empty array before any. */
  get smallestKey(): Uint8Array {
    return this.#smallestKey;
  }

  /** A copy of the last key added (the largest). */
  largestKeyCopy(): Uint8Array {
    return this.#lastKey.toBytes();
  }

  /** Writes the remaining blocks and the footer; returns the whole file. */
  finish(): Uint8Array {
    assert(!this.#finished, "SstBuilder.finish twice");
    if (!this.#data.isEmpty) this.#flushDataBlock();
    const dataBytes = this.#file.length;
    const sequences = this.sequenceRange();
    const filter = this.#writeBlock(this.#bloom.finish(), CompressionType.None);
    const properties = this.#writeBlock(
      encodeProperties({
        entryCount: this.#entryCount,
        dataBlockCount: this.#dataBlockCount,
        dataBytes,
        smallestKey: this.#smallestKey,
        largestKey: this.#lastKey.toBytes(),
        smallestSequence: sequences.smallest,
        largestSequence: sequences.largest,
      }),
      CompressionType.None,
    );
    const index = this.#writeBlock(this.#index.finish(), this.compression);
    this.#file.putBytes(
      encodeFooter({ filter, index, properties, formatVersion: SST_FORMAT_VERSION }),
    );
    this.#finished = true;
    // A view, not a copy: nothing is appended after finish, and a flush's file can be tens of
    // MiB, so a copy would double the builder's peak memory for no reason.
    return this.#file.view();
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

/** True when the first `userKeyLength` bytes of `key` are `lastKey`'s whole user key. */
function sameUserKey(key: Uint8Array, lastKey: Uint8Array, userKeyLength: number): boolean {
  if (lastKey.length - INTERNAL_KEY_TRAILER_BYTES !== userKeyLength) return false;
  for (let i = 0; i < userKeyLength; i++) if (key[i] !== lastKey[i]) return false;
  return true;
}

/** 2^32, to combine the trailer's two sequence parts into one number. */
const TWO_POW_32 = 0x1_0000_0000;
/** Sequences at or above 2^53 do not fit a number exactly: their high part is >= 2^21. */
const SEQUENCE_HIGH_LIMIT = 1 << 21;

/**
 * The sequence of an internal key as a number, or undefined when it is 2^53 or more. The
 * trailer is ~(sequence << 8 | kind) as a big-endian fixed64 (lsm/internal-key.ts), so the
 * sequence is the first 7 trailer bytes, inverted: 3 high bytes and 4 low bytes.
 */
function trailerSequenceNumber(internalKey: Uint8Array): number | undefined {
  const at = internalKey.length - INTERNAL_KEY_TRAILER_BYTES;
  const high = (~((internalKey[at]! << 16) | (internalKey[at + 1]! << 8) | internalKey[at + 2]!)) &
    0xff_ffff;
  if (high >= SEQUENCE_HIGH_LIMIT) return undefined;
  const low =
    (~(
      (internalKey[at + 3]! << 24) |
      (internalKey[at + 4]! << 16) |
      (internalKey[at + 5]! << 8) |
      internalKey[at + 6]!
    )) >>> 0;
  return high * TWO_POW_32 + low;
}
