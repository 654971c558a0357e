/**
 * Every size, limit and timeout in one place, units last in the name. Configurable values have
 * their default here and their validated field in config/. The asserts at the bottom state how
 * the limits relate; they run at load time, so a bad edit fails at start-up, not in production.
 *
 * Edit by adding entries (small str_replace edits; several people work in this file).
 */

import { assert } from "./util/assert.ts";

// ---- server identity -------------------------------------------------------------------------
/** What `SELECT VERSION()` and the handshake report: MySQL 8.0 compatible, suffixed with ours. */
export const serverVersion = "8.0.35-wesql-ts";
export const serverVersionComment = "WeSQL-TS, a MySQL-compatible server that keeps its data in S3";
export const protocolVersion = 10;

// ---- network ---------------------------------------------------------------------------------
export const portDefault = 3306;
export const bindAddressDefault = "127.0.0.1";
/** Largest payload of one physical packet; longer payloads are split (protocol §"large packets"). */
export const packetPayloadBytesMax = 0xff_ff_ff;
/** `max_allowed_packet` default and hard bounds (MySQL 8.0: 64 MiB default, 1 KiB..1 GiB). */
export const maxAllowedPacketBytesDefault = 64 * 1024 * 1024;
export const maxAllowedPacketBytesMin = 1024;
export const maxAllowedPacketBytesMax = 1024 * 1024 * 1024;
/** How deeply `!include` / `!includedir` may nest in option files (stops include cycles). */
export const optionFileIncludeDepthMax = 10;
/** Option files one start-up may read in total, includes counted (a runaway includedir). */
export const optionFilesMax = 256;
/** `max_connections` default and bound. */
export const maxConnectionsDefault = 151;
export const maxConnectionsMax = 100_000;
/** Seconds a client has to complete the handshake (`connect_timeout`). */
export const connectTimeoutSecondsDefault = 10;
/** `wait_timeout` / `interactive_timeout` default, seconds. */
export const waitTimeoutSecondsDefault = 28_800;
/** Bytes of unsent output a connection may queue before it stops reading (backpressure). */
export const connectionOutputBufferBytesMax = 16 * 1024 * 1024;

// ---- SQL -------------------------------------------------------------------------------------
/** Parser recursion limit: deeper nesting is ER_TOO_HIGH_LEVEL_OF_NESTING_FOR_SELECT / 1064. */
export const parserNestingDepthMax = 200;
/** Placeholders in one prepared statement (MySQL: 65535, the wire field is 2 bytes). */
export const preparedStatementParamsMax = 65_535;
/** Prepared statements one connection may hold (`max_prepared_stmt_count` is global in MySQL). */
export const preparedStatementsPerConnectionMax = 16_382;
/** Entries in the per-server statement-text → AST cache. */
export const statementCacheEntriesMax = 4096;
/** Longest statement text the statement cache keeps (longer ones are parsed every time). */
export const statementCacheTextBytesMax = 4096;
/** Warnings kept per statement (`max_error_count`). */
export const maxErrorCountDefault = 1024;
/** Rows one materialised intermediate result may hold before the statement fails. */
export const intermediateRowsMax = 10_000_000;
/** `innodb_lock_wait_timeout` default, seconds. */
export const lockWaitTimeoutSecondsDefault = 50;
/** Longest string REPEAT / SPACE / LPAD / RPAD build; longer results are NULL (MySQL: max_allowed_packet). */
export const stringResultCharsMax = 16 * 1024 * 1024;
/** Identifier length limit (MySQL: 64 characters). */
export const identifierLengthMax = 64;

// ---- object store ----------------------------------------------------------------------------
/** Longest object key, bytes (S3's limit is 1024). */
export const objectKeyBytesMax = 1024;
/** Longest '/'-separated key segment, bytes: the local provider stores a segment as one file
 * name (255 bytes on common file systems), and its temp files add a prefix of about 25. */
export const objectKeySegmentBytesMax = 200;
/** Etags the local object store keeps in memory so head/list need not rehash objects. */
export const localObjectEtagCacheEntriesMax = 100_000;
/** Object files the local object store keeps open for range reads (an LRU of descriptors, as
 * leveldb's table cache): past it the least recently read is closed. Well below the usual
 * 1024-descriptor process limit, which binlog files, sockets and temp files share. */
export const localObjectOpenFilesMax = 256;
/** S3ObjectStore's per-request socket timeout when none is configured, ms: a request whose
 * connection stays silent this long fails as ObjectStoreUnavailableError (retryable). */
