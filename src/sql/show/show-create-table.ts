/**
 * SHOW CREATE TABLE text in MySQL 8.0's format: backquoted names, two-space indented column
 * and key lines, then `) ENGINE=InnoDB [AUTO_INCREMENT=n] DEFAULT CHARSET=… COLLATE=…
 * [COMMENT='…']`. Column charset/collation appear only where they differ from the table's.
 */

import type { StorageTable } from "../catalog/catalog.ts";
import type { ColumnSchema, IndexSchema, TableSchema } from "../catalog/schema.ts";
import { getCollation } from "../types/collation.ts";
import { typeText } from "../ddl/type-text.ts";
import { columnDefaultText } from "./column-metadata.ts";

export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

function quoteString(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

function columnLine(column: ColumnSchema, table: TableSchema): string {
  let line = `  ${quoteIdentifier(column.name)} ${typeText(column.type)}`;
  const collation = column.type.collation;
  if (collation !== undefined && collation !== table.collation && column.type.kind !== "json") {
    const charset = getCollation(collation)?.charset;
    const tableCharset = getCollation(table.collation)?.charset;
    if (charset !== tableCharset) line += ` CHARACTER SET ${charset}`;
    line += ` COLLATE ${collation}`;
  }
  if (!column.nullable) line += " NOT NULL";
  else if (column.type.kind === "timestamp") line += " NULL";
  const defaultText = columnDefaultText(column);
  if (column.defaultValue.kind === "expression") line += ` DEFAULT ${column.defaultValue.sql}`;
  else if (defaultText !== null) line += ` DEFAULT ${quoteString(defaultText)}`;
  else if (column.nullable && !column.autoIncrement && !isBlob(column)) line += " DEFAULT NULL";
  if (column.onUpdate !== undefined) line += ` ON UPDATE ${column.onUpdate}`;
  if (column.autoIncrement) line += " AUTO_INCREMENT";
  if (column.comment !== "") line += ` COMMENT ${quoteString(column.comment)}`;
  return line;
}

function isBlob(column: ColumnSchema): boolean {
  return /text|blob|json/.test(column.type.kind);
}

function keyLine(index: IndexSchema, table: TableSchema): string {
  const parts = index.columns
    .map((part) => {
      const name = quoteIdentifier(table.columns[part.column]!.name);
      const prefix = part.prefixLength === undefined ? "" : `(${part.prefixLength})`;
      return `${name}${prefix}${part.descending ? " DESC" : ""}`;
    })
    .join(",");
  const comment = index.comment === "" ? "" : ` COMMENT ${quoteString(index.comment)}`;
  if (index.primary) return `  PRIMARY KEY (${parts})${comment}`;
  return `  ${index.unique ? "UNIQUE KEY" : "KEY"} ${quoteIdentifier(index.name)} (${parts})${comment}`;
}

export function showCreateTable(table: StorageTable): string {
  const schema = table.schema;
  const lines = schema.columns.map((column) => columnLine(column, schema));
  if (schema.primaryKey !== undefined) lines.push(keyLine(schema.primaryKey, schema));
  // MySQL lists UNIQUE keys before the others (stable within each group).
  const ordered = [...schema.indexes.filter((index) => index.unique), ...schema.indexes.filter((index) => !index.unique)];
  for (const index of ordered) lines.push(keyLine(index, schema));
  let tail = `) ENGINE=${schema.engine}`;
  const next = table.peekAutoIncrement();
  if (schema.columns.some((column) => column.autoIncrement) && next > 1) tail += ` AUTO_INCREMENT=${next}`;
  tail += ` DEFAULT CHARSET=${schema.charset} COLLATE=${schema.collation}`;
  if (schema.comment !== "") tail += ` COMMENT=${quoteString(schema.comment)}`;
  return `CREATE TABLE ${quoteIdentifier(schema.name)} (\n${lines.join(",\n")}\n${tail}`;
}
