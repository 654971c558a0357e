/**
 * KvTable: the table layer's StorageTable. Rows live in the KvStore under the table's data keys
 * (keyspace-format.ts); a transaction reads its snapshot (or, for locking reads, the newest
 * committed data) merged with its own write overlay. Writes are in table-writer.ts.
 *
 * Invariants:
 * - A point lookup without own writes is one store.get plus one decodeRow (the hot path).
 * - Scans merge one KvCursor with the overlay's entries of the same byte range; an overlay
 *   entry replaces the store's entry for the same key (a deletion hides it).
 * - Rows are fresh arrays on the way out; for a table without a primary key, each returned row
 *   remembers its hidden row key (WeakMap) so update/delete find it without a scan.
 * - Under a SELECT's projection (`columns`, projection-masks.ts) rows from the store and from
 *   own writes alike decode only the columns read (plus a secondary scan's index columns); the
 *   rest are null. Rows for the writer (decode, readRowBytes, locked reads' bytes) stay whole.
 *
 * Locking reads lock primary keys only (no gap locks): a locking scan picks candidates (up to
 * `limit`) with a current read, locks them in order, then re-reads each and drops rows deleted
 * or moved out of the range meanwhile (so it may return fewer than `limit` rows), as the memory
 * backend does.
 */

import { assert } from "../util/assert.ts";
import { bytesEqual, compareBytes } from "../util/bytes.ts";
import { ER_KEY_DOES_NOT_EXITS, ER_NO_SUCH_TABLE } from "../util/mysql-errors.ts";
import type { KvEntry, KvSnapshot, KvStore } from "../engine/kv-store.ts";
import type {
  KeyRange,
  LockMode,
  ScanOptions,
  StorageTable,
  Transaction,
} from "../sql/catalog/catalog.ts";
import type { TableSchema } from "../sql/catalog/schema.ts";
import { AutoIncrementCounter } from "../sql/memory/auto-increment-counter.ts";
import { LockSpace } from "../sql/memory/lock-manager.ts";
import { sqlError } from "../sql/sql-error.ts";
import type { Row, SqlValue } from "../sql/types/value.ts";
import type { LoggedTable } from "./commit-pipeline.ts";
import { encodeHiddenRowId, keyToLatin1 } from "./keyspace-format.ts";
import { ProjectionMasks } from "./projection-masks.ts";
import { decodeRow } from "./row-codec.ts";
import { type ByteRange, type IndexLayout, TableLayout } from "./table-layout.ts";
import { TableTransaction } from "./table-transaction.ts";
import { TableWriter } from "./table-writer.ts";
import { NO_SLOT } from "./write-overlay.ts";

/** Entries read from the store per cursor chunk. */
const scanChunkEntries = 256;

export class KvTable implements StorageTable {
  readonly store: KvStore;
  /** Row locks; names are primary key bytes (hidden row id bytes) as latin1 strings. */
  readonly rowLocks = new LockSpace();
  readonly autoIncrement: AutoIncrementCounter;
  readonly hiddenRowKeys = new WeakMap<Row, Uint8Array>();
  #layout: TableLayout;
  #logged: LoggedTable;
  #indexIds: readonly number[];
  #rowCount = 0;
  #nextHiddenRowId = 1n;
  #dropped = false;
  readonly #writer: TableWriter;
  readonly #masks = new ProjectionMasks();

  constructor(store: KvStore, tableId: number, schema: TableSchema, indexIds: readonly number[]) {
    this.store = store;
    this.#layout = new TableLayout(tableId, schema, indexIds);
    this.#logged = { tableId, schema };
    this.#indexIds = indexIds;
    this.autoIncrement = new AutoIncrementCounter(schema.autoIncrementStart);
    this.#writer = new TableWriter(this);
  }

  get schema(): TableSchema {
    return this.#layout.schema;
  }

  get tableId(): number {
    return this.#layout.tableId;
  }

  get layout(): TableLayout {
    return this.#layout;
  }

  get logged(): LoggedTable {
    return this.#logged;
  }

  get indexIds(): readonly number[] {
    return this.#indexIds;
  }

