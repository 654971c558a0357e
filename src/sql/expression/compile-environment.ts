/**
 * What the expression compiler needs from its surroundings: the scope for names, the clause
 * name for error messages, and collectors the planner provides for aggregates and subqueries
 * (which the compiler cannot evaluate itself: aggregates need grouping, subqueries need the
 * planner and asynchronous storage access before rows are evaluated).
 */

import type { AggregateCall, Expression, FunctionCall, Query } from "../parser/ast.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { Scope } from "./scope.ts";
import type { CompiledExpression } from "./compiled-expression.ts";

export type SubqueryKind = "scalar" | "exists" | "values";

export interface SubqueryCollector {
  /** Plans `query` and returns its result slot (EvalContext.subqueryResults) and value type. */
  add(query: Query, kind: SubqueryKind): { readonly slot: number; readonly type: SqlType };
}

export interface AggregateCollector {
  /** Registers an aggregate and returns the expression that reads its per-group result. */
  add(call: AggregateCall): CompiledExpression;
}

export interface WindowCollector {
  /** Registers a window function call (ROW_NUMBER() OVER …, SUM(x) OVER …); returns its reader. */
  add(call: FunctionCall | AggregateCall): CompiledExpression;
}

export interface CompileEnvironment {
  readonly scope: Scope;
  /** For messages: "field list", "where clause", "order clause", "having clause", … */
  readonly clause: string;
  readonly aggregates?: AggregateCollector;
  /** Present where window functions may appear (the select list). */
  readonly windows?: WindowCollector;
  readonly subqueries?: SubqueryCollector;
  /** Select-list aliases visible to HAVING / ORDER BY / GROUP BY, compiled on demand. */
  readonly aliases?: (name: string) => CompiledExpression | undefined;
  readonly collationConnection: string;
  readonly database: string | undefined;
  readonly divPrecisionIncrement: number;
  /** Scopes of enclosing queries (correlated references), outermost first. */
  readonly outerScopes?: readonly Scope[];
  /** Called when a name resolves in the enclosing scope at `level`. */
  readonly onOuterReference?: (level: number) => void;
}

export function withClause(environment: CompileEnvironment, clause: string): CompileEnvironment {
  return { ...environment, clause };
}

/**
 * Compiles a child expression in the caller's environment. Sub-compilers (predicates, LIKE,
 * CASE, functions) receive it instead of importing the compiler, which keeps the module graph
 * acyclic.
 */
export type Compile = (expression: Expression) => CompiledExpression;
