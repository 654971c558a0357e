/**
 * The databases the engine serves itself: information_schema (read-only virtual tables computed
 * from the catalog on each read — SCHEMATA, TABLES, COLUMNS, STATISTICS, ENGINES, COLLATIONS,
 * CHARACTER_SETS, with MySQL 8.0's upper-case column names) and mysql / performance_schema / sys,
 * which exist (USE and SHOW TABLES work) but hold no tables here.
 */

import type { Catalog } from "../catalog/catalog.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { Row, SqlValue } from "../types/value.ts";
import type { VirtualSchemaProvider } from "../plan/plan-context.ts";
import type { VirtualTable } from "../plan/query-plan.ts";
import { listCharsets, listCollations, getCollation } from "../types/collation.ts";
import { typeText } from "../ddl/type-text.ts";
import { columnDefaultText, columnExtra, columnKey } from "../show/column-metadata.ts";
import { formatDatetime } from "../types/temporal.ts";

const metaCollation = "utf8mb3_general_ci";
const text: SqlType = { kind: "varchar", length: 64, collation: metaCollation };
const longText: SqlType = { kind: "varchar", length: 2048, collation: metaCollation };
const integer: SqlType = { kind: "bigint", unsigned: true };
const datetime: SqlType = { kind: "datetime" };

type ColumnSpec = readonly [string, SqlType, boolean?];

function table(name: string, specs: readonly ColumnSpec[], rows: () => Row[]): VirtualTable {
  return {
    name,
    columns: specs.map(([columnName, type, nullable]) => ({ name: columnName, type, nullable: nullable ?? true })),
    rows: () => rows(),
  };
}

const virtualDatabases = ["information_schema", "mysql", "performance_schema", "sys"];

export class InformationSchema implements VirtualSchemaProvider {
  readonly #tables: ReadonlyMap<string, VirtualTable>;

