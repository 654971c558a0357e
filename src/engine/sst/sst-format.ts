/**
 * The byte layout of an SST file (format version 1), modelled on leveldb's doc/table_format.md.
 * An SST holds internal keys (lsm/internal-key.ts) in strictly increasing order:
 *
 *   [data block 0] ... [data block n-1] [filter block] [properties block] [index block] [footer]
 *
 * Every block is stored as
 *   contents          the block's bytes, possibly compressed
 *   compression type  u8: 0 = none, 2 = zstd, 4 = lz4 (others are corrupt in this version;
 *                     the numbers are RocksDB's, 1 = snappy is not used)
 *   crc               fixed32: maskCrc(crc32c(contents ‖ type)) (util/crc32c.ts)
 * The 5 trailer bytes are not counted in the block's handle. A compressed block is written only
 * when it is at least 12.5% smaller than the raw contents; otherwise the block is stored raw.
 * Compressed contents:
 *   zstd  one zstd frame (Bun.zstdCompressSync), which records its own decompressed size.
 *   lz4   fixed32 decompressed size ‖ one LZ4 block (the raw LZ4 block format, no frame): the
 *         layout of lz4-napi's compressSync (lz4_flex compress_prepend_size). The reader checks
 *         the size against SST_LZ4_BLOCK_BYTES_MAX before decompressing.
 * Adding type 4 kept the format version at 1: version-1 readers that predate it reject the block
 * as an unknown compression type (corruption), never misread it.
 *
 * BlockHandle: varint64 offset ‖ varint64 size (size of the contents, without the trailer).
 *
 * Block contents:
 *   data block        block-format.ts entries: internal key → value, comparator
 *                     compareInternalKeys.
 *   index block       block-format.ts, restart interval 1: one entry per data block, key = the
 *                     last internal key of that block, value = the block's BlockHandle. So the
 *                     first index entry >= a target names the only data block that may hold it.
 *   filter block      one bloom filter (bloom-filter.ts) over the distinct USER keys of the file.
 *   properties block  varint64 entry count, varint64 data block count, varint64 data bytes (data
 *                     blocks with trailers), varint32 length ‖ smallest internal key, varint32
 *                     length ‖ largest internal key, varint64 smallest sequence, varint64 largest
 *                     sequence. An empty SST has count 0, empty keys and sequences 0.
 *
 * Footer (SST_FOOTER_BYTES = 76, the last bytes of the file):
 *   [0, 60)   filter handle ‖ index handle ‖ properties handle, zero padded to 60 bytes
 *   [60, 64)  format version, fixed32 (SST_FORMAT_VERSION)
 *   [64, 72)  magic: the ASCII bytes "WESQLSST" (as fixed64 little-endian: SST_MAGIC)
 *   [72, 76)  fixed32 maskCrc(crc32c(footer[0, 72)))
 */

import { ByteSink } from "../../util/byte-sink.ts";
import {
  type Decoded,
  decodeFixed32,
  decodeFixed64,
  encodeFixed32,
  encodeFixed64,
  getVarint32,
  getVarint64,
  putVarint32,
  putVarint64,
} from "../../util/coding.ts";
import { compressSync as lz4CompressSync, uncompressSync as lz4UncompressSync } from "lz4-napi";
import { crc32c, maskCrc, unmaskCrc } from "../../util/crc32c.ts";
import { assertNever } from "../../util/assert.ts";
import { CorruptionError } from "../../util/errors.ts";
import { BLOCK_FORMAT_VERSION } from "./block-format.ts";

/** Version of this file layout; bump it (and keep a reader for the old one) on any change. */
export const SST_FORMAT_VERSION = 1;
/** The data block layout must match the SST version: both are version 1 together. */
export const SST_BLOCK_FORMAT_VERSION = BLOCK_FORMAT_VERSION;

