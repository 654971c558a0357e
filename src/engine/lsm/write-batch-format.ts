/**
 * The serialized form of a WriteBatch (leveldb's db/write_batch.cc "rep"), used wherever a batch
 * is stored or shipped whole.
 *
 * Format (WRITE_BATCH_FORMAT_VERSION = 1; the bytes carry no version of their own, so the
 * container that stores them records this version):
 *
 *   offset 0   first sequence   fixed64, little-endian (0 ..= 2^56 - 1)
 *   offset 8   record count     fixed32, little-endian
 *   offset 12  records, `count` of them, back to back:
 *                kind           1 byte: 0x01 Value, 0x00 Deletion
 *                key length     varint32 (7 bits per byte, low group first)
 *                key            `key length` bytes
 *                (Value only) value length varint32, then the value bytes
 *
 * Record i gets sequence number `first sequence + i`. Example: first sequence 7, put("k", "v"),
 * delete("x") → 07 00 00 00 00 00 00 00 | 02 00 00 00 | 01 01 6b 01 76 | 00 01 78.
 *
 * Decoding checks every length against the buffer and throws CorruptionError on anything
 * malformed (truncation, unknown kind, count mismatch, trailing bytes): the input is stored data.
 */

import { assert } from "../../util/assert.ts";
import { ByteSink } from "../../util/byte-sink.ts";
import {
  decodeFixed32,
  decodeFixed64,
  getVarint32,
  putFixed32,
  putFixed64,
  putVarint32,
} from "../../util/coding.ts";
import { CorruptionError } from "../../util/errors.ts";
import { KeyKind, SEQUENCE_NUMBER_MAX, isKeyKind } from "./internal-key.ts";
import { WRITE_BATCH_HEADER_BYTES, WriteBatch } from "./write-batch.ts";

export const WRITE_BATCH_FORMAT_VERSION = 1;

/** A decoded batch and the sequence number of its first record. */
export interface DecodedWriteBatch {
  readonly firstSequence: bigint;
  readonly batch: WriteBatch;
}

/** Serializes `batch` with `firstSequence` as its first record's sequence number. */
export function encodeWriteBatch(batch: WriteBatch, firstSequence: bigint): Uint8Array {
  assert(firstSequence >= 0n, "write batch: negative first sequence");
  assert(
    firstSequence + BigInt(batch.count) - 1n <= SEQUENCE_NUMBER_MAX,
    "write batch: sequence numbers would exceed 2^56-1",
  );
  const sink = new ByteSink(batch.encodedSizeBytes);
  putFixed64(sink, firstSequence);
  putFixed32(sink, batch.count);
  for (const record of batch.records) {
    sink.putByte(record.kind);
    putVarint32(sink, record.key.length);
    sink.putBytes(record.key);
    if (record.kind === KeyKind.Value) {
      putVarint32(sink, record.value.length);
      sink.putBytes(record.value);
    }
  }
  assert(sink.length === batch.encodedSizeBytes, "write batch: size disagrees with encoding");
  // The sink is local and sized exactly, so its view is the result; no copy is needed.
  return sink.view();
}

/** Parses bytes made by `encodeWriteBatch`. Keys and values are views into `bytes`. */
export function decodeWriteBatch(bytes: Uint8Array): DecodedWriteBatch {
  if (bytes.length < WRITE_BATCH_HEADER_BYTES) {
    throw new CorruptionError(`write batch of ${bytes.length} bytes is shorter than its header`);
  }
  const firstSequence = decodeFixed64(bytes, 0);
  const count = decodeFixed32(bytes, 8);
  if (firstSequence + BigInt(count) - 1n > SEQUENCE_NUMBER_MAX) {
    throw new CorruptionError(`write batch sequence ${firstSequence} + ${count} exceeds 2^56-1`);
  }
  const batch = new WriteBatch();
  let offset = WRITE_BATCH_HEADER_BYTES;
  while (offset < bytes.length) {
    const kind = bytes[offset]!;
    if (!isKeyKind(kind)) {
      throw new CorruptionError(`write batch: unknown record kind ${kind} at offset ${offset}`);
    }
    const key = getLengthPrefixed(bytes, offset + 1);
    offset = key.offset;
    if (kind === KeyKind.Value) {
      const value = getLengthPrefixed(bytes, offset);
      offset = value.offset;
      batch.put(key.value, value.value);
    } else {
      batch.delete(key.value);
    }
  }
  if (batch.count !== count) {
    throw new CorruptionError(`write batch header says ${count} records, found ${batch.count}`);
  }
  return { firstSequence, batch };
}

function getLengthPrefixed(
  bytes: Uint8Array,
  offset: number,
): { readonly value: Uint8Array; readonly offset: number } {
  const length = getVarint32(bytes, offset);
  const end = length.offset + length.value;
  if (end > bytes.length) {
    throw new CorruptionError(
      `write batch: ${length.value} bytes at offset ${offset} run past the end`,
    );
  }
  return { value: bytes.subarray(length.offset, end), offset: end };
}
