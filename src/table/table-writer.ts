/**
 * TableWriter: insert, update and delete for a KvTable, with the duplicate-key rules.
 *
 * Order of every write: the exclusive row lock on the primary key (waiting if needed), then the
 * exclusive locks on the unique values the write adds or removes, then the duplicate checks
 * (current read: newest committed data plus own writes), then the overlay changes and the
 * change-log entry, synchronously. So a write that throws has changed nothing but its locks.
 *
 * Unique values: a writer that adds or removes a value of a unique index holds that value's
 * lock until commit. A second writer of the same value therefore waits until the first commits
 * (then sees the committed entry: 1062) or rolls back (then proceeds), as InnoDB does; two
 * transactions can never both insert it. NULLs never conflict and are not locked.
 *
 * update/delete of a row that no longer exists (deleted by a transaction that committed after
 * the caller's non-locking read) do nothing, as InnoDB's current-read UPDATE would skip it.
 */

import { bytesEqual, compareBytes } from "../util/bytes.ts";
import { ER_DUP_ENTRY } from "../util/mysql-errors.ts";
import { formatKeyForMessage, truncate } from "../sql/memory/key-comparator.ts";
import { sqlError } from "../sql/sql-error.ts";
import type { Row, SqlValue } from "../sql/types/value.ts";
import { prefixSuccessor } from "./key-codec.ts";
import { keyToLatin1 } from "./keyspace-format.ts";
import type { KvTable } from "./kv-table.ts";
import { encodeRow } from "./row-codec.ts";
import type { IndexLayout } from "./table-layout.ts";
import type { TableTransaction } from "./table-transaction.ts";
import { encodeHiddenRowId } from "./keyspace-format.ts";

export class TableWriter {
  readonly #table: KvTable;

  constructor(table: KvTable) {
    this.#table = table;
  }

  async insert(t: TableTransaction, row: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const layout = table.layout;
    const stored = row.slice();
    const provisional = layout.hidden ? t.provisionalRowId() : undefined;
    const primaryKey =
      provisional === undefined ? layout.primaryKeyOf(stored) : encodeHiddenRowId(provisional);
    await this.#lock(t, primaryKey);
    if (provisional === undefined) await this.#checkPrimaryFree(t, primaryKey, stored);
    await this.#lockAndCheckUnique(t, stored, undefined, [primaryKey]);
    table.checkOpen();
    this.#putRow(t, stored, primaryKey);
    t.recordChange({ kind: "insert", table: table.logged, after: stored }, provisional);
  }

  async update(t: TableTransaction, before: Row, after: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const oldKey = await this.#identify(t, before);
    if (oldKey === undefined) return;
    await this.#lock(t, oldKey);
    const current = await this.#currentRow(t, oldKey);
    if (current === undefined) return;
    const layout = table.layout;
    const stored = after.slice();
    const newKey = layout.hidden ? oldKey : layout.primaryKeyOf(stored);
    const moved = !bytesEqual(newKey, oldKey);
    if (moved) {
      await this.#lock(t, newKey);
      await this.#checkPrimaryFree(t, newKey, stored);
    }
    await this.#lockAndCheckUnique(t, stored, current, [oldKey, newKey]);
    await this.#lockUniqueValues(t, current, stored);
    table.checkOpen();
    const overlay = t.overlay;
    for (const index of layout.secondaries) {
      const oldEntry = layout.secondaryDataKey(index, current, oldKey);
      const newEntry = layout.secondaryDataKey(index, stored, newKey);
      if (bytesEqual(oldEntry, newEntry)) continue;
      overlay.delete(oldEntry);
      overlay.put(newEntry, newKey);
    }
    if (moved) overlay.delete(layout.primaryDataKey(oldKey));
    overlay.put(layout.primaryDataKey(newKey), encodeRow(table.schema.columns, stored));
    t.recordChange({ kind: "update", table: table.logged, before: current, after: stored });
  }

  async delete(t: TableTransaction, row: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const key = await this.#identify(t, row);
    if (key === undefined) return;
    await this.#lock(t, key);
    const current = await this.#currentRow(t, key);
    if (current === undefined) return;
    await this.#lockUniqueValues(t, current, undefined);
    table.checkOpen();
    const layout = table.layout;
    for (const index of layout.secondaries) {
      t.overlay.delete(layout.secondaryDataKey(index, current, key));
    }
    t.overlay.delete(layout.primaryDataKey(key));
    t.recordChange({ kind: "delete", table: table.logged, before: current });
  }

