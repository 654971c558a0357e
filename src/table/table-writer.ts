/**
 * TableWriter: insert, update and delete for a KvTable, with the duplicate-key rules.
 *
 * Order of every write: the exclusive row lock on the primary key (waiting if needed), then the
 * exclusive locks on the unique values the write adds or removes, then the duplicate checks
 * (current read: newest committed data plus own writes), then the overlay changes and the
 * change-log entry, synchronously. So a write that throws has changed nothing but its locks.
 * An insert first tries without the row lock: if, at the synchronous apply step, nobody holds
 * a lock on the row and no other transaction has written it, the overlay entry is its
 * (implicit) lock; otherwise it starts over with the lock (table-transaction.ts).
 *
 * Unique values: a writer that adds or removes a value of a unique index holds that value's
 * lock until commit. A second writer of the same value therefore waits until the first commits
 * (then sees the committed entry: 1062) or rolls back (then proceeds), as InnoDB does; two
 * transactions can never both insert it. NULLs never conflict and are not locked.
 *
 * update/delete of a row that no longer exists (deleted by a transaction that committed after
 * the caller's non-locking read) do nothing, as InnoDB's current-read UPDATE would skip it.
 */

import { rowsEqual } from "../sql/dml/values-equal.ts";
import { bytesEqual, concatBytes } from "../util/bytes.ts";
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
import type { ImageRef } from "./change-log.ts";
import { NO_SLOT } from "./write-overlay.ts";
import { encodeHiddenRowId } from "./keyspace-format.ts";

interface UniqueValue {
  readonly index: IndexLayout;
  readonly bytes: Uint8Array;
  /** The values as the 1062 message shows them (prefix lengths applied). */
  readonly shown: readonly SqlValue[];
}

export class TableWriter {
  readonly #table: KvTable;

  constructor(table: KvTable) {
    this.#table = table;
  }

