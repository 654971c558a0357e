/**
 * Reads the rows of one source of a SELECT through its access path: point lookups by primary
 * key, index equality / range scans, or a full scan; derived tables and virtual tables are
 * materialised. Key values are evaluated against the outer row (for join lookups) and converted
 * to the column types (key-conversion.ts); an unusable key degrades to a full scan.
 */

import type { KeyBound, KeyRange, LockMode, ScanOptions, Transaction, StorageTable } from "../catalog/catalog.ts";
import type { IndexSchema, TableSchema } from "../catalog/schema.ts";
import type { Row, SqlValue } from "../types/value.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { BoundPlan, SourcePlan } from "../plan/query-plan.ts";
import { convertKey, type KeyRole } from "./key-conversion.ts";
import { valueKey } from "../plan/value-key.ts";
import type { QueryRunner } from "./query-runner.ts";

type KeyResult = { kind: "key"; key: SqlValue[]; inclusive: boolean } | { kind: "no-match" } | { kind: "unusable" };

function evaluateKey(
  values: readonly import("../expression/compiled-expression.ts").CompiledExpression[],
  index: IndexSchema,
  schema: TableSchema,
  outer: Row,
  context: EvalContext,
  role: KeyRole,
  inclusive: boolean,
): KeyResult {
  const key: SqlValue[] = [];
  let resultInclusive = inclusive;
  for (let position = 0; position < values.length; position++) {
    const column = schema.columns[index.columns[position]!.column]!;
    const isLast = position === values.length - 1;
    const converted = convertKey(values[position]!.evaluate(outer, context), column.type, isLast ? role : "equal", inclusive);
    if (converted.kind !== "key") return converted;
    key.push(converted.value);
    if (isLast) resultInclusive = converted.inclusive;
  }
  return { kind: "key", key, inclusive: resultInclusive };
}

/** Scan options as one plain object (no spread copies on the per-statement path). */
function scanOptions(
  lock: LockMode,
  reverse: boolean,
  limit: number | undefined,
  columns: readonly number[] | undefined,
): ScanOptions {
  const options: { lock: LockMode; reverse?: boolean; limit?: number; columns?: readonly number[] } = { lock };
  if (reverse) options.reverse = true;
  if (limit !== undefined) options.limit = limit;
  if (columns !== undefined) options.columns = columns;
  return options;
}

function rowOrNone(row: Row | undefined): Row[] {
  return row === undefined ? [] : [row];
}

export class SourceReader {
  constructor(
    readonly context: EvalContext,
    readonly transaction: Transaction,
    readonly runner: QueryRunner,
  ) {}

  read(source: SourcePlan, outer: Row, scanLimit: number | undefined): Promise<Row[]> {
    switch (source.source.kind) {
      case "derived":
        return this.runner.run(source.source.plan, this.context, this.transaction);
      case "virtual":
        return Promise.resolve(source.source.table.rows(this.context));
      case "table":
        return this.#readTable(source, source.source.table, source.source.schema, outer, scanLimit);
    }
  }

  #readTable(
    source: SourcePlan,
    table: StorageTable,
    schema: TableSchema,
    outer: Row,
    scanLimit: number | undefined,
  ): Promise<Row[]> {
    const access = source.access;
    const lock = source.lock;
    const columns = source.columns;
    switch (access.kind) {
      case "full":
        return table.scan(this.transaction, access.index, {}, scanOptions(lock, access.reverse, scanLimit, columns));
      case "primary-lookup": {
        if (access.keys.length === 1) return this.#lookupOne(table, schema, access.keys[0]!, outer, lock, columns);
        return this.#lookups(table, schema, access.keys, outer, lock).then(
          (rows) => rows ?? table.scan(this.transaction, undefined, {}, { lock }),
        );
      }
      case "index-lookup": {
        const key = evaluateKey(access.key, access.index, schema, outer, this.context, "equal", true);
        if (key.kind === "no-match") return Promise.resolve([]);
        if (key.kind === "unusable") return table.scan(this.transaction, undefined, {}, scanOptions(lock, false, undefined, columns));
        const bound: KeyBound = { key: key.key, inclusive: true };
        return table.scan(this.transaction, access.index.name, { lower: bound, upper: bound }, scanOptions(lock, false, undefined, columns));
      }
      case "index-range": {
        const range = this.#range(access.index, schema, access.lower, access.upper, outer);
        if (range === "no-match") return Promise.resolve([]);
        if (range === "unusable") return table.scan(this.transaction, undefined, {}, scanOptions(lock, false, undefined, columns));
        return table.scan(this.transaction, access.index.name, range, scanOptions(lock, access.reverse, scanLimit, columns));
      }
    }
  }

  /** The hot path: one primary key lookup (`WHERE id = ?`). */
  #lookupOne(
    table: StorageTable,
    schema: TableSchema,
    values: readonly import("../expression/compiled-expression.ts").CompiledExpression[],
    outer: Row,
    lock: import("../catalog/catalog.ts").LockMode,
    columns: readonly number[] | undefined,
  ): Promise<Row[]> {
    const key = evaluateKey(values, schema.primaryKey!, schema, outer, this.context, "equal", true);
    if (key.kind === "no-match") return Promise.resolve([]);
    if (key.kind === "unusable") return table.scan(this.transaction, undefined, {}, scanOptions(lock, false, undefined, columns));
    const found = columns === undefined
      ? table.getByPrimaryKey(this.transaction, key.key, lock)
      : table.getByPrimaryKey(this.transaction, key.key, lock, columns);
    return found.then(rowOrNone);
  }

  async #lookups(
    table: StorageTable,
    schema: TableSchema,
    keys: readonly (readonly import("../expression/compiled-expression.ts").CompiledExpression[])[],
    outer: Row,
    lock: import("../catalog/catalog.ts").LockMode,
  ): Promise<Row[] | undefined> {
    const primary = schema.primaryKey!;
    const rows: Row[] = [];
    const seen = keys.length > 1 ? new Set<string>() : undefined;
    for (const values of keys) {
      const key = evaluateKey(values, primary, schema, outer, this.context, "equal", true);
      if (key.kind === "no-match") continue;
      if (key.kind === "unusable") return undefined;
      if (seen !== undefined) {
        const text = key.key.map((value) => valueKey(value)).join("\u0001");
        if (seen.has(text)) continue;
        seen.add(text);
      }
      const row = await table.getByPrimaryKey(this.transaction, key.key, lock);
      if (row !== undefined) rows.push(row);
    }
    return rows;
  }

  #range(
    index: IndexSchema,
    schema: TableSchema,
    lower: BoundPlan | undefined,
    upper: BoundPlan | undefined,
    outer: Row,
  ): KeyRange | "no-match" | "unusable" {
    let range: KeyRange = {};
    for (const [bound, role] of [
      [lower, "lower"],
      [upper, "upper"],
    ] as const) {
      if (bound === undefined) continue;
      const key = evaluateKey(bound.values, index, schema, outer, this.context, role, bound.inclusive);
      if (key.kind !== "key") return key.kind;
      range = { ...range, [role]: { key: key.key, inclusive: key.inclusive } };
    }
    return range;
  }
}
