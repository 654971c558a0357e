/**
 * Plan types: what the planner (select-planner.ts, dml planners) produces and the executors
 * run. Plans are immutable after planning and hold compiled expressions, so a prepared
 * statement plans once and executes many times with different params.
 */

import type { IndexSchema, TableSchema } from "../catalog/schema.ts";
import type { LockMode, StorageTable } from "../catalog/catalog.ts";
import type { ResultColumn } from "../statement-result.ts";
import type { Row } from "../types/value.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { CompiledExpression, EvalContext } from "../expression/compiled-expression.ts";
import type { Comparator } from "../expression/compare.ts";
import type { SubqueryKind } from "../expression/compile-environment.ts";
import type { AggregateSpec } from "./aggregate-spec.ts";
import type { WindowFunctionPlan } from "./window-registry.ts";

/** One bound of a range, as expressions evaluated at execution. */
export interface BoundPlan {
  readonly values: readonly CompiledExpression[];
  readonly inclusive: boolean;
}

/** How rows of one table are found. */
export type AccessPath =
  /** Every row (optionally in the order of `index`, reversed). */
  | { readonly kind: "full"; readonly index?: string; readonly reverse: boolean }
  /** Point lookups by full primary key; several tuples for `pk IN (…)`. */
  | { readonly kind: "primary-lookup"; readonly keys: readonly (readonly CompiledExpression[])[] }
  /** Equality on an index prefix (MySQL's "ref"/"eq_ref"). */
  | { readonly kind: "index-lookup"; readonly index: IndexSchema; readonly key: readonly CompiledExpression[] }
  /** A range on an index (equality prefix plus bounds on the next column). */
  | {
      readonly kind: "index-range";
      readonly index: IndexSchema;
      readonly lower?: BoundPlan;
      readonly upper?: BoundPlan;
      readonly reverse: boolean;
    };

/** Rows supplied by the engine itself (information_schema). */
export interface VirtualTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: SqlType; readonly nullable: boolean }[];
  rows(context: EvalContext): Row[];
}

export type SourceKind =
  | { readonly kind: "table"; readonly table: StorageTable; readonly schema: TableSchema }
  | { readonly kind: "derived"; readonly plan: QueryPlan }
  | { readonly kind: "virtual"; readonly table: VirtualTable };

export interface SourcePlan {
  readonly source: SourceKind;
  readonly alias: string;
  readonly database: string;
  /** Offset of this source's columns in the flat row, and how many it has. */
  readonly offset: number;
  readonly width: number;
  readonly access: AccessPath;
  /**
   * Projection for storage: the table's column positions this plan reads (ascending); absent
   * means all. Set only for the single table of a SELECT (PlanContext.projectRows).
   */
  readonly columns?: readonly number[];
  /** Whether the access path reads columns of earlier sources (re-run per outer row). */
  readonly dependsOnOuter: boolean;
  readonly joinType: "inner" | "left";
  /** ON condition (left joins: decides null-extension; inner: an extra filter). */
  readonly on?: CompiledExpression;
  readonly lock: LockMode;
  /** Conditions of WHERE on this source alone, applied right after reading it. */
  readonly filter?: CompiledExpression;
}

export interface SortKey {
  /** Evaluated on the extended row (base row + aggregate slots) … */
  readonly expression?: CompiledExpression;
  /** … or taken from the output row at this position. */
  readonly outputIndex?: number;
  readonly descending: boolean;
  readonly comparator: Comparator;
  /** For string keys: the collation's sort key, computed once per row instead of comparing. */
  readonly sortKeyOf?: (value: string) => string;
}

export interface SubqueryPlan {
  readonly slot: number;
  /** Reads columns of the enclosing query: re-run for every row of it. */
  readonly correlated: boolean;
  readonly plan: QueryPlan;
  readonly kind: SubqueryKind;
}

export interface GroupingPlan {
  readonly keys: readonly CompiledExpression[];
  readonly aggregates: readonly AggregateSpec[];
  /** Width of the base flat row; aggregate results follow at this offset. */
  readonly baseWidth: number;
  /** GROUP BY present (false: one group over all rows, even none). */
  readonly grouped: boolean;
  /** WITH ROLLUP: the flat-row column of each (plain column) key and its ordering. */
  readonly rollup?: { readonly keyColumns: readonly number[]; readonly comparators: readonly Comparator[] };
}

export interface SelectPlan {
  readonly kind: "select";
  readonly sources: readonly SourcePlan[];
  readonly width: number;
  /** Residual WHERE (what source filters did not cover). */
  readonly where?: CompiledExpression;
  readonly grouping?: GroupingPlan;
  readonly having?: CompiledExpression;
  /** Window functions, computed after HAVING into slots after the first `width` columns. */
  readonly windows?: { readonly functions: readonly WindowFunctionPlan[]; readonly width: number };
  readonly outputs: readonly CompiledExpression[];
  readonly columns: readonly ResultColumn[];
  readonly distinct: boolean;
  readonly order: readonly SortKey[];
  /** Rows already come in ORDER BY order from the access path. */
  readonly orderFromIndex: boolean;
  readonly limit?: CompiledExpression;
  readonly offset?: CompiledExpression;
  readonly subqueries: readonly SubqueryPlan[];
  /** Depth of this query (0 = statement level); its rows are EvalContext.outerRows[level]. */
  readonly level: number;
  /** Some subquery is correlated: WHERE and the select list run it per row. */
  readonly correlated: boolean;
  readonly calcFoundRows: boolean;
  readonly into?: readonly string[];
}

export interface SetOperationPlan {
  readonly kind: "set-operation";
  readonly operator: "union" | "intersect" | "except";
  readonly all: boolean;
  readonly left: QueryPlan;
  /** Absent for `(query) ORDER BY … LIMIT …`: the left rows, re-ordered and limited. */
  readonly right: QueryPlan | undefined;
  readonly columns: readonly ResultColumn[];
  readonly order: readonly SortKey[];
  readonly limit?: CompiledExpression;
  readonly offset?: CompiledExpression;
  readonly subqueries: readonly SubqueryPlan[];
}

export type QueryPlan = SelectPlan | SetOperationPlan;
