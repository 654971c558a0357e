/**
 * Turns FROM into a left-deep list of pending sources (table, derived table, CTE or virtual
 * table), each with its flat-row offset, join type and ON condition, and builds the scope that
 * names their columns. RIGHT JOIN is rewritten as LEFT JOIN with the operands swapped; a nested
 * join on the right of a LEFT JOIN is not supported (ER_NOT_SUPPORTED_YET).
 */

import type { Expression, Identifier, IndexHint, TableReference } from "../parser/ast.ts";
import {
  ER_BAD_FIELD_ERROR,
  ER_DERIVED_MUST_HAVE_ALIAS,
  ER_NO_DB_ERROR,
  ER_NO_SUCH_TABLE,
  ER_NONUNIQ_TABLE,
  ER_NOT_SUPPORTED_YET,
  ER_VIEW_WRONG_LIST,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import { Scope, type ScopeColumn } from "../expression/scope.ts";
import type { PlanContext } from "./plan-context.ts";
import type { SourceKind } from "./query-plan.ts";
import type { QueryPlan } from "./query-plan.ts";

/** Plans a nested query (derived table, CTE); injected by select-planner.ts to avoid a cycle. */
export type PlanQuery = (query: import("../parser/ast.ts").Query, context: PlanContext) => QueryPlan;

export interface PendingSource {
  readonly source: SourceKind;
  readonly alias: string;
  readonly database: string;
  readonly offset: number;
  readonly width: number;
  readonly joinType: "inner" | "left";
  readonly on: readonly Expression[];
  readonly hints: readonly IndexHint[];
  readonly columns: readonly ScopeColumn[];
}

interface FlatEntry {
  readonly reference: Exclude<TableReference, { kind: "join" }>;
  readonly joinType: "inner" | "left";
  readonly on: readonly Expression[];
  readonly using?: readonly Identifier[];
  readonly natural: boolean;
}

function flatten(reference: TableReference, entries: FlatEntry[]): void {
  if (reference.kind !== "join") {
    entries.push({ reference, joinType: "inner", on: [], natural: false });
    return;
  }
  const right = reference.joinType === "right" ? reference.left : reference.right;
  const left = reference.joinType === "right" ? reference.right : reference.left;
  flatten(left, entries);
  const joinType = reference.joinType === "left" || reference.joinType === "right" ? "left" : "inner";
  if (right.kind === "join") {
    if (joinType === "left") throw sqlError(ER_NOT_SUPPORTED_YET, "a nested join as the inner side of an outer join");
    const before = entries.length;
    flatten(right, entries);
    if (reference.on !== undefined) {
      const last = entries[entries.length - 1]!;
      entries[entries.length - 1] = { ...last, on: [...last.on, reference.on] };
    }
    void before;
    return;
  }
  entries.push({
    reference: right,
    joinType,
    on: reference.on === undefined ? [] : [reference.on],
    ...(reference.using === undefined ? {} : { using: reference.using }),
    natural: reference.natural,
  });
}

export function planFrom(
  from: readonly TableReference[],
  context: PlanContext,
  planQuery: PlanQuery,
): { sources: PendingSource[]; scope: Scope } {
  const entries: FlatEntry[] = [];
  for (const reference of from) flatten(reference, entries);
  const sources: PendingSource[] = [];
  const columns: ScopeColumn[] = [];
  const aliases = new Set<string>();
  // What `SELECT *` shows so far: a USING / NATURAL join puts its common columns first (the
  // preserved side's copy), then the rest of the left side, then the rest of the right side.
  let star: ScopeColumn[] = [];
  for (const entry of entries) {
    const resolved = resolveReference(entry.reference, context, columns.length, planQuery);
    if (aliases.has(resolved.alias)) throw sqlError(ER_NONUNIQ_TABLE, resolved.alias);
    aliases.add(resolved.alias);
    const joined = usingJoin(entry, resolved.columns, star);
    sources.push({ ...resolved, joinType: entry.joinType, on: [...entry.on, ...joined.conditions] });
    const right = resolved.columns.map((column) =>
      joined.rightCoalesced.has(column) ? { ...column, coalesced: true } : column);
    columns.push(...right);
    const common = new Set(joined.leftCommon);
    star = [...joined.leftCommon, ...star.filter((column) => !common.has(column)),
      ...right.filter((column) => column.coalesced !== true)];
  }
  return { sources, scope: new Scope(columns, star) };
}

/**
 * The equalities a USING / NATURAL join adds, and its common columns: the left (preserved)
 * side's copies, which unqualified names and `SELECT *` reach, and the right side's, which only
 * qualified names reach. After flattening, a RIGHT JOIN's preserved side is on the left too.
 * A USING column missing on either side is 1054 in the 'from clause', as MySQL.
 */
function usingJoin(
  entry: FlatEntry,
  right: readonly ScopeColumn[],
  left: readonly ScopeColumn[],
): { conditions: Expression[]; leftCommon: ScopeColumn[]; rightCoalesced: Set<ScopeColumn> } {
  let names: string[] = entry.using?.map((identifier) => identifier.name) ?? [];
  if (entry.natural) {
    names = left.filter((column) => right.some((other) => other.name.toLowerCase() === column.name.toLowerCase())).map((c) => c.name);
  }
  const leftCommon: ScopeColumn[] = [];
  const rightCoalesced = new Set<ScopeColumn>();
  const conditions = names.map((name) => {
    const leftColumn = left.find((column) => column.name.toLowerCase() === name.toLowerCase());
    const rightColumn = right.find((column) => column.name.toLowerCase() === name.toLowerCase());
    if (leftColumn === undefined || rightColumn === undefined) throw sqlError(ER_BAD_FIELD_ERROR, name, "from clause");
    leftCommon.push(leftColumn);
    rightCoalesced.add(rightColumn);
    return {
      kind: "binary",
      operator: "=",
      left: { kind: "column", table: { name: leftColumn.tableAlias, quoted: true }, column: { name: leftColumn.name, quoted: true } },
      right: { kind: "column", table: { name: rightColumn.tableAlias, quoted: true }, column: { name: rightColumn.name, quoted: true } },
    } satisfies Expression;
  });
  return { conditions, leftCommon, rightCoalesced };
}

type Resolved = Omit<PendingSource, "joinType" | "on">;

function resolveReference(
  reference: FlatEntry["reference"],
  context: PlanContext,
  offset: number,
  planQuery: PlanQuery,
): Resolved {
  if (reference.kind === "derived") {
    if (reference.alias === undefined) throw sqlError(ER_DERIVED_MUST_HAVE_ALIAS);
    return derivedSource(reference.query, reference.alias.name, reference.columns, context, offset, planQuery);
  }
  const name = reference.name.name.name;
  const alias = reference.alias?.name ?? name;
  if (reference.name.database === undefined) {
    const cte = context.ctes.get(name);
    if (cte !== undefined) return derivedSource(cte.query, alias, cte.columns, context, offset, planQuery);
  }
  const database = reference.name.database?.name ?? context.session.database;
  if (database === undefined) throw sqlError(ER_NO_DB_ERROR);
  if (context.virtualSchemas.isVirtualDatabase(database)) {
    const table = context.virtualSchemas.getTable(database, name);
    if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, name);
    const columns = table.columns.map((column, index) => ({
      name: column.name,
      tableAlias: alias,
      database,
      orgTable: table.name,
      index: offset + index,
      type: column.type,
      nullable: column.nullable,
    }));
    return { source: { kind: "virtual", table }, alias, database, offset, width: columns.length, hints: [], columns };
  }
  const table = context.catalog.getTable(database, name);
  if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, name);
  const schema = table.schema;
  context.tablesUsed.push({ database, name, schema });
  const columns: ScopeColumn[] = schema.columns.map((column, index) => ({
    name: column.name,
    tableAlias: alias,
    database,
    orgTable: schema.name,
    index: offset + index,
    type: column.type,
    nullable: column.nullable,
    schema: column,
    table: schema,
  }));
  return {
    source: { kind: "table", table, schema },
    alias,
    database,
    offset,
    width: columns.length,
    hints: reference.indexHints,
    columns,
  };
}

function derivedSource(
  query: import("../parser/ast.ts").Query,
  alias: string,
  names: readonly Identifier[] | undefined,
  context: PlanContext,
  offset: number,
  planQuery: PlanQuery,
): Resolved {
  // Derived tables are not LATERAL: they cannot see enclosing queries.
  const plan = planQuery(query, { ...context, depth: context.depth + 1, outerScopes: [], correlationMarkers: [] });
  if (names !== undefined && names.length !== plan.columns.length) throw sqlError(ER_VIEW_WRONG_LIST);
  const columns: ScopeColumn[] = plan.columns.map((column, index) => ({
    name: names?.[index]?.name ?? column.name,
    tableAlias: alias,
    database: "",
    orgTable: "",
    index: offset + index,
    type: column.type,
    nullable: column.nullable,
  }));
  return {
    source: { kind: "derived", plan },
    alias,
    database: "",
    offset,
    width: columns.length,
    hints: [],
    columns,
  };
}
