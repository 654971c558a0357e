/**
 * ONLY_FULL_GROUP_BY (part of MySQL 8.0's default sql_mode): in a grouped query every column the
 * select list reads outside aggregates must be a GROUP BY column, or belong to a table whose
 * whole primary key is grouped on (functional dependency), or sit inside a select expression
 * identical to a GROUP BY expression. Violations are ER_WRONG_FIELD_WITH_GROUP (1055); without
 * GROUP BY, mixing aggregates and plain columns is ER_MIX_OF_GROUP_FUNC_AND_FIELDS_V2 (1140).
 * Only the select list is checked (HAVING and ORDER BY are not).
 */

import type { Expression, OrderItem, SelectExpression } from "../parser/ast.ts";
import { ER_MIX_OF_GROUP_FUNC_AND_FIELDS_V2, ER_WRONG_FIELD_WITH_GROUP } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { Scope, ScopeColumn } from "../expression/scope.ts";
import { expressionText } from "../expression/expression-text.ts";
import { childExpressions } from "./ast-walk.ts";

/** Column references outside aggregates and subqueries. */
function plainColumns(expression: Expression, found: Expression[]): Expression[] {
  if (expression.kind === "column") found.push(expression);
  else if (expression.kind !== "aggregate" && expression.kind !== "exists" && expression.kind !== "subquery") {
    for (const child of childExpressions(expression)) plainColumns(child, found);
  }
  return found;
}

function groupExpressions(groupBy: readonly OrderItem[], items: readonly SelectExpression[], scope: Scope): Expression[] {
  return groupBy.map((item) => {
    const expression = item.expr;
    if (expression.kind === "integer") return items[Number(expression.value) - 1]?.expr ?? expression;
    if (expression.kind === "column" && expression.table === undefined && scope.find(expression, "group statement") === undefined) {
      const aliased = items.find((candidate) => candidate.alias?.name.toLowerCase() === expression.column.name.toLowerCase());
      if (aliased !== undefined) return aliased.expr;
    }
    return expression;
  });
}

function columnName(column: ScopeColumn): string {
  return column.database === "" ? `${column.tableAlias}.${column.name}` : `${column.database}.${column.tableAlias}.${column.name}`;
}

export function checkFullGroupBy(
  items: readonly SelectExpression[],
  groupBy: readonly OrderItem[],
  scope: Scope,
): void {
  const groups = groupExpressions(groupBy, items, scope);
  const groupTexts = new Set(groups.map(expressionText));
  const groupColumns = new Set<number>();
  for (const expression of groups) {
    if (expression.kind !== "column") continue;
    const column = scope.find(expression, "group statement");
    if (column !== undefined) groupColumns.add(column.index);
  }
  const dependent = (column: ScopeColumn): boolean => {
    const primary = column.table?.primaryKey;
    if (primary === undefined) return false;
    const base = column.index - column.table!.columns.indexOf(column.schema!);
    return primary.columns.every((part) => groupColumns.has(base + part.column));
  };
  items.forEach((item, position) => {
    if (groupBy.length > 0 && groupTexts.has(expressionText(item.expr))) return;
    for (const reference of plainColumns(item.expr, [])) {
      if (reference.kind !== "column") continue;
      const column = scope.find(reference, "field list");
      if (column === undefined || groupColumns.has(column.index) || dependent(column)) continue;
      if (groupBy.length === 0) throw sqlError(ER_MIX_OF_GROUP_FUNC_AND_FIELDS_V2, position + 1, columnName(column));
      throw sqlError(ER_WRONG_FIELD_WITH_GROUP, position + 1, columnName(column));
    }
  });
}
