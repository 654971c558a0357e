/**
 * Value comparison with MySQL's rules, chosen once per operator from the operands' static types
 * and refined per value when an operand's type is dynamic (params, user variables):
 * - two integers compare exactly (number and bigint mix safely in JS relational operators);
 * - DECIMAL against an exact number compares exactly (bigint decimal arithmetic);
 * - a number against a string converts the string to DOUBLE (with warning 1292 on junk);
 * - two strings compare with the collation (binary strings byte-wise).
 * NULL handling is the caller's: comparators never see null.
 */

import type { SqlValue } from "../types/value.ts";
import type { Collation } from "../types/collation.ts";
import { decimalCompare } from "../types/decimal.ts";
import { bytesToText, textToBytes, toDecimal, toDouble, type WarningSink } from "../types/coercion.ts";
import { valueClassOf, type CompiledExpression } from "./compiled-expression.ts";

export type Comparator = (left: NonNullable<SqlValue>, right: NonNullable<SqlValue>, warnings: WarningSink) => number;

export function compareBytes(left: Uint8Array, right: Uint8Array): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const difference = (left[index] as number) - (right[index] as number);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return left.length === right.length ? 0 : left.length < right.length ? -1 : 1;
}

function compareNumbers(left: number | bigint, right: number | bigint): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Builds the comparator for two operands. `collation` is the collation both sides agreed on
 * (see collationFor); `decimalLeft/Right` say a string value on that side is decimal text.
 */
export function makeComparator(
  left: CompiledExpression,
  right: CompiledExpression,
  collation: Collation,
): Comparator {
  const leftClass = valueClassOf(left.type);
  const rightClass = valueClassOf(right.type);
  const decimalSide = leftClass === "decimal" || rightClass === "decimal";
  const doubleSide = leftClass === "double" || rightClass === "double";
  if (leftClass === "integer" && rightClass === "integer" && !left.dynamicType && !right.dynamicType) {
    return compareNumbers as Comparator;
  }
  const binary = leftClass === "binary" || rightClass === "binary";
  return (a, b, warnings) => compareMixed(a, b, warnings, collation, decimalSide, doubleSide, binary);
}

function compareMixed(
  a: NonNullable<SqlValue>,
  b: NonNullable<SqlValue>,
  warnings: WarningSink,
  collation: Collation,
  decimalSide: boolean,
  doubleSide: boolean,
  binary: boolean,
): number {
  const aNumeric = typeof a === "number" || typeof a === "bigint";
  const bNumeric = typeof b === "number" || typeof b === "bigint";
  if (aNumeric && bNumeric) return compareNumbers(a, b);
  if (typeof a === "string" && typeof b === "string") {
    if (decimalSide && !doubleSide) return compareAsDecimal(a, b, warnings);
    if (doubleSide) return compareNumbers(toDouble(a, warnings) ?? 0, toDouble(b, warnings) ?? 0);
    return binary ? compareBytes(textToBytes(a), textToBytes(b)) : collation.compare(a, b);
  }
  if (aNumeric || bNumeric) {
    if (decimalSide && !doubleSide && typeof a !== "object" && typeof b !== "object") {
      return compareAsDecimal(a, b, warnings);
    }
    return compareNumbers(toDouble(a, warnings) ?? 0, toDouble(b, warnings) ?? 0);
  }
  // At least one side is bytes and neither is a number: compare as binary strings.
  const aBytes = typeof a === "string" ? textToBytes(a) : (a as Uint8Array);
  const bBytes = typeof b === "string" ? textToBytes(b) : (b as Uint8Array);
  return compareBytes(aBytes, bBytes);
}

function compareAsDecimal(a: NonNullable<SqlValue>, b: NonNullable<SqlValue>, warnings: WarningSink): number {
  // Approximate (or huge / non-finite) numbers compare as doubles; exact ones as decimals.
  const aNumber = typeof a === "number" && !Number.isSafeInteger(a);
  const bNumber = typeof b === "number" && !Number.isSafeInteger(b);
  if (aNumber || bNumber) return compareNumbers(toDouble(a, warnings) ?? 0, toDouble(b, warnings) ?? 0);
  return decimalCompare(decimalText(a, warnings), decimalText(b, warnings));
}

function decimalText(value: NonNullable<SqlValue>, warnings: WarningSink): string {
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return value;
  if (typeof value === "number" || typeof value === "bigint") return value.toString();
  const text = typeof value === "string" ? value : bytesToText(value);
  const scale = Math.min((text.split(".")[1] ?? "").length, 30);
  return toDecimal(text, scale, warnings) ?? "0";
}

/** A comparator for values of one static type (ORDER BY, MIN/MAX, DISTINCT keys). */
export function comparatorForExpression(expression: CompiledExpression, collation: Collation): Comparator {
  return makeComparator(expression, expression, collation);
}
