/**
 * Compiles an aggregate call (COUNT/SUM/…, also when used as a window function) into its
 * AggregateSpec: arguments, result type, MIN/MAX ordering and GROUP_CONCAT ordering.
 */

import type { AggregateCall } from "../parser/ast.ts";
import type { CompileEnvironment } from "../expression/compile-environment.ts";
import { compileExpression } from "../expression/expression-compiler.ts";
import { comparatorForExpression } from "../expression/compare.ts";
import { collationOf } from "../expression/collation-choice.ts";
import { aggregateResultType, type AggregateSpec } from "./aggregate-spec.ts";

/** Compiles an aggregate call's arguments and ordering into its spec (also used by windows). */
export function buildAggregateSpec(call: AggregateCall, base: CompileEnvironment): AggregateSpec {
  const environment = { ...base, clause: "field list" };
  const args = call.args.map((arg) => compileExpression(arg, environment));
  const collation = environment.collationConnection;
  const type = aggregateResultType(call.name, args, environment.divPrecisionIncrement, collation);
  const first = args[0];
  return {
    name: call.name,
    args,
    distinct: call.distinct,
    star: call.star,
    separator: call.separator ?? ",",
    type,
    comparator: first === undefined ? () => 0 : comparatorForExpression(first, collationOf(first, collation)),
    divPrecisionIncrement: environment.divPrecisionIncrement,
    orderBy: (call.orderBy ?? []).map((item) => {
      const expression = compileExpression(item.expr, environment);
      return { expression, descending: item.direction === "desc", comparator: comparatorForExpression(expression, collationOf(expression, collation)) };
    }),
  };
}

