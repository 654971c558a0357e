/**
 * AST: query expressions (SELECT blocks, set operations) and table references. Part of the
 * AST contract in ast.ts (which re-exports it); additive changes only.
 */

import type {
  Expression,
  Identifier,
  SortDirection,
  SourceSpan,
  TableName,
  WindowSpec,
} from "./ast-expression.ts";

// ---- queries ----------------------------------------------------------------------------------

/** A query expression: a SELECT block, a set operation, or a parenthesised query. */
export type Query = SelectQuery | SetOperationQuery | ParenthesizedQuery;

/** Fields every statement (and every query, which can be a statement) carries. */
export interface StatementBase {
  /** The statement's (or subquery's) text in the query string. */
  readonly span: SourceSpan;
  /** Number of `?` placeholders inside `span`. */
  readonly paramCount: number;
}

export interface CommonTableExpression {
  readonly name: Identifier;
  readonly columns?: readonly Identifier[];
  readonly query: Query;
}

export interface WithClause {
  readonly recursive: boolean;
  readonly ctes: readonly CommonTableExpression[];
}

export interface OrderItem {
  readonly expr: Expression;
  readonly direction: SortDirection;
}

/** `LIMIT count`, `LIMIT offset, count`, `LIMIT count OFFSET offset`. */
export interface Limit {
  readonly count: Expression;
  readonly offset?: Expression;
}

/** `*`, `t.*` or `db.t.*`. */
export interface SelectStar {
  readonly kind: "select-star";
  readonly table?: TableName;
}

/** `expr [[AS] alias]`; `span` is the expression's text (MySQL names the column with it). */
export interface SelectExpression {
  readonly kind: "select-expression";
  readonly expr: Expression;
  readonly alias?: Identifier;
  readonly span: SourceSpan;
}

export type SelectItem = SelectStar | SelectExpression;

/** `FOR UPDATE | FOR SHARE [OF t, …] [NOWAIT | SKIP LOCKED]`, `LOCK IN SHARE MODE`. */
export interface LockingClause {
  readonly strength: "update" | "share";
  readonly of: readonly TableName[];
  readonly wait: "wait" | "nowait" | "skip-locked";
}

/** Options written between SELECT and the select list (DISTINCT is a field of its own). */
export interface SelectOptions {
  readonly highPriority: boolean;
  readonly straightJoin: boolean;
  readonly sqlCalcFoundRows: boolean;
  /** SQL_CACHE / SQL_NO_CACHE / SQL_SMALL_RESULT / … are accepted and ignored. */
}

export interface SelectQuery extends StatementBase {
  readonly kind: "select";
  readonly with?: WithClause;
  /** DISTINCT or DISTINCTROW. */
  readonly distinct: boolean;
  readonly options: SelectOptions;
  readonly items: readonly SelectItem[];
  /** Comma-separated table references; empty for SELECT without FROM or FROM DUAL. */
  readonly from: readonly TableReference[];
  readonly where?: Expression;
  /**
   * GROUP BY items reuse OrderItem; the direction is "asc" unless DESC was written (MySQL 8.0
   * rejects ASC/DESC in GROUP BY; we accept them and the executor may ignore them).
   */
  readonly groupBy: readonly OrderItem[];
  readonly withRollup: boolean;
  readonly having?: Expression;
  readonly windows: readonly NamedWindow[];
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
  readonly locking: readonly LockingClause[];
  /** `INTO @a, @b` user variables. */
  readonly into?: readonly string[];
}

/** `WINDOW name AS (spec)` in a SELECT block. */
export interface NamedWindow {
  readonly name: Identifier;
  readonly spec: WindowSpec;
}

/** `left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right [ORDER BY …] [LIMIT …]`. */
export interface SetOperationQuery extends StatementBase {
  readonly kind: "set-operation";
  readonly with?: WithClause;
  readonly operator: "union" | "intersect" | "except";
  /** ALL keeps duplicates; DISTINCT (the default) removes them. */
  readonly all: boolean;
  readonly left: Query;
  readonly right: Query;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
}

/**
 * `(query) ORDER BY … LIMIT …` where the outer clauses apply to the parenthesised query's
 * result. A parenthesised query with no outer clauses is returned as the inner node itself.
 */
export interface ParenthesizedQuery extends StatementBase {
  readonly kind: "parenthesized-query";
  readonly with?: WithClause;
  readonly query: Query;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
  readonly locking: readonly LockingClause[];
}

// ---- table references -------------------------------------------------------------------------

export type TableReference = TableFactor | DerivedTable | JoinedTable;

/** `USE|FORCE|IGNORE INDEX|KEY [FOR JOIN|ORDER BY|GROUP BY] (names)`; PRIMARY is a name. */
export interface IndexHint {
  readonly action: "use" | "force" | "ignore";
  readonly scope?: "join" | "order-by" | "group-by";
  readonly indexes: readonly Identifier[];
}

/** A named table (or view / CTE) with optional alias and index hints. */
export interface TableFactor {
  readonly kind: "table";
  readonly name: TableName;
  readonly alias?: Identifier;
  readonly indexHints: readonly IndexHint[];
}

/** `[LATERAL] (query) [AS] alias [(columns)]`; MySQL requires the alias (executor: 1248). */
export interface DerivedTable {
  readonly kind: "derived";
  readonly query: Query;
  readonly alias?: Identifier;
  readonly columns?: readonly Identifier[];
  readonly lateral: boolean;
}

/**
 * A join. Comma joins at the top of FROM stay as separate list entries; a comma list inside
 * parentheses becomes "cross" joins. STRAIGHT_JOIN is "straight" (an inner join that keeps
 * the order). NATURAL joins have neither `on` nor `using`.
 */
export interface JoinedTable {
  readonly kind: "join";
  readonly joinType: "inner" | "cross" | "straight" | "left" | "right";
  readonly natural: boolean;
  readonly left: TableReference;
  readonly right: TableReference;
  readonly on?: Expression;
  readonly using?: readonly Identifier[];
}
