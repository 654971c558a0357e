/**
 * Computes window function values (plan/window-registry.ts) over the rows that survived WHERE,
 * GROUP BY and HAVING: each row is copied with room for the window slots, then every window
 * sorts the row positions by (partition, order), walks each partition and fills its slot.
 * Peers (rows equal on the window's ORDER BY) share RANK/DENSE_RANK and running aggregates.
 */

import type { Row, SqlValue } from "../types/value.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import { createAccumulator } from "../plan/aggregate-spec.ts";
import { valueKey } from "../plan/value-key.ts";
import type { WindowFunctionPlan } from "../plan/window-registry.ts";

export function computeWindows(rows: readonly Row[], windows: readonly WindowFunctionPlan[], width: number, context: EvalContext): Row[] {
  const extended = rows.map((row) => {
    const copy = row.slice(0, width);
    while (copy.length < width + windows.length) copy.push(null);
    return copy;
  });
  for (const window of windows) computeWindow(extended, window, context);
  return extended;
}

function computeWindow(rows: Row[], window: WindowFunctionPlan, context: EvalContext): void {
  const partitions = rows.map((row) => window.partitionBy.map((key) => valueKey(key.evaluate(row, context))).join("\u0001"));
  const orderValues = rows.map((row) => window.orderBy.map((key) => key.expression.evaluate(row, context)));
  const compareOrder = (a: number, b: number): number => {
    for (const [index, key] of window.orderBy.entries()) {
      const x = orderValues[a]![index] ?? null;
      const y = orderValues[b]![index] ?? null;
      const order = x === null || y === null ? (x === y ? 0 : x === null ? -1 : 1) : key.comparator(x, y, context.warnings);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  };
  const positions = rows.map((_, index) => index);
  positions.sort((a, b) => (partitions[a]! < partitions[b]! ? -1 : partitions[a]! > partitions[b]! ? 1 : compareOrder(a, b)));
  let start = 0;
  while (start < positions.length) {
    let end = start + 1;
    while (end < positions.length && partitions[positions[end]!] === partitions[positions[start]!]) end++;
    fillPartition(rows, positions.slice(start, end), window, compareOrder, context);
    start = end;
  }
}

function fillPartition(
  rows: Row[],
  partition: readonly number[],
  window: WindowFunctionPlan,
  compareOrder: (a: number, b: number) => number,
  context: EvalContext,
): void {
  const slot = window.slot.index;
  const ordered = window.orderBy.length > 0;
  if (window.kind === "aggregate" && window.rows !== undefined) {
    // An explicit ROWS frame: the aggregate over the rows at those offsets, per row.
    const { start, end } = window.rows;
    for (let index = 0; index < partition.length; index++) {
      const low = Math.max(0, index + start);
      const high = Math.min(partition.length - 1, index + end);
      const accumulator = createAccumulator(window.aggregate!);
      for (let at = low; at <= high; at++) accumulator.add(rows[partition[at]!]!, context);
      rows[partition[index]!]![slot] = accumulator.result();
    }
    return;
  }
  if (window.kind === "aggregate" && !ordered) {
    const accumulator = createAccumulator(window.aggregate!);
    for (const position of partition) accumulator.add(rows[position]!, context);
    const value = accumulator.result();
    for (const position of partition) rows[position]![slot] = value;
    return;
  }
  if (window.kind === "lag" || window.kind === "lead" || window.kind === "first_value") {
    fillValueWindow(rows, partition, window, context);
    return;
  }
  if (window.kind === "ntile") {
    // The first (size mod n) buckets get one row more, as MySQL.
    const buckets = window.buckets!;
    const size = partition.length;
    const small = Math.floor(size / buckets);
    const large = size % buckets;
    for (let index = 0; index < size; index++) {
      const inLarge = (small + 1) * large;
      const bucket = index < inLarge ? Math.floor(index / (small + 1)) : large + Math.floor((index - inLarge) / Math.max(small, 1));
      rows[partition[index]!]![slot] = bucket + 1;
    }
    return;
  }
  const accumulator = window.aggregate === undefined ? undefined : createAccumulator(window.aggregate);
  let rank = 0;
  let denseRank = 0;
  let peerStart = 0;
  while (peerStart < partition.length) {
    let peerEnd = peerStart + 1;
    while (peerEnd < partition.length && compareOrder(partition[peerStart]!, partition[peerEnd]!) === 0) peerEnd++;
    denseRank++;
    rank = peerStart + 1;
    if (accumulator !== undefined) for (let index = peerStart; index < peerEnd; index++) accumulator.add(rows[partition[index]!]!, context);
    const running: SqlValue = accumulator === undefined ? null : accumulator.result();
    for (let index = peerStart; index < peerEnd; index++) {
      const row = rows[partition[index]!]!;
      switch (window.kind) {
        case "row_number":
          row[slot] = index + 1;
          break;
        case "rank":
          row[slot] = rank;
          break;
        case "dense_rank":
          row[slot] = denseRank;
          break;
        case "aggregate":
          row[slot] = running;
          break;
        default:
          break;
      }
    }
    peerStart = peerEnd;
  }
}

/** LAG / LEAD: the value `offset` rows before / after in the partition's order; FIRST_VALUE. */
function fillValueWindow(rows: Row[], partition: readonly number[], window: WindowFunctionPlan, context: EvalContext): void {
  const slot = window.slot.index;
  const value = window.value!;
  const offset = window.offset ?? 1;
  for (let index = 0; index < partition.length; index++) {
    const row = rows[partition[index]!]!;
    const sourceIndex = window.kind === "first_value" ? 0 : window.kind === "lag" ? index - offset : index + offset;
    const source = partition[sourceIndex];
    if (source === undefined || sourceIndex < 0) {
      row[slot] = window.fallback === undefined ? null : window.fallback.evaluate(row, context);
    } else {
      row[slot] = value.evaluate(rows[source]!, context);
    }
  }
}