  async insert(t: TableTransaction, row: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const layout = table.layout;
    // The row is encoded before any await; the log keeps its bytes (and, for a small
    // transaction, a copy of the row), never the caller's array.
    const provisional = layout.hidden ? t.provisionalRowId() : undefined;
    const primaryKey =
      provisional === undefined ? layout.primaryKeyOf(row) : encodeHiddenRowId(provisional);
    const encoded = encodeRow(layout.schema.columns, row);
    const dataKey = layout.primaryDataKey(primaryKey);
    // First optimistically without a lock: a row nobody locks or writes when the write is
    // applied is claimed by the overlay entry alone (implicit lock); otherwise retry locked.
    for (let implicit = true; ; implicit = false) {
      if (!implicit) await this.#lock(t, primaryKey, dataKey);
      if (provisional === undefined) await this.#checkPrimaryFree(t, dataKey, row);
      let written = true;
      await this.#checkUniqueThen(t, row, undefined, [primaryKey], () => {
        if (implicit) {
          if (!this.#claimable(t, primaryKey, dataKey)) {
            written = false;
            return;
          }
          t.claimedImplicitly(table.rowLocks);
        }
        const slot = t.overlay.put(dataKey, encoded);
        for (const index of layout.secondaries) {
          t.overlay.put(layout.secondaryDataKey(index, row, primaryKey), primaryKey);
        }
        const changes = t.changes;
        const kept = changes.keepsRows ? row.slice() : undefined;
        changes.insert(table.logged, slot, provisional, kept);
      });
      if (written) return;
    }
  }

  async update(t: TableTransaction, before: Row, after: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const oldKey = await this.#identify(t, before);
    if (oldKey === undefined) return;
    const oldDataKey = table.layout.primaryDataKey(oldKey);
    const currentBytes = await this.#lockCurrent(t, oldKey, oldDataKey);
    if (currentBytes === undefined) return;
    const layout = table.layout;
    // Only index maintenance needs the current row's values.
    const current = layout.secondaries.length > 0 ? table.decode(currentBytes) : undefined;
    const stored = after;
    const encoded = encodeRow(table.schema.columns, stored);
    const newKey = layout.hidden ? oldKey : layout.primaryKeyOf(stored);
    const moved = !bytesEqual(newKey, oldKey);
    if (moved) {
      await this.#lock(t, newKey);
      await this.#checkPrimaryFree(t, layout.primaryDataKey(newKey), stored);
    }
    await this.#checkUniqueThen(t, stored, current, [oldKey, newKey], () => {
      const overlay = t.overlay;
      const before = this.#beforeImage(t, oldDataKey, currentBytes);
      for (const index of layout.secondaries) {
        const oldEntry = layout.secondaryDataKey(index, current!, oldKey);
        const newEntry = layout.secondaryDataKey(index, stored, newKey);
        if (bytesEqual(oldEntry, newEntry)) continue;
        overlay.delete(oldEntry);
        overlay.put(newEntry, newKey);
      }
      if (moved) overlay.delete(oldDataKey);
      const slot = overlay.put(moved ? layout.primaryDataKey(newKey) : oldDataKey, encoded);
      const changes = t.changes;
      if (changes.keepsRows) changes.update(table.logged, before, slot, current, after.slice());
      else changes.update(table.logged, before, slot);
    });
  }

  async delete(t: TableTransaction, row: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const key = await this.#identify(t, row);
    if (key === undefined) return;
    const dataKey = table.layout.primaryDataKey(key);
    const currentBytes = await this.#lockCurrent(t, key, dataKey);
    if (currentBytes === undefined) return;
    table.checkOpen();
    const layout = table.layout;
    const before = this.#beforeImage(t, dataKey, currentBytes);
    const keepsRows = t.changes.keepsRows;
    const needed = layout.secondaries.length > 0 || keepsRows;
    const current = needed ? table.decode(currentBytes) : undefined;
    for (const index of layout.secondaries) {
      t.overlay.delete(layout.secondaryDataKey(index, current!, key));
    }
    t.overlay.delete(dataKey);
    t.changes.delete(table.logged, before, keepsRows ? current : undefined);
  }

  /**
   * The change log's reference to the current row: the own write's overlay slot when there is
   * one (the current read returned its bytes), else a copy of the stored bytes. Called in the
   * synchronous apply step, before the overlay changes.
   */
  #beforeImage(t: TableTransaction, dataKey: Uint8Array, bytes: Uint8Array): ImageRef {
    const slot = t.overlay.find(dataKey);
    return slot !== NO_SLOT ? slot : t.changes.storedImage(bytes);
  }

  /** Whether no lock-manager lock and no other transaction's write exists for the row. */
  #claimable(t: TableTransaction, primaryKey: Uint8Array, dataKey: Uint8Array): boolean {
    const locks = this.#table.rowLocks.locks;
    if (locks.size > 0 && locks.has(keyToLatin1(primaryKey))) return false;
    return t.otherWriter(this.#table.rowLocks, dataKey) === undefined;
  }

  async #lock(
    t: TableTransaction,
    primaryKey: Uint8Array,
    dataKey = this.#table.layout.primaryDataKey(primaryKey),
  ): Promise<void> {
    const table = this.#table;
    const wait = t.lockRow(table.rowLocks, keyToLatin1(primaryKey), dataKey, "exclusive");
    if (wait !== undefined) {
      await wait;
      this.#table.checkOpen();
    }
  }

  /**
   * Locks the row and returns its current version (undefined: gone). When this transaction
   * recently read the row under an exclusive lock and that read is still current, the lock is
   * already held and that read's bytes are used (locked-reads.ts).
   */
  async #lockCurrent(
    t: TableTransaction,
    primaryKey: Uint8Array,
    dataKey: Uint8Array,
  ): Promise<Uint8Array | undefined> {
    const table = this.#table;
    const bytes = t.lockedReads.current(table.layout, dataKey, t.overlay);
    if (bytes !== undefined) return bytes;
    await this.#lock(t, primaryKey, dataKey);
    return table.readRowBytes(t, dataKey, undefined);
  }

  /** 1062 when a current row (own writes over the newest committed data) has `dataKey`. */
  async #checkPrimaryFree(t: TableTransaction, dataKey: Uint8Array, row: Row): Promise<void> {
    if ((await this.#table.readRowBytes(t, dataKey, undefined)) === undefined) return;
    const layout = this.#table.layout;
    throw this.#duplicate(layout.valuesOf(layout.primary, row), "PRIMARY");
  }

  /**
   * Checks every unique value `row` adds (its key differs from `previous`) against current rows
   * other than `excluded` (primary keys being replaced), then runs `apply` in the same
   * synchronous step, so no other write can slip in between check and apply.
   *
   * A value another open transaction is changing (its overlay adds or removes an entry with that
   * value) is unsettled: the writer takes a shared lock on that row, which waits until the other
   * transaction ends, and checks again; then 1062 if the other committed the value, success if
   * it rolled back (as the memory backend and InnoDB). The store part of a check awaits, so the
   * final pass re-runs when the store changed meanwhile.
   */
  async #checkUniqueThen(
    t: TableTransaction,
    row: Row,
    previous: Row | undefined,
    excluded: readonly Uint8Array[],
    apply: () => void,
  ): Promise<void> {
    const table = this.#table;
    if (!table.layout.hasUniqueSecondary) {
      // No unique value to check: nothing to await, apply at once.
      table.checkOpen();
      apply();
      return;
    }
    for (;;) {
      const sequence = table.store.lastSequence;
      const values = this.#addedUniqueValues(row, previous);
      const committed = new Set<string>();
      for (const value of values) {
        if (await this.#valueTaken(t, value.index, value.bytes, excluded, committed)) {
          const wait = this.#unsettled(t, value.index, value.bytes, excluded, committed);
          if (wait === undefined) throw this.#duplicate(value.shown, value.index.schema!.name);
        }
      }
      table.checkOpen();
      if (table.store.lastSequence !== sequence) continue;
      // Synchronous from here to apply().
      let waitFor: Uint8Array | undefined;
      for (const value of values) {
        waitFor ??= this.#unsettled(t, value.index, value.bytes, excluded, committed);
      }
      if (waitFor === undefined) {
        apply();
        return;
      }
      const waitKey = table.layout.primaryDataKey(waitFor);
      const wait = t.lockRow(table.rowLocks, keyToLatin1(waitFor), waitKey, "shared");
      if (wait !== undefined) await wait;
      table.checkOpen();
    }
  }

  #addedUniqueValues(row: Row, previous: Row | undefined): UniqueValue[] {
    const layout = this.#table.layout;
    const out: UniqueValue[] = [];
    for (const index of layout.secondaries) {
      if (!index.unique) continue;
      const values = layout.valuesOf(index, row);
      if (values.includes(null)) continue;
      const bytes = layout.encodeValues(index, values);
      if (previous !== undefined && this.#sameValueBytes(index, previous, bytes)) continue;
      const shown = values.map((value, i) => truncate(value, index.columns[i]?.prefixLength));
      out.push({ index, bytes, shown });
    }
    return out;
  }

  /**
   * The primary key of a row (not in `excluded`) whose entry with this unique value another
   * open transaction adds, or removes from the committed entries (`committed`, latin1 keys).
   */
  #unsettled(
    t: TableTransaction,
    index: IndexLayout,
    valueBytes: Uint8Array,
    excluded: readonly Uint8Array[],
    committed: ReadonlySet<string>,
  ): Uint8Array | undefined {
    const lower = concatBytes([index.prefix, valueBytes]);
    const upper = prefixSuccessor(lower);
    if (upper === undefined) return undefined;
    for (const other of t.others()) {
      for (const entry of other.overlay.range(lower, upper, false)) {
        // Removing an entry that was never committed (its own insert) settles nothing.
        if (entry.value === undefined && !committed.has(keyToLatin1(entry.key))) continue;
        const primaryKey = entry.key.subarray(lower.length);
        if (!excluded.some((key) => bytesEqual(key, primaryKey))) return primaryKey;
      }
    }
    return undefined;
  }

  #sameValueBytes(index: IndexLayout, row: Row, valueBytes: Uint8Array): boolean {
    const layout = this.#table.layout;
    const values = layout.valuesOf(index, row);
    return !values.includes(null) && bytesEqual(layout.encodeValues(index, values), valueBytes);
  }

  /**
   * Whether a current entry of `index` (own writes over the newest committed data) has
   * `valueBytes` for a primary key not in `excluded`. Adds the committed entries' keys (latin1)
   * to `committed`.
   */
  async #valueTaken(
    t: TableTransaction,
    index: IndexLayout,
    valueBytes: Uint8Array,
    excluded: readonly Uint8Array[],
    committed: Set<string>,
  ): Promise<boolean> {
    const lower = concatBytes([index.prefix, valueBytes]);
    const upper = prefixSuccessor(lower);
    if (upper === undefined) return false;
    const cursor = this.#table.store.scan({ lower, upper });
    try {
      let chunk = await cursor.nextChunk(16);
      for (; chunk.length > 0; chunk = await cursor.nextChunk(16)) {
        for (const entry of chunk) committed.add(keyToLatin1(entry.key));
      }
    } finally {
      cursor.close();
    }
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
      if (rowsEqual(table.decode(entry.value), row)) {
        return entry.key.subarray(layout.primary.prefix.length);
      }
    }
    return undefined;
  }
}
