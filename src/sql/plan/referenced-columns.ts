/**
 * Which flat-row columns an AST expression reads, resolved through a scope. The access-path
 * chooser uses it to tell constants and outer-row references (usable as index keys) from
 * expressions over the table being read (not usable).
 */

import type { Expression } from "../parser/ast.ts";
import type { Scope } from "../expression/scope.ts";
import { childExpressions } from "./ast-walk.ts";

/** Column offsets read by `expression`, or undefined when it cannot serve as a key. */
export function referencedColumns(
  expression: Expression,
  scope: Scope,
  outerScopes: readonly Scope[] = [],
): Set<number> | undefined {
  const found = new Set<number>();
  const visit = (node: Expression): boolean => {
    if (node.kind === "column") {
      const column = scope.find(node, "where clause");
      // A column of an enclosing query is a constant for one run of this (sub)query.
      if (column === undefined) return outerScopes.some((outer) => outer.find(node, "where clause") !== undefined);
      found.add(column.index);
      return true;
    }
    if (node.kind === "assign" || node.kind === "aggregate" || node.kind === "default") return false;
    if (node.kind === "in-subquery" || node.kind === "exists" || node.kind === "subquery") {
      // Subqueries are uncorrelated (the planner rejects correlated ones) and run first.
      return node.kind !== "in-subquery" || visit(node.operand);
    }
    return childExpressions(node).every(visit);
  };
  return visit(expression) ? found : undefined;
}
