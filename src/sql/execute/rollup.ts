/**
 * GROUP BY … WITH ROLLUP: rows are sorted by the group keys and walked once with a control
 * break per key level; besides each group's row, every change of a key prefix emits a
 * super-aggregate row whose finer keys are NULL, and a grand total comes last. Supported keys
 * are plain columns (the planner rejects others), so NULLing a key is NULLing its column.
 */

import type { Row, SqlValue } from "../types/value.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { GroupingPlan } from "../plan/query-plan.ts";
import { createAccumulator, type Accumulator } from "../plan/aggregate-spec.ts";
import { assert } from "../../util/assert.ts";

interface Level {
  first: Row;
  accumulators: Accumulator[];
}

export function rollupRows(rows: readonly Row[], plan: GroupingPlan, context: EvalContext): Row[] {
  const rollup = plan.rollup;
  assert(rollup !== undefined);
  if (rows.length === 0) return [];
  const keyCount = plan.keys.length;
  const keyed = rows.map((row) => ({ row, keys: plan.keys.map((key) => key.evaluate(row, context)) }));
  const compareAt = (index: number, x: SqlValue, y: SqlValue): number =>
    x === null || y === null ? (x === y ? 0 : x === null ? -1 : 1) : rollup.comparators[index]!(x, y, context.warnings);
  const compare = (a: readonly SqlValue[], b: readonly SqlValue[]): number => {
    for (let index = 0; index < keyCount; index++) {
      const order = compareAt(index, a[index] ?? null, b[index] ?? null);
      if (order !== 0) return order;
    }
    return 0;
  };
  keyed.sort((a, b) => compare(a.keys, b.keys));
  const output: Row[] = [];
  const levels: (Level | undefined)[] = new Array<Level | undefined>(keyCount + 1).fill(undefined);
  const close = (level: number): void => {
    const state = levels[level];
    if (state === undefined) return;
    const extended = state.first.slice(0, plan.baseWidth);
    for (let key = level; key < keyCount; key++) extended[rollup.keyColumns[key]!] = null;
    for (const accumulator of state.accumulators) extended.push(accumulator.result());
    output.push(extended);
    levels[level] = undefined;
  };
  let previous: readonly SqlValue[] | undefined;
  for (const { row, keys } of keyed) {
    const changedAt = previous === undefined ? 0 : firstDifference(previous, keys, compareAt, keyCount);
    if (previous !== undefined && changedAt <= keyCount) {
      for (let level = keyCount; level > changedAt; level--) close(level);
    }
    for (let level = 0; level <= keyCount; level++) {
      let state = levels[level];
      if (state === undefined) {
        state = { first: row, accumulators: plan.aggregates.map(createAccumulator) };
        levels[level] = state;
      }
      for (const accumulator of state.accumulators) accumulator.add(row, context);
    }
    previous = keys;
  }
  for (let level = keyCount; level >= 0; level--) close(level);
  return output;
}

/** The number of leading keys two sorted key tuples share (keyCount + 1 when all are equal). */
function firstDifference(
  a: readonly SqlValue[],
  b: readonly SqlValue[],
  compareAt: (index: number, x: SqlValue, y: SqlValue) => number,
  keyCount: number,
): number {
  for (let index = 0; index < keyCount; index++) {
    if (compareAt(index, a[index] ?? null, b[index] ?? null) !== 0) return index;
  }
  return keyCount + 1;
}
