/**
 * Row constructors in comparisons, rewritten to scalar logic before compiling:
 *   (a, b) = (x, y)        → a = x AND b = y      (three-valued AND gives MySQL's NULL rules)
 *   (a, b) <> (x, y)       → NOT (a = x AND b = y)
 *   (a, b) <=> (x, y)      → a <=> x AND b <=> y
 *   (a, b) IN ((x, y), …)  → (a = x AND b = y) OR …   (NOT IN negates)
 * Ordering comparisons of rows (<, >, …) are not supported (1235). Arity mismatches are
 * ER_OPERAND_COLUMNS (1241), as MySQL.
 */

import type { BinaryExpression, Expression, InListExpression } from "../parser/ast.ts";
import { ER_NOT_SUPPORTED_YET, ER_OPERAND_COLUMNS } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";

function itemsOf(expression: Expression): readonly Expression[] {
  return expression.kind === "row" ? expression.items : [expression];
}

function pairwise(left: Expression, right: Expression, operator: "=" | "<=>"): Expression {
  const leftItems = itemsOf(left);
  const rightItems = itemsOf(right);
  if (leftItems.length !== rightItems.length) throw sqlError(ER_OPERAND_COLUMNS, leftItems.length);
  return leftItems
    .map((item, index): Expression => {
      const other = rightItems[index]!;
      if (item.kind === "row" || other.kind === "row") return pairwise(item, other, operator);
      return { kind: "binary", operator, left: item, right: other };
    })
    .reduce((a, b): Expression => ({ kind: "binary", operator: "and", left: a, right: b }));
}

/** The scalar form of a row comparison, or undefined when neither side is a row. */
export function rewriteRowComparison(expression: BinaryExpression): Expression | undefined {
  if (expression.left.kind !== "row" && expression.right.kind !== "row") return undefined;
  switch (expression.operator) {
    case "=":
    case "<=>":
      return pairwise(expression.left, expression.right, expression.operator);
    case "<>":
      return { kind: "unary", operator: "not", operand: pairwise(expression.left, expression.right, "=") };
    default:
      throw sqlError(ER_NOT_SUPPORTED_YET, `row constructors with ${expression.operator}`);
  }
}

/** The scalar form of `(a, b) [NOT] IN ((x, y), …)`, or undefined when the operand is not a row. */
export function rewriteRowIn(expression: InListExpression): Expression | undefined {
  if (expression.operand.kind !== "row") return undefined;
  const matches = expression.list
    .map((item) => pairwise(expression.operand, item, "="))
    .reduce((a, b): Expression => ({ kind: "binary", operator: "or", left: a, right: b }));
  return expression.not ? { kind: "unary", operator: "not", operand: matches } : matches;
}
