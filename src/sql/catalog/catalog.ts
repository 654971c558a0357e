/**
 * The storage interfaces the SQL layer owns and plans against (as go-mysql-server's sql.Table).
 * `sql/memory/` is the in-memory reference backend; `table/` (a later layer) implements the same
 * interfaces on the LSM engine. The SQL layer never sees anything below these interfaces.
 *
 * Semantics every backend must keep:
 * - Reads through a Transaction see its snapshot (REPEATABLE READ, taken at the first read or at
 *   START TRANSACTION WITH CONSISTENT SNAPSHOT) plus the transaction's own writes.
 * - A locking read (`lock` = "shared" | "exclusive") waits for the row lock, then reads the
 *   newest committed version plus own writes ("current read", as InnoDB). Locks are on primary
 *   key values whether or not the row exists, and are held to COMMIT/ROLLBACK.
 * - A lock wait longer than the transaction's lock wait timeout throws ER_LOCK_WAIT_TIMEOUT
 *   (1205) and leaves the transaction open; a wait cycle throws ER_LOCK_DEADLOCK (1213) in one
 *   member, whose transaction the backend has already rolled back.
 * - insert/update/delete take the exclusive row lock themselves; a duplicate primary or unique
 *   key throws ER_DUP_ENTRY (1062) without changing anything.
 * - Writes are invisible to other transactions until commit(); rollback() undoes them all.
 * - Errors are SqlError; anything else thrown is a bug.
 *
 * Concurrency: single-threaded (one JS event loop); methods returning promises may interleave
 * with other connections' calls at their await points only.
 */

import type { Row, SqlValue } from "../types/value.ts";
import type { DatabaseSchema, IndexSchema, TableSchema } from "./schema.ts";

export type LockMode = "none" | "shared" | "exclusive";

export type IsolationLevel = "READ-UNCOMMITTED" | "READ-COMMITTED" | "REPEATABLE-READ" | "SERIALIZABLE";

export interface TransactionOptions {
  readonly readOnly: boolean;
  readonly isolation: IsolationLevel;
  /** Take the read snapshot now rather than at the first read. */
  readonly consistentSnapshot: boolean;
  /** innodb_lock_wait_timeout in milliseconds. */
  readonly lockWaitTimeoutMs: number;
}

/** A point inside a transaction that a failed statement (or ROLLBACK TO SAVEPOINT) returns to. */
export interface SavepointHandle {
  readonly id: number;
}

export interface Transaction {
  readonly id: number;
  readonly options: TransactionOptions;
  /** True once the transaction has written anything. */
  readonly hasWrites: boolean;
  /** Marks a point to return to; statement atomicity uses one per statement. */
  savepoint(): SavepointHandle;
  /** Undoes every write made after `savepoint` and releases nothing (locks stay, as InnoDB). */
  rollbackToSavepoint(savepoint: SavepointHandle): void;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Changes the lock wait timeout for later waits (SET innodb_lock_wait_timeout mid-txn). */
  setLockWaitTimeoutMs(milliseconds: number): void;
}

/** One bound of an index range: a prefix of the index's column values. */
export interface KeyBound {
  readonly key: readonly SqlValue[];
  readonly inclusive: boolean;
}

/** Rows whose index key (compared on the bound's prefix length) lies between the bounds. */
export interface KeyRange {
  readonly lower?: KeyBound;
  readonly upper?: KeyBound;
}

export interface ScanOptions {
  readonly reverse?: boolean;
  /** Stop after this many rows (after range filtering). */
  readonly limit?: number;
  readonly lock?: LockMode;
  /**
   * Projection (optional for backends): the schema column positions, ascending, that the
   * caller reads from the returned rows. A backend may then skip decoding the other columns
   * and leave them null; rows keep the table's full width either way. Omitted means every
   * column. The SQL layer passes it only for rows that feed a SELECT's outputs, never for rows
   * that become UPDATE/DELETE before-images.
   */
  readonly columns?: readonly number[];
}

