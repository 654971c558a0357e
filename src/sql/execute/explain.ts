/**
 * EXPLAIN (traditional format, MySQL's columns): one row per table read, showing the access
 * path the planner chose — type const / eq_ref / ref / range / index / ALL, the key, and a
 * row estimate — so tests and users can see that point lookups and range scans are used.
 */

import type { RowsResult } from "../statement-result.ts";
import type { Row } from "../types/value.ts";
import type { QueryPlan, SelectPlan, SourcePlan } from "../plan/query-plan.ts";
import type { IndexSchema, TableSchema } from "../catalog/schema.ts";
import { integerColumn, rowsResult, textColumn, column } from "../show/show-result.ts";
import { getCollation } from "../types/collation.ts";

const byteWidths: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, bigint: 8, year: 1, date: 3,
  float: 4, double: 8, datetime: 5, timestamp: 4, time: 3 };

function keyLength(schema: TableSchema, index: IndexSchema, parts: number): number {
  let total = 0;
  for (const part of index.columns.slice(0, parts)) {
    const columnSchema = schema.columns[part.column]!;
    const type = columnSchema.type;
    let width = byteWidths[type.kind];
    if (width === undefined) {
      const maxLength = getCollation(type.collation ?? "")?.charset === "utf8mb4" ? 4 : 1;
      width = (part.prefixLength ?? type.length ?? 255) * (type.kind.includes("binary") ? 1 : maxLength);
      if (type.kind.startsWith("var")) width += 2;
      if (type.kind === "decimal") width = Math.ceil((type.length ?? 10) / 2);
    }
    total += width + (columnSchema.nullable ? 1 : 0);
  }
  return total;
}

interface Access {
  type: string;
  key: string | null;
  keyLength: number | null;
  ref: string | null;
  rows: number;
}

function describeAccess(source: SourcePlan): Access {
  const estimate = source.source.kind === "table" ? source.source.table.estimateRowCount() : 1;
  const schema = source.source.kind === "table" ? source.source.schema : undefined;
  const access = source.access;
  const ref = source.dependsOnOuter ? "func" : "const";
  switch (access.kind) {
    case "full":
      return { type: access.index === undefined ? "ALL" : "index", key: access.index ?? null,
        keyLength: access.index === undefined || schema === undefined ? null : keyLength(schema, schema.primaryKey!, schema.primaryKey?.columns.length ?? 0), ref: null, rows: Math.max(estimate, 1) };
    case "primary-lookup": {
      const primary = schema!.primaryKey!;
      const length = keyLength(schema!, primary, primary.columns.length);
      if (access.keys.length === 1) return { type: source.dependsOnOuter ? "eq_ref" : "const", key: "PRIMARY", keyLength: length, ref, rows: 1 };
      return { type: "range", key: "PRIMARY", keyLength: length, ref: null, rows: access.keys.length };
    }
    case "index-lookup": {
      const unique = access.index.unique && access.key.length === access.index.columns.length;
      const type = unique ? (source.dependsOnOuter ? "eq_ref" : "const") : "ref";
      return { type, key: access.index.name, keyLength: keyLength(schema!, access.index, access.key.length), ref, rows: unique ? 1 : Math.max(Math.ceil(estimate / 10), 1) };
    }
    case "index-range": {
      const parts = Math.max(access.lower?.values.length ?? 0, access.upper?.values.length ?? 0);
      return { type: "range", key: access.index.name, keyLength: keyLength(schema!, access.index, parts), ref: null, rows: Math.max(Math.ceil(estimate / 3), 1) };
    }
  }
}

function selectRows(plan: SelectPlan, selectType: string, id: number, rows: Row[]): void {
  if (plan.sources.length === 0) {
    rows.push([id, selectType, null, null, null, null, null, null, null, null, null, "No tables used"]);
  }
  plan.sources.forEach((source, position) => {
    const access = describeAccess(source);
    const extra: string[] = [];
    if (source.filter !== undefined || source.on !== undefined || (position === plan.sources.length - 1 && plan.where !== undefined)) extra.push("Using where");
    if (plan.order.length > 0 && !plan.orderFromIndex && position === 0) extra.push("Using filesort");
    if (plan.distinct && position === 0) extra.push("Using temporary");
    const possibleKeys = access.key === null ? null : access.key;
    rows.push([id, selectType, source.alias, null, access.type, possibleKeys, access.key,
      access.keyLength === null ? null : String(access.keyLength), access.ref, access.rows, "100.00",
      extra.length === 0 ? null : extra.join("; ")]);
  });
  for (const source of plan.sources) {
    if (source.source.kind === "derived") explainRows(source.source.plan, "DERIVED", id + 1, rows);
  }
  for (const subquery of plan.subqueries) {
    explainRows(subquery.plan, subquery.correlated ? "DEPENDENT SUBQUERY" : "SUBQUERY", id + 1, rows);
  }
}

function explainRows(plan: QueryPlan, selectType: string, id: number, rows: Row[]): void {
  if (plan.kind === "select") selectRows(plan, selectType, id, rows);
  else {
    explainRows(plan.left, selectType === "SIMPLE" ? "PRIMARY" : selectType, id, rows);
    if (plan.right !== undefined) explainRows(plan.right, "UNION", id + 1, rows);
  }
}

export function explainPlan(plan: QueryPlan, topType = "SIMPLE"): RowsResult {
  const columns = [
    integerColumn("id", true),
    textColumn("select_type", 20),
    textColumn("table", 64, true),
    textColumn("partitions", 64, true),
    textColumn("type", 10, true),
    textColumn("possible_keys", 1024, true),
    textColumn("key", 64, true),
    textColumn("key_len", 64, true),
    textColumn("ref", 1024, true),
    integerColumn("rows", true),
    column("filtered", { kind: "double", scale: 2 }, true),
    textColumn("Extra", 1024, true),
  ];
  const rows: Row[] = [];
  explainRows(plan, topType, 1, rows);
  return rowsResult(columns, rows.map((row) => row.map((value, index) => (index === 10 && value !== null ? 100 : value))));
}
