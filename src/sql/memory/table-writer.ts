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

import { rowsEqual } from "../dml/values-equal.ts";
import { ER_DUP_ENTRY } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { Row, SqlValue } from "../types/value.ts";
import { formatKeyForMessage, type EncodedKey } from "./key-comparator.ts";
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
    const locking = this.#lockExclusive(t, encoded);
    if (locking !== undefined) await locking;
    this.#checkPrimaryFree(t, encoded, primaryKey);
    const checking = this.#checkUnique(t, stored, [encoded], undefined);
    if (checking !== undefined) await checking;
    table.pushVersion(t, primaryKey, encoded, stored);
  }

  async update(t: MemoryTransaction, before: Row, after: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const old = this.#identify(t, before);
    if (old === undefined) return;
    const locking = this.#lockExclusive(t, old.encoded);
    if (locking !== undefined) await locking;
    const chain = table.chains.get(old.encoded);
    const current = chain?.visibleRow(t.id, currentReadSnapshot) ?? null;
    if (chain === undefined || current === null) return;
    const stored = after.slice();
    const hidden = table.hasHiddenPrimaryKey;
    const primaryKey = hidden ? chain.primaryKey : table.primaryKeys.keyOf(stored);
    const encoded = hidden ? old.encoded : table.primaryKeys.encode(primaryKey);
    if (encoded !== old.encoded) return this.#move(t, chain, stored, primaryKey, encoded);
    const checking = this.#checkUnique(t, stored, [old.encoded], current);
    if (checking !== undefined) await checking;
    table.pushVersion(t, chain.primaryKey, old.encoded, stored);
  }

  /** An update that changes the primary key: a tombstone at the old key, a row at the new. */
  async #move(
    t: MemoryTransaction,
    chain: VersionChain,
    stored: Row,
    primaryKey: readonly SqlValue[],
    encoded: EncodedKey,
  ): Promise<void> {
    const table = this.#table;
    const locking = this.#lockExclusive(t, encoded);
    if (locking !== undefined) await locking;
    this.#checkPrimaryFree(t, encoded, primaryKey);
    const checking = this.#checkUnique(t, stored, [chain.encodedKey, encoded], undefined);
    if (checking !== undefined) await checking;
    table.pushVersion(t, chain.primaryKey, chain.encodedKey, null);
    table.pushVersion(t, primaryKey, encoded, stored);
  }

  async delete(t: MemoryTransaction, row: Row): Promise<void> {
    t.checkWritable();
    const table = this.#table;
    const identity = this.#identify(t, row);
    if (identity === undefined) return;
    const locking = this.#lockExclusive(t, identity.encoded);
    if (locking !== undefined) await locking;
    const chain = table.chains.get(identity.encoded);
    if (chain === undefined || chain.visibleRow(t.id, currentReadSnapshot) === null) return;
    table.pushVersion(t, chain.primaryKey, identity.encoded, null);
  }

  /** Undefined when the lock was granted at once (the hot path does not await). */
  #lockExclusive(t: MemoryTransaction, encoded: EncodedKey): Promise<void> | undefined {
    const wait = t.lockRow(this.#table.lockSpace, encoded, "exclusive");
    return wait === undefined ? undefined : wait.then(() => this.#table.checkOpen());
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
   * `previous` (an update's old row) skips indexes whose key does not change. Undefined when
   * nothing had to wait.
   */
  #checkUnique(
    t: MemoryTransaction,
    row: Row,
    excluded: readonly EncodedKey[],
    previous: Row | undefined,
  ): Promise<void> | undefined {
    if (this.#table.uniqueIndexes.length === 0) return undefined;
    const waitFor = this.#findUniqueWait(t, row, excluded, previous);
    if (waitFor === undefined) return undefined;
    return this.#waitAndRecheck(t, waitFor, row, excluded, previous);
  }

  async #waitAndRecheck(
    t: MemoryTransaction,
    first: VersionChain,
    row: Row,
    excluded: readonly EncodedKey[],
    previous: Row | undefined,
  ): Promise<void> {
    for (let waitFor: VersionChain | undefined = first; waitFor !== undefined; ) {
      const wait = t.lockRow(this.#table.lockSpace, waitFor.encodedKey, "shared");
      if (wait !== undefined) await wait;
      this.#table.checkOpen();
      waitFor = this.#findUniqueWait(t, row, excluded, previous);
    }
  }

  /** Throws 1062 on a settled conflict in any unique index; returns a row to wait for. */
  #findUniqueWait(
    t: MemoryTransaction,
    row: Row,
    excluded: readonly EncodedKey[],
    previous: Row | undefined,
  ): VersionChain | undefined {
    for (const index of this.#table.uniqueIndexes) {
      const key = index.keys.keyOf(row);
      if (hasNull(key)) continue;
      if (previous !== undefined && index.keys.matchesRow(key, previous)) continue;
      const waitFor = this.#uniqueConflict(t, index, key, excluded);
      if (waitFor !== undefined) return waitFor;
    }
    return undefined;
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
      if (!rowsEqual(candidate, row)) return true;
      found = { primaryKey: chain.primaryKey, encoded: chain.encodedKey };
      return false;
    });
    return found;
  }
}
