/**
 * How each SQL column type appears in a binlog row image: the MySQL column type code and
 * metadata written in TABLE_MAP, and the storage the row image uses for its values
 * (row-image.ts). This is MySQL 8.0's mapping (Field::binlog_type, Field::do_save_field_metadata):
 *
 *   TINYINT..BIGINT  TINY 1 / SHORT 2 / INT24 9 / LONG 3 / LONGLONG 8   no metadata
 *   DECIMAL(p,s)     NEWDECIMAL 246   u8 precision ‖ u8 scale
 *   FLOAT / DOUBLE   FLOAT 4 / DOUBLE 5   u8 4 / u8 8 (byte size)
 *   BIT(n)           BIT 16     u8 n % 8 ‖ u8 n / 8
 *   VARCHAR/VARBINARY VARCHAR 15   u16 max length in bytes (chars × charset max bytes)
 *   CHAR/BINARY      STRING 254   u8 real type 254 with bits 4-5 holding ~(max bytes >> 8) ‖
 *                                 u8 max bytes & 0xff (MySQL's encoding for lengths > 255)
 *   ENUM / SET       STRING 254   u8 real type 247 / 248 ‖ u8 value pack length
 *   *TEXT / *BLOB    BLOB 252     u8 pack length (1 tiny, 2, 3 medium, 4 long)
 *   JSON             JSON 245     u8 pack length 4
 *   DATE             DATE 10      none
 *   TIME(f)          TIME2 19     u8 f       DATETIME(f) DATETIME2 18 u8 f
 *   TIMESTAMP(f)     TIMESTAMP2 17  u8 f     YEAR  YEAR 13  none
 *   NULL             NULL 6       none
 *
 * Character data is the column's charset: latin1 and ascii as one byte per character, every
 * other charset as UTF-8 (utf8mb3/utf8mb4, and our stand-ins for other multi-byte charsets).
 */

import { assert, assertNever } from "../util/assert.ts";
import { getCollation, listCharsets } from "../sql/types/collation.ts";
import type { SqlType } from "../sql/types/sql-type.ts";
import type { TableSchema } from "../sql/catalog/schema.ts";

/** MySQL column type codes (field_types.h enum_field_types). */
export const ColumnTypeCode = {
  TINY: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  NULL: 6,
  LONGLONG: 8,
  INT24: 9,
  DATE: 10,
  YEAR: 13,
  VARCHAR: 15,
  BIT: 16,
  TIMESTAMP2: 17,
  DATETIME2: 18,
  TIME2: 19,
  JSON: 245,
  NEWDECIMAL: 246,
  ENUM: 247,
  SET: 248,
  BLOB: 252,
  STRING: 254,
} as const;

/** How character bytes are produced from a JS string. */
export type TextEncoding = "utf8" | "latin1" | "binary";

/** The storage of one column's values in a row image. */
export type ColumnImage =
  | { readonly kind: "int"; readonly bytes: 1 | 2 | 3 | 4 | 8; readonly unsigned: boolean }
  | { readonly kind: "float" }
  | { readonly kind: "double" }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly kind: "bit"; readonly bits: number }
  /** VARCHAR/VARBINARY/CHAR/BINARY: a 1- or 2-byte length, then the bytes. */
  | { readonly kind: "string"; readonly lengthBytes: 1 | 2; readonly encoding: TextEncoding }
  /** TEXT/BLOB/JSON: a `packBytes`-byte length, then the bytes. */
  | { readonly kind: "blob"; readonly packBytes: 1 | 2 | 3 | 4; readonly encoding: TextEncoding }
  | { readonly kind: "date" }
  | { readonly kind: "time"; readonly fsp: number }
  | { readonly kind: "datetime"; readonly fsp: number }
  | { readonly kind: "timestamp"; readonly fsp: number }
  | { readonly kind: "year" }
  | { readonly kind: "enum"; readonly packBytes: 1 | 2; readonly values: readonly string[] }
  | { readonly kind: "set"; readonly packBytes: number; readonly values: readonly string[] }
  | { readonly kind: "null" };

