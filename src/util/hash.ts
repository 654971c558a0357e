/**
 * A fast non-cryptographic 32-bit hash over bytes: leveldb's util/hash.cc (a murmur-style mix,
 * multiplier 0xc6a4a793), bit for bit, so bloom filters built here probe the same bits as
 * leveldb's for the same seed. Used by bloom filters and for sharding.
 *
 * Stability: stored bloom filters depend on these exact values; the golden tests in
 * hash.test.ts are leveldb's own vectors and must never change.
 */

const MULTIPLIER = 0xc6a4a793;

/** The seed leveldb's bloom filter uses (BloomHash). */
export const BLOOM_HASH_SEED = 0xbc9f1d34;

/** Hashes `bytes[start, end)` with `seed`; returns an unsigned 32-bit integer. */
export function hash32(
  bytes: Uint8Array,
  seed: number,
  start = 0,
  end = bytes.length,
): number {
  let h = (seed ^ Math.imul(end - start, MULTIPLIER)) >>> 0;
  let i = start;
  const end4 = end - ((end - start) % 4);
  for (; i < end4; i += 4) {
    const word = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h = Math.imul((h + word) | 0, MULTIPLIER);
    h ^= h >>> 16;
  }
  const remaining = end - i;
  if (remaining > 0) {
    if (remaining === 3) h = (h + (bytes[i + 2]! << 16)) | 0;
    if (remaining >= 2) h = (h + (bytes[i + 1]! << 8)) | 0;
    h = Math.imul((h + bytes[i]!) | 0, MULTIPLIER);
    h ^= h >>> 24;
  }
  return h >>> 0;
}
