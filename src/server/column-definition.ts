/**
 * Maps the SQL layer's description of a result column (ResultColumn, SqlType) onto the wire's
 * ColumnDefinition41: MYSQL_TYPE_* code, character set, display length, decimals and flags, as
 * MySQL 8.0 reports them. Pure; the result writer caches the encoded bytes per statement.
 */

import {
  AUTO_INCREMENT_FLAG,
  BINARY_FLAG,
  BLOB_FLAG,
  ENUM_FLAG,
  MULTIPLE_KEY_FLAG,
  MYSQL_TYPE_BIT,
  MYSQL_TYPE_BLOB,
  MYSQL_TYPE_DATE,
  MYSQL_TYPE_DATETIME,
  MYSQL_TYPE_DOUBLE,
  MYSQL_TYPE_FLOAT,
  MYSQL_TYPE_INT24,
  MYSQL_TYPE_JSON,
  MYSQL_TYPE_LONG,
  MYSQL_TYPE_LONGLONG,
  MYSQL_TYPE_NEWDECIMAL,
  MYSQL_TYPE_NULL,
  MYSQL_TYPE_SHORT,
  MYSQL_TYPE_STRING,
  MYSQL_TYPE_TIME,
  MYSQL_TYPE_TIMESTAMP,
  MYSQL_TYPE_TINY,
  MYSQL_TYPE_VAR_STRING,
  MYSQL_TYPE_YEAR,
  NOT_NULL_FLAG,
  NUM_FLAG,
  PRI_KEY_FLAG,
  SET_FLAG,
  TIMESTAMP_FLAG,
  UNIQUE_KEY_FLAG,
  UNSIGNED_FLAG,
} from "../protocol/column-type.ts";
import type { ColumnDefinition } from "../protocol/result-set.ts";
import type { ResultColumn } from "../sql/statement-result.ts";
import { getCollation } from "../sql/types/collation.ts";
import type { SqlType, TypeKind } from "../sql/types/sql-type.ts";
import { valueClassOf } from "../sql/expression/compiled-expression.ts";
import { assertNever } from "../util/assert.ts";

/** The binary pseudo-charset: numbers, dates and byte strings. */
const binaryCharsetId = 63;
/** MySQL reports 31 decimals for values whose scale is not fixed (FLOAT/DOUBLE, strings). */
const notFixedDecimals = 31;

/** Wire type code for an SQL type kind. */
export function wireType(kind: TypeKind): number {
  switch (kind) {
    case "tinyint":
      return MYSQL_TYPE_TINY;
    case "smallint":
      return MYSQL_TYPE_SHORT;
    case "mediumint":
      return MYSQL_TYPE_INT24;
    case "int":
      return MYSQL_TYPE_LONG;
    case "bigint":
      return MYSQL_TYPE_LONGLONG;
    case "decimal":
      return MYSQL_TYPE_NEWDECIMAL;
    case "float":
      return MYSQL_TYPE_FLOAT;
    case "double":
      return MYSQL_TYPE_DOUBLE;
    case "bit":
      return MYSQL_TYPE_BIT;
    case "char":
    case "binary":
    case "enum":
    case "set":
      return MYSQL_TYPE_STRING;
    case "varchar":
    case "varbinary":
      return MYSQL_TYPE_VAR_STRING;
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return MYSQL_TYPE_BLOB;
    case "date":
      return MYSQL_TYPE_DATE;
    case "time":
      return MYSQL_TYPE_TIME;
    case "datetime":
      return MYSQL_TYPE_DATETIME;
    case "timestamp":
      return MYSQL_TYPE_TIMESTAMP;
    case "year":
      return MYSQL_TYPE_YEAR;
    case "json":
      return MYSQL_TYPE_JSON;
    case "null":
      return MYSQL_TYPE_NULL;
    default:
      return assertNever(kind, "type kind");
  }
}

const integerDisplayLength: Partial<Record<TypeKind, number>> = {
  tinyint: 4,
  smallint: 6,
  mediumint: 9,
  int: 11,
  bigint: 20,
};

const blobByteLength: Partial<Record<TypeKind, number>> = {
  tinytext: 255,
  tinyblob: 255,
  text: 65_535,
  blob: 65_535,
  mediumtext: 16_777_215,
  mediumblob: 16_777_215,
  longtext: 4_294_967_295,
  longblob: 4_294_967_295,
};

/** Character data (sent in the results charset); the SQL layer's own classification. */
function isStringKind(kind: TypeKind): boolean {
  return valueClassOf({ kind }) === "string";
}

function isNumericKind(kind: TypeKind): boolean {
  return (
    kind in integerDisplayLength ||
    kind === "decimal" ||
    kind === "float" ||
    kind === "double" ||
    kind === "year"
  );
}

