/**
 * BufferWriter: a growable little-endian byte sink for building packets, the inverse of
 * BufferReader (fixed integers, length-encoded integers and strings, NUL strings).
 *
 * Invariants: bytes [0, length) are exactly what was written; capacity only grows (doubling),
 * so a packet built on a reused writer costs no allocation once the writer is warm. Strings are
 * encoded straight into the buffer, never through a temporary array. Views returned by
 * `finish()` and `subarray()` alias the internal buffer and are invalidated by the next write
 * that grows it and by `reset()`; a caller that keeps the bytes longer copies them.
 */

import { assert } from "../util/assert.ts";

const TWO_POW_32 = 0x1_0000_0000;
/** Below this many UTF-16 units a JS loop beats the native encoder's call overhead. */
const SHORT_STRING_UNITS_MAX = 256;
/** Strings shorter than this many UTF-16 units always encode to < 251 bytes. */
const ONE_BYTE_PREFIX_UNITS_MAX = 84;
const utf8Encoder = new TextEncoder();

export class BufferWriter {
  #buffer: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(initialCapacity = 256) {
    assert(Number.isInteger(initialCapacity) && initialCapacity > 0, "initial capacity > 0");
    this.#buffer = new Uint8Array(initialCapacity);
    this.#view = new DataView(this.#buffer.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** Makes room for `n` more bytes; returns the offset where they start. */
  #ensure(n: number): number {
    const start = this.#length;
    const needed = start + n;
    if (needed > this.#buffer.length) this.#grow(needed);
    return start;
  }