/** "WESQLSST" read as a little-endian fixed64. */
export const SST_MAGIC = 0x5453_534c_5153_4557n;
export const SST_BLOCK_TRAILER_BYTES = 5;
/** A varint64 takes at most 10 bytes, so a handle at most 20. */
export const SST_BLOCK_HANDLE_BYTES_MAX = 20;
const FOOTER_HANDLES_BYTES = 3 * SST_BLOCK_HANDLE_BYTES_MAX;
export const SST_FOOTER_BYTES = FOOTER_HANDLES_BYTES + 4 + 8 + 4;
/**
 * zstd level for new blocks. Level 1 beat level 3 on 4 KiB blocks of sysbench rows in both ratio
 * (0.455 vs 0.473) and speed (45 vs 99 us to compress, 18 vs 25 us to decompress): see
 * docs/decisions.md "Block compression". Readers accept any level.
 */
export const SST_ZSTD_LEVEL = 1;
/** Compressed contents are kept only when they save at least 1/8 of the raw size. */
const COMPRESSION_MIN_SAVING_DIVISOR = 8;
/** Bytes of the decompressed-size prefix of an lz4 block. */
const LZ4_SIZE_PREFIX_BYTES = 4;
/**
 * Largest decompressed lz4 block the reader accepts. Blocks are cut near 4 KiB (and index blocks
 * grow with the file), so 64 MiB is far above any real block yet stops a damaged size prefix
 * from allocating gigabytes.
 */
export const SST_LZ4_BLOCK_BYTES_MAX = 64 * 1024 * 1024;

export const CompressionType = { None: 0, Zstd: 2, Lz4: 4 } as const;
export type CompressionType = (typeof CompressionType)[keyof typeof CompressionType];

/** The compression an SstBuilder is asked for, by name (SstBuilderOptions.compression). */
export type SstCompression = "none" | "lz4" | "zstd";

/** The trailer byte for a compression name. */
export function compressionTypeOf(compression: SstCompression): CompressionType {
  switch (compression) {
    case "none":
      return CompressionType.None;
    case "lz4":
      return CompressionType.Lz4;
    case "zstd":
      return CompressionType.Zstd;
    default:
      return assertNever(compression);
  }
}

export interface BlockHandle {
  readonly offset: number;
  /** Bytes of the stored contents, without the 5-byte trailer. */
  readonly size: number;
}

export interface SstFooter {
  readonly filter: BlockHandle;
  readonly index: BlockHandle;
  readonly properties: BlockHandle;
  readonly formatVersion: number;
}

export interface SstProperties {
  readonly entryCount: number;
  readonly dataBlockCount: number;
  readonly dataBytes: number;
  readonly smallestKey: Uint8Array;
  readonly largestKey: Uint8Array;
  readonly smallestSequence: bigint;
  readonly largestSequence: bigint;
}

export function putBlockHandle(sink: ByteSink, handle: BlockHandle): void {
  putVarint64(sink, BigInt(handle.offset));
  putVarint64(sink, BigInt(handle.size));
}

/**
 * Decodes a varint64 that must fit a safe integer, as a number: block handles are decoded on
 * every index step of every read, and the BigInt decoder (util/coding.ts) costs several times
 * more. Throws CorruptionError when truncated, longer than 10 bytes, or >= 2^53.
 */
function getSafeVarint(source: Uint8Array, offset: number, limit: number): Decoded<number> {
  let result = 0;
  let position = offset;
  for (let shift = 0; shift < 70; shift += 7) {
    if (position >= limit) throw new CorruptionError(`truncated varint at offset ${offset}`);
    const byte = source[position++]!;
    result += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) {
      // Past 2^53 the sum may round, but only to values that are still above the limit.
      if (result > Number.MAX_SAFE_INTEGER) {
        throw new CorruptionError(`varint at offset ${offset} exceeds 2^53`);
      }
      return { value: result, offset: position };
    }
  }
  throw new CorruptionError(`varint at offset ${offset} is longer than 10 bytes`);
}

/** Decodes a BlockHandle; throws CorruptionError (offset relative to `source`) when damaged. */
export function getBlockHandle(
  source: Uint8Array,
  offset: number,
  limit = source.length,
): Decoded<BlockHandle> {
  const blockOffset = getSafeVarint(source, offset, limit);
  const size = getSafeVarint(source, blockOffset.offset, limit);
  return { value: { offset: blockOffset.value, size: size.value }, offset: size.offset };
}

