/**
 * TableTransaction: one transaction of the table layer. It owns the read snapshot (a KvSnapshot
 * taken at the first consistent read, or at begin with consistentSnapshot), the write overlay
 * (read-your-writes), the ordered row-change log that becomes the CommitRecord, and the
 * LockOwner of its row locks.
 *
 * The write set is held compactly until COMMIT (write-overlay.ts, change-log.ts): encoded bytes
 * in a few large arrays, each row once. `heldBytes` counts it; a write that finds it above the
 * catalog's `transactionBytesMax` fails with ER_TRANS_CACHE_FULL (MySQL's max_binlog_cache_size
 * error) before it changes anything, so the statement fails and the transaction stays usable.
 *
 * Row locks of inserted rows are implicit (as InnoDB's): a row this transaction wrote is locked
 * by its overlay entry, not by a lock-manager lock, so a bulk insert holds no lock object per
 * row. Another transaction that wants such a row (`lockRow`) first waits for the writer to end
 * through the writer's transaction lock (an exclusive lock on its id in the catalog's
 * `transactionLocks`, taken before its first write), which keeps deadlock detection and lock
 * wait timeouts in the one LockManager. An insert claims a row implicitly only when no
 * lock-manager lock and no other overlay entry exists for it at the moment it writes.
 *
 * Invariants:
 * - Every row write changes the overlay and appends one change, both synchronously; a savepoint
 *   records both lengths, so rolling back to it restores both exactly. Locks stay (as InnoDB).
 * - commit() hands the batch and the record to the pipeline while every lock is still held and
 *   releases them only after the pipeline settled; a read-only transaction (no changes) never
 *   calls the pipeline.
 * - A deadlock victim is rolled back at once (locks released) and stays unusable: commit and
 *   rollback do nothing, reads and writes throw ER_LOCK_DEADLOCK again.
 *
 * Hidden row ids: a row inserted into a table without a primary key gets a provisional id
 * (>= 2^63, from the catalog) here; commit() replaces provisional ids by real ones in
 * change-log order, with no await between allocation and the pipeline call. So ids follow log
 * order, and recovery, which replays the log in order, allocates exactly the same ids.
 *
 * Isolation: REPEATABLE READ and SERIALIZABLE keep one snapshot; READ COMMITTED and READ
 * UNCOMMITTED take a new one per statement (startStatement). SERIALIZABLE behaves as
 * REPEATABLE READ (plain reads do not lock).
 */

import { assert } from "../util/assert.ts";
import { bytesEqual } from "../util/bytes.ts";
import {
  ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION,
  ER_LOCK_DEADLOCK,
  ER_TRANS_CACHE_FULL,
} from "../util/mysql-errors.ts";
import { rowLockHeldBytesEstimate } from "../constants.ts";
import type { KvSnapshot, KvStore } from "../engine/kv-store.ts";
import { WriteBatch } from "../engine/lsm/write-batch.ts";
import type {
  SavepointHandle,
  StatementAwareTransaction,
  TransactionOptions,
} from "../sql/catalog/catalog.ts";
import { LockOwner, type LockManager, type LockSpace } from "../sql/memory/lock-manager.ts";
import type { RowLockMode } from "../sql/memory/lock-manager.ts";
import { isSqlError, sqlError } from "../sql/sql-error.ts";
import { ChangeLog } from "./change-log.ts";
import type { CommitPipeline } from "./commit-pipeline.ts";
import {
  decodeHiddenRowId,
  encodeHiddenRowId,
  HIDDEN_ROW_ID_BYTES,
  PROVISIONAL_ROW_ID_MIN,
  tableIdOfDataKey,
} from "./keyspace-format.ts";
import { LockedReads } from "./locked-reads.ts";
import { hashKey, NO_SLOT, WriteOverlay } from "./write-overlay.ts";

