/**
 * The byte format of one persistent-cache chunk file, version 1. A chunk file holds the bytes
 * [chunkIndex × chunkBytes, chunkIndex × chunkBytes + dataLength) of one object, behind a header
 * that names the object and checksums everything. All integers are little-endian.
 *
 *   offset      size  field
 *   0           4     magic 0x43505357 (the ASCII bytes "WSPC": WeSQL persistent cache)
 *   4           2     format version, 1
 *   6           1     flags: bit 0 = final (the object ends exactly at the end of this chunk's
 *                     data, so its size is chunkIndex × chunkBytes + dataLength); other bits 0
 *   7           1     reserved, 0
 *   8           4     chunkBytes the file was cut with (a changed constant invalidates the file)
 *   12          4     pageBytes of the page checksums below
 *   16          4     chunkIndex
 *   20          4     dataLength: chunkBytes, or less only in a final chunk (0 for an empty object)
 *   24          8     sequence: fill order, the LRU approximation when the index is rebuilt
 *   32          8     key hash: hash32(key, seed A) then hash32(key, seed B) (objectKeyHash)
 *   40          2     keyLength k, 1..objectKeyBytesMax
 *   42          k     the object key (ASCII, object-key.ts rules)
 *   42+k        4p    masked crc32c of each page of the data, p = ceil(dataLength / pageBytes)
 *   42+k+4p     4     masked crc32c of the header bytes [0, 42+k+4p)
 *   46+k+4p     n     the data, n = dataLength; the file ends here
 *
 * Why per-page checksums rather than one crc32c of the data: a hit reads and verifies only the
 * pages covering the requested bytes (an SST block read of 4-16 KiB), not the whole chunk; the
 * header checksum covers the page table, so every byte returned is still verified. Why the full
 * key besides its hash: two keys whose hashes collide share a file name, and the key in the
 * header lets the index tell them apart, so a collision costs a miss, never wrong bytes.
 * CRCs are masked (util/crc32c.ts maskCrc) because SST data itself contains CRCs.
 */

import { objectKeyBytesMax } from "../constants.ts";
import { assert } from "../util/assert.ts";
import { decodeFixed32, decodeFixed64, encodeFixed32, encodeFixed64 } from "../util/coding.ts";
import { crc32c, maskCrc } from "../util/crc32c.ts";
import { hash32 } from "../util/hash.ts";

export const chunkFileMagic = 0x43505357;
export const chunkFileFormatVersion = 1;
/** Bytes of the header before the key. */
export const chunkHeaderFixedBytes = 42;
/** Suffix of chunk file names; anything else in a cache directory is not a chunk. */
export const chunkFileSuffix = ".chunk";

const flagFinal = 1;
const keyHashSeedA = 0x5bd1e995;
const keyHashSeedB = 0x9747b28c;
const chunkFileNamePattern = /^([0-9a-f]{16})-([0-9]{10})\.chunk$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Everything a chunk file's header says. */
export interface ChunkHeader {
  readonly key: string;
  /** 16 lowercase hex digits (objectKeyHash). */
  readonly keyHash: string;
  readonly chunkIndex: number;
  readonly final: boolean;
  readonly sequence: number;
  readonly chunkBytes: number;
  readonly pageBytes: number;
  readonly dataLength: number;
  /** Masked crc32c of each page of the data. */
  readonly pageCrcs: Uint32Array;
  /** Where the data starts in the file. */
  readonly dataOffset: number;
}

/** What decodeChunkHeader found: a header, or why the bytes are not one. */
export type ChunkHeaderDecoding =
  | { readonly kind: "header"; readonly header: ChunkHeader }
  | { readonly kind: "damaged"; readonly reason: string };

/** The fields a writer chooses; the rest is derived from the key and the data. */
export interface ChunkFields {
  readonly key: string;
  readonly chunkIndex: number;
  readonly final: boolean;
  readonly sequence: number;
  readonly chunkBytes: number;
  readonly pageBytes: number;
}

/** The 64-bit hash of an object key as 16 hex digits; names the key's chunk files. */
export function objectKeyHash(key: string): string {
  const bytes = encoder.encode(key);
  const high = hash32(bytes, keyHashSeedA).toString(16).padStart(8, "0");
  const low = hash32(bytes, keyHashSeedB).toString(16).padStart(8, "0");
  return high + low;
}

