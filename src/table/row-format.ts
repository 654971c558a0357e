/**
 * Row format, version 1: the value bytes of a primary-key entry, as row-codec.ts writes and
 * reads them. Chosen for decode speed on the point-select path (one pass, no per-column
 * lookups), not for order: rows are never compared as bytes.
 *
 *   version        1 byte: ROW_FORMAT_VERSION (01)
 *   column count   varint32 (leveldb varint: 7 bits a byte, low group first): N, the number of
 *                  columns the table had when the row was written
 *   null bitmap    ceil(N / 8) bytes; bit (i & 7) of byte (i >> 3) is set when column i is NULL
 *   values         for each non-NULL column, in column order, by its storage class:
 *     INTEGER  (tinyint … bigint, year, bit)  a varint of the zigzag value
 *              z = v >= 0 ? 2v : -2v - 1, for -2^52 <= v < 2^52 (so z < 2^53 fits a double);
 *              otherwise the varint of INTEGER_ESCAPE (2^53) then the 64-bit two's complement
 *              value, 8 bytes little-endian (read as unsigned for UNSIGNED and BIT columns).
 *     DOUBLE   (float, double)  8 bytes: the IEEE-754 double, little-endian.
 *     DECIMAL  (decimal)  varint byte length, then the canonical text ("-12.50") as ASCII.
 *     TEXT     (char, varchar, *text, enum, set, json, date, time, datetime, timestamp)
 *              varint byte length, then the value's UTF-8 (temporal values as their canonical
 *              text, ENUM/SET as member text, so decoding is one string read).
 *     BYTES    (binary, varbinary, *blob)  varint byte length, then the bytes.
 *     NULL     (the NULL literal type)  nothing: such a column is always NULL in the bitmap.
 *
 * Schema evolution: a row written with fewer columns (before ADD COLUMN) decodes with the new
 * columns' defaults: the literal default, else NULL for a nullable column, else MySQL's implicit
 * default of the type (0, '', '0000-00-00' …), which is what ALTER TABLE fills in. A row with
 * more columns than the schema is corruption: DROP COLUMN must rewrite rows.
 */

import { assertNever } from "../util/assert.ts";
import type { SqlType } from "../sql/types/sql-type.ts";

/** Version of the layout above; bump it (and keep a reader of the old one) on any change. */
export const ROW_FORMAT_VERSION = 1;

/** The escape varint of the INTEGER class: an 8-byte value follows. */
export const INTEGER_ESCAPE = 2 ** 53;
/** Integers with magnitude below this are zigzag varints; the rest take the escape. */
export const INTEGER_VARINT_LIMIT = 2 ** 52;

export const STORAGE_INTEGER = 1;
export const STORAGE_DOUBLE = 2;
export const STORAGE_DECIMAL = 3;
export const STORAGE_TEXT = 4;
export const STORAGE_BYTES = 5;
export const STORAGE_NULL = 6;

export type StorageClass =
  | typeof STORAGE_INTEGER
  | typeof STORAGE_DOUBLE
  | typeof STORAGE_DECIMAL
  | typeof STORAGE_TEXT
  | typeof STORAGE_BYTES
  | typeof STORAGE_NULL;

/** How a column of `type` is stored in a row. */
export function storageClassOf(type: SqlType): StorageClass {
  switch (type.kind) {
    case "tinyint":
    case "smallint":
    case "mediumint":
    case "int":
    case "bigint":
    case "year":
    case "bit":
      return STORAGE_INTEGER;
    case "float":
    case "double":
      return STORAGE_DOUBLE;
    case "decimal":
      return STORAGE_DECIMAL;
    case "char":
    case "varchar":
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
    case "enum":
    case "set":
    case "json":
    case "date":
    case "time":
    case "datetime":
    case "timestamp":
      return STORAGE_TEXT;
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return STORAGE_BYTES;
    case "null":
      return STORAGE_NULL;
    default:
      return assertNever(type.kind, "type kind");
  }
}
