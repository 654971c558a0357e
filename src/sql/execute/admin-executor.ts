/**
 * Administrative statements: transactions (BEGIN/START TRANSACTION, COMMIT, ROLLBACK,
 * SAVEPOINT, RELEASE), USE, DESCRIBE, ANALYZE/OPTIMIZE/CHECK/REPAIR TABLE, KILL, FLUSH,
 * UNLOCK TABLES, and SQL-level PREPARE / EXECUTE / DEALLOCATE PREPARE (through hooks into
 * SqlEngine). Statements the engine does not implement fail with ER_NOT_SUPPORTED_YET (1235).
 */

import type { Statement } from "../parser/ast.ts";
import type { OkResult, StatementResult } from "../statement-result.ts";
import type { SqlValue } from "../types/value.ts";
import {
  ER_BAD_DB_ERROR,
  ER_NO_SUCH_THREAD,
  ER_NOT_SUPPORTED_YET,
  ER_SP_DOES_NOT_EXIST_SAVEPOINT,
  ER_UNKNOWN_STMT_HANDLER,
  ER_WRONG_ARGUMENTS,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { Session } from "../session.ts";
import { toInteger, toText } from "../types/coercion.ts";
import type { EngineServices } from "./engine-services.ts";
import { commitSession, openTransaction, rollbackSession } from "./transaction-runner.ts";
import { evaluateStandalone } from "./value-evaluator.ts";
import { showColumns } from "../show/show-table-info.ts";
import { databaseNames } from "../show/database-names.ts";
import { rowsResult, textColumn } from "../show/show-result.ts";

export interface AdminHooks {
  /** PREPARE name FROM text: parses and keeps the statement in the session. */
  prepareSql(session: Session, name: string, text: string): void;
  /** EXECUTE name USING …: runs a session's SQL-level prepared statement. */
  executeSql(session: Session, name: string, params: readonly SqlValue[]): Promise<StatementResult>;
  /** KILL: marks the session; the server closes killed connections. */
  kill(connectionId: number, target: "connection" | "query"): boolean;
}

function ok(context: EvalContext, affectedRows = 0): OkResult {
  return { kind: "ok", affectedRows, lastInsertId: 0, warningCount: context.warnings.count, info: "" };
}

export async function executeAdmin(
  statement: Statement,
  services: EngineServices,
  session: Session,
  context: EvalContext,
  hooks: AdminHooks,
): Promise<StatementResult> {
  switch (statement.kind) {
    case "start-transaction":
    case "commit":
    case "rollback":
    case "savepoint":
    case "release-savepoint":
      return executeTransactionStatement(statement, services, session, context, hooks);
    case "use": {
      const name = statement.database.name;
      if (!databaseNames(services).includes(name)) throw sqlError(ER_BAD_DB_ERROR, name);
      session.database = name;
      return ok(context);
    }
    case "describe": {
      const filter = statement.column === undefined ? undefined : { kind: "like" as const, pattern: statement.column };
      return showColumns({ kind: "show", object: "columns", full: false, extended: false, table: statement.table,
        ...(filter === undefined ? {} : { filter }), span: statement.span, paramCount: 0 }, services, session, context);
    }
    case "table-maintenance":
      return tableMaintenance(statement, services, session);
    case "kill": {
      const [id] = await evaluateStandalone([statement.id], services, session, context, "");
      const connectionId = Number(toInteger(id?.value ?? null, context.warnings) ?? -1);
      if (!hooks.kill(connectionId, statement.target)) throw sqlError(ER_NO_SUCH_THREAD, connectionId);
      return ok(context);
    }
    case "flush":
      if (statement.withReadLock) throw sqlError(ER_NOT_SUPPORTED_YET, "FLUSH TABLES WITH READ LOCK");
      // FLUSH LOGS and FLUSH BINARY LOGS start a new binary log file; without a binary log
      // they succeed and do nothing, as in MySQL with log_bin=OFF.
      if (statement.options.some((option) => option === "LOGS" || option === "BINARY LOGS")) {
        await services.replicationLog?.rotate();
      }
      return ok(context);
    case "unlock-tables":
      return ok(context);
    case "prepare":
      return prepareSql(statement, session, context, hooks);
    case "execute": {
      const params = statement.using.map((name) => session.userVariables.get(name.toLowerCase())?.value ?? null);
      const result = await hooks.executeSql(session, statement.name.name, params);
      if (result.kind === "error") throw result.error;
      return result;
    }
    case "deallocate-prepare":
      if (!session.sqlPrepared.delete(statement.name.name.toLowerCase())) {
        throw sqlError(ER_UNKNOWN_STMT_HANDLER, statement.name.name, "DEALLOCATE PREPARE");
      }
      return ok(context);
    default:
      throw sqlError(ER_NOT_SUPPORTED_YET, statement.kind.toUpperCase().replaceAll("-", " "));
  }
}

type TransactionStatement = Extract<Statement, { kind: "start-transaction" | "commit" | "rollback" | "savepoint" | "release-savepoint" }>;

async function executeTransactionStatement(
  statement: TransactionStatement,
  services: EngineServices,
  session: Session,
  context: EvalContext,
  hooks: AdminHooks,
): Promise<OkResult> {
  switch (statement.kind) {
    case "start-transaction":
      await commitSession(session);
      openTransaction(services, session, statement.readOnly, statement.consistentSnapshot);
      return ok(context);
    case "commit":
      await commitSession(session);
      if (statement.chain === true) openTransaction(services, session, undefined, false);
      if (statement.release === true) hooks.kill(session.connectionId, "connection");
      return ok(context);
    case "rollback":
      if (statement.savepoint !== undefined) return rollbackToSavepoint(session, statement.savepoint.name, context);
      await rollbackSession(session);
      if (statement.chain === true) openTransaction(services, session, undefined, false);
      if (statement.release === true) hooks.kill(session.connectionId, "connection");
      return ok(context);
    case "savepoint": {
      const transaction = session.transaction;
      if (transaction !== undefined) {
        const name = statement.name.name.toLowerCase();
        session.savepoints.delete(name);
        session.savepoints.set(name, transaction.savepoint());
      }
      return ok(context);
    }
    case "release-savepoint": {
      const name = statement.name.name.toLowerCase();
      if (!session.savepoints.delete(name)) throw sqlError(ER_SP_DOES_NOT_EXIST_SAVEPOINT, statement.name.name);
      return ok(context);
    }
  }
}

function rollbackToSavepoint(session: Session, rawName: string, context: EvalContext): OkResult {
  const name = rawName.toLowerCase();
  const handle = session.savepoints.get(name);
  const transaction = session.transaction;
  if (handle === undefined || transaction === undefined) throw sqlError(ER_SP_DOES_NOT_EXIST_SAVEPOINT, rawName);
  transaction.rollbackToSavepoint(handle);
  let after = false;
  for (const key of [...session.savepoints.keys()]) {
    if (after) session.savepoints.delete(key);
    if (key === name) after = true;
  }
  return ok(context);
}

function prepareSql(
  statement: Extract<Statement, { kind: "prepare" }>,
  session: Session,
  context: EvalContext,
  hooks: AdminHooks,
): OkResult {
  const source = statement.source;
  const text =
    source.kind === "text" ? source.text : toText(session.userVariables.get(source.name.toLowerCase())?.value ?? null);
  if (text === null) throw sqlError(ER_WRONG_ARGUMENTS, "PREPARE");
  hooks.prepareSql(session, statement.name.name.toLowerCase(), text);
  return ok(context);
}

function tableMaintenance(
  statement: Extract<Statement, { kind: "table-maintenance" }>,
  services: EngineServices,
  session: Session,
): StatementResult {
  const columns = [textColumn("Table", 128), textColumn("Op", 10), textColumn("Msg_type", 10), textColumn("Msg_text", 1024)];
  const rows: SqlValue[][] = [];
  for (const name of statement.tables) {
    const database = name.database?.name ?? session.database ?? "";
    const qualified = `${database}.${name.name.name}`;
    if (services.catalog.getTable(database, name.name.name) === undefined) {
      rows.push([qualified, statement.operation, "Error", `Table '${qualified}' doesn't exist`]);
      rows.push([qualified, statement.operation, "status", "Operation failed"]);
    } else rows.push([qualified, statement.operation, "status", "OK"]);
  }
  return rowsResult(columns, rows);
}
