/**
 * Chooses how to read one table from the conditions on it (WHERE conjuncts and its ON clause):
 * - primary-lookup ("const"): every primary key column pinned by `=` (one column may use an IN
 *   list, giving several lookups);
 * - index-lookup ("ref"): `=` on a prefix of an index;
 * - index-range ("range"): `=` on a prefix, then BETWEEN / < / <= / > / >= on the next column;
 * - full scan ("ALL") otherwise.
 * Key expressions may read only constants, params, variables and columns of earlier tables.
 * The chosen conditions are still re-checked on every row read, so the access path only needs
 * to return a superset of the matching rows.
 */

import type { Expression, IndexHint } from "../parser/ast.ts";
import type { IndexSchema, TableSchema } from "../catalog/schema.ts";
import type { Scope } from "../expression/scope.ts";
import type { CompileEnvironment } from "../expression/compile-environment.ts";
import type { CompiledExpression } from "../expression/compiled-expression.ts";
import { compileExpression } from "../expression/expression-compiler.ts";
import { ER_KEY_DOES_NOT_EXITS } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { AccessPath, BoundPlan } from "./query-plan.ts";
import { referencedColumns } from "./referenced-columns.ts";

type Operator = "=" | "<" | "<=" | ">" | ">=" | "in";

interface KeyCondition {
  /** Column position within the table. */
  readonly column: number;
  readonly operator: Operator;
  readonly values: readonly Expression[];
}

export interface ChosenAccess {
  readonly access: AccessPath;
  readonly dependsOnOuter: boolean;
  /** Indexes any condition could use (EXPLAIN possible_keys). */
  readonly possibleKeys: readonly string[];
}

const flipped: Record<string, Operator> = { "=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function columnOfTable(expression: Expression, scope: Scope, offset: number, width: number): number | undefined {
  if (expression.kind !== "column") return undefined;
  const column = scope.find(expression, "where clause");
  if (column === undefined || column.index < offset || column.index >= offset + width) return undefined;
  return column.index - offset;
}

function isOuterOnlyIn(expression: Expression, scope: Scope, offset: number, outerScopes: readonly Scope[]): boolean {
  const columns = referencedColumns(expression, scope, outerScopes);
  if (columns === undefined) return false;
  for (const index of columns) if (index >= offset) return false;
  return true;
}

function extractConditions(
  conjuncts: readonly Expression[],
  scope: Scope,
  offset: number,
  width: number,
  outerScopes: readonly Scope[],
): KeyCondition[] {
  const isOuterOnly = (expression: Expression, innerScope: Scope, innerOffset: number): boolean =>
    isOuterOnlyIn(expression, innerScope, innerOffset, outerScopes);
  const conditions: KeyCondition[] = [];
  for (const conjunct of conjuncts) {
    if (conjunct.kind === "binary" && flipped[conjunct.operator] !== undefined) {
      const operator = conjunct.operator as Operator;
      const left = columnOfTable(conjunct.left, scope, offset, width);
      if (left !== undefined && isOuterOnly(conjunct.right, scope, offset)) {
        conditions.push({ column: left, operator, values: [conjunct.right] });
        continue;
      }
      const right = columnOfTable(conjunct.right, scope, offset, width);
      if (right !== undefined && isOuterOnly(conjunct.left, scope, offset)) {
        conditions.push({ column: right, operator: flipped[operator]!, values: [conjunct.left] });
      }
    } else if (conjunct.kind === "between" && !conjunct.not) {
      const column = columnOfTable(conjunct.operand, scope, offset, width);
      if (column === undefined) continue;
      if (!isOuterOnly(conjunct.low, scope, offset) || !isOuterOnly(conjunct.high, scope, offset)) continue;
      conditions.push({ column, operator: ">=", values: [conjunct.low] });
      conditions.push({ column, operator: "<=", values: [conjunct.high] });
    } else if (conjunct.kind === "in-list" && !conjunct.not) {
      const column = columnOfTable(conjunct.operand, scope, offset, width);
      if (column === undefined || !conjunct.list.every((item) => isOuterOnly(item, scope, offset))) continue;
      conditions.push({ column, operator: "in", values: conjunct.list });
    }
  }
  return conditions;
}

function usableIndex(index: IndexSchema): boolean {
  return index.columns.every((part) => part.prefixLength === undefined && !part.descending);
}

function dependsOnOuter(expressions: readonly Expression[], scope: Scope, outerScopes: readonly Scope[] = []): boolean {
  return expressions.some((expression) => (referencedColumns(expression, scope, outerScopes)?.size ?? 0) > 0);
}

function candidateIndexes(schema: TableSchema, hints: readonly IndexHint[]): IndexSchema[] {
  let indexes = [...(schema.primaryKey === undefined ? [] : [schema.primaryKey]), ...schema.indexes];
  const named = (hint: IndexHint, index: IndexSchema) =>
    hint.indexes.some((name) => name.name.toLowerCase() === index.name.toLowerCase());
  for (const hint of hints) {
    for (const name of hint.indexes) {
      if (!indexes.some((index) => index.name.toLowerCase() === name.name.toLowerCase())) {
        throw sqlError(ER_KEY_DOES_NOT_EXITS, name.name, schema.name);
      }
    }
    if (hint.scope !== undefined && hint.scope !== "join") continue;
    if (hint.action === "ignore") indexes = indexes.filter((index) => !named(hint, index));
    else if (hint.indexes.length > 0) indexes = indexes.filter((index) => named(hint, index));
  }
  return indexes.filter(usableIndex);
}

