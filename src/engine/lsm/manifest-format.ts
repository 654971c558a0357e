/**
 * The stored form of a Manifest (manifest.ts), written once per version as the immutable object
 * `manifest/<epoch:010>-<seq:020>`.
 *
 * Format (MANIFEST_FORMAT_VERSION = 1). Integers are little-endian; varints are util/coding.ts
 * (7 bits per byte, low group first):
 *
 *   offset 0    magic              4 bytes: 57 53 4d 46 ("WSMF")
 *   offset 4    format version     varint32 (1)
 *               writer epoch       fixed64
 *               manifest sequence  fixed64
 *               last sequence      varint64
 *               binlog file        varint32
 *               binlog offset      varint64 (<= 2^53 - 1)
 *               next SST id        varint64
 *               level count        varint32 (LSM_LEVEL_COUNT = 7)
 *               per level, L0 first:
 *                 SST count        varint32
 *                 per SST, in level order (L0 newest first, L1+ by smallest key):
 *                   id                  varint64
 *                   size in bytes       varint64 (<= 2^53 - 1)
 *                   smallest key length varint32, then the internal key bytes (>= 8)
 *                   largest key length  varint32, then the internal key bytes (>= 8)
 *                   smallest sequence   varint64
 *                   largest sequence    varint64
 *                   entry count         varint64 (<= 2^53 - 1)
 *   last 4      masked CRC-32C     fixed32: maskCrc(crc32c(every byte before it))
 *
 * Decoding checks length, magic, checksum, version, every length against the buffer, and that
 * no bytes trail the last level; anything else throws CorruptionError naming the object, since
 * the input is stored data. Semantic rules (level order, id uniqueness) are not checked here:
 * manifest-invariants.ts reports those.
 */

import { ByteSink } from "../../util/byte-sink.ts";
import {
  decodeFixed32,
  decodeFixed64,
  getVarint32,
  getVarint64,
  putFixed32,
  putFixed64,
  putVarint32,
  putVarint64,
} from "../../util/coding.ts";
import { crc32c, maskCrc } from "../../util/crc32c.ts";
import { CorruptionError } from "../../util/errors.ts";
import { INTERNAL_KEY_TRAILER_BYTES } from "./internal-key.ts";
import { LSM_LEVEL_COUNT, MANIFEST_FORMAT_VERSION } from "./manifest.ts";
import type { Manifest, SstDescriptor } from "./manifest.ts";

/** "WSMF" as stored. */
export const MANIFEST_MAGIC = new Uint8Array([0x57, 0x53, 0x4d, 0x46]);
const MAGIC_BYTES = 4;
const CRC_BYTES = 4;

function putSst(sink: ByteSink, sst: SstDescriptor): void {
  putVarint64(sink, sst.id);
  putVarint64(sink, BigInt(sst.sizeBytes));
  putVarint32(sink, sst.smallestKey.length);
  sink.putBytes(sst.smallestKey);
  putVarint32(sink, sst.largestKey.length);
  sink.putBytes(sst.largestKey);
  putVarint64(sink, sst.smallestSequence);
  putVarint64(sink, sst.largestSequence);
  putVarint64(sink, BigInt(sst.entryCount));
}

/** Serializes `manifest` in format version 1. */
export function encodeManifest(manifest: Manifest): Uint8Array {
  const sink = new ByteSink(1024);
  sink.putBytes(MANIFEST_MAGIC);
  putVarint32(sink, manifest.formatVersion);
  putFixed64(sink, manifest.writerEpoch);
  putFixed64(sink, manifest.manifestSequence);
  putVarint64(sink, manifest.lastSequence);
  putVarint32(sink, manifest.binlogPosition.file);
  putVarint64(sink, BigInt(manifest.binlogPosition.offset));
  putVarint64(sink, manifest.nextSstId);
  putVarint32(sink, manifest.levels.length);
  for (const level of manifest.levels) {
    putVarint32(sink, level.length);
    for (const sst of level) putSst(sink, sst);
  }
  putFixed32(sink, maskCrc(crc32c(sink.view())));
  return sink.toBytes();
}

