/**
 * Byte-string helpers. `compareBytes` is the one byte-order comparator for keys: every sorted
 * structure in the engine (blocks, SSTs, memtable) orders user keys with it, so two places can
 * never disagree about key order. Comparison is unsigned and lexicographic, with a proper prefix
 * sorting first (as memcmp followed by a length comparison, leveldb's BytewiseComparator).
 *
 * Invariants: no function here mutates its inputs; results never alias inputs except where a
 * function says so.
 */

/** Orders byte strings like `compareBytes`: negative, zero or positive. */
export type ByteComparator = (a: Uint8Array, b: Uint8Array) => number;

/** Below this length the plain byte loop beats setting up DataViews. */
const WORD_COMPARE_LENGTH_MIN = 16;

/**
 * Orders two byte strings: negative when `a` sorts before `b`, zero when equal, positive after.
 * Long inputs compare four bytes at a time as big-endian words (which orders like the bytes).
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = a.length < b.length ? a.length : b.length;
  let i = 0;
  if (length >= WORD_COMPARE_LENGTH_MIN) {
    const viewA = new DataView(a.buffer, a.byteOffset, a.byteLength);
    const viewB = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const wordEnd = length - (length % 4);
    for (; i < wordEnd; i += 4) {
      const wordA = viewA.getUint32(i);
      const wordB = viewB.getUint32(i);
      if (wordA !== wordB) return wordA < wordB ? -1 : 1;
    }
  }
  for (; i < length; i++) {
    const byteA = a[i]!;
    const byteB = b[i]!;
    if (byteA !== byteB) return byteA - byteB;
  }
  return a.length - b.length;
}

/** True when `a` and `b` hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return sharedPrefixLength(a, b) === a.length;
}

/** A new array holding `parts` one after another (always a copy, even for one part). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The number of leading bytes `a` and `b` have in common. */
export function sharedPrefixLength(a: Uint8Array, b: Uint8Array): number {
  const length = a.length < b.length ? a.length : b.length;
  let i = 0;
  while (i < length && a[i] === b[i]) i++;
  return i;
}
