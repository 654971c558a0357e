/**
 * PacketReader: frames MySQL packets out of a byte stream. Each physical packet is a 3-byte
 * little-endian payload length, a 1-byte sequence id, then the payload. A payload of exactly
 * 0xffffff bytes means "continued in the next packet"; the parts join into one logical packet
 * whose sequence id is the first part's (MySQL "Sending More Than 16Mb").
 *
 * Invariants:
 * - Buffered-but-unreturned bytes never exceed maxPayloadBytes plus the packet headers plus the
 *   last pushed chunk: a header whose declared length would take the logical payload past
 *   maxPayloadBytes throws PacketTooLargeError before any of that payload is waited for.
 * - The parts of one logical packet have consecutive sequence ids (mod 256), else
 *   PacketOutOfOrderError. Both errors are sticky: the connection must close.
 * - A payload that lies inside one pushed chunk is returned as a view of that chunk (no copy),
 *   so the caller must not mutate a chunk after pushing it.
 * Concurrency: one reader per connection, used from one task.
 */

import { packetPayloadBytesMax } from "../constants.ts";
import { assert } from "../util/assert.ts";
import { DbError } from "../util/errors.ts";

export interface Packet {
  readonly sequenceId: number;
  readonly payload: Uint8Array;
}

/** A logical packet is longer than the connection's max_allowed_packet. */
export class PacketTooLargeError extends DbError {
  constructor(
    readonly payloadBytes: number,
    readonly maxPayloadBytes: number,
  ) {
    super(`packet of at least ${payloadBytes} bytes exceeds the ${maxPayloadBytes}-byte limit`);
  }
}

/** The parts of a split packet did not carry consecutive sequence ids. */
export class PacketOutOfOrderError extends DbError {
  constructor(
    readonly expectedSequenceId: number,
    readonly actualSequenceId: number,
  ) {
    super(`packet sequence id ${actualSequenceId} where ${expectedSequenceId} was expected`);
  }
}

const HEADER_BYTES = 4;
const EMPTY = new Uint8Array(0);

export class PacketReader {
  #maxPayloadBytes: number;
  /** Unconsumed chunks; #chunks[#head] is read from #headOffset on. */
  #chunks: Uint8Array[] = [];
  #head = 0;
  #headOffset = 0;
  #bufferedBytes = 0;
  /** Parts of a split logical packet gathered so far (each exactly 0xffffff bytes). */
  #parts: Uint8Array[] = [];
  #partsBytes = 0;
  #firstSequenceId = 0;
  #nextSequenceId = 0;
  #failure: DbError | undefined;

  constructor(maxPayloadBytes: number) {
    this.#maxPayloadBytes = checkedLimit(maxPayloadBytes);
  }

  /** Changes the limit for packets not yet started (`SET GLOBAL max_allowed_packet`). */
  setMaxPayloadBytes(maxPayloadBytes: number): void {
    this.#maxPayloadBytes = checkedLimit(maxPayloadBytes);
  }

