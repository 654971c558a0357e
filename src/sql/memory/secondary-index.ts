/**
 * SecondaryIndex: the entries of one secondary index, sorted by (index key, primary key).
 *
 * Invariants:
 * - For every row version stored in any chain there is an entry (keyOf(row) ++ primaryKey)
 *   pointing at that chain; an entry may outlive its versions only until `removeIfUnused`.
 * - Readers never trust an entry alone: the row version visible to them must still have the
 *   entry's key (`keys.matchesRow`), so stale entries cost time, never correctness.
 * - NULL-containing keys are stored like any other; uniqueness ignores them (MySQL semantics).
 */

import type { IndexSchema, TableSchema } from "../catalog/schema.ts";
import type { KeyBound, KeyRange } from "../catalog/catalog.ts";
import type { Row, SqlValue } from "../types/value.ts";
import { KeyComparator, keyPartsOf, type KeyPart } from "./key-comparator.ts";
import { SortedList, sortedListChunkItemsMax, type ProbeBound } from "./sorted-list.ts";
import type { VersionChain } from "./version-chain.ts";

export interface IndexEntry {
  /** Index key values followed by the primary key values. */
  readonly key: readonly SqlValue[];
  readonly chain: VersionChain;
}

export class SecondaryIndex {
  readonly schema: IndexSchema;
  /** Compares index keys (index columns only). */
  readonly keys: KeyComparator;
  readonly #entryKeys: KeyComparator;
  readonly entries: SortedList<IndexEntry>;

  constructor(table: TableSchema, schema: IndexSchema, primaryParts: readonly KeyPart[]) {
    this.schema = schema;
    const parts = keyPartsOf(table, schema);
    this.keys = new KeyComparator(parts);
    const entryKeys = new KeyComparator([...parts, ...primaryParts]);
    this.#entryKeys = entryKeys;
    const prefixOf = entryKeys.hasNumericPrefix
      ? (entry: IndexEntry) => entryKeys.prefixOf(entry.key)
      : undefined;
    this.entries = new SortedList<IndexEntry>(
      (a, b) => entryKeys.compare(a.key, b.key),
      sortedListChunkItemsMax,
      prefixOf,
    );
  }

  get name(): string {
    return this.schema.name;
  }

  #entry(chain: VersionChain, row: Row): IndexEntry {
    return { key: [...this.keys.keyOf(row), ...chain.primaryKey], chain };
  }

  add(chain: VersionChain, row: Row): void {
    this.entries.insert(this.#entry(chain, row));
  }

  /** Removes the entry for `row` unless another version in `chain` still has its key. */
  removeIfUnused(chain: VersionChain, row: Row): void {
    const key = this.keys.keyOf(row);
    for (const other of chain.rows()) if (this.keys.matchesRow(key, other)) return;
    this.entries.delete({ key: [...key, ...chain.primaryKey], chain });
  }

  /** Visits entries whose index key lies in `range` (bounds already prefix-truncated). */
  forEachInRange(range: KeyRange, reverse: boolean, visit: (entry: IndexEntry) => boolean): void {
    this.entries.forEachInRange(
      this.#probe(range.lower),
      this.#probe(range.upper),
      reverse,
      visit,
    );
  }

  #probe(bound: KeyBound | undefined): ProbeBound<IndexEntry> | undefined {
    if (bound === undefined) return undefined;
    const key = this.keys.boundKey(bound.key);
    const entryKeys = this.#entryKeys;
    const length = Math.min(key.length, entryKeys.parts.length);
    const probe = (entry: IndexEntry) => entryKeys.compare(entry.key, key, length);
    const prefix = entryKeys.hasNumericPrefix && length > 0 ? entryKeys.prefixOf(key) : undefined;
    return { probe, inclusive: bound.inclusive, prefix };
  }

  /** Chains whose entries carry exactly `key` (a full index key). */
  chainsWithKey(key: readonly SqlValue[]): VersionChain[] {
    const bound = { key, inclusive: true };
    const chains: VersionChain[] = [];
    this.forEachInRange({ lower: bound, upper: bound }, false, (entry) => {
      chains.push(entry.chain);
      return true;
    });
    return chains;
  }
}

export function hasNull(key: readonly SqlValue[]): boolean {
  for (const v of key) if (v === null) return true;
  return false;
}
