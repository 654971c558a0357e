/**
 * Index key order: compares SqlValue tuples column by column with each key part's SqlType, and
 * builds the string form of a key used for hash maps (point lookups, lock names).
 *
 * Invariants:
 * - NULL sorts before every value; a DESC key part reverses its whole column order, NULL
 *   included (as InnoDB's descending indexes).
 * - Integers may be number or bigint, mixed; DECIMAL is a canonical string compared
 *   numerically; strings compare by the key part's collation; bytes lexicographically;
 *   DATE/DATETIME/TIMESTAMP as text; TIME numerically (it may be negative or exceed 99 hours).
 * - `encodeKey(a) === encodeKey(b)` exactly when the comparator says the tuples are equal.
 * - Prefix lengths are applied once, by `keyOf`, when a key is built from a row or a bound; the
 *   comparator itself compares whole values.
 */

import { assert, assertNever } from "../../util/assert.ts";
import type { IndexSchema, TableSchema } from "../catalog/schema.ts";
import { binaryCollation, getCollation, type Collation } from "../types/collation.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { Row, SqlValue } from "../types/value.ts";

/**
 * A key's name in hash maps: a number for a single numeric key part (no string is built on the
 * point-lookup hot path), else a string.
 */
export type EncodedKey = string | number;

export interface KeyPart {
  /** Position of the column in the row. */
  readonly column: number;
  readonly type: SqlType;
  readonly descending: boolean;
  readonly prefixLength?: number;
}

type ValueOrder = "number" | "decimal" | "string" | "enum" | "bytes" | "text" | "time";

interface CompiledPart {
  readonly order: ValueOrder;
  readonly collation: Collation;
  readonly enumValues: readonly string[];
  readonly sign: number;
}

const defaultCollationName = "utf8mb4_0900_ai_ci";
const minSafe = BigInt(Number.MIN_SAFE_INTEGER);
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

function orderOf(type: SqlType): ValueOrder {
  switch (type.kind) {
    case "tinyint":
    case "smallint":
    case "mediumint":
    case "int":
    case "bigint":
    case "bit":
    case "year":
    case "float":
    case "double":
    case "null":
      return "number";
    case "decimal":
      return "decimal";
    case "char":
    case "varchar":
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
    case "set":
      return "string";
    case "enum":
      return "enum";
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return "bytes";
    case "date":
    case "datetime":
    case "timestamp":
    case "json":
      return "text";
    case "time":
      return "time";
    default:
      return assertNever(type.kind, "type kind");
  }
}

function compile(part: KeyPart): CompiledPart {
  const order = orderOf(part.type);
  const name = part.type.collation ?? defaultCollationName;
  const collation = order === "string" || order === "enum" ? getCollation(name) : binaryCollation;
  assert(collation !== undefined, `unknown collation ${name}`);
  return { order, collation, enumValues: part.type.values ?? [], sign: part.descending ? -1 : 1 };
}

/** Compares two canonical decimal strings ("-12.50") numerically. */
export function compareDecimalText(a: string, b: string): number {
  const aNegative = a.startsWith("-");
  const bNegative = b.startsWith("-");
  if (aNegative !== bNegative) {
    return isZeroDecimal(a) && isZeroDecimal(b) ? 0 : aNegative ? -1 : 1;
  }
  const magnitude = compareMagnitude(aNegative ? a.slice(1) : a, bNegative ? b.slice(1) : b);
  return aNegative ? -magnitude : magnitude;
}

function isZeroDecimal(s: string): boolean {
  return /^-?0*\.?0*$/.test(s);
}

function compareMagnitude(a: string, b: string): number {
  const [aInt = "", aFrac = ""] = a.split(".");
  const [bInt = "", bFrac = ""] = b.split(".");
  const x = aInt.replace(/^0+/, "");
  const y = bInt.replace(/^0+/, "");
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  if (x !== y) return x < y ? -1 : 1;
  const width = Math.max(aFrac.length, bFrac.length);
  const f = aFrac.padEnd(width, "0");
  const g = bFrac.padEnd(width, "0");
  return f === g ? 0 : f < g ? -1 : 1;
}

