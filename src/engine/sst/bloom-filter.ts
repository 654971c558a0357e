/**
 * Bloom filter over a set of keys, in leveldb's binary layout (util/bloom.cc), so one SST's
 * filter is a plain byte string that is probed in place, with no decoding step.
 *
 * Layout (format version 1):
 *   bytes [0, n-1)   the bit array, m = (n - 1) * 8 bits; bit i is byte i / 8, mask 1 << (i % 8)
 *   byte  n-1        k, the number of probes (1..30)
 * A key sets or probes k bits: h = hash32(key, BLOOM_HASH_SEED), delta = h rotated right by 17,
 * and probe j (0 <= j < k) is bit (h + j * delta) mod 2^32 mod m (double hashing from one hash).
 *
 * Choices: k = round(bitsPerKey × 0.69) ≈ bitsPerKey × ln 2, the k that minimises false
 * positives (leveldb truncates instead; k is stored, so either reads the other's filters).
 * At 10 bits per key this gives about 0.8% false positives. A filter never has fewer than 64 bits,
 * so tiny key sets do not give near-100% false positives.
 *
 * Readers: `bloomMayContain` treats k > 30 as "may contain" (leveldb reserves those values for
 * other encodings) and a filter shorter than 2 bytes as empty, so unknown or damaged filters
 * cost reads, never wrong answers.
 */

import { assert } from "../../util/assert.ts";
import { BLOOM_HASH_SEED, hash32 } from "../../util/hash.ts";

export const BLOOM_BITS_PER_KEY_DEFAULT = 10;
/** Fewer bits than this make the false-positive rate of small filters needlessly high. */
const BLOOM_BITS_MIN = 64;
const BLOOM_PROBES_MAX = 30;

/** The number of probes for `bitsPerKey` bits per key: round(bitsPerKey × 0.69) in 1..30. */
export function bloomProbeCount(bitsPerKey: number): number {
  const probes = Math.round(bitsPerKey * 0.69);
  return Math.min(BLOOM_PROBES_MAX, Math.max(1, probes));
}

/**
 * Collects the hashes of keys (not the keys, so memory stays 4 bytes per key) and builds the
 * filter bytes. Reusable: `finish()` resets it for the next filter.
 */
export class BloomFilterBuilder {
  readonly bitsPerKey: number;
  readonly probeCount: number;
  #hashes = new Uint32Array(256);
  #count = 0;

  constructor(bitsPerKey = BLOOM_BITS_PER_KEY_DEFAULT) {
    assert(Number.isInteger(bitsPerKey), "bitsPerKey is an integer");
    assert(bitsPerKey >= 1 && bitsPerKey <= 64, "bitsPerKey in 1..64");
    this.bitsPerKey = bitsPerKey;
    this.probeCount = bloomProbeCount(bitsPerKey);
  }

  /** Keys added since construction or the last `finish()`. */
  get keyCount(): number {
    return this.#count;
  }

  add(key: Uint8Array): void {
    this.addRange(key, 0, key.length);
  }

  /** Adds the key bytes[start, end) (no view needed: builders add user keys of internal keys). */
  addRange(bytes: Uint8Array, start: number, end: number): void {
    if (this.#count === this.#hashes.length) {
      const grown = new Uint32Array(this.#hashes.length * 2);
      grown.set(this.#hashes);
      this.#hashes = grown;
    }
    this.#hashes[this.#count++] = hash32(bytes, BLOOM_HASH_SEED, start, end);
  }

  /** The filter for every key added so far; then the builder is empty again. */
  finish(): Uint8Array {
    let bits = this.#count * this.bitsPerKey;
    if (bits < BLOOM_BITS_MIN) bits = BLOOM_BITS_MIN;
    const byteCount = Math.ceil(bits / 8);
    bits = byteCount * 8;
    const filter = new Uint8Array(byteCount + 1);
    filter[byteCount] = this.probeCount;
    for (let i = 0; i < this.#count; i++) {
      let h = this.#hashes[i]!;
      const delta = ((h >>> 17) | (h << 15)) >>> 0;
      for (let probe = 0; probe < this.probeCount; probe++) {
        const bit = h % bits;
        filter[bit >>> 3]! |= 1 << (bit & 7);
        h = (h + delta) >>> 0;
      }
    }
    this.#count = 0;
    return filter;
  }
}

/**
 * False when `key` was certainly not added to the filter; true when it may have been.
 * Allocation-free: it hashes the key and reads the filter in place.
 */
export function bloomMayContain(filter: Uint8Array, key: Uint8Array): boolean {
  const length = filter.length;
  if (length < 2) return false;
  const probeCount = filter[length - 1]!;
  if (probeCount > BLOOM_PROBES_MAX) return true;
  const bits = (length - 1) * 8;
  let h = hash32(key, BLOOM_HASH_SEED);
  const delta = ((h >>> 17) | (h << 15)) >>> 0;
  for (let probe = 0; probe < probeCount; probe++) {
    const bit = h % bits;
    if ((filter[bit >>> 3]! & (1 << (bit & 7))) === 0) return false;
    h = (h + delta) >>> 0;
  }
  return true;
}