/** Bytes per character of the charset a string column is sent in. */
function maxBytesPerChar(collationName: string | undefined): number {
  if (collationName === undefined) return 4;
  if (collationName.startsWith("utf8mb4")) return 4;
  if (collationName.startsWith("utf8")) return 3;
  return 1;
}

function columnLength(type: SqlType, resultCollation: string | undefined): number {
  const kind = type.kind;
  const declared = type.length;
  const integerLength = integerDisplayLength[kind];
  if (integerLength !== undefined) {
    // Unsigned types lose the sign position, except BIGINT UNSIGNED which needs all 20 digits.
    if (type.unsigned === true && kind !== "bigint") return integerLength - 1;
    return integerLength;
  }
  const blobLength = blobByteLength[kind];
  if (blobLength !== undefined) {
    return isStringKind(kind) ? Math.min(blobLength, 0xffff_ffff) : blobLength;
  }
  switch (kind) {
    case "decimal": {
      const precision = declared ?? 10;
      const scale = type.scale ?? 0;
      return precision + (scale > 0 ? 1 : 0) + (type.unsigned === true ? 0 : 1);
    }
    case "float":
      return 12;
    case "double":
      return 22;
    case "bit":
      return declared ?? 1;
    case "date":
      return 10;
    case "time":
      return 10 + fractionLength(type);
    case "datetime":
    case "timestamp":
      return 19 + fractionLength(type);
    case "year":
      return 4;
    case "json":
      return 4_294_967_295;
    case "binary":
    case "varbinary":
      return declared ?? 0;
    case "null":
      return 0;
    default:
      return (declared ?? 0) * maxBytesPerChar(resultCollation ?? type.collation);
  }
}

function fractionLength(type: SqlType): number {
  const scale = type.scale ?? 0;
  return scale > 0 ? scale + 1 : 0;
}

function decimals(type: SqlType): number {
  switch (type.kind) {
    case "decimal":
      return type.scale ?? 0;
    case "float":
    case "double":
      return type.scale ?? notFixedDecimals;
    case "time":
    case "datetime":
    case "timestamp":
      return type.scale ?? 0;
    default:
      return isStringKind(type.kind) ? notFixedDecimals : 0;
  }
}

function flags(column: ResultColumn): number {
  const { type } = column;
  let result = 0;
  if (!column.nullable) result |= NOT_NULL_FLAG;
  if (column.primaryKey) result |= PRI_KEY_FLAG;
  if (column.uniqueKey) result |= UNIQUE_KEY_FLAG;
  if (column.multipleKey) result |= MULTIPLE_KEY_FLAG;
  if (column.autoIncrement) result |= AUTO_INCREMENT_FLAG;
  if (type.unsigned === true) result |= UNSIGNED_FLAG;
  if (isNumericKind(type.kind)) result |= NUM_FLAG;
  if (type.kind in blobByteLength || type.kind === "json") result |= BLOB_FLAG;
  if (type.kind === "enum") result |= ENUM_FLAG;
  if (type.kind === "set") result |= SET_FLAG;
  if (type.kind === "timestamp") result |= TIMESTAMP_FLAG;
  if (characterSetOf(type, undefined) === binaryCharsetId && !isNumericKind(type.kind)) {
    result |= BINARY_FLAG;
  }
  return result;
}

/**
 * The character set id a column is sent in: binary (63) for everything that is not text; for
 * text, the session's character_set_results collation when set, else the column's own.
 */
function characterSetOf(type: SqlType, resultsCollationId: number | undefined): number {
  if (!isStringKind(type.kind)) return binaryCharsetId;
  if (resultsCollationId !== undefined) return resultsCollationId;
  const collation = type.collation === undefined ? undefined : getCollation(type.collation);
  return collation?.id ?? binaryCharsetId;
}

/**
 * Builds the ColumnDefinition41 fields for one result column. `resultsCollation` is the
 * collation of the session's character_set_results (undefined when it is NULL: send as stored).
 */
export function toColumnDefinition(
  column: ResultColumn,
  resultsCollation: { readonly id: number; readonly name: string } | undefined,
): ColumnDefinition {
  const isText = isStringKind(column.type.kind);
  return {
    schema: column.database,
    table: column.table,
    orgTable: column.orgTable,
    name: column.name,
    orgName: column.orgName,
    characterSet: characterSetOf(column.type, isText ? resultsCollation?.id : undefined),
    columnLength: columnLength(column.type, isText ? resultsCollation?.name : undefined),
    columnType: wireType(column.type.kind),
    flags: flags(column),
    decimals: decimals(column.type),
  };
}
