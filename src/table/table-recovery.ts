/**
 * Recovery of a table's in-memory counters at open (see table-catalog.ts): the next hidden row
 * id (max + 1, one reverse scan), the AUTO_INCREMENT counter (max(column) + 1, MySQL 5.7 style,
 * one reverse scan of an index that starts with the column; a full scan only if no such index
 * exists, which CREATE TABLE's validation rules out), and the row count.
 *
 * The row count is only the planner's and SHOW TABLE STATUS's estimate, so it is never worth
 * reading the rows: a full scan cost ~20 s for 400k rows on a local disk, and on a node booted
 * from the object store it downloaded the whole database. It starts at 0, commits adjust it from
 * then on, and the store's metadata estimate of the entries in the table's primary key range
 * (KvStore.estimateEntries: SST entry counts, which count overwritten versions and deletions too
 * until compaction drops them) is added in the background. Until then the estimate is low, as
 * InnoDB's can be.
 */

import type { KvStore } from "../engine/kv-store.ts";
import type { Transaction } from "../sql/catalog/catalog.ts";
import { prefixSuccessor } from "./key-codec.ts";
import { decodeHiddenRowId } from "./keyspace-format.ts";
import type { KvTable } from "./kv-table.ts";

/** What recovery needs from the catalog. */
export interface RecoveryHost {
  readonly store: KvStore;
  beginTransaction(options: Transaction["options"]): Transaction;
}

export async function recoverTableCounters(host: RecoveryHost, table: KvTable): Promise<void> {
  const store = host.store;
  const layout = table.layout;
  const prefix = layout.primary.prefix;
  const upper = prefixSuccessor(prefix)!;
  let nextHiddenRowId = 1n;
  if (layout.hidden) {
    const last = store.scan({ lower: prefix, upper, reverse: true });
    try {
      const [entry] = await last.nextChunk(1);
      if (entry !== undefined) {
        nextHiddenRowId = decodeHiddenRowId(entry.key.subarray(prefix.length)) + 1n;
      }
    } finally {
      last.close();
    }
  }
  table.restoreCounters(nextHiddenRowId, 0);
  await recoverAutoIncrement(host, table);
  store.estimateEntries?.(prefix, upper).then(
    (rows) => table.addRowCount(rows),
    // A failed estimate (the store stopped, or a damaged SST that reads will also report)
    // only leaves the estimate low; the failure itself surfaces through those paths.
    () => {},
  );
}

async function recoverAutoIncrement(host: RecoveryHost, table: KvTable): Promise<void> {
  const schema = table.schema;
  const column = schema.columns.findIndex((c) => c.autoIncrement);
  if (column < 0) return;
  const primary = schema.primaryKey;
  const all = primary === undefined ? schema.indexes : [primary, ...schema.indexes];
  const index = all.find((i) => i.columns[0]?.column === column);
  const txn = host.beginTransaction({
    readOnly: true,
    isolation: "REPEATABLE-READ",
    consistentSnapshot: false,
    lockWaitTimeoutMs: 0,
  });
  try {
    const reverse = index === undefined ? false : !index.columns[0]!.descending;
    const options = index === undefined ? {} : { reverse, limit: 1 };
    const rows = await table.scan(txn, index?.name, {}, options);
    for (const row of rows) {
      const value = row[column];
      if (typeof value === "number") table.observeAutoIncrement(value);
      else if (typeof value === "bigint") table.observeAutoIncrement(Number(value));
    }
  } finally {
    await txn.rollback();
  }
}
