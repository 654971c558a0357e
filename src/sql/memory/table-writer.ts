/**
 * TableWriter: insert, update and delete for a MemoryTable, with the duplicate-key rules.
 *
 * Order of every write: exclusive lock on the row's primary key (waiting if needed), duplicate
 * checks (primary, then each unique index), then the versions are pushed synchronously. So a
 * write that throws has changed nothing, and nothing can slip in between check and push.
 *
 * Unique indexes: a conflict is an equal key in the current row (newest committed or own) of
 * another primary key. When another transaction holds an uncommitted change of a row that
 * has (or had) the key, the writer waits for a shared lock on that row and checks again, as
 * InnoDB does: then 1062 if the other committed the key, success if it rolled back. NULLs never
 * conflict.
 *
 * update/delete of a row that no longer exists (deleted by a transaction that committed after
 * the caller's non-locking read) do nothing, as InnoDB's current-read UPDATE would skip it.
 */

import { ER_DUP_ENTRY } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { Row, SqlValue } from "../types/value.ts";
import { compareBytes, formatKeyForMessage, type EncodedKey } from "./key-comparator.ts";
import type { MemoryTable } from "./memory-table.ts";
import type { MemoryTransaction } from "./memory-transaction.ts";
import { hasNull, type SecondaryIndex } from "./secondary-index.ts";
import { currentReadSnapshot, type VersionChain } from "./version-chain.ts";

interface RowIdentity {
  readonly primaryKey: readonly SqlValue[];
  readonly encoded: EncodedKey;
}

export class TableWriter {
  readonly #table: MemoryTable;

  constructor(table: MemoryTable) {
    this.#table = table;
  }

  async insert(t: MemoryTransaction, row: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const stored = row.slice();
    const primaryKey = table.hasHiddenPrimaryKey
      ? [table.nextHiddenRowId()]
      : table.primaryKeys.keyOf(stored);
    const encoded = table.primaryKeys.encode(primaryKey);
    await this.#lockExclusive(t, encoded);
    this.#checkPrimaryFree(t, encoded, primaryKey);
    await this.#checkUnique(t, stored, [encoded], undefined);
    table.pushVersion(t, primaryKey, encoded, stored);
  }

  async update(t: MemoryTransaction, before: Row, after: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const old = this.#identify(t, before);
    if (old === undefined) return;
    await this.#lockExclusive(t, old.encoded);
    const chain = table.chains.get(old.encoded);
    const current = chain?.visibleRow(t.id, currentReadSnapshot) ?? null;
    if (chain === undefined || current === null) return;
    const stored = after.slice();
    if (table.hasHiddenPrimaryKey) {
      await this.#checkUnique(t, stored, [old.encoded], current);
      table.pushVersion(t, chain.primaryKey, old.encoded, stored);
      return;
    }
    const primaryKey = table.primaryKeys.keyOf(stored);
    const encoded = table.primaryKeys.encode(primaryKey);
    if (encoded === old.encoded) {
      await this.#checkUnique(t, stored, [old.encoded], current);
      table.pushVersion(t, chain.primaryKey, old.encoded, stored);
      return;
    }
    await this.#lockExclusive(t, encoded);
    this.#checkPrimaryFree(t, encoded, primaryKey);
    await this.#checkUnique(t, stored, [old.encoded, encoded], undefined);
    table.pushVersion(t, chain.primaryKey, old.encoded, null);
    table.pushVersion(t, primaryKey, encoded, stored);
  }

  async delete(t: MemoryTransaction, row: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const identity = this.#identify(t, row);
    if (identity === undefined) return;
    await this.#lockExclusive(t, identity.encoded);
    const chain = table.chains.get(identity.encoded);
    if (chain === undefined || chain.visibleRow(t.id, currentReadSnapshot) === null) return;
    table.pushVersion(t, chain.primaryKey, identity.encoded, null);
  }

  async #lockExclusive(t: MemoryTransaction, encoded: EncodedKey): Promise<void> {
    const wait = t.lockRow(this.#table.lockSpace, encoded, "exclusive");
    if (wait === undefined) return;
    await wait;
    this.#table.checkOpen();
  }