/** A column as TABLE_MAP describes it, plus its row-image storage. */
export interface BinlogColumn {
  /** The column's name, for error messages ("" when built from a bare type). */
  readonly name: string;
  readonly typeCode: number;
  readonly metadata: readonly number[];
  readonly image: ColumnImage;
}

/** Maximum bytes per character of the charset of `collation` (4 when unknown). */
function charsetMaxBytes(collation: string | undefined): number {
  const charset = collation === undefined ? undefined : getCollation(collation)?.charset;
  const info = listCharsets().find((candidate) => candidate.name === charset);
  return info?.maxLength ?? 4;
}

function textEncoding(type: SqlType): TextEncoding {
  const charset = type.collation === undefined ? undefined : getCollation(type.collation)?.charset;
  if (charset === "binary") return "binary";
  return charset === "latin1" || charset === "ascii" ? "latin1" : "utf8";
}

const INT_CODES = { 1: ColumnTypeCode.TINY, 2: ColumnTypeCode.SHORT, 3: ColumnTypeCode.INT24,
  4: ColumnTypeCode.LONG, 8: ColumnTypeCode.LONGLONG } as const;

function intColumn(bytes: 1 | 2 | 3 | 4 | 8, type: SqlType): TypeDescription {
  const image: ColumnImage = { kind: "int", bytes, unsigned: type.unsigned === true };
  return { typeCode: INT_CODES[bytes], metadata: [], image };
}

function fixedStringColumn(maxBytes: number, encoding: TextEncoding): TypeDescription {
  assert(maxBytes >= 0 && maxBytes < 1024, "CHAR byte length below 1024");
  const realType = ColumnTypeCode.STRING ^ ((maxBytes & 0x300) >> 4);
  const image: ColumnImage = { kind: "string", lengthBytes: maxBytes > 255 ? 2 : 1, encoding };
  return { typeCode: ColumnTypeCode.STRING, metadata: [realType, maxBytes & 0xff], image };
}

function varStringColumn(maxBytes: number, encoding: TextEncoding): TypeDescription {
  assert(maxBytes >= 0 && maxBytes <= 0xffff, "VARCHAR byte length below 64 KiB");
  const image: ColumnImage = { kind: "string", lengthBytes: maxBytes > 255 ? 2 : 1, encoding };
  return { typeCode: ColumnTypeCode.VARCHAR, metadata: [maxBytes & 0xff, maxBytes >> 8], image };
}

function blobColumn(packBytes: 1 | 2 | 3 | 4, encoding: TextEncoding): TypeDescription {
  const image: ColumnImage = { kind: "blob", packBytes, encoding };
  return { typeCode: ColumnTypeCode.BLOB, metadata: [packBytes], image };
}

function temporalColumn(kind: "time" | "datetime" | "timestamp", type: SqlType): TypeDescription {
  const fsp = type.scale ?? 0;
  assert(Number.isInteger(fsp) && fsp >= 0 && fsp <= 6, "fractional seconds precision 0..6");
  const typeCode = kind === "time" ? ColumnTypeCode.TIME2
    : kind === "datetime" ? ColumnTypeCode.DATETIME2 : ColumnTypeCode.TIMESTAMP2;
  return { typeCode, metadata: [fsp], image: { kind, fsp } };
}

function enumOrSetColumn(kind: "enum" | "set", type: SqlType): TypeDescription {
  const values = type.values ?? [];
  if (kind === "enum") {
    const packBytes = values.length < 256 ? 1 : 2;
    const image: ColumnImage = { kind, packBytes, values };
    return { typeCode: ColumnTypeCode.STRING, metadata: [ColumnTypeCode.ENUM, packBytes], image };
  }
  assert(values.length <= 64, "a SET has at most 64 members");
  const bytes = Math.ceil(values.length / 8);
  const packBytes = bytes > 4 ? 8 : Math.max(bytes, 1);
  const image: ColumnImage = { kind, packBytes, values };
  return { typeCode: ColumnTypeCode.STRING, metadata: [ColumnTypeCode.SET, packBytes], image };
}

