/**
 * LockedReads: remembers, per row object a locking read returned under an exclusive row lock,
 * the stored bytes it was decoded from, so that an UPDATE or DELETE of exactly that row can use
 * them as its current row instead of reading the store a second time.
 *
 * Why this is sound: the exclusive lock on the row's primary key is held from before the read
 * until the transaction ends, and every other writer takes that lock before it changes the row,
 * so the committed bytes cannot change meanwhile. Only the transaction itself can change them,
 * through its write overlay; a remembered read is therefore used only while the overlay's entry
 * for the key is the one seen at read time (checked cheaply via the overlay's version first).
 *
 * Invariants: an entry belongs to one transaction, one table layout and one data key; rows are
 * weak keys, so entries vanish with the rows the SQL layer drops.
 */

import type { OverlayEntry } from "./write-overlay.ts";
import type { TableLayout } from "./table-layout.ts";
import type { TableTransaction } from "./table-transaction.ts";
import type { Row } from "../sql/types/value.ts";
import { bytesEqual } from "../util/bytes.ts";

interface LockedRead {
  readonly txn: TableTransaction;
  readonly layout: TableLayout;
  readonly dataKey: Uint8Array;
  /** The stored row (from the overlay or the newest committed data). */
  readonly bytes: Uint8Array;
  /** The overlay's entry for dataKey when the read began (undefined: none). */
  readonly own: OverlayEntry | undefined;
  /** The overlay's version when the read began. */
  readonly version: number;
}

export class LockedReads {
  readonly #reads = new WeakMap<Row, LockedRead>();

  /** Records that `row` was decoded from `bytes`, read while `txn` held the exclusive lock. */
  remember(row: Row, read: LockedRead): void {
    this.#reads.set(row, read);
  }

  /**
   * The stored bytes of `row` when it came from an exclusive read by `txn` of `dataKey` under
   * `layout` that is still current (see the file header); otherwise undefined.
   */
  current(
    txn: TableTransaction,
    row: Row,
    layout: TableLayout,
    dataKey: Uint8Array,
  ): Uint8Array | undefined {
    const read = this.#reads.get(row);
    if (read === undefined || read.txn !== txn || read.layout !== layout) return undefined;
    if (!bytesEqual(read.dataKey, dataKey)) return undefined;
    const overlay = txn.overlay;
    if (overlay.version !== read.version && overlay.get(dataKey) !== read.own) return undefined;
    return read.bytes;
  }
}
