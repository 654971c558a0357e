/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of every stored block and
 * log record, in pure TypeScript. It processes 8 bytes per step with slicing-by-8 tables
 * (8 × 256 uint32 entries, built once at load), then finishes byte by byte.
 *
 * `crc32c(bytes, initial)` extends a running checksum: crc32c(a ++ b) === crc32c(b, crc32c(a)).
 *
 * `maskCrc` / `unmaskCrc` follow leveldb util/crc32c.h: storing the CRC of data that itself
 * contains CRCs makes the checksum degenerate, so stored CRCs are rotated and offset.
 */

const POLYNOMIAL_REFLECTED = 0x82f63b78;
const MASK_DELTA = 0xa282ead8;

/** tables[k][b]: the CRC contribution of byte b followed by k zero bytes. */
const TABLES: Uint32Array = buildTables();

function buildTables(): Uint32Array {
  const tables = new Uint32Array(8 * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL_REFLECTED : crc >>> 1;
    }
    tables[byte] = crc >>> 0;
  }
  for (let byte = 0; byte < 256; byte++) {
    let crc = tables[byte]!;
    for (let slice = 1; slice < 8; slice++) {
      crc = tables[crc & 0xff]! ^ (crc >>> 8);
      tables[slice * 256 + byte] = crc >>> 0;
    }
  }
  return tables;
}

/** CRC-32C of `bytes`, continuing from `initial` (the CRC of the bytes before them). */
export function crc32c(bytes: Uint8Array, initial = 0): number {
  const t = TABLES;
  let crc = ~initial;
  let i = 0;
  const end8 = bytes.length - (bytes.length % 8);
  for (; i < end8; i += 8) {
    const low = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) |
      (bytes[i + 3]! << 24));
    crc =
      t[7 * 256 + (low & 0xff)]! ^
      t[6 * 256 + ((low >>> 8) & 0xff)]! ^
      t[5 * 256 + ((low >>> 16) & 0xff)]! ^
      t[4 * 256 + (low >>> 24)]! ^
      t[3 * 256 + bytes[i + 4]!]! ^
      t[2 * 256 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
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
