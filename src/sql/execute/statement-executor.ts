/**
 * Runs one parsed statement for a session: sets up its diagnostics area and evaluation context,
 * dispatches on the statement kind, turns SqlErrors into ErrorResults, and records what later
 * statements can ask about (SHOW WARNINGS, ROW_COUNT(), FOUND_ROWS(), LAST_INSERT_ID()).
 * DDL commits an open transaction first (implicit commit, as MySQL).
 */

import type { Expression, Statement } from "../parser/ast.ts";
import { childExpressions } from "../plan/ast-walk.ts";
import type { OkResult, StatementResult } from "../statement-result.ts";
import type { SqlValue } from "../types/value.ts";
import {
  ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION,
  ER_NOT_SUPPORTED_YET,
  ER_TOO_MANY_ROWS,
} from "../../util/mysql-errors.ts";
import { SqlError, sqlError } from "../sql-error.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { Session } from "../session.ts";
import { createEvalContext, type EngineServices } from "./engine-services.ts";
import { cachedOrPlan, isPlannable, type CachedPlan, type PlannableStatement } from "./executable-plan.ts";
import { commitSession, runInTransaction } from "./transaction-runner.ts";
import { executeInsert } from "../dml/insert-executor.ts";
import { executeUpdate } from "../dml/update-executor.ts";
import { executeDelete } from "../dml/delete-executor.ts";
import { executeShow } from "../show/show-executor.ts";
import { executeSet, executeSetTransaction } from "./set-executor.ts";
import {
  alterTable,
  createDatabase,
  createIndex,
  createTable,
  dropDatabase,
  dropIndex,
  dropTable,
  renameTable,
  truncateTable,
} from "./ddl-executor.ts";
import { explainPlan } from "./explain.ts";
import { executeAdmin, type AdminHooks } from "./admin-executor.ts";
import { evaluateStandalone } from "./value-evaluator.ts";

export interface StatementRequest {
  readonly statement: Statement;
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /** Where a prepared statement keeps its plan between executions. */
  readonly planSlot?: { cached?: CachedPlan };
}

const diagnosticStatements = new Set(["warnings", "errors"]);

/**
 * Diagnostic statements keep the previous statement's diagnostics area: SHOW WARNINGS / ERRORS,
 * and (as MySQL) a SELECT that reads @@warning_count or @@error_count.
 */
function isDiagnostic(statement: Statement): boolean {
  if (statement.kind === "show") return diagnosticStatements.has(statement.object);
  if (statement.kind !== "select" || statement.from.length > 0) return false;
  return statement.items.some((item) => item.kind === "select-expression" && readsDiagnostics(item.expr));
}

function readsDiagnostics(expression: Expression): boolean {
  if (expression.kind === "system-variable") {
    const name = expression.name.toLowerCase();
    return name === "warning_count" || name === "error_count";
  }
  return childExpressions(expression).some(readsDiagnostics);
}

function isDdl(statement: Statement): boolean {
  switch (statement.kind) {
    case "create-database":
    case "drop-database":
    case "create-table":
    case "drop-table":
    case "create-index":
    case "drop-index":
    case "truncate-table":
    case "alter-table":
    case "rename-table":
    case "alter-database":
    case "create-view":
    case "drop-view":
      return true;
    default:
      return false;
  }
}

export class StatementExecutor {
  constructor(
    readonly services: EngineServices,
    readonly hooks: AdminHooks,
  ) {}

  async run(session: Session, request: StatementRequest): Promise<StatementResult> {
    const warnings = session.resetDiagnostics();
    const context = createEvalContext(this.services, session, warnings, request.params);
    session.lastInsertIdExplicit = false;
    let result: StatementResult;
    try {
      // Rows statements skip #dispatch: one async frame less on the hot path.
      const statement = request.statement;
      result = isPlannable(statement)
        ? await this.#runPlannable(session, statement, request, context)
        : await this.#dispatch(session, request, context);
    } catch (error) {
      if (!(error instanceof SqlError)) throw error;
      warnings.push({ level: "Error", code: error.code, message: error.message });
      result = { kind: "error", error };
    }
    if (result.kind === "ok" && session.lastInsertIdExplicit && result.lastInsertId === 0) {
      // LAST_INSERT_ID(expr) makes the OK packet report expr, as MySQL.
      result = { ...result, lastInsertId: session.lastInsertId };
    }
    if (!isDiagnostic(request.statement)) session.warnings = warnings;
    this.#recordOutcome(session, request.statement, result);
    return result;
  }