export const s3RequestTimeoutMsDefault = 30_000;
/** Keys per ListObjectsV2 page: S3's own maximum for MaxKeys. */
export const s3ListPageKeysMax = 1000;
/** How long one object-store call keeps retrying ObjectStoreUnavailableError before it gives
 * up: a long S3 outage makes writes wait this long, then fail with a clear error. */
export const objectstoreRetryTimeoutMsDefault = 120_000;
/** Attempts one object-store call makes at most (the first included). High enough that the
 * time budget above, not this count, ends a retry loop under the default backoff. */
export const objectstoreRetryAttemptsMaxDefault = 100;
/** Backoff before the first retry is drawn from [0, base]; it doubles per retry up to the cap
 * ("full jitter", so that many waiting callers do not retry in lockstep). */
export const objectstoreRetryBackoffBaseMsDefault = 100;
export const objectstoreRetryBackoffCapMsDefault = 5_000;
/** A run of unavailable answers becomes a logged outage only once it has lasted this long, so
 * a stray 503 that the next attempt absorbs does not log a warning. */
export const objectstoreOutageWarnAfterMs = 1_000;

// ---- durability and the binary log (start-up options; see docs/configuration.md) -------------
/** `smartengine_block_cache_size` default: the LSM block cache budget, bytes. */
export const blockCacheBytesDefault = 128 * 1024 * 1024;
/** Smallest accepted block cache, bytes: below this the index and filter blocks thrash. */
export const blockCacheBytesMin = 1024 * 1024;
/** Largest accepted block cache, bytes (1 TiB); a sanity bound, not a tuning advice. */
export const blockCacheBytesMax = 1024 * 1024 * 1024 * 1024;
/** Smallest accepted `smartengine_write_buffer_size` (lsmMemtableBytesDefault is its default). */
export const lsmMemtableBytesMin = 64 * 1024;
/** Largest accepted `smartengine_write_buffer_size`, bytes (4 GiB). */
export const lsmMemtableBytesMax = 4 * 1024 * 1024 * 1024;
/** `max_binlog_size` default and maximum, bytes, as MySQL (1 GiB). */
export const maxBinlogBytesDefault = 1024 * 1024 * 1024;
/** `max_binlog_size` minimum, bytes, as MySQL. */
export const maxBinlogBytesMin = 4096;
/** `max_binlog_size` maximum, bytes, as MySQL. */
export const maxBinlogBytesMax = 1024 * 1024 * 1024;
/** `server_id` default (MySQL 8.0 defaults to 1). */
export const serverIdDefault = 1;
/** `server_id` maximum: the binlog event header stores it in 4 bytes. */
export const serverIdMax = 4_294_967_295;
/** `sync_binlog` maximum, as MySQL. */
export const syncBinlogMax = 4_294_967_295;

// ---- LSM engine (engine/lsm/) ------------------------------------------------------------------
/** Memtable size at which it is frozen and flushed to an L0 SST (leveldb write_buffer_size). */
export const lsmMemtableBytesDefault = 64 * 1024 * 1024;
/** L0 file count that triggers an L0 → L1 compaction. */
export const lsmL0CompactionTriggerDefault = 4;
/** L0 file count at which writes wait for compaction (write stall). */
export const lsmL0StopWritesTriggerDefault = 12;
/** Immutable memtables waiting for flush at which writes wait (write stall). */
export const lsmImmutableMemtablesMax = 2;
/** How often a flush or compaction that found the object store unavailable (after its own
 * retry budget) is tried again, ms. */
export const lsmStoreOutageRetryMs = 5_000;
/** Writes that stall on full memtables during an object-store outage fail after the outage
 * has lasted this long, ms (the first flush attempt alone retries for 120 s). */
export const lsmStoreOutageStallMsMax = 150_000;
/** Target size of L1; level n (n >= 1) targets this × 10^(n-1). */
export const lsmLevelBaseBytesDefault = 256 * 1024 * 1024;
/** Size at which a compaction cuts its output SSTs. */
export const lsmTargetFileBytesDefault = 32 * 1024 * 1024;
/** Attempts to win the WRITER_EPOCH compare-and-swap at open before giving up as fenced. */
export const lsmEpochClaimAttemptsMax = 8;
/** Objects another epoch wrote are deleted only when older than this (in-flight uploads). */
export const lsmObsoleteObjectAgeMsMin = 60 * 60 * 1000;
/** Manifest versions kept behind the newest one; older ones are garbage. */
export const lsmManifestsKeptCount = 8;
/** Data blocks one scan cursor keeps pinned between chunks before it lets them go. */
export const lsmCursorPinnedBlocksMax = 64;
/** Data blocks a scan cursor reads at once when it meets a block that is not resident: the one
 * it needs and the ones after it in scan order, so a long scan rebuilds its iterator stack once
 * per this many blocks of an SST instead of once per block. */
