/**
 * Building blocks for scalar functions: a function definition (arity + compile), and helpers
 * that wrap a per-row implementation into a CompiledExpression. Arguments are evaluated into a
 * buffer owned by the compiled call, so a call allocates nothing per row for its arguments
 * (evaluation is synchronous and a compiled call never re-enters itself).
 */

import type { SqlType } from "../types/sql-type.ts";
import type { SqlValue } from "../types/value.ts";
import type { CompiledExpression, EvalContext } from "./compiled-expression.ts";
import type { CompileEnvironment } from "./compile-environment.ts";

export interface FunctionDefinition {
  readonly minArgs: number;
  readonly maxArgs: number;
  compile(args: readonly CompiledExpression[], environment: CompileEnvironment): CompiledExpression;
}

export type RowFunction = (values: SqlValue[], context: EvalContext) => SqlValue;

export interface ScalarOptions {
  /** NULL in any argument makes the result NULL without calling the implementation. */
  readonly nullPropagating?: boolean;
  /** The value depends on the execution (NOW(), USER(), …): never constant-folded. */
  readonly volatile?: boolean;
  readonly nullable?: boolean;
}

export function scalar(
  args: readonly CompiledExpression[],
  type: SqlType,
  implementation: RowFunction,
  options: ScalarOptions = {},
): CompiledExpression {
  const buffer: SqlValue[] = new Array<SqlValue>(args.length).fill(null);
  const evaluators = args.map((arg) => arg.evaluate);
  const count = evaluators.length;
  const nullPropagating = options.nullPropagating ?? true;
  return {
    evaluate: (row, context) => {
      for (let index = 0; index < count; index++) {
        const value = evaluators[index]!(row, context);
        if (value === null && nullPropagating) return null;
        buffer[index] = value;
      }
      return implementation(buffer, context);
    },
    type,
    nullable: options.nullable ?? true,
    rowIndependent: args.every((arg) => arg.rowIndependent),
    constant: false,
    dynamicType: false,
  };
}

export function define(
  minArgs: number,
  maxArgs: number,
  compile: (args: readonly CompiledExpression[], environment: CompileEnvironment) => CompiledExpression,
): FunctionDefinition {
  return { minArgs, maxArgs, compile };
}

export const variadic = 1_000_000;
