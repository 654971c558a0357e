/**
 * Finds the existing row a new row collides with on the primary key or a unique index (for
 * REPLACE and INSERT … ON DUPLICATE KEY UPDATE), read with an exclusive lock.
 */

import type { StorageTable, Transaction } from "../catalog/catalog.ts";
import type { TableSchema } from "../catalog/schema.ts";
import type { Row } from "../types/value.ts";

export async function findConflict(
  table: StorageTable,
  schema: TableSchema,
  row: Row,
  transaction: Transaction,
): Promise<Row | undefined> {
  const primary = schema.primaryKey;
  if (primary !== undefined) {
    const key = primary.columns.map((part) => row[part.column] ?? null);
    const found = await table.getByPrimaryKey(transaction, key, "exclusive");
    if (found !== undefined) return found;
  }
  for (const index of schema.indexes) {
    if (!index.unique) continue;
    const key = index.columns.map((part) => row[part.column] ?? null);
    if (key.some((value) => value === null)) continue;
    const bound = { key, inclusive: true };
    const rows = await table.scan(transaction, index.name, { lower: bound, upper: bound }, { lock: "exclusive", limit: 1 });
    if (rows[0] !== undefined) return rows[0];
  }
  return undefined;
}
