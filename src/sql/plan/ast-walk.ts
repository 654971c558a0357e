/**
 * Small read-only walks over AST expressions the planner needs: the direct child expressions of
 * a node (not descending into subqueries, which are planned separately), whether an expression
 * holds an aggregate, and splitting a condition into its AND-ed conjuncts.
 */

import type { Expression } from "../parser/ast.ts";

/** Child expressions of `expression` (subquery bodies excluded). */
export function childExpressions(expression: Expression): readonly Expression[] {
  switch (expression.kind) {
    case "unary":
      return [expression.operand];
    case "binary":
      return [expression.left, expression.right];
    case "is":
      return [expression.operand];
    case "between":
      return [expression.operand, expression.low, expression.high];
    case "in-list":
      return [expression.operand, ...expression.list];
    case "in-subquery":
    case "quantified-comparison":
      return [expression.operand];
    case "like":
      return expression.escape === undefined
        ? [expression.operand, expression.pattern]
        : [expression.operand, expression.pattern, expression.escape];
    case "regexp":
      return [expression.operand, expression.pattern];
    case "member-of":
      return [expression.operand, expression.array];
    case "row":
      return expression.items;
    case "case":
      return [
        ...(expression.operand === undefined ? [] : [expression.operand]),
        ...expression.whens.flatMap((clause) => [clause.when, clause.then]),
        ...(expression.else === undefined ? [] : [expression.else]),
      ];
    case "cast":
    case "convert-using":
    case "collate":
      return [expression.operand];
    case "interval":
      return [expression.value];
    case "json-extract":
      return [expression.operand, expression.path];
    case "assign":
      return [expression.value];
    case "function-call":
    case "char-function":
      return expression.args;
    case "aggregate":
      return expression.args;
    case "trim":
      return expression.remove === undefined ? [expression.operand] : [expression.operand, expression.remove];
    case "extract":
      return [expression.operand];
    case "timestamp-function":
      return expression.args;
    case "get-format":
      return [expression.format];
    default:
      return [];
  }
}

export function containsAggregate(expression: Expression): boolean {
  if (expression.kind === "aggregate" && expression.over === undefined) return true;
  return childExpressions(expression).some(containsAggregate);
}

export function containsKind(expression: Expression, kinds: ReadonlySet<Expression["kind"]>): boolean {
  if (kinds.has(expression.kind)) return true;
  return childExpressions(expression).some((child) => containsKind(child, kinds));
}

/** `a AND b AND c` → [a, b, c]. */
export function splitConjuncts(expression: Expression | undefined): Expression[] {
  if (expression === undefined) return [];
  if (expression.kind === "binary" && expression.operator === "and") {
    return [...splitConjuncts(expression.left), ...splitConjuncts(expression.right)];
  }
  return [expression];
}
