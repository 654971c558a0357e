/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of every stored block and
 * log record, in pure TypeScript (the slicing-by-8 kernel of util/crc-slicing.ts).
 *
 * `crc32c(bytes, initial)` extends a running checksum: crc32c(a ++ b) === crc32c(b, crc32c(a)).
 *
 * `maskCrc` / `unmaskCrc` follow leveldb util/crc32c.h: storing the CRC of data that itself
 * contains CRCs makes the checksum degenerate, so stored CRCs are rotated and offset.
 */

import { buildSlicingTables, crcSlicing8 } from "./crc-slicing.ts";

const POLYNOMIAL_REFLECTED = 0x82f63b78;
const MASK_DELTA = 0xa282ead8;

const TABLES: Uint32Array = buildSlicingTables(POLYNOMIAL_REFLECTED);

/** CRC-32C of `bytes`, continuing from `initial` (the CRC of the bytes before them). */
export function crc32c(bytes: Uint8Array, initial = 0): number {
  return crcSlicing8(TABLES, bytes, initial);
}

/** The stored form of a CRC: rotated right by 15 bits plus a constant (leveldb crc32c::Mask). */
export function maskCrc(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}

/** Inverse of `maskCrc`. */
export function unmaskCrc(masked: number): number {
  const rotated = (masked - MASK_DELTA) >>> 0;
  return ((rotated >>> 17) | (rotated << 15)) >>> 0;
}