  #grow(needed: number): void {
    let capacity = this.#buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = next;
    this.#view = new DataView(next.buffer);
  }

  u8(value: number): void {
    const p = this.#ensure(1);
    this.#buffer[p] = value;
    this.#length = p + 1;
  }

  u16(value: number): void {
    const p = this.#ensure(2);
    const b = this.#buffer;
    b[p] = value;
    b[p + 1] = value >>> 8;
    this.#length = p + 2;
  }

  u24(value: number): void {
    const p = this.#ensure(3);
    const b = this.#buffer;
    b[p] = value;
    b[p + 1] = value >>> 8;
    b[p + 2] = value >>> 16;
    this.#length = p + 3;
  }

  u32(value: number): void {
    const p = this.#ensure(4);
    const b = this.#buffer;
    b[p] = value;
    b[p + 1] = value >>> 8;
    b[p + 2] = value >>> 16;
    b[p + 3] = value >>> 24;
    this.#length = p + 4;
  }

  /** An unsigned 64-bit integer; a number must be a non-negative safe integer. */
  u64(value: number | bigint): void {
    if (typeof value === "bigint") {
      assert(value >= 0n && value <= 0xffff_ffff_ffff_ffffn, "u64 out of range");
      this.u32(Number(value & 0xffff_ffffn));
      this.u32(Number(value >> 32n));
      return;
    }
    assert(Number.isSafeInteger(value) && value >= 0, "u64 needs a non-negative safe integer");
    this.u32(value % TWO_POW_32);
    this.u32(Math.floor(value / TWO_POW_32));
  }

  i8(value: number): void {
    this.u8(value & 0xff);
  }

  i16(value: number): void {
    this.u16(value & 0xffff);
  }

  i32(value: number): void {
    this.u32(value >>> 0);
  }

  /** A signed 64-bit integer (two's complement); a number must be a safe integer. */
  i64(value: number | bigint): void {
    if (typeof value === "bigint") {
      assert(value >= -(1n << 63n) && value < 1n << 63n, "i64 out of range");
      this.u64(BigInt.asUintN(64, value));
      return;
    }
    assert(Number.isSafeInteger(value), "i64 needs a safe integer");
    const high = Math.floor(value / TWO_POW_32);
    this.u32(value - high * TWO_POW_32);
    this.u32(high >>> 0);
  }

  f32(value: number): void {
    const p = this.#ensure(4);
    this.#view.setFloat32(p, value, true);
    this.#length = p + 4;
  }

  f64(value: number): void {
    const p = this.#ensure(8);
    this.#view.setFloat64(p, value, true);
    this.#length = p + 8;
  }

  /** A length-encoded integer: 1, 3, 4 or 9 bytes. 0xfb..0xff never start a value below 251. */
  lenencInt(value: number | bigint): void {
    if (typeof value === "bigint") {
      assert(value >= 0n, "length-encoded integers are unsigned");
      if (value >= 0x100_0000n) {
        this.u8(0xfe);
        this.u64(value);
        return;
      }
      value = Number(value);
    }
    assert(value >= 0 && Number.isSafeInteger(value), "length-encoded integer out of range");
    if (value < 0xfb) {
      this.u8(value);
    } else if (value < 0x1_0000) {
      this.u8(0xfc);
      this.u16(value);
    } else if (value < 0x100_0000) {
      this.u8(0xfd);
      this.u24(value);
    } else {
      this.u8(0xfe);
      this.u64(value);
    }
  }

  /** The byte count of a length-encoded integer with this value. */
  static lenencIntSize(value: number): number {
    if (value < 0xfb) return 1;
    if (value < 0x1_0000) return 3;
    if (value < 0x100_0000) return 4;
    return 9;
  }

  lenencBytes(bytes: Uint8Array): void {
    this.lenencInt(bytes.length);
    this.bytes(bytes);
  }

  /** A UTF-8 string with a length-encoded byte-count prefix. */
  lenencString(value: string): void {
    if (value.length < SHORT_STRING_UNITS_MAX) {
      // One pass, without measuring the string first: write it after a 1-byte placeholder and
      // patch the count in. Below 256 units the count is under 0x10000, so a string of 251
      // bytes or more needs the 3-byte form: move the bytes right by 2 (rare for result text;
      // never below ONE_BYTE_PREFIX_UNITS_MAX units).
      const prefixAt = this.#ensure(3 + value.length * 3);
      this.#length = prefixAt + 1;
      this.#writeShortString(value);
      const written = this.#length - prefixAt - 1;
      if (written < 0xfb) {
        this.#buffer[prefixAt] = written;
        return;
      }
      assert(value.length >= ONE_BYTE_PREFIX_UNITS_MAX, "short strings fit a 1-byte prefix");
      const b = this.#buffer;
      b.copyWithin(prefixAt + 3, prefixAt + 1, prefixAt + 1 + written);
      b[prefixAt] = 0xfc;
      b[prefixAt + 1] = written & 0xff;
      b[prefixAt + 2] = written >>> 8;
      this.#length = prefixAt + 3 + written;
      return;
    }
    // Encode after the widest prefix, then close the gap once the byte count is known.
    const start = this.#ensure(9 + value.length * 3);
    const written = utf8Encoder.encodeInto(value, this.#buffer.subarray(start + 9)).written;
    const prefixSize = BufferWriter.lenencIntSize(written);
    this.#buffer.copyWithin(start + prefixSize, start + 9, start + 9 + written);
    this.lenencInt(written);
    assert(this.#length === start + prefixSize, "lenenc prefix size");
    this.#length += written;
  }

  /** A UTF-8 string followed by a NUL byte. */
  nulString(value: string): void {
    this.string(value);
    this.u8(0);
  }

  bytes(bytes: Uint8Array): void {
    const p = this.#ensure(bytes.length);
    this.#buffer.set(bytes, p);
    this.#length = p + bytes.length;
  }

  /** A UTF-8 string with no prefix or terminator. */
  string(value: string): void {
    if (value.length < SHORT_STRING_UNITS_MAX) {
      this.#writeShortString(value);
      return;
    }
    const start = this.#ensure(value.length * 3);
    const written = utf8Encoder.encodeInto(value, this.#buffer.subarray(start)).written;
    this.#length = start + written;
  }

  /**
   * Encodes a short string with a JS loop. Lone surrogates become U+FFFD, exactly as
   * TextEncoder does, so short and long strings encode identically.
   */
  #writeShortString(value: string): void {
    let p = this.#ensure(value.length * 3);
    const b = this.#buffer;
    const n = value.length;
    for (let i = 0; i < n; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) {
        b[p++] = c;
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const next = i + 1 < n ? value.charCodeAt(i + 1) : 0;
          if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
            i++;
            b[p++] = 0xf0 | (c >> 18);
            b[p++] = 0x80 | ((c >> 12) & 0x3f);
            b[p++] = 0x80 | ((c >> 6) & 0x3f);
            b[p++] = 0x80 | (c & 0x3f);
            continue;
          }
          c = 0xfffd;
        }
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      }
    }
    this.#length = p;
  }

  fill(byte: number, count: number): void {
    const p = this.#ensure(count);
    this.#buffer.fill(byte, p, p + count);
    this.#length = p + count;
  }

  /** Appends `n` zero bytes to be patched later (e.g. a packet header); returns their offset. */
  reserve(n: number): number {
    const p = this.#ensure(n);
    this.#buffer.fill(0, p, p + n);
    this.#length = p + n;
    return p;
  }

  /**
   * Appends `n` bytes left as they are, for a header the caller patches before anything reads
   * it (PacketBuilder); saves reserve()'s zero fill on every packet. Returns their offset.
   */
  reserveForPatch(n: number): number {
    const p = this.#ensure(n);
    this.#length = p + n;
    return p;
  }

  setU8At(offset: number, value: number): void {
    assert(offset >= 0 && offset + 1 <= this.#length, "setU8At outside written bytes");
    this.#buffer[offset] = value;
  }

  setU24At(offset: number, value: number): void {
    assert(offset >= 0 && offset + 3 <= this.#length, "setU24At outside written bytes");
    const b = this.#buffer;
    b[offset] = value;
    b[offset + 1] = value >>> 8;
    b[offset + 2] = value >>> 16;
  }

  /** A view of written bytes [start, end). */
  subarray(start: number, end: number = this.#length): Uint8Array {
    assert(0 <= start && start <= end && end <= this.#length, "subarray outside written bytes");
    return this.#buffer.subarray(start, end);
  }

  /** Drops everything written after `length` bytes. */
  truncate(length: number): void {
    assert(length >= 0 && length <= this.#length, "truncate beyond written bytes");
    this.#length = length;
  }

  /** A view of all written bytes (see the header for its lifetime). */
  finish(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  /** Forgets the written bytes and keeps the capacity. */
  reset(): void {
    this.#length = 0;
  }
}

/** The UTF-8 byte count of a string, matching TextEncoder (lone surrogates count 3 bytes). */
export function utf8ByteLength(value: string): number {
  const n = value.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i++;
      } else {
        bytes += 2;
      }
    } else {
      bytes += 2;
    }
  }
  return bytes;
}
