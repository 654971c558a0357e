/**
 * The SQL abstract syntax tree: what the parser produces and the plan builder / executor
 * consume. Every node is a readonly interface; unions are discriminated by `readonly kind`.
 *
 * Invariants:
 * - The AST says what the text says and nothing about execution (no resolved names, no types
 *   beyond the declared spellings).
 * - Contract: after the first commit, changes are additive only (new kinds, new optional
 *   fields); nothing is renamed. The executor codes against this file.
 * - Literal values follow src/sql/types/value.ts: integers are `number` when safe and `bigint`
 *   beyond 2^53; exact decimals keep their text; bytes are Uint8Array.
 * - Keyword-like strings in the AST (operators, units, option names) are lower-case unless the
 *   field's comment says otherwise; identifiers keep the spelling of the query text.
 * - Every statement node and every query node carries `span`, its source text offsets, and
 *   `paramCount`, the number of `?` placeholders inside that span.
 *
 * This file is longer than the usual 400 lines on purpose: the whole grammar's node types in
 * one place is the contract other engineers read.
 */

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

// ---- statements -------------------------------------------------------------------------------

export type Statement =
  | Query
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | CreateDatabaseStatement
  | AlterDatabaseStatement
  | DropDatabaseStatement
  | CreateTableStatement
  | CreateIndexStatement
  | DropIndexStatement
  | DropTableStatement
  | TruncateTableStatement
  | RenameTableStatement
  | AlterTableStatement
  | CreateViewStatement
  | DropViewStatement
  | StartTransactionStatement
  | CommitStatement
  | RollbackStatement
  | SavepointStatement
  | ReleaseSavepointStatement
  | SetTransactionStatement
  | LockTablesStatement
  | UnlockTablesStatement
  | SetStatement
  | ShowStatement
  | UseStatement
  | DescribeStatement
  | ExplainStatement
  | TableMaintenanceStatement
  | KillStatement
  | DoStatement
  | FlushStatement
  | CreateUserStatement
  | AlterUserStatement
  | DropUserStatement
  | GrantStatement
  | RevokeStatement
  | PrepareStatement
  | ExecuteStatement
  | DeallocatePrepareStatement;

/** `column = value` in UPDATE SET, INSERT … SET and ON DUPLICATE KEY UPDATE. */
export interface Assignment {
  readonly column: ColumnRef;
  readonly value: Expression;
}

/** `VALUES (…), (…)` rows; DEFAULT is a DefaultExpression. */
export interface InsertValuesSource {
  readonly kind: "values";
  readonly rows: readonly (readonly Expression[])[];
}

/** `INSERT … SET c = e, …`. */
export interface InsertSetSource {
  readonly kind: "set";
  readonly assignments: readonly Assignment[];
}

/** `INSERT … SELECT …` (and `TABLE t`, parsed as `SELECT * FROM t`). */
export interface InsertQuerySource {
  readonly kind: "query";
  readonly query: Query;
}

export type InsertSource = InsertValuesSource | InsertSetSource | InsertQuerySource;

/** INSERT and REPLACE (`replace` true). */
export interface InsertStatement extends StatementBase {
  readonly kind: "insert";
  readonly replace: boolean;
  readonly priority?: "low" | "delayed" | "high";
  readonly ignore: boolean;
  readonly table: TableName;
  readonly columns?: readonly Identifier[];
  readonly source: InsertSource;
  /** `VALUES (…) AS alias [(cols)]` (8.0.19 row alias for ON DUPLICATE KEY UPDATE). */
  readonly rowAlias?: Identifier;
  readonly rowAliasColumns?: readonly Identifier[];
  readonly onDuplicateKeyUpdate: readonly Assignment[];
}

/** Single- or multi-table UPDATE. */
export interface UpdateStatement extends StatementBase {
  readonly kind: "update";
  readonly lowPriority: boolean;
  readonly ignore: boolean;
  readonly tables: readonly TableReference[];
  readonly assignments: readonly Assignment[];
  readonly where?: Expression;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
}

/**
 * DELETE. Single-table: `targets` absent, `from` holds one TableFactor (alias allowed).
 * Multi-table (`DELETE t1, t2 FROM refs …` / `DELETE FROM t1, t2 USING refs …`): `targets`
 * names the tables (or aliases) to delete from, `from` the table references to read.
 */