/** The binlog description of a column of `type` named `name`. */
export function binlogColumn(type: SqlType, name = ""): BinlogColumn {
  return { name, ...describeType(type) };
}

type TypeDescription = Omit<BinlogColumn, "name">;

function describeType(type: SqlType): TypeDescription {
  const kind = type.kind;
  switch (kind) {
    case "tinyint": return intColumn(1, type);
    case "smallint": return intColumn(2, type);
    case "mediumint": return intColumn(3, type);
    case "int": return intColumn(4, type);
    case "bigint": return intColumn(8, type);
    case "decimal": {
      const precision = type.length ?? 10;
      const scale = type.scale ?? 0;
      assert(precision >= 1 && precision <= 65 && scale >= 0 && scale <= precision, "decimal");
      const image: ColumnImage = { kind: "decimal", precision, scale };
      return { typeCode: ColumnTypeCode.NEWDECIMAL, metadata: [precision, scale], image };
    }
    case "float": return { typeCode: ColumnTypeCode.FLOAT, metadata: [4], image: { kind } };
    case "double": return { typeCode: ColumnTypeCode.DOUBLE, metadata: [8], image: { kind } };
    case "bit": {
      const bits = type.length ?? 1;
      assert(bits >= 1 && bits <= 64, "BIT width 1..64");
      return { typeCode: ColumnTypeCode.BIT, metadata: [bits % 8, bits >> 3],
        image: { kind, bits } };
    }
    case "char": return fixedStringColumn((type.length ?? 1) * charsetMaxBytes(type.collation),
      textEncoding(type));
    case "binary": return fixedStringColumn(type.length ?? 1, "binary");
    case "varchar": return varStringColumn((type.length ?? 255) * charsetMaxBytes(type.collation),
      textEncoding(type));
    case "varbinary": return varStringColumn(type.length ?? 255, "binary");
    case "tinytext": return blobColumn(1, textEncoding(type));
    case "text": return blobColumn(2, textEncoding(type));
    case "mediumtext": return blobColumn(3, textEncoding(type));
    case "longtext": return blobColumn(4, textEncoding(type));
    case "tinyblob": return blobColumn(1, "binary");
    case "blob": return blobColumn(2, "binary");
    case "mediumblob": return blobColumn(3, "binary");
    case "longblob": return blobColumn(4, "binary");
    case "json":
      return { typeCode: ColumnTypeCode.JSON, metadata: [4],
        image: { kind: "blob", packBytes: 4, encoding: "utf8" } };
    case "date": return { typeCode: ColumnTypeCode.DATE, metadata: [], image: { kind } };
    case "time":
    case "datetime":
    case "timestamp": return temporalColumn(kind, type);
    case "year": return { typeCode: ColumnTypeCode.YEAR, metadata: [], image: { kind } };
    case "enum":
    case "set": return enumOrSetColumn(kind, type);
    case "null": return { typeCode: ColumnTypeCode.NULL, metadata: [], image: { kind } };
    default: return assertNever(kind, "type kind");
  }
}

/**
 * The binlog columns of a table schema, computed once per schema object: schemas are immutable
 * (a DDL change makes a new one), so a weak cache keyed by the object is always current, and
 * commits do not redo collation lookups per transaction.
 */
const columnsBySchema = new WeakMap<TableSchema, readonly BinlogColumn[]>();

export function binlogColumnsOf(schema: TableSchema): readonly BinlogColumn[] {
  let columns = columnsBySchema.get(schema);
  if (columns === undefined) {
    columns = schema.columns.map((column) => binlogColumn(column.type, column.name));
    columnsBySchema.set(schema, columns);
  }
  return columns;
}