  #putRow(t: TableTransaction, row: Row, primaryKey: Uint8Array): void {
    const layout = this.#table.layout;
    t.overlay.put(layout.primaryDataKey(primaryKey), encodeRow(layout.schema.columns, row));
    for (const index of layout.secondaries) {
      t.overlay.put(layout.secondaryDataKey(index, row, primaryKey), primaryKey);
    }
  }

  async #lock(t: TableTransaction, primaryKey: Uint8Array): Promise<void> {
    const wait = t.lockRow(this.#table.rowLocks, keyToLatin1(primaryKey), "exclusive");
    if (wait !== undefined) {
      await wait;
      this.#table.checkOpen();
    }
  }

  async #currentRow(t: TableTransaction, primaryKey: Uint8Array): Promise<Row | undefined> {
    const table = this.#table;
    const bytes = await table.readRowBytes(t, table.layout.primaryDataKey(primaryKey), undefined);
    return bytes === undefined ? undefined : table.decode(bytes);
  }

  async #checkPrimaryFree(t: TableTransaction, primaryKey: Uint8Array, row: Row): Promise<void> {
    if ((await this.#currentRow(t, primaryKey)) === undefined) return;
    const layout = this.#table.layout;
    throw this.#duplicate(layout.valuesOf(layout.primary, row), "PRIMARY");
  }

  /**
   * Locks each unique value `row` adds (its key differs from `previous`), then throws 1062 if
   * a current row other than `excluded` (primary keys being replaced) already has it.
   */
  async #lockAndCheckUnique(
    t: TableTransaction,
    row: Row,
    previous: Row | undefined,
    excluded: readonly Uint8Array[],
  ): Promise<void> {
    const layout = this.#table.layout;
    for (const index of layout.secondaries) {
      const locks = index.uniqueLocks;
      if (locks === undefined) continue;
      const values = layout.valuesOf(index, row);
      if (values.includes(null)) continue;
      const valueBytes = layout.encodeValues(index, values);
      if (previous !== undefined && this.#sameValueBytes(index, previous, valueBytes)) continue;
      const wait = t.lockRow(locks, keyToLatin1(valueBytes), "exclusive");
      if (wait !== undefined) await wait;
      this.#table.checkOpen();
      if (await this.#valueTaken(t, index, valueBytes, excluded)) {
        const shown = values.map((value, i) => truncate(value, index.columns[i]?.prefixLength));
        throw this.#duplicate(shown, index.schema!.name);
      }
    }
  }

  /** Locks the unique values of `row` that `next` (undefined for a delete) removes. */
  async #lockUniqueValues(t: TableTransaction, row: Row, next: Row | undefined): Promise<void> {
    const layout = this.#table.layout;
    for (const index of layout.secondaries) {
      const locks = index.uniqueLocks;
      if (locks === undefined) continue;
      const values = layout.valuesOf(index, row);
      if (values.includes(null)) continue;
      const valueBytes = layout.encodeValues(index, values);
      if (next !== undefined && this.#sameValueBytes(index, next, valueBytes)) continue;
      const wait = t.lockRow(locks, keyToLatin1(valueBytes), "exclusive");
      if (wait !== undefined) await wait;
    }
  }

  #sameValueBytes(index: IndexLayout, row: Row, valueBytes: Uint8Array): boolean {
    const layout = this.#table.layout;
    const values = layout.valuesOf(index, row);
    return !values.includes(null) && bytesEqual(layout.encodeValues(index, values), valueBytes);
  }

  /** Whether a current entry of `index` has `valueBytes` for a primary key not in `excluded`. */
  async #valueTaken(
    t: TableTransaction,
    index: IndexLayout,
    valueBytes: Uint8Array,
    excluded: readonly Uint8Array[],
  ): Promise<boolean> {
    const lower = new Uint8Array(index.prefix.length + valueBytes.length);
    lower.set(index.prefix, 0);
    lower.set(valueBytes, index.prefix.length);
    const upper = prefixSuccessor(lower);
    if (upper === undefined) return false;
    const limit = excluded.length + 1;
    const entries = await this.#table.mergedEntries(t, { lower, upper }, false, undefined, limit);
    return entries.some((entry) => !excluded.some((key) => bytesEqual(key, entry.value)));
  }

  #duplicate(values: readonly SqlValue[], indexName: string): Error {
    const name = `${this.#table.schema.name}.${indexName}`;
    return sqlError(ER_DUP_ENTRY, formatKeyForMessage(values), name);
  }

  /** The primary key bytes of a row the caller read; undefined when a hidden-key row is gone. */
  async #identify(t: TableTransaction, row: Row): Promise<Uint8Array | undefined> {
    const table = this.#table;
    const layout = table.layout;
    if (!layout.hidden) return layout.primaryKeyOf(row);
    const remembered = table.hiddenRowKeys.get(row);
    if (remembered !== undefined) return remembered;
    // Recovery and callers that built the row themselves: match on every column value.
    const end = prefixSuccessor(layout.primary.prefix)!;
    const range = { lower: layout.primary.prefix, upper: end };
    const entries = await table.mergedEntries(t, range, false, undefined, Number.POSITIVE_INFINITY);
    for (const entry of entries) {
      if (sameValues(table.decode(entry.value), row)) {
        return entry.key.subarray(layout.primary.prefix.length);
      }
    }
    return undefined;
  }
}

/** Exact equality of two rows (strings by code units, numbers across number/bigint). */
function sameValues(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x instanceof Uint8Array && y instanceof Uint8Array && compareBytes(x, y) === 0) continue;
    const numeric =
      (typeof x === "number" || typeof x === "bigint") &&
      (typeof y === "number" || typeof y === "bigint");
    if (numeric && !(x < y) && !(x > y)) continue;
    return false;
  }
  return true;
}