  /** Queues received bytes. The chunk is kept by reference and must not be mutated later. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#bufferedBytes += chunk.length;
  }

  /** The next complete logical packet, or undefined until more bytes arrive. */
  next(): Packet | undefined {
    if (this.#failure !== undefined) throw this.#failure;
    try {
      return this.#nextPacket();
    } catch (error) {
      if (error instanceof DbError) this.#failure = error;
      throw error;
    }
  }

  #nextPacket(): Packet | undefined {
    for (;;) {
      if (this.#bufferedBytes < HEADER_BYTES) return undefined;
      const fast = this.#nextInHeadChunk();
      if (fast !== undefined) return fast;
      const length = this.#peekByte(0) | (this.#peekByte(1) << 8) | (this.#peekByte(2) << 16);
      const sequenceId = this.#peekByte(3);
      const isFirstPart = this.#parts.length === 0;
      if (!isFirstPart && sequenceId !== this.#nextSequenceId) {
        throw new PacketOutOfOrderError(this.#nextSequenceId, sequenceId);
      }
      if (this.#partsBytes + length > this.#maxPayloadBytes) {
        throw new PacketTooLargeError(this.#partsBytes + length, this.#maxPayloadBytes);
      }
      if (this.#bufferedBytes < HEADER_BYTES + length) return undefined;
      this.#consume(HEADER_BYTES);
      const payload = this.#take(length);
      if (isFirstPart) this.#firstSequenceId = sequenceId;
      this.#nextSequenceId = (sequenceId + 1) & 0xff;
      if (length === packetPayloadBytesMax) {
        this.#parts.push(payload);
        this.#partsBytes += length;
        continue;
      }
      if (isFirstPart) return { sequenceId, payload };
      return { sequenceId: this.#firstSequenceId, payload: this.#joinParts(payload) };
    }
  }

  /**
   * The hot path: a whole, unsplit packet inside the head chunk, returned as a view. Returns
   * undefined (having consumed nothing) for every other case, which the general path handles.
   */
  #nextInHeadChunk(): Packet | undefined {
    if (this.#parts.length !== 0) return undefined;
    const chunk = this.#chunks[this.#head]!;
    const start = this.#headOffset;
    if (chunk.length - start < HEADER_BYTES) return undefined;
    const length = chunk[start]! | (chunk[start + 1]! << 8) | (chunk[start + 2]! << 16);
    const payloadStart = start + HEADER_BYTES;
    if (length >= packetPayloadBytesMax || length > this.#maxPayloadBytes) return undefined;
    if (chunk.length - payloadStart < length) return undefined;
    const sequenceId = chunk[start + 3]!;
    this.#nextSequenceId = (sequenceId + 1) & 0xff;
    this.#bufferedBytes -= HEADER_BYTES + length;
    if (payloadStart + length === chunk.length) {
      this.#advanceHeadChunk();
    } else {
      this.#headOffset = payloadStart + length;
    }
    return { sequenceId, payload: chunk.subarray(payloadStart, payloadStart + length) };
  }

  #advanceHeadChunk(): void {
    this.#head++;
    this.#headOffset = 0;
    if (this.#head === this.#chunks.length) {
      this.#chunks.length = 0;
      this.#head = 0;
    } else if (this.#head >= 64) {
      // Compacts the queue now and then so it does not grow without bound on a long stream.
      this.#chunks.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #joinParts(last: Uint8Array): Uint8Array {
    const joined = new Uint8Array(this.#partsBytes + last.length);
    let offset = 0;
    for (const part of this.#parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    joined.set(last, offset);
    this.#parts = [];
    this.#partsBytes = 0;
    return joined;
  }

  /** The byte `index` positions past the read point; requires index < #bufferedBytes. */
  #peekByte(index: number): number {
    let i = this.#head;
    let offset = this.#headOffset + index;
    for (;;) {
      const chunk = this.#chunks[i]!;
      if (offset < chunk.length) return chunk[offset]!;
      offset -= chunk.length;
      i++;
    }
  }

  /** Removes `n` buffered bytes (n <= #bufferedBytes) and returns them, as a view if possible. */
  #take(n: number): Uint8Array {
    if (n === 0) return EMPTY;
    const chunk = this.#chunks[this.#head]!;
    const start = this.#headOffset;
    if (chunk.length - start >= n) {
      this.#consume(n);
      return chunk.subarray(start, start + n);
    }
    const out = new Uint8Array(n);
    let written = 0;
    while (written < n) {
      const current = this.#chunks[this.#head]!;
      const available = Math.min(current.length - this.#headOffset, n - written);
      out.set(current.subarray(this.#headOffset, this.#headOffset + available), written);
      written += available;
      this.#consume(available);
    }
    return out;
  }

  /** Advances the read point by `n` bytes, dropping chunks that are fully read. */
  #consume(n: number): void {
    assert(n <= this.#bufferedBytes, "consume beyond buffered bytes");
    this.#bufferedBytes -= n;
    let offset = this.#headOffset + n;
    while (this.#head < this.#chunks.length && offset >= this.#chunks[this.#head]!.length) {
      offset -= this.#chunks[this.#head]!.length;
      this.#head++;
    }
    this.#headOffset = offset;
    if (this.#head === this.#chunks.length) {
      this.#chunks.length = 0;
      this.#head = 0;
    } else if (this.#head >= 64) {
      this.#chunks.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

function checkedLimit(maxPayloadBytes: number): number {
  assert(Number.isSafeInteger(maxPayloadBytes) && maxPayloadBytes >= 0, "packet limit >= 0");
  return maxPayloadBytes;
}