/** `<keyHash>-<chunkIndex:010>.chunk`. */
export function chunkFileName(keyHash: string, chunkIndex: number): string {
  assert(/^[0-9a-f]{16}$/.test(keyHash), "chunk file name: bad key hash");
  assert(Number.isSafeInteger(chunkIndex) && chunkIndex >= 0, "chunk file name: bad index");
  assert(chunkIndex <= 0xffff_ffff, "chunk file name: index beyond 4 bytes");
  return `${keyHash}-${chunkIndex.toString().padStart(10, "0")}${chunkFileSuffix}`;
}

/** Parses chunkFileName's output; undefined for any other name. */
export function parseChunkFileName(
  name: string,
): { readonly keyHash: string; readonly chunkIndex: number } | undefined {
  const match = chunkFileNamePattern.exec(name);
  if (match === null) return undefined;
  const chunkIndex = Number(match[2]);
  if (chunkIndex > 0xffff_ffff) return undefined;
  return { keyHash: match[1] ?? "", chunkIndex };
}

/** Pages of checksummed data in a chunk holding `dataLength` bytes. */
export function pageCount(dataLength: number, pageBytes: number): number {
  return Math.ceil(dataLength / pageBytes);
}

/** Header bytes (everything before the data) for a key of `keyLength` bytes. */
export function chunkHeaderBytes(keyLength: number, dataLength: number, pageBytes: number): number {
  return chunkHeaderFixedBytes + keyLength + 4 * pageCount(dataLength, pageBytes) + 4;
}

/** The longest header any chunk of at most `chunkBytes` can have: what open reads per file. */
export function chunkHeaderBytesMax(chunkBytes: number, pageBytes: number): number {
  return chunkHeaderBytes(objectKeyBytesMax, chunkBytes, pageBytes);
}

/** The masked crc32c of each `pageBytes` page of `data` (the last one may be short). */
export function pageChecksums(data: Uint8Array, pageBytes: number): Uint32Array {
  const crcs = new Uint32Array(pageCount(data.length, pageBytes));
  for (let page = 0; page < crcs.length; page++) {
    const start = page * pageBytes;
    crcs[page] = maskCrc(crc32c(data.subarray(start, Math.min(start + pageBytes, data.length))));
  }
  return crcs;
}

/** The whole chunk file: header then a copy of `data`. */
export function encodeChunkFile(fields: ChunkFields, data: Uint8Array): Uint8Array {
  checkFields(fields, data.length);
  const keyBytes = encoder.encode(fields.key);
  const crcs = pageChecksums(data, fields.pageBytes);
  const headerLength = chunkHeaderBytes(keyBytes.length, data.length, fields.pageBytes);
  const file = new Uint8Array(headerLength + data.length);
  encodeFixed32(file, 0, chunkFileMagic);
  file[4] = chunkFileFormatVersion & 0xff;
  file[5] = chunkFileFormatVersion >>> 8;
  file[6] = fields.final ? flagFinal : 0;
  file[7] = 0;
  encodeFixed32(file, 8, fields.chunkBytes);
  encodeFixed32(file, 12, fields.pageBytes);
  encodeFixed32(file, 16, fields.chunkIndex);
  encodeFixed32(file, 20, data.length);
  encodeFixed64(file, 24, BigInt(fields.sequence));
  const keyHash = objectKeyHash(fields.key);
  encodeFixed32(file, 32, Number.parseInt(keyHash.slice(0, 8), 16));
  encodeFixed32(file, 36, Number.parseInt(keyHash.slice(8), 16));
  file[40] = keyBytes.length & 0xff;
  file[41] = keyBytes.length >>> 8;
  file.set(keyBytes, chunkHeaderFixedBytes);
  let position = chunkHeaderFixedBytes + keyBytes.length;
  for (const crc of crcs) {
    encodeFixed32(file, position, crc);
    position += 4;
  }
  encodeFixed32(file, position, maskCrc(crc32c(file.subarray(0, position))));
  assert(position + 4 === headerLength, "chunk header length mismatch");
  file.set(data, headerLength);
  return file;
}

