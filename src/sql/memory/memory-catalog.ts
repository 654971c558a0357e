/**
 * MemoryCatalog: the in-memory reference implementation of the SQL layer's Catalog. It stores
 * user databases only; the executor serves information_schema, mysql, performance_schema and sys.
 *
 * Invariants:
 * - Database and table names are case-sensitive map keys (lower_case_table_names=0).
 * - Every table of `#tables` belongs to a database of `#databases`.
 * - DDL is not transactional (the executor commits before DDL, as MySQL). A dropped table is
 *   marked so that transactions still holding it get ER_NO_SUCH_TABLE, never a crash.
 *
 * Concurrency: single-threaded; the DDL methods are async only to match the interface.
 */

import { checkTableSchema, renameOperands, schemaWithIndex, schemaWithoutIndex } from "../catalog/schema-checks.ts";
import type { Clock } from "../../util/clock.ts";
import {
  ER_BAD_DB_ERROR,
  ER_BAD_TABLE_ERROR,
  ER_DB_CREATE_EXISTS,
  ER_DB_DROP_EXISTS,
  ER_DUP_ENTRY,
  ER_NO_SUCH_TABLE,
  ER_TABLE_EXISTS_ERROR,
} from "../../util/mysql-errors.ts";
import type { Catalog, StorageTable, Transaction, TransactionOptions } from "../catalog/catalog.ts";
import type { DatabaseSchema, IndexSchema, TableSchema } from "../catalog/schema.ts";
import { sqlError } from "../sql-error.ts";
import { formatKeyForMessage, type EncodedKey } from "./key-comparator.ts";
import { MemoryTable } from "./memory-table.ts";
import { MemoryTransaction } from "./memory-transaction.ts";
import { MvccState } from "./mvcc-state.ts";
import { hasNull, SecondaryIndex } from "./secondary-index.ts";

export class MemoryCatalog implements Catalog {
  readonly #mvcc: MvccState;
  readonly #databases = new Map<string, DatabaseSchema>();
  readonly #tables = new Map<string, Map<string, MemoryTable>>();

  constructor(options: { readonly clock: Clock }) {
    this.#mvcc = new MvccState(options.clock);
  }

  listDatabases(): readonly DatabaseSchema[] {
    return [...this.#databases.values()];
  }

  getDatabase(name: string): DatabaseSchema | undefined {
    return this.#databases.get(name);
  }

  async createDatabase(schema: DatabaseSchema): Promise<void> {
    if (this.#databases.has(schema.name)) throw sqlError(ER_DB_CREATE_EXISTS, schema.name);
    this.#databases.set(schema.name, schema);
    this.#tables.set(schema.name, new Map());
  }

  async dropDatabase(name: string): Promise<void> {
    const tables = this.#tables.get(name);
    if (tables === undefined) throw sqlError(ER_DB_DROP_EXISTS, name);
    for (const table of tables.values()) table.markDropped();
    this.#tables.delete(name);
    this.#databases.delete(name);
  }

  listTables(database: string): readonly TableSchema[] {
    const tables = this.#tables.get(database);
    return tables === undefined ? [] : [...tables.values()].map((t) => t.schema);
  }

  getTable(database: string, name: string): StorageTable | undefined {
    return this.#tables.get(database)?.get(name);
  }

  async createTable(schema: TableSchema): Promise<StorageTable> {
    const tables = this.#tables.get(schema.database);
    if (tables === undefined) throw sqlError(ER_BAD_DB_ERROR, schema.database);
    if (tables.has(schema.name)) throw sqlError(ER_TABLE_EXISTS_ERROR, schema.name);
    checkTableSchema(schema);
    const table = new MemoryTable(this.#mvcc.nextTableId(), schema, this.#mvcc);
    tables.set(schema.name, table);
    return table;
  }

  async dropTable(database: string, name: string): Promise<void> {
    const tables = this.#tables.get(database);
    const table = tables?.get(name);
    if (tables === undefined || table === undefined) {
      throw sqlError(ER_BAD_TABLE_ERROR, `${database}.${name}`);
    }
    table.markDropped();
    tables.delete(name);
  }

  async dropIndex(database: string, tableName: string, name: string): Promise<void> {
    const table = this.#tables.get(database)?.get(tableName);
    if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, tableName);
    const { next, position } = schemaWithoutIndex(table.schema, name);
    table.dropIndex(position, next);
  }

  async renameTable(database: string, name: string, toDatabase: string, toName: string): Promise<void> {
    const { table, target } = renameOperands(this.#tables, database, name, toDatabase, toName);
    this.#tables.get(database)!.delete(name);
    table.renameTo(toDatabase, toName);
    target.set(toName, table);
  }

  async createIndex(database: string, tableName: string, index: IndexSchema): Promise<void> {
    const table = this.#tables.get(database)?.get(tableName);
    if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, tableName);
    const next = schemaWithIndex(table.schema, index);
    const secondary = new SecondaryIndex(next, index, table.primaryKeys.parts);
    fillIndex(table, secondary);
    table.addIndex(secondary, next);
  }

  beginTransaction(options: TransactionOptions): Transaction {
    return new MemoryTransaction(this.#mvcc.nextTransactionId(), options, this.#mvcc);
  }

  /** Commit sequence of the newest commit (tests, diagnostics). */
  get lastCommitSequence(): number {
    return this.#mvcc.lastCommitted;
  }

  /** Number of row locks held or waited for (tests, diagnostics). */
  get lockCount(): number {
    return this.#mvcc.lockManager.lockCount;
  }

  /** Number of open transactions (tests, diagnostics). */
  get activeTransactionCount(): number {
    return this.#mvcc.active.size;
  }
}

/** Fills `index` from every stored version; a UNIQUE index fails on committed-latest duplicates. */
function fillIndex(table: MemoryTable, index: SecondaryIndex): void {
  const seen = new Set<EncodedKey>();
  for (const chain of table.chains.values()) {
    const latest = chain.latestCommittedRow();
    if (!index.schema.unique || latest === null) continue;
    const key = index.keys.keyOf(latest);
    if (hasNull(key)) continue;
    const encoded = index.keys.encode(key);
    if (seen.has(encoded)) {
      throw sqlError(ER_DUP_ENTRY, formatKeyForMessage(key), `${table.schema.name}.${index.name}`);
    }
    seen.add(encoded);
  }
  for (const chain of table.chains.values()) for (const row of chain.rows()) index.add(chain, row);
}

