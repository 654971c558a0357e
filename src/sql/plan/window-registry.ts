/**
 * Window functions in the select list: ROW_NUMBER(), RANK(), DENSE_RANK(), NTILE(n), LAG(),
 * LEAD(), FIRST_VALUE() and aggregates with OVER (PARTITION BY … ORDER BY … [frame]). Default
 * frames are MySQL's: with ORDER BY, RANGE UNBOUNDED PRECEDING to CURRENT ROW (peers
 * included); without, the whole partition. Aggregates take explicit ROWS frames (n PRECEDING /
 * FOLLOWING, CURRENT ROW, UNBOUNDED); RANGE frames other than the default, named windows and
 * other window functions (LAST_VALUE, …) are 1235.
 *
 * Each registered call gets a slot after the (aggregate-extended) row; the slot index is fixed
 * once planning knows how many aggregates precede it (`finish`).
 */

import type { AggregateCall, FrameBound, FunctionCall, WindowSpec } from "../parser/ast.ts";
import { ER_NOT_SUPPORTED_YET, ER_WRONG_ARGUMENTS, ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT } from "../../util/mysql-errors.ts";
import { commonType } from "../expression/common-type.ts";
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

/** A ROWS frame as offsets from the current row (-Infinity / Infinity for UNBOUNDED). */
export interface RowsFrame {
  readonly start: number;
  readonly end: number;
}

export interface WindowFunctionPlan {
  readonly kind: "row_number" | "rank" | "dense_rank" | "ntile" | "aggregate" | "lag" | "lead" | "first_value";
  /** Aggregates with an explicit ROWS frame; undefined for MySQL's default frame. */
  readonly rows?: RowsFrame;
  /** NTILE: the number of buckets. */
  readonly buckets?: number;
  readonly aggregate?: AggregateSpec;
  /** LAG/LEAD/FIRST_VALUE: the value, the row offset (default 1) and the default (NULL). */
  readonly value?: CompiledExpression;
  readonly offset?: number;
  readonly fallback?: CompiledExpression;
  readonly partitionBy: readonly CompiledExpression[];
  readonly orderBy: readonly WindowOrderKey[];
  readonly slot: { index: number };
}

const rankingFunctions: Record<string, WindowFunctionPlan["kind"]> = {
  ROW_NUMBER: "row_number",
  RANK: "rank",
  DENSE_RANK: "dense_rank",
};
const valueFunctions: Record<string, WindowFunctionPlan["kind"]> = { LAG: "lag", LEAD: "lead", FIRST_VALUE: "first_value" };

export class WindowRegistry implements WindowCollector {
  readonly functions: WindowFunctionPlan[] = [];

  /** `environment` is the select list's environment without window support (aggregates allowed). */
  constructor(readonly environment: CompileEnvironment) {}

  add(call: FunctionCall | AggregateCall): CompiledExpression {
    const spec = call.over!;
    if (spec.name !== undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "named windows");
    const rows = rowsFrame(spec);
    if (rows !== undefined && call.kind === "function-call") throw sqlError(ER_NOT_SUPPORTED_YET, "a frame for this window function");
    let kind: WindowFunctionPlan["kind"];
    let buckets: number | undefined;
    let aggregate: AggregateSpec | undefined;
    let valueParts: Pick<WindowFunctionPlan, "value" | "offset" | "fallback"> = {};
    if (call.kind === "function-call") {
      const name = call.name.toUpperCase();
      const ranking = name === "NTILE" ? "ntile" : (rankingFunctions[name] ?? valueFunctions[name]);
      if (ranking === undefined) throw sqlError(ER_NOT_SUPPORTED_YET, `window function ${call.name}`);
      kind = ranking;
      if (valueFunctions[name] !== undefined) valueParts = this.#valueParts(call);
      else if (kind === "ntile") buckets = ntileBuckets(call);
      else if (call.args.length > 0) throw sqlError(ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT, call.name);
    } else {
      if (call.distinct) throw sqlError(ER_NOT_SUPPORTED_YET, "DISTINCT in window aggregates");
      kind = "aggregate";
      aggregate = buildAggregateSpec(call, this.environment);
    }
    const slot = { index: -1 };
    this.functions.push({
      kind,
      ...(aggregate === undefined ? {} : { aggregate }),
      ...(rows === undefined ? {} : { rows }),
      ...(buckets === undefined ? {} : { buckets }),
      ...valueParts,
      ...this.#keys(spec),
      slot,
    });
    return {
      evaluate: (row) => row[slot.index] ?? null,
      type: aggregate?.type ?? (valueParts.value === undefined ? bigintType : commonType([valueParts.value.type, ...(valueParts.fallback === undefined ? [] : [valueParts.fallback.type])])),
      nullable: aggregate !== undefined || valueParts.value !== undefined,
      rowIndependent: false,
      constant: false,
      dynamicType: false,
    };
  }

  #valueParts(call: FunctionCall): Pick<WindowFunctionPlan, "value" | "offset" | "fallback"> {
    const name = call.name.toUpperCase();
    const maxArgs = name === "FIRST_VALUE" ? 1 : 3;
    if (call.args.length < 1 || call.args.length > maxArgs) throw sqlError(ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT, call.name);
    const environment = { ...this.environment, clause: "field list" };
    const [valueArg, offsetArg, fallbackArg] = call.args;
    let offset = 1;
    if (offsetArg !== undefined) {
      if (offsetArg.kind !== "integer" || Number(offsetArg.value) < 0) throw sqlError(ER_WRONG_ARGUMENTS, call.name);
      offset = Number(offsetArg.value);
    }
    return {
      value: compileExpression(valueArg!, environment),
      offset,
      ...(fallbackArg === undefined ? {} : { fallback: compileExpression(fallbackArg, environment) }),
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

/** NTILE(n): n must be a positive integer literal (MySQL: ER_INVALID_NTILE_ARGUMENT, 1235 here). */
function ntileBuckets(call: FunctionCall): number {
  const [argument] = call.args;
  if (call.args.length !== 1) throw sqlError(ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT, call.name);
  if (argument?.kind !== "integer" || Number(argument.value) <= 0) throw sqlError(ER_WRONG_ARGUMENTS, call.name);
  return Number(argument.value);
}

/** The explicit ROWS frame of `spec`; undefined for the default frame; 1235 for RANGE ones. */
function rowsFrame(spec: WindowSpec): RowsFrame | undefined {
  const frame = spec.frame;
  if (frame === undefined) return undefined;
  const end = frame.end ?? { type: "current-row" as const };
  if (frame.unit === "range") {
    // RANGE UNBOUNDED PRECEDING [AND CURRENT ROW] is the default frame itself.
    if (frame.start.type === "unbounded-preceding" && end.type === "current-row") return undefined;
    throw sqlError(ER_NOT_SUPPORTED_YET, "RANGE window frames");
  }
  const offset = (bound: FrameBound): number => {
    switch (bound.type) {
      case "unbounded-preceding":
        return -Infinity;
      case "unbounded-following":
        return Infinity;
      case "current-row":
        return 0;
      default: {
        const value = bound.offset;
        if (value?.kind !== "integer") throw sqlError(ER_NOT_SUPPORTED_YET, "a window frame offset that is not an integer");
        return bound.type === "preceding" ? -Number(value.value) : Number(value.value);
      }
    }
  };
  return { start: offset(frame.start), end: offset(end) };
}
