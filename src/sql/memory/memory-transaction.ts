/**
 * MemoryTransaction: one transaction of the memory backend. It owns the read snapshot, the undo
 * log (every version it pushed, in order) and its LockOwner.
 *
 * Invariants:
 * - Every uncommitted version of this transaction appears in `#undo` exactly once; undoing pops
 *   the chain head, which is always the version being undone (the row lock is held).
 * - commit() publishes every version with one new commit sequence, synchronously (no await
 *   between the first and the last), then releases locks; so readers see all or nothing.
 * - After a deadlock rollback the transaction is finished: commit() and rollback() do nothing,
 *   rollbackToSavepoint() does nothing, reads and writes throw ER_LOCK_DEADLOCK again.
 *
 * Isolation: REPEATABLE READ and SERIALIZABLE keep the snapshot taken at the first read (or at
 * begin with consistentSnapshot); READ COMMITTED and READ UNCOMMITTED drop it at startStatement().
 * SERIALIZABLE does not turn plain reads into shared-locking reads (InnoDB does with autocommit
 * off); it behaves as REPEATABLE READ.
 */

import { assert } from "../../util/assert.ts";
import {
  ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION,
  ER_LOCK_DEADLOCK,
} from "../../util/mysql-errors.ts";
import type {
  SavepointHandle,
  StatementAwareTransaction,
  TransactionOptions,
} from "../catalog/catalog.ts";
import { isSqlError, sqlError } from "../sql-error.ts";
import type { EncodedKey } from "./key-comparator.ts";
import { LockOwner, type LockSpace, type RowLockMode } from "./lock-manager.ts";
import type { MvccState, SnapshotHolder } from "./mvcc-state.ts";
import type { RowVersion, VersionChain } from "./version-chain.ts";

/** The table side of undo and commit (implemented by MemoryTable). */
export interface VersionStore {
  /** Index and chain cleanup after `version` left `chain`. */
  afterVersionRemoved(chain: VersionChain, version: RowVersion): void;
  /** Chains this store just committed (garbage-collection bookkeeping). */
  afterCommit(chains: readonly VersionChain[]): void;
}

interface UndoEntry {
  readonly store: VersionStore;
  readonly chain: VersionChain;
  readonly version: RowVersion;
}

type TransactionState = "active" | "committed" | "rolled-back" | "deadlocked";

export class MemoryTransaction implements StatementAwareTransaction, SnapshotHolder {
  readonly id: number;
  readonly lockOwner: LockOwner;
  snapshot: number | undefined = undefined;
  #options: TransactionOptions;
  readonly #mvcc: MvccState;
  readonly #undo: UndoEntry[] = [];
  #hasWrites = false;
  #state: TransactionState = "active";

  constructor(id: number, options: TransactionOptions, mvcc: MvccState) {
    this.id = id;
    this.#options = options;
    this.#mvcc = mvcc;
    this.lockOwner = new LockOwner(id);
    mvcc.active.add(this);
    if (options.consistentSnapshot) this.snapshot = mvcc.lastCommitted;
  }

  get options(): TransactionOptions {
    return this.#options;
  }

  get hasWrites(): boolean {
    return this.#hasWrites;
  }

  get isActive(): boolean {
    return this.#state === "active";
  }

  startStatement(): void {
    const isolation = this.#options.isolation;
    const perStatement = isolation === "READ-COMMITTED" || isolation === "READ-UNCOMMITTED";
    if (perStatement) this.snapshot = undefined;
  }

