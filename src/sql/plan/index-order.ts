/**
 * Serves ORDER BY from index order: when a single table is read by a full scan or an index
 * range and ORDER BY lists plain columns of that table forming a prefix of the index (all ASC
 * or all DESC), the scan runs in that order (reversed for DESC) and the sort is skipped.
 */

import type { OrderItem } from "../parser/ast.ts";
import type { IndexSchema } from "../catalog/schema.ts";
import type { Scope } from "../expression/scope.ts";
import type { SourcePlan } from "./query-plan.ts";

function matchesPrefix(index: IndexSchema, columns: readonly number[]): boolean {
  if (columns.length > index.columns.length) return false;
  return columns.every((column, position) => index.columns[position]?.column === column && index.columns[position]?.prefixLength === undefined);
}

export function planIndexOrder(
  source: SourcePlan,
  orderBy: readonly OrderItem[],
  scope: Scope,
  hasLimit: boolean,
): SourcePlan | undefined {
  if (orderBy.length === 0 || source.source.kind !== "table") return undefined;
  const descending = orderBy[0]!.direction === "desc";
  if (!orderBy.every((item) => (item.direction === "desc") === descending)) return undefined;
  const columns: number[] = [];
  for (const item of orderBy) {
    if (item.expr.kind !== "column") return undefined;
    const column = scope.find(item.expr, "order clause");
    if (column === undefined || column.index < source.offset || column.index >= source.offset + source.width) return undefined;
    columns.push(column.index - source.offset);
  }
  const schema = source.source.schema;
  const access = source.access;
  if (access.kind === "index-range") {
    return matchesPrefix(access.index, columns) ? { ...source, access: { ...access, reverse: descending } } : undefined;
  }
  if (access.kind !== "full") return undefined;
  const candidates = [...(schema.primaryKey === undefined ? [] : [schema.primaryKey]), ...(hasLimit ? schema.indexes : [])];
  const index = candidates.find((candidate) => matchesPrefix(candidate, columns) && !candidate.columns.some((part) => part.descending));
  if (index === undefined) return undefined;
  return { ...source, access: { kind: "full", index: index.name, reverse: descending } };
}
