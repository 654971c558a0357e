/**
 * The stored form of the WRITER_EPOCH object: the epoch of the writer that currently owns the
 * tree. It is the only mutable object of a branch and is only ever replaced by compare-and-swap
 * (putIfMatch on its etag), so exactly one opener wins each epoch.
 *
 * Format (WRITER_EPOCH_FORMAT_VERSION = 1), 17 bytes, integers little-endian:
 *
 *   offset 0   magic            4 bytes: 57 53 45 50 ("WSEP")
 *   offset 4   format version   1 byte (1)
 *   offset 5   epoch            fixed64
 *   offset 13  masked CRC-32C   fixed32: maskCrc(crc32c(bytes 0..12))
 *
 * Decoding checks length, magic, version and checksum; anything else is a CorruptionError
 * naming the object.
 */

import { ByteSink } from "../../util/byte-sink.ts";
import { decodeFixed32, decodeFixed64, putFixed32, putFixed64 } from "../../util/coding.ts";
import { crc32c, maskCrc } from "../../util/crc32c.ts";
import { CorruptionError } from "../../util/errors.ts";
import { assert } from "../../util/assert.ts";

export const WRITER_EPOCH_FORMAT_VERSION = 1;
export const WRITER_EPOCH_BYTES = 17;
const MAGIC = [0x57, 0x53, 0x45, 0x50];
const CRC_OFFSET = 13;

export function encodeWriterEpoch(epoch: bigint): Uint8Array {
  assert(epoch >= 0n && epoch < 1n << 64n, "writer epoch out of range");
  const sink = new ByteSink(WRITER_EPOCH_BYTES);
  sink.putBytes(new Uint8Array(MAGIC));
  sink.putBytes(new Uint8Array([WRITER_EPOCH_FORMAT_VERSION]));
  putFixed64(sink, epoch);
  putFixed32(sink, maskCrc(crc32c(sink.view())));
  const bytes = sink.toBytes();
  assert(bytes.length === WRITER_EPOCH_BYTES, "writer epoch encoding length");
  return bytes;
}

export function decodeWriterEpoch(bytes: Uint8Array, name: string): bigint {
  if (bytes.length !== WRITER_EPOCH_BYTES) {
    throw new CorruptionError(`${name}: ${bytes.length} bytes, expected ${WRITER_EPOCH_BYTES}`);
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new CorruptionError(`${name}: bad magic at offset ${i}`);
  }
  const stored = decodeFixed32(bytes, CRC_OFFSET);
  if (stored !== maskCrc(crc32c(bytes.subarray(0, CRC_OFFSET)))) {
    throw new CorruptionError(`${name}: checksum mismatch at offset ${CRC_OFFSET}`);
  }
  if (bytes[4] !== WRITER_EPOCH_FORMAT_VERSION) {
    throw new CorruptionError(`${name}: unknown format version ${bytes[4]} at offset 4`);
  }
  return decodeFixed64(bytes, 5);
}
