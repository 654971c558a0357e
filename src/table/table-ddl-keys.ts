/**
 * The key work of DDL batches: deleting a dropped table's keys and filling a new index from the
 * committed rows. Both read the newest committed data (DDL runs outside transactions, as MySQL
 * commits before DDL) and only add records to the batch the DDL commits.
 *
 * Dropping a table writes one deletion per key; a range tombstone in the engine would make
 * that O(1) (follow-up).
 */

import type { KvEntry, KvStore } from "../engine/kv-store.ts";
import type { WriteBatch } from "../engine/lsm/write-batch.ts";
import type { TableSchema } from "../sql/catalog/schema.ts";
import { formatKeyForMessage, truncate } from "../sql/memory/key-comparator.ts";
import { sqlError } from "../sql/sql-error.ts";
import { ER_DUP_ENTRY } from "../util/mysql-errors.ts";
import { prefixSuccessor } from "./key-codec.ts";
import {
  dataPrefix,
  keyToLatin1,
  tableDataEnd,
  tableDataStart,
  tableKey,
} from "./keyspace-format.ts";
import { KvTable } from "./kv-table.ts";

/** Deletes of the table record and every data key (newest data) into `batch`. */
export async function deleteTableKeys(
  store: KvStore,
  table: KvTable,
  batch: WriteBatch,
): Promise<void> {
  batch.delete(tableKey(table.tableId));
  await deleteRange(store, tableDataStart(table.tableId), tableDataEnd(table.tableId), batch);
}

/** Deletes of every entry of index `indexId` of table `tableId` (newest data) into `batch`. */
export async function deleteIndexKeys(
  store: KvStore,
  tableId: number,
  indexId: number,
  batch: WriteBatch,
): Promise<void> {
  const prefix = dataPrefix(tableId, indexId);
  await deleteRange(store, prefix, prefixSuccessor(prefix)!, batch);
}

/** A deletion of every key in [lower, upper) (newest data) into `batch`. */
async function deleteRange(
  store: KvStore,
  lower: Uint8Array,
  upper: Uint8Array,
  batch: WriteBatch,
): Promise<void> {
  const cursor = store.scan({ lower, upper, fillCache: false });
  try {
    let chunk = await cursor.nextChunk(1024);
    for (; chunk.length > 0; chunk = await cursor.nextChunk(1024)) {
      for (const entry of chunk) batch.delete(entry.key);
    }
  } finally {
    cursor.close();
  }
}

/** Entries of `next`'s new (last) index for every committed row; 1062 on unique duplicates. */
export async function backfillIndex(
  store: KvStore,
  table: KvTable,
  next: TableSchema,
  indexIds: readonly number[],
  batch: WriteBatch,
): Promise<void> {
  const probe = new KvTable(store, table.tableId, next, indexIds);
  const layout = probe.layout;
  const index = layout.secondaries.at(-1)!;
  const seen = new Set<string>();
  const prefix = layout.primary.prefix;
  const cursor = store.scan({ lower: prefix, upper: prefixSuccessor(prefix)!, fillCache: false });
  try {
    let chunk = await cursor.nextChunk(1024);
    for (; chunk.length > 0; chunk = await cursor.nextChunk(1024)) {
      for (const entry of chunk) {
        const row = probe.decode(entry.value);
        const primaryKey = entry.key.subarray(prefix.length);
        if (index.unique) {
          const values = layout.valuesOf(index, row);
          if (!values.includes(null)) {
            const encoded = keyToLatin1(layout.encodeValues(index, values));
            if (seen.has(encoded)) {
              const shown = values.map((v, i) => truncate(v, index.columns[i]?.prefixLength));
              const name = `${next.name}.${index.schema!.name}`;
              throw sqlError(ER_DUP_ENTRY, formatKeyForMessage(shown), name);
            }
            seen.add(encoded);
          }
        }
        batch.put(layout.secondaryDataKey(index, row, primaryKey), primaryKey.slice());
      }
    }
  } finally {
    cursor.close();
  }
}

/** Every entry whose key starts with `prefix` (small system ranges). */
export async function scanAll(store: KvStore, prefix: Uint8Array): Promise<KvEntry[]> {
  const cursor = store.scan({ lower: prefix, upper: prefixSuccessor(prefix)! });
  const out: KvEntry[] = [];
  try {
    let chunk = await cursor.nextChunk(1024);
    for (; chunk.length > 0; chunk = await cursor.nextChunk(1024)) out.push(...chunk);
  } finally {
    cursor.close();
  }
  return out;
}

