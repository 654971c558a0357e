/**
 * SHOW statements. Each builds its rows from the catalog, the session or the engine and then
 * applies the statement's LIKE / WHERE filter (show-result.ts).
 */

import type { ShowStatement } from "../parser/ast.ts";
import type { RowsResult } from "../statement-result.ts";
import type { Row, SqlValue } from "../types/value.ts";
import {
  ER_BAD_DB_ERROR,
  ER_NO_DB_ERROR,
  ER_NO_SUCH_TABLE,
  ER_NOT_SUPPORTED_YET,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { EngineServices } from "../execute/engine-services.ts";
import type { Session } from "../session.ts";
import { listCharsets, listCollations } from "../types/collation.ts";
import { toInteger } from "../types/coercion.ts";
import { filterShowRows, integerColumn, rowsResult, textColumn } from "./show-result.ts";
import { showCreateTable, quoteIdentifier } from "./show-create-table.ts";
import { showColumns, showIndexes, showTableStatus } from "./show-table-info.ts";
import { showVariables } from "./show-variables.ts";
import { databaseNames, requireDatabase } from "./database-names.ts";
import { showBinaryLogs, showBinlogEvents, showMasterStatus } from "./show-binary-log.ts";

export async function executeShow(
  statement: ShowStatement,
  services: EngineServices,
  session: Session,
  context: EvalContext,
): Promise<RowsResult> {
  const filter = statement.filter;
  switch (statement.object) {
    case "databases": {
      const columns = [textColumn("Database")];
      return rowsResult(columns, filterShowRows(columns, databaseNames(services).map((name) => [name]), filter, context));
    }
    case "tables":
      return showTables(statement, services, session, context);
    case "columns":
      return showColumns(statement, services, session, context);
    case "indexes":
      return showIndexes(statement, services, session, context);
    case "table-status":
      return showTableStatus(statement, services, session, context);
    case "variables":
      return showVariables(statement, services, session, context);
    case "status": {
      const columns = [textColumn("Variable_name"), textColumn("Value", 1024)];
      const rows = services.counters.rows(services.clock.nowMs()).map(([name, value]) => [name, value]);
      return rowsResult(columns, filterShowRows(columns, rows, filter, context));
    }
    case "warnings":
    case "errors":
      return showWarnings(statement, session, context);
    case "create-table":
      return showCreateTableResult(statement, services, session);
    case "create-database":
      return showCreateDatabase(statement, services);
    case "processlist":
      return showProcesslist(statement, services);
    case "binary-logs":
      return showBinaryLogs(services);
    case "master-status":
      return showMasterStatus(services);
    case "binlog-events":
      return showBinlogEvents(statement, services, session, context);
    default:
      return showFixed(statement, session, context);
  }
}

/** SHOW forms whose rows do not depend on the catalog (engines, charsets, grants, empty lists). */
function showFixed(statement: ShowStatement, session: Session, context: EvalContext): RowsResult {
  const filter = statement.filter;
  switch (statement.object) {
    case "engines":
      return rowsResult(
        ["Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"].map((name) => textColumn(name, 80, name !== "Engine")),
        [["InnoDB", "DEFAULT", "Supports transactions, row-level locking, and foreign keys", "YES", "NO", "YES"]],
      );
    case "charset": {
      const columns = [textColumn("Charset"), textColumn("Description"), textColumn("Default collation"), integerColumn("Maxlen")];
      const rows = listCharsets().map((info) => [info.name, info.description, info.defaultCollation, info.maxLength]);
      return rowsResult(columns, filterShowRows(columns, rows, filter, context));
    }
    case "collation": {
      const columns = ["Collation", "Charset", "Id", "Default", "Compiled", "Sortlen", "Pad_attribute"].map((name) =>
        name === "Id" || name === "Sortlen" ? integerColumn(name) : textColumn(name),
      );
      const rows = listCollations().map((collation) => [
        collation.name,
        collation.charset,
        collation.id,
        collation.isDefault ? "Yes" : "",
        "Yes",
        collation.name.includes("0900") ? 0 : 1,
        collation.padSpace ? "PAD SPACE" : "NO PAD",
      ]);
      return rowsResult(columns, filterShowRows(columns, rows, filter, context));
    }
    case "grants": {
      const user = statement.user === undefined || statement.user.currentUser === true ? session.user : statement.user.user;
      const host = statement.user === undefined || statement.user.currentUser === true ? "localhost" : statement.user.host;
      const columns = [textColumn(`Grants for ${user}@${host}`, 1024)];
      return rowsResult(columns, [[`GRANT ALL PRIVILEGES ON *.* TO ${quoteIdentifier(user)}@${quoteIdentifier(host)} WITH GRANT OPTION`]]);
    }
    case "plugins":
      return rowsResult(
        ["Name", "Status", "Type", "Library", "License"].map((name) => textColumn(name, 64, name === "Library")),
        [
          ["caching_sha2_password", "ACTIVE", "AUTHENTICATION", null, "GPL"],
          ["mysql_native_password", "ACTIVE", "AUTHENTICATION", null, "GPL"],
          ["InnoDB", "ACTIVE", "STORAGE ENGINE", null, "GPL"],
        ],
      );
    case "triggers":
      return rowsResult(["Trigger", "Event", "Table", "Statement", "Timing", "Created", "sql_mode", "Definer", "character_set_client", "collation_connection", "Database Collation"].map((name) => textColumn(name)), []);
    case "events":
      return rowsResult(["Db", "Name", "Definer", "Time zone", "Type", "Execute at", "Interval value", "Interval field", "Starts", "Ends", "Status", "Originator", "character_set_client", "collation_connection", "Database Collation"].map((name) => textColumn(name)), []);
    case "function-status":
    case "procedure-status":
      return rowsResult(["Db", "Name", "Type", "Definer", "Modified", "Created", "Security_type", "Comment", "character_set_client", "collation_connection", "Database Collation"].map((name) => textColumn(name)), []);
    case "open-tables":
      return rowsResult(["Database", "Table", "In_use", "Name_locked"].map((name) => textColumn(name)), []);
    case "privileges":
      return rowsResult(["Privilege", "Context", "Comment"].map((name) => textColumn(name)), [["All", "Server Admin", "All privileges"]]);
    default:
      throw sqlError(ER_NOT_SUPPORTED_YET, `SHOW ${statement.object.toUpperCase().replaceAll("-", " ")}`);
  }
}

function showTables(statement: ShowStatement, services: EngineServices, session: Session, context: EvalContext): RowsResult {
  const database = requireDatabase(statement.database?.name ?? session.database, services);
  // With LIKE, MySQL names the column after the pattern too: "Tables_in_db (pat%)".
  const like = statement.filter?.kind === "like" ? ` (${statement.filter.pattern})` : "";
  const columns = [textColumn(`Tables_in_${database}${like}`)];
  if (statement.full) columns.push(textColumn("Table_type"));
  const virtual = services.virtualSchemas.isVirtualDatabase(database);
  const names = virtual ? services.virtualSchemas.tableNames(database) : services.catalog.listTables(database).map((table) => table.name);
  const rows = [...names].sort().map((name) => (statement.full ? [name, virtual ? "SYSTEM VIEW" : "BASE TABLE"] : [name]));
  return rowsResult(columns, filterShowRows(columns, rows, statement.filter, context));
}

function showWarnings(statement: ShowStatement, session: Session, context: EvalContext): RowsResult {
  const errorsOnly = statement.object === "errors";
  const list = session.warnings;
  if (statement.countOnly === true) {
    const name = errorsOnly ? "@@session.error_count" : "@@session.warning_count";
    return rowsResult([integerColumn(name)], [[errorsOnly ? list.errorCount : list.count]]);
  }
  const columns = [textColumn("Level", 7), integerColumn("Code"), textColumn("Message", 512)];
  let items = list.items.filter((warning) => !errorsOnly || warning.level === "Error");
  if (statement.limit !== undefined) {
    const count = Number(toInteger(statement.limit.count.kind === "integer" ? statement.limit.count.value : 0, context.warnings) ?? 0);
    const offset = statement.limit.offset?.kind === "integer" ? Number(statement.limit.offset.value) : 0;
    items = items.slice(offset, offset + count);
  }
  return rowsResult(columns, items.map((warning) => [warning.level, warning.code, warning.message]));
}

function showCreateTableResult(statement: ShowStatement, services: EngineServices, session: Session): RowsResult {
  const name = statement.table!;
  const database = name.database?.name ?? session.database;
  if (database === undefined) throw sqlError(ER_NO_DB_ERROR);
  const table = services.catalog.getTable(database, name.name.name);
  if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, name.name.name);
  return rowsResult([textColumn("Table"), textColumn("Create Table", 1024)], [[table.schema.name, showCreateTable(table)]]);
}

