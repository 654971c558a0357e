/**
 * TableLayout: how one table's rows and index entries become data keys (keyspace-format.ts),
 * and how SQL key ranges become byte ranges. Pure encoding; no store access.
 *
 * Invariants: `primary.indexId` is 0; `secondaries[i]` describes `schema.indexes[i]` with the
 * id the table record assigned it; every key this layout builds starts with its index prefix.
 * Encoders return fresh arrays (callers keep them in overlays and batches).
 */

import { ByteSink } from "../util/byte-sink.ts";
import { concatBytes } from "../util/bytes.ts";
import type { KeyBound, KeyRange } from "../sql/catalog/catalog.ts";
import type { IndexSchema, TableSchema } from "../sql/catalog/schema.ts";
import type { SqlType } from "../sql/types/sql-type.ts";
import type { Row, SqlValue } from "../sql/types/value.ts";
import { encodeKeyValues, prefixSuccessor, type KeyColumnType } from "./key-codec.ts";
import { dataPrefix, PRIMARY_INDEX_ID } from "./keyspace-format.ts";

export interface IndexLayout {
  /** undefined for the hidden row id of a table without a primary key. */
  readonly schema: IndexSchema | undefined;
  readonly indexId: number;
  readonly prefix: Uint8Array;
  readonly columns: readonly KeyColumnType[];
  /** Column positions in the row, one per key column. */
  readonly positions: readonly number[];
  /** A UNIQUE secondary index (the writer enforces it; the key shape does not). */
  readonly unique: boolean;
}

/** A half-open byte range [lower, upper). */
export interface ByteRange {
  readonly lower: Uint8Array;
  readonly upper: Uint8Array;
}

export class TableLayout {
  readonly tableId: number;
  readonly schema: TableSchema;
  readonly primary: IndexLayout;
  readonly secondaries: readonly IndexLayout[];
  readonly hidden: boolean;
  /** Whether some secondary index is unique (writes then check and lock unique values). */
  readonly hasUniqueSecondary: boolean;
  readonly #sink = new ByteSink();

  constructor(
    tableId: number,
    schema: TableSchema,
    indexIds: readonly number[],
    previous?: TableLayout,
  ) {
    this.tableId = tableId;
    this.schema = schema;
    this.hidden = schema.primaryKey === undefined;
    this.primary = layoutOf(tableId, PRIMARY_INDEX_ID, schema, schema.primaryKey);
    this.secondaries = schema.indexes.map((index, i) => {
      const reused = previous?.secondaries.find((s) => s.indexId === indexIds[i]);
      return reused ?? layoutOf(tableId, indexIds[i]!, schema, index);
    });
    this.hasUniqueSecondary = this.secondaries.some((index) => index.unique);
  }

  /** The memcomparable bytes of `values` (a prefix of the index's columns). */
  encodeValues(index: IndexLayout, values: readonly SqlValue[]): Uint8Array {
    const sink = this.#sink;
    sink.clear();
    encodeKeyValues(index.columns, values, sink);
    return sink.toBytes();
  }

  /** prefix ‖ memcomparable `values`, in one allocation (point lookups: the hot path). */
  encodeDataKey(index: IndexLayout, values: readonly SqlValue[]): Uint8Array {
    const sink = this.#sink;
    sink.clear();
    sink.putBytes(index.prefix);
    encodeKeyValues(index.columns, values, sink);
    return sink.toBytes();
  }

  /** The index column values of `row`. */
  valuesOf(index: IndexLayout, row: Row): SqlValue[] {
    return index.positions.map((position) => row[position] ?? null);
  }

  /** Primary key bytes (without prefix) of a row of a table with a primary key. */
  primaryKeyOf(row: Row): Uint8Array {
    return this.encodeValues(this.primary, this.valuesOf(this.primary, row));
  }

  primaryDataKey(primaryKey: Uint8Array): Uint8Array {
    const prefix = this.primary.prefix;
    const key = new Uint8Array(prefix.length + primaryKey.length);
    key.set(prefix);
    key.set(primaryKey, prefix.length);
    return key;
  }