export const lsmCursorReadaheadBlocks = 8;
/** Versions of one user key a forward scan steps over one by one before it seeks past the rest
 * (RocksDB's max_sequential_skip_in_iterations): a key updated hundreds of times since the last
 * flush costs a scan one seek instead of hundreds of steps. */
export const dbIteratorSequentialSkipsMax = 8;
/** SST ids of one writer epoch: id = epoch × 2^lsmSstIdEpochShiftBits + a per-epoch counter. */
export const lsmSstIdEpochShiftBits = 32;
/**
 * After a memtable flush whose manifest now covers a position in the current binlog file, the
 * binlog rotates once that file holds at least this many bytes. A node that recovers (above all
 * one that boots from the object store after a crash) reads the file holding the manifest's
 * position from its start, to rebuild gtid_executed; rotating at flushes bounds that to about
 * two memtables' worth of log instead of max_binlog_size. Small files are left alone, so a
 * lightly loaded server does not make a file per flush.
 */
export const binlogRotateAfterFlushBytesMin = 16 * 1024 * 1024;
/** Transactions one binlog group commit writes and fsyncs together, at most. */
export const binlogGroupCommitTransactionsMax = 4096;
/** SHOW BINLOG EVENTS reads a binlog file in windows of this size (or one event, if larger). */
export const binlogReadWindowBytes = 256 * 1024;

// ---- transactions (table/) ----------------------------------------------------------------
/** Bytes one transaction's write set (overlay, change log, row locks) may hold before its
 *  writes fail with 1197 ER_TRANS_CACHE_FULL (the analogue of MySQL's max_binlog_cache_size).
 *  1 GiB: one 100k-row sbtest table in a single transaction holds ~35 MiB (sysbench prepare
 *  commits every ~2,600 rows), so multi-million-row restores in one transaction still fit. */
export const transactionBytesMax = 1024 * 1024 * 1024;
/** What one explicit row lock costs in the lock manager (a RowLock, its holder and waiter
 *  arrays, the name string, the Map entry; ~250 B measured), counted into held bytes. */
export const rowLockHeldBytesEstimate = 256;

// ---- binlog events (binlog/) ---------------------------------------------------------------
/** Rows events are split near this size (MySQL's binlog_row_event_max_size default): a
 *  new rows event starts once the current one's body reaches it. One row may exceed it. */
export const binlogRowEventBytesMax = 8192;

// ---- row codec (table/) ------------------------------------------------------------------------
/** encodeRow reuses one buffer between rows; after a row larger than this it lets the buffer
 *  go, so one huge BLOB row does not pin its size in memory for the life of the process. */
export const rowEncodeBufferRetainedBytesMax = 1024 * 1024;

// ---- persistent (local-disk) cache of object ranges (cache/) ---------------------------------
/* The budget (persistentCacheBytesDefault, persistentCacheBytesMax) is with the start-up
 * options below. */
/** Objects are cached in aligned chunks of this size; a missing run of chunks is one ranged GET.
 *  256 KiB: a 4-16 KiB block read costs one request either way (S3 latency, not bandwidth,
 *  dominates below ~1 MiB), footer + index + filter reads of one SST fit in one or two chunks,
 *  and a 1 GiB cache is 4096 files, not a million. */
export const persistentCacheChunkBytes = 256 * 1024;
/** Each chunk's data is checksummed per page of this size, so a hit verifies only the pages it
 *  reads (a 4 KiB block read checks 4 KiB, not the 256 KiB chunk: ~8 µs instead of ~500 µs). */
export const persistentCachePageBytes = 4096;
/** Disk bytes a cached file is charged at least (a file system block), so a budget in bytes also
 *  bounds the number of files and index entries when objects are tiny. */
export const persistentCacheFileBytesMin = 4096;
/** Index entries (chunk files) the persistent cache keeps at most, whatever the byte budget:
 *  ~400 MiB of index at ~400 B an entry. With full chunks this binds above 256 GiB of cache. */
export const persistentCacheEntriesMax = 1024 * 1024;
/** Chunk writes in flight at once; past it a fetched chunk is returned but not cached, so a burst
 *  of misses cannot queue unbounded memory behind a slow local disk. */
export const persistentCacheFillsInFlightMax = 256;
/** Chunk headers read concurrently while the cache rebuilds its index at open. */
export const persistentCacheOpenReadsInFlightMax = 32;
/** Chunk files the persistent cache keeps open for reads (an LRU of descriptors, as
 *  localObjectOpenFilesMax): a hit is then one pread, not open + read + close. */
