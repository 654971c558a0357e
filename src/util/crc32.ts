/**
 * CRC-32 (ISO-HDLC, zlib's crc32, reflected polynomial 0xEDB88320): the checksum MySQL puts at
 * the end of every binlog event when binlog_checksum=CRC32. Not to be confused with CRC-32C
 * (util/crc32c.ts), which the engine's own formats use.
 *
 * `crc32(bytes, initial)` extends a running checksum: crc32(a ++ b) === crc32(b, crc32(a)).
 * Bun's native `Bun.hash.crc32` computes the same function; it is used for a fresh checksum
 * (the common case, one event at a time) because it is several times faster than the
 * slicing-by-8 loop below, which serves continuations and runtimes without Bun.
 */

import { buildSlicingTables, crcSlicing8 } from "./crc-slicing.ts";

const POLYNOMIAL_REFLECTED = 0xedb88320;

const TABLES: Uint32Array = buildSlicingTables(POLYNOMIAL_REFLECTED);

const nativeCrc32: ((bytes: Uint8Array) => number) | undefined =
  typeof Bun === "undefined" ? undefined : (bytes) => Bun.hash.crc32(bytes) >>> 0;

/** CRC-32 of `bytes`, continuing from `initial` (the CRC of the bytes before them). */
export function crc32(bytes: Uint8Array, initial = 0): number {
  if (initial === 0 && nativeCrc32 !== undefined) return nativeCrc32(bytes);
  return crc32Portable(bytes, initial);
}

/** The pure TypeScript implementation (slicing-by-8); exported so tests can compare both. */
export function crc32Portable(bytes: Uint8Array, initial = 0): number {
  return crcSlicing8(TABLES, bytes, initial);
}
