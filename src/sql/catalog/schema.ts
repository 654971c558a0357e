/**
 * Schema descriptions the catalog stores and the SQL layer plans with. Plain readonly data:
 * a DDL change produces a new TableSchema, it never mutates one in place.
 *
 * Names: database and table names are case-sensitive (lower_case_table_names=0, as MySQL on
 * Linux); column and index names compare case-insensitively and keep their declared spelling.
 */

import type { SqlType } from "../types/sql-type.ts";
import type { SqlValue } from "../types/value.ts";

export interface DatabaseSchema {
  readonly name: string;
  readonly defaultCharset: string;
  readonly defaultCollation: string;
}

/** How a column gets a value when an INSERT omits it. */
export type ColumnDefault =
  | { readonly kind: "none" }
  | { readonly kind: "literal"; readonly value: SqlValue }
  /** An expression default such as CURRENT_TIMESTAMP, kept as SQL text and evaluated per row. */
  | { readonly kind: "expression"; readonly sql: string };

export interface ColumnSchema {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  readonly defaultValue: ColumnDefault;
  readonly autoIncrement: boolean;
  /** ON UPDATE CURRENT_TIMESTAMP and friends, as SQL text. */
  readonly onUpdate?: string;
  readonly comment: string;
}

export interface IndexColumn {
  /** Position of the column in TableSchema.columns. */
  readonly column: number;
  /** Prefix length in characters (CHAR/TEXT) or bytes (BINARY/BLOB), when declared. */
  readonly prefixLength?: number;
  readonly descending: boolean;
}

export interface IndexSchema {
  /** "PRIMARY" for the primary key. */
  readonly name: string;
  readonly columns: readonly IndexColumn[];
  readonly unique: boolean;
  readonly primary: boolean;
  readonly comment: string;
}

export interface TableSchema {
  readonly database: string;
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
  /** The PRIMARY KEY, if declared. A table without one gets a hidden row id from the backend. */
  readonly primaryKey: IndexSchema | undefined;
  /** Secondary indexes (unique and non-unique), in declaration order. */
  readonly indexes: readonly IndexSchema[];
  readonly engine: string;
  readonly charset: string;
  readonly collation: string;
  readonly comment: string;
  /** AUTO_INCREMENT start declared by CREATE TABLE … AUTO_INCREMENT=n (default 1). */
  readonly autoIncrementStart: number;
}
