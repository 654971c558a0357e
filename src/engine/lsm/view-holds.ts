/**
 * ViewHolds: counts how many in-flight gets and open cursors hold each manifest (a "view" of the
 * tree), so the garbage collector deletes no SST a held manifest names.
 *
 * The count of the most recently held manifest lives in two fields, the rest in a Map: a get
 * holds the current manifest, so the common hold and release are two field updates rather than
 * two Map operations on every point read. Invariant: a manifest is counted in exactly one place
 * (the recent fields or the map), and every count is positive.
 */

import { assert } from "../../util/assert.ts";
import type { Manifest } from "./manifest.ts";

export class ViewHolds {
  readonly #others = new Map<Manifest, number>();
  #recent: Manifest | undefined;
  #recentHolds = 0;

  hold(manifest: Manifest): void {
    if (manifest === this.#recent) {
      this.#recentHolds++;
      return;
    }
    // A manifest already counted in the map stays there, so none is counted twice.
    if (this.#recentHolds === 0 && !this.#others.has(manifest)) {
      this.#recent = manifest;
      this.#recentHolds = 1;
      return;
    }
    this.#others.set(manifest, (this.#others.get(manifest) ?? 0) + 1);
  }

  /** Drops one hold; returns true when that was the manifest's last one. */
  release(manifest: Manifest): boolean {
    if (manifest === this.#recent) {
      assert(this.#recentHolds > 0, "view released more often than held");
      this.#recentHolds--;
      return this.#recentHolds === 0;
    }
    const count = this.#others.get(manifest);
    assert(count !== undefined && count > 0, "view released more often than held");
    if (count > 1) {
      this.#others.set(manifest, count - 1);
      return false;
    }
    this.#others.delete(manifest);
    return true;
  }

  /** Every manifest with at least one hold. */
  *held(): IterableIterator<Manifest> {
    if (this.#recent !== undefined && this.#recentHolds > 0) yield this.#recent;
    yield* this.#others.keys();
  }
}
