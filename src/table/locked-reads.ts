/**
 * LockedReads: a transaction's most recent current reads made under an exclusive row lock (the
 * stored bytes per data key), so that an UPDATE or DELETE of a row it has just read that way
 * uses those bytes as its current row instead of reading the store a second time.
 *
 * Why this is sound: the exclusive lock on the row's primary key is held from before the read
 * until the transaction ends, and every other writer takes that lock before it changes the row,
 * so the committed bytes cannot change meanwhile. Only the transaction itself can change them,
 * through its write overlay; a remembered read is therefore used only while the overlay's entry
 * for the key is the one seen at read time (checked cheaply via the overlay's version first).
 *
 * Entries are matched by table layout and data key, not by row object: the SQL layer hands
 * writes projected copies of the rows it read. Only the last `lockedReadsRemembered` reads are
 * kept (a ring), so memory stays bounded for statements that read many rows; older reads simply
 * fall back to a store read.
 */

import { bytesEqual } from "../util/bytes.ts";
import type { TableLayout } from "./table-layout.ts";
import type { WriteOverlay } from "./write-overlay.ts";

/** How many recent exclusive reads a transaction remembers. */
const lockedReadsRemembered = 8;

export interface LockedRead {
  readonly layout: TableLayout;
  readonly dataKey: Uint8Array;
  /** The stored row (from the overlay or the newest committed data). */
  readonly bytes: Uint8Array;
  /** The overlay's slot for dataKey when the read began (NO_SLOT: none). */
  readonly ownSlot: number;
  /** The overlay's undo count then (slot numbers are reused after an undo). */
  readonly undos: number;
  /** The overlay's version when the read began. */
  readonly version: number;
}

export class LockedReads {
  readonly #ring: (LockedRead | undefined)[] = [];
  #next = 0;

  /** Records a read made while the transaction held the row's exclusive lock. */
  remember(read: LockedRead): void {
    this.#ring[this.#next] = read;
    this.#next = (this.#next + 1) % lockedReadsRemembered;
  }

  /**
   * The stored bytes of the row at `dataKey` of `layout` from the newest remembered read of it,
   * when that read is still current given `overlay` (see the file header); else undefined.
   */
  current(layout: TableLayout, dataKey: Uint8Array, overlay: WriteOverlay): Uint8Array | undefined {
    const ring = this.#ring;
    for (let step = 1; step <= ring.length; step++) {
      const index = (this.#next - step + lockedReadsRemembered) % lockedReadsRemembered;
      const read = ring[index];
      if (read === undefined || read.layout !== layout || !bytesEqual(read.dataKey, dataKey)) {
        continue;
      }
      const unchanged = overlay.version === read.version
        || (overlay.undos === read.undos && overlay.find(dataKey) === read.ownSlot);
      return unchanged ? read.bytes : undefined;
    }
    return undefined;
  }
}