export const persistentCacheOpenFilesMax = 64;
/** Chunks one read may span through the cache when the object's size is unknown; a longer
 *  read (a "to the end" read with a huge length) goes straight to the store instead of walking
 *  and requesting that many chunks. 64 MiB: more than any SST (compaction cuts at 32 MiB). */
export const persistentCacheReadChunksMax = 256;

// ---- relations between limits ----------------------------------------------------------------
assert(maxAllowedPacketBytesMin <= maxAllowedPacketBytesDefault);
assert(maxAllowedPacketBytesDefault <= maxAllowedPacketBytesMax);
// A statement text must fit in one max_allowed_packet; the cache only ever holds short texts.
assert(statementCacheTextBytesMax < maxAllowedPacketBytesMin * 16);
assert(preparedStatementParamsMax <= 0xffff, "the wire field for parameter count is 2 bytes");
assert(maxConnectionsDefault <= maxConnectionsMax);
assert(objectKeySegmentBytesMax <= objectKeyBytesMax);
assert(objectstoreRetryAttemptsMaxDefault >= 1);
assert(objectstoreRetryBackoffBaseMsDefault <= objectstoreRetryBackoffCapMsDefault);
// A retry budget shorter than one capped backoff would give up before the cap is ever reached.
assert(objectstoreRetryBackoffCapMsDefault <= objectstoreRetryTimeoutMsDefault);
assert(lsmL0CompactionTriggerDefault < lsmL0StopWritesTriggerDefault);
assert(lsmTargetFileBytesDefault <= lsmLevelBaseBytesDefault);
assert(lsmImmutableMemtablesMax >= 1);
assert(lsmCursorReadaheadBlocks >= 1);
assert(dbIteratorSequentialSkipsMax >= 1);
assert(lsmCursorReadaheadBlocks <= lsmCursorPinnedBlocksMax);
assert(blockCacheBytesMin <= blockCacheBytesDefault);
assert(blockCacheBytesDefault <= blockCacheBytesMax);
assert(lsmMemtableBytesMin <= lsmMemtableBytesDefault);
assert(lsmMemtableBytesDefault <= lsmMemtableBytesMax);
assert(maxBinlogBytesMin <= maxBinlogBytesDefault);
assert(maxBinlogBytesDefault <= maxBinlogBytesMax);
assert(persistentCacheChunkBytes % persistentCachePageBytes === 0, "chunks are whole pages");
assert(persistentCacheChunkBytes <= 0xffff_ffff, "the chunk header stores lengths in 4 bytes");
assert(persistentCacheEntriesMax >= 1);
assert(persistentCacheFillsInFlightMax >= 1);
assert(persistentCacheOpenFilesMax >= 1);
assert(persistentCacheReadChunksMax * persistentCacheChunkBytes >= lsmTargetFileBytesDefault);

/** Object-store prefixes of the default repository and branch (ARCHITECTURE §3, WeSQL's names). */
export const repoObjectstoreIdDefault = "wesql_serverless_repo";
export const branchObjectstoreIdDefault = "main";
/** `objectstore_region` default (the S3 SDK needs one even for custom endpoints). */
export const objectStoreRegionDefault = "us-east-1";
/** `binlog_archive_period` default and bounds, ms: how often the binlog tail goes to S3. */
export const binlogArchivePeriodMsDefault = 1000;
export const binlogArchivePeriodMsMin = 10;
export const binlogArchivePeriodMsMax = 3_600_000;
/** `binlog_archive_slice_max_size` default and bounds: upload once this much is pending. */
export const binlogArchiveSliceBytesDefault = 4 * 1024 * 1024;
export const binlogArchiveSliceBytesMin = 4096;
export const binlogArchiveSliceBytesMax = 1024 * 1024 * 1024;
/** Slice GETs a binlog restore keeps in flight (appends stay in order): boot time is round
 * trips when object_store mode left one slice per commit group. */
export const binlogRestoreFetchesInFlightMax = 16;
/** Recovery logs replay progress (per tenth) only when at least this much binlog is replayed. */
export const replayProgressBytesMin = 8 * 1024 * 1024;
/** `smartengine_persistent_cache_size` default and bound: the local-disk cache of object
 * ranges in front of S3 (src/cache/). 1 GiB keeps a working set of SST blocks of a few-GB
 * database local on any disk; 0 turns the cache off. */
export const persistentCacheBytesDefault = 1024 * 1024 * 1024;
export const persistentCacheBytesMax = 64 * 1024 * 1024 * 1024 * 1024;

/** How long a starting server waits for the previous owner of its datadir to exit. */
export const datadirLockWaitMs = 5_000;
/** How often it checks meanwhile. */
export const datadirLockPollMs = 100;