/** What a transaction needs from its catalog. */
export interface TransactionHost {
  readonly store: KvStore;
  readonly lockManager: LockManager;
  /** Transaction locks (names: transaction ids), for waits on implicit row locks. */
  readonly transactionLocks: LockSpace;
  readonly pipeline: CommitPipeline;
  /** The most bytes a transaction's write set may hold before writes fail with 1197. */
  readonly transactionBytesMax: number;
  /** The table's hidden-row-id allocator, or undefined when the table has a primary key. */
  hiddenRowIds(tableId: number): { allocate(): bigint } | undefined;
  /** Applies committed row-count deltas (estimateRowCount): table id, delta, table id, …. */
  afterCommit(deltas: readonly number[]): void;
  /** A provisional hidden row id unique among all open transactions (see the file header). */
  provisionalRowId(): bigint;
  /** Open transactions with implicit row locks in the table of `space` (live set). */
  implicitWriters(space: LockSpace): Set<TableTransaction>;
  /** Every open transaction (unique checks look at the others' uncommitted writes). */
  activeTransactions(): Iterable<TableTransaction>;
  /** Forgets a finished transaction. */
  finished(txn: TableTransaction): void;
}

interface SavepointMark {
  readonly overlay: number;
  readonly changes: number;
}

type TransactionState = "active" | "committed" | "rolled-back" | "deadlocked";

export class TableTransaction implements StatementAwareTransaction {
  readonly id: number;
  readonly lockOwner: LockOwner;
  readonly overlay = new WriteOverlay();
  /** The row changes for the log, referring to overlay slots for the rows written. */
  readonly changes = new ChangeLog(this.overlay);
  /** Recent exclusive reads, so an UPDATE/DELETE of such a row skips a second store read. */
  readonly lockedReads = new LockedReads();
  #options: TransactionOptions;
  readonly #host: TransactionHost;
  readonly #savepoints: SavepointMark[] = [];
  #snapshot: KvSnapshot | undefined = undefined;
  #holdsTransactionLock = false;
  /** The implicit-writer sets (one per table lock space) this transaction is in. */
  readonly #claimedIn: Set<TableTransaction>[] = [];
  #lastClaimSpace: LockSpace | undefined = undefined;
  #state: TransactionState = "active";

  constructor(id: number, options: TransactionOptions, host: TransactionHost) {
    this.id = id;
    this.#options = options;
    this.#host = host;
    this.lockOwner = new LockOwner(id);
    if (options.consistentSnapshot) this.#snapshot = host.store.snapshot();
  }

  get options(): TransactionOptions {
    return this.#options;
  }

  get hasWrites(): boolean {
    return this.changes.length > 0;
  }

  /**
   * Bytes this transaction's write set holds: overlay and change log exactly, row locks as
   * their count times an estimate (the lock manager's objects are not ours to measure).
   */
  get heldBytes(): number {
    const locks = this.lockOwner.held.length * rowLockHeldBytesEstimate;
    return this.overlay.heldBytes + this.changes.heldBytes + locks;
  }

  get isActive(): boolean {
    return this.#state === "active";
  }

  startStatement(): void {
    const isolation = this.#options.isolation;
    if (isolation !== "READ-COMMITTED" && isolation !== "READ-UNCOMMITTED") return;
    this.#snapshot?.release();
    this.#snapshot = undefined;
  }

