/**
 * Plans queries: SELECT blocks (FROM → access paths and per-source filters → grouping →
 * HAVING → select list → DISTINCT → ORDER BY → LIMIT), set operations and parenthesised
 * queries. Everything name- or type-related is decided here, once; executors only run closures.
 */

import type {
  AggregateCall,
  Expression,
  OrderItem,
  Query,
  SelectExpression,
  SelectQuery,
  SetOperationQuery,
  ParenthesizedQuery,
  Limit,
} from "../parser/ast.ts";
import type { LockMode } from "../catalog/catalog.ts";
import {
  ER_NOT_SUPPORTED_YET,
  ER_BAD_FIELD_ERROR,
  ER_OPERAND_COLUMNS,
  ER_TOO_HIGH_LEVEL_OF_NESTING_FOR_SELECT,
  ER_WRONG_GROUP_FIELD,
  ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT,
} from "../../util/mysql-errors.ts";
import { parserNestingDepthMax } from "../../constants.ts";
import { sqlError } from "../sql-error.ts";
import type { CompileEnvironment, SubqueryCollector } from "../expression/compile-environment.ts";
import { compileExpression } from "../expression/expression-compiler.ts";
import { valueClassOf, type CompiledExpression } from "../expression/compiled-expression.ts";
import { comparatorForExpression } from "../expression/compare.ts";
import { collationOf } from "../expression/collation-choice.ts";
import { Scope } from "../expression/scope.ts";
import { commonType } from "../expression/common-type.ts";
import { containsAggregate, containsKind, splitConjuncts } from "./ast-walk.ts";
import type { AggregateSpec } from "./aggregate-spec.ts";
import { chooseAccessPath } from "./access-path-chooser.ts";
import { collationConnectionOf, divPrecisionIncrementOf, type PlanContext } from "./plan-context.ts";
import { planFrom, type PendingSource } from "./from-planner.ts";
import type { GroupingPlan, QueryPlan, SelectPlan, SetOperationPlan, SortKey, SourcePlan, SubqueryPlan } from "./query-plan.ts";
import { referencedColumns } from "./referenced-columns.ts";
import { expandStars, resultColumn } from "./select-list.ts";
import type { ResultColumn } from "../statement-result.ts";
import { planIndexOrder } from "./index-order.ts";
import { checkFullGroupBy } from "./full-group-by.ts";
import { buildAggregateSpec } from "./build-aggregate-spec.ts";
import { WindowRegistry } from "./window-registry.ts";
import { expressionText } from "../expression/expression-text.ts";

export function planQuery(query: Query, context: PlanContext): QueryPlan {
  if (context.depth > parserNestingDepthMax) throw sqlError(ER_TOO_HIGH_LEVEL_OF_NESTING_FOR_SELECT);
  const withContext = query.with === undefined ? context : addCtes(query.with.ctes, context);
  switch (query.kind) {
    case "select":
      return planSelect(query, withContext);
    case "set-operation":
      return planSetOperation(query, withContext);
    case "parenthesized-query":
      return planParenthesized(query, withContext);
  }
}

function addCtes(ctes: readonly import("../parser/ast.ts").CommonTableExpression[], context: PlanContext): PlanContext {
  const map = new Map(context.ctes);
  for (const cte of ctes) map.set(cte.name.name, cte);
  return { ...context, ctes: map };
}

/** Plans each subquery an expression compiled in `scope` registers, into `owned` (slots from context). */
export function subqueryCollector(context: PlanContext, owned: SubqueryPlan[], scope: Scope): SubqueryCollector {
  return {
    add(query, kind) {
      const marker = { correlated: false };
      const plan = planQuery(query, {
        ...context,
        depth: context.depth + 1,
        outerScopes: [...context.outerScopes, scope],
        correlationMarkers: [...context.correlationMarkers, marker],
      });
      if (kind !== "exists" && plan.columns.length !== 1) throw sqlError(ER_OPERAND_COLUMNS, 1);
      const slot = context.slots.count++;
      owned.push({ slot, plan, kind, correlated: marker.correlated });
      return { slot, type: plan.columns[0]?.type ?? { kind: "null" } };
    },
  };
}

