/**
 * GROUP BY and aggregates: rows are bucketed by a hash of their group key values (value-key.ts,
 * collation-aware), each bucket keeps its first row (for non-aggregated columns, as MySQL with
 * ONLY_FULL_GROUP_BY off) and one accumulator per aggregate. The result rows are the first row
 * extended with the aggregate results at GroupingPlan.baseWidth. Without GROUP BY there is
 * exactly one group, even over no rows.
 */

import type { Row, SqlValue } from "../types/value.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import { valueClassOf } from "../expression/compiled-expression.ts";
import { getCollation, binaryCollation } from "../types/collation.ts";
import type { GroupingPlan } from "../plan/query-plan.ts";
import { createAccumulator, type Accumulator } from "../plan/aggregate-spec.ts";
import { valueKey } from "../plan/value-key.ts";

interface Group {
  readonly first: Row;
  readonly accumulators: Accumulator[];
}

export function groupRows(rows: readonly Row[], plan: GroupingPlan, context: EvalContext): Row[] {
  const groups = new Map<string, Group>();
  const keyCollations = plan.keys.map((key) =>
    valueClassOf(key.type) === "string" ? (getCollation(key.type.collation ?? "") ?? binaryCollation) : undefined,
  );
  const numericText = plan.keys.map((key) => valueClassOf(key.type) === "decimal");
  const newGroup = (first: Row): Group => ({ first, accumulators: plan.aggregates.map(createAccumulator) });
  if (!plan.grouped) groups.set("", newGroup(rows[0] ?? new Array<SqlValue>(plan.baseWidth).fill(null)));
  for (const row of rows) {
    let key = "";
    for (let index = 0; index < plan.keys.length; index++) {
      const value = plan.keys[index]!.evaluate(row, context);
      key += `${valueKey(value, keyCollations[index], numericText[index])}\u0001`;
    }
    let group = groups.get(key);
    if (group === undefined) {
      group = newGroup(row);
      groups.set(key, group);
    }
    for (const accumulator of group.accumulators) accumulator.add(row, context);
  }
  const result: Row[] = [];
  for (const group of groups.values()) {
    const extended = group.first.slice(0, plan.baseWidth);
    for (const accumulator of group.accumulators) extended.push(accumulator.result());
    result.push(extended);
  }
  return result;
}