  savepoint(): SavepointHandle {
    return { id: this.#undo.length };
  }

  rollbackToSavepoint(savepoint: SavepointHandle): void {
    if (this.#state !== "active") return;
    assert(savepoint.id >= 0, "savepoint id");
    while (this.#undo.length > savepoint.id) this.#undoLast();
  }

  #undoLast(): void {
    const entry = this.#undo.pop()!;
    const chain = entry.chain;
    assert(chain.head === entry.version, "undo pops the chain head");
    chain.head = entry.version.next;
    entry.store.afterVersionRemoved(chain, entry.version);
  }

  async commit(): Promise<void> {
    if (this.#state !== "active") return;
    if (this.#undo.length > 0) this.#publish(++this.#mvcc.lastCommitted);
    this.#finish("committed");
  }

  /** Makes every own version committed at `sequence`; synchronous by design (atomic publish). */
  #publish(sequence: number): void {
    // Most transactions touch one table: a short list beats a Map here.
    const byStore: [VersionStore, VersionChain[]][] = [];
    for (const { store, chain } of this.#undo) {
      const head = chain.head;
      assert(head !== undefined, "a written chain has versions");
      // A chain written twice is published at its first undo entry; later entries see ownerId 0.
      if (head.ownerId !== this.id) {
        assert(head.ownerId === 0 && head.sequence === sequence, "own versions lead the chain");
        continue;
      }
      head.ownerId = 0;
      head.sequence = sequence;
      // Older own versions were never visible to anyone: drop them now.
      while (head.next !== undefined && head.next.ownerId === this.id) {
        const dropped = head.next;
        head.next = dropped.next;
        store.afterVersionRemoved(chain, dropped);
      }
      const group = byStore.find((entry) => entry[0] === store);
      if (group === undefined) byStore.push([store, [chain]]);
      else group[1].push(chain);
    }
    this.#undo.length = 0;
    for (const [store, chains] of byStore) store.afterCommit(chains);
  }

  async rollback(): Promise<void> {
    if (this.#state !== "active") return;
    this.#rollbackNow("rolled-back");
  }

  #rollbackNow(state: TransactionState): void {
    while (this.#undo.length > 0) this.#undoLast();
    this.#finish(state);
  }

  #finish(state: TransactionState): void {
    this.#state = state;
    this.#mvcc.lockManager.releaseAll(this.lockOwner);
    this.#mvcc.active.delete(this);
  }

  setLockWaitTimeoutMs(milliseconds: number): void {
    this.#options = { ...this.#options, lockWaitTimeoutMs: milliseconds };
  }

  // ---- used by MemoryTable -------------------------------------------------------------------

  /** Throws unless reads and writes are allowed (a deadlock victim stays unusable). */
  checkActive(): void {
    if (this.#state === "deadlocked") throw sqlError(ER_LOCK_DEADLOCK);
    assert(this.#state === "active", `transaction ${this.id} used after it ended`);
  }

  checkWritable(): void {
    this.checkActive();
    if (this.#options.readOnly) throw sqlError(ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION);
  }

  /** The snapshot for a consistent read, taken now if this is the first read. */
  readSnapshot(): number {
    let snapshot = this.snapshot;
    if (snapshot === undefined) {
      snapshot = this.#mvcc.lastCommitted;
      this.snapshot = snapshot;
    }
    return snapshot;
  }

  /**
   * Locks `name`; undefined when granted at once. On deadlock this transaction is rolled back
   * (its locks released, so the other member proceeds) before the error propagates.
   */
  lockRow(space: LockSpace, name: EncodedKey, mode: RowLockMode): Promise<void> | undefined {
    const timeoutMs = this.#options.lockWaitTimeoutMs;
    try {
      return this.#mvcc.lockManager.acquire(this.lockOwner, space, name, mode, timeoutMs);
    } catch (error) {
      const deadlock = isSqlError(error) && error.code === ER_LOCK_DEADLOCK.code;
      if (deadlock) this.#rollbackNow("deadlocked");
      throw error;
    }
  }

  /** Records a version this transaction pushed onto `chain`. */
  recordWrite(store: VersionStore, chain: VersionChain, version: RowVersion): void {
    assert(this.#state === "active", "writes only in an active transaction");
    this.#undo.push({ store, chain, version });
    this.#hasWrites = true;
  }
}
