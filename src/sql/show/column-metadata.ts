/**
 * Column facts shared by SHOW COLUMNS, SHOW CREATE TABLE, SHOW INDEX and information_schema:
 * the Key flag (PRI/UNI/MUL), the default as text, and the Extra text.
 */

import type { ColumnSchema, IndexSchema, TableSchema } from "../catalog/schema.ts";
import { toText, bytesToText } from "../types/coercion.ts";
import { renderValueText } from "../types/render-value.ts";

/**
 * The key MySQL treats as the primary one: the PRIMARY KEY, else the first UNIQUE key whose
 * columns are all NOT NULL (and whole, not prefixes), which InnoDB clusters by and SHOW
 * COLUMNS marks PRI.
 */
function effectivePrimaryKey(table: TableSchema): IndexSchema | undefined {
  if (table.primaryKey !== undefined) return table.primaryKey;
  return table.indexes.find((index) => index.unique &&
    index.columns.every((part) => table.columns[part.column]?.nullable === false && part.prefixLength === undefined));
}

export function columnKey(table: TableSchema, position: number): string {
  const primary = effectivePrimaryKey(table);
  if (primary?.columns.some((part) => part.column === position)) return "PRI";
  if (table.indexes.some((index) => index !== primary && index.unique && index.columns.length === 1 && index.columns[0]?.column === position)) return "UNI";
  if (table.indexes.some((index) => index.columns[0]?.column === position)) return "MUL";
  return "";
}

/** The default as SHOW COLUMNS prints it; null when there is none (or it is NULL). */
export function columnDefaultText(column: ColumnSchema): string | null {
  const defaultValue = column.defaultValue;
  if (defaultValue.kind === "none") return null;
  if (defaultValue.kind === "expression") return defaultValue.sql;
  const value = defaultValue.value;
  if (value === null) return null;
  const rendered = renderValueText(value, column.type);
  if (rendered instanceof Uint8Array) return bytesToText(rendered);
  return rendered ?? toText(value);
}

export function columnExtra(column: ColumnSchema): string {
  const parts: string[] = [];
  if (column.autoIncrement) parts.push("auto_increment");
  if (column.defaultValue.kind === "expression") parts.push("DEFAULT_GENERATED");
  if (column.onUpdate !== undefined) parts.push(`on update ${column.onUpdate}`);
  return parts.join(" ");
}
