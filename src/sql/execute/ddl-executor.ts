/**
 * DDL: CREATE/DROP DATABASE, CREATE TABLE (incl. LIKE), DROP TABLE, CREATE INDEX, TRUNCATE
 * TABLE, RENAME TABLE, DROP INDEX, ALTER TABLE (ADD/DROP INDEX and RENAME so far). DDL is not transactional: the caller commits any open transaction first (implicit
 * commit, as MySQL). IF [NOT] EXISTS turns "exists"/"missing" errors into Note-level warnings.
 */

import type {
  AlterTableStatement,
  CreateDatabaseStatement,
  CreateIndexStatement,
  CreateTableStatement,
  DropDatabaseStatement,
  DropIndexStatement,
  DropTableStatement,
  RenameTableStatement,
  TableName,
  TruncateTableStatement,
} from "../parser/ast.ts";
import type { OkResult } from "../statement-result.ts";
import {
  ER_BAD_DB_ERROR,
  ER_BAD_TABLE_ERROR,
  ER_CANT_DROP_FIELD_OR_KEY,
  ER_DUP_FIELDNAME,
  ER_DB_CREATE_EXISTS,
  ER_DB_DROP_EXISTS,
  ER_NO_DB_ERROR,
  ER_NO_SUCH_TABLE,
  ER_NOT_SUPPORTED_YET,
  ER_TABLE_EXISTS_ERROR,
  ER_WRONG_DB_NAME,
  ER_WRONG_TABLE_NAME,
  ER_DBACCESS_DENIED_ERROR,
} from "../../util/mysql-errors.ts";
import { identifierLengthMax } from "../../constants.ts";
import { sqlError } from "../sql-error.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { Session } from "../session.ts";
import { buildIndex, buildTableSchema } from "../ddl/create-table.ts";
import { resolveCollation } from "../ddl/column-type.ts";
import { getCollation } from "../types/collation.ts";
import type { EngineServices } from "./engine-services.ts";
import { createTableSelect } from "./create-table-select.ts";

function ok(context: EvalContext, affectedRows = 0): OkResult {
  return { kind: "ok", affectedRows, lastInsertId: 0, warningCount: context.warnings.count, info: "" };
}

function databaseOf(name: TableName, session: Session): string {
  const database = name.database?.name ?? session.database;
  if (database === undefined) throw sqlError(ER_NO_DB_ERROR);
  return database;
}

function rejectSystemDatabase(services: EngineServices, session: Session, database: string): void {
  if (services.virtualSchemas.isVirtualDatabase(database)) {
    throw sqlError(ER_DBACCESS_DENIED_ERROR, session.user, session.host, database);
  }
}

export async function createDatabase(statement: CreateDatabaseStatement, services: EngineServices, session: Session, context: EvalContext): Promise<OkResult> {
  const name = statement.name.name;
  if (name.length > identifierLengthMax || name === "" || name.endsWith(" ")) throw sqlError(ER_WRONG_DB_NAME, name);
  if (services.catalog.getDatabase(name) !== undefined || services.virtualSchemas.isVirtualDatabase(name)) {
    if (!statement.ifNotExists) throw sqlError(ER_DB_CREATE_EXISTS, name);
    context.warnings.add("Note", ER_DB_CREATE_EXISTS, name);
    return ok(context, 0);
  }
  const serverCollation = String(session.getSystemVariable("collation_server"));
  const collation = resolveCollation(statement.options.charset, statement.options.collation, serverCollation);
  const charset = getCollation(collation)?.charset ?? "utf8mb4";
  await services.catalog.createDatabase({ name, defaultCharset: charset, defaultCollation: collation });
  return ok(context, 1);
}

