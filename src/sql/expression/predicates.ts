/**
 * Comparison predicates: = <=> <> < <= > >=, BETWEEN, IN (list / subquery), IS [NOT]
 * NULL/TRUE/FALSE/UNKNOWN. Results are 1 / 0 / NULL (three-valued logic); <=> never yields
 * NULL. An IN list of constants is hashed once (by collation sort key or canonical number).
 */

import type {
  BetweenExpression,
  ComparisonOperator,
  InListExpression,
  InSubqueryExpression,
  QuantifiedComparison,
} from "../parser/ast.ts";
import type { SqlValue } from "../types/value.ts";
import type { Collation } from "../types/collation.ts";
import { toBoolean, toDouble } from "../types/coercion.ts";
import { ER_NOT_SUPPORTED_YET } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import { bigintType, valueClassOf, type CompiledExpression, type EvalContext } from "./compiled-expression.ts";
import type { Compile, CompileEnvironment } from "./compile-environment.ts";
import { makeComparator, type Comparator } from "./compare.ts";
import { collationFor } from "./collation-choice.ts";

function predicate(
  evaluate: (row: SqlValue[], context: EvalContext) => SqlValue,
  parts: readonly CompiledExpression[],
  nullable = true,
): CompiledExpression {
  return {
    evaluate,
    type: { kind: "bigint", length: 1 },
    nullable,
    rowIndependent: parts.every((part) => part.rowIndependent),
    constant: false,
    dynamicType: false,
  };
}

export function compileComparison(
  operator: ComparisonOperator,
  left: CompiledExpression,
  right: CompiledExpression,
  environment: CompileEnvironment,
): CompiledExpression {
  const comparator = makeComparator(left, right, collationFor(left, right, environment.collationConnection));
  const leftEvaluate = left.evaluate;
  const rightEvaluate = right.evaluate;
  if (operator === "<=>") {
    return predicate(
      (row, context) => {
        const a = leftEvaluate(row, context);
        const b = rightEvaluate(row, context);
        if (a === null || b === null) return a === b ? 1 : 0;
        return comparator(a, b, context.warnings) === 0 ? 1 : 0;
      },
      [left, right],
      false,
    );
  }
  const test = comparisonTest(operator);
  return predicate(
    (row, context) => {
      const a = leftEvaluate(row, context);
      if (a === null) return null;
      const b = rightEvaluate(row, context);
      if (b === null) return null;
      return test(comparator(a, b, context.warnings)) ? 1 : 0;
    },
    [left, right],
  );
}

function comparisonTest(operator: Exclude<ComparisonOperator, "<=>">): (order: number) => boolean {
  switch (operator) {
    case "=":
      return (order) => order === 0;
    case "<>":
      return (order) => order !== 0;
    case "<":
      return (order) => order < 0;
    case "<=":
      return (order) => order <= 0;
    case ">":
      return (order) => order > 0;
    case ">=":
      return (order) => order >= 0;
  }
}

export function compileBetween(expression: BetweenExpression, environment: CompileEnvironment, compile: Compile): CompiledExpression {
  const operand = compile(expression.operand);
  const low = compile(expression.low);
  const high = compile(expression.high);
  const lowComparator = makeComparator(operand, low, collationFor(operand, low, environment.collationConnection));
  const highComparator = makeComparator(operand, high, collationFor(operand, high, environment.collationConnection));
  const negate = expression.not;
  return predicate(
    (row, context) => {
      const value = operand.evaluate(row, context);
      const lowValue = low.evaluate(row, context);
      const highValue = high.evaluate(row, context);
      if (value === null) return null;
      const aboveLow = lowValue === null ? null : lowComparator(value, lowValue, context.warnings) >= 0;
      const belowHigh = highValue === null ? null : highComparator(value, highValue, context.warnings) <= 0;
      const result = and3(aboveLow, belowHigh);
      if (result === null) return null;
      return result !== negate ? 1 : 0;
    },
    [operand, low, high],
  );
}

