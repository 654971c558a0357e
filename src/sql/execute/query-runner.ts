/**
 * Runs query plans: subqueries first (their results fill EvalContext.subqueryResults), then the
 * nested-loop join over the sources, the residual WHERE, grouping and aggregates, HAVING, the
 * select list, DISTINCT, ORDER BY and LIMIT — all over materialised arrays, with no per-row
 * promise. A single-table read hands storage rows through without copying them (rows are never
 * mutated).
 */

import type { Transaction } from "../catalog/catalog.ts";
import type { Row, SqlValue } from "../types/value.ts";
import { toBoolean, toInteger } from "../types/coercion.ts";
import { ER_SUBQUERY_NO_1_ROW, ER_TOO_BIG_SELECT } from "../../util/mysql-errors.ts";
import { intermediateRowsMax } from "../../constants.ts";
import { sqlError } from "../sql-error.ts";
import type { CompiledExpression, EvalContext } from "../expression/compiled-expression.ts";
import type { QueryPlan, SelectPlan, SetOperationPlan, SortKey, SubqueryPlan } from "../plan/query-plan.ts";
import { SourceReader } from "./source-reader.ts";
import { groupRows } from "./grouping.ts";
import { rollupRows } from "./rollup.ts";
import { computeWindows } from "./windows.ts";
import { distinctRows, rowKeyFunction } from "./distinct.ts";

export interface SelectOutcome {
  readonly rows: Row[];
  /** FOUND_ROWS(): rows before LIMIT with SQL_CALC_FOUND_ROWS, else rows returned. */
  readonly foundRows: number;
}

function passes(condition: CompiledExpression | undefined, row: Row, context: EvalContext): boolean {
  return condition === undefined || toBoolean(condition.evaluate(row, context), context.warnings) === true;
}

/** The outer row of a first (or only) source: its key expressions read no columns. */
const noColumns: Row = [];

function checkSize(count: number): void {
  if (count > intermediateRowsMax) throw sqlError(ER_TOO_BIG_SELECT);
}

export class QueryRunner {
  async run(plan: QueryPlan, context: EvalContext, transaction: Transaction): Promise<Row[]> {
    return (await this.runWithCount(plan, context, transaction, undefined)).rows;
  }

