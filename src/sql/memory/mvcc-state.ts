/**
 * MvccState: what every table and transaction of one MemoryCatalog shares: the commit sequence,
 * the set of open transactions (their snapshots bound garbage collection) and the lock manager.
 *
 * Invariants: `lastCommitted` only grows; a transaction is in `active` from begin to its end.
 * Commit sequences are JS numbers: 2^53 commits are out of reach for an in-memory store.
 */

import type { Clock } from "../../util/clock.ts";
import { LockManager } from "./lock-manager.ts";

/** What MvccState needs to know about an open transaction. */
export interface SnapshotHolder {
  /** The read snapshot, undefined until the first read (or between READ COMMITTED statements). */
  readonly snapshot: number | undefined;
}

export class MvccState {
  lastCommitted = 0;
  readonly active = new Set<SnapshotHolder>();
  readonly lockManager: LockManager;
  #nextTransactionId = 1;
  #nextTableId = 1;

  constructor(readonly clock: Clock) {
    this.lockManager = new LockManager(clock);
  }

  nextTransactionId(): number {
    return this.#nextTransactionId++;
  }

  nextTableId(): number {
    return this.#nextTableId++;
  }

  /** Every snapshot that any open or future transaction may take is at or after this. */
  collectionHorizon(): number {
    let horizon = this.lastCommitted;
    for (const holder of this.active) {
      const snapshot = holder.snapshot;
      if (snapshot !== undefined && snapshot < horizon) horizon = snapshot;
    }
    return horizon;
  }
}
