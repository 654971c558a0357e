/**
 * Test fixtures for the memory backend (used only by *.test.ts files): short builders for
 * schemas and transactions, and util's ManualClock (re-exported for the existing tests).
 */

import { ManualClock } from "../../util/manual-clock.ts";
import type { TransactionOptions } from "../catalog/catalog.ts";
import type { ColumnSchema, IndexSchema, TableSchema } from "../catalog/schema.ts";
import type { SqlType } from "../types/sql-type.ts";

export { ManualClock };

export const intType: SqlType = { kind: "int" };
export const varcharType: SqlType = {
  kind: "varchar",
  length: 64,
  collation: "utf8mb4_0900_ai_ci",
};

export function column(name: string, type: SqlType, nullable = true): ColumnSchema {
  const defaultValue = { kind: "none" } as const;
  return { name, type, nullable, defaultValue, autoIncrement: false, comment: "" };
}

export function index(name: string, columns: readonly number[], unique: boolean): IndexSchema {
  const parts = columns.map((c) => ({ column: c, descending: false }));
  return { name, columns: parts, unique, primary: false, comment: "" };
}

export function tableSchema(
  name: string,
  columns: readonly ColumnSchema[],
  primaryKey: readonly number[] | undefined,
  indexes: readonly IndexSchema[] = [],
): TableSchema {
  const pk: IndexSchema | undefined =
    primaryKey === undefined
      ? undefined
      : { ...index("PRIMARY", primaryKey, true), primary: true };
  return {
    database: "db",
    name,
    columns,
    primaryKey: pk,
    indexes,
    engine: "InnoDB",
    charset: "utf8mb4",
    collation: "utf8mb4_0900_ai_ci",
    comment: "",
    autoIncrementStart: 1,
  };
}

export function txnOptions(overrides: Partial<TransactionOptions> = {}): TransactionOptions {
  return {
    readOnly: false,
    isolation: "REPEATABLE-READ",
    consistentSnapshot: false,
    lockWaitTimeoutMs: 50_000,
    ...overrides,
  };
}

/** Resolves after pending promise callbacks have run (a lock grant resumes its waiter). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