function baseEnvironment(scope: Scope, context: PlanContext, subqueries: SubqueryCollector): CompileEnvironment {
  const markers = context.correlationMarkers;
  return {
    scope,
    clause: "where clause",
    subqueries,
    collationConnection: collationConnectionOf(context),
    database: context.session.database,
    divPrecisionIncrement: divPrecisionIncrementOf(context),
    outerScopes: context.outerScopes,
    onOuterReference: (level) => {
      for (let index = level; index < markers.length; index++) markers[index]!.correlated = true;
    },
  };
}

/** Compiles `work` and fails when it registered a correlated subquery (unsupported there). */
function withoutCorrelation<T>(owned: readonly SubqueryPlan[], where: string, work: () => T): T {
  const before = owned.length;
  const result = work();
  if (owned.slice(before).some((subquery) => subquery.correlated)) {
    throw sqlError(ER_NOT_SUPPORTED_YET, `correlated subqueries in ${where}`);
  }
  return result;
}

const subqueryKinds: ReadonlySet<Expression["kind"]> = new Set(["exists", "in-subquery", "subquery", "quantified-comparison"]);

function lockModeOf(query: SelectQuery): LockMode {
  const clause = query.locking[0];
  if (clause === undefined) return "none";
  return clause.strength === "update" ? "exclusive" : "shared";
}

/** Which source a conjunct belongs to: the last source whose columns it reads. */
function conjunctSource(
  conjunct: Expression,
  scope: Scope,
  sources: readonly PendingSource[],
  outerScopes: readonly Scope[],
): number | undefined {
  // Conjuncts with subqueries stay in the residual WHERE: they are compiled once there, and a
  // correlated one must run per joined row.
  if (containsKind(conjunct, subqueryKinds)) return undefined;
  const columns = referencedColumns(conjunct, scope, outerScopes);
  if (columns === undefined) return undefined;
  let last = 0;
  for (const index of columns) {
    const source = sources.findIndex((candidate) => index >= candidate.offset && index < candidate.offset + candidate.width);
    last = Math.max(last, source);
  }
  return last;
}

function planSources(
  pending: readonly PendingSource[],
  conjuncts: readonly Expression[],
  scope: Scope,
  environment: CompileEnvironment,
  lock: LockMode,
  owned: readonly SubqueryPlan[],
): { sources: SourcePlan[]; residual: Expression[] } {
  const perSource: Expression[][] = pending.map(() => []);
  const residual: Expression[] = [];
  for (const conjunct of conjuncts) {
    const owner = pending.length === 0 ? undefined : conjunctSource(conjunct, scope, pending, environment.outerScopes ?? []);
    if (owner === undefined) residual.push(conjunct);
    else perSource[owner]!.push(conjunct);
  }
  const sources = pending.map((source, index): SourcePlan => {
    const onEnvironment = { ...environment, clause: "on clause" };
    const on = withoutCorrelation(owned, "ON", () => conjoin(source.on, onEnvironment));
    const filter = conjoin(perSource[index]!, environment);
    const plainOn = source.on.filter((conjunct) => !containsKind(conjunct, subqueryKinds));
    const usable = source.joinType === "inner" ? [...perSource[index]!, ...plainOn] : plainOn;
    const chosen =
      source.source.kind === "table"
        ? chooseAccessPath(source.source.schema, source.offset, usable, scope, source.hints, environment)
        : { access: { kind: "full", reverse: false } as const, dependsOnOuter: false };
    return {
      source: source.source,
      alias: source.alias,
      database: source.database,
      offset: source.offset,
      width: source.width,
      access: chosen.access,
      dependsOnOuter: chosen.dependsOnOuter,
      joinType: source.joinType,
      ...(on === undefined ? {} : { on }),
      ...(filter === undefined ? {} : { filter }),
      lock,
    };
  });
  return { sources, residual };
}

/** Compiles conjuncts into one AND-ed condition (undefined when there are none). */
function conjoin(conjuncts: readonly Expression[], environment: CompileEnvironment): CompiledExpression | undefined {
  if (conjuncts.length === 0) return undefined;
  const combined = conjuncts.reduce((left, right): Expression => ({ kind: "binary", operator: "and", left, right }));
  return compileExpression(combined, environment);
}

class AggregateRegistry {
  readonly specs: AggregateSpec[] = [];
  constructor(
    readonly environment: CompileEnvironment,
    readonly baseWidth: number,
  ) {}