  /** Replaces the schema after CREATE INDEX (the new index has id `indexIds.at(-1)`). */
  setSchema(schema: TableSchema, indexIds: readonly number[]): void {
    this.#layout = new TableLayout(this.tableId, schema, indexIds, this.#layout);
    this.#logged = { tableId: this.tableId, schema };
    this.#indexIds = indexIds;
  }

  markDropped(): void {
    this.#dropped = true;
  }

  checkOpen(): void {
    if (this.#dropped) throw sqlError(ER_NO_SUCH_TABLE, this.schema.database, this.schema.name);
  }

  transactionOf(txn: Transaction): TableTransaction {
    assert(txn instanceof TableTransaction, "transaction comes from the table catalog");
    txn.checkActive();
    this.checkOpen();
    return txn;
  }

  // ---- counters ------------------------------------------------------------------------------

  allocateHiddenRowId(): bigint {
    return this.#nextHiddenRowId++;
  }

  /** Recovery: the next hidden row id and the row count found at open. */
  restoreCounters(nextHiddenRowId: bigint, rowCount: number): void {
    this.#nextHiddenRowId = nextHiddenRowId;
    this.#rowCount = rowCount;
  }

  addRowCount(delta: number): void {
    this.#rowCount = Math.max(0, this.#rowCount + delta);
  }

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
    return this.#rowCount;
  }

  // ---- reads -------------------------------------------------------------------------------

  async getByPrimaryKey(
    txn: Transaction,
    key: readonly SqlValue[],
    lock: LockMode,
    columns?: readonly number[],
  ): Promise<Row | undefined> {
    const t = this.transactionOf(txn);
    const layout = this.#layout;
    const mask = this.#masks.plain(columns, layout.schema.columns.length);
    const dataKey = layout.hidden
      ? layout.primaryDataKey(encodeHiddenRowId(hiddenRowIdOf(key[0] ?? null)))
      : layout.encodeDataKey(layout.primary, key);
    const primaryKey = dataKey.subarray(layout.primary.prefix.length);
    if (lock !== "none") {
      const wait = t.lockRow(this.rowLocks, keyToLatin1(primaryKey), dataKey, lock);
      if (wait !== undefined) {
        await wait;
        this.checkOpen();
      }
    }
    if (lock === "exclusive") return this.#exclusiveRead(t, dataKey, primaryKey, mask);
    const snapshot = lock === "none" ? t.readSnapshot() : undefined;
    const bytes = await this.readRowBytes(t, dataKey, snapshot);
    return bytes === undefined ? undefined : this.#output(bytes, primaryKey, mask);
  }