export function chooseAccessPath(
  schema: TableSchema,
  offset: number,
  conjuncts: readonly Expression[],
  scope: Scope,
  hints: readonly IndexHint[],
  environment: CompileEnvironment,
): ChosenAccess {
  const outerScopes = environment.outerScopes ?? [];
  const conditions = extractConditions(conjuncts, scope, offset, schema.columns.length, outerScopes);
  const indexes = candidateIndexes(schema, hints);
  const possibleKeys = indexes
    .filter((index) => conditions.some((condition) => condition.column === index.columns[0]?.column))
    .map((index) => index.name);
  const compile = (expression: Expression): CompiledExpression => compileExpression(expression, environment);
  const full: ChosenAccess = { access: { kind: "full", reverse: false }, dependsOnOuter: false, possibleKeys };
  const primary = schema.primaryKey;
  if (primary !== undefined && indexes.includes(primary)) {
    const lookup = primaryLookup(primary, conditions, compile);
    if (lookup !== undefined) {
      const used = conditions.filter((condition) => primary.columns.some((part) => part.column === condition.column));
      return { access: lookup, dependsOnOuter: dependsOnOuter(used.flatMap((c) => c.values), scope, outerScopes), possibleKeys };
    }
  }
  let best: { access: AccessPath; score: number; used: Expression[] } | undefined;
  for (const index of indexes) {
    const candidate = indexCandidate(index, conditions, compile);
    if (candidate !== undefined && (best === undefined || candidate.score > best.score)) best = candidate;
  }
  if (best === undefined) return full;
  return { access: best.access, dependsOnOuter: dependsOnOuter(best.used, scope, outerScopes), possibleKeys };
}

function primaryLookup(
  primary: IndexSchema,
  conditions: readonly KeyCondition[],
  compile: (expression: Expression) => CompiledExpression,
): AccessPath | undefined {
  let tuples: CompiledExpression[][] = [[]];
  let inUsed = false;
  for (const part of primary.columns) {
    const equal = conditions.find((condition) => condition.column === part.column && condition.operator === "=");
    if (equal !== undefined) {
      const value = compile(equal.values[0]!);
      tuples = tuples.map((tuple) => [...tuple, value]);
      continue;
    }
    const list = conditions.find((condition) => condition.column === part.column && condition.operator === "in");
    if (list === undefined || inUsed) return undefined;
    inUsed = true;
    const values = list.values.map(compile);
    tuples = tuples.flatMap((tuple) => values.map((value) => [...tuple, value]));
  }
  return { kind: "primary-lookup", keys: tuples };
}

function indexCandidate(
  index: IndexSchema,
  conditions: readonly KeyCondition[],
  compile: (expression: Expression) => CompiledExpression,
): { access: AccessPath; score: number; used: Expression[] } | undefined {
  const key: CompiledExpression[] = [];
  const used: Expression[] = [];
  for (const part of index.columns) {
    const equal = conditions.find((condition) => condition.column === part.column && condition.operator === "=");
    if (equal === undefined) break;
    key.push(compile(equal.values[0]!));
    used.push(equal.values[0]!);
  }
  const next = index.columns[key.length];
  const bounds = next === undefined ? [] : conditions.filter((condition) => condition.column === next.column);
  const lowerCondition = bounds.find((condition) => condition.operator === ">" || condition.operator === ">=");
  const upperCondition = bounds.find((condition) => condition.operator === "<" || condition.operator === "<=");
  const uniqueFull = index.unique && key.length === index.columns.length;
  const base = (uniqueFull ? 1000 : key.length * 10) + (index.primary ? 1 : 0);
  if (lowerCondition === undefined && upperCondition === undefined) {
    if (key.length === 0) return undefined;
    return { access: { kind: "index-lookup", index, key }, score: base + 5, used };
  }
  const bound = (condition: KeyCondition | undefined): BoundPlan | undefined =>
    condition === undefined
      ? undefined
      : { values: [...key, compile(condition.values[0]!)], inclusive: condition.operator.length === 2 };
  const lower = bound(lowerCondition);
  const upper = bound(upperCondition);
  const access: AccessPath = {
    kind: "index-range",
    index,
    ...(lower === undefined ? (key.length > 0 ? { lower: { values: key, inclusive: true } } : {}) : { lower }),
    ...(upper === undefined ? (key.length > 0 ? { upper: { values: key, inclusive: true } } : {}) : { upper }),
    reverse: false,
  };
  const extra = [lowerCondition, upperCondition].flatMap((condition) => (condition === undefined ? [] : condition.values));
  return { access, score: base + 2 + (lower !== undefined && upper !== undefined ? 1 : 0), used: [...used, ...extra] };
}