export interface DeleteStatement extends StatementBase {
  readonly kind: "delete";
  readonly lowPriority: boolean;
  readonly quick: boolean;
  readonly ignore: boolean;
  readonly targets?: readonly TableName[];
  readonly from: readonly TableReference[];
  readonly where?: Expression;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
}

/** `[DEFAULT] CHARACTER SET|CHARSET x`, `[DEFAULT] COLLATE y`, `ENCRYPTION 'N'`. */
export interface DatabaseOptions {
  readonly charset?: string;
  readonly collation?: string;
  readonly encryption?: string;
  readonly readOnly?: string;
}

export interface CreateDatabaseStatement extends StatementBase {
  readonly kind: "create-database";
  readonly ifNotExists: boolean;
  readonly name: Identifier;
  readonly options: DatabaseOptions;
}

/** `ALTER DATABASE|SCHEMA [name] options`; name absent means the current database. */
export interface AlterDatabaseStatement extends StatementBase {
  readonly kind: "alter-database";
  readonly name?: Identifier;
  readonly options: DatabaseOptions;
}

export interface DropDatabaseStatement extends StatementBase {
  readonly kind: "drop-database";
  readonly ifExists: boolean;
  readonly name: Identifier;
}

/** Geometry column types; the SQL layer has no SqlType for them yet. */
export type GeometryTypeName =
  | "geometry"
  | "point"
  | "linestring"
  | "polygon"
  | "multipoint"
  | "multilinestring"
  | "multipolygon"
  | "geometrycollection";

/**
 * A declared column type. `name` is the canonical type (TypeKind from sql-type.ts, or a
 * geometry kind): INTEGER/INT4 → "int", BOOL → "tinyint" length 1, REAL/DOUBLE PRECISION →
 * "double", DEC/NUMERIC/FIXED → "decimal", NCHAR/NATIONAL CHAR → "char" with `national`,
 * CHARACTER VARYING/NVARCHAR → "varchar", LONG VARCHAR → "mediumtext", SERIAL → "bigint"
 * unsigned (the column gets NOT NULL AUTO_INCREMENT UNIQUE). `spelling` is the type as
 * written, upper-cased ("INTEGER", "DOUBLE PRECISION").
 */
export interface DataType {
  readonly name: DataTypeName;
  readonly spelling: string;
  /** Display width, CHAR/BINARY length, BIT width, DECIMAL/FLOAT precision, TEXT(n) bytes. */
  readonly length?: number;
  /** DECIMAL/FLOAT/DOUBLE scale. */
  readonly scale?: number;
  /** TIME/DATETIME/TIMESTAMP fractional-second precision. */
  readonly fsp?: number;
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  readonly charset?: string;
  readonly collation?: string;
  /** `CHAR(n) BINARY` / `TEXT BINARY`: the binary collation of the charset. */
  readonly binaryCollation?: boolean;
  readonly national?: boolean;
  /** ENUM/SET members after escape processing. */
  readonly values?: readonly string[];
}

export type DataTypeName =
  | "tinyint"
  | "smallint"
  | "mediumint"
  | "int"
  | "bigint"
  | "decimal"
  | "float"
  | "double"
  | "bit"
  | "char"
  | "varchar"
  | "binary"
  | "varbinary"
  | "tinytext"
  | "text"
  | "mediumtext"
  | "longtext"
  | "tinyblob"
  | "blob"
  | "mediumblob"
  | "longblob"
  | "date"
  | "time"
  | "datetime"
  | "timestamp"
  | "year"
  | "enum"
  | "set"
  | "json"
  | GeometryTypeName;

export type ReferentialAction = "restrict" | "cascade" | "set-null" | "no-action" | "set-default";

