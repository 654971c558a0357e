/**
 * MemoryTable: the memory backend's StorageTable. Rows are VersionChains found two ways: by
 * encoded primary key in a Map (point reads, the hot path) and in primary key order in a
 * SortedList (range scans); secondary indexes are SortedLists of (index key, primary key).
 *
 * Invariants:
 * - A chain is in `#chains` and `#primary` exactly while it has at least one version.
 * - Writes hold the row's exclusive lock before touching its chain, and check duplicates
 *   before pushing anything, so a failed write changes nothing.
 * - Rows are copied on the way in and on the way out: callers never share arrays with storage.
 * - A table without a primary key keys rows by a hidden, increasing row id; update and delete
 *   find the row by the array scan() returned, else by equal column values.
 * - Garbage collection is amortised: committed chains enter a queue, and each commit prunes a
 *   bounded number of queued chains down to what the oldest open snapshot can see.
 *
 * Locking reads and writes take locks on primary keys only (no gap or next-key locks), so a
 * locking range read can miss rows inserted into the range later (phantoms). A locking scan
 * picks its candidates (up to `limit`) first, then locks them in order; candidates deleted or
 * moved out of the range meanwhile are dropped, so it may return fewer than `limit` rows.
 */

import { assert } from "../../util/assert.ts";
import { ER_KEY_DOES_NOT_EXITS, ER_NO_SUCH_TABLE } from "../../util/mysql-errors.ts";
import type {
  KeyBound,
  KeyRange,
  LockMode,
  ScanOptions,
  StorageTable,
  Transaction,
} from "../catalog/catalog.ts";
import type { TableSchema } from "../catalog/schema.ts";
import { sqlError } from "../sql-error.ts";
import type { Row, SqlValue } from "../types/value.ts";
import { AutoIncrementCounter } from "./auto-increment-counter.ts";
import {
  KeyComparator,
  keyPartsOf,
  type EncodedKey,
  type KeyPart,
} from "./key-comparator.ts";
import { LockSpace } from "./lock-manager.ts";
import { MemoryTransaction, type VersionStore } from "./memory-transaction.ts";
import type { MvccState } from "./mvcc-state.ts";
import { SecondaryIndex } from "./secondary-index.ts";
import { SortedList, sortedListChunkItemsMax, type ProbeBound } from "./sorted-list.ts";
import { TableWriter } from "./table-writer.ts";
import { currentReadSnapshot, VersionChain, type RowVersion } from "./version-chain.ts";

const hiddenRowIdPart: KeyPart = {
  column: -1,
  type: { kind: "bigint", unsigned: true },
  descending: false,
};

/** Chains pruned per committed chain (amortised garbage collection). */
const collectionChainsPerCommitted = 2;

export class MemoryTable implements StorageTable, VersionStore {
  readonly id: number;
  #schema: TableSchema;
  readonly primaryKeys: KeyComparator;
  /** The row locks of this table. */
  readonly lockSpace = new LockSpace();
  readonly chains = new Map<EncodedKey, VersionChain>();
  readonly primary: SortedList<VersionChain>;
  #indexes: SecondaryIndex[];
  #uniqueIndexes: SecondaryIndex[];
  readonly autoIncrement: AutoIncrementCounter;
  readonly hiddenRowIds = new WeakMap<Row, EncodedKey>();
  readonly #mvcc: MvccState;
  readonly #writer: TableWriter;
  #collectionQueue: VersionChain[] = [];
  #collectionHead = 0;
  #dropped = false;
  #nextHiddenRowId = 1;

  constructor(id: number, schema: TableSchema, mvcc: MvccState) {
    this.id = id;
    this.#schema = schema;
    this.#mvcc = mvcc;
    const pk = schema.primaryKey;
    const primaryParts = pk === undefined ? [hiddenRowIdPart] : keyPartsOf(schema, pk);
    this.primaryKeys = new KeyComparator(primaryParts);
    const keys = this.primaryKeys;
    const prefixOf = keys.hasNumericPrefix
      ? (chain: VersionChain) => keys.prefixOf(chain.primaryKey)
      : undefined;
    this.primary = new SortedList<VersionChain>(
      (a, b) => keys.compare(a.primaryKey, b.primaryKey),
      sortedListChunkItemsMax,
      prefixOf,
    );
    this.#indexes = schema.indexes.map((index) => new SecondaryIndex(schema, index, keys.parts));
    this.#uniqueIndexes = this.#indexes.filter((index) => index.schema.unique);
    this.autoIncrement = new AutoIncrementCounter(schema.autoIncrementStart);
    this.#writer = new TableWriter(this);
  }

