/**
 * Table-driven reflected CRC-32 over any polynomial, slicing-by-8 (8 × 256 uint32 tables built
 * once per polynomial): the shared kernel of util/crc32.ts (zlib's CRC-32, for binlog events)
 * and util/crc32c.ts (CRC-32C, for the engine's own formats). It processes 8 bytes per step,
 * then finishes byte by byte.
 *
 * `crcSlicing8(tables, a ++ b, 0) === crcSlicing8(tables, b, crcSlicing8(tables, a, 0))`.
 */

/** tables[k * 256 + b]: the CRC contribution of byte b followed by k zero bytes. */
export function buildSlicingTables(polynomialReflected: number): Uint32Array {
  const tables = new Uint32Array(8 * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1 ? (crc >>> 1) ^ polynomialReflected : crc >>> 1;
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

/** The CRC of `bytes` under `t` (from buildSlicingTables), continuing from `initial`. */
export function crcSlicing8(t: Uint32Array, bytes: Uint8Array, initial: number): number {
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
