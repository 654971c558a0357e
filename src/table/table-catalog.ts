/**
 * TableCatalog: the SQL layer's Catalog over a KvStore (keyspace-format.ts) and a
 * CommitPipeline. Schemas live in the system keyspace and are loaded at open; rows and index
 * entries live in the data keyspace; every change (transaction or DDL) reaches the store only
 * through the pipeline, which logs it first.
 *
 * Invariants:
 * - In-memory maps mirror the system keyspace after every committed DDL; table ids come from
 *   `#nextTableId`, allocated with no await before the pipeline call, so log order = id order
 *   and recovery (replaying the log in order) allocates the same ids.
 * - A dropped table is marked so transactions still holding it get ER_NO_SUCH_TABLE.
 * - DDL is not transactional (the executor commits before DDL, as MySQL).
 *
 * Recovery at open (MySQL 5.7 style, documented here because it is approximate on purpose):
 * - AUTO_INCREMENT counters restart at max(column) + 1, read with one reverse scan of an index
 *   whose first column is the AUTO_INCREMENT column (at least the declared start).
 * - The hidden row id of a table without a primary key restarts at max + 1 (reverse scan).
 * - estimateRowCount starts at 0, moves with committed inserts and deletes, and a background
 *   scan of a snapshot taken at open adds the rows present then (table-recovery.ts).
 */

import {
  checkTableSchema,
  renameOperands,
  schemaWithIndex,
  schemaWithoutIndex,
} from "../sql/catalog/schema-checks.ts";
import { assert } from "../util/assert.ts";
import type { Clock } from "../util/clock.ts";
import {
  ER_BAD_DB_ERROR,
  ER_BAD_TABLE_ERROR,
  ER_DB_CREATE_EXISTS,
  ER_DB_DROP_EXISTS,
  ER_NO_SUCH_TABLE,
  ER_TABLE_EXISTS_ERROR,
} from "../util/mysql-errors.ts";
import type { KvStore } from "../engine/kv-store.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import { WriteBatch } from "../engine/lsm/write-batch.ts";
import type {
  Catalog,
  StorageTable,
  Transaction,
  TransactionOptions,
} from "../sql/catalog/catalog.ts";
import type { DatabaseSchema, IndexSchema, TableSchema } from "../sql/catalog/schema.ts";
import { LockManager, LockSpace } from "../sql/memory/lock-manager.ts";
import { sqlError } from "../sql/sql-error.ts";
import type { CommitPipeline, CommitRecord, LoggedTable } from "./commit-pipeline.ts";
import {
  parseDdl,
  renderCreateDatabase,
  renderCreateIndex,
  renderDropIndex,
  renderRenameTable,
  renderCreateTable,
  renderDropDatabase,
  renderDropTable,
} from "./ddl-statement.ts";
import {
  databaseKey,
  databaseKeyPrefix,
  decodeDatabaseRecord,
  decodeTableRecord,
  decodeU32,
  encodeDatabaseRecord,
  encodeTableRecord,
  encodeU32,
  formatVersionKey,
  KEYSPACE_FORMAT_VERSION,
  nextTableIdKey,
  PROVISIONAL_ROW_ID_MIN,
  tableKey,
  tableKeyPrefix,
} from "./keyspace-format.ts";
import { transactionBytesMax } from "../constants.ts";
import { KvTable } from "./kv-table.ts";
import { recoverTableCounters } from "./table-recovery.ts";
import { backfillIndex, deleteIndexKeys, deleteTableKeys, scanAll } from "./table-ddl-keys.ts";
import { TableTransaction, type TransactionHost } from "./table-transaction.ts";

export interface TableCatalogOptions {
  readonly store: KvStore;
  readonly pipeline: CommitPipeline;
  readonly clock: Clock;
  /** Write-set bytes per transaction before 1197 (default constants.transactionBytesMax). */
  readonly transactionBytesMax?: number;
}

const formatVersionValue = new Uint8Array([KEYSPACE_FORMAT_VERSION]);

export class TableCatalog implements Catalog, TransactionHost {
  readonly store: KvStore;
  readonly lockManager: LockManager;
  readonly transactionLocks = new LockSpace();
  readonly transactionBytesMax: number;
  #pipeline: CommitPipeline;
  readonly #databases = new Map<string, DatabaseSchema>();
  readonly #tables = new Map<string, Map<string, KvTable>>();
  readonly #byId = new Map<number, KvTable>();
  readonly #active = new Set<TableTransaction>();
  /** Per table lock space, the open transactions holding implicit row locks there. */
  readonly #implicitWriters = new WeakMap<LockSpace, Set<TableTransaction>>();
  #nextTableId = 1;
  #nextTransactionId = 1;
  #nextProvisionalRowId = PROVISIONAL_ROW_ID_MIN;
  /** Set while `replay` runs: writes go straight to the store with this log end. */
  #replayLogEnd: BinlogPosition | undefined = undefined;