  get schema(): TableSchema {
    return this.#schema;
  }

  get indexes(): readonly SecondaryIndex[] {
    return this.#indexes;
  }

  get uniqueIndexes(): readonly SecondaryIndex[] {
    return this.#uniqueIndexes;
  }

  get hasHiddenPrimaryKey(): boolean {
    return this.#schema.primaryKey === undefined;
  }

  nextHiddenRowId(): number {
    return this.#nextHiddenRowId++;
  }

  /** Adds a filled secondary index and the schema that lists it (catalog createIndex). */
  addIndex(index: SecondaryIndex, schema: TableSchema): void {
    this.#indexes = [...this.#indexes, index];
    this.#uniqueIndexes = this.#indexes.filter((i) => i.schema.unique);
    this.#schema = schema;
  }

  /** DROP INDEX: forgets the secondary index at `position` of schema.indexes. */
  dropIndex(position: number, schema: TableSchema): void {
    this.#indexes = this.#indexes.filter((_, i) => i !== position);
    this.#uniqueIndexes = this.#indexes.filter((i) => i.schema.unique);
    this.#schema = schema;
  }

  /** RENAME TABLE: the same rows and indexes under another name. */
  renameTo(database: string, name: string): void {
    this.#schema = { ...this.#schema, database, name };
  }

  markDropped(): void {
    this.#dropped = true;
    this.#collectionQueue = [];
    this.#collectionHead = 0;
  }

