/**
 * AST: data definition statements (databases, tables, columns, indexes, views) and declared
 * data types. Part of the AST contract in ast.ts (which re-exports it); additive changes only.
 */

import type { TypeKind } from "../types/sql-type.ts";
import type {
  Expression,
  FunctionCall,
  Identifier,
  SortDirection,
  SourceSpan,
  TableName,
  UserName,
} from "./ast-expression.ts";
import type {
  Query,
  StatementBase,
} from "./ast-query.ts";

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

/** A declared column type: every SQL type kind but the internal "null", or a geometry type. */
export type DataTypeName = Exclude<TypeKind, "null"> | GeometryTypeName;

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
   * DEFAULT value: a literal (`-1` is a negative IntegerLiteral), a function call such as
   * CURRENT_TIMESTAMP(3), or any expression when `defaultIsExpression` (`DEFAULT (expr)`).
   */
  readonly default?: Expression;
  readonly defaultIsExpression?: boolean;
  /** The DEFAULT value's text (inside the parentheses for `DEFAULT (expr)`). */
  readonly defaultSpan?: SourceSpan;
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
  | { readonly kind: "convert-charset"; readonly charset: string; readonly collation?: string }
  /** `ENABLE KEYS` / `DISABLE KEYS` (mysqldump writes them; InnoDB ignores them). */
  | { readonly kind: "keys"; readonly enabled: boolean }
  /** `FORCE`: rebuild the table. */
  | { readonly kind: "force" };

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