function checkFields(fields: ChunkFields, dataLength: number): void {
  assert(fields.key.length >= 1, "chunk: empty key");
  assert(fields.key.length <= objectKeyBytesMax, "chunk: key too long");
  assert(Number.isSafeInteger(fields.chunkIndex) && fields.chunkIndex >= 0, "chunk: bad index");
  assert(fields.chunkIndex <= 0xffff_ffff, "chunk: index beyond 4 bytes");
  assert(Number.isSafeInteger(fields.sequence) && fields.sequence >= 0, "chunk: bad sequence");
  assert(fields.pageBytes > 0, "chunk: bad page size");
  assert(fields.chunkBytes % fields.pageBytes === 0, "chunk: chunk size not whole pages");
  assert(dataLength <= fields.chunkBytes, "chunk: data longer than a chunk");
  // Only the last chunk of an object may be short; a short non-final chunk would be a lie.
  assert(fields.final || dataLength === fields.chunkBytes, "chunk: short chunk must be final");
}

/**
 * Decodes and verifies the header at the start of `bytes` (which may hold more, or only the
 * header). Checks magic, version, reserved bits, field ranges and the header checksum; the data
 * itself is verified page by page as it is read (verifyPages).
 */
export function decodeChunkHeader(bytes: Uint8Array): ChunkHeaderDecoding {
  if (bytes.length < chunkHeaderFixedBytes) return damaged("shorter than a header");
  if (decodeFixed32(bytes, 0) !== chunkFileMagic) return damaged("bad magic");
  const version = (bytes[4] ?? 0) | ((bytes[5] ?? 0) << 8);
  if (version !== chunkFileFormatVersion) return damaged(`unknown format version ${version}`);
  const flags = bytes[6] ?? 0;
  if ((flags & ~flagFinal) !== 0 || bytes[7] !== 0) return damaged("unknown flags");
  const chunkBytes = decodeFixed32(bytes, 8);
  const pageBytes = decodeFixed32(bytes, 12);
  const dataLength = decodeFixed32(bytes, 20);
  const keyLength = (bytes[40] ?? 0) | ((bytes[41] ?? 0) << 8);
  if (pageBytes === 0 || chunkBytes % pageBytes !== 0) return damaged("bad page size");
  if (dataLength > chunkBytes) return damaged("data longer than a chunk");
  if (keyLength === 0 || keyLength > objectKeyBytesMax) return damaged("bad key length");
  const final = (flags & flagFinal) !== 0;
  if (!final && dataLength !== chunkBytes) return damaged("short chunk not marked final");
  const dataOffset = chunkHeaderBytes(keyLength, dataLength, pageBytes);
  if (bytes.length < dataOffset) return damaged("header truncated");
  const crcOffset = dataOffset - 4;
  if (decodeFixed32(bytes, crcOffset) !== maskCrc(crc32c(bytes.subarray(0, crcOffset)))) {
    return damaged("header checksum mismatch");
  }
  const keyEnd = chunkHeaderFixedBytes + keyLength;
  const pageCrcs = new Uint32Array(pageCount(dataLength, pageBytes));
  for (let page = 0; page < pageCrcs.length; page++) {
    pageCrcs[page] = decodeFixed32(bytes, keyEnd + 4 * page);
  }
  const hashHigh = decodeFixed32(bytes, 32).toString(16).padStart(8, "0");
  const hashLow = decodeFixed32(bytes, 36).toString(16).padStart(8, "0");
  const header: ChunkHeader = {
    key: decoder.decode(bytes.subarray(chunkHeaderFixedBytes, keyEnd)),
    keyHash: hashHigh + hashLow,
    chunkIndex: decodeFixed32(bytes, 16),
    final,
    sequence: Number(decodeFixed64(bytes, 24)),
    chunkBytes,
    pageBytes,
    dataLength,
    pageCrcs,
    dataOffset,
  };
  return { kind: "header", header };
}

function damaged(reason: string): ChunkHeaderDecoding {
  return { kind: "damaged", reason };
}

/**
 * True when `pages` (data bytes starting at page `firstPage`, whole pages except possibly the
 * chunk's last) match their checksums in `pageCrcs`.
 */
export function verifyPages(
  pages: Uint8Array,
  firstPage: number,
  pageBytes: number,
  pageCrcs: Uint32Array,
): boolean {
  for (let start = 0, page = firstPage; start < pages.length; start += pageBytes, page++) {
    const expected = pageCrcs[page];
    if (expected === undefined) return false;
    const bytes = pages.subarray(start, Math.min(start + pageBytes, pages.length));
    if (maskCrc(crc32c(bytes)) !== expected) return false;
  }
  return true;
}