  private constructor(options: TableCatalogOptions) {
    this.store = options.store;
    this.#pipeline = options.pipeline;
    this.lockManager = new LockManager(options.clock);
    this.transactionBytesMax = options.transactionBytesMax ?? transactionBytesMax;
  }

  /** Loads the catalog from the system keyspace and recovers the in-memory counters. */
  static async open(options: TableCatalogOptions): Promise<TableCatalog> {
    const catalog = new TableCatalog(options);
    await catalog.#load();
    return catalog;
  }

  async #load(): Promise<void> {
    const store = this.store;
    const version = await store.get(formatVersionKey);
    assert(version === undefined || version[0] === KEYSPACE_FORMAT_VERSION, "keyspace format v1");
    const next = await store.get(nextTableIdKey);
    if (next !== undefined) this.#nextTableId = decodeU32(next, "next table id");
    for (const entry of await scanAll(store, databaseKeyPrefix)) {
      const schema = decodeDatabaseRecord(entry.value);
      this.#databases.set(schema.name, schema);
      this.#tables.set(schema.name, new Map());
    }
    const tables: KvTable[] = [];
    for (const entry of await scanAll(store, tableKeyPrefix)) {
      const record = decodeTableRecord(entry.value);
      const table = new KvTable(store, record.tableId, record.schema, record.indexIds);
      this.#register(table);
      tables.push(table);
    }
    // The tables' counters are independent; recovered together, a node that boots from the
    // object store waits for one round of reads, not one per table.
    await Promise.all(tables.map((table) => recoverTableCounters(this, table)));
  }

  get pipeline(): CommitPipeline {
    const logEnd = this.#replayLogEnd;
    if (logEnd === undefined) return this.#pipeline;
    const store = this.store;
    return { commit: async (_record, batch) => void store.write(batch, logEnd) };
  }

  setPipeline(pipeline: CommitPipeline): void {
    this.#pipeline = pipeline;
  }

  /** The table with this id as the log names it (binlog decoding), if it exists. */
  loggedTable(tableId: number): LoggedTable | undefined {
    return this.#byId.get(tableId)?.logged;
  }

  // ---- TransactionHost ---------------------------------------------------------------------

  hiddenRowIds(tableId: number): { allocate(): bigint } | undefined {
    const table = this.#byId.get(tableId);
    if (table === undefined || !table.layout.hidden) return undefined;
    return { allocate: () => table.allocateHiddenRowId() };
  }

  afterCommit(deltas: readonly number[]): void {
    for (let i = 0; i < deltas.length; i += 2) {
      this.#byId.get(deltas[i]!)?.addRowCount(deltas[i + 1]!);
    }
  }

  provisionalRowId(): bigint {
    return this.#nextProvisionalRowId++;
  }

  implicitWriters(space: LockSpace): Set<TableTransaction> {
    let writers = this.#implicitWriters.get(space);
    if (writers === undefined) {
      writers = new Set();
      this.#implicitWriters.set(space, writers);
    }
    return writers;
  }

  activeTransactions(): Iterable<TableTransaction> {
    return this.#active;
  }

  finished(txn: TableTransaction): void {
    this.#active.delete(txn);
  }

  // ---- Catalog -------------------------------------------------------------------------------

  listDatabases(): readonly DatabaseSchema[] {
    return [...this.#databases.values()];
  }

  getDatabase(name: string): DatabaseSchema | undefined {
    return this.#databases.get(name);
  }

  listTables(database: string): readonly TableSchema[] {
    const tables = this.#tables.get(database);
    return tables === undefined ? [] : [...tables.values()].map((t) => t.schema);
  }

  getTable(database: string, name: string): StorageTable | undefined {
    return this.#tables.get(database)?.get(name);
  }

  /** Bytes the open transactions' write sets hold (TableTransaction.heldBytes summed). */
  transactionHeldBytes(): number {
    let total = 0;
    for (const txn of this.#active) total += txn.heldBytes;
    return total;
  }

  beginTransaction(options: TransactionOptions): Transaction {
    const txn = new TableTransaction(this.#nextTransactionId++, options, this);
    this.#active.add(txn);
    return txn;
  }

  async createDatabase(schema: DatabaseSchema): Promise<void> {
    if (this.#databases.has(schema.name)) throw sqlError(ER_DB_CREATE_EXISTS, schema.name);
    this.#databases.set(schema.name, schema);
    this.#tables.set(schema.name, new Map());
    const batch = new WriteBatch();
    batch.put(databaseKey(schema.name), encodeDatabaseRecord(schema));
    try {
      await this.#commitDdl(schema.name, renderCreateDatabase(schema), batch);
    } catch (error) {
      this.#databases.delete(schema.name);
      this.#tables.delete(schema.name);
      throw error;
    }
  }

  async dropDatabase(name: string): Promise<void> {
    const tables = this.#tables.get(name);
    if (tables === undefined) throw sqlError(ER_DB_DROP_EXISTS, name);
    const dropped = [...tables.values()];
    for (const table of dropped) this.#unregister(table);
    this.#tables.delete(name);
    this.#databases.delete(name);
    const batch = new WriteBatch();
    for (const table of dropped) await deleteTableKeys(this.store, table, batch);
    batch.delete(databaseKey(name));
    await this.#commitDdl(name, renderDropDatabase(name), batch);
  }

  async createTable(schema: TableSchema): Promise<StorageTable> {
    const tables = this.#tables.get(schema.database);
    if (tables === undefined) throw sqlError(ER_BAD_DB_ERROR, schema.database);
    if (tables.has(schema.name)) throw sqlError(ER_TABLE_EXISTS_ERROR, schema.name);
    checkTableSchema(schema);
    const tableId = this.#nextTableId++;
    const indexIds = schema.indexes.map((_, i) => i + 1);
    const table = new KvTable(this.store, tableId, schema, indexIds);
    this.#register(table);
    const batch = new WriteBatch();
    batch.put(tableKey(tableId), encodeTableRecord({ tableId, indexIds, schema }));
    batch.put(nextTableIdKey, encodeU32(this.#nextTableId));
    try {
      await this.#commitDdl(schema.database, renderCreateTable(schema), batch);
    } catch (error) {
      this.#unregister(table);
      throw error;
    }
    return table;
  }

  async dropTable(database: string, name: string): Promise<void> {
    const table = this.#tables.get(database)?.get(name);
    if (table === undefined) throw sqlError(ER_BAD_TABLE_ERROR, `${database}.${name}`);
    this.#unregister(table);
    const batch = new WriteBatch();
    await deleteTableKeys(this.store, table, batch);
    await this.#commitDdl(database, renderDropTable(database, name), batch);
  }

  async dropIndex(database: string, tableName: string, name: string): Promise<void> {
    const table = this.#tables.get(database)?.get(tableName);
    if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, tableName);
    const schema = table.schema;
    const indexIds = table.indexIds;
    const { next, position } = schemaWithoutIndex(schema, name);
    const nextIds = indexIds.filter((_, i) => i !== position);
    const batch = new WriteBatch();
    await deleteIndexKeys(this.store, table.tableId, indexIds[position]!, batch);
    batch.put(tableKey(table.tableId), encodeTableRecord({
      tableId: table.tableId, indexIds: nextIds, schema: next,
    }));
    table.setSchema(next, nextIds);
    try {
      await this.#commitDdl(database, renderDropIndex(database, schema.name, name), batch);
    } catch (error) {
      table.setSchema(schema, indexIds);
      throw error;
    }
  }

  async renameTable(database: string, name: string, toDatabase: string, toName: string): Promise<void> {
    const { table, target } = renameOperands(this.#tables, database, name, toDatabase, toName);
    // Rows and index entries are keyed by table id, so a rename rewrites only the table's
    // record; the registry moves the table at once, before the commit, as createTable does.
    const schema = table.schema;
    const renamed = { ...schema, database: toDatabase, name: toName };
    this.#tables.get(database)!.delete(name);
    table.setSchema(renamed, table.indexIds);
    target.set(toName, table);
    const batch = new WriteBatch();
    batch.put(tableKey(table.tableId), encodeTableRecord({
      tableId: table.tableId, indexIds: table.indexIds, schema: renamed,
    }));
    try {
      await this.#commitDdl(database, renderRenameTable(database, name, toDatabase, toName), batch);
    } catch (error) {
      target.delete(toName);
      table.setSchema(schema, table.indexIds);
      this.#tables.get(database)?.set(name, table);
      throw error;
    }
  }

  async createIndex(database: string, tableName: string, index: IndexSchema): Promise<void> {
    const table = this.#tables.get(database)?.get(tableName);
    if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, tableName);
    const schema = table.schema;
    const next = schemaWithIndex(schema, index);
    const indexIds = [...table.indexIds, Math.max(0, ...table.indexIds) + 1];
    const batch = new WriteBatch();
    await backfillIndex(this.store, table, next, indexIds, batch);
    const record = { tableId: table.tableId, indexIds, schema: next };
    batch.put(tableKey(table.tableId), encodeTableRecord(record));
    table.setSchema(next, indexIds);
    try {
      await this.#commitDdl(database, renderCreateIndex(next, index), batch);
    } catch (error) {
      table.setSchema(schema, table.indexIds.slice(0, -1));
      throw error;
    }
  }

  /**
   * Re-applies a logged commit during recovery (before the server accepts clients): rows from
   * their full images, DDL by parsing its canonical text. Deterministic, not idempotent.
   */
  async replay(record: CommitRecord, logEnd: BinlogPosition): Promise<void> {
    assert(this.#replayLogEnd === undefined, "one replay at a time");
    this.#replayLogEnd = logEnd;
    try {
      if (record.kind === "ddl") await this.#replayDdl(record.database, record.statement);
      else await this.#replayRows(record);
    } finally {
      this.#replayLogEnd = undefined;
    }
  }

  async #replayRows(record: Extract<CommitRecord, { kind: "rows" }>): Promise<void> {
    const txn = this.beginTransaction({
      readOnly: false,
      isolation: "REPEATABLE-READ",
      consistentSnapshot: false,
      lockWaitTimeoutMs: 0,
    });
    for (const change of record.changes) {
      const table = this.#byId.get(change.table.tableId);
      assert(table !== undefined, `replay: table id ${change.table.tableId} exists`);
      switch (change.kind) {
        case "insert":
          await table.insert(txn, change.after);
          observeAutoIncrement(table, change.after);
          break;
        case "update":
          await table.update(txn, change.before, change.after);
          observeAutoIncrement(table, change.after);
          break;
        case "delete":
          await table.delete(txn, change.before);
          break;
      }
    }
    await txn.commit();
  }

  async #replayDdl(database: string, statement: string): Promise<void> {
    const lookup = (db: string, name: string) => this.#tables.get(db)?.get(name)?.schema;
    const action = parseDdl(statement, database, lookup);
    switch (action.kind) {
      case "create-database":
        return this.createDatabase(action.schema);
      case "drop-database":
        return this.dropDatabase(action.name);
      case "create-table":
        await this.createTable(action.schema);
        return;
      case "drop-table":
        return this.dropTable(action.database, action.name);
      case "create-index":
        return this.createIndex(action.database, action.table, action.index);
      case "drop-index":
        return this.dropIndex(action.database, action.table, action.name);
      case "rename-table":
        return this.renameTable(action.database, action.name, action.toDatabase, action.toName);
    }
  }

  // ---- diagnostics -------------------------------------------------------------------------

  /** Number of row locks held or waited for (tests, diagnostics). */
  get lockCount(): number {
    return this.lockManager.lockCount;
  }

  /** Number of open transactions (tests, diagnostics). */
  get activeTransactionCount(): number {
    return this.#active.size;
  }

  // ---- internals -----------------------------------------------------------------------------

  #commitDdl(database: string, statement: string, batch: WriteBatch): Promise<void> {
    batch.put(formatVersionKey, formatVersionValue);
    return this.pipeline.commit({ kind: "ddl", database, statement }, batch);
  }

  #register(table: KvTable): void {
    const tables = this.#tables.get(table.schema.database);
    assert(tables !== undefined, "a table belongs to a known database");
    tables.set(table.schema.name, table);
    this.#byId.set(table.tableId, table);
  }

  #unregister(table: KvTable): void {
    table.markDropped();
    this.#tables.get(table.schema.database)?.delete(table.schema.name);
    this.#byId.delete(table.tableId);
  }
}

function observeAutoIncrement(table: KvTable, row: readonly unknown[]): void {
  const position = table.schema.columns.findIndex((column) => column.autoIncrement);
  const value = position < 0 ? undefined : row[position];
  if (typeof value === "number") table.observeAutoIncrement(value);
  else if (typeof value === "bigint") table.observeAutoIncrement(Number(value));
}