function and3(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

/** A hash key under which equal values (per comparator semantics) collide, or undefined. */
function hashKeyFunction(
  operand: CompiledExpression,
  items: readonly CompiledExpression[],
  collation: Collation,
): ((value: NonNullable<SqlValue>, context: EvalContext) => string | undefined) | undefined {
  const operandClass = valueClassOf(operand.type);
  const itemClasses = new Set(items.map((item) => valueClassOf(item.type)));
  if (operand.dynamicType) return undefined;
  if (operandClass === "integer" && itemClasses.size === 1 && itemClasses.has("integer")) {
    return (value) => (typeof value === "number" || typeof value === "bigint" ? `n${value}` : undefined);
  }
  if (operandClass === "string" && itemClasses.size === 1 && itemClasses.has("string")) {
    return (value) => (typeof value === "string" ? `s${collation.sortKey(value)}` : undefined);
  }
  if (operandClass === "integer" || operandClass === "double") {
    return (value, context) => `n${toDouble(value, context.warnings)}`;
  }
  return undefined;
}

export function compileInList(expression: InListExpression, environment: CompileEnvironment, compile: Compile): CompiledExpression {
  if (expression.operand.kind === "row") throw sqlError(ER_NOT_SUPPORTED_YET, "row constructors in IN");
  const operand = compile(expression.operand);
  const items = expression.list.map((item) => compile(item));
  const negate = expression.not;
  const collation = collationFor(operand, items[0] ?? operand, environment.collationConnection);
  const hashKey = hashKeyFunction(operand, items, collation);
  if (hashKey !== undefined && items.every((item) => item.constant)) {
    return compileHashedIn(operand, items, hashKey, negate);
  }
  const comparators: Comparator[] = items.map((item) =>
    makeComparator(operand, item, collationFor(operand, item, environment.collationConnection)),
  );
  return predicate(
    (row, context) => {
      const value = operand.evaluate(row, context);
      if (value === null) return null;
      let sawNull = false;
      for (let index = 0; index < items.length; index++) {
        const candidate = (items[index] as CompiledExpression).evaluate(row, context);
        if (candidate === null) {
          sawNull = true;
          continue;
        }
        if ((comparators[index] as Comparator)(value, candidate, context.warnings) === 0) return negate ? 0 : 1;
      }
      if (sawNull) return null;
      return negate ? 1 : 0;
    },
    [operand, ...items],
  );
}

function compileHashedIn(
  operand: CompiledExpression,
  items: readonly CompiledExpression[],
  hashKey: (value: NonNullable<SqlValue>, context: EvalContext) => string | undefined,
  negate: boolean,
): CompiledExpression {
  let keys: Set<string> | undefined;
  let hasNull = false;
  return predicate(
    (row, context) => {
      if (keys === undefined) {
        keys = new Set();
        for (const item of items) {
          const value = item.evaluate(row, context);
          if (value === null) hasNull = true;
          else keys.add(hashKey(value, context) ?? "");
        }
      }
      const value = operand.evaluate(row, context);
      if (value === null) return null;
      const key = hashKey(value, context);
      if (key !== undefined && keys.has(key)) return negate ? 0 : 1;
      if (hasNull) return null;
      return negate ? 1 : 0;
    },
    [operand, ...items],
  );
}

/** MySQL does not run IN / ANY / ALL over a subquery with its own LIMIT: 1235, as MySQL. */
function rejectLimit(query: InSubqueryExpression["query"]): void {
  if (query.limit !== undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "LIMIT & IN/ALL/ANY/SOME subquery");
}

export function compileInSubquery(
  expression: InSubqueryExpression,
  environment: CompileEnvironment, compile: Compile): CompiledExpression {
  if (environment.subqueries === undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "subqueries here");
  rejectLimit(expression.query);
  const operand = compile(expression.operand);
  const { slot, type } = environment.subqueries.add(expression.query, "values");
  const itemShape: CompiledExpression = {
    evaluate: operand.evaluate,
    type,
    nullable: true,
    rowIndependent: true,
    constant: false,
    dynamicType: false,
  };
  const comparator = makeComparator(operand, itemShape, collationFor(operand, itemShape, environment.collationConnection));
  const negate = expression.not;
  return predicate(
    (row, context) => {
      const result = context.subqueryResults[slot];
      if (result === undefined || result.kind !== "values") return null;
      const value = operand.evaluate(row, context);
      if (value === null) return result.values.length === 0 && !result.hasNull ? (negate ? 1 : 0) : null;
      for (const candidate of result.values) {
        if (candidate !== null && comparator(value, candidate, context.warnings) === 0) return negate ? 0 : 1;
      }
      if (result.hasNull) return null;
      return negate ? 1 : 0;
    },
    [operand],
  );
}

export function compileIs(
  operand: CompiledExpression,
  test: "null" | "true" | "false" | "unknown",
  negate: boolean,
): CompiledExpression {
  const evaluate = operand.evaluate;
  return {
    evaluate: (row, context) => {
      const value = evaluate(row, context);
      let result: boolean;
      if (test === "null" || test === "unknown") result = value === null;
      else if (value === null) result = false;
      else result = toBoolean(value, context.warnings) === (test === "true");
      return result !== negate ? 1 : 0;
    },
    type: bigintType,
    nullable: false,
    rowIndependent: operand.rowIndependent,
    constant: false,
    dynamicType: false,
  };
}

/**
 * `x op ANY|ALL (subquery)`: ANY is true when some comparison is true, ALL when none is false
 * (so ALL over no rows is true); otherwise a NULL comparison makes the result NULL.
 */
export function compileQuantified(
  expression: QuantifiedComparison,
  environment: CompileEnvironment,
  compile: Compile,
): CompiledExpression {
  if (environment.subqueries === undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "subqueries here");
  rejectLimit(expression.query);
  const operand = compile(expression.operand);
  const { slot, type } = environment.subqueries.add(expression.query, "values");
  const itemShape: CompiledExpression = { evaluate: operand.evaluate, type, nullable: true, rowIndependent: true, constant: false, dynamicType: false };
  const comparator = makeComparator(operand, itemShape, collationFor(operand, itemShape, environment.collationConnection));
  const test = expression.operator === "<=>" ? (order: number) => order === 0 : comparisonTest(expression.operator);
  const any = expression.quantifier === "any";
  return predicate(
    (row, context) => {
      const result = context.subqueryResults[slot];
      if (result === undefined || result.kind !== "values") return null;
      if (result.values.length === 0) return any ? 0 : 1;
      const value = operand.evaluate(row, context);
      let sawNull = false;
      for (const candidate of result.values) {
        if (value === null || candidate === null) {
          sawNull = true;
          continue;
        }
        const holds = test(comparator(value, candidate, context.warnings));
        if (any && holds) return 1;
        if (!any && !holds) return 0;
      }
      if (sawNull) return null;
      return any ? 0 : 1;
    },
    [operand],
  );
}
