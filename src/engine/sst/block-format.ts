/**
 * The byte layout of a data block (format version 1), as leveldb's table/block_builder.cc.
 * A block holds key/value entries in strictly increasing key order (by the table's comparator),
 * with keys prefix-compressed against the previous key:
 *
 *   entry i:
 *     shared        varint32  bytes of the key shared with entry i-1's key (0 at a restart)
 *     non_shared    varint32  bytes of the key that follow
 *     value_length  varint32  bytes of the value
 *     key_delta     non_shared bytes: key[shared, shared + non_shared)
 *     value         value_length bytes
 *   after the last entry:
 *     restarts      num_restarts × fixed32 (little-endian): the byte offset of every restart
 *                   entry, strictly increasing, the first always 0
 *     num_restarts  fixed32, >= 1
 *
 * Every `restartInterval`-th entry (0, N, 2N, ...) is a restart point: it stores its whole key
 * (shared = 0), so a reader can binary-search the restart array and decode forward from there.
 * An empty block is just one restart (offset 0) and the count: 8 bytes, `00000000 01000000`.
 *
 * The block itself carries no checksum, type or version: the SST format (sst-format.ts) wraps
 * each block in a trailer with a compression type and a masked CRC-32C and records the
 * format version in its footer. This file's version number is the one that footer records.
 */

/** Version of this block layout; bump it (and keep a reader for the old one) on any change. */
export const BLOCK_FORMAT_VERSION = 1;

/** Entries between restart points (leveldb's block_restart_interval default is also 16). */
export const BLOCK_RESTART_INTERVAL_DEFAULT = 16;

/** Upper bound for the restart interval: beyond it seeks degrade to long linear scans. */
export const BLOCK_RESTART_INTERVAL_MAX = 1024;

/** Bytes of one restart offset and of the trailing restart count (fixed32 each). */
export const BLOCK_RESTART_ENTRY_BYTES = 4;

/** The smallest valid block: one restart offset and the count. */
export const BLOCK_BYTES_MIN = 2 * BLOCK_RESTART_ENTRY_BYTES;
