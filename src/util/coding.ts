/**
 * Integer encodings for on-disk formats, as leveldb util/coding:
 * - fixed32 / fixed64: little-endian, 4 / 8 bytes (fixed64 values are bigint);
 * - varint32 / varint64: 7 bits per byte, least significant group first, high bit set on every
 *   byte but the last; at most 5 / 10 bytes. varint64 values are bigint.
 *
 * Decoders check bounds and throw CorruptionError (naming the offset) on truncated or
 * overlong input, because their input comes from storage. Encoders assert their preconditions
 * (value in range), because a bad value there is a programmer error.
 */

import { assert } from "./assert.ts";
import type { ByteSink } from "./byte-sink.ts";
import { CorruptionError } from "./errors.ts";

export const VARINT32_LENGTH_MAX = 5;
export const VARINT64_LENGTH_MAX = 10;
const UINT64_MAX = (1n << 64n) - 1n;

/** A decoded value and the offset just past its encoding. */
export interface Decoded<T> {
  readonly value: T;
  readonly offset: number;
}

/** Writes `value` (an unsigned 32-bit integer) little-endian into `target` at `offset`. */
export function encodeFixed32(target: Uint8Array, offset: number, value: number): void {
  assert(Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff, "fixed32 out of range");
  target[offset] = value & 0xff;
  target[offset + 1] = (value >>> 8) & 0xff;
  target[offset + 2] = (value >>> 16) & 0xff;
  target[offset + 3] = value >>> 24;
}

/** Reads an unsigned little-endian 32-bit integer; throws CorruptionError past the end. */
export function decodeFixed32(source: Uint8Array, offset: number): number {
  if (offset < 0 || offset + 4 > source.length) {
    throw new CorruptionError(`fixed32 at offset ${offset} runs past end ${source.length}`);
  }
  return (
    (source[offset]! |
      (source[offset + 1]! << 8) |
      (source[offset + 2]! << 16) |
      (source[offset + 3]! << 24)) >>>
    0
  );
}

/** Writes `value` (0 <= value < 2^64) little-endian into `target` at `offset`. */
export function encodeFixed64(target: Uint8Array, offset: number, value: bigint): void {
  assert(value >= 0n && value <= UINT64_MAX, "fixed64 out of range");
  encodeFixed32(target, offset, Number(value & 0xffff_ffffn));
  encodeFixed32(target, offset + 4, Number(value >> 32n));
}

/** Reads an unsigned little-endian 64-bit integer; throws CorruptionError past the end. */
export function decodeFixed64(source: Uint8Array, offset: number): bigint {
  if (offset < 0 || offset + 8 > source.length) {
    throw new CorruptionError(`fixed64 at offset ${offset} runs past end ${source.length}`);
  }
  const low = decodeFixed32(source, offset);
  const high = decodeFixed32(source, offset + 4);
  return (BigInt(high) << 32n) | BigInt(low);
}

export function putFixed32(sink: ByteSink, value: number): void {
  const offset = sink.reserveBytes(4);
  encodeFixed32(sink.buffer, offset, value);
}

export function putFixed64(sink: ByteSink, value: bigint): void {
  const offset = sink.reserveBytes(8);
  encodeFixed64(sink.buffer, offset, value);
}

/** Appends `value` (an unsigned 32-bit integer) as a varint. */
export function putVarint32(sink: ByteSink, value: number): void {
  assert(Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff, "varint32 out of range");
  let rest = value;
  while (rest >= 0x80) {
    sink.putByte((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  sink.putByte(rest);
}

/** Appends `value` (0 <= value < 2^64) as a varint. */
export function putVarint64(sink: ByteSink, value: bigint): void {
  assert(value >= 0n && value <= UINT64_MAX, "varint64 out of range");
  let rest = value;
  while (rest >= 0x80n) {
    sink.putByte(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  sink.putByte(Number(rest));
}

/** The number of bytes `putVarint32` writes for `value`. */
export function varint32Length(value: number): number {
  assert(Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff, "varint32 out of range");
  let length = 1;
  let rest = value;
  while (rest >= 0x80) {
    rest >>>= 7;
    length++;
  }
  return length;
}

/** The number of bytes `putVarint64` writes for `value`. */
export function varint64Length(value: bigint): number {
  assert(value >= 0n && value <= UINT64_MAX, "varint64 out of range");
  let length = 1;
  let rest = value;
  while (rest >= 0x80n) {
    rest >>= 7n;
    length++;
  }
  return length;
}

/**
 * Decodes a varint32 starting at `offset`, not reading at or past `limit` (default: the end).
 * Throws CorruptionError when it is truncated, longer than 5 bytes, or above 2^32 - 1.
 */
export function getVarint32(
  source: Uint8Array,
  offset: number,
  limit = source.length,
): Decoded<number> {
  let result = 0;
  let position = offset;
  for (let shift = 0; shift <= 28; shift += 7) {
    if (position >= limit) {
      throw new CorruptionError(`truncated varint32 at offset ${offset}`);
    }
    const byte = source[position++]!;
    if (shift === 28 && byte > 0x0f) {
      throw new CorruptionError(`varint32 at offset ${offset} overflows 32 bits`);
    }
    result += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return { value: result, offset: position };
  }
  throw new CorruptionError(`varint32 at offset ${offset} overflows 32 bits`);
}

/**
 * Decodes a varint64 starting at `offset`, not reading at or past `limit` (default: the end).
 * Throws CorruptionError when it is truncated, longer than 10 bytes, or above 2^64 - 1.
 */
export function getVarint64(
  source: Uint8Array,
  offset: number,
  limit = source.length,
): Decoded<bigint> {
  let result = 0n;
  let position = offset;
  for (let shift = 0n; shift <= 63n; shift += 7n) {
    if (position >= limit) {
      throw new CorruptionError(`truncated varint64 at offset ${offset}`);
    }
    const byte = source[position++]!;
    if (shift === 63n && byte > 0x01) {
      throw new CorruptionError(`varint64 at offset ${offset} overflows 64 bits`);
    }
    result |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return { value: result, offset: position };
  }
  throw new CorruptionError(`varint64 at offset ${offset} overflows 64 bits`);
}
