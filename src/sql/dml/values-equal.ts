/**
 * Exact equality of two stored values (UPDATE's "changed" test): same representation and same
 * content; numbers and bigints compare by value.
 */

import type { Row, SqlValue } from "../types/value.ts";

export function valuesEqual(left: SqlValue, right: SqlValue): boolean {
  if (left === right) return true;
  if (left === null || right === null) return false;
  if ((typeof left === "number" || typeof left === "bigint") && (typeof right === "number" || typeof right === "bigint")) {
    return left == right;
  }
  if (left instanceof Uint8Array && right instanceof Uint8Array) {
    if (left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
    return true;
  }
  return false;
}

/** Exact equality of two whole rows, value by value as `valuesEqual` (matching a full row image). */
export function rowsEqual(left: Row, right: Row): boolean {
  if (left.length !== right.length) return false;
  for (let i = 0; i < left.length; i++) {
    if (!valuesEqual(left[i] ?? null, right[i] ?? null)) return false;
  }
  return true;
}