export async function dropDatabase(statement: DropDatabaseStatement, services: EngineServices, session: Session, context: EvalContext): Promise<OkResult> {
  const name = statement.name.name;
  rejectSystemDatabase(services, session, name);
  if (services.catalog.getDatabase(name) === undefined) {
    if (!statement.ifExists) throw sqlError(ER_DB_DROP_EXISTS, name);
    context.warnings.add("Note", ER_DB_DROP_EXISTS, name);
    return ok(context, 0);
  }
  const tableCount = services.catalog.listTables(name).length;
  await services.catalog.dropDatabase(name);
  if (session.database === name) session.database = undefined;
  return ok(context, tableCount);
}

export async function createTable(
  statement: CreateTableStatement,
  services: EngineServices,
  session: Session,
  context: EvalContext,
  sql: string,
): Promise<OkResult> {
  if (statement.temporary) throw sqlError(ER_NOT_SUPPORTED_YET, "TEMPORARY tables");
  const database = databaseOf(statement.name, session);
  rejectSystemDatabase(services, session, database);
  const databaseSchema = services.catalog.getDatabase(database);
  if (databaseSchema === undefined) throw sqlError(ER_BAD_DB_ERROR, database);
  const name = statement.name.name.name;
  if (services.catalog.getTable(database, name) !== undefined) {
    if (!statement.ifNotExists) throw sqlError(ER_TABLE_EXISTS_ERROR, name);
    context.warnings.add("Note", ER_TABLE_EXISTS_ERROR, name);
    return ok(context);
  }
  if (statement.like !== undefined) {
    const sourceDatabase = databaseOf(statement.like, session);
    const source = services.catalog.getTable(sourceDatabase, statement.like.name.name);
    if (source === undefined) throw sqlError(ER_NO_SUCH_TABLE, sourceDatabase, statement.like.name.name);
    await services.catalog.createTable({ ...source.schema, database, name, autoIncrementStart: 1 });
    return ok(context);
  }
  if (statement.query !== undefined) {
    return createTableSelect(statement, database, databaseSchema.defaultCollation, services, session, context, sql);
  }
  const schema = buildTableSchema(statement, { database, collation: databaseSchema.defaultCollation }, context);
  await services.catalog.createTable(schema);
  return ok(context);
}

export async function dropTable(statement: DropTableStatement, services: EngineServices, session: Session, context: EvalContext): Promise<OkResult> {
  const missing: string[] = [];
  for (const name of statement.tables) {
    const database = databaseOf(name, session);
    if (services.catalog.getTable(database, name.name.name) === undefined) missing.push(`${database}.${name.name.name}`);
  }
  if (missing.length > 0 && !statement.ifExists) throw sqlError(ER_BAD_TABLE_ERROR, missing.join(","));
  for (const name of statement.tables) {
    const database = databaseOf(name, session);
    if (services.catalog.getTable(database, name.name.name) === undefined) {
      context.warnings.add("Note", ER_BAD_TABLE_ERROR, `${database}.${name.name.name}`);
      continue;
    }
    await services.catalog.dropTable(database, name.name.name);
  }
  return ok(context);
}

export async function createIndex(statement: CreateIndexStatement, services: EngineServices, session: Session, context: EvalContext): Promise<OkResult> {
  const database = databaseOf(statement.table, session);
  const table = services.catalog.getTable(database, statement.table.name.name);
  if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, statement.table.name.name);
  const schema = table.schema;
  const existing = [...(schema.primaryKey === undefined ? [] : [schema.primaryKey]), ...schema.indexes];
  const index = buildIndex(statement.index, schema.columns, existing);
  await services.catalog.createIndex(database, schema.name, index);
  return ok(context);
}

/**
 * ALTER TABLE: `ADD INDEX / KEY / UNIQUE` (through Catalog.createIndex) and `RENAME [TO|AS]`
 * (Catalog.renameTable), applied in statement order; every other action is 1235 — after the
 * checks MySQL makes first (the table exists: 1146; DROP COLUMN names a column: 1091; ADD
 * COLUMN does not repeat one: 1060), so a client sees the error MySQL would give for a
 * statement that could not have run anyway.
 */
