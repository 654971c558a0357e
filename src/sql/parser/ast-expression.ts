/**
 * AST: shared name nodes and every expression node. Part of the AST contract in ast.ts
 * (which re-exports it); the same rules apply: readonly, `kind`-discriminated, additive
 * changes only.
 */

import type {
  OrderItem,
  Query,
} from "./ast-query.ts";

// ---- shared pieces ----------------------------------------------------------------------------

/** Offsets into the statement text, in UTF-16 code units: `sql.slice(start, end)`. */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
}

/** A name as written: `quoted` is true for `backtick` (or "double-quoted" under ANSI_QUOTES). */
export interface Identifier {
  readonly name: string;
  readonly quoted: boolean;
}

/** `[database.]name` for tables, views and other schema objects. */
export interface TableName {
  readonly database?: Identifier;
  readonly name: Identifier;
}

/** `'user'@'host'`; host defaults to "%". `CURRENT_USER[()]` sets `currentUser`. */
export interface UserName {
  readonly user: string;
  readonly host: string;
  readonly currentUser?: boolean;
}

/** Variable scopes; `LOCAL` and `@@local.` are normalised to "session". */
export type VariableScope = "global" | "session" | "persist" | "persist_only";

export type SortDirection = "asc" | "desc";

/** MySQL temporal interval units, lower-case with MySQL's underscores ("day_hour"). */
export type IntervalUnit =
  | "microsecond"
  | "second"
  | "minute"
  | "hour"
  | "day"
  | "week"
  | "month"
  | "quarter"
  | "year"
  | "second_microsecond"
  | "minute_microsecond"
  | "minute_second"
  | "hour_microsecond"
  | "hour_second"
  | "hour_minute"
  | "day_microsecond"
  | "day_second"
  | "day_minute"
  | "day_hour"
  | "year_month";

// ---- expressions ------------------------------------------------------------------------------

export type Expression =
  | IntegerLiteral
  | DecimalLiteral
  | FloatLiteral
  | StringLiteral
  | BytesLiteral
  | BooleanLiteral
  | NullLiteral
  | Param
  | ColumnRef
  | UserVariable
  | SystemVariable
  | UnaryExpression
  | BinaryExpression
  | IsExpression
  | BetweenExpression
  | InListExpression
  | InSubqueryExpression
  | LikeExpression
  | RegexpExpression
  | MemberOfExpression
  | QuantifiedComparison
  | ExistsExpression
  | SubqueryExpression
  | RowExpression
  | CaseExpression
  | CastExpression
  | ConvertUsingExpression
  | CollateExpression
  | IntervalExpression
  | JsonExtractExpression
  | AssignExpression
  | DefaultExpression
  | FunctionCall
  | AggregateCall
  | TrimExpression
  | ExtractExpression
  | TimestampFunction
  | GetFormatExpression
  | CharFunction;

/** An integer literal: `number` when |v| <= 2^53-1, `bigint` beyond (value.ts). */
export interface IntegerLiteral {
  readonly kind: "integer";
  readonly value: number | bigint;
}

/** `1.5`, `.5`, `12.`: an exact decimal; `text` is the literal as written (no sign). */
export interface DecimalLiteral {
  readonly kind: "decimal";
  readonly text: string;
}

/** `1e3`, `1.5E-2`: an approximate (DOUBLE) literal. */
export interface FloatLiteral {
  readonly kind: "float";
  readonly value: number;
  readonly text: string;
}

/**
 * A character string literal after escape processing; adjacent literals are concatenated.
 * `charset` is the introducer without its underscore (`_utf8mb4'x'` → "utf8mb4",
 * `_binary'x'` → "binary"); `N'x'` sets `national`.
 */
export interface StringLiteral {
  readonly kind: "string";
  readonly value: string;
  readonly charset?: string;
  readonly national?: boolean;
}

/** `X'0A'`, `0x0A`, `b'101'`, `0b101`: bytes; `notation` says how it was written. */
export interface BytesLiteral {
  readonly kind: "bytes";
  readonly value: Uint8Array;
  readonly notation: "hex" | "bit";
  /** `_binary X'..'`-style introducer, if any. */
  readonly charset?: string;
}

export interface BooleanLiteral {
  readonly kind: "boolean";
  readonly value: boolean;
}

export interface NullLiteral {
  readonly kind: "null";
}

/** A `?` placeholder; `index` counts from 0, left to right, across the statement. */
export interface Param {
  readonly kind: "param";
  readonly index: number;
}

/** `col`, `t.col`, `db.t.col`. */
export interface ColumnRef {
  readonly kind: "column";
  readonly database?: Identifier;
  readonly table?: Identifier;
  readonly column: Identifier;
}

/** `@name` or `@'quoted name'`. */
export interface UserVariable {
  readonly kind: "user-variable";
  readonly name: string;
}

/** `@@name`, `@@session.name`, `@@global.name`; `scope` absent when none was written. */
export interface SystemVariable {
  readonly kind: "system-variable";
  readonly name: string;
  readonly scope?: VariableScope;
}

