/**
 * The binlog archive's slice index entry (BINLOG_ARCHIVE_INDEX_VERSION = 1): one immutable
 * object `binlog/index/<epoch:010>-<seq:020>` (object-paths.ts binlogIndexKey) written when a
 * binlog file is closed, recording which slices hold the whole file. Restore trusts an entry
 * over a listing, because a listing may also show slices a fenced writer left behind.
 *
 * Byte by byte (integers little-endian):
 *   offset 0   magic            4 bytes: 57 42 4c 49 ("WBLI")
 *   offset 4   version          u8, 1
 *   offset 5   file             u32, the binlog file number (binlog.NNNNNN)
 *   offset 9   term             u64, the term (writer epoch) of the writer that closed the file
 *   offset 17  size             u32, the file's final size in bytes (it ends with a ROTATE)
 *   offset 21  slice count N    u32, at least 1
 *   offset 25  N slices         12 bytes each: u64 term, u32 endPos; ascending endPos, the last
 *                               one equal to `size`; slice i holds [endPos(i-1), endPos(i)) and
 *                               the first starts at 0. Terms may differ: a restarted writer
 *                               finishes a file an older term began.
 *   then       gtid length L    u32
 *   then       previous GTIDs   L bytes UTF-8: the file's PREVIOUS_GTIDS as MySQL text
 *   then       checksum         u32, maskCrc(crc32c) of every byte before it
 *
 * Golden bytes: binlog-archive-format.test.ts.
 */

import { assert } from "../util/assert.ts";
import { crc32c, maskCrc } from "../util/crc32c.ts";
import { CorruptionError } from "../util/errors.ts";

export const BINLOG_ARCHIVE_INDEX_VERSION = 1;

const MAGIC = [0x57, 0x42, 0x4c, 0x49] as const;
const FIXED_BYTES = 25;
const SLICE_BYTES = 12;
const LENGTH_BYTES = 4;
const CHECKSUM_BYTES = 4;
const U32_MAX = 0xffff_ffff;
const U64_MAX = (1n << 64n) - 1n;

/** One slice of a file in the archive: it ends at `endPos` and was written in `term`. */
export interface ArchivedSlice {
  readonly term: bigint;
  readonly endPos: number;
}

/** What an index entry says about one closed binlog file. */
export interface BinlogIndexEntry {
  readonly file: number;
  readonly term: bigint;
  readonly sizeBytes: number;
  readonly slices: readonly ArchivedSlice[];
  readonly previousGtids: string;
}

function checkEntry(entry: BinlogIndexEntry, what: string): void {
  const fail = (reason: string): never => {
    throw new CorruptionError(`${what}: ${reason}`);
  };
  if (!Number.isInteger(entry.file) || entry.file < 1 || entry.file > U32_MAX) fail("bad file");
  if (entry.term < 0n || entry.term > U64_MAX) fail("bad term");
  if (!Number.isInteger(entry.sizeBytes) || entry.sizeBytes < 1 || entry.sizeBytes > U32_MAX) {
    fail("bad size");
  }
  if (entry.slices.length === 0) fail("no slices");
  let previous = 0;
  for (const slice of entry.slices) {
    if (slice.term < 0n || slice.term > U64_MAX) fail("bad slice term");
    if (!Number.isInteger(slice.endPos) || slice.endPos <= previous) fail("slices out of order");
    previous = slice.endPos;
  }
  if (previous !== entry.sizeBytes) fail(`last slice ends at ${previous}, not ${entry.sizeBytes}`);
}

/** The bytes of `entry` (asserts it is well formed: the caller builds it). */
export function encodeBinlogIndexEntry(entry: BinlogIndexEntry): Uint8Array {
  try {
    checkEntry(entry, `binlog index entry for file ${entry.file}`);
  } catch (error) {
    assert(false, error instanceof Error ? error.message : String(error));
  }
  const gtids = new TextEncoder().encode(entry.previousGtids);
  const size =
    FIXED_BYTES + entry.slices.length * SLICE_BYTES + LENGTH_BYTES + gtids.length + CHECKSUM_BYTES;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint8(4, BINLOG_ARCHIVE_INDEX_VERSION);
  view.setUint32(5, entry.file, true);
  view.setBigUint64(9, entry.term, true);
  view.setUint32(17, entry.sizeBytes, true);
  view.setUint32(21, entry.slices.length, true);
  let offset = FIXED_BYTES;
  for (const slice of entry.slices) {
    view.setBigUint64(offset, slice.term, true);
    view.setUint32(offset + 8, slice.endPos, true);
    offset += SLICE_BYTES;
  }
  view.setUint32(offset, gtids.length, true);
  bytes.set(gtids, offset + LENGTH_BYTES);
  offset += LENGTH_BYTES + gtids.length;
  view.setUint32(offset, maskCrc(crc32c(bytes.subarray(0, offset))), true);
  return bytes;
}

/** Parses and verifies an entry; CorruptionError naming `key` for anything malformed. */
export function decodeBinlogIndexEntry(bytes: Uint8Array, key: string): BinlogIndexEntry {
  const fail = (reason: string): never => {
    throw new CorruptionError(`binlog index entry ${key}: ${reason}`);
  };
  if (bytes.length < FIXED_BYTES + LENGTH_BYTES + CHECKSUM_BYTES) fail("too short");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = view.getUint32(bytes.length - CHECKSUM_BYTES, true);
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
  if (maskCrc(crc32c(body)) !== stored) fail("checksum mismatch");
  if (MAGIC.some((byte, index) => bytes[index] !== byte)) fail("bad magic");
  const version = view.getUint8(4);
  if (version !== BINLOG_ARCHIVE_INDEX_VERSION) fail(`unknown version ${version}`);
  const count = view.getUint32(21, true);
  const gtidLengthAt = FIXED_BYTES + count * SLICE_BYTES;
  if (gtidLengthAt + LENGTH_BYTES > body.length) fail("slice list runs past the end");
  const slices: ArchivedSlice[] = [];
  for (let index = 0; index < count; index++) {
    const at = FIXED_BYTES + index * SLICE_BYTES;
    slices.push({ term: view.getBigUint64(at, true), endPos: view.getUint32(at + 8, true) });
  }
  const gtidLength = view.getUint32(gtidLengthAt, true);
  if (gtidLengthAt + LENGTH_BYTES + gtidLength !== body.length) fail("bad length");
  const gtidBytes = body.subarray(gtidLengthAt + LENGTH_BYTES);
  const entry: BinlogIndexEntry = {
    file: view.getUint32(5, true),
    term: view.getBigUint64(9, true),
    sizeBytes: view.getUint32(17, true),
    slices,
    previousGtids: new TextDecoder("utf-8", { fatal: true }).decode(gtidBytes),
  };
  checkEntry(entry, `binlog index entry ${key}`);
  return entry;
}
