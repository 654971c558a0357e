/**
 * CommitPipeline: how a committing transaction (row changes or one DDL statement) becomes durable
 * and visible. The table layer builds the engine write batch and the logical description of the
 * change; the pipeline makes the description durable (binlog/ implements it: row events, group
 * commit, fsync per `commit_durability`) and then applies the batch to the KvStore, in log order.
 * `DirectCommitPipeline` (direct-commit-pipeline.ts) applies at once with no log, for tests.
 *
 * Contract:
 * - `commit` resolves only after the change is durable and applied: a read started after it
 *   resolves sees the change. It rejects (SqlError) only if nothing was applied.
 * - Changes are applied in the order they are logged; the pipeline passes each batch's log end
 *   position to `KvStore.write`.
 * - The table layer holds the transaction's row locks until `commit` settles, so no conflicting
 *   change can be ordered between two changes to the same row.
 *
 * Recovery runs the other way: binlog/ reads the committed event groups after the manifest's
 * position and hands each back to the table layer as a `CommitRecord` to re-apply.
 */

import type { WriteBatch } from "../engine/lsm/write-batch.ts";
import type { TableSchema } from "../sql/catalog/schema.ts";
import type { Row } from "../sql/types/value.ts";

/** A table as the log names it: stable id (TABLE_MAP table_id) plus the schema at that time. */
export interface LoggedTable {
  readonly tableId: number;
  readonly schema: TableSchema;
}

/** One row change with full images (binlog_row_image=FULL). */
export type RowChange =
  | { readonly kind: "insert"; readonly table: LoggedTable; readonly after: Row }
  | { readonly kind: "update"; readonly table: LoggedTable; readonly before: Row; readonly after: Row }
  | { readonly kind: "delete"; readonly table: LoggedTable; readonly before: Row };

/**
 * What one commit logs. Exactly one of: row changes of a transaction (in execution order), or
 * one DDL statement (its canonical SQL text, replayable by the table layer's DDL replayer).
 */
export type CommitRecord =
  | { readonly kind: "rows"; readonly changes: readonly RowChange[] }
  | {
      readonly kind: "ddl";
      /** The default database the statement runs in ("" for none). */
      readonly database: string;
      /** Canonical, fully qualified SQL text, e.g. CREATE TABLE `db`.`t` (…). */
      readonly statement: string;
    };

export interface CommitPipeline {
  /** Logs `record`, then applies `batch` to the store; see the file header. */
  commit(record: CommitRecord, batch: WriteBatch): Promise<void>;
}
