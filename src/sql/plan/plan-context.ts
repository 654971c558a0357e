/**
 * Everything the planner reads besides the AST: the catalog, the session (current database,
 * collation_connection, div_precision_increment), the statement text (MySQL names expression
 * columns by their text), the information_schema provider, and CTEs in scope.
 */

import type { Catalog } from "../catalog/catalog.ts";
import type { CommonTableExpression } from "../parser/ast.ts";
import type { Session } from "../session.ts";
import type { VirtualTable } from "./query-plan.ts";

export interface VirtualSchemaProvider {
  /** The virtual table `name` of `database` (information_schema …), if there is one. */
  getTable(database: string, name: string): VirtualTable | undefined;
  /** Whether `database` is one the engine serves itself. */
  isVirtualDatabase(database: string): boolean;
  /** Table names of a virtual database (SHOW TABLES). */
  tableNames(database: string): readonly string[];
}

export interface PlanContext {
  readonly catalog: Catalog;
  readonly session: Session;
  readonly sql: string;
  readonly virtualSchemas: VirtualSchemaProvider;
  readonly ctes: ReadonlyMap<string, CommonTableExpression>;
  /** Subquery nesting depth, bounded by constants.parserNestingDepthMax. */
  readonly depth: number;
  /** Subquery result slots allocated so far in this statement (shared by nested plans). */
  readonly slots: { count: number };
  /**
   * Scopes of the enclosing queries, outermost first (a subquery at depth d sees d scopes), and
   * one correlation marker per enclosing subquery link: marker i is set when a query below
   * depth i reads a column of depth i (the subquery planned at depth i + 1 is then correlated).
   */
  readonly outerScopes: readonly import("../expression/scope.ts").Scope[];
  readonly correlationMarkers: readonly { correlated: boolean }[];
  /** Tables the plan read, to re-validate a cached plan against the catalog. */
  readonly tablesUsed: { database: string; name: string; schema: import("../catalog/schema.ts").TableSchema }[];
  /**
   * Set for a SELECT statement (and inherited by its subqueries): rows read only feed this
   * plan's outputs, so a single-table source may ask storage for just the columns the plan
   * reads (ScanOptions.columns). Never set when rows become DML before-images.
   */
  readonly projectRows?: boolean;
}

export function collationConnectionOf(context: PlanContext): string {
  return context.session.collationConnection;
}

export function divPrecisionIncrementOf(context: PlanContext): number {
  return Number(context.session.getSystemVariable("div_precision_increment") ?? 4);
}
