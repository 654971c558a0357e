/**
 * SnapshotList: the sequences pinned by live snapshots (leveldb's SnapshotList). Compaction may
 * drop a version only if no live snapshot can see it, so it asks for the oldest pinned sequence.
 * One sequence may be pinned several times; each snapshot releases its own pin once.
 */

import { assert } from "../../util/assert.ts";
import type { KvSnapshot } from "../kv-store.ts";

export class SnapshotList {
  readonly #pins = new Map<bigint, number>();

  /** Pins `sequence` until the returned snapshot is released. */
  acquire(sequence: bigint): KvSnapshot {
    assert(sequence >= 0n, "snapshot of a negative sequence");
    this.#pins.set(sequence, (this.#pins.get(sequence) ?? 0) + 1);
    let released = false;
    const pins = this.#pins;
    return {
      sequence,
      release(): void {
        if (released) return;
        released = true;
        const count = pins.get(sequence);
        assert(count !== undefined && count > 0, "snapshot pin count underflow");
        if (count === 1) pins.delete(sequence);
        else pins.set(sequence, count - 1);
      },
    };
  }

  /** The oldest pinned sequence, or `otherwise` when nothing is pinned. */
  oldest(otherwise: bigint): bigint {
    let oldest = otherwise;
    for (const sequence of this.#pins.keys()) if (sequence < oldest) oldest = sequence;
    return oldest;
  }

  get count(): number {
    return this.#pins.size;
  }
}