  /** The secondary entry key of `row`: prefix ‖ index columns ‖ primary key bytes. */
  secondaryDataKey(index: IndexLayout, row: Row, primaryKey: Uint8Array): Uint8Array {
    const sink = this.#sink;
    sink.clear();
    sink.putBytes(index.prefix);
    encodeKeyValues(index.columns, this.valuesOf(index, row), sink);
    sink.putBytes(primaryKey);
    return sink.toBytes();
  }

  /** The byte range of an index range; undefined when it can hold nothing. */
  byteRange(index: IndexLayout, range: KeyRange): ByteRange | undefined {
    const end = prefixSuccessor(index.prefix);
    if (end === undefined) return undefined;
    let lower = index.prefix;
    let upper = end;
    if (range.lower !== undefined) {
      const bound = this.#boundBytes(index, range.lower, "lower");
      if (bound === "empty") return undefined;
      if (bound !== "open") {
        const key = concatBytes([index.prefix, bound.bytes]);
        lower = bound.inclusive ? key : (prefixSuccessor(key) ?? end);
      }
    }
    if (range.upper !== undefined) {
      const bound = this.#boundBytes(index, range.upper, "upper");
      if (bound === "empty") return undefined;
      if (bound !== "open") {
        const key = concatBytes([index.prefix, bound.bytes]);
        upper = bound.inclusive ? (prefixSuccessor(key) ?? end) : key;
      }
    }
    return lower.length === 0 || compare(lower, upper) < 0 ? { lower, upper } : undefined;
  }

  /**
   * Encodes a bound. An integer outside its column type's range cannot be encoded; such a value
   * sorts above (or below) every storable value, so the bound becomes the preceding columns'
   * prefix, inclusive or exclusive as that order implies.
   */
  #boundBytes(
    index: IndexLayout,
    bound: KeyBound,
    side: "lower" | "upper",
  ): { readonly bytes: Uint8Array; readonly inclusive: boolean } | "empty" | "open" {
    const values = bound.key.slice(0, index.columns.length);
    let inclusive = bound.inclusive;
    for (let i = 0; i < values.length; i++) {
      const column = index.columns[i]!;
      const limits = integerLimits(column.type);
      const value = values[i];
      if (limits === undefined) continue;
      if (typeof value !== "number" && typeof value !== "bigint") continue;
      const big = BigInt(value);
      if (big >= limits.min && big <= limits.max) continue;
      const above = (big > limits.max) !== (column.descending === true);
      values.length = i;
      // lower: above → after the prefix; below → from the prefix. upper: the mirror image.
      inclusive = side === "lower" ? !above : above;
      break;
    }
    if (values.length === 0) return inclusive ? "open" : "empty";
    return { bytes: this.encodeValues(index, values), inclusive };
  }
}

function layoutOf(
  tableId: number,
  indexId: number,
  schema: TableSchema,
  index: IndexSchema | undefined,
): IndexLayout {
  const parts = index?.columns ?? [];
  const columns: KeyColumnType[] = parts.map((part) => {
    const type = schema.columns[part.column]!.type;
    return part.prefixLength === undefined
      ? { type, descending: part.descending }
      : { type, descending: part.descending, prefixLength: part.prefixLength };
  });
  return {
    schema: index,
    indexId,
    prefix: dataPrefix(tableId, indexId),
    columns,
    positions: parts.map((part) => part.column),
    unique: index !== undefined && index.unique && !index.primary,
  };
}

const integerBits: Partial<Record<SqlType["kind"], bigint>> = {
  tinyint: 8n,
  smallint: 16n,
  mediumint: 24n,
  int: 32n,
  bigint: 64n,
};

function integerLimits(type: SqlType): { readonly min: bigint; readonly max: bigint } | undefined {
  const bits = integerBits[type.kind];
  if (bits === undefined) return undefined;
  if (type.unsigned === true) return { min: 0n, max: (1n << bits) - 1n };
  return { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n };
}

function compare(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
