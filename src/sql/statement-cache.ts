/**
 * The server-wide statement-text → parsed statements cache (LRU), bounded by
 * constants.statementCacheEntriesMax entries; texts longer than statementCacheTextBytesMax are
 * never cached. Each entry also keeps the plan slots of its statements, so repeated text
 * queries skip parsing and planning (plans re-validate themselves, see executable-plan.ts).
 * Plans hold no per-session state, so sessions share them safely.
 */

import { statementCacheEntriesMax, statementCacheTextBytesMax } from "../constants.ts";
import type { Statement } from "./parser/ast.ts";
import type { CachedPlan } from "./execute/executable-plan.ts";

export interface CacheEntry {
  readonly statements: readonly Statement[];
  readonly planSlots: { cached?: CachedPlan }[];
}

export class StatementCache {
  readonly #entries = new Map<string, CacheEntry>();

  constructor(readonly entriesMax = statementCacheEntriesMax) {}

  get(text: string): CacheEntry | undefined {
    const entry = this.#entries.get(text);
    if (entry !== undefined) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.#entries.delete(text);
      this.#entries.set(text, entry);
    }
    return entry;
  }

  /** Stores the parse of `text` when it is short enough; returns the entry either way. */
  put(text: string, statements: readonly Statement[]): CacheEntry {
    const entry: CacheEntry = { statements, planSlots: statements.map(() => ({})) };
    if (text.length > statementCacheTextBytesMax) return entry;
    this.#entries.set(text, entry);
    if (this.#entries.size > this.entriesMax) this.#evict();
    return entry;
  }

  /**
   * Drops the least recently used eighth in one pass. Evicting one entry per insert would walk
   * past every previously deleted slot at the front of the Map each time (quadratic).
   */
  #evict(): void {
    let remaining = Math.max(this.entriesMax >> 3, 1) + (this.#entries.size - this.entriesMax - 1);
    for (const key of this.#entries.keys()) {
      this.#entries.delete(key);
      if (--remaining <= 0) break;
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
