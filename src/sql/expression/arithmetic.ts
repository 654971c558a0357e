/**
 * Arithmetic operators (+ - * / DIV %) with MySQL's typing: integer op integer stays integer
 * (BIGINT, checked for overflow → ER_DATA_OUT_OF_RANGE 1690), DECIMAL stays exact (decimal.ts),
 * anything involving DOUBLE or a character string is DOUBLE. `/` on exact operands is DECIMAL
 * with div_precision_increment more digits. Division by zero yields NULL and warning 1365 (an
 * error for writes under strict ERROR_FOR_DIVISION_BY_ZERO, decided by the caller's context).
 *
 * Operands whose type is dynamic (params, user variables) are classified per value.
 */

import type { SqlValue } from "../types/value.ts";
import type { SqlType } from "../types/sql-type.ts";
import {
  decimalAdd,
  decimalDivide,
  decimalFromInteger,
  decimalModulo,
  decimalMultiply,
  decimalScaleOf,
  decimalSubtract,
  decimalTruncate,
} from "../types/decimal.ts";
import { int64Max, int64Min, normalizeInteger, toDecimal, toDouble, uint64Max } from "../types/coercion.ts";
import { ER_DATA_OUT_OF_RANGE, ER_DIVISION_BY_ZERO } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import {
  bigintType,
  decimalType,
  doubleType,
  unsignedBigintType,
  valueClassOf,
  type CompiledExpression,
  type EvalContext,
} from "./compiled-expression.ts";

export type ArithmeticOperator = "+" | "-" | "*" | "/" | "div" | "%";

type Hint = "integer" | "decimal" | "double" | "dynamic";
type Mode = "integer" | "decimal" | "double";

function hintOf(expression: CompiledExpression): Hint {
  if (expression.dynamicType) return "dynamic";
  const valueClass = valueClassOf(expression.type);
  if (valueClass === "integer" || valueClass === "null") return "integer";
  if (valueClass === "decimal") return "decimal";
  return "double";
}

function valueMode(value: NonNullable<SqlValue>, hint: Hint): Mode {
  if (hint !== "dynamic") return hint;
  if (typeof value === "bigint") return "integer";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "double";
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) {
    return value.includes(".") ? "decimal" : "integer";
  }
  return "double";
}

/** Static result type of `left op right`. */
export function arithmeticResultType(
  operator: ArithmeticOperator,
  left: CompiledExpression,
  right: CompiledExpression,
  divPrecisionIncrement: number,
): SqlType {
  const leftHint = hintOf(left);
  const rightHint = hintOf(right);
  if (operator === "div") return bigintType;
  if (leftHint === "double" || rightHint === "double") return doubleType;
  const leftScale = left.type.kind === "decimal" ? (left.type.scale ?? 0) : 0;
  const rightScale = right.type.kind === "decimal" ? (right.type.scale ?? 0) : 0;
  if (operator === "/") return decimalType(Math.min(leftScale + divPrecisionIncrement, 30));
  if (leftHint === "decimal" || rightHint === "decimal") {
    const scale = operator === "*" ? Math.min(leftScale + rightScale, 30) : Math.max(leftScale, rightScale);
    return decimalType(scale);
  }
  if (leftHint === "dynamic" || rightHint === "dynamic") return bigintType;
  return left.type.unsigned === true || right.type.unsigned === true ? unsignedBigintType : bigintType;
}

export function compileArithmetic(
  operator: ArithmeticOperator,
  left: CompiledExpression,
  right: CompiledExpression,
  text: string,
  divPrecisionIncrement: number,
): CompiledExpression {
  const type = arithmeticResultType(operator, left, right, divPrecisionIncrement);
  const leftHint = hintOf(left);
  const rightHint = hintOf(right);
  const unsigned = type.unsigned === true;
  const leftEvaluate = left.evaluate;
  const rightEvaluate = right.evaluate;
  const scale = type.kind === "decimal" ? (type.scale ?? 0) : 0;
  const evaluate =
    operator === "+" && leftHint === "integer" && rightHint === "integer" && !unsigned
      ? (row: SqlValue[], context: EvalContext): SqlValue => {
          const a = leftEvaluate(row, context);
          const b = rightEvaluate(row, context);
          if (a === null || b === null) return null;
          if (typeof a === "number" && typeof b === "number") {
            const sum = a + b;
            if (Number.isSafeInteger(sum)) return sum;
          }
          const mode = combineModes(valueMode(a, "dynamic"), valueMode(b, "dynamic"), "+");
          return applyOperation("+", mode, a, b, context, false, text, 0);
        }
      : (row: SqlValue[], context: EvalContext): SqlValue => {
          const a = leftEvaluate(row, context);
          if (a === null) return null;
          const b = rightEvaluate(row, context);
          if (b === null) return null;
          const mode = combineModes(valueMode(a, leftHint), valueMode(b, rightHint), operator);
          return applyOperation(operator, mode, a, b, context, unsigned, text, scale);
        };
  return {
    evaluate,
    type,
    nullable: true,
    rowIndependent: left.rowIndependent && right.rowIndependent,
    constant: false,
    dynamicType: false,
  };
}

