/**
 * Multi-version rows: every primary key value maps to a VersionChain, a newest-first linked list
 * of RowVersions. A version is either committed (`ownerId` 0, `sequence` = its commit sequence)
 * or uncommitted (`ownerId` = the writing transaction, `sequence` = uncommittedSequence).
 *
 * Invariants:
 * - Sequences strictly decrease along the chain among committed versions.
 * - Uncommitted versions all belong to one transaction (it holds the row's exclusive lock) and
 *   form a prefix of the chain; the newest of them is that transaction's current row.
 * - `row === null` is a tombstone (the row is deleted as of that version).
 *
 * Visibility: a reader with snapshot S (a commit sequence) sees its own newest uncommitted
 * version, else the newest committed version with sequence <= S. A current read uses S = ∞.
 */

import type { Row, SqlValue } from "../types/value.ts";
import type { EncodedKey } from "./key-comparator.ts";

export const uncommittedSequence = Number.MAX_SAFE_INTEGER;
/** The snapshot of a current (locking) read: newest committed version. */
export const currentReadSnapshot = Number.POSITIVE_INFINITY;

export interface RowVersion {
  sequence: number;
  ownerId: number;
  readonly row: Row | null;
  next: RowVersion | undefined;
}

export class VersionChain {
  head: RowVersion | undefined = undefined;
  /** Whether the chain waits in its table's garbage-collection queue. */
  queuedForCollection = false;

  constructor(
    /** Primary key values (or [hidden row id]). */
    readonly primaryKey: readonly SqlValue[],
    /** KeyComparator.encode(primaryKey): the chain's name in maps and lock names. */
    readonly encodedKey: EncodedKey,
  ) {}

  /** The row visible to transaction `readerId` at `snapshot`, or null (absent or deleted). */
  visibleRow(readerId: number, snapshot: number): Row | null {
    for (let v = this.head; v !== undefined; v = v.next) {
      if (v.ownerId !== 0) {
        if (v.ownerId === readerId) return v.row;
        continue;
      }
      if (v.sequence <= snapshot) return v.row;
    }
    return null;
  }

  /** The transaction id holding uncommitted versions here, or 0. */
  get writerId(): number {
    return this.head?.ownerId ?? 0;
  }

  /** The newest committed row (or null). */
  latestCommittedRow(): Row | null {
    for (let v = this.head; v !== undefined; v = v.next) if (v.ownerId === 0) return v.row;
    return null;
  }

  /** Adds an uncommitted version by `ownerId` at the head. */
  push(ownerId: number, row: Row | null): RowVersion {
    const version: RowVersion = { sequence: uncommittedSequence, ownerId, row, next: this.head };
    this.head = version;
    return version;
  }

  /**
   * Drops every version no snapshot at or after `horizon` can see: all versions older than the
   * newest committed version with sequence <= horizon, and that one too if it is a tombstone
   * at the head. Returns the dropped versions (for index cleanup).
   */
  prune(horizon: number): RowVersion[] {
    let previous: RowVersion | undefined;
    let v = this.head;
    while (v !== undefined && (v.ownerId !== 0 || v.sequence > horizon)) {
      previous = v;
      v = v.next;
    }
    if (v === undefined) return [];
    const dropped: RowVersion[] = [];
    for (let old = v.next; old !== undefined; old = old.next) dropped.push(old);
    v.next = undefined;
    if (previous === undefined && v.row === null) {
      dropped.push(v);
      this.head = undefined;
    }
    return dropped;
  }

  /** True when pruning could still drop something later (more than one version, or a tombstone). */
  get collectable(): boolean {
    const head = this.head;
    return head !== undefined && (head.next !== undefined || head.row === null);
  }

  /** Every row stored in the chain (all versions, tombstones skipped). */
  *rows(): Iterable<Row> {
    for (let v = this.head; v !== undefined; v = v.next) if (v.row !== null) yield v.row;
  }
}
