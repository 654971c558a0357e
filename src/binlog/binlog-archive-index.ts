/**
 * The binlog archive's append-only index in the object store: one immutable entry object
 * `binlog/index/<epoch:010>-<seq:020>` per closed binlog file (object-paths.ts binlogIndexKey;
 * bytes in binlog-archive-format.ts). A writer numbers its entries 1, 2, 3… within its epoch and
 * never rewrites one, so the index only grows, and a restore reads the few newest entries.
 */

import type { ObjectStore } from "../objectstore/object-store.ts";
import {
  binlogIndexKey,
  binlogIndexPrefix,
  type BranchRoot,
  parseBinlogIndexKey,
} from "../objectstore/object-paths.ts";
import { ObjectExistsError } from "../objectstore/object-store-errors.ts";
import { FencedError } from "../engine/lsm/fenced-error.ts";
import { bytesEqual } from "../util/bytes.ts";
import {
  type BinlogIndexEntry,
  decodeBinlogIndexEntry,
  encodeBinlogIndexEntry,
} from "./binlog-archive-format.ts";

/** Index entries of one epoch are numbered from 1. */
const INDEX_SEQ_FIRST = 1n;

/**
 * Index entries of files >= `fromFile`, the highest term per file. Entries are read newest
 * first and reading stops at the first entry for an older file, so a restore near the end of a
 * long log reads a few entries, not all of them.
 */
export async function readIndexEntries(
  store: ObjectStore,
  root: BranchRoot,
  fromFile: number,
): Promise<Map<number, BinlogIndexEntry>> {
  const keys = (await store.list(binlogIndexPrefix(root)))
    .map((meta) => meta.key)
    .filter((key) => parseBinlogIndexKey(root, key) !== undefined);
  const entries = new Map<number, BinlogIndexEntry>();
  for (let index = keys.length - 1; index >= 0; index--) {
    const key = keys[index]!;
    const entry = decodeBinlogIndexEntry(await store.get(key), key);
    if (entry.file < fromFile) break;
    const known = entries.get(entry.file);
    if (known === undefined || known.term < entry.term) entries.set(entry.file, entry);
  }
  return entries;
}

/** The next free sequence number of epoch `epoch`. */
export async function nextIndexSeq(
  store: ObjectStore,
  root: BranchRoot,
  epoch: bigint,
): Promise<bigint> {
  let next = INDEX_SEQ_FIRST;
  for (const meta of await store.list(binlogIndexPrefix(root))) {
    const id = parseBinlogIndexKey(root, meta.key);
    if (id !== undefined && id.epoch === epoch && id.seq >= next) next = id.seq + 1n;
  }
  return next;
}

/**
 * Creates entry `seq` of epoch `entry.term`. An entry already there with the same bytes is an
 * earlier attempt that landed; with other bytes another writer uses this epoch: FencedError.
 */
export async function writeIndexEntry(
  store: ObjectStore,
  root: BranchRoot,
  seq: bigint,
  entry: BinlogIndexEntry,
): Promise<void> {
  const bytes = encodeBinlogIndexEntry(entry);
  const key = binlogIndexKey(root, { epoch: entry.term, seq });
  try {
    await store.putIfAbsent(key, bytes);
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
    if (!bytesEqual(await store.get(key), bytes)) {
      throw new FencedError(entry.term, `binlog index entry ${key} exists with other bytes`);
    }
  }
}
