/**
 * Schema rules every Catalog backend applies the same way (memory and table/): the invariants of
 * a TableSchema the executor built, and the schema that results from adding a secondary index.
 */

import { assert } from "../../util/assert.ts";
import {
  ER_BAD_DB_ERROR,
  ER_CANT_DROP_FIELD_OR_KEY,
  ER_DUP_KEYNAME,
  ER_MULTIPLE_PRI_KEY,
  ER_NO_SUCH_TABLE,
  ER_TABLE_EXISTS_ERROR,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { IndexSchema, TableSchema } from "./schema.ts";

/** Programmer errors in a schema the executor built (it validates user DDL first). */
export function checkTableSchema(schema: TableSchema): void {
  assert(schema.columns.length > 0, "a table has columns");
  const primary = schema.primaryKey;
  const all = primary === undefined ? schema.indexes : [primary, ...schema.indexes];
  for (const index of all) {
    assert(index.columns.length > 0, `index ${index.name} has columns`);
    for (const part of index.columns) {
      assert(part.column >= 0 && part.column < schema.columns.length, `index ${index.name} column`);
    }
  }
}

/**
 * `schema` with the secondary index `index` added: ER_DUP_KEYNAME (1061) when the name is taken
 * (case-insensitively, PRIMARY included), ER_MULTIPLE_PRI_KEY for a primary key — adding one
 * would re-key every row, so the executor rebuilds the table instead.
 */
/**
 * `schema` without its secondary index `name` (case-insensitive), and where it was in
 * `schema.indexes`. ER_CANT_DROP_FIELD_OR_KEY (1091) when there is no such index; the primary
 * key is not a secondary index (dropping it rebuilds the table: the caller's 1235).
 */
export function schemaWithoutIndex(
  schema: TableSchema,
  name: string,
): { readonly next: TableSchema; readonly position: number } {
  const lower = name.toLowerCase();
  const position = schema.indexes.findIndex((index) => index.name.toLowerCase() === lower);
  if (position < 0) throw sqlError(ER_CANT_DROP_FIELD_OR_KEY, name);
  const indexes = schema.indexes.filter((_, i) => i !== position);
  return { next: { ...schema, indexes }, position };
}

export function schemaWithIndex(schema: TableSchema, index: IndexSchema): TableSchema {
  const lower = index.name.toLowerCase();
  const taken = schema.indexes.some((i) => i.name.toLowerCase() === lower);
  if (taken || lower === "primary") throw sqlError(ER_DUP_KEYNAME, index.name);
  if (index.primary) throw sqlError(ER_MULTIPLE_PRI_KEY);
  const next: TableSchema = { ...schema, indexes: [...schema.indexes, index] };
  checkTableSchema(next);
  return next;
}

/**
 * RENAME TABLE's checks over a catalog's registry (database → table name → table): the table
 * to move and the target database's map. ER_NO_SUCH_TABLE (1146) for a missing source,
 * ER_BAD_DB_ERROR (1049) for a missing target database, ER_TABLE_EXISTS_ERROR (1050).
 */
export function renameOperands<T>(
  tables: ReadonlyMap<string, Map<string, T>>,
  database: string,
  name: string,
  toDatabase: string,
  toName: string,
): { readonly table: T; readonly target: Map<string, T> } {
  const table = tables.get(database)?.get(name);
  if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, name);
  const target = tables.get(toDatabase);
  if (target === undefined) throw sqlError(ER_BAD_DB_ERROR, toDatabase);
  if (target.has(toName)) throw sqlError(ER_TABLE_EXISTS_ERROR, toName);
  return { table, target };
}