  add(call: AggregateCall): CompiledExpression {
    const spec = buildAggregateSpec(call, this.environment);
    const type = spec.type;
    const slot = this.baseWidth + this.specs.length;
    this.specs.push(spec);
    return {
      evaluate: (row) => row[slot] ?? null,
      type,
      nullable: call.name !== "COUNT",
      rowIndependent: false,
      constant: false,
      dynamicType: false,
    };
  }
}

function positionOf(expression: Expression, count: number, clause: string): number | undefined {
  if (expression.kind !== "integer") return undefined;
  const position = Number(expression.value);
  if (position < 1 || position > count) throw sqlError(ER_BAD_FIELD_ERROR, String(position), clause);
  return position - 1;
}

function aliasIndex(expression: Expression, items: readonly SelectExpression[]): number | undefined {
  if (expression.kind !== "column" || expression.table !== undefined) return undefined;
  const name = expression.column.name.toLowerCase();
  const index = items.findIndex((item) => item.alias?.name.toLowerCase() === name);
  return index < 0 ? undefined : index;
}

function planSelect(query: SelectQuery, context: PlanContext): SelectPlan {
  if (query.windows.length > 0) throw sqlError(ER_NOT_SUPPORTED_YET, "named windows");
  const { sources: pending, scope } = planFrom(query.from, context, planQuery);
  const projecting = context.projectRows === true && pending.length === 1 && pending[0]!.source.kind === "table";
  if (projecting) scope.recordReads();
  const subqueries: SubqueryPlan[] = [];
  const environment = baseEnvironment(scope, context, subqueryCollector(context, subqueries, scope));
  const items = expandStars(query.items, scope);
  const conjuncts = splitConjuncts(query.where);
  const lock = lockModeOf(query);
  const { sources, residual } = planSources(pending, conjuncts, scope, environment, lock, subqueries);
  const where = conjoin(residual, environment);
  const registry = isAggregateQuery(query, items) ? new AggregateRegistry(environment, scope.width) : undefined;
  const selectEnvironment: CompileEnvironment = {
    ...environment,
    clause: "field list",
    ...(registry === undefined ? {} : { aggregates: registry }),
  };
  const windows = new WindowRegistry(selectEnvironment);
  const outputEnvironment: CompileEnvironment = { ...selectEnvironment, windows };
  const outputs = items.map((item) =>
    registry === undefined
      ? compileExpression(item.expr, outputEnvironment)
      : withoutCorrelation(subqueries, "an aggregated SELECT", () => compileExpression(item.expr, outputEnvironment)),
  );
  const windowed = windows.functions.length > 0;
  if (windowed) rejectCorrelation(subqueries, "with window functions");
  const columns = resultColumns(items, outputs, scope, pending, context.sql);
  const { groupKeys, having } = planGroupingClauses(query, items, environment, selectEnvironment, subqueries);
  // After GROUP BY and HAVING are resolved: an unknown column there is 1054, not 1055 (MySQL
  // resolves every clause's names before the ONLY_FULL_GROUP_BY check).
  if (registry !== undefined && context.session.sqlMode.onlyFullGroupBy) checkFullGroupBy(items, query.groupBy, scope);
  const order = withoutCorrelation(subqueries, "ORDER BY", () => planOrder(query.orderBy, items, outputs, selectEnvironment, context));
  const limit = planLimit(query.limit, environment);
  const windowWidth = scope.width + (registry?.specs.length ?? 0);
  windows.finish(windowWidth);
  const indexOrder =
    registry === undefined && !windowed && !query.distinct && sources.length === 1 && where === undefined
      ? planIndexOrder(sources[0]!, query.orderBy, scope, limit.limit !== undefined)
      : undefined;
  if (indexOrder !== undefined) sources[0] = indexOrder;
  if (projecting) sources[0] = withProjection(sources[0]!, scope.recordedReads() ?? []);
  return {
    kind: "select",
    sources,
    width: scope.width,
    ...(where === undefined ? {} : { where }),
    ...(registry === undefined
      ? {}
      : {
          grouping: {
            keys: groupKeys,
            aggregates: registry.specs,
            baseWidth: scope.width,
            grouped: query.groupBy.length > 0,
            ...(query.withRollup ? { rollup: rollupPlan(groupKeys, context) } : {}),
          },
        }),
    ...(having === undefined ? {} : { having }),
    ...(windowed ? { windows: { functions: windows.functions, width: windowWidth } } : {}),
    outputs,
    columns,
    distinct: query.distinct,
    order,
    orderFromIndex: indexOrder !== undefined,
    ...limit,
    subqueries,
    level: context.outerScopes.length,
    correlated: subqueries.some((subquery) => subquery.correlated),
    calcFoundRows: query.options.sqlCalcFoundRows,
    ...(query.into === undefined ? {} : { into: query.into }),
  };
}