/** A Buffer view of `bytes` without copying (lz4-napi takes Buffers). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function compressContents(raw: Uint8Array, compression: CompressionType): Uint8Array {
  switch (compression) {
    case CompressionType.None:
      return raw;
    case CompressionType.Zstd:
      return Bun.zstdCompressSync(raw, { level: SST_ZSTD_LEVEL });
    case CompressionType.Lz4:
      return lz4CompressSync(asBuffer(raw));
    default:
      return assertNever(compression);
  }
}

/**
 * The stored form of a block: contents (compressed when asked and worthwhile) ‖ type ‖ masked
 * CRC. The handle's size is the returned length minus SST_BLOCK_TRAILER_BYTES.
 */
export function encodeStoredBlock(raw: Uint8Array, compression: CompressionType): Uint8Array {
  let contents = raw;
  let type: CompressionType = CompressionType.None;
  if (compression !== CompressionType.None && raw.length > 0) {
    const compressed = compressContents(raw, compression);
    if (compressed.length <= raw.length - raw.length / COMPRESSION_MIN_SAVING_DIVISOR) {
      contents = compressed;
      type = compression;
    }
  }
  const stored = new Uint8Array(contents.length + SST_BLOCK_TRAILER_BYTES);
  stored.set(contents);
  stored[contents.length] = type;
  const crc = crc32c(stored.subarray(0, contents.length + 1));
  encodeFixed32(stored, contents.length + 1, maskCrc(crc));
  return stored;
}

/**
 * Checks a stored block (contents ‖ trailer, as read from `handle`) and returns its raw
 * contents. Throws CorruptionError naming `fileName` and the block's file offset.
 */
export function decodeStoredBlock(
  stored: Uint8Array,
  handle: BlockHandle,
  fileName: string,
): Uint8Array {
  const where = `${fileName}: block at offset ${handle.offset}`;
  if (stored.length !== handle.size + SST_BLOCK_TRAILER_BYTES) {
    throw new CorruptionError(`${where}: read ${stored.length} bytes, expected more`);
  }
  const expected = unmaskCrc(decodeFixed32(stored, handle.size + 1));
  const actual = crc32c(stored.subarray(0, handle.size + 1));
  if (expected !== actual) throw new CorruptionError(`${where}: checksum mismatch`);
  const type = stored[handle.size]!;
  const contents = stored.subarray(0, handle.size);
  if (type === CompressionType.None) return contents;
  if (type === CompressionType.Zstd) {
    try {
      return new Uint8Array(Bun.zstdDecompressSync(contents));
    } catch (error) {
      throw new CorruptionError(`${where}: zstd decompression failed`, { cause: error });
    }
  }
  if (type === CompressionType.Lz4) return decompressLz4(contents, where);
  throw new CorruptionError(`${where}: unknown compression type ${type}`);
}

function decompressLz4(contents: Uint8Array, where: string): Uint8Array {
  if (contents.length < LZ4_SIZE_PREFIX_BYTES) {
    throw new CorruptionError(`${where}: lz4 block of ${contents.length} bytes has no size`);
  }
  const size = decodeFixed32(contents, 0);
  if (size > SST_LZ4_BLOCK_BYTES_MAX) {
    throw new CorruptionError(`${where}: lz4 size ${size} exceeds ${SST_LZ4_BLOCK_BYTES_MAX}`);
  }
  let raw: Uint8Array;
  try {
    // A plain Uint8Array view of the returned Buffer, so blocks hold one kind of array.
    const decoded = lz4UncompressSync(contents);
    raw = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length);
  } catch (error) {
    throw new CorruptionError(`${where}: lz4 decompression failed`, { cause: error });
  }
  if (raw.length !== size) {
    throw new CorruptionError(`${where}: lz4 gave ${raw.length} bytes, expected ${size}`);
  }
  return raw;
}

export function encodeFooter(footer: SstFooter): Uint8Array {
  const handles = new ByteSink(FOOTER_HANDLES_BYTES);
  putBlockHandle(handles, footer.filter);
  putBlockHandle(handles, footer.index);
  putBlockHandle(handles, footer.properties);
  const out = new Uint8Array(SST_FOOTER_BYTES);
  out.set(handles.view());
  encodeFixed32(out, FOOTER_HANDLES_BYTES, footer.formatVersion);
  encodeFixed64(out, FOOTER_HANDLES_BYTES + 4, SST_MAGIC);
  const crcOffset = SST_FOOTER_BYTES - 4;
  encodeFixed32(out, crcOffset, maskCrc(crc32c(out.subarray(0, crcOffset))));
  return out;
}

