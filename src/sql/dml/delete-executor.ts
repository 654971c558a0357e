/**
 * Single-table DELETE: rows are read with exclusive locks through the select planner's access
 * path (so `DELETE … WHERE id = ?` is one point lookup) and deleted one by one.
 */

import type { DeleteStatement } from "../parser/ast.ts";
import type { Transaction } from "../catalog/catalog.ts";
import type { OkResult } from "../statement-result.ts";
import { ER_NOT_SUPPORTED_YET } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { PlanContext } from "../plan/plan-context.ts";
import type { SelectPlan } from "../plan/query-plan.ts";
import type { QueryRunner } from "../execute/query-runner.ts";
import { planTargetRead, resolveTarget, type TargetTable } from "./target-table.ts";

export interface DeletePlan {
  readonly kind: "delete";
  readonly target: TargetTable;
  readonly read: SelectPlan;
}

export function planDelete(statement: DeleteStatement, context: PlanContext): DeletePlan {
  if (statement.targets !== undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "multi-table DELETE");
  const target = resolveTarget(statement.from, context, "DELETE");
  const read = planTargetRead(statement.from[0]!, statement.where, statement.orderBy, statement.limit, statement.span, context);
  return { kind: "delete", target, read };
}

export async function executeDelete(
  plan: DeletePlan,
  context: EvalContext,
  transaction: Transaction,
  runner: QueryRunner,
): Promise<OkResult> {
  const rows = await runner.run(plan.read, context, transaction);
  for (const row of rows) await plan.target.table.delete(transaction, row);
  return { kind: "ok", affectedRows: rows.length, lastInsertId: 0, warningCount: context.warnings.count, info: "" };
}