/** The source reading only `reads` (flat offsets) when that is fewer than all its columns. */
function withProjection(source: SourcePlan, reads: readonly number[]): SourcePlan {
  const columns: number[] = [];
  for (const offset of reads) {
    if (offset >= source.offset && offset < source.offset + source.width) columns.push(offset - source.offset);
  }
  return columns.length === source.width ? source : { ...source, columns };
}

/** GROUP BY keys and HAVING; both may name select-list aliases (checked after table columns). */
function planGroupingClauses(
  query: SelectQuery,
  items: readonly SelectExpression[],
  environment: CompileEnvironment,
  selectEnvironment: CompileEnvironment,
  subqueries: readonly SubqueryPlan[],
): { groupKeys: CompiledExpression[]; having: CompiledExpression | undefined } {
  const aliasLookup = (clauseEnvironment: CompileEnvironment) => (name: string) => {
    const item = items.find((candidate) => candidate.alias?.name.toLowerCase() === name.toLowerCase());
    return item === undefined ? undefined : compileExpression(item.expr, { ...clauseEnvironment, aliases: () => undefined });
  };
  const groupKeys = withoutCorrelation(subqueries, "GROUP BY", () => query.groupBy.map((item) => {
    const position = positionOf(item.expr, items.length, "group statement");
    const expression = position !== undefined ? items[position]!.expr : item.expr;
    if (containsAggregate(expression)) throw sqlError(ER_WRONG_GROUP_FIELD, expressionText(expression));
    const groupEnvironment = { ...environment, clause: "group statement" };
    return compileExpression(expression, { ...groupEnvironment, aliases: aliasLookup(groupEnvironment) });
  }));
  const havingEnvironment: CompileEnvironment = { ...selectEnvironment, clause: "having clause" };
  const having =
    query.having === undefined
      ? undefined
      : withoutCorrelation(subqueries, "HAVING", () =>
          compileExpression(query.having!, { ...havingEnvironment, aliases: aliasLookup(havingEnvironment) }),
        );
  return { groupKeys, having };
}

function isAggregateQuery(query: SelectQuery, items: readonly SelectExpression[]): boolean {
  return (
    query.groupBy.length > 0 ||
    items.some((item) => containsAggregate(item.expr)) ||
    (query.having !== undefined && containsAggregate(query.having)) ||
    query.orderBy.some((item) => containsAggregate(item.expr))
  );
}

function rejectCorrelation(subqueries: readonly SubqueryPlan[], where: string): void {
  if (subqueries.some((subquery) => subquery.correlated)) throw sqlError(ER_NOT_SUPPORTED_YET, `correlated subqueries ${where}`);
}

function resultColumns(
  items: readonly SelectExpression[],
  outputs: readonly CompiledExpression[],
  scope: Scope,
  pending: readonly PendingSource[],
  sql: string,
): ResultColumn[] {
  const nullableRanges = pending.filter((source) => source.joinType === "left");
  return items.map((item, index) => {
    const column = resultColumn(item, outputs[index]!, scope, sql);
    // Columns of an outer-joined table are NULL for unmatched rows whatever their schema says.
    const found = item.expr.kind === "column" ? scope.find(item.expr, "field list") : undefined;
    const outer = found !== undefined && nullableRanges.some((source) => found.index >= source.offset && found.index < source.offset + source.width);
    return outer ? { ...column, nullable: true } : column;
  });
}

function rollupPlan(keys: readonly CompiledExpression[], context: PlanContext): NonNullable<GroupingPlan["rollup"]> {
  const connection = collationConnectionOf(context);
  const keyColumns = keys.map((key) => {
    if (key.columnIndex === undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "WITH ROLLUP over expressions");
    return key.columnIndex;
  });
  return { keyColumns, comparators: keys.map((key) => comparatorForExpression(key, collationOf(key, connection))) };
}

