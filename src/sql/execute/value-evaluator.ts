/**
 * Evaluates standalone expressions (SET values, DO, KILL ids) the same way a FROM-less SELECT
 * would, so subqueries and functions behave identically: the expression is planned as
 * `SELECT expr` and run in the statement's transaction.
 */

import type { Expression, SelectQuery } from "../parser/ast.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { SqlValue } from "../types/value.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { Session } from "../session.ts";
import { emptySelect } from "../parser/query-parser.ts";
import { planQuery } from "../plan/select-planner.ts";
import { createPlanContext, type EngineServices } from "./engine-services.ts";
import { runInTransaction } from "./transaction-runner.ts";

export interface TypedValue {
  readonly value: SqlValue;
  readonly type: SqlType;
}

export function selectOf(expressions: readonly Expression[]): SelectQuery {
  return {
    ...emptySelect(0),
    items: expressions.map((expr) => ({ kind: "select-expression", expr, span: { start: 0, end: 0 } })),
  };
}

export async function evaluateStandalone(
  expressions: readonly Expression[],
  services: EngineServices,
  session: Session,
  context: EvalContext,
  sql: string,
): Promise<TypedValue[]> {
  if (expressions.length === 0) return [];
  const plan = planQuery(selectOf(expressions), createPlanContext(services, session, sql));
  const needsStorage = plan.subqueries.length > 0;
  const rows = needsStorage
    ? await runInTransaction(services, session, (transaction) => services.runner.run(plan, context, transaction))
    : await services.runner.run(plan, context, undefined as never);
  const row = rows[0] ?? [];
  return plan.columns.map((column, index) => ({ value: row[index] ?? null, type: column.type }));
}