  #checkPrimaryFree(
    t: MemoryTransaction,
    encoded: EncodedKey,
    primaryKey: readonly SqlValue[],
  ): void {
    const chain = this.#table.chains.get(encoded);
    if (chain !== undefined && chain.visibleRow(t.id, currentReadSnapshot) !== null) {
      throw this.#duplicate(primaryKey, "PRIMARY");
    }
  }

  #duplicate(key: readonly SqlValue[], indexName: string): Error {
    const name = `${this.#table.schema.name}.${indexName}`;
    return sqlError(ER_DUP_ENTRY, formatKeyForMessage(key), name);
  }

  /**
   * Throws 1062 if `row` collides in a unique index with a row outside `excluded` (encoded
   * primary keys being replaced). Waits on rows with uncommitted changes, then re-checks all.
   * `previous` (an update's old row) skips indexes whose key does not change.
   */
  async #checkUnique(
    t: MemoryTransaction,
    row: Row,
    excluded: readonly EncodedKey[],
    previous: Row | undefined,
  ): Promise<void> {
    const uniques = this.#table.indexes.filter((index) => index.schema.unique);
    if (uniques.length === 0) return;
    for (;;) {
      let waitFor: VersionChain | undefined;
      for (const index of uniques) {
        const key = index.keys.keyOf(row);
        if (hasNull(key)) continue;
        if (previous !== undefined && index.keys.matchesRow(key, previous)) continue;
        waitFor = this.#uniqueConflict(t, index, key, excluded);
        if (waitFor !== undefined) break;
      }
      if (waitFor === undefined) return;
      const wait = t.lockRow(this.#table.lockSpace, waitFor.encodedKey, "shared");
      if (wait !== undefined) await wait;
      this.#table.checkOpen();
    }
  }

  /** Throws 1062 on a settled conflict; returns a chain to wait for on an unsettled one. */
  #uniqueConflict(
    t: MemoryTransaction,
    index: SecondaryIndex,
    key: readonly SqlValue[],
    excluded: readonly EncodedKey[],
  ): VersionChain | undefined {
    for (const chain of index.chainsWithKey(key)) {
      if (excluded.includes(chain.encodedKey)) continue;
      const writer = chain.writerId;
      if (writer !== 0 && writer !== t.id) {
        const pending = chain.head?.row ?? null;
        const committed = chain.latestCommittedRow();
        const pendingHas = pending !== null && index.keys.matchesRow(key, pending);
        const committedHas = committed !== null && index.keys.matchesRow(key, committed);
        if (pendingHas || committedHas) return chain;
        continue;
      }
      const current = chain.visibleRow(t.id, currentReadSnapshot);
      if (current !== null && index.keys.matchesRow(key, current)) {
        throw this.#duplicate(key, index.name);
      }
    }
    return undefined;
  }

  /** The primary key of a row the caller read; undefined when a hidden-key row is gone. */
  #identify(t: MemoryTransaction, row: Row): RowIdentity | undefined {
    const table = this.#table;
    if (!table.hasHiddenPrimaryKey) {
      const primaryKey = table.primaryKeys.keyOf(row);
      return { primaryKey, encoded: table.primaryKeys.encode(primaryKey) };
    }
    const remembered = table.hiddenRowIds.get(row);
    const known = remembered === undefined ? undefined : table.chains.get(remembered);
    if (known !== undefined) return { primaryKey: known.primaryKey, encoded: known.encodedKey };
    let found: RowIdentity | undefined;
    const snapshot = currentReadSnapshot;
    table.visitRange(undefined, {}, false, t.id, snapshot, (chain, candidate) => {
      if (!sameValues(candidate, row)) return true;
      found = { primaryKey: chain.primaryKey, encoded: chain.encodedKey };
      return false;
    });
    return found;
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
    const numeric = (typeof x === "number" || typeof x === "bigint") &&
      (typeof y === "number" || typeof y === "bigint");
    if (numeric && !(x < y) && !(x > y)) continue;
    return false;
  }
  return true;
}
