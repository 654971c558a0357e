/**
 * Window functions in the select list: ROW_NUMBER(), RANK(), DENSE_RANK() and aggregates with
 * OVER (PARTITION BY … ORDER BY …). Frames follow MySQL's defaults only: with ORDER BY, RANGE
 * UNBOUNDED PRECEDING to CURRENT ROW (peers included); without, the whole partition. Explicit
 * frames, named windows and other window functions (LAG, NTILE, …) are 1235.
 *
 * Each registered call gets a slot after the (aggregate-extended) row; the slot index is fixed
 * once planning knows how many aggregates precede it (`finish`).
 */

import type { AggregateCall, FunctionCall, WindowSpec } from "../parser/ast.ts";
import { ER_NOT_SUPPORTED_YET } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { CompileEnvironment, WindowCollector } from "../expression/compile-environment.ts";
import { compileExpression } from "../expression/expression-compiler.ts";
import { bigintType, type CompiledExpression } from "../expression/compiled-expression.ts";
import { comparatorForExpression, type Comparator } from "../expression/compare.ts";
import { collationOf } from "../expression/collation-choice.ts";
import type { AggregateSpec } from "./aggregate-spec.ts";
import { buildAggregateSpec } from "./build-aggregate-spec.ts";

export interface WindowOrderKey {
  readonly expression: CompiledExpression;
  readonly descending: boolean;
  readonly comparator: Comparator;
}

export interface WindowFunctionPlan {
  readonly kind: "row_number" | "rank" | "dense_rank" | "aggregate";
  readonly aggregate?: AggregateSpec;
  readonly partitionBy: readonly CompiledExpression[];
  readonly orderBy: readonly WindowOrderKey[];
  readonly slot: { index: number };
}

const rankingFunctions: Record<string, WindowFunctionPlan["kind"]> = {
  ROW_NUMBER: "row_number",
  RANK: "rank",
  DENSE_RANK: "dense_rank",
};

export class WindowRegistry implements WindowCollector {
  readonly functions: WindowFunctionPlan[] = [];

  /** `environment` is the select list's environment without window support (aggregates allowed). */
  constructor(readonly environment: CompileEnvironment) {}

  add(call: FunctionCall | AggregateCall): CompiledExpression {
    const spec = call.over!;
    if (spec.name !== undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "named windows");
    if (spec.frame !== undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "window frames");
    let kind: WindowFunctionPlan["kind"];
    let aggregate: AggregateSpec | undefined;
    if (call.kind === "function-call") {
      const ranking = rankingFunctions[call.name.toUpperCase()];
      if (ranking === undefined) throw sqlError(ER_NOT_SUPPORTED_YET, `window function ${call.name}`);
      kind = ranking;
    } else {
      if (call.distinct) throw sqlError(ER_NOT_SUPPORTED_YET, "DISTINCT in window aggregates");
      kind = "aggregate";
      aggregate = buildAggregateSpec(call, this.environment);
    }
    const slot = { index: -1 };
    this.functions.push({ kind, ...(aggregate === undefined ? {} : { aggregate }), ...this.#keys(spec), slot });
    return {
      evaluate: (row) => row[slot.index] ?? null,
      type: aggregate?.type ?? bigintType,
      nullable: aggregate !== undefined,
      rowIndependent: false,
      constant: false,
      dynamicType: false,
    };
  }

  #keys(spec: WindowSpec): Pick<WindowFunctionPlan, "partitionBy" | "orderBy"> {
    const environment = { ...this.environment, clause: "window" };
    const connection = environment.collationConnection;
    return {
      partitionBy: spec.partitionBy.map((expression) => compileExpression(expression, environment)),
      orderBy: spec.orderBy.map((item) => {
        const expression = compileExpression(item.expr, environment);
        return { expression, descending: item.direction === "desc", comparator: comparatorForExpression(expression, collationOf(expression, connection)) };
      }),
    };
  }

  /** Fixes the slots: window values follow the `width` columns of the rows they are computed on. */
  finish(width: number): void {
    this.functions.forEach((window, position) => (window.slot.index = width + position));
  }
}