  savepoint(): SavepointHandle {
    this.#savepoints.push({ overlay: this.overlay.mark, changes: this.changes.length });
    return { id: this.#savepoints.length - 1 };
  }

  rollbackToSavepoint(savepoint: SavepointHandle): void {
    if (this.#state !== "active") return;
    const mark = this.#savepoints[savepoint.id];
    assert(mark !== undefined, "savepoint of this transaction");
    // A savepoint taken after an earlier rollback point may lie beyond the current state; then
    // there is nothing to undo (as the memory backend).
    this.overlay.undoTo(Math.min(mark.overlay, this.overlay.mark));
    this.changes.truncate(Math.min(this.changes.length, mark.changes));
  }

  setLockWaitTimeoutMs(milliseconds: number): void {
    this.#options = { ...this.#options, lockWaitTimeoutMs: milliseconds };
  }

  async commit(): Promise<void> {
    if (this.#state !== "active") return;
    if (this.changes.length === 0) {
      this.#finish("committed");
      return;
    }
    const batch = this.#buildBatch();
    const changes = this.changes.rowChanges();
    try {
      await this.#host.pipeline.commit({ kind: "rows", changes }, batch);
    } catch (error) {
      this.#rollbackNow("rolled-back");
      throw error;
    }
    this.#host.afterCommit(this.changes.rowCountDeltas());
    this.#finish("committed");
  }

  async rollback(): Promise<void> {
    if (this.#state !== "active") return;
    this.#rollbackNow("rolled-back");
  }

  // ---- used by the tables ------------------------------------------------------------------

  checkActive(): void {
    if (this.#state === "deadlocked") throw sqlError(ER_LOCK_DEADLOCK);
    // The message is built only on failure (this runs for every read and write).
    if (this.#state !== "active") assert(false, `transaction ${this.id} used after it ended`);
  }

  checkWritable(): void {
    this.checkActive();
    if (this.#options.readOnly) throw sqlError(ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION);
    if (this.heldBytes > this.#host.transactionBytesMax) throw sqlError(ER_TRANS_CACHE_FULL);
    if (!this.#holdsTransactionLock) {
      // Before the first write nobody waits for this transaction, so this is granted at once.
      const host = this.#host;
      const wait = host.lockManager.acquire(
        this.lockOwner, host.transactionLocks, String(this.id), "exclusive", 0,
      );
      assert(wait === undefined, "a transaction's own lock is free before its first write");
      this.#holdsTransactionLock = true;
    }
  }

  /** The snapshot for a consistent read, taken now if this is the first read. */
  readSnapshot(): KvSnapshot {
    let snapshot = this.#snapshot;
    if (snapshot === undefined) {
      snapshot = this.#host.store.snapshot();
      this.#snapshot = snapshot;
    }
    return snapshot;
  }

  /**
   * Locks the row `name` (its primary key as latin1) whose data key is `dataKey`; undefined
   * when granted at once. A row another open transaction has written (an implicit lock, see
   * the file header) is waited for through that transaction's lock first. On deadlock this
   * transaction is rolled back (its locks released, so the other member proceeds) before the
   * error propagates.
   */
  lockRow(
    space: LockSpace,
    name: string,
    dataKey: Uint8Array,
    mode: RowLockMode,
  ): Promise<void> | undefined {
    const host = this.#host;
    const timeoutMs = this.#options.lockWaitTimeoutMs;
    try {
      const writer = space.locks.has(name) ? undefined : this.otherWriter(space, dataKey);
      if (writer === undefined) {
        return host.lockManager.acquire(this.lockOwner, space, name, mode, timeoutMs);
      }
      const transactionLock = String(writer.id);
      const wait = host.lockManager.acquire(
        this.lockOwner, host.transactionLocks, transactionLock, "shared", timeoutMs,
      );
      // Granted means the writer has ended; lock the row itself now (it may be locked anew).
      if (wait === undefined) {
        const again = this.otherWriter(space, dataKey);
        assert(again !== writer, "a writer holds its transaction lock");
        return this.lockRow(space, name, dataKey, mode);
      }
      return wait.then(() => this.lockRow(space, name, dataKey, mode));
    } catch (error) {
      const deadlock = isSqlError(error) && error.code === ER_LOCK_DEADLOCK.code;
      if (deadlock) this.#rollbackNow("deadlocked");
      throw error;
    }
  }

  /** Records that an insert claimed a row of `space`'s table implicitly (file header). */
  claimedImplicitly(space: LockSpace): void {
    if (space === this.#lastClaimSpace) return;
    this.#lastClaimSpace = space;
    const writers = this.#host.implicitWriters(space);
    if (writers.has(this)) return;
    writers.add(this);
    this.#claimedIn.push(writers);
  }

  /**
   * Another open transaction that wrote `dataKey` of `space`'s table under an implicit lock,
   * if any. Only transactions with implicit claims in that table are probed: other writes
   * are covered by lock-manager locks.
   */
  otherWriter(space: LockSpace, dataKey: Uint8Array): TableTransaction | undefined {
    let hash = -1;
    for (const txn of this.#host.implicitWriters(space)) {
      if (txn === this) continue;
      if (hash < 0) hash = hashKey(dataKey);
      if (txn.overlay.findHashed(dataKey, hash) !== NO_SLOT) return txn;
    }
    return undefined;
  }

  /**
   * A fresh provisional hidden row id (see the file header). Unique across transactions, so
   * row lock names of provisional rows never collide.
   */
  provisionalRowId(): bigint {
    return this.#host.provisionalRowId();
  }

  /** The other open transactions of the catalog. */
  *others(): Iterable<TableTransaction> {
    for (const txn of this.#host.activeTransactions()) if (txn !== this) yield txn;
  }

  // ---- internals ---------------------------------------------------------------------------

  /** The engine batch: the overlay's final state, provisional row ids replaced by real ones. */
  #buildBatch(): WriteBatch {
    const realIds = this.#allocateHiddenRowIds();
    const batch = new WriteBatch();
    const overlay = this.overlay;
    // Keys and values are views of the overlay's arena: the memtable copies both, and the
    // arena is not truncated once commit has begun.
    const slots = overlay.sortedSlots();
    for (let i = 0; i < slots.length; i++) {
      let key = overlay.keyOf(slots[i]!);
      let value = overlay.valueOf(slots[i]!);
      if (realIds.size > 0 && this.#host.hiddenRowIds(tableIdOfDataKey(key)) !== undefined) {
        const provisional = trailingRowId(key);
        if (provisional >= PROVISIONAL_ROW_ID_MIN) {
          // A provisional row deleted again before commit never reaches the store.
          if (value === undefined) continue;
          key = withTrailingRowId(key, realIds, provisional);
          if (value.length === HIDDEN_ROW_ID_BYTES && isSecondaryValue(key)) {
            value = withTrailingRowId(value, realIds, provisional);
          }
        }
      }
      if (value === undefined) batch.delete(key);
      else batch.put(key, value);
    }
    return batch;
  }

  #allocateHiddenRowIds(): Map<bigint, bigint> {
    const realIds = new Map<bigint, bigint>();
    for (const [tableId, provisional] of this.changes.provisionalRowIds()) {
      const allocator = this.#host.hiddenRowIds(tableId);
      assert(allocator !== undefined, "provisional ids only for tables without a primary key");
      realIds.set(provisional, allocator.allocate());
    }
    return realIds;
  }

  #rollbackNow(state: TransactionState): void {
    this.changes.truncate(0);
    this.overlay.undoTo(0);
    this.#finish(state);
  }

  #finish(state: TransactionState): void {
    this.#state = state;
    this.#snapshot?.release();
    this.#snapshot = undefined;
    for (const writers of this.#claimedIn) writers.delete(this);
    this.#claimedIn.length = 0;
    this.#host.lockManager.releaseAll(this.lockOwner);
    this.#host.finished(this);
  }
}

function trailingRowId(bytes: Uint8Array): bigint {
  return decodeHiddenRowId(bytes.subarray(bytes.length - HIDDEN_ROW_ID_BYTES));
}

function withTrailingRowId(
  bytes: Uint8Array,
  realIds: ReadonlyMap<bigint, bigint>,
  id: bigint,
): Uint8Array {
  const real = realIds.get(id);
  assert(real !== undefined, "every live provisional row id has a real id");
  const copy = bytes.slice();
  copy.set(encodeHiddenRowId(real), bytes.length - HIDDEN_ROW_ID_BYTES);
  return copy;
}

/** Secondary index keys have a non-zero index id (bytes 5..8 of a data key). */
function isSecondaryValue(key: Uint8Array): boolean {
  return !bytesEqual(key.subarray(5, 9), new Uint8Array(4));
}