  runWithCount(
    plan: QueryPlan,
    context: EvalContext,
    transaction: Transaction,
    defaultLimit: number | undefined,
  ): Promise<SelectOutcome> {
    if (plan.subqueries.length > 0) {
      return this.#runSubqueries(plan.subqueries, context, transaction).then(() =>
        this.#runPlan(plan, context, transaction, defaultLimit),
      );
    }
    return this.#runPlan(plan, context, transaction, defaultLimit);
  }

  #runPlan(plan: QueryPlan, context: EvalContext, transaction: Transaction, defaultLimit: number | undefined): Promise<SelectOutcome> {
    if (plan.kind === "select") return this.#runSelect(plan, context, transaction, defaultLimit);
    return this.#runSetOperation(plan, context, transaction, defaultLimit);
  }

  /** Fills the result slots of uncorrelated subqueries a DML statement's expressions use. */
  runSubqueries(subqueries: readonly SubqueryPlan[], context: EvalContext, transaction: Transaction): Promise<void> {
    return this.#runSubqueries(subqueries, context, transaction);
  }

  /** Runs the uncorrelated subqueries (`correlated` false) or the correlated ones (true). */
  async #runSubqueries(
    subqueries: readonly SubqueryPlan[],
    context: EvalContext,
    transaction: Transaction,
    correlated = false,
  ): Promise<void> {
    for (const subquery of subqueries) {
      if (subquery.correlated !== correlated) continue;
      const rows = await this.run(subquery.plan, context, transaction);
      switch (subquery.kind) {
        case "scalar":
          if (rows.length > 1) throw sqlError(ER_SUBQUERY_NO_1_ROW);
          context.subqueryResults[subquery.slot] = { kind: "scalar", value: rows[0]?.[0] ?? null };
          break;
        case "exists":
          context.subqueryResults[subquery.slot] = { kind: "exists", exists: rows.length > 0 };
          break;
        case "values": {
          const values = rows.map((row) => row[0] ?? null);
          context.subqueryResults[subquery.slot] = { kind: "values", values, hasNull: values.includes(null) };
          break;
        }
      }
    }
  }

  /**
   * Rows of the FROM clause after joins and per-source filters. Not async: one table (the
   * common case) hands the storage promise through without an extra async frame.
   */
  #readJoined(plan: SelectPlan, context: EvalContext, transaction: Transaction, scanLimit: number | undefined): Promise<Row[]> {
    const reader = new SourceReader(context, transaction, this);
    const only = plan.sources[0];
    if (plan.sources.length === 1 && only !== undefined && only.width === plan.width && !only.dependsOnOuter) {
      // One table: storage rows are the flat rows; no copying, no outer row to build.
      const rows = reader.read(only, noColumns, scanLimit);
      if (only.filter === undefined && only.on === undefined) return rows;
      return rows.then((read) => read.filter((row) => passes(only.on, row, context) && passes(only.filter, row, context)));
    }
    return this.#readJoinedLoop(plan, context, reader, scanLimit);
  }

  async #readJoinedLoop(plan: SelectPlan, context: EvalContext, reader: SourceReader, scanLimit: number | undefined): Promise<Row[]> {
    const width = plan.width;
    let rows: Row[] = [new Array<SqlValue>(width).fill(null)];
    const single = plan.sources.length === 1;
    for (const source of plan.sources) {
      const next: Row[] = [];
      const shared = source.dependsOnOuter ? undefined : await reader.read(source, rows[0]!, single ? scanLimit : undefined);
      for (const outer of rows) {
        const inner = shared ?? (await reader.read(source, outer, undefined));
        let matched = false;
        for (const innerRow of inner) {
          let combined: Row;
          if (single && source.width === width) combined = innerRow;
          else {
            combined = outer.slice();
            for (let column = 0; column < source.width; column++) combined[source.offset + column] = innerRow[column] ?? null;
          }
          if (!passes(source.on, combined, context)) continue;
          matched = true;
          if (passes(source.filter, combined, context)) next.push(combined);
        }
        if (!matched && source.joinType === "left") {
          const combined = outer.slice();
          if (passes(source.filter, combined, context)) next.push(combined);
        }
        checkSize(next.length);
      }
      rows = next;
    }
    return rows;
  }

  async #runSelect(
    plan: SelectPlan,
    context: EvalContext,
    transaction: Transaction,
    defaultLimit: number | undefined,
  ): Promise<SelectOutcome> {
    const limit = evaluateLimit(plan.limit, context) ?? defaultLimit;
    const offset = evaluateLimit(plan.offset, context) ?? 0;
    const source = plan.sources[0];
    const simple =
      plan.sources.length === 1 &&
      source !== undefined &&
      source.filter === undefined &&
      source.on === undefined &&
      plan.where === undefined &&
      plan.grouping === undefined &&
      plan.windows === undefined &&
      !plan.distinct &&
      !plan.calcFoundRows &&
      (plan.order.length === 0 || plan.orderFromIndex);
    const scanLimit = simple && limit !== undefined ? limit + offset : undefined;
    let rows = await this.#readJoined(plan, context, transaction, scanLimit);
    if (plan.correlated) return this.#runCorrelated(plan, rows, context, transaction, limit, offset);
    if (plan.where !== undefined) rows = rows.filter((row) => passes(plan.where, row, context));
    if (plan.grouping !== undefined) {
      rows = plan.grouping.rollup === undefined ? groupRows(rows, plan.grouping, context) : rollupRows(rows, plan.grouping, context);
    }
    if (plan.having !== undefined) rows = rows.filter((row) => passes(plan.having, row, context));
    if (plan.windows !== undefined) rows = computeWindows(rows, plan.windows.functions, plan.windows.width, context);
    const sorting = plan.order.length > 0 && !plan.orderFromIndex;
    if (!sorting && !plan.distinct) {
      // Common case: project only the rows LIMIT keeps.
      const found = rows.length;
      const end = limit === undefined ? rows.length : Math.min(offset + limit, rows.length);
      const output: Row[] = [];
      for (let index = offset; index < end; index++) output.push(project(plan, rows[index]!, context));
      return { rows: output, foundRows: plan.calcFoundRows ? found : output.length };
    }
    let records = rows.map((row) => ({ row, output: project(plan, row, context) }));
    if (plan.distinct) {
      const key = rowKeyFunction(plan.columns);
      records = distinctRows(records, (record) => key(record.output));
    }
    if (sorting) sortRecords(records, plan.order, context);
    const found = records.length;
    const end = limit === undefined ? records.length : offset + limit;
    const limited = offset === 0 && end >= records.length ? records : records.slice(offset, end);
    return { rows: limited.map((record) => record.output), foundRows: plan.calcFoundRows ? found : limited.length };
  }

  /**
   * WHERE and the select list of a query with correlated subqueries: for every row, the row is
   * published as this level's outer row, the correlated subqueries run, then the row is
   * filtered and projected. (The planner rejects correlation in GROUP BY / HAVING / ORDER BY.)
   */
  async #runCorrelated(
    plan: SelectPlan,
    rows: readonly Row[],
    context: EvalContext,
    transaction: Transaction,
    limit: number | undefined,
    offset: number,
  ): Promise<SelectOutcome> {
    let records: { row: Row; output: Row }[] = [];
    for (const row of rows) {
      context.outerRows[plan.level] = row;
      await this.#runSubqueries(plan.subqueries, context, transaction, true);
      if (!passes(plan.where, row, context)) continue;
      records.push({ row, output: project(plan, row, context) });
    }
    if (plan.distinct) {
      const key = rowKeyFunction(plan.columns);
      records = distinctRows(records, (record) => key(record.output));
    }
    if (plan.order.length > 0 && !plan.orderFromIndex) sortRecords(records, plan.order, context);
    const end = limit === undefined ? records.length : offset + limit;
    const limited = records.slice(offset, end);
    return { rows: limited.map((record) => record.output), foundRows: plan.calcFoundRows ? records.length : limited.length };
  }

  async #runSetOperation(
    plan: SetOperationPlan,
    context: EvalContext,
    transaction: Transaction,
    defaultLimit: number | undefined,
  ): Promise<SelectOutcome> {
    const left = await this.run(plan.left, context, transaction);
    let rows: Row[];
    if (plan.right === undefined) rows = left;
    else {
      const right = await this.run(plan.right, context, transaction);
      rows = combineSets(plan, left, right);
    }
    checkSize(rows.length);
    const records = rows.map((row) => ({ row, output: row }));
    if (plan.order.length > 0) sortRecords(records, plan.order, context);
    const limit = evaluateLimit(plan.limit, context) ?? defaultLimit;
    const offset = evaluateLimit(plan.offset, context) ?? 0;
    const end = limit === undefined ? records.length : offset + limit;
    const limited = records.slice(offset, end).map((record) => record.output);
    return { rows: limited, foundRows: limited.length };
  }
}

