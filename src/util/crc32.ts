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

const POLYNOMIAL_REFLECTED = 0xedb88320;

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

const nativeCrc32: ((bytes: Uint8Array) => number) | undefined =
  typeof Bun === "undefined" ? undefined : (bytes) => Bun.hash.crc32(bytes) >>> 0;

/** CRC-32 of `bytes`, continuing from `initial` (the CRC of the bytes before them). */
export function crc32(bytes: Uint8Array, initial = 0): number {
  if (initial === 0 && nativeCrc32 !== undefined) return nativeCrc32(bytes);
  return crc32Portable(bytes, initial);
}

/** The pure TypeScript implementation (slicing-by-8); exported so tests can compare both. */
export function crc32Portable(bytes: Uint8Array, initial = 0): number {
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
