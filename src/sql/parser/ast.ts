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
 * The node types live in four files by concept: ast-expression.ts (names, expressions),
 * ast-query.ts (queries, table references), ast-ddl.ts (DDL and data types) and this file
 * (the Statement union, DML, transactions, SET/SHOW and administration). This file re-exports
 * the others, so `import type { … } from "./ast.ts"` reaches every node type.
 */


import type {
  AlterDatabaseStatement,
  AlterTableStatement,
  CreateDatabaseStatement,
  CreateIndexStatement,
  CreateTableStatement,
  CreateViewStatement,
  DropDatabaseStatement,
  DropIndexStatement,
  DropTableStatement,
  DropViewStatement,
  RenameTableStatement,
  TruncateTableStatement,
} from "./ast-ddl.ts";
import type {
  ColumnRef,
  DefaultExpression,
  Expression,
  Identifier,
  StringLiteral,
  TableName,
  UserName,
  VariableScope,
} from "./ast-expression.ts";
import type {
  Limit,
  OrderItem,
  Query,
  StatementBase,
  TableFactor,
  TableReference,
  WithClause,
} from "./ast-query.ts";

export type {
  AggregateCall,
  AggregateName,
  AssignExpression,
  BetweenExpression,
  BinaryExpression,
  BinaryOperator,
  BooleanLiteral,
  BytesLiteral,
  CaseExpression,
  CastExpression,
  CastType,
  CastTypeName,
  CharFunction,
  CollateExpression,
  ColumnRef,
  ComparisonOperator,
  ConvertUsingExpression,
  DecimalLiteral,
  DefaultExpression,
  ExistsExpression,
  Expression,
  ExtractExpression,
  FloatLiteral,
  FrameBound,
  FunctionCall,
  GetFormatExpression,
  Identifier,
  InListExpression,
  InSubqueryExpression,
  IntegerLiteral,
  IntervalExpression,
  IntervalUnit,
  IsExpression,
  JsonExtractExpression,
  LikeExpression,
  MemberOfExpression,
  NullLiteral,
  Param,
  QuantifiedComparison,
  RegexpExpression,
  RowExpression,
  SortDirection,
  SourceSpan,
  StringLiteral,
  SubqueryExpression,
  SystemVariable,
  TableName,
  TimestampFunction,
  TrimExpression,
  UnaryExpression,
  UserName,
  UserVariable,
  VariableScope,
  WhenClause,
  WindowFrame,
  WindowSpec,
} from "./ast-expression.ts";
export type {
  CommonTableExpression,
  DerivedTable,
  IndexHint,
  JoinedTable,
  Limit,
  LockingClause,
  NamedWindow,
  OrderItem,
  ParenthesizedQuery,
  Query,
  SelectExpression,
  SelectItem,
  SelectOptions,
  SelectQuery,
  SelectStar,
  SetOperationQuery,
  StatementBase,
  TableFactor,
  TableReference,
  WithClause,
} from "./ast-query.ts";
export type {
  AlterDatabaseStatement,
  AlterTableAction,
  AlterTableStatement,
  CheckConstraint,
  ColumnDefinition,
  ColumnPosition,
  CreateDatabaseStatement,
  CreateIndexStatement,
  CreateTableStatement,
  CreateViewStatement,
  DataType,
  DataTypeName,
  DatabaseOptions,
  DropDatabaseStatement,
  DropIndexStatement,
  DropTableStatement,
  DropViewStatement,
  ForeignKeyDefinition,
  GeneratedColumn,
  GeometryTypeName,
  IndexDefinition,
  IndexOptions,
  KeyPart,
  ReferenceDefinition,
  ReferentialAction,
  RenameTableStatement,
  TableElement,
  TableOption,
  TableRename,
  TruncateTableStatement,
} from "./ast-ddl.ts";

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
  /** `WITH … UPDATE …` (MySQL 8.0). */
  readonly with?: WithClause;
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
  /** `WITH … DELETE …` (MySQL 8.0). */
  readonly with?: WithClause;
  readonly lowPriority: boolean;
  readonly quick: boolean;
  readonly ignore: boolean;
  readonly targets?: readonly TableName[];
  readonly from: readonly TableReference[];
  readonly where?: Expression;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
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
  | "engine-status"
  /** SHOW REPLICA STATUS / SHOW SLAVE STATUS. */
  | "replica-status"
  /** SHOW REPLICAS / SHOW SLAVE HOSTS. */
  | "replicas";

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