function combineSets(plan: SetOperationPlan, left: Row[], right: Row[]): Row[] {
  const key = rowKeyFunction(plan.columns);
  if (plan.operator === "union") {
    const all = left.concat(right);
    return plan.all ? all : distinctRows(all, key);
  }
  const rightKeys = new Map<string, number>();
  for (const row of right) rightKeys.set(key(row), (rightKeys.get(key(row)) ?? 0) + 1);
  const kept: Row[] = [];
  for (const row of left) {
    const rowKey = key(row);
    const count = rightKeys.get(rowKey) ?? 0;
    const keep = plan.operator === "intersect" ? count > 0 : count === 0;
    if (keep) kept.push(row);
    if (plan.all && plan.operator === "intersect" && count > 0) rightKeys.set(rowKey, count - 1);
  }
  return plan.all ? kept : distinctRows(kept, key);
}

function project(plan: SelectPlan, row: Row, context: EvalContext): Row {
  const outputs = plan.outputs;
  const output: Row = new Array<SqlValue>(outputs.length);
  for (let index = 0; index < outputs.length; index++) output[index] = outputs[index]!.evaluate(row, context);
  return output;
}

function evaluateLimit(expression: CompiledExpression | undefined, context: EvalContext): number | undefined {
  if (expression === undefined) return undefined;
  const value = toInteger(expression.evaluate([], context), context.warnings);
  if (value === null) return 0;
  return Math.max(Number(value), 0);
}

interface SortRecord {
  readonly row: Row;
  readonly output: Row;
}

/**
 * Sorts by the keys, stable. Key values are computed once per record into one flat array
 * (record-major). For a key with `sortKeyOf`, every string value is replaced by its collation
 * sort key, so two strings of that key compare with plain `<`; anything else goes through the
 * key's comparator.
 */
function sortRecords(records: SortRecord[], keys: readonly SortKey[], context: EvalContext): void {
  const count = records.length;
  const width = keys.length;
  const values = new Array<SqlValue>(count * width);
  for (let index = 0; index < count; index++) {
    const record = records[index]!;
    for (let k = 0; k < width; k++) {
      const key = keys[k]!;
      const value =
        key.outputIndex !== undefined ? (record.output[key.outputIndex] ?? null) : key.expression!.evaluate(record.row, context);
      values[index * width + k] = key.sortKeyOf !== undefined && typeof value === "string" ? key.sortKeyOf(value) : value;
    }
  }
  const order = new Array<number>(count);
  for (let index = 0; index < count; index++) order[index] = index;
  const warnings = context.warnings;
  order.sort((a, b) => {
    for (let k = 0; k < width; k++) {
      const key = keys[k]!;
      const x = values[a * width + k] ?? null;
      const y = values[b * width + k] ?? null;
      let result: number;
      if (x === null || y === null) result = x === y ? 0 : x === null ? -1 : 1;
      else if (key.sortKeyOf !== undefined && typeof x === "string" && typeof y === "string") result = x < y ? -1 : x > y ? 1 : 0;
      else result = key.comparator(x, y, warnings);
      if (result !== 0) return key.descending ? -result : result;
    }
    return a - b;
  });
  const sorted = new Array<SortRecord>(count);
  for (let index = 0; index < count; index++) sorted[index] = records[order[index]!]!;
  for (let index = 0; index < count; index++) records[index] = sorted[index]!;
}