export interface StorageTable {
  readonly schema: TableSchema;
  /** Point lookup by the full primary key, in primary key column order. */
  getByPrimaryKey(
    txn: Transaction,
    key: readonly SqlValue[],
    lock: LockMode,
    /** Projection, as ScanOptions.columns (optional for backends). */
    columns?: readonly number[],
  ): Promise<Row | undefined>;
  /**
   * Rows in index order whose key lies in `range`. `index` is one of schema.primaryKey /
   * schema.indexes (by name, case-insensitive); omitted means the primary key (or row order of
   * a table without one). Returns whole rows.
   */
  scan(txn: Transaction, index: string | undefined, range: KeyRange, options: ScanOptions): Promise<Row[]>;
  insert(txn: Transaction, row: Row): Promise<void>;
  /** Replaces `before` (as read through this transaction) with `after`. */
  update(txn: Transaction, before: Row, after: Row): Promise<void>;
  delete(txn: Transaction, row: Row): Promise<void>;
  /**
   * Reserves `count` consecutive AUTO_INCREMENT values and returns the first. Not transactional
   * (as InnoDB: a rolled-back insert leaves a gap).
   */
  allocateAutoIncrement(count: number): number;
  /** Tells the table an explicit value was inserted into the AUTO_INCREMENT column. */
  observeAutoIncrement(value: number): void;
  /** The next value allocateAutoIncrement would return (SHOW TABLE STATUS, information_schema). */
  peekAutoIncrement(): number;
  /** Cheap estimate for the planner and SHOW TABLE STATUS. */
  estimateRowCount(): number;
}

export interface Catalog {
  listDatabases(): readonly DatabaseSchema[];
  getDatabase(name: string): DatabaseSchema | undefined;
  /** Throws ER_DB_CREATE_EXISTS (1007). */
  createDatabase(schema: DatabaseSchema): Promise<void>;
  /** Drops the database and every table in it. Throws ER_DB_DROP_EXISTS (1008). */
  dropDatabase(name: string): Promise<void>;
  listTables(database: string): readonly TableSchema[];
  getTable(database: string, name: string): StorageTable | undefined;
  /** Throws ER_TABLE_EXISTS_ERROR (1050). */
  createTable(schema: TableSchema): Promise<StorageTable>;
  /** Throws ER_BAD_TABLE_ERROR (1051). */
  dropTable(database: string, name: string): Promise<void>;
  /**
   * DROP INDEX / ALTER TABLE … DROP INDEX: removes a secondary index and its entries.
   * ER_NO_SUCH_TABLE (1146); ER_CANT_DROP_FIELD_OR_KEY (1091) for an unknown index.
   */
  dropIndex(database: string, table: string, name: string): Promise<void>;
  /**
   * RENAME TABLE / ALTER TABLE … RENAME: moves the table to another name (and database),
   * keeping its rows, indexes and counters. ER_NO_SUCH_TABLE (1146) for a missing source,
   * ER_BAD_DB_ERROR (1049) for a missing target database, ER_TABLE_EXISTS_ERROR (1050).
   */
  renameTable(database: string, name: string, toDatabase: string, toName: string): Promise<void>;
  /** Adds a secondary index and fills it from the committed rows. ER_DUP_KEYNAME (1061);
   *  ER_DUP_ENTRY (1062) when a UNIQUE index meets duplicates. */
  createIndex(database: string, table: string, index: IndexSchema): Promise<void>;
  beginTransaction(options: TransactionOptions): Transaction;
}

/**
 * Optional capability: a transaction that wants to know where each statement starts. Under
 * READ COMMITTED (and READ UNCOMMITTED) it takes a fresh read snapshot per statement. The
 * executor calls `startStatement()` before every statement run in a transaction that has it.
 */
export interface StatementAwareTransaction extends Transaction {
  startStatement(): void;
}

export function isStatementAwareTransaction(txn: Transaction): txn is StatementAwareTransaction {
  return typeof (txn as Partial<StatementAwareTransaction>).startStatement === "function";
}
