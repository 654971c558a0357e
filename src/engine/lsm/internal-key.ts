/**
 * Internal keys: the keys the LSM engine stores. An internal key is a user key followed by an
 * 8-byte trailer that names the write's sequence number and kind (as leveldb's db/dbformat.h).
 *
 * Format (INTERNAL_KEY_FORMAT_VERSION = 1; this encoding is stored in memtables, SSTs and
 * anything built from them, so changing it needs a new version):
 *
 *   offset 0        user key bytes (any length, possibly empty)
 *   offset n        trailer: 8 bytes, big-endian, the bitwise NOT of the 64-bit value
 *                   (sequence << 8) | kind
 *
 *   sequence  unsigned, 0 ..= 2^56 - 1 (SEQUENCE_NUMBER_MAX)
 *   kind      KeyKind.Deletion = 0x00 (a tombstone, empty value), KeyKind.Value = 0x01
 *
 * Example: user key "ab", sequence 5, Value → 61 62 | ff ff ff ff ff ff fa fe.
 *
 * Ordering (compareInternalKeys): user key ascending (unsigned bytewise), then sequence
 * DESCENDING, then kind descending. Storing the trailer inverted and big-endian makes the second
 * and third rules a plain bytewise comparison of the trailers. The whole key is NOT bytewise
 * comparable, because user keys vary in length ("a" ‖ trailer vs "ab" ‖ trailer), so the
 * comparator splits off the trailer first. User keys order as util/bytes.ts `compareBytes`.
 *
 * Invariants: an internal key is at least 8 bytes; the kind byte names a known kind.
 */

import { AssertionError, assert } from "../../util/assert.ts";
import { CorruptionError } from "../../util/errors.ts";

export const INTERNAL_KEY_FORMAT_VERSION = 1;

/** Bytes of the sequence/kind trailer that ends every internal key. */
export const INTERNAL_KEY_TRAILER_BYTES = 8;

/** The largest sequence number: the trailer keeps 56 bits for it and 8 bits for the kind. */
export const SEQUENCE_NUMBER_MAX = (1n << 56n) - 1n;

/** What a write did to its key. The numeric values are stored in the trailer. */
export const KeyKind = { Deletion: 0, Value: 1 } as const;
export type KeyKind = (typeof KeyKind)[keyof typeof KeyKind];

/**
 * The kind a seek key uses. Entries with equal user key and sequence sort by kind descending, so
 * the largest kind sorts first and a seek for (key, sequence) lands on the newest visible entry.
 */
export const KIND_FOR_SEEK: KeyKind = KeyKind.Value;

/** An internal key taken apart. `userKey` is a view into the encoded key, not a copy. */
export interface ParsedInternalKey {
  readonly userKey: Uint8Array;
  readonly sequence: bigint;
  readonly kind: KeyKind;
}

const MASK_64 = (1n << 64n) - 1n;

/**
 * Compares a[aStart, aEnd) with b[bStart, bEnd) in exactly util/bytes.ts `compareBytes` order
 * (unsigned, a proper prefix first), but without making subarray views: internal key comparison
 * runs on every skiplist and merge step, and a view per comparison is garbage on a hot path.
 * internal-key.test.ts checks that the two orders agree.
 */
