/**
 * What executing one SQL statement produces, in the SQL layer's own terms. The server turns it
 * into OK / result-set / ERR packets; nothing here knows the wire format.
 */

import type { SqlError } from "./sql-error.ts";
import type { SqlType } from "./types/sql-type.ts";
import type { SqlValue } from "./types/value.ts";

/** Describes one column of a result set (the wire's ColumnDefinition41, minus encoding). */
export interface ResultColumn {
  /** The name the client sees (alias if any). */
  readonly name: string;
  /** The underlying column name, "" for expressions. */
  readonly orgName: string;
  /** Table alias, "" for expressions. */
  readonly table: string;
  /** Underlying table name, "" for expressions. */
  readonly orgTable: string;
  /** Database of the underlying table, "" for expressions. */
  readonly database: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly uniqueKey: boolean;
  /** Part of a non-unique index (MULTIPLE_KEY_FLAG). */
  readonly multipleKey: boolean;
  readonly autoIncrement: boolean;
}

export interface OkResult {
  readonly kind: "ok";
  readonly affectedRows: number;
  /**
   * UPDATE: rows matched by WHERE, changed or not. A client that sets CLIENT_FOUND_ROWS gets
   * this as its affected-rows count. Absent for other statements.
   */
  readonly matchedRows?: number;
  /** LAST_INSERT_ID() value the statement generated (0 when none). */
  readonly lastInsertId: number | bigint;
  readonly warningCount: number;
  /** Human-readable info, e.g. "Records: 3  Duplicates: 0  Warnings: 0" ("" when none). */
  readonly info: string;
}

export interface RowsResult {
  readonly kind: "rows";
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly SqlValue[])[];
  readonly warningCount: number;
}

export interface ErrorResult {
  readonly kind: "error";
  readonly error: SqlError;
}

export type StatementResult = OkResult | RowsResult | ErrorResult;
