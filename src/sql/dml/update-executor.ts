/**
 * Single-table UPDATE: rows are read with exclusive locks through the select planner's access
 * path, assignments are applied left to right (a later assignment sees earlier new values, as
 * MySQL), values are converted by store-value.ts, and only rows whose values change are written.
 * affectedRows counts changed rows; info reports "Rows matched: m  Changed: c  Warnings: w".
 */

import type { UpdateStatement } from "../parser/ast.ts";
import type { Transaction } from "../catalog/catalog.ts";
import type { OkResult } from "../statement-result.ts";
import type { Row, SqlValue } from "../types/value.ts";
import { ER_BAD_FIELD_ERROR, ER_BAD_NULL_ERROR, ER_NOT_SUPPORTED_YET } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import { compileExpression } from "../expression/expression-compiler.ts";
import type { CompiledExpression, EvalContext } from "../expression/compiled-expression.ts";
import type { PlanContext } from "../plan/plan-context.ts";
import { collationConnectionOf, divPrecisionIncrementOf } from "../plan/plan-context.ts";
import type { SelectPlan, SubqueryPlan } from "../plan/query-plan.ts";
import { subqueryCollector } from "../plan/select-planner.ts";
import type { QueryRunner } from "../execute/query-runner.ts";
import { columnRefText } from "../expression/scope.ts";
import { implicitDefault, storeValue } from "./store-value.ts";
import { planTargetRead, resolveTarget, type TargetTable } from "./target-table.ts";
import { valuesEqual } from "./values-equal.ts";
import { columnDefaultValue } from "./column-default.ts";
import { formatDatetime } from "../types/temporal.ts";

export interface UpdatePlan {
  readonly kind: "update";
  readonly target: TargetTable;
  readonly read: SelectPlan;
  readonly assignments: readonly { readonly column: number; readonly value: CompiledExpression | "default" }[];
  /** Uncorrelated subqueries of the SET values, run once before the rows are read. */
  readonly subqueries: readonly SubqueryPlan[];
  readonly ignore: boolean;
}

export function planUpdate(statement: UpdateStatement, context: PlanContext): UpdatePlan {
  const target = resolveTarget(statement.tables, context, "UPDATE");
  const subqueries: SubqueryPlan[] = [];
  const environment = {
    scope: target.scope,
    subqueries: subqueryCollector(context, subqueries, target.scope),
    clause: "field list",
    collationConnection: collationConnectionOf(context),
    database: context.session.database,
    divPrecisionIncrement: divPrecisionIncrementOf(context),
  };
  const assignments = statement.assignments.map((assignment) => {
    const column = target.scope.find(assignment.column, "field list");
    if (column === undefined) throw sqlError(ER_BAD_FIELD_ERROR, columnRefText(assignment.column), "field list");
    const value = assignment.value.kind === "default" ? ("default" as const) : compileExpression(assignment.value, environment);
    return { column: column.index, value };
  });
  if (subqueries.some((subquery) => subquery.correlated)) {
    throw sqlError(ER_NOT_SUPPORTED_YET, "correlated subqueries in UPDATE … SET");
  }
  const read = planTargetRead(statement.tables[0]!, statement.where, statement.orderBy, statement.limit, statement.span, context);
  return { kind: "update", target, read, assignments, subqueries, ignore: statement.ignore };
}

export async function executeUpdate(
  plan: UpdatePlan,
  context: EvalContext,
  transaction: Transaction,
  runner: QueryRunner,
): Promise<OkResult> {
  if (plan.subqueries.length > 0) await runner.runSubqueries(plan.subqueries, context, transaction);
  const rows = await runner.run(plan.read, context, transaction);
  const schema = plan.target.schema;
  const strict = context.sqlMode.strict && !plan.ignore;
  let changed = 0;
  let rowNumber = 0;
  for (const before of rows) {
    rowNumber++;
    const after: Row = before.slice();
    const assigned = new Set<number>();
    for (const assignment of plan.assignments) {
      const column = schema.columns[assignment.column]!;
      const raw: SqlValue =
        assignment.value === "default" ? columnDefaultValue(column, context) : assignment.value.evaluate(after, context);
      const storeContext = { warnings: context.warnings, strict, rowNumber };
      let value = storeValue(raw, column, storeContext);
      if (value === null && !column.nullable) {
        if (strict) throw sqlError(ER_BAD_NULL_ERROR, column.name);
        context.warnings.add("Warning", ER_BAD_NULL_ERROR, column.name);
        value = implicitDefault(column.type);
      }
      after[assignment.column] = value;
      assigned.add(assignment.column);
    }
    if (after.every((value, index) => valuesEqual(value, before[index] ?? null))) continue;
    schema.columns.forEach((column, index) => {
      if (column.onUpdate !== undefined && !assigned.has(index)) {
        after[index] = formatDatetime(context.statementTimeMs, column.type.scale ?? 0);
      }
    });
    await plan.target.table.update(transaction, before, after);
    changed++;
  }
  const info = `Rows matched: ${rows.length}  Changed: ${changed}  Warnings: ${context.warnings.count}`;
  return {
    kind: "ok",
    affectedRows: changed,
    matchedRows: rows.length,
    lastInsertId: 0,
    warningCount: context.warnings.count,
    info,
  };
}