function planOrder(
  orderBy: readonly OrderItem[],
  items: readonly SelectExpression[],
  outputs: readonly CompiledExpression[],
  environment: CompileEnvironment,
  context: PlanContext,
): SortKey[] {
  const orderEnvironment: CompileEnvironment = {
    ...environment,
    clause: "order clause",
    // Select-list aliases inside ORDER BY expressions (`ORDER BY n + 1`).
    aliases: (name) => {
      const item = items.find((candidate) => candidate.alias?.name.toLowerCase() === name.toLowerCase());
      return item === undefined ? undefined : compileExpression(item.expr, { ...environment, clause: "order clause" });
    },
  };
  const connection = collationConnectionOf(context);
  return orderBy.map((item): SortKey => {
    const descending = item.direction === "desc";
    const outputIndex = positionOf(item.expr, items.length, "order clause") ?? aliasIndex(item.expr, items);
    if (outputIndex !== undefined) {
      const output = outputs[outputIndex]!;
      return { outputIndex, descending, ...sortComparison(output, connection) };
    }
    const expression = compileExpression(item.expr, orderEnvironment);
    return { expression, descending, ...sortComparison(expression, connection) };
  });
}

function sortComparison(expression: CompiledExpression, connection: string): Pick<SortKey, "comparator" | "sortKeyOf"> {
  const collation = collationOf(expression, connection);
  const comparator = comparatorForExpression(expression, collation);
  if (valueClassOf(expression.type) !== "string" || expression.dynamicType) return { comparator };
  return { comparator, sortKeyOf: (value) => collation.sortKey(value) };
}

function planLimit(
  limit: Limit | undefined,
  environment: CompileEnvironment,
): { limit?: CompiledExpression; offset?: CompiledExpression } {
  if (limit === undefined) return {};
  const limitEnvironment = { ...environment, clause: "limit clause" };
  const count = compileExpression(limit.count, limitEnvironment);
  if (limit.offset === undefined) return { limit: count };
  return { limit: count, offset: compileExpression(limit.offset, limitEnvironment) };
}

function planSetOperation(query: SetOperationQuery, context: PlanContext): SetOperationPlan {
  const left = planQuery(query.left, { ...context, depth: context.depth + 1 });
  const right = planQuery(query.right, { ...context, depth: context.depth + 1 });
  if (left.columns.length !== right.columns.length) throw sqlError(ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT);
  return finishSetOperation(left, right, query.operator, query.all, query.orderBy, query.limit, context);
}

function finishSetOperation(
  left: QueryPlan,
  right: QueryPlan | undefined,
  operator: "union" | "intersect" | "except",
  all: boolean,
  orderBy: readonly OrderItem[],
  limit: Limit | undefined,
  context: PlanContext,
): SetOperationPlan {
  const columns = left.columns.map((column, index) => {
    const other = right?.columns[index];
    const type = other === undefined ? column.type : commonType([column.type, other.type]);
    const nullable = column.nullable || (other?.nullable ?? false);
    return other === undefined ? column : { ...column, type, nullable, table: "", orgTable: "", orgName: "", database: "" };
  });
  const scope = new Scope(
    columns.map((column, index) => ({
      name: column.name,
      tableAlias: "",
      database: "",
      orgTable: "",
      index,
      type: column.type,
      nullable: column.nullable,
    })),
  );
  const subqueries: SubqueryPlan[] = [];
  const environment = { ...baseEnvironment(scope, context, subqueryCollector(context, subqueries, scope)), clause: "order clause" };
  const connection = environment.collationConnection;
  const order = orderBy.map((item): SortKey => {
    const position = positionOf(item.expr, columns.length, "order clause");
    const expression = compileExpression(
      position === undefined ? item.expr : { kind: "column", column: { name: columns[position]!.name, quoted: true } },
      environment,
    );
    return { expression, descending: item.direction === "desc", comparator: comparatorForExpression(expression, collationOf(expression, connection)) };
  });
  return { kind: "set-operation", operator, all, left, right, columns, order, ...planLimit(limit, environment), subqueries };
}

function planParenthesized(query: ParenthesizedQuery, context: PlanContext): QueryPlan {
  const inner = planQuery(query.query, { ...context, depth: context.depth + 1 });
  if (query.orderBy.length === 0 && query.limit === undefined) return inner;
  return finishSetOperation(inner, undefined, "union", true, query.orderBy, query.limit, context);
}
