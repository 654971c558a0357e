/**
 * Name resolution for expressions: the columns visible at one point of a query, each with its
 * offset in the flat row. Built by the planner from FROM (tables, derived tables, joins) and
 * consulted only at compile time.
 *
 * MySQL rules kept: column names compare case-insensitively, table aliases case-sensitively;
 * an unqualified name matching columns of two tables is ER_NON_UNIQ_ERROR (1052); no match is
 * ER_BAD_FIELD_ERROR (1054) naming the clause ("field list", "where clause", …).
 */

import type { ColumnRef } from "../parser/ast.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { ColumnSchema, TableSchema } from "../catalog/schema.ts";
import { ER_BAD_FIELD_ERROR, ER_NON_UNIQ_ERROR } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";

export interface ScopeColumn {
  readonly name: string;
  /** The alias (or name) of the table the column belongs to, "" for expressions. */
  readonly tableAlias: string;
  readonly database: string;
  /** The underlying table name ("" for derived tables). */
  readonly orgTable: string;
  readonly index: number;
  readonly type: SqlType;
  readonly nullable: boolean;
  readonly schema?: ColumnSchema;
  readonly table?: TableSchema;
  /**
   * The joined-in side's copy of a JOIN … USING / NATURAL JOIN column: the join coalesced it
   * into the preserved side's column, so only a qualified reference (`r.k`, `r.*`) reaches it.
   */
  readonly coalesced?: boolean;
}

export class Scope {
  readonly columns: readonly ScopeColumn[];
  readonly #byName = new Map<string, ScopeColumn[]>();
  /** Flat-row offsets resolved through find() since recordReads() (projection). */
  #reads: Set<number> | undefined;

  /** The columns `SELECT *` shows, in order (USING columns first, coalesced ones left out). */
  readonly starColumns: readonly ScopeColumn[];

  constructor(columns: readonly ScopeColumn[], starColumns?: readonly ScopeColumn[]) {
    this.columns = columns;
    this.starColumns = starColumns ?? columns.filter((column) => column.coalesced !== true);
    for (const column of columns) {
      const key = column.name.toLowerCase();
      const list = this.#byName.get(key);
      if (list === undefined) this.#byName.set(key, [column]);
      else list.push(column);
    }
  }

  /** The width of the flat row this scope describes. */
  get width(): number {
    return this.columns.length;
  }

  /** Finds `ref` or returns undefined; throws 1052 when it is ambiguous. */
  find(ref: ColumnRef, clause: string): ScopeColumn | undefined {
    const candidates = this.#byName.get(ref.column.name.toLowerCase());
    if (candidates === undefined) return undefined;
    const matches = candidates.filter(
      (column) =>
        (ref.table === undefined ? column.coalesced !== true : column.tableAlias === ref.table.name) &&
        (ref.database === undefined || column.database === ref.database.name),
    );
    if (matches.length > 1 && ref.table === undefined) {
      throw sqlError(ER_NON_UNIQ_ERROR, ref.column.name, clause);
    }
    const match = matches[0];
    if (match !== undefined && this.#reads !== undefined) this.#reads.add(match.index);
    return match;
  }

  /**
   * Starts recording every column find() resolves. Every compiled column read (select list,
   * stars, WHERE, GROUP BY, HAVING, ORDER BY, windows, correlated subqueries through their
   * outer scopes) resolves through find(), so the record is a superset of what the plan reads.
   */
  recordReads(): void {
    this.#reads = new Set();
  }

  /** The flat-row offsets recorded so far, ascending (undefined when not recording). */
  recordedReads(): number[] | undefined {
    return this.#reads === undefined ? undefined : [...this.#reads].sort((a, b) => a - b);
  }

  /** Finds `ref` or throws 1054 naming `clause`. */
  resolve(ref: ColumnRef, clause: string): ScopeColumn {
    const found = this.find(ref, clause);
    if (found === undefined) throw sqlError(ER_BAD_FIELD_ERROR, columnRefText(ref), clause);
    return found;
  }

  /** Columns of one table alias, in order (for `t.*`). */
  columnsOf(alias: string): readonly ScopeColumn[] {
    return this.columns.filter((column) => column.tableAlias === alias);
  }
}

export function columnRefText(ref: ColumnRef): string {
  const parts = [ref.database?.name, ref.table?.name, ref.column.name].filter((part) => part !== undefined);
  return parts.join(".");
}