export async function alterTable(statement: AlterTableStatement, services: EngineServices, session: Session, context: EvalContext): Promise<OkResult> {
  const database = databaseOf(statement.table, session);
  const table = services.catalog.getTable(database, statement.table.name.name);
  if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, statement.table.name.name);
  const columns = new Set(table.schema.columns.map((column) => column.name.toLowerCase()));
  for (const action of statement.actions) {
    if (action.kind === "drop-column" && !columns.has(action.name.name.toLowerCase())) {
      throw sqlError(ER_CANT_DROP_FIELD_OR_KEY, action.name.name);
    }
    if (action.kind === "add-columns") {
      for (const column of action.columns) {
        if (columns.has(column.name.name.toLowerCase())) throw sqlError(ER_DUP_FIELDNAME, column.name.name);
      }
    }
    const supported = action.kind === "rename-table" || action.kind === "drop-index" ||
      (action.kind === "add-constraint" && action.constraint.kind === "index-definition" && action.constraint.indexType !== "primary");
    if (!supported) throw sqlError(ER_NOT_SUPPORTED_YET, `ALTER TABLE … ${action.kind.toUpperCase().replaceAll("-", " ")}`);
  }
  let name = statement.table;
  for (const action of statement.actions) {
    if (action.kind === "rename-table") {
      await renameOne(name, action.to, services, session);
      name = action.to;
    } else if (action.kind === "drop-index") {
      await dropIndexNamed(name, action.name.name, services, session);
    } else if (action.kind === "add-constraint" && action.constraint.kind === "index-definition") {
      await createIndex({ ...statement, kind: "create-index", index: action.constraint, table: name }, services, session, context);
    }
  }
  return ok(context);
}

/** DROP INDEX i ON t. Dropping PRIMARY rebuilds the table in MySQL: not yet (1235). */
export async function dropIndex(statement: DropIndexStatement, services: EngineServices, session: Session, context: EvalContext): Promise<OkResult> {
  await dropIndexNamed(statement.table, statement.name.name, services, session);
  return ok(context);
}

async function dropIndexNamed(table: TableName, name: string, services: EngineServices, session: Session): Promise<void> {
  const database = databaseOf(table, session);
  rejectSystemDatabase(services, session, database);
  if (name.toLowerCase() === "primary") throw sqlError(ER_NOT_SUPPORTED_YET, "DROP INDEX `PRIMARY` (a table rebuild)");
  await services.catalog.dropIndex(database, table.name.name, name);
}

/** RENAME TABLE a TO b [, c TO d …]: each pair in order (MySQL applies the list atomically). */
export async function renameTable(statement: RenameTableStatement, services: EngineServices, session: Session, context: EvalContext): Promise<OkResult> {
  for (const rename of statement.renames) await renameOne(rename.from, rename.to, services, session);
  return ok(context);
}

async function renameOne(from: TableName, to: TableName, services: EngineServices, session: Session): Promise<void> {
  const database = databaseOf(from, session);
  const toDatabase = databaseOf(to, session);
  rejectSystemDatabase(services, session, database);
  rejectSystemDatabase(services, session, toDatabase);
  const name = to.name.name;
  if (name.length > identifierLengthMax || name === "" || name.endsWith(" ")) throw sqlError(ER_WRONG_TABLE_NAME, name);
  await services.catalog.renameTable(database, from.name.name, toDatabase, to.name.name);
}

export async function truncateTable(statement: TruncateTableStatement, services: EngineServices, session: Session, context: EvalContext): Promise<OkResult> {
  const database = databaseOf(statement.table, session);
  const table = services.catalog.getTable(database, statement.table.name.name);
  if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, statement.table.name.name);
  // TRUNCATE is DDL in MySQL: the table is recreated empty and AUTO_INCREMENT restarts.
  const schema = table.schema;
  await services.catalog.dropTable(database, schema.name);
  await services.catalog.createTable(schema);
  return ok(context);
}