/** `-x`, `+x`, `~x`, `NOT x` / `!x` (both "not"). `BINARY x` is a CastExpression. */
export interface UnaryExpression {
  readonly kind: "unary";
  readonly operator: "-" | "+" | "~" | "not";
  readonly operand: Expression;
}

/**
 * Binary operators. `!=` is "<>", `&&` is "and", `||` is "or" (default sql_mode),
 * `%`/`MOD` are "%", `DIV` is "div".
 */
export type BinaryOperator =
  | "+"
  | "-"
  | "*"
  | "/"
  | "div"
  | "%"
  | "^"
  | "<<"
  | ">>"
  | "&"
  | "|"
  | "="
  | "<=>"
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "and"
  | "or"
  | "xor";

export type ComparisonOperator = "=" | "<=>" | "<>" | "<" | "<=" | ">" | ">=";

export interface BinaryExpression {
  readonly kind: "binary";
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

/** `x IS [NOT] NULL|TRUE|FALSE|UNKNOWN`. */
export interface IsExpression {
  readonly kind: "is";
  readonly operand: Expression;
  readonly test: "null" | "true" | "false" | "unknown";
  readonly not: boolean;
}

export interface BetweenExpression {
  readonly kind: "between";
  readonly operand: Expression;
  readonly low: Expression;
  readonly high: Expression;
  readonly not: boolean;
}

export interface InListExpression {
  readonly kind: "in-list";
  readonly operand: Expression;
  readonly list: readonly Expression[];
  readonly not: boolean;
}

export interface InSubqueryExpression {
  readonly kind: "in-subquery";
  readonly operand: Expression;
  readonly query: Query;
  readonly not: boolean;
}

export interface LikeExpression {
  readonly kind: "like";
  readonly operand: Expression;
  readonly pattern: Expression;
  readonly escape?: Expression;
  readonly not: boolean;
}

/** `x [NOT] REGEXP|RLIKE pattern`. */
export interface RegexpExpression {
  readonly kind: "regexp";
  readonly operand: Expression;
  readonly pattern: Expression;
  readonly not: boolean;
}

/** `value MEMBER OF (json_array)`. */
export interface MemberOfExpression {
  readonly kind: "member-of";
  readonly operand: Expression;
  readonly array: Expression;
}

/** `x op ANY|SOME|ALL (subquery)`; SOME is "any". */
export interface QuantifiedComparison {
  readonly kind: "quantified-comparison";
  readonly operator: ComparisonOperator;
  readonly quantifier: "any" | "all";
  readonly operand: Expression;
  readonly query: Query;
}

export interface ExistsExpression {
  readonly kind: "exists";
  readonly query: Query;
}

/** A scalar (or row) subquery used as a value. */
export interface SubqueryExpression {
  readonly kind: "subquery";
  readonly query: Query;
}

/** `(a, b)` or `ROW(a, b)`; at least two items for the parenthesised form. */
export interface RowExpression {
  readonly kind: "row";
  readonly items: readonly Expression[];
  readonly explicitRow: boolean;
}

export interface WhenClause {
  readonly when: Expression;
  readonly then: Expression;
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END`. */
export interface CaseExpression {
  readonly kind: "case";
  readonly operand?: Expression;
  readonly whens: readonly WhenClause[];
  readonly else?: Expression;
}

export type CastTypeName =
  | "binary"
  | "char"
  | "nchar"
  | "date"
  | "datetime"
  | "time"
  | "decimal"
  | "signed"
  | "unsigned"
  | "json"
  | "double"
  | "float"
  | "real"
  | "year";

/** The target of CAST / CONVERT: `CHAR(10) CHARACTER SET utf8mb4`, `DECIMAL(10,2)`, … */
export interface CastType {
  readonly name: CastTypeName;
  /** BINARY/CHAR length, DECIMAL precision, FLOAT precision. */
  readonly length?: number;
  /** DECIMAL scale; TIME/DATETIME fractional-second precision. */
  readonly scale?: number;
  readonly charset?: string;
  readonly collation?: string;
}

/** `CAST(x AS type)`, `CONVERT(x, type)`, and the `BINARY x` operator (type binary). */
export interface CastExpression {
  readonly kind: "cast";
  readonly operand: Expression;
  readonly type: CastType;
}

/** `CONVERT(x USING charset)`. */
export interface ConvertUsingExpression {
  readonly kind: "convert-using";
  readonly operand: Expression;
  readonly charset: string;
}

/** `x COLLATE name`. */
export interface CollateExpression {
  readonly kind: "collate";
  readonly operand: Expression;
  readonly collation: string;
}

/**
 * `INTERVAL value unit`. Only appears as an operand of `+`/`-` (either side) or as an
 * argument of DATE_ADD/DATE_SUB/ADDDATE/SUBDATE; the executor rejects it elsewhere.
 */
export interface IntervalExpression {
  readonly kind: "interval";
  readonly value: Expression;
  readonly unit: IntervalUnit;
}

/** `col->'$.path'` (unquote false) and `col->>'$.path'` (unquote true). */
export interface JsonExtractExpression {
  readonly kind: "json-extract";
  readonly operand: Expression;
  readonly path: Expression;
  readonly unquote: boolean;
}

/** `@v := expr` (also `SET`-less assignment inside SELECT). */
export interface AssignExpression {
  readonly kind: "assign";
  readonly variable: string;
  readonly value: Expression;
}

/** `DEFAULT` (in VALUES / SET lists) or `DEFAULT(col)`. */
export interface DefaultExpression {
  readonly kind: "default";
  readonly column?: ColumnRef;
}

/**
 * Frame of a window: `ROWS|RANGE BETWEEN start AND end` or `ROWS start` (end absent means
 * CURRENT ROW).
 */
export interface WindowFrame {
  readonly unit: "rows" | "range";
  readonly start: FrameBound;
  readonly end?: FrameBound;
}

export interface FrameBound {
  readonly type:
    | "unbounded-preceding"
    | "preceding"
    | "current-row"
    | "following"
    | "unbounded-following";
  /** For "preceding"/"following": the offset (may be an IntervalExpression for RANGE). */
  readonly offset?: Expression;
}

/**
 * A window: `OVER (...)`, `OVER w`, or a WINDOW-clause definition. `name` refers to another
 * named window whose definition this one extends (for `OVER w` it is all there is).
 */
export interface WindowSpec {
  readonly name?: Identifier;
  readonly partitionBy: readonly Expression[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowFrame;
}

/**
 * Any function call `name(args)` that is not an aggregate or a special form, including
 * keyword-named ones (IF, LEFT, RIGHT, REPLACE, INSERT, REPEAT, MOD, DATABASE, USER, SCHEMA,
 * VALUES, CURRENT_USER, CURRENT_TIMESTAMP, NOW, …). `name` is UPPER-CASE. Niladic keyword
 * forms written without parentheses (`CURRENT_TIMESTAMP`) have empty args; a precision
 * argument (`CURRENT_TIMESTAMP(3)`) is an IntegerLiteral arg. Special syntaxes normalise to
 * plain args: `SUBSTRING(x FROM a FOR b)` → SUBSTRING(x, a, b), `POSITION(x IN y)` →
 * POSITION(x, y), `DATE_ADD(x, INTERVAL e u)` → args [x, IntervalExpression].
 * `over` is set for window functions (ROW_NUMBER() OVER …).
 */
export interface FunctionCall {
  readonly kind: "function-call";
  readonly name: string;
  readonly args: readonly Expression[];
  readonly over?: WindowSpec;
}

/** Aggregate function names, UPPER-CASE canonical (STDDEV and STD stay as written). */
export type AggregateName =
  | "COUNT"
  | "SUM"
  | "AVG"
  | "MIN"
  | "MAX"
  | "GROUP_CONCAT"
  | "BIT_AND"
  | "BIT_OR"
  | "BIT_XOR"
  | "STD"
  | "STDDEV"
  | "STDDEV_POP"
  | "STDDEV_SAMP"
  | "VARIANCE"
  | "VAR_POP"
  | "VAR_SAMP"
  | "JSON_ARRAYAGG"
  | "JSON_OBJECTAGG";

/**
 * An aggregate call. `COUNT(*)` has `star` true and no args. GROUP_CONCAT may carry
 * `orderBy` and `separator` (default "," is not filled in). `over` makes it a window
 * aggregate.
 */
export interface AggregateCall {
  readonly kind: "aggregate";
  readonly name: AggregateName;
  readonly args: readonly Expression[];
  readonly distinct: boolean;
  readonly star: boolean;
  readonly orderBy?: readonly OrderItem[];
  readonly separator?: string;
  readonly over?: WindowSpec;
}

/** `TRIM([LEADING|TRAILING|BOTH] [remove] FROM operand)` or `TRIM(operand)`. */
export interface TrimExpression {
  readonly kind: "trim";
  readonly mode: "both" | "leading" | "trailing";
  readonly remove?: Expression;
  readonly operand: Expression;
}

/** `EXTRACT(unit FROM operand)`. */
export interface ExtractExpression {
  readonly kind: "extract";
  readonly unit: IntervalUnit;
  readonly operand: Expression;
}

/** `TIMESTAMPADD(unit, n, t)` / `TIMESTAMPDIFF(unit, a, b)`. */
export interface TimestampFunction {
  readonly kind: "timestamp-function";
  readonly name: "TIMESTAMPADD" | "TIMESTAMPDIFF";
  readonly unit: IntervalUnit;
  readonly args: readonly [Expression, Expression];
}

/** `GET_FORMAT(DATE|TIME|DATETIME|TIMESTAMP, 'EUR')`. */
export interface GetFormatExpression {
  readonly kind: "get-format";
  readonly type: "date" | "time" | "datetime" | "timestamp";
  readonly format: Expression;
}

/** `CHAR(n, … [USING charset])`. */
export interface CharFunction {
  readonly kind: "char-function";
  readonly args: readonly Expression[];
  readonly charset?: string;
}
