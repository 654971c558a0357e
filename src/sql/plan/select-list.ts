/**
 * The select list: `*` / `t.*` expansion and result column metadata (names as MySQL shows
 * them: the alias, else the column name as written for column references, else the
 * expression's text).
 */

import type { SelectItem, SelectExpression, ColumnRef } from "../parser/ast.ts";
import type { ResultColumn } from "../statement-result.ts";
import type { Scope, ScopeColumn } from "../expression/scope.ts";
import type { CompiledExpression } from "../expression/compiled-expression.ts";
import { ER_BAD_TABLE_ERROR, ER_NO_TABLES_USED } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";

/** Select items with stars replaced by column references. */
export function expandStars(items: readonly SelectItem[], scope: Scope): SelectExpression[] {
  const expanded: SelectExpression[] = [];
  for (const item of items) {
    if (item.kind === "select-expression") {
      expanded.push(item);
      continue;
    }
    const tableName = item.table?.name.name;
    const columns = tableName === undefined ? scope.starColumns : scope.columnsOf(tableName);
    if (tableName !== undefined && columns.length === 0) throw sqlError(ER_BAD_TABLE_ERROR, tableName);
    if (tableName === undefined && columns.length === 0) throw sqlError(ER_NO_TABLES_USED);
    for (const column of columns) expanded.push(starItem(column));
  }
  return expanded;
}

function starItem(column: ScopeColumn): SelectExpression {
  const ref: ColumnRef = {
    kind: "column",
    table: { name: column.tableAlias, quoted: true },
    column: { name: column.name, quoted: true },
  };
  return { kind: "select-expression", expr: ref, span: { start: 0, end: 0 } };
}

export function itemName(item: SelectExpression, sql: string): string {
  if (item.alias !== undefined) return item.alias.name;
  if (item.expr.kind === "column") return item.expr.column.name;
  // A string literal names its column by its value, as MySQL ('text' → text, N'y' → y).
  if (item.expr.kind === "string") return item.expr.value;
  return sql.slice(item.span.start, item.span.end).trim();
}

export function resultColumn(
  item: SelectExpression,
  compiled: CompiledExpression,
  scope: Scope,
  sql: string,
): ResultColumn {
  const name = itemName(item, sql);
  const column = item.expr.kind === "column" ? scope.find(item.expr, "field list") : undefined;
  if (column === undefined) return expressionColumn(name, compiled);
  const table = column.table;
  const position = column.schema === undefined || table === undefined ? -1 : table.columns.indexOf(column.schema);
  const inPrimary = table?.primaryKey?.columns.some((part) => part.column === position) ?? false;
  const uniqueKey = table?.indexes.some((index) => index.unique && index.columns[0]?.column === position) ?? false;
  const multipleKey = table?.indexes.some((index) => !index.unique && index.columns[0]?.column === position) ?? false;
  return {
    name,
    orgName: column.schema?.name ?? column.name,
    table: column.tableAlias,
    orgTable: column.orgTable,
    database: column.database,
    type: column.type,
    nullable: column.nullable,
    primaryKey: inPrimary,
    uniqueKey,
    multipleKey,
    autoIncrement: column.schema?.autoIncrement ?? false,
  };
}

export function expressionColumn(name: string, compiled: CompiledExpression): ResultColumn {
  return {
    name,
    orgName: "",
    table: "",
    orgTable: "",
    database: "",
    type: compiled.type,
    nullable: compiled.nullable,
    primaryKey: false,
    uniqueKey: false,
    multipleKey: false,
    autoIncrement: false,
  };
}