/** `REFERENCES t (cols) [MATCH …] [ON DELETE action] [ON UPDATE action]`. */
export interface ReferenceDefinition {
  readonly table: TableName;
  readonly columns: readonly Identifier[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

/** `GENERATED ALWAYS AS (expr) [VIRTUAL|STORED]`; `span` is the expression's text. */
export interface GeneratedColumn {
  readonly expr: Expression;
  readonly stored: boolean;
  readonly span: SourceSpan;
}

/** A column definition in CREATE TABLE / ALTER TABLE. */
export interface ColumnDefinition {
  readonly kind: "column-definition";
  readonly name: Identifier;
  readonly type: DataType;
  /** true for NULL, false for NOT NULL, absent when neither was written. */
  readonly nullable?: boolean;
  /**
   * DEFAULT value: a literal (with sign folded into a unary "-"), a function call such as
   * CURRENT_TIMESTAMP(3), or any expression when `defaultIsExpression` (`DEFAULT (expr)`).
   */
  readonly default?: Expression;
  readonly defaultIsExpression?: boolean;
  /** `ON UPDATE CURRENT_TIMESTAMP[(n)]` as a FunctionCall. */
  readonly onUpdate?: Expression;
  readonly autoIncrement: boolean;
  /** `UNIQUE [KEY]` on the column. */
  readonly unique: boolean;
  /** `[PRIMARY] KEY` on the column. */
  readonly primaryKey: boolean;
  readonly comment?: string;
  readonly generated?: GeneratedColumn;
  readonly checks: readonly CheckConstraint[];
  readonly references?: ReferenceDefinition;
  readonly visible?: boolean;
  /** COLUMN_FORMAT, STORAGE, SRID, ENGINE_ATTRIBUTE … as written (upper-case name). */
  readonly extraOptions?: readonly TableOption[];
}

/** `col(len) [ASC|DESC]` or `(expr) [ASC|DESC]`. */
export interface KeyPart {
  readonly column?: Identifier;
  readonly length?: number;
  readonly expr?: Expression;
  readonly direction?: SortDirection;
}

export interface IndexOptions {
  readonly using?: "btree" | "hash";
  readonly comment?: string;
  readonly visible?: boolean;
  readonly keyBlockSize?: number;
  readonly parser?: string;
}

/**
 * PRIMARY KEY / UNIQUE / KEY|INDEX / FULLTEXT / SPATIAL definitions in CREATE TABLE,
 * ALTER TABLE ADD and CREATE INDEX.
 */
export interface IndexDefinition {
  readonly kind: "index-definition";
  readonly indexType: "primary" | "unique" | "index" | "fulltext" | "spatial";
  readonly name?: Identifier;
  readonly constraintName?: Identifier;
  readonly keyParts: readonly KeyPart[];
  readonly options: IndexOptions;
}

export interface ForeignKeyDefinition {
  readonly kind: "foreign-key";
  readonly constraintName?: Identifier;
  readonly name?: Identifier;
  readonly columns: readonly Identifier[];
  readonly references: ReferenceDefinition;
}

/** `[CONSTRAINT [n]] CHECK (expr) [[NOT] ENFORCED]`; `span` is the expression's text. */
export interface CheckConstraint {
  readonly kind: "check";
  readonly constraintName?: Identifier;
  readonly expr: Expression;
  readonly enforced: boolean;
  readonly span: SourceSpan;
}

export type TableElement =
  | ColumnDefinition
  | IndexDefinition
  | ForeignKeyDefinition
  | CheckConstraint;

/**
 * A table option. `name` is upper-case with `DEFAULT` dropped and synonyms merged
 * (CHARACTER SET → "CHARSET", "COLLATE", "ENGINE", "AUTO_INCREMENT", "COMMENT", "ROW_FORMAT",
 * "KEY_BLOCK_SIZE", "STATS_PERSISTENT", …). Numbers are numbers, quoted values strings,
 * bare words strings as written (ENGINE=InnoDB → "InnoDB").
 */
export interface TableOption {
  readonly name: string;
  readonly value: string | number | bigint;
}

export interface CreateTableStatement extends StatementBase {
  readonly kind: "create-table";
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly name: TableName;
  readonly elements: readonly TableElement[];
  readonly options: readonly TableOption[];
  /** `CREATE TABLE t LIKE other`. */
  readonly like?: TableName;
  /** `CREATE TABLE t [(…)] [IGNORE|REPLACE] [AS] SELECT …`. */
  readonly query?: Query;
  readonly duplicateHandling?: "ignore" | "replace";
}

export interface CreateIndexStatement extends StatementBase {
  readonly kind: "create-index";
  readonly index: IndexDefinition;
  readonly table: TableName;
  readonly algorithm?: string;
  readonly lock?: string;
}

export interface DropIndexStatement extends StatementBase {
  readonly kind: "drop-index";
  readonly name: Identifier;
  readonly table: TableName;
  readonly algorithm?: string;
  readonly lock?: string;
}

export interface DropTableStatement extends StatementBase {
  readonly kind: "drop-table";
  readonly temporary: boolean;
  readonly ifExists: boolean;
  readonly tables: readonly TableName[];
}

export interface TruncateTableStatement extends StatementBase {
  readonly kind: "truncate-table";
  readonly table: TableName;
}

export interface TableRename {
  readonly from: TableName;
  readonly to: TableName;
}

export interface RenameTableStatement extends StatementBase {
  readonly kind: "rename-table";
  readonly renames: readonly TableRename[];
}

/** `FIRST` or `AFTER col` in ADD/MODIFY/CHANGE COLUMN. */
export type ColumnPosition = { readonly first: true } | { readonly after: Identifier };

export type AlterTableAction =
  | { readonly kind: "add-columns"; readonly columns: readonly ColumnDefinition[];
      readonly position?: ColumnPosition }
  | { readonly kind: "add-constraint";
      readonly constraint: IndexDefinition | ForeignKeyDefinition | CheckConstraint }
  | { readonly kind: "drop-column"; readonly name: Identifier }
  | { readonly kind: "drop-index"; readonly name: Identifier }
  | { readonly kind: "drop-primary-key" }
  | { readonly kind: "drop-foreign-key"; readonly name: Identifier }
  | { readonly kind: "drop-check"; readonly name: Identifier }
  | { readonly kind: "modify-column"; readonly column: ColumnDefinition;
      readonly position?: ColumnPosition }
  | { readonly kind: "change-column"; readonly oldName: Identifier;
      readonly column: ColumnDefinition; readonly position?: ColumnPosition }
  | { readonly kind: "rename-column"; readonly from: Identifier; readonly to: Identifier }
  | { readonly kind: "rename-table"; readonly to: TableName }
  | { readonly kind: "rename-index"; readonly from: Identifier; readonly to: Identifier }
  | { readonly kind: "alter-column-default"; readonly column: Identifier;
      /** Absent for DROP DEFAULT. */
      readonly default?: Expression; readonly defaultIsExpression?: boolean }
  | { readonly kind: "alter-column-visibility"; readonly column: Identifier;
      readonly visible: boolean }
  | { readonly kind: "alter-index-visibility"; readonly name: Identifier;
      readonly visible: boolean }
  | { readonly kind: "table-options"; readonly options: readonly TableOption[] }
  | { readonly kind: "algorithm"; readonly value: string }
  | { readonly kind: "lock"; readonly value: string }
  | { readonly kind: "convert-charset"; readonly charset: string; readonly collation?: string };

export interface AlterTableStatement extends StatementBase {
  readonly kind: "alter-table";
  readonly table: TableName;
  readonly actions: readonly AlterTableAction[];
}

export interface CreateViewStatement extends StatementBase {
  readonly kind: "create-view";
  readonly orReplace: boolean;
  readonly algorithm?: "undefined" | "merge" | "temptable";
  readonly definer?: UserName;
  readonly sqlSecurity?: "definer" | "invoker";
  readonly name: TableName;
  readonly columns?: readonly Identifier[];
  readonly query: Query;
  readonly checkOption?: "cascaded" | "local";
}

export interface DropViewStatement extends StatementBase {
  readonly kind: "drop-view";
  readonly ifExists: boolean;
  readonly views: readonly TableName[];
}

/** `BEGIN [WORK]` (no characteristics) or `START TRANSACTION [characteristics]`. */
export interface StartTransactionStatement extends StatementBase {
  readonly kind: "start-transaction";
  readonly readOnly?: boolean;
  readonly consistentSnapshot: boolean;
}

/** `chain`/`release`: true for `AND CHAIN`/`RELEASE`, false for `AND NO CHAIN`/`NO RELEASE`. */
export interface CommitStatement extends StatementBase {
  readonly kind: "commit";
  readonly chain?: boolean;
  readonly release?: boolean;
}

/** `ROLLBACK [WORK] [TO [SAVEPOINT] s]` (with `savepoint`) or with chain/release. */
export interface RollbackStatement extends StatementBase {
  readonly kind: "rollback";
  readonly savepoint?: Identifier;
  readonly chain?: boolean;
  readonly release?: boolean;
}

export interface SavepointStatement extends StatementBase {
  readonly kind: "savepoint";
  readonly name: Identifier;
}

export interface ReleaseSavepointStatement extends StatementBase {
  readonly kind: "release-savepoint";
  readonly name: Identifier;
}

export type IsolationLevel =
  | "read-uncommitted"
  | "read-committed"
  | "repeatable-read"
  | "serializable";

/** `SET [GLOBAL|SESSION] TRANSACTION ISOLATION LEVEL … | READ ONLY | READ WRITE, …`. */
export interface SetTransactionStatement extends StatementBase {
  readonly kind: "set-transaction";
  /** Absent: applies to the next transaction only. */
  readonly scope?: "global" | "session";
  readonly isolationLevel?: IsolationLevel;
  readonly readOnly?: boolean;
}

export interface TableLock {
  readonly table: TableName;
  readonly alias?: Identifier;
  readonly mode: "read" | "read-local" | "write" | "low-priority-write";
}

export interface LockTablesStatement extends StatementBase {
  readonly kind: "lock-tables";
  readonly locks: readonly TableLock[];
}

export interface UnlockTablesStatement extends StatementBase {
  readonly kind: "unlock-tables";
}

/**
 * One item of a SET list. For system variables a bare word value (`ON`, `OFF`, `ANSI`,
 * `utf8mb4`) becomes a StringLiteral; `DEFAULT` is a DefaultExpression.
 */
export type SetItem =
  | { readonly kind: "set-user-variable"; readonly name: string; readonly value: Expression }
  | { readonly kind: "set-system-variable"; readonly name: string;
      readonly scope?: VariableScope; readonly value: Expression }
  /** `SET NAMES cs [COLLATE c]`; charset absent for `SET NAMES DEFAULT`. */
  | { readonly kind: "set-names"; readonly charset?: string; readonly collation?: string }
  /** `SET CHARACTER SET cs | CHARSET cs`; charset absent for DEFAULT. */
  | { readonly kind: "set-charset"; readonly charset?: string };

export interface SetStatement extends StatementBase {
  readonly kind: "set";
  readonly items: readonly SetItem[];
}

export type ShowObject =
  | "databases"
  | "tables"
  | "columns"
  | "indexes"
  | "variables"
  | "status"
  | "table-status"
  | "warnings"
  | "errors"
  | "create-table"
  | "create-database"
  | "create-view"
  | "create-user"
  | "engines"
  | "processlist"
  | "charset"
  | "collation"
  | "grants"
  | "privileges"
  | "plugins"
  | "master-status"
  | "binary-logs"
  | "binlog-events"
  | "triggers"
  | "events"
  | "function-status"
  | "procedure-status"
  | "open-tables"
  | "engine-status";

/** `LIKE 'pattern'` or `WHERE expr` after a SHOW. */
export type ShowFilter =
  | { readonly kind: "like"; readonly pattern: string }
  | { readonly kind: "where"; readonly expr: Expression };

/** Every SHOW form; which optional fields are set depends on `object`. */
export interface ShowStatement extends StatementBase {
  readonly kind: "show";
  readonly object: ShowObject;
  readonly full: boolean;
  readonly extended: boolean;
  /** VARIABLES / STATUS scope. */
  readonly scope?: "global" | "session";
  /** COLUMNS / INDEX / CREATE TABLE / CREATE VIEW target (database folded in if given). */
  readonly table?: TableName;
  /** FROM|IN db for TABLES / TABLE STATUS / OPEN TABLES / TRIGGERS / EVENTS;
   *  the database of SHOW CREATE DATABASE. */
  readonly database?: Identifier;
  readonly filter?: ShowFilter;
  /** SHOW WARNINGS / ERRORS / BINLOG EVENTS LIMIT. */
  readonly limit?: Limit;
  /** `SHOW COUNT(*) WARNINGS|ERRORS`. */
  readonly countOnly?: boolean;
  /** SHOW GRANTS FOR user / SHOW CREATE USER. */
  readonly user?: UserName;
  /** SHOW CREATE DATABASE IF NOT EXISTS. */
  readonly ifNotExists?: boolean;
  /** SHOW ENGINE name STATUS. */
  readonly engine?: string;
  /** SHOW BINLOG EVENTS IN 'file' FROM position. */
  readonly logName?: string;
  readonly position?: Expression;
}

export interface UseStatement extends StatementBase {
  readonly kind: "use";
  readonly database: Identifier;
}

/** `DESCRIBE|DESC|EXPLAIN t [col | 'pattern']`. */
export interface DescribeStatement extends StatementBase {
  readonly kind: "describe";
  readonly table: TableName;
  readonly column?: string;
}

/** `EXPLAIN [ANALYZE] [FORMAT = x] statement`. */
export interface ExplainStatement extends StatementBase {
  readonly kind: "explain";
  readonly analyze: boolean;
  /** Lower-case: "traditional", "json", "tree". */
  readonly format?: string;
  readonly statement: Query | InsertStatement | UpdateStatement | DeleteStatement;
}

/** ANALYZE / OPTIMIZE / CHECK / REPAIR TABLE t, …. */
export interface TableMaintenanceStatement extends StatementBase {
  readonly kind: "table-maintenance";
  readonly operation: "analyze" | "optimize" | "check" | "repair";
  readonly tables: readonly TableName[];
}

export interface KillStatement extends StatementBase {
  readonly kind: "kill";
  readonly target: "connection" | "query";
  readonly id: Expression;
}

export interface DoStatement extends StatementBase {
  readonly kind: "do";
  readonly exprs: readonly Expression[];
}

/** `FLUSH [NO_WRITE_TO_BINLOG|LOCAL] option, …`; options upper-case ("PRIVILEGES",
 *  "TABLES", "LOGS", "STATUS", "BINARY LOGS", …). `TABLES t1, t2` fills `tables`. */
export interface FlushStatement extends StatementBase {
  readonly kind: "flush";
  readonly options: readonly string[];
  readonly tables: readonly TableName[];
  readonly withReadLock: boolean;
}

/** A user with optional authentication: `'u'@'h' IDENTIFIED [WITH plugin] [BY 'pw']`. */
export interface UserSpecification {
  readonly user: UserName;
  readonly plugin?: string;
  readonly password?: string;
}

export interface CreateUserStatement extends StatementBase {
  readonly kind: "create-user";
  readonly ifNotExists: boolean;
  readonly users: readonly UserSpecification[];
}

export interface AlterUserStatement extends StatementBase {
  readonly kind: "alter-user";
  readonly ifExists: boolean;
  readonly users: readonly UserSpecification[];
}

export interface DropUserStatement extends StatementBase {
  readonly kind: "drop-user";
  readonly ifExists: boolean;
  readonly users: readonly UserName[];
}

/** A privilege, UPPER-CASE ("ALL", "SELECT", "CREATE VIEW"), optionally column-limited. */
export interface Privilege {
  readonly name: string;
  readonly columns?: readonly Identifier[];
}

/** `ON [TABLE|FUNCTION|PROCEDURE] *.* | db.* | db.t | t | *`; "*" is the wildcard. */
export interface GrantTarget {
  readonly objectType?: "table" | "function" | "procedure";
  readonly database?: string;
  readonly table: string;
}

export interface GrantStatement extends StatementBase {
  readonly kind: "grant";
  readonly privileges: readonly Privilege[];
  readonly on: GrantTarget;
  readonly to: readonly UserSpecification[];
  readonly withGrantOption: boolean;
}

export interface RevokeStatement extends StatementBase {
  readonly kind: "revoke";
  readonly privileges: readonly Privilege[];
  readonly on: GrantTarget;
  readonly from: readonly UserName[];
}

/** `PREPARE s FROM 'text' | @var`. */
export interface PrepareStatement extends StatementBase {
  readonly kind: "prepare";
  readonly name: Identifier;
  readonly source: { readonly kind: "text"; readonly text: string }
    | { readonly kind: "user-variable"; readonly name: string };
}

export interface ExecuteStatement extends StatementBase {
  readonly kind: "execute";
  readonly name: Identifier;
  /** User variable names of `USING @a, @b`. */
  readonly using: readonly string[];
}

export interface DeallocatePrepareStatement extends StatementBase {
  readonly kind: "deallocate-prepare";
  readonly name: Identifier;
}