/** Decodes and verifies a footer that starts at `fileOffset` of `fileName`. */
export function decodeFooter(bytes: Uint8Array, fileName: string, fileOffset: number): SstFooter {
  const fail = (at: number, problem: string): CorruptionError =>
    new CorruptionError(`${fileName}: footer corrupt at offset ${fileOffset + at}: ${problem}`);
  if (bytes.length !== SST_FOOTER_BYTES) throw fail(0, `footer is ${bytes.length} bytes`);
  const magicOffset = FOOTER_HANDLES_BYTES + 4;
  if (decodeFixed64(bytes, magicOffset) !== SST_MAGIC) throw fail(magicOffset, "bad magic");
  const crcOffset = SST_FOOTER_BYTES - 4;
  const expected = unmaskCrc(decodeFixed32(bytes, crcOffset));
  if (crc32c(bytes.subarray(0, crcOffset)) !== expected) throw fail(crcOffset, "bad checksum");
  const formatVersion = decodeFixed32(bytes, FOOTER_HANDLES_BYTES);
  if (formatVersion !== SST_FORMAT_VERSION) {
    throw fail(FOOTER_HANDLES_BYTES, `unsupported format version ${formatVersion}`);
  }
  try {
    const filter = getBlockHandle(bytes, 0, FOOTER_HANDLES_BYTES);
    const index = getBlockHandle(bytes, filter.offset, FOOTER_HANDLES_BYTES);
    const properties = getBlockHandle(bytes, index.offset, FOOTER_HANDLES_BYTES);
    return {
      filter: filter.value,
      index: index.value,
      properties: properties.value,
      formatVersion,
    };
  } catch (error) {
    throw fail(0, `bad block handle (${String(error)})`);
  }
}

export function encodeProperties(properties: SstProperties): Uint8Array {
  const sink = new ByteSink(64 + properties.smallestKey.length + properties.largestKey.length);
  putVarint64(sink, BigInt(properties.entryCount));
  putVarint64(sink, BigInt(properties.dataBlockCount));
  putVarint64(sink, BigInt(properties.dataBytes));
  putVarint32(sink, properties.smallestKey.length);
  sink.putBytes(properties.smallestKey);
  putVarint32(sink, properties.largestKey.length);
  sink.putBytes(properties.largestKey);
  putVarint64(sink, properties.smallestSequence);
  putVarint64(sink, properties.largestSequence);
  return sink.toBytes();
}

/** Decodes a properties block; throws CorruptionError (offsets relative to the block). */
export function decodeProperties(bytes: Uint8Array): SstProperties {
  const entryCount = getSafeVarint(bytes, 0, bytes.length);
  const dataBlockCount = getSafeVarint(bytes, entryCount.offset, bytes.length);
  const dataBytes = getSafeVarint(bytes, dataBlockCount.offset, bytes.length);
  const smallestKey = getLengthPrefixed(bytes, dataBytes.offset);
  const largestKey = getLengthPrefixed(bytes, smallestKey.offset);
  const smallestSequence = getVarint64(bytes, largestKey.offset);
  const largestSequence = getVarint64(bytes, smallestSequence.offset);
  if (largestSequence.offset !== bytes.length) {
    throw new CorruptionError(`properties: ${bytes.length - largestSequence.offset} extra bytes`);
  }
  return {
    entryCount: entryCount.value,
    dataBlockCount: dataBlockCount.value,
    dataBytes: dataBytes.value,
    smallestKey: smallestKey.value,
    largestKey: largestKey.value,
    smallestSequence: smallestSequence.value,
    largestSequence: largestSequence.value,
  };
}

function getLengthPrefixed(bytes: Uint8Array, offset: number): Decoded<Uint8Array> {
  const length = getVarint32(bytes, offset);
  const end = length.offset + length.value;
  if (end > bytes.length) throw new CorruptionError(`string at offset ${offset} runs past end`);
  return { value: bytes.slice(length.offset, end), offset: end };
}
