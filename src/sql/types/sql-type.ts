/**
 * Static SQL types: what a column or an expression holds. Used by DDL, by expression typing and
 * by the server to describe result columns (it maps `kind` to MYSQL_TYPE_* codes).
 */

export type TypeKind =
  | "tinyint"
  | "smallint"
  | "mediumint"
  | "int"
  | "bigint"
  | "decimal"
  | "float"
  | "double"
  | "bit"
  | "char"
  | "varchar"
  | "binary"
  | "varbinary"
  | "tinytext"
  | "text"
  | "mediumtext"
  | "longtext"
  | "tinyblob"
  | "blob"
  | "mediumblob"
  | "longblob"
  | "date"
  | "time"
  | "datetime"
  | "timestamp"
  | "year"
  | "enum"
  | "set"
  | "json"
  | "null";

export interface SqlType {
  readonly kind: TypeKind;
  /** Integer types: UNSIGNED. */
  readonly unsigned?: boolean;
  /** CHAR/VARCHAR/BINARY/VARBINARY length in characters (bytes for binary), BIT width,
   *  DECIMAL precision, integer display width. */
  readonly length?: number;
  /** DECIMAL scale; fractional-second precision of TIME/DATETIME/TIMESTAMP; FLOAT/DOUBLE
   *  decimals when declared. */
  readonly scale?: number;
  /** Character types: collation name, e.g. "utf8mb4_0900_ai_ci". Absent for non-strings. */
  readonly collation?: string;
  /** ENUM/SET members. */
  readonly values?: readonly string[];
  /** A TRUE / FALSE literal: a BIGINT everywhere except in a JSON document (true / false). */
  readonly boolean?: true;
}