/** Canonical decimal text: no leading/trailing zeros, no "-0". */
function normalizeDecimal(s: string): string {
  if (isZeroDecimal(s)) return "0";
  const negative = s.startsWith("-");
  const [intPart = "", fracPart = ""] = (negative ? s.slice(1) : s).split(".");
  const i = intPart.replace(/^0+/, "") || "0";
  const f = fracPart.replace(/0+$/, "");
  return (negative ? "-" : "") + i + (f === "" ? "" : "." + f);
}

/** TIME text ("-838:59:59.000000") as signed microseconds-ish number for ordering. */
function timeValue(s: string): number {
  const negative = s.startsWith("-");
  const parts = (negative ? s.slice(1) : s).split(":");
  let total = 0;
  for (const part of parts) total = total * 60 + Number(part);
  return negative ? -total : total;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Values of unexpected JS types still get a total order: by JS type, then by value. */
function compareFallback(a: SqlValue, b: SqlValue): number {
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  const x = String(a);
  const y = String(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

function typeRank(v: SqlValue): number {
  if (typeof v === "number" || typeof v === "bigint") return 0;
  return typeof v === "string" ? 1 : 2;
}

function compareCompiled(part: CompiledPart, a: SqlValue, b: SqlValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  switch (part.order) {
    case "number":
      if (typeof a === "string" || typeof b === "string") break;
      if (a instanceof Uint8Array || b instanceof Uint8Array) break;
      return a < b ? -1 : a > b ? 1 : 0;
    case "decimal":
      if (typeof a === "string" && typeof b === "string") return compareDecimalText(a, b);
      if (typeof a !== "string" && typeof b !== "string") break;
      return compareDecimalText(String(a), String(b));
    case "string":
    case "enum":
      if (typeof a !== "string" || typeof b !== "string") break;
      if (part.order === "enum") return compareEnum(part, a, b);
      return part.collation.compare(a, b);
    case "bytes":
      if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
      break;
    case "text":
      if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
      break;
    case "time":
      if (typeof a === "string" && typeof b === "string") {
        const d = timeValue(a) - timeValue(b);
        return d < 0 ? -1 : d > 0 ? 1 : 0;
      }
      break;
    default:
      return assertNever(part.order, "value order");
  }
  return compareFallback(a, b);
}

/** ENUM orders by member position (as MySQL), unknown members after all known ones. */
function compareEnum(part: CompiledPart, a: string, b: string): number {
  const x = enumIndex(part, a);
  const y = enumIndex(part, b);
  if (x !== y) return x < y ? -1 : 1;
  return part.collation.compare(a, b);
}

function enumIndex(part: CompiledPart, s: string): number {
  const i = part.enumValues.findIndex((v) => part.collation.equals(v, s));
  return i < 0 ? part.enumValues.length : i;
}

function encodeCompiled(part: CompiledPart, v: SqlValue): string {
  if (v === null) return "n";
  if (typeof v === "number" || typeof v === "bigint") {
    return part.order === "decimal" ? "d" + normalizeDecimal(String(v)) : "i" + String(v);
  }
  if (v instanceof Uint8Array) {
    let hex = "b";
    for (const byte of v) hex += (byte < 16 ? "0" : "") + byte.toString(16);
    return hex;
  }
  switch (part.order) {
    case "decimal":
      return "d" + normalizeDecimal(v);
    case "string":
    case "enum":
      return "s" + part.collation.sortKey(v);
    case "time":
      return "t" + String(timeValue(v));
    default:
      return "s" + v;
  }
}

/** Compares and encodes keys of one index. */
export class KeyComparator {
  readonly parts: readonly KeyPart[];
  readonly #compiled: readonly CompiledPart[];
  readonly #hasPrefixLengths: boolean;
  readonly #singleNumeric: boolean;

  constructor(parts: readonly KeyPart[]) {
    this.parts = parts;
    this.#compiled = parts.map(compile);
    this.#hasPrefixLengths = parts.some((p) => p.prefixLength !== undefined);
    this.#singleNumeric = parts.length === 1 && this.#compiled[0]!.order === "number";
  }

  /** Compares the first `length` columns of two keys (default: all key parts). */
  compare(a: readonly SqlValue[], b: readonly SqlValue[], length = this.#compiled.length): number {
    for (let i = 0; i < length; i++) {
      const part = this.#compiled[i]!;
      const x = a[i] ?? null;
      const y = b[i] ?? null;
      if (typeof x === "number" && typeof y === "number" && part.order === "number") {
        if (x !== y) return x < y ? -part.sign : part.sign;
        continue;
      }
      const c = compareCompiled(part, x, y);
      if (c !== 0) return c * part.sign;
    }
    return 0;
  }

  /** Whether `prefixOf` is available: the first key part is numeric. */
  get hasNumericPrefix(): boolean {
    return this.#compiled[0]?.order === "number";
  }

  /**
   * A number monotone in the first key part (prefixOf(a) < prefixOf(b) implies a < b): NULL is
   * -Infinity, non-numbers (which the comparator orders after numbers) +Infinity, negated for
   * DESC. Ties say nothing. Requires hasNumericPrefix.
   */
  prefixOf(key: readonly SqlValue[]): number {
    const v = key[0] ?? null;
    let n: number;
    if (v === null) n = Number.NEGATIVE_INFINITY;
    else if (typeof v === "number") n = v;
    else if (typeof v === "bigint") n = Number(v);
    else n = Number.POSITIVE_INFINITY;
    return this.#compiled[0]!.sign < 0 ? -n : n;
  }

  /** True when two rows have equal keys (without building either key). */
  rowsMatch(a: Row, b: Row): boolean {
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const x = truncate(a[part.column] ?? null, part.prefixLength);
      const y = truncate(b[part.column] ?? null, part.prefixLength);
      if (compareCompiled(this.#compiled[i]!, x, y) !== 0) return false;
    }
    return true;
  }

  /** True when the key of `row` (prefix lengths applied) equals `key` on every part. */
  matchesRow(key: readonly SqlValue[], row: Row): boolean {
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const value = truncate(row[part.column] ?? null, part.prefixLength);
      if (compareCompiled(this.#compiled[i]!, value, key[i] ?? null) !== 0) return false;
    }
    return true;
  }

  /** A string equal for two keys exactly when `compare` says they are equal. */
  encode(key: readonly SqlValue[]): EncodedKey {
    const compiled = this.#compiled;
    if (this.#singleNumeric) {
      const v = key[0] ?? null;
      if (typeof v === "number") return v;
      if (typeof v === "bigint" && v >= minSafe && v <= maxSafe) return Number(v);
    }
    if (compiled.length === 1) return encodeCompiled(compiled[0]!, key[0] ?? null);
    let out = "";
    for (let i = 0; i < compiled.length; i++) {
      const piece = encodeCompiled(compiled[i]!, key[i] ?? null);
      out += piece.length + ":" + piece;
    }
    return out;
  }

  /** The key of `row` (prefix lengths applied). */
  keyOf(row: Row): SqlValue[] {
    const parts = this.parts;
    const key = new Array<SqlValue>(parts.length);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      key[i] = truncate(row[part.column] ?? null, part.prefixLength);
    }
    return key;
  }

  /** A bound from the executor, prefix lengths applied (the range then covers a superset). */
  boundKey(values: readonly SqlValue[]): readonly SqlValue[] {
    if (!this.#hasPrefixLengths) return values;
    return values.map((v, i) => truncate(v, this.parts[i]?.prefixLength));
  }
}

/** The first `prefixLength` characters (code points) of a string, or bytes of a byte string. */
export function truncate(value: SqlValue, prefixLength: number | undefined): SqlValue {
  if (prefixLength === undefined || value === null) return value;
  if (value instanceof Uint8Array) {
    return value.length <= prefixLength ? value : value.subarray(0, prefixLength);
  }
  if (typeof value !== "string" || value.length <= prefixLength) return value;
  let units = 0;
  for (let chars = 0; chars < prefixLength && units < value.length; chars++) {
    const code = value.charCodeAt(units);
    units += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return value.slice(0, units);
}

/** Key parts of an index of `table`. */
export function keyPartsOf(table: TableSchema, index: IndexSchema): KeyPart[] {
  return index.columns.map((c) => {
    const column = table.columns[c.column];
    assert(column !== undefined, `index ${index.name} names column ${c.column}`);
    const part: KeyPart = { column: c.column, type: column.type, descending: c.descending };
    return c.prefixLength === undefined ? part : { ...part, prefixLength: c.prefixLength };
  });
}

/** MySQL's rendering of a key in "Duplicate entry '…' for key '…'": values joined by '-'. */
export function formatKeyForMessage(key: readonly SqlValue[]): string {
  return key.map(formatValueForMessage).join("-");
}

function formatValueForMessage(v: SqlValue): string {
  if (v === null) return "NULL";
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}