function showCreateDatabase(statement: ShowStatement, services: EngineServices): RowsResult {
  const name = statement.database!.name;
  const database = services.catalog.getDatabase(name);
  if (database === undefined) throw sqlError(ER_BAD_DB_ERROR, name);
  const ifNotExists = statement.ifNotExists === true ? "/*!32312 IF NOT EXISTS*/ " : "";
  const text =
    `CREATE DATABASE ${ifNotExists}${quoteIdentifier(name)} /*!40100 DEFAULT CHARACTER SET ${database.defaultCharset} ` +
    `COLLATE ${database.defaultCollation} */ /*!80016 DEFAULT ENCRYPTION='N' */`;
  return rowsResult([textColumn("Database"), textColumn("Create Database", 1024)], [[name, text]]);
}

function showProcesslist(statement: ShowStatement, services: EngineServices): RowsResult {
  const columns = [
    integerColumn("Id"),
    textColumn("User"),
    textColumn("Host"),
    textColumn("db", 64, true),
    textColumn("Command"),
    integerColumn("Time"),
    textColumn("State", 64, true),
    textColumn("Info", 1024, true),
  ];
  const now = services.clock.nowMs();
  const rows: Row[] = [...services.sessions.values()].map((session): SqlValue[] => {
    const info = session.currentStatement;
    return [
      session.connectionId,
      session.user,
      session.host,
      session.database ?? null,
      session.command,
      Math.max(Math.floor((now - session.stateSinceMs) / 1000), 0),
      session.command === "Query" ? "executing" : "",
      info === null ? null : statement.full ? info : info.slice(0, 100),
    ];
  });
  return rowsResult(columns, rows);
}