  #recordOutcome(session: Session, statement: Statement, result: StatementResult): void {
    if (result.kind === "rows") session.rowCount = -1;
    else if (result.kind === "error") session.rowCount = -1;
    else {
      const dml = statement.kind === "insert" || statement.kind === "update" || statement.kind === "delete";
      session.rowCount = dml ? result.affectedRows : 0;
    }
    this.services.counters.countCommand(commandName(statement.kind));
  }

  async #dispatch(session: Session, request: StatementRequest, context: EvalContext): Promise<StatementResult> {
    const statement = request.statement;
    if (isDdl(statement)) await commitSession(session);
    if (isPlannable(statement)) return this.#runPlannable(session, statement, request, context);
    switch (statement.kind) {
      case "show":
        return executeShow(statement, this.services, session, context);
      case "set":
        return executeSet(statement, this.services, session, context, request.sql);
      case "set-transaction":
        return executeSetTransaction(statement, this.services, session);
      case "create-database":
        return createDatabase(statement, this.services, session, context);
      case "drop-database":
        return dropDatabase(statement, this.services, session, context);
      case "create-table":
        return createTable(statement, this.services, session, context, request.sql);
      case "drop-table":
        return dropTable(statement, this.services, session, context);
      case "create-index":
        return createIndex(statement, this.services, session, context);
      case "truncate-table":
        return truncateTable(statement, this.services, session, context);
      case "alter-table":
        return alterTable(statement, this.services, session, context);
      case "rename-table":
        return renameTable(statement, this.services, session, context);
      case "drop-index":
        return dropIndex(statement, this.services, session, context);
      case "explain":
        return this.#explain(session, statement, request);
      case "do":
        await evaluateStandalone(statement.exprs, this.services, session, context, request.sql);
        return ok(context);
      default:
        return executeAdmin(statement, this.services, session, context, this.hooks);
    }
  }

  /** Not async: its callers await it inside a try, where a synchronous throw lands too. */
  #runPlannable(
    session: Session,
    statement: PlannableStatement,
    request: StatementRequest,
    context: EvalContext,
  ): Promise<StatementResult> {
    const slot = request.planSlot;
    const cached = cachedOrPlan(slot?.cached, statement, this.services, session, request.sql);
    if (slot !== undefined) slot.cached = cached;
    const plan = cached.plan;
    const runner = this.services.runner;
    if (plan.kind !== "query") {
      if (session.transaction !== undefined ? session.transactionReadOnly : session.defaultReadOnly) {
        throw sqlError(ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION);
      }
    }
    switch (plan.kind) {
      case "insert":
        return runInTransaction(this.services, session, (txn) => executeInsert(plan, context, txn, runner));
      case "update":
        return runInTransaction(this.services, session, (txn) => executeUpdate(plan, context, txn, runner));
      case "delete":
        return runInTransaction(this.services, session, (txn) => executeDelete(plan, context, txn, runner));
      case "query":
        return this.#runQuery(session, statement, plan.plan, context);
    }
  }

  async #runQuery(
    session: Session,
    statement: PlannableStatement,
    plan: import("../plan/query-plan.ts").QueryPlan,
    context: EvalContext,
  ): Promise<StatementResult> {
    const selectLimit = session.sqlSelectLimit;
    const defaultLimit = selectLimit >= Number.MAX_SAFE_INTEGER ? undefined : selectLimit;
    const outcome = await runInTransaction(this.services, session, (txn) =>
      this.services.runner.runWithCount(plan, context, txn, defaultLimit),
    );
    session.foundRows = outcome.foundRows;
    const into = plan.kind === "select" ? plan.into : undefined;
    if (into !== undefined) return this.#selectInto(session, into, plan, outcome.rows, context);
    void statement;
    return { kind: "rows", columns: plan.columns, rows: outcome.rows, warningCount: context.warnings.count };
  }

  #selectInto(
    session: Session,
    variables: readonly string[],
    plan: import("../plan/query-plan.ts").QueryPlan,
    rows: readonly (readonly SqlValue[])[],
    context: EvalContext,
  ): OkResult {
    if (variables.length !== plan.columns.length) throw sqlError({ code: 1222, sqlState: "21000", template: "The used SELECT statements have a different number of columns" });
    if (rows.length > 1) throw sqlError(ER_TOO_MANY_ROWS);
    if (rows.length === 0) {
      context.warnings.push({ level: "Warning", code: 1329, message: "No data - zero rows fetched, selected, or processed" });
    } else {
      variables.forEach((name, index) => {
        session.userVariables.set(name.toLowerCase(), { value: rows[0]![index] ?? null, type: plan.columns[index]!.type });
      });
    }
    return ok(context, rows.length);
  }

  async #explain(
    session: Session,
    statement: Extract<Statement, { kind: "explain" }>,
    request: StatementRequest,
  ): Promise<StatementResult> {
    if (statement.analyze || (statement.format !== undefined && statement.format !== "traditional")) {
      throw sqlError(ER_NOT_SUPPORTED_YET, "EXPLAIN ANALYZE / FORMAT other than TRADITIONAL");
    }
    const cached = cachedOrPlan(undefined, statement.statement, this.services, session, request.sql);
    const plan = cached.plan;
    switch (plan.kind) {
      case "query":
        return explainPlan(plan.plan);
      case "update":
        return explainPlan(plan.read, "UPDATE");
      case "delete":
        return explainPlan(plan.read, "DELETE");
      case "insert":
        return explainPlan(plan.query ?? { kind: "select", sources: [], width: 0, outputs: [], columns: [], distinct: false, order: [], orderFromIndex: false, subqueries: [], level: 0, correlated: false, calcFoundRows: false }, "INSERT");
    }
  }
}

const commandNames = new Map<string, string>();

/** Com_xxx counter name of a statement kind (memoised: no string work per statement). */
function commandName(kind: Statement["kind"]): string {
  let name = commandNames.get(kind);
  if (name === undefined) {
    name = kind === "set" ? "set_option" : kind === "start-transaction" ? "begin" : kind.replaceAll("-", "_");
    if (name === "set_operation" || name === "parenthesized_query") name = "select";
    commandNames.set(kind, name);
  }
  return name;
}

function ok(context: EvalContext, affectedRows = 0): OkResult {
  return { kind: "ok", affectedRows, lastInsertId: 0, warningCount: context.warnings.count, info: "" };
}