/** A cursor over the manifest body, [offset, limit), that reads fields in order. */
class BodyReader {
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly limit: number,
  ) {
    this.offset = start;
  }

  varint32(): number {
    const decoded = getVarint32(this.bytes, this.offset, this.limit);
    this.offset = decoded.offset;
    return decoded.value;
  }

  varint64(): bigint {
    const decoded = getVarint64(this.bytes, this.offset, this.limit);
    this.offset = decoded.offset;
    return decoded.value;
  }

  fixed64(): bigint {
    if (this.offset + 8 > this.limit) {
      throw new CorruptionError(`truncated fixed64 at offset ${this.offset}`);
    }
    const value = decodeFixed64(this.bytes, this.offset);
    this.offset += 8;
    return value;
  }

  /** A varint64 that must fit a JavaScript number exactly. */
  safeNumber(field: string): number {
    const value = this.varint64();
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new CorruptionError(`${field} ${value} exceeds 2^53 - 1`);
    }
    return Number(value);
  }

  internalKey(field: string): Uint8Array {
    const length = this.varint32();
    if (length < INTERNAL_KEY_TRAILER_BYTES) {
      throw new CorruptionError(`${field} of ${length} bytes is shorter than a key trailer`);
    }
    if (this.offset + length > this.limit) {
      throw new CorruptionError(`${field} of ${length} bytes at ${this.offset} is truncated`);
    }
    const key = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return key;
  }

  sst(): SstDescriptor {
    return {
      id: this.varint64(),
      sizeBytes: this.safeNumber("SST size"),
      smallestKey: this.internalKey("smallest key"),
      largestKey: this.internalKey("largest key"),
      smallestSequence: this.varint64(),
      largestSequence: this.varint64(),
      entryCount: this.safeNumber("entry count"),
    };
  }
}

function decodeBody(bytes: Uint8Array): Manifest {
  const reader = new BodyReader(bytes, MAGIC_BYTES, bytes.length - CRC_BYTES);
  const formatVersion = reader.varint32();
  if (formatVersion !== MANIFEST_FORMAT_VERSION) {
    throw new CorruptionError(`unsupported format version ${formatVersion}`);
  }
  const writerEpoch = reader.fixed64();
  const manifestSequence = reader.fixed64();
  const lastSequence = reader.varint64();
  const binlogPosition = { file: reader.varint32(), offset: reader.safeNumber("binlog offset") };
  const nextSstId = reader.varint64();
  const levelCount = reader.varint32();
  if (levelCount !== LSM_LEVEL_COUNT) {
    throw new CorruptionError(`level count ${levelCount}, expected ${LSM_LEVEL_COUNT}`);
  }
  const levels: SstDescriptor[][] = [];
  for (let level = 0; level < levelCount; level++) {
    const count = reader.varint32();
    const ssts: SstDescriptor[] = [];
    for (let i = 0; i < count; i++) ssts.push(reader.sst());
    levels.push(ssts);
  }
  if (reader.offset !== reader.limit) {
    throw new CorruptionError(`${reader.limit - reader.offset} unexpected bytes after the levels`);
  }
  return {
    formatVersion,
    writerEpoch,
    manifestSequence,
    lastSequence,
    binlogPosition,
    nextSstId,
    levels,
  };
}

/**
 * Parses a stored manifest. `name` (the object key) is named in every CorruptionError. The
 * result shares no memory with `bytes`.
 */
export function decodeManifest(bytes: Uint8Array, name: string): Manifest {
  const fail = (message: string, cause?: unknown): never => {
    throw new CorruptionError(`manifest ${name}: ${message}`, { cause });
  };
  if (bytes.length < MAGIC_BYTES + 1 + CRC_BYTES) {
    fail(`truncated: ${bytes.length} bytes`);
  }
  for (let i = 0; i < MAGIC_BYTES; i++) {
    if (bytes[i] !== MANIFEST_MAGIC[i]) fail("bad magic");
  }
  const crcOffset = bytes.length - CRC_BYTES;
  const stored = decodeFixed32(bytes, crcOffset);
  const actual = maskCrc(crc32c(bytes.subarray(0, crcOffset)));
  if (stored !== actual) {
    fail(`checksum mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)})`);
  }
  try {
    return decodeBody(bytes);
  } catch (error) {
    if (error instanceof CorruptionError) return fail(error.message, error);
    throw error;
  }
}
