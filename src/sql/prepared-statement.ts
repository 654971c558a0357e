/**
 * A prepared statement (COM_STMT_PREPARE or SQL PREPARE): the parsed statement, its parameter
 * count and result columns, and the slot where its plan is cached between executions.
 */

import type { Statement } from "./parser/ast.ts";
import type { ResultColumn } from "./statement-result.ts";
import type { CachedPlan } from "./execute/executable-plan.ts";

export interface PreparedStatementInfo {
  readonly paramCount: number;
  /** Result columns if it returns rows, else []. */
  readonly columns: readonly ResultColumn[];
}

export class PreparedStatement {
  readonly planSlot: { cached?: CachedPlan } = {};

  constructor(
    readonly statement: Statement,
    readonly text: string,
    readonly info: PreparedStatementInfo,
  ) {}
}
