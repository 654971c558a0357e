/**
 * ShadowedVersions: the one rule by which flushes and compactions drop versions no reader can
 * see (leveldb's DoCompactionWork): fed entries in internal-key order (user key ascending,
 * newest version first), an entry is shadowed when a newer version of the same user key came
 * before it that the oldest live snapshot already sees — no live or future snapshot can read it.
 *
 * Visibility is a trailer comparison (internal-key.ts `isVisibleAtSnapshot`), so there is no
 * BigInt per entry. The current user key is copied (callers' iterators reuse their key buffers).
 */

import { ByteSink } from "../../util/byte-sink.ts";
import {
  INTERNAL_KEY_TRAILER_BYTES,
  compareUserKeyOf,
  isVisibleAtSnapshot,
  snapshotTrailer,
} from "./internal-key.ts";

export class ShadowedVersions {
  readonly #oldest: Uint8Array;
  readonly #userKey = new ByteSink(64);
  #hasUserKey = false;
  #newerSeenByOldest = false;
  /** True when the entry last passed to `shadowed` began a new user key. */
  startedUserKey = false;

  /** `oldestSnapshot`: no live snapshot is older (the newest sequence when there is none). */
  constructor(oldestSnapshot: bigint) {
    this.#oldest = snapshotTrailer(oldestSnapshot);
  }

  /** Whether the oldest live snapshot sees `internalKey` (its sequence is <= that snapshot). */
  seenByOldest(internalKey: Uint8Array): boolean {
    return isVisibleAtSnapshot(internalKey, this.#oldest);
  }

  /** Feeds the next entry; true when it is shadowed and may be dropped. */
  shadowed(internalKey: Uint8Array): boolean {
    const same =
      this.#hasUserKey && compareUserKeyOf(internalKey, this.#userKey.view()) === 0;
    this.startedUserKey = !same;
    const shadowed = same && this.#newerSeenByOldest;
    if (!same) {
      this.#userKey.clear();
      this.#userKey.putRange(internalKey, 0, internalKey.length - INTERNAL_KEY_TRAILER_BYTES);
      this.#hasUserKey = true;
    }
    // Versions come newest first, so once one is seen by the oldest snapshot all older are too.
    this.#newerSeenByOldest = this.seenByOldest(internalKey);
    return shadowed;
  }
}