function combineModes(left: Mode, right: Mode, operator: ArithmeticOperator): Mode {
  if (left === "double" || right === "double") return "double";
  if (operator === "/") return "decimal";
  if (left === "decimal" || right === "decimal") return "decimal";
  return "integer";
}

function applyOperation(
  operator: ArithmeticOperator,
  mode: Mode,
  a: NonNullable<SqlValue>,
  b: NonNullable<SqlValue>,
  context: EvalContext,
  unsigned: boolean,
  text: string,
  scale: number,
): SqlValue {
  const warnings = context.warnings;
  if (operator === "div") return integerDivide(a, b, mode, context, text);
  if (mode === "double") {
    return doubleOperation(operator, toDouble(a, warnings) ?? 0, toDouble(b, warnings) ?? 0, context, text);
  }
  if (mode === "decimal") {
    const left = toDecimal(a, decimalScaleOfValue(a), warnings) ?? "0";
    const right = toDecimal(b, decimalScaleOfValue(b), warnings) ?? "0";
    return decimalOperation(operator, left, right, context, scale);
  }
  const left = typeof a === "number" || typeof a === "bigint" ? a : (toDouble(a, warnings) ?? 0);
  const right = typeof b === "number" || typeof b === "bigint" ? b : (toDouble(b, warnings) ?? 0);
  if ((typeof left === "number" && !Number.isInteger(left)) || (typeof right === "number" && !Number.isInteger(right))) {
    // A non-integer reached an integer-typed operation (e.g. through a string): MySQL uses DOUBLE.
    return doubleOperation(operator, Number(left), Number(right), context, text);
  }
  if (operator === "/") {
    return decimalOperation("/", decimalFromInteger(left), decimalFromInteger(right), context, scale);
  }
  return integerOperation(operator, left, right, unsigned, text, context);
}

function decimalScaleOfValue(value: NonNullable<SqlValue>): number {
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return decimalScaleOf(value);
  return 0;
}

function divisionByZero(context: EvalContext): null {
  context.warnings.add("Warning", ER_DIVISION_BY_ZERO);
  return null;
}

function doubleOperation(operator: ArithmeticOperator, a: number, b: number, context: EvalContext, text: string): SqlValue {
  let result: number;
  switch (operator) {
    case "+":
      result = a + b;
      break;
    case "-":
      result = a - b;
      break;
    case "*":
      result = a * b;
      break;
    case "/":
      if (b === 0) return divisionByZero(context);
      result = a / b;
      break;
    case "%":
      if (b === 0) return divisionByZero(context);
      result = a % b;
      break;
    case "div":
      return null;
  }
  if (!Number.isFinite(result)) throw sqlError(ER_DATA_OUT_OF_RANGE, "DOUBLE", text);
  return result;
}

function decimalOperation(
  operator: ArithmeticOperator,
  a: string,
  b: string,
  context: EvalContext,
  scale: number,
): SqlValue {
  switch (operator) {
    case "+":
      return decimalAdd(a, b);
    case "-":
      return decimalSubtract(a, b);
    case "*":
      return decimalMultiply(a, b);
    case "/": {
      const quotient = decimalDivide(a, b, Math.max(scale - decimalScaleOf(a), 0));
      return quotient ?? divisionByZero(context);
    }
    case "%":
      return decimalModulo(a, b) ?? divisionByZero(context);
    case "div":
      return null;
  }
}

/** Exact integer arithmetic with MySQL's BIGINT / BIGINT UNSIGNED range checks. */
export function integerOperation(
  operator: ArithmeticOperator,
  a: number | bigint,
  b: number | bigint,
  unsigned: boolean,
  text: string,
  context?: EvalContext,
): SqlValue {
  const left = BigInt(a);
  const right = BigInt(b);
  let result: bigint;
  switch (operator) {
    case "+":
      result = left + right;
      break;
    case "-":
      result = left - right;
      break;
    case "*":
      result = left * right;
      break;
    case "%":
      if (right === 0n) return context === undefined ? null : divisionByZero(context);
      result = left % right;
      break;
    case "/":
    case "div":
      if (right === 0n) return context === undefined ? null : divisionByZero(context);
      result = left / right;
      break;
  }
  const min = unsigned ? 0n : int64Min;
  const max = unsigned ? uint64Max : int64Max;
  if (result < min || result > max) {
    throw sqlError(ER_DATA_OUT_OF_RANGE, unsigned ? "BIGINT UNSIGNED" : "BIGINT", text);
  }
  return normalizeInteger(result);
}

function integerDivide(
  a: NonNullable<SqlValue>,
  b: NonNullable<SqlValue>,
  mode: Mode,
  context: EvalContext,
  text: string,
): SqlValue {
  if (mode === "integer" && (typeof a === "number" || typeof a === "bigint")) {
    if (typeof b === "number" || typeof b === "bigint") return integerOperation("div", a, b, false, text, context);
  }
  const warnings = context.warnings;
  const quotient = decimalDivide(toDecimal(a, 10, warnings) ?? "0", toDecimal(b, 10, warnings) ?? "0", 0);
  if (quotient === null) return divisionByZero(context);
  return normalizeInteger(BigInt(decimalTruncate(quotient, 0)));
}
