/**
 * BufferReader: a bounds-checked little-endian cursor over one packet payload, with MySQL's
 * length-encoded integers and strings (MySQL "Basic Data Types").
 *
 * Invariants: `offset` never passes the end of the bytes; every read that would pass it throws
 * `MalformedPacketError` and leaves `offset` unchanged, so a decoder can never read stale bytes
 * beyond its packet. `fixedBytes`, `lenencBytes`, `nulBytes` and `restBytes` return views into
 * the underlying bytes, not copies; callers that keep them past the packet's lifetime copy.
 */

import { DbError } from "../util/errors.ts";

/** The client sent bytes that do not form a valid packet of the expected shape. */
export class MalformedPacketError extends DbError {}

const TWO_POW_32 = 0x1_0000_0000;
const utf8Decoder = new TextDecoder("utf-8");
const utf8StrictDecoder = new TextDecoder("utf-8", { fatal: true });

/** Decodes UTF-8, returning undefined (instead of replacement characters) on invalid input. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return utf8StrictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes UTF-8; invalid sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

export class BufferReader {
  readonly #bytes: Uint8Array;
  #view: DataView | undefined;
  /** The index of the next unread byte. */
  offset: number;

  constructor(bytes: Uint8Array, offset = 0) {
    if (offset < 0 || offset > bytes.length) {
      throw new MalformedPacketError(`offset ${offset} outside a ${bytes.length}-byte packet`);
    }
    this.#bytes = bytes;
    this.offset = offset;
  }

  remaining(): number {
    return this.#bytes.length - this.offset;
  }

  atEnd(): boolean {
    return this.offset >= this.#bytes.length;
  }

  /** Reserves `n` bytes and returns their start, or throws when the packet is too short. */
  #take(n: number): number {
    const start = this.offset;
    // Written as a negated range check so that NaN is rejected too.
    if (!(n >= 0 && n <= this.#bytes.length - start)) {
      throw new MalformedPacketError(
        `packet truncated: need ${n} bytes at offset ${start}, have ${this.#bytes.length - start}`,
      );
    }
    this.offset = start + n;
    return start;
  }

  #dataView(): DataView {
    // Created lazily: most packets never read a float, and a DataView is an allocation.
    this.#view ??= new DataView(this.#bytes.buffer, this.#bytes.byteOffset, this.#bytes.length);
    return this.#view;
  }

  u8(): number {
    return this.#bytes[this.#take(1)]!;
  }

  u16(): number {
    const p = this.#take(2);
    const b = this.#bytes;
    return b[p]! | (b[p + 1]! << 8);
  }

  u24(): number {
    const p = this.#take(3);
    const b = this.#bytes;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16);
  }

  u32(): number {
    const p = this.#take(4);
    const b = this.#bytes;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  u64(): bigint {
    const start = this.offset;
    this.#take(8);
    this.offset = start;
    const low = this.u32();
    const high = this.u32();
    return (BigInt(high) << 32n) | BigInt(low);
  }

  /** An unsigned 64-bit integer that must fit in a double exactly. */
  u64Number(): number {
    const start = this.offset;
    this.#take(8);
    this.offset = start;
    const low = this.u32();
    const high = this.u32();
    if (high > 0x1f_ffff) {
      this.offset = start;
      throw new MalformedPacketError(`64-bit integer at offset ${start} exceeds 2^53-1`);
    }
    return high * TWO_POW_32 + low;
  }

  i8(): number {
    return (this.u8() << 24) >> 24;
  }

  i16(): number {
    return (this.u16() << 16) >> 16;
  }

  i32(): number {
    return this.u32() | 0;
  }

  i64(): bigint {
    return BigInt.asIntN(64, this.u64());
  }

  f32(): number {
    return this.#dataView().getFloat32(this.#take(4), true);
  }

  f64(): number {
    return this.#dataView().getFloat64(this.#take(8), true);
  }

  /**
   * A length-encoded integer. Returns null for 0xfb (NULL in text rows); 64-bit values that do
   * not fit in a double come back as bigint. 0xff is never a valid first byte.
   */
  lenencInt(): number | bigint | null {
    const start = this.offset;
    const first = this.u8();
    if (first < 0xfb) return first;
    switch (first) {
      case 0xfb:
        return null;
      case 0xfc:
        return this.u16();
      case 0xfd:
        return this.u24();
      case 0xfe: {
        const value = this.u64();
        return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
      }
      default:
        this.offset = start;
        throw new MalformedPacketError(`invalid length-encoded integer 0xff at offset ${start}`);
    }
  }

  /** A length-encoded integer that must be present (not NULL) and fit in a double. */
  lenencIntNumber(): number {
    const start = this.offset;
    const value = this.lenencInt();
    if (typeof value !== "number") {
      this.offset = start;
      throw new MalformedPacketError(`expected a length-encoded number at offset ${start}`);
    }
    return value;
  }

  /** Length-encoded bytes (a view). NULL (0xfb) is malformed here; row decoders check it first. */
  lenencBytes(): Uint8Array {
    const start = this.offset;
    const length = this.lenencIntNumber();
    if (length > this.remaining()) {
      this.offset = start;
      throw new MalformedPacketError(`length-encoded string at offset ${start} overruns packet`);
    }
    return this.fixedBytes(length);
  }

  lenencString(): string {
    return utf8Decoder.decode(this.lenencBytes());
  }

  /** Bytes up to the next NUL (a view); consumes the NUL. A missing NUL is malformed. */
  nulBytes(): Uint8Array {
    const start = this.offset;
    const end = this.#bytes.indexOf(0, start);
    if (end < 0) throw new MalformedPacketError(`missing NUL terminator after offset ${start}`);
    this.offset = end + 1;
    return this.#bytes.subarray(start, end);
  }

  nulString(): string {
    return utf8Decoder.decode(this.nulBytes());
  }

  /** The next `n` bytes as a view (no copy). */
  fixedBytes(n: number): Uint8Array {
    const start = this.#take(n);
    return this.#bytes.subarray(start, start + n);
  }

  fixedString(n: number): string {
    return utf8Decoder.decode(this.fixedBytes(n));
  }

  /** Everything left in the packet, as a view. */
  restBytes(): Uint8Array {
    return this.fixedBytes(this.remaining());
  }

  restString(): string {
    return utf8Decoder.decode(this.restBytes());
  }

  skip(n: number): void {
    this.#take(n);
  }
}
