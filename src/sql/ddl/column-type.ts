/**
 * DataType (as declared in CREATE TABLE) → SqlType, with MySQL's defaults and limits:
 * DECIMAL defaults to (10,0) with precision <= 65 and scale <= 30; CHAR to length 1; character
 * types get the column's collation (explicit COLLATE, else the charset's default, else the
 * table's); `BINARY` attribute picks the charset's _bin collation.
 */

import type { DataType } from "../parser/ast.ts";
import type { SqlType } from "../types/sql-type.ts";
import {
  ER_COLLATION_CHARSET_MISMATCH,
  ER_M_BIGGER_THAN_D,
  ER_NOT_SUPPORTED_YET,
  ER_TOO_BIG_FIELDLENGTH,
  ER_TOO_BIG_PRECISION,
  ER_TOO_BIG_SCALE,
  ER_UNKNOWN_CHARACTER_SET,
  ER_UNKNOWN_COLLATION,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import { defaultCollationForCharset, getCollation } from "../types/collation.ts";

const stringKinds = new Set(["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"]);

/** Resolves charset/collation clauses to a collation name. */
export function resolveCollation(charset: string | undefined, collation: string | undefined, fallback: string): string {
  if (collation !== undefined) {
    const found = getCollation(collation);
    if (found === undefined) throw sqlError(ER_UNKNOWN_COLLATION, collation);
    if (charset !== undefined) {
      const canonical = charset.toLowerCase() === "utf8" ? "utf8mb3" : charset.toLowerCase();
      if (found.charset !== canonical) throw sqlError(ER_COLLATION_CHARSET_MISMATCH, collation, charset);
    }
    return found.name;
  }
  if (charset !== undefined) {
    const found = defaultCollationForCharset(charset);
    if (found === undefined) throw sqlError(ER_UNKNOWN_CHARACTER_SET, charset);
    return found.name;
  }
  return fallback;
}

export function columnType(name: string, type: DataType, tableCollation: string): SqlType {
  switch (type.name) {
    case "tinyint":
    case "smallint":
    case "mediumint":
    case "int":
    case "bigint":
      return { kind: type.name, ...(type.unsigned ? { unsigned: true } : {}), ...(type.length === undefined ? {} : { length: type.length }) };
    case "decimal": {
      const precision = type.length ?? 10;
      const scale = type.scale ?? 0;
      if (precision > 65) throw sqlError(ER_TOO_BIG_PRECISION, precision, name, 65);
      if (scale > 30) throw sqlError(ER_TOO_BIG_SCALE, scale, name, 30);
      if (scale > precision) throw sqlError(ER_M_BIGGER_THAN_D, name);
      return { kind: "decimal", length: precision, scale, ...(type.unsigned ? { unsigned: true } : {}) };
    }
    case "float":
    case "double": {
      const kind = type.name === "float" && (type.length ?? 0) > 24 ? "double" : type.name;
      return { kind, ...(type.scale === undefined ? {} : { scale: type.scale, length: type.length ?? 0 }) };
    }
    case "bit":
      return { kind: "bit", length: type.length ?? 1 };
    case "binary":
      return { kind: "binary", length: type.length ?? 1 };
    case "varbinary":
      return { kind: "varbinary", length: type.length ?? 255 };
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return { kind: type.name };
    case "date":
    case "year":
      return { kind: type.name };
    case "time":
    case "datetime":
    case "timestamp":
      return { kind: type.name, ...(type.fsp === undefined ? {} : { scale: type.fsp }) };
    case "json":
      return { kind: "json", collation: "utf8mb4_bin" };
    default:
      if (stringKinds.has(type.name)) return stringType(name, type, tableCollation);
      throw sqlError(ER_NOT_SUPPORTED_YET, `column type ${type.spelling}`);
  }
}

function stringType(name: string, type: DataType, tableCollation: string): SqlType {
  let collation = resolveCollation(type.charset, type.collation, tableCollation);
  if (type.binaryCollation === true) {
    const charset = getCollation(collation)?.charset ?? "utf8mb4";
    collation = getCollation(`${charset}_bin`)?.name ?? collation;
  }
  const kind = type.name as SqlType["kind"];
  if (kind === "enum" || kind === "set") return { kind, collation, values: type.values ?? [] };
  if (kind === "char") {
    const length = type.length ?? 1;
    if (length > 255) throw sqlError(ER_TOO_BIG_FIELDLENGTH, name, 255);
    return { kind, length, collation };
  }
  if (kind === "varchar") {
    const length = type.length ?? 255;
    if (length > 16383) throw sqlError(ER_TOO_BIG_FIELDLENGTH, name, 16383);
    return { kind, length, collation };
  }
  return { kind, collation };
}
