/**
 * DISTINCT and set-operation duplicate removal: rows are equal when every column is equal under
 * the column's collation (strings) or numerically (numbers), per value-key.ts.
 */

import type { Row } from "../types/value.ts";
import type { ResultColumn } from "../statement-result.ts";
import { valueClassOf } from "../expression/compiled-expression.ts";
import { getCollation, binaryCollation } from "../types/collation.ts";
import { valueKey } from "../plan/value-key.ts";

export function rowKeyFunction(columns: readonly ResultColumn[]): (row: Row) => string {
  const collations = columns.map((column) =>
    valueClassOf(column.type) === "string" ? (getCollation(column.type.collation ?? "") ?? binaryCollation) : undefined,
  );
  const numericText = columns.map((column) => valueClassOf(column.type) === "decimal");
  return (row) => {
    let key = "";
    for (let index = 0; index < columns.length; index++) {
      key += `${valueKey(row[index] ?? null, collations[index], numericText[index])}\u0001`;
    }
    return key;
  };
}

export function distinctRows<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const row of rows) {
    const rowKey = key(row);
    if (seen.has(rowKey)) continue;
    seen.add(rowKey);
    kept.push(row);
  }
  return kept;
}