  constructor(
    readonly catalog: Catalog,
    readonly startedAtMs: number,
  ) {
    const tables = [this.#schemata(), this.#tablesTable(), this.#columns(), this.#statistics(), this.#engines(),
      this.#collations(), this.#characterSets()];
    this.#tables = new Map(tables.map((virtual) => [virtual.name, virtual]));
  }

  isVirtualDatabase(database: string): boolean {
    return virtualDatabases.includes(database.toLowerCase());
  }

  getTable(database: string, name: string): VirtualTable | undefined {
    if (database.toLowerCase() !== "information_schema") return undefined;
    return this.#tables.get(name.toUpperCase());
  }

  tableNames(database: string): readonly string[] {
    return database.toLowerCase() === "information_schema" ? [...this.#tables.keys()] : [];
  }

  #allDatabases(): { name: string; charset: string; collation: string }[] {
    const user = this.catalog.listDatabases().map((database) => ({
      name: database.name,
      charset: database.defaultCharset,
      collation: database.defaultCollation,
    }));
    const system = virtualDatabases.map((name) => ({ name, charset: name === "information_schema" ? "utf8mb3" : "utf8mb4",
      collation: name === "information_schema" ? metaCollation : "utf8mb4_0900_ai_ci" }));
    return [...system, ...user].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  #userTables() {
    return this.catalog.listDatabases().flatMap((database) =>
      this.catalog.listTables(database.name).map((schema) => ({ schema, storage: this.catalog.getTable(database.name, schema.name) })),
    );
  }

  #schemata(): VirtualTable {
    return table("SCHEMATA", [["CATALOG_NAME", text], ["SCHEMA_NAME", text], ["DEFAULT_CHARACTER_SET_NAME", text],
      ["DEFAULT_COLLATION_NAME", text], ["SQL_PATH", text], ["DEFAULT_ENCRYPTION", text]],
      () => this.#allDatabases().map((database) => ["def", database.name, database.charset, database.collation, null, "NO"]));
  }

  #tablesTable(): VirtualTable {
    const created = formatDatetime(this.startedAtMs);
    return table("TABLES", [["TABLE_CATALOG", text], ["TABLE_SCHEMA", text], ["TABLE_NAME", text], ["TABLE_TYPE", text],
      ["ENGINE", text], ["VERSION", integer], ["ROW_FORMAT", text], ["TABLE_ROWS", integer], ["AVG_ROW_LENGTH", integer],
      ["DATA_LENGTH", integer], ["MAX_DATA_LENGTH", integer], ["INDEX_LENGTH", integer], ["DATA_FREE", integer],
      ["AUTO_INCREMENT", integer], ["CREATE_TIME", datetime], ["UPDATE_TIME", datetime], ["CHECK_TIME", datetime],
      ["TABLE_COLLATION", text], ["CHECKSUM", integer], ["CREATE_OPTIONS", text], ["TABLE_COMMENT", longText]],
      () => {
        const rows: Row[] = this.#userTables().map(({ schema, storage }) => [
          "def", schema.database, schema.name, "BASE TABLE", schema.engine, 10, "Dynamic",
          storage?.estimateRowCount() ?? 0, 0, 16384, 0, 0, 0,
          schema.columns.some((column) => column.autoIncrement) ? (storage?.peekAutoIncrement() ?? null) : null,
          created, null, null, schema.collation, null, "", schema.comment,
        ]);
        for (const name of this.#tables.keys()) {
          rows.push(["def", "information_schema", name, "SYSTEM VIEW", null, 10, null, 0, 0, 0, 0, 0, 0, null, created,
            null, null, null, null, "", ""]);
        }
        return rows;
      });
  }

  #columns(): VirtualTable {
    return table("COLUMNS", [["TABLE_CATALOG", text], ["TABLE_SCHEMA", text], ["TABLE_NAME", text], ["COLUMN_NAME", text],
      ["ORDINAL_POSITION", integer], ["COLUMN_DEFAULT", longText], ["IS_NULLABLE", text], ["DATA_TYPE", longText],
      ["CHARACTER_MAXIMUM_LENGTH", integer], ["CHARACTER_OCTET_LENGTH", integer], ["NUMERIC_PRECISION", integer],
      ["NUMERIC_SCALE", integer], ["DATETIME_PRECISION", integer], ["CHARACTER_SET_NAME", text], ["COLLATION_NAME", text],
      ["COLUMN_TYPE", longText], ["COLUMN_KEY", text], ["EXTRA", text], ["PRIVILEGES", text], ["COLUMN_COMMENT", longText],
      ["GENERATION_EXPRESSION", longText], ["SRS_ID", integer]],
      () => this.#userTables().flatMap(({ schema }) =>
        schema.columns.map((column, position): SqlValue[] => {
          const type = column.type;
          const stringLength = ["char", "varchar", "binary", "varbinary"].includes(type.kind) ? (type.length ?? null) : null;
          const maxLength = getCollation(type.collation ?? "")?.charset === "utf8mb4" ? 4 : 1;
          return [
            "def", schema.database, schema.name, column.name, position + 1, columnDefaultText(column),
            column.nullable ? "YES" : "NO", type.kind, stringLength, stringLength === null ? null : stringLength * maxLength,
            numericPrecision(type), numericScale(type), ["datetime", "timestamp", "time"].includes(type.kind) ? (type.scale ?? 0) : null,
            type.collation === undefined ? null : (getCollation(type.collation)?.charset ?? null), type.collation ?? null,
            typeText(type), columnKey(schema, position), columnExtra(column), "select,insert,update,references",
            column.comment, "", null,
          ];
        }),
      ));
  }

  #statistics(): VirtualTable {
    return table("STATISTICS", [["TABLE_CATALOG", text], ["TABLE_SCHEMA", text], ["TABLE_NAME", text], ["NON_UNIQUE", integer],
      ["INDEX_SCHEMA", text], ["INDEX_NAME", text], ["SEQ_IN_INDEX", integer], ["COLUMN_NAME", text], ["COLLATION", text],
      ["CARDINALITY", integer], ["SUB_PART", integer], ["PACKED", text], ["NULLABLE", text], ["INDEX_TYPE", text],
      ["COMMENT", text], ["INDEX_COMMENT", text], ["IS_VISIBLE", text], ["EXPRESSION", longText]],
      () => this.#userTables().flatMap(({ schema, storage }) =>
        [...(schema.primaryKey === undefined ? [] : [schema.primaryKey]), ...schema.indexes].flatMap((index) =>
          index.columns.map((part, position): SqlValue[] => {
            const column = schema.columns[part.column]!;
            return ["def", schema.database, schema.name, index.unique ? 0 : 1, schema.database, index.name, position + 1,
              column.name, part.descending ? "D" : "A", storage?.estimateRowCount() ?? 0, part.prefixLength ?? null, null,
              column.nullable ? "YES" : "", "BTREE", "", index.comment, "YES", null];
          }),
        ),
      ));
  }

  #engines(): VirtualTable {
    return table("ENGINES", [["ENGINE", text], ["SUPPORT", text], ["COMMENT", longText], ["TRANSACTIONS", text], ["XA", text],
      ["SAVEPOINTS", text]],
      () => [["InnoDB", "DEFAULT", "Supports transactions, row-level locking, and foreign keys", "YES", "NO", "YES"]]);
  }

  #collations(): VirtualTable {
    return table("COLLATIONS", [["COLLATION_NAME", text], ["CHARACTER_SET_NAME", text], ["ID", integer], ["IS_DEFAULT", text],
      ["IS_COMPILED", text], ["SORTLEN", integer], ["PAD_ATTRIBUTE", text]],
      () => listCollations().map((collation) => [collation.name, collation.charset, collation.id,
        collation.isDefault ? "Yes" : "", "Yes", 1, collation.padSpace ? "PAD SPACE" : "NO PAD"]));
  }

  #characterSets(): VirtualTable {
    return table("CHARACTER_SETS", [["CHARACTER_SET_NAME", text], ["DEFAULT_COLLATE_NAME", text], ["DESCRIPTION", text],
      ["MAXLEN", integer]],
      () => listCharsets().map((info) => [info.name, info.defaultCollation, info.description, info.maxLength]));
  }
}

function numericPrecision(type: SqlType): number | null {
  switch (type.kind) {
    case "tinyint":
      return 3;
    case "smallint":
      return 5;
    case "mediumint":
      return 7;
    case "int":
      return 10;
    case "bigint":
      return type.unsigned === true ? 20 : 19;
    case "decimal":
      return type.length ?? 10;
    case "float":
      return 12;
    case "double":
      return 22;
    default:
      return null;
  }
}

function numericScale(type: SqlType): number | null {
  if (["tinyint", "smallint", "mediumint", "int", "bigint"].includes(type.kind)) return 0;
  if (type.kind === "decimal") return type.scale ?? 0;
  return null;
}
