/**
 * Logical operators with three-valued logic (AND, OR, XOR, NOT), unary minus, and the bit
 * operators (& | ^ << >> ~), which work on 64-bit unsigned integers as MySQL.
 */

import type { SqlValue } from "../types/value.ts";
import { decimalNegate } from "../types/decimal.ts";
import { int64Min, normalizeInteger, toBoolean, toDouble, toInteger, uint64Max } from "../types/coercion.ts";
import { ER_DATA_OUT_OF_RANGE } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import {
  bigintType,
  unsignedBigintType,
  valueClassOf,
  doubleType,
  type CompiledExpression,
  type EvalContext,
} from "./compiled-expression.ts";

function booleanResult(
  evaluate: (row: SqlValue[], context: EvalContext) => SqlValue,
  parts: readonly CompiledExpression[],
): CompiledExpression {
  return {
    evaluate,
    type: { kind: "bigint", length: 1 },
    nullable: true,
    rowIndependent: parts.every((part) => part.rowIndependent),
    constant: false,
    dynamicType: false,
  };
}

export function compileLogical(
  operator: "and" | "or" | "xor",
  left: CompiledExpression,
  right: CompiledExpression,
): CompiledExpression {
  const leftEvaluate = left.evaluate;
  const rightEvaluate = right.evaluate;
  switch (operator) {
    case "and":
      return booleanResult((row, context) => {
        const a = toBoolean(leftEvaluate(row, context), context.warnings);
        if (a === false) return 0;
        const b = toBoolean(rightEvaluate(row, context), context.warnings);
        if (b === false) return 0;
        return a === null || b === null ? null : 1;
      }, [left, right]);
    case "or":
      return booleanResult((row, context) => {
        const a = toBoolean(leftEvaluate(row, context), context.warnings);
        if (a === true) return 1;
        const b = toBoolean(rightEvaluate(row, context), context.warnings);
        if (b === true) return 1;
        return a === null || b === null ? null : 0;
      }, [left, right]);
    case "xor":
      return booleanResult((row, context) => {
        const a = toBoolean(leftEvaluate(row, context), context.warnings);
        const b = toBoolean(rightEvaluate(row, context), context.warnings);
        if (a === null || b === null) return null;
        return a !== b ? 1 : 0;
      }, [left, right]);
  }
}

export function compileNot(operand: CompiledExpression): CompiledExpression {
  const evaluate = operand.evaluate;
  return booleanResult((row, context) => {
    const value = toBoolean(evaluate(row, context), context.warnings);
    return value === null ? null : value ? 0 : 1;
  }, [operand]);
}

export function compileNegate(operand: CompiledExpression, text: string): CompiledExpression {
  const evaluate = operand.evaluate;
  const valueClass = valueClassOf(operand.type);
  const type =
    valueClass === "integer" ? bigintType : valueClass === "decimal" ? operand.type : doubleType;
  const negated: CompiledExpression = {
    evaluate: (row, context) => {
      const value = evaluate(row, context);
      if (value === null) return null;
      if (typeof value === "number") return value === 0 ? 0 : -value;
      if (typeof value === "bigint") {
        const result = -value;
        if (result < int64Min || value < int64Min) throw sqlError(ER_DATA_OUT_OF_RANGE, "BIGINT", text);
        return normalizeInteger(result);
      }
      if (typeof value === "string" && valueClass === "decimal") return decimalNegate(value);
      return -(toDouble(value, context.warnings) ?? 0);
    },
    type,
    nullable: operand.nullable,
    rowIndependent: operand.rowIndependent,
    constant: operand.constant,
    dynamicType: operand.dynamicType,
  };
  if (!operand.constant) return negated;
  // Fold "-5" so that literals such as -9223372036854775808 stay literals (and index keys).
  return foldNow(negated);
}

function foldNow(expression: CompiledExpression): CompiledExpression {
  let cached: SqlValue | undefined;
  const evaluate = expression.evaluate;
  return {
    ...expression,
    evaluate: (row, context) => {
      if (cached === undefined) cached = evaluate(row, context);
      return cached;
    },
  };
}

function toUnsigned64(value: SqlValue, context: EvalContext): bigint | null {
  const integer = toInteger(value, context.warnings);
  if (integer === null) return null;
  return BigInt.asUintN(64, BigInt(integer));
}

export function compileBitwise(
  operator: "&" | "|" | "^" | "<<" | ">>",
  left: CompiledExpression,
  right: CompiledExpression,
): CompiledExpression {
  const leftEvaluate = left.evaluate;
  const rightEvaluate = right.evaluate;
  return {
    evaluate: (row, context) => {
      const a = toUnsigned64(leftEvaluate(row, context), context);
      const b = toUnsigned64(rightEvaluate(row, context), context);
      if (a === null || b === null) return null;
      let result: bigint;
      switch (operator) {
        case "&":
          result = a & b;
          break;
        case "|":
          result = a | b;
          break;
        case "^":
          result = a ^ b;
          break;
        case "<<":
          result = b >= 64n ? 0n : (a << b) & uint64Max;
          break;
        case ">>":
          result = b >= 64n ? 0n : a >> b;
          break;
      }
      return normalizeInteger(result);
    },
    type: unsignedBigintType,
    nullable: true,
    rowIndependent: left.rowIndependent && right.rowIndependent,
    constant: false,
    dynamicType: false,
  };
}

export function compileBitNot(operand: CompiledExpression): CompiledExpression {
  const evaluate = operand.evaluate;
  return {
    evaluate: (row, context) => {
      const value = toUnsigned64(evaluate(row, context), context);
      return value === null ? null : normalizeInteger(~value & uint64Max);
    },
    type: unsignedBigintType,
    nullable: true,
    rowIndependent: operand.rowIndependent,
    constant: false,
    dynamicType: false,
  };
}