function compareByteRanges(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const length = aLength < bLength ? aLength : bLength;
  for (let i = 0; i < length; i++) {
    const difference = a[aStart + i]! - b[bStart + i]!;
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}

/** True when `kind` is a byte value this format version defines. */
export function isKeyKind(kind: number): kind is KeyKind {
  return kind === KeyKind.Deletion || kind === KeyKind.Value;
}

// The checks below build their messages only on failure: a template literal passed to
// assert() is formatted on every call, which on these paths cost more than the work itself.

function assertSequence(sequence: bigint): void {
  if (sequence < 0n || sequence > SEQUENCE_NUMBER_MAX) {
    throw new AssertionError(`sequence number ${sequence} is outside 0 ..= 2^56-1`);
  }
}

const TWO_POW_32 = 2 ** 32;
/** Sequences below this pack with their kind into a number below 2^53 (exact in a double). */
const NUMBER_SEQUENCE_LIMIT = 2n ** 45n;

/** Writes the trailer for (sequence, kind) at `offset`. */
function writeTrailer(target: Uint8Array, offset: number, sequence: bigint, kind: KeyKind): void {
  assertSequence(sequence);
  if (!isKeyKind(kind)) throw new AssertionError(`unknown key kind ${kind}`);
  if (sequence < NUMBER_SEQUENCE_LIMIT) {
    // The common case without BigInt arithmetic or a DataView: packed < 2^53 as a double.
    const packed = Number(sequence) * 256 + kind;
    const high = ~Math.floor(packed / TWO_POW_32);
    const low = ~(packed % TWO_POW_32);
    target[offset] = high >>> 24;
    target[offset + 1] = high >>> 16;
    target[offset + 2] = high >>> 8;
    target[offset + 3] = high;
    target[offset + 4] = low >>> 24;
    target[offset + 5] = low >>> 16;
    target[offset + 6] = low >>> 8;
    target[offset + 7] = low;
    return;
  }
  const packed = (sequence << 8n) | BigInt(kind);
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  view.setBigUint64(offset, ~packed & MASK_64, false);
}

/** Builds the internal key userKey ‖ trailer(sequence, kind). */
export function encodeInternalKey(
  userKey: Uint8Array,
  sequence: bigint,
  kind: KeyKind,
): Uint8Array {
  const out = new Uint8Array(userKey.length + INTERNAL_KEY_TRAILER_BYTES);
  out.set(userKey, 0);
  writeTrailer(out, userKey.length, sequence, kind);
  return out;
}

function assertInternalKey(internalKey: Uint8Array): void {
  if (internalKey.length < INTERNAL_KEY_TRAILER_BYTES) {
    throw new AssertionError(
      `internal key of ${internalKey.length} bytes is shorter than its trailer`,
    );
  }
}

/** The user key part of an internal key, as a view (no copy). */
export function internalKeyUserKey(internalKey: Uint8Array): Uint8Array {
  assertInternalKey(internalKey);
  return internalKey.subarray(0, internalKey.length - INTERNAL_KEY_TRAILER_BYTES);
}

/** The kind stored in an internal key's trailer (the last byte, inverted). */
export function internalKeyKind(internalKey: Uint8Array): KeyKind {
  assertInternalKey(internalKey);
  const kind = 0xff - internalKey[internalKey.length - 1]!;
  if (!isKeyKind(kind)) throw new AssertionError(`internal key has unknown kind ${kind}`);
  return kind;
}

/** The sequence number stored in an internal key's trailer. */
export function internalKeySequence(internalKey: Uint8Array): bigint {
  assertInternalKey(internalKey);
  const at = internalKey.length - INTERNAL_KEY_TRAILER_BYTES;
  const high =
    (~((internalKey[at]! << 24) | (internalKey[at + 1]! << 16) |
      (internalKey[at + 2]! << 8) | internalKey[at + 3]!)) >>> 0;
  if (high < 1 << 21) {
    // packed = high * 2^32 + low < 2^53, exact as a double: no BigInt arithmetic or DataView.
    const low =
      (~((internalKey[at + 4]! << 24) | (internalKey[at + 5]! << 16) |
        (internalKey[at + 6]! << 8) | internalKey[at + 7]!)) >>> 0;
    return BigInt(Math.floor((high * TWO_POW_32 + low) / 256));
  }
  const view = new DataView(internalKey.buffer, internalKey.byteOffset, internalKey.byteLength);
  const stored = view.getBigUint64(at, false);
  return (~stored & MASK_64) >> 8n;
}

/** Takes an internal key apart. `userKey` in the result is a view into `internalKey`. */
export function decodeInternalKey(internalKey: Uint8Array): ParsedInternalKey {
  return {
    userKey: internalKeyUserKey(internalKey),
    sequence: internalKeySequence(internalKey),
    kind: internalKeyKind(internalKey),
  };
}

/**
 * Orders internal keys: user key ascending, then sequence descending, then kind descending.
 * Allocation-free; this runs on every skiplist step and merge step.
 */
export function compareInternalKeys(a: Uint8Array, b: Uint8Array): number {
  // No length checks here: keys are checked where they enter the engine (batch apply, block
  // and SST decoding), and this runs on every skiplist, block and merge step.
  const aUserEnd = a.length - INTERNAL_KEY_TRAILER_BYTES;
  const bUserEnd = b.length - INTERNAL_KEY_TRAILER_BYTES;
  const byUserKey = compareByteRanges(a, 0, aUserEnd, b, 0, bUserEnd);
  if (byUserKey !== 0) return byUserKey;
  // The trailers are stored inverted, so ascending bytes mean descending (sequence, kind).
  return compareByteRanges(a, aUserEnd, a.length, b, bUserEnd, b.length);
}

/**
 * compareInternalKeys(bytes[start, end), target) without a view of the stored key: SST blocks
 * compare restart keys in place during seeks.
 * A stored key shorter than a trailer can only come from a damaged block: CorruptionError.
 */
export function compareInternalKeyRange(
  bytes: Uint8Array,
  start: number,
  end: number,
  target: Uint8Array,
): number {
  if (end - start < INTERNAL_KEY_TRAILER_BYTES) {
    throw new CorruptionError(`stored internal key of ${end - start} bytes has no trailer`);
  }
  const userEnd = end - INTERNAL_KEY_TRAILER_BYTES;
  const targetUserEnd = target.length - INTERNAL_KEY_TRAILER_BYTES;
  const byUserKey = compareByteRanges(bytes, start, userEnd, target, 0, targetUserEnd);
  if (byUserKey !== 0) return byUserKey;
  return compareByteRanges(bytes, userEnd, end, target, targetUserEnd, target.length);
}

/**
 * The trailer of (snapshotSequence, KIND_FOR_SEEK), for `isVisibleAtSnapshot`. Compute it once
 * per snapshot reader, not per entry.
 */
export function snapshotTrailer(snapshotSequence: bigint): Uint8Array {
  const out = new Uint8Array(INTERNAL_KEY_TRAILER_BYTES);
  writeTrailer(out, 0, snapshotSequence, KIND_FOR_SEEK);
  return out;
}

/**
 * True when `internalKey`'s sequence is <= the snapshot whose `snapshotTrailer` is given. The
 * inverted trailer orders (sequence, kind) descending and the snapshot trailer carries the
 * largest kind, so this is one 8-byte comparison, with no bigint or allocation per entry.
 */
export function isVisibleAtSnapshot(internalKey: Uint8Array, trailer: Uint8Array): boolean {
  // Unchecked like compareInternalKeys: it runs once per entry a DbIterator steps over.
  const start = internalKey.length - INTERNAL_KEY_TRAILER_BYTES;
  return compareByteRanges(internalKey, start, internalKey.length, trailer, 0, 8) >= 0;
}

/** Compares the user key of internal key `internalKey` with the plain user key `userKey`. */
export function compareUserKeyOf(internalKey: Uint8Array, userKey: Uint8Array): number {
  const userEnd = internalKey.length - INTERNAL_KEY_TRAILER_BYTES;
  return compareByteRanges(internalKey, 0, userEnd, userKey, 0, userKey.length);
}

/**
 * Compares the user key of the internal key stored at bytes[start, end) with `userKey`, without
 * a view (the memtable's point lookup). REQUIRES: end - start >= INTERNAL_KEY_TRAILER_BYTES.
 */
export function compareUserKeyOfRange(
  bytes: Uint8Array,
  start: number,
  end: number,
  userKey: Uint8Array,
): number {
  return compareByteRanges(bytes, start, end - INTERNAL_KEY_TRAILER_BYTES, userKey, 0, userKey.length);
}

/** The kind of the internal key stored at bytes[start, end) (its last byte, inverted). */
export function internalKeyKindAt(bytes: Uint8Array, end: number): KeyKind {
  const kind = 0xff - bytes[end - 1]!;
  if (!isKeyKind(kind)) throw new AssertionError(`internal key has unknown kind ${kind}`);
  return kind;
}

/**
 * The key to seek for when reading `userKey` as of `snapshotSequence`: it sorts before every
 * entry of `userKey` with a sequence <= the snapshot and after every newer one, so the first entry
 * at or after it is the newest version the snapshot may see (if it has the same user key).
 */
export class LookupKey {
  readonly userKey: Uint8Array;
  readonly snapshotSequence: bigint;
  readonly internalKey: Uint8Array;

  constructor(userKey: Uint8Array, snapshotSequence: bigint) {
    this.userKey = userKey;
    this.snapshotSequence = snapshotSequence;
    this.internalKey = encodeInternalKey(userKey, snapshotSequence, KIND_FOR_SEEK);
  }
}