  /**
   * A current read under an exclusive lock the caller holds; the transaction remembers its
   * bytes (whole, whatever `mask` the returned row is decoded with).
   */
  async #exclusiveRead(
    t: TableTransaction,
    dataKey: Uint8Array,
    primaryKey: Uint8Array,
    mask: Uint8Array | undefined,
  ): Promise<Row | undefined> {
    const overlay = t.overlay;
    const ownSlot = overlay.find(dataKey);
    const version = overlay.version;
    const bytes = ownSlot !== NO_SLOT
      ? overlay.valueOf(ownSlot)
      : await this.store.get(dataKey, undefined);
    if (bytes === undefined) return undefined;
    const row = this.#output(bytes, primaryKey, mask);
    const undos = overlay.undos;
    t.lockedReads.remember({ layout: this.#layout, dataKey, bytes, ownSlot, version, undos });
    return row;
  }

  /** Own write, else the store at `snapshot` (undefined = newest committed). */
  async readRowBytes(
    t: TableTransaction,
    dataKey: Uint8Array,
    snapshot: KvSnapshot | undefined,
  ): Promise<Uint8Array | undefined> {
    const overlay = t.overlay;
    const slot = overlay.find(dataKey);
    if (slot !== NO_SLOT) return overlay.valueOf(slot);
    return this.store.get(dataKey, snapshot);
  }

  async scan(
    txn: Transaction,
    index: string | undefined,
    range: KeyRange,
    options: ScanOptions,
  ): Promise<Row[]> {
    const t = this.transactionOf(txn);
    const layout = this.#layout;
    const target = this.#resolveIndex(index);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const lock = options.lock ?? "none";
    const bytes = layout.byteRange(target, range);
    if (limit <= 0 || bytes === undefined) return [];
    const snapshot = lock === "none" ? t.readSnapshot() : undefined;
    const reverse = options.reverse ?? false;
    const width = layout.schema.columns.length;
    if (target === layout.primary) {
      const mask = this.#masks.plain(options.columns, width);
      const entries = await this.mergedEntries(t, bytes, reverse, snapshot, limit);
      return this.#primaryRows(t, entries, lock, bytes, mask);
    }
    const mask = this.#masks.secondary(options.columns, width, target);
    // Own writes are based on the newest rows, so the snapshot may still show an entry of a row
    // this transaction has since changed (a stale entry). Each own entry of the index can hide
    // at most one, so fetching that many more entries still fills `limit`.
    const extra = t.overlay.size;
    const entries = await this.mergedEntries(t, bytes, reverse, snapshot, limit + extra);
    if (lock !== "none") return this.#lockedRows(t, lock, target, entries, bytes, limit, mask);
    // One await for all the row reads, not one per row.
    const values = await Promise.all(
      entries.map((entry) => this.readRowBytes(t, layout.primaryDataKey(entry.value), snapshot)),
    );
    const rows: Row[] = [];
    for (const [i, value] of values.entries()) {
      const entry = entries[i]!;
      if (value === undefined) continue;
      const row = this.#output(value, entry.value, mask);
      if (!bytesEqual(layout.secondaryDataKey(target, row, entry.value), entry.key)) continue;
      rows.push(row);
      if (rows.length >= limit) break;
    }
    return rows;
  }

  async #primaryRows(
    t: TableTransaction,
    entries: readonly KvEntry[],
    lock: LockMode,
    bytes: ByteRange,
    mask: Uint8Array | undefined,
  ): Promise<Row[]> {
    const layout = this.#layout;
    const prefixBytes = layout.primary.prefix.length;
    if (lock === "none") {
      return entries.map((entry) =>
        this.#output(entry.value, entry.key.subarray(prefixBytes), mask));
    }
    const all = Number.POSITIVE_INFINITY;
    return this.#lockedRows(t, lock, layout.primary, entries, bytes, all, mask);
  }

  async #lockedRows(
    t: TableTransaction,
    lock: "shared" | "exclusive",
    target: IndexLayout,
    entries: readonly KvEntry[],
    bytes: ByteRange,
    limit: number,
    mask: Uint8Array | undefined,
  ): Promise<Row[]> {
    const layout = this.#layout;
    const secondary = target !== layout.primary;
    const prefixBytes = layout.primary.prefix.length;
    const rows: Row[] = [];
    for (const entry of entries) {
      if (rows.length >= limit) break;
      const primaryKey = secondary ? entry.value : entry.key.subarray(prefixBytes);
      const row = await this.#lockAndReread(t, lock, target, primaryKey, bytes, mask);
      if (row !== undefined) rows.push(row);
    }
    return rows;
  }

  /** Locks a candidate row, then reads it again (current read); undefined if gone or moved. */
  async #lockAndReread(
    t: TableTransaction,
    lock: "shared" | "exclusive",
    target: IndexLayout,
    primaryKey: Uint8Array,
    bytes: ByteRange,
    mask: Uint8Array | undefined,
  ): Promise<Row | undefined> {
    const layout = this.#layout;
    const dataKey = layout.primaryDataKey(primaryKey);
    const wait = t.lockRow(this.rowLocks, keyToLatin1(primaryKey), dataKey, lock);
    if (wait !== undefined) {
      await wait;
      this.checkOpen();
    }
    const row = lock === "exclusive"
      ? await this.#exclusiveRead(t, dataKey, primaryKey, mask)
      : await this.#sharedRead(t, dataKey, primaryKey, mask);
    if (row === undefined || target === layout.primary) return row;
    const key = layout.secondaryDataKey(target, row, primaryKey);
    const inside = compareBytes(key, bytes.lower) >= 0 && compareBytes(key, bytes.upper) < 0;
    return inside ? row : undefined;
  }

  async #sharedRead(
    t: TableTransaction,
    dataKey: Uint8Array,
    primaryKey: Uint8Array,
    mask: Uint8Array | undefined,
  ): Promise<Row | undefined> {
    const value = await this.readRowBytes(t, dataKey, undefined);
    return value === undefined ? undefined : this.#output(value, primaryKey, mask);
  }

  /**
   * Up to `limit` entries of `range` as this transaction sees them: the store at `snapshot`
   * (undefined = newest) merged with the overlay, in key order (descending when reverse).
   */
  async mergedEntries(
    t: TableTransaction,
    range: ByteRange,
    reverse: boolean,
    snapshot: KvSnapshot | undefined,
    limit: number,
  ): Promise<KvEntry[]> {
    const own = t.overlay.range(range.lower, range.upper, reverse);
    const cursor = this.store.scan({
      lower: range.lower,
      upper: range.upper,
      reverse,
      ...(snapshot === undefined ? {} : { snapshot }),
    });
    const direction = reverse ? -1 : 1;
    const chunkEntries = Math.min(scanChunkEntries, limit + own.length);
    const out: KvEntry[] = [];
    try {
      let chunk: readonly KvEntry[] = [];
      let c = 0;
      let o = 0;
      let storeDone = false;
      while (out.length < limit) {
        if (c >= chunk.length && !storeDone) {
          chunk = await cursor.nextChunk(chunkEntries);
          c = 0;
          storeDone = chunk.length === 0;
        }
        const stored = chunk[c];
        const mine = own[o];
        if (stored === undefined && mine === undefined) break;
        if (mine === undefined) {
          out.push(stored!);
          c++;
          continue;
        }
        const order = stored === undefined ? 0 : compareBytes(stored.key, mine.key) * direction;
        if (stored !== undefined && order < 0) {
          out.push(stored);
          c++;
          continue;
        }
        // The own write replaces the store's entry for the same key.
        if (stored !== undefined && order === 0) c++;
        o++;
        if (mine.value !== undefined) out.push({ key: mine.key, value: mine.value });
      }
    } finally {
      cursor.close();
    }
    return out;
  }

  #resolveIndex(name: string | undefined): IndexLayout {
    const layout = this.#layout;
    if (name === undefined || name.toUpperCase() === "PRIMARY") return layout.primary;
    const lower = name.toLowerCase();
    const found = layout.secondaries.find((s) => s.schema?.name.toLowerCase() === lower);
    if (found === undefined) throw sqlError(ER_KEY_DOES_NOT_EXITS, name, this.schema.name);
    return found;
  }

  /**
   * Decodes a stored row (only the columns `mask` wants, when given); remembers the hidden row
   * key of a table without a primary key.
   */
  #output(bytes: Uint8Array, primaryKey: Uint8Array, mask: Uint8Array | undefined): Row {
    const columns = this.schema.columns;
    // A lock wait may span a schema change: a mask of another width falls back to whole rows.
    const row = decodeRow(columns, bytes, mask?.length === columns.length ? mask : undefined);
    if (this.#layout.hidden) this.hiddenRowKeys.set(row, primaryKey);
    return row;
  }

  /** Decodes a stored row for the writer (no hidden key bookkeeping). */
  decode(bytes: Uint8Array): Row {
    return decodeRow(this.schema.columns, bytes);
  }

  // ---- writes --------------------------------------------------------------------------------

  async insert(txn: Transaction, row: Row): Promise<void> {
    return this.#writer.insert(this.transactionOf(txn), row);
  }

  async update(txn: Transaction, before: Row, after: Row): Promise<void> {
    return this.#writer.update(this.transactionOf(txn), before, after);
  }

  async delete(txn: Transaction, row: Row): Promise<void> {
    return this.#writer.delete(this.transactionOf(txn), row);
  }
}

/** A hidden row id given as a key value (only tools address hidden rows directly). */
function hiddenRowIdOf(value: SqlValue): bigint {
  return typeof value === "number" || typeof value === "bigint" ? BigInt(value) : 0n;
}
