/**
 * SHOW COLUMNS / DESCRIBE, SHOW INDEX and SHOW TABLE STATUS, from the table schemas.
 */

import type { ShowStatement, TableName } from "../parser/ast.ts";
import type { StorageTable } from "../catalog/catalog.ts";
import type { TableSchema } from "../catalog/schema.ts";
import type { RowsResult } from "../statement-result.ts";
import type { Row } from "../types/value.ts";
import { ER_NO_DB_ERROR, ER_NO_SUCH_TABLE } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { EngineServices } from "../execute/engine-services.ts";
import type { Session } from "../session.ts";
import { typeText } from "../ddl/type-text.ts";
import { columnDefaultText, columnExtra, columnKey } from "./column-metadata.ts";
import { filterShowRows, integerColumn, rowsResult, textColumn } from "./show-result.ts";
import { requireDatabase } from "./database-names.ts";
import { formatDatetime } from "../types/temporal.ts";

export function resolveShowTable(name: TableName, fromDatabase: string | undefined, services: EngineServices, session: Session): StorageTable {
  const database = name.database?.name ?? fromDatabase ?? session.database;
  if (database === undefined) throw sqlError(ER_NO_DB_ERROR);
  const table = services.catalog.getTable(database, name.name.name);
  if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, name.name.name);
  return table;
}

/** information_schema tables as a TableSchema (no keys), so SHOW COLUMNS / DESCRIBE work on them. */
function virtualTableSchema(name: TableName, fromDatabase: string | undefined, services: EngineServices, session: Session): TableSchema | undefined {
  const database = name.database?.name ?? fromDatabase ?? session.database;
  if (database === undefined || !services.virtualSchemas.isVirtualDatabase(database)) return undefined;
  const virtual = services.virtualSchemas.getTable(database, name.name.name);
  if (virtual === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, name.name.name);
  return {
    database,
    name: virtual.name,
    columns: virtual.columns.map((column) => ({ name: column.name, type: column.type, nullable: column.nullable,
      defaultValue: { kind: "none" }, autoIncrement: false, comment: "" })),
    primaryKey: undefined,
    indexes: [],
    engine: "MEMORY",
    charset: "utf8mb3",
    collation: "utf8mb3_general_ci",
    comment: "",
    autoIncrementStart: 1,
  };
}

export function showColumns(statement: ShowStatement, services: EngineServices, session: Session, context: EvalContext): RowsResult {
  const table =
    virtualTableSchema(statement.table!, statement.database?.name, services, session) ??
    resolveShowTable(statement.table!, statement.database?.name, services, session).schema;
  const full = statement.full;
  const columns = [
    textColumn("Field"),
    textColumn("Type", 1024),
    ...(full ? [textColumn("Collation", 64, true)] : []),
    textColumn("Null", 3),
    textColumn("Key", 3),
    textColumn("Default", 1024, true),
    textColumn("Extra", 256),
    ...(full ? [textColumn("Privileges", 80), textColumn("Comment", 1024)] : []),
  ];
  const rows: Row[] = table.columns.map((column, position) => [
    column.name,
    typeText(column.type),
    ...(full ? [column.type.collation ?? null] : []),
    column.nullable ? "YES" : "NO",
    columnKey(table, position),
    columnDefaultText(column),
    columnExtra(column),
    ...(full ? ["select,insert,update,references", column.comment] : []),
  ]);
  return rowsResult(columns, filterShowRows(columns, rows, statement.filter, context));
}

export function showIndexes(statement: ShowStatement, services: EngineServices, session: Session, context: EvalContext): RowsResult {
  const storage = resolveShowTable(statement.table!, statement.database?.name, services, session);
  const table = storage.schema;
  const columns = [
    textColumn("Table"),
    integerColumn("Non_unique"),
    textColumn("Key_name"),
    integerColumn("Seq_in_index"),
    textColumn("Column_name", 64, true),
    textColumn("Collation", 1, true),
    integerColumn("Cardinality", true),
    integerColumn("Sub_part", true),
    textColumn("Packed", 10, true),
    textColumn("Null", 3),
    textColumn("Index_type", 16),
    textColumn("Comment", 16),
    textColumn("Index_comment", 1024),
    textColumn("Visible", 3),
    textColumn("Expression", 1024, true),
  ];
  const indexes = [...(table.primaryKey === undefined ? [] : [table.primaryKey]), ...table.indexes];
  const rows: Row[] = indexes.flatMap((index) =>
    index.columns.map((part, position) => {
      const column = table.columns[part.column]!;
      return [
        table.name,
        index.unique ? 0 : 1,
        index.name,
        position + 1,
        column.name,
        part.descending ? "D" : "A",
        storage.estimateRowCount(),
        part.prefixLength ?? null,
        null,
        column.nullable ? "YES" : "",
        "BTREE",
        "",
        index.comment,
        "YES",
        null,
      ];
    }),
  );
  return rowsResult(columns, filterShowRows(columns, rows, statement.filter, context));
}

export function showTableStatus(statement: ShowStatement, services: EngineServices, session: Session, context: EvalContext): RowsResult {
  const database = requireDatabase(statement.database?.name ?? session.database, services);
  const names = ["Name", "Engine", "Version", "Row_format", "Rows", "Avg_row_length", "Data_length", "Max_data_length",
    "Index_length", "Data_free", "Auto_increment", "Create_time", "Update_time", "Check_time", "Collation", "Checksum",
    "Create_options", "Comment"];
  const numeric = new Set(["Version", "Rows", "Avg_row_length", "Data_length", "Max_data_length", "Index_length", "Data_free", "Auto_increment", "Checksum"]);
  const columns = names.map((name) => (numeric.has(name) ? integerColumn(name, true) : textColumn(name, 64, name !== "Name")));
  const created = formatDatetime(services.counters.startedAtMs);
  const tables = services.virtualSchemas.isVirtualDatabase(database) ? [] : services.catalog.listTables(database);
  const rows: Row[] = tables
    .map((schema) => services.catalog.getTable(database, schema.name))
    .filter((table): table is StorageTable => table !== undefined)
    .sort((a, b) => (a.schema.name < b.schema.name ? -1 : 1))
    .map((table) => {
      const schema = table.schema;
      const autoIncrement = schema.columns.some((column) => column.autoIncrement) ? table.peekAutoIncrement() : null;
      return [schema.name, schema.engine, 10, "Dynamic", table.estimateRowCount(), 0, 16384, 0, 0, 0, autoIncrement,
        created, null, null, schema.collation, null, "", schema.comment];
    });
  return rowsResult(columns, filterShowRows(columns, rows, statement.filter, context));
}
