/**
 * CREATE TABLE t [(index definitions)] [IGNORE | REPLACE] SELECT …: the new table's columns are
 * the query's result columns (names and types as the query reports them; a NULL-typed column
 * becomes VARBINARY(0)), any index definitions given apply, then the rows are inserted through
 * the ordinary INSERT … SELECT path. If the insert fails the table is dropped again, as MySQL's
 * atomic DDL does. Column definitions next to the SELECT are not supported (1235).
 */

import type { CreateTableStatement, IndexDefinition, InsertStatement } from "../parser/ast.ts";
import type { ColumnSchema, TableSchema } from "../catalog/schema.ts";
import type { OkResult } from "../statement-result.ts";
import type { SqlType } from "../types/sql-type.ts";
import { ER_DUP_FIELDNAME, ER_NOT_SUPPORTED_YET } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { Session } from "../session.ts";
import { getCollation } from "../types/collation.ts";
import { planQuery } from "../plan/select-planner.ts";
import { buildIndex } from "../ddl/create-table.ts";
import { executeInsert, planInsert } from "../dml/insert-executor.ts";
import { createPlanContext, type EngineServices } from "./engine-services.ts";
import { runInTransaction } from "./transaction-runner.ts";

function storedType(type: SqlType): SqlType {
  if (type.kind === "null") return { kind: "varbinary", length: 0 };
  return type;
}

export async function createTableSelect(
  statement: CreateTableStatement,
  database: string,
  defaultCollation: string,
  services: EngineServices,
  session: Session,
  context: EvalContext,
  sql: string,
): Promise<OkResult> {
  const query = statement.query!;
  if (statement.elements.some((element) => element.kind !== "index-definition")) {
    throw sqlError(ER_NOT_SUPPORTED_YET, "column definitions in CREATE TABLE … SELECT");
  }
  const plan = planQuery(query, createPlanContext(services, session, sql));
  const seen = new Set<string>();
  const columns: ColumnSchema[] = plan.columns.map((column) => {
    if (seen.has(column.name.toLowerCase())) throw sqlError(ER_DUP_FIELDNAME, column.name);
    seen.add(column.name.toLowerCase());
    return { name: column.name, type: storedType(column.type), nullable: column.nullable || column.type.kind === "null",
      defaultValue: { kind: "none" }, autoIncrement: false, comment: "" };
  });
  const indexes = statement.elements
    .filter((element): element is IndexDefinition => element.kind === "index-definition")
    .reduce<TableSchema["indexes"][number][]>((built, definition) => [...built, buildIndex(definition, columns, built)], []);
  const name = statement.name.name.name;
  const primaryKey = indexes.find((index) => index.primary);
  const schema: TableSchema = {
    database,
    name,
    // PRIMARY KEY columns are NOT NULL, as in CREATE TABLE.
    columns: columns.map((column, position) =>
      primaryKey?.columns.some((part) => part.column === position) ? { ...column, nullable: false } : column,
    ),
    primaryKey,
    indexes: indexes.filter((index) => !index.primary),
    engine: "InnoDB",
    charset: getCollation(defaultCollation)?.charset ?? "utf8mb4",
    collation: defaultCollation,
    comment: "",
    autoIncrementStart: 1,
  };
  await services.catalog.createTable(schema);
  const insert: InsertStatement = {
    kind: "insert",
    replace: statement.duplicateHandling === "replace",
    ignore: statement.duplicateHandling === "ignore",
    table: statement.name.database === undefined ? { name: statement.name.name } : { database: statement.name.database, name: statement.name.name },
    source: { kind: "query", query },
    onDuplicateKeyUpdate: [],
    span: statement.span,
    paramCount: statement.paramCount,
  };
  try {
    const insertPlan = planInsert(insert, createPlanContext(services, session, sql));
    return await runInTransaction(services, session, (transaction) => executeInsert(insertPlan, context, transaction, services.runner));
  } catch (error) {
    await services.catalog.dropTable(database, name);
    throw error;
  }
}