  /** Throws ER_NO_SUCH_TABLE once the table is dropped (also after a lock wait). */
  checkOpen(): void {
    if (this.#dropped) throw sqlError(ER_NO_SUCH_TABLE, this.#schema.database, this.#schema.name);
  }

  /** The MemoryTransaction behind `txn`, checked usable for this table. */
  transactionOf(txn: Transaction): MemoryTransaction {
    assert(txn instanceof MemoryTransaction, "transaction comes from the memory catalog");
    txn.checkActive();
    this.checkOpen();
    return txn;
  }

  // ---- reads -------------------------------------------------------------------------------

  async getByPrimaryKey(
    txn: Transaction,
    key: readonly SqlValue[],
    lock: LockMode,
    columns?: readonly number[],
  ): Promise<Row | undefined> {
    const t = this.transactionOf(txn);
    const encoded = this.primaryKeys.encode(this.primaryKeys.boundKey(key));
    let snapshot: number;
    if (lock === "none") {
      snapshot = t.readSnapshot();
    } else {
      const wait = t.lockRow(this.lockSpace, encoded, lock);
      if (wait !== undefined) {
        await wait;
        this.checkOpen();
      }
      snapshot = currentReadSnapshot;
    }
    const row = this.chains.get(encoded)?.visibleRow(t.id, snapshot) ?? null;
    return row === null ? undefined : this.#output(row, encoded, columns);
  }

  async scan(
    txn: Transaction,
    index: string | undefined,
    range: KeyRange,
    options: ScanOptions,
  ): Promise<Row[]> {
    const t = this.transactionOf(txn);
    const secondary = this.#resolveIndex(index);
    const lock = options.lock ?? "none";
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const reverse = options.reverse ?? false;
    if (limit <= 0) return [];
    const rows: Row[] = [];
    if (lock === "none") {
      this.visitRange(secondary, range, reverse, t.id, t.readSnapshot(), (chain, row) => {
        rows.push(this.#output(row, chain.encodedKey, options.columns));
        return rows.length < limit;
      });
      return rows;
    }
    const candidates: VersionChain[] = [];
    this.visitRange(secondary, range, reverse, t.id, currentReadSnapshot, (chain) => {
      candidates.push(chain);
      return candidates.length < limit;
    });
    for (const candidate of candidates) {
      const encoded = candidate.encodedKey;
      const wait = t.lockRow(this.lockSpace, encoded, lock);
      if (wait !== undefined) {
        await wait;
        this.checkOpen();
      }
      const row = this.#currentRowInRange(t, encoded, secondary, range);
      if (row !== null) rows.push(this.#output(row, encoded, options.columns));
    }
    return rows;
  }

  /**
   * The current row of a locked candidate: null if it was deleted or (through a secondary
   * index) moved out of the range while this scan waited for any lock.
   */
  #currentRowInRange(
    t: MemoryTransaction,
    encoded: EncodedKey,
    secondary: SecondaryIndex | undefined,
    range: KeyRange,
  ): Row | null {
    const row = this.chains.get(encoded)?.visibleRow(t.id, currentReadSnapshot) ?? null;
    if (row === null || secondary === undefined) return row;
    return inRange(secondary.keys, secondary.keys.keyOf(row), range) ? row : null;
  }

  /** Visits (chain, visible row) pairs in index order until `visit` returns false. */
  visitRange(
    secondary: SecondaryIndex | undefined,
    range: KeyRange,
    reverse: boolean,
    readerId: number,
    snapshot: number,
    visit: (chain: VersionChain, row: Row) => boolean,
  ): void {
    if (secondary === undefined) {
      const lower = this.#primaryProbe(range.lower);
      const upper = this.#primaryProbe(range.upper);
      this.primary.forEachInRange(lower, upper, reverse, (chain) => {
        const row = chain.visibleRow(readerId, snapshot);
        return row === null ? true : visit(chain, row);
      });
      return;
    }
    const keys = secondary.keys;
    secondary.forEachInRange(range, reverse, (entry) => {
      const row = entry.chain.visibleRow(readerId, snapshot);
      if (row === null || !keys.matchesRow(entry.key, row)) return true;
      return visit(entry.chain, row);
    });
  }

  #primaryProbe(bound: KeyBound | undefined): ProbeBound<VersionChain> | undefined {
    if (bound === undefined) return undefined;
    const keys = this.primaryKeys;
    const key = keys.boundKey(bound.key);
    const length = Math.min(key.length, keys.parts.length);
    const probe = (chain: VersionChain) => keys.compare(chain.primaryKey, key, length);
    const prefix = keys.hasNumericPrefix && length > 0 ? keys.prefixOf(key) : undefined;
    return { probe, inclusive: bound.inclusive, prefix };
  }

  #resolveIndex(name: string | undefined): SecondaryIndex | undefined {
    if (name === undefined || name.toUpperCase() === "PRIMARY") return undefined;
    const lower = name.toLowerCase();
    const index = this.#indexes.find((i) => i.name.toLowerCase() === lower);
    if (index === undefined) throw sqlError(ER_KEY_DOES_NOT_EXITS, name, this.#schema.name);
    return index;
  }

  /**
   * A fresh copy of a stored row. Under a projection the unread columns are left null, as a
   * decoding backend would: it costs nothing here, and it makes any read the SQL layer forgot
   * to declare show up as a wrong result in the tests rather than pass silently.
   */
  #output(row: Row, encodedKey: EncodedKey, columns?: readonly number[]): Row {
    let copy: Row;
    if (columns === undefined) copy = row.slice();
    else {
      copy = new Array<SqlValue>(row.length).fill(null);
      for (const column of columns) copy[column] = row[column] ?? null;
    }
    if (this.#schema.primaryKey === undefined) this.hiddenRowIds.set(copy, encodedKey);
    return copy;
  }

  // ---- writes (TableWriter does the work) ---------------------------------------------------

  async insert(txn: Transaction, row: Row): Promise<void> {
    return this.#writer.insert(this.transactionOf(txn), row);
  }

  async update(txn: Transaction, before: Row, after: Row): Promise<void> {
    return this.#writer.update(this.transactionOf(txn), before, after);
  }

  async delete(txn: Transaction, row: Row): Promise<void> {
    return this.#writer.delete(this.transactionOf(txn), row);
  }

  // ---- auto-increment and statistics --------------------------------------------------------

  allocateAutoIncrement(count: number): number {
    return this.autoIncrement.allocate(count);
  }

  observeAutoIncrement(value: number): void {
    this.autoIncrement.observe(value);
  }

  peekAutoIncrement(): number {
    return this.autoIncrement.peek();
  }

  estimateRowCount(): number {
    return this.chains.size;
  }

  // ---- version bookkeeping (VersionStore) ---------------------------------------------------

  /** Pushes an uncommitted version of `t` onto the chain for `primaryKey`, creating it. */
  pushVersion(
    t: MemoryTransaction,
    primaryKey: readonly SqlValue[],
    encoded: EncodedKey,
    row: Row | null,
  ): void {
    let chain = this.chains.get(encoded);
    if (chain === undefined) {
      chain = new VersionChain(primaryKey, encoded);
      this.chains.set(encoded, chain);
      const inserted = this.primary.insert(chain);
      assert(inserted, "a new chain has a new primary key");
    }
    const previous = chain.head?.row ?? null;
    const version = chain.push(t.id, row);
    if (row !== null) {
      for (const index of this.#indexes) {
        // The previous head's entry already covers an unchanged key (updates of other columns).
        if (previous === null || !index.keys.rowsMatch(previous, row)) index.add(chain, row);
      }
    }
    t.recordWrite(this, chain, version);
  }

  afterVersionRemoved(chain: VersionChain, version: RowVersion): void {
    const row = version.row;
    if (row !== null) for (const index of this.#indexes) index.removeIfUnused(chain, row);
    if (chain.head === undefined && this.chains.get(chain.encodedKey) === chain) {
      this.chains.delete(chain.encodedKey);
      this.primary.delete(chain);
    }
  }

  afterCommit(chains: readonly VersionChain[]): void {
    if (this.#dropped) return;
    for (const chain of chains) {
      if (chain.queuedForCollection || !chain.collectable) continue;
      chain.queuedForCollection = true;
      this.#collectionQueue.push(chain);
    }
    this.#collect(chains.length * collectionChainsPerCommitted);
  }

  /** Prunes up to `budget` queued chains; chains still holding old versions go to the back. */
  #collect(budget: number): void {
    const queue = this.#collectionQueue;
    if (this.#collectionHead >= queue.length) {
      if (queue.length > 0) this.#collectionQueue = [];
      this.#collectionHead = 0;
      return;
    }
    const horizon = this.#mvcc.collectionHorizon();
    for (let n = 0; n < budget && this.#collectionHead < queue.length; n++) {
      const chain = queue[this.#collectionHead++]!;
      chain.queuedForCollection = false;
      for (const version of chain.prune(horizon)) this.afterVersionRemoved(chain, version);
      if (chain.head !== undefined && chain.collectable) {
        chain.queuedForCollection = true;
        queue.push(chain);
      }
    }
    if (this.#collectionHead > 1024 && this.#collectionHead * 2 > queue.length) {
      this.#collectionQueue = queue.slice(this.#collectionHead);
      this.#collectionHead = 0;
    }
  }

  /** Versions currently stored (tests: garbage collection keeps this bounded). */
  countVersions(): number {
    let count = 0;
    for (const chain of this.chains.values()) for (let v = chain.head; v; v = v.next) count++;
    return count;
  }
}

/** Whether `key` lies inside `range` (bounds compared on their prefix length). */
export function inRange(keys: KeyComparator, key: readonly SqlValue[], range: KeyRange): boolean {
  const lower = range.lower;
  if (lower !== undefined) {
    const bound = keys.boundKey(lower.key);
    const c = keys.compare(key, bound, bound.length);
    if (c < 0 || (c === 0 && !lower.inclusive)) return false;
  }
  const upper = range.upper;
  if (upper !== undefined) {
    const bound = keys.boundKey(upper.key);
    const c = keys.compare(key, bound, bound.length);
    if (c > 0 || (c === 0 && !upper.inclusive)) return false;
  }
  return true;
}
