/**
 * Numeric functions: ABS, ROUND, TRUNCATE, FLOOR, CEIL/CEILING, MOD, SIGN, SQRT, POW/POWER, PI,
 * GREATEST, LEAST. Exact inputs give exact results (DECIMAL via decimal.ts), approximate inputs
 * give DOUBLE; ROUND of a DOUBLE rounds half to even (MySQL uses rint), of a DECIMAL half away
 * from zero.
 */

import type { SqlValue } from "../types/value.ts";
import type { SqlType } from "../types/sql-type.ts";
import {
  decimalCeil,
  decimalFloor,
  decimalNegate,
  decimalRound,
  decimalTruncate,
  decimalCompare,
} from "../types/decimal.ts";
import { normalizeInteger, toDecimal, toDouble, toInteger } from "../types/coercion.ts";
import {
  bigintType,
  decimalType,
  doubleType,
  valueClassOf,
  type CompiledExpression,
} from "./compiled-expression.ts";
import { define, scalar, variadic, type FunctionDefinition } from "./function-helpers.ts";
import { compileArithmetic } from "./arithmetic.ts";
import { commonType } from "./common-type.ts";
import { makeComparator } from "./compare.ts";
import { collationFor } from "./collation-choice.ts";

function classOf(arg: CompiledExpression): "integer" | "decimal" | "double" {
  const valueClass = valueClassOf(arg.type);
  if (arg.dynamicType) return "double";
  if (valueClass === "integer" || valueClass === "null") return "integer";
  if (valueClass === "decimal") return "decimal";
  return "double";
}

function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const difference = value - floor;
  if (difference > 0.5) return floor + 1;
  if (difference < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function roundDouble(value: number, digits: number): number {
  const factor = 10 ** Math.abs(digits);
  if (!Number.isFinite(factor)) return digits > 0 ? value : 0;
  if (digits >= 0) {
    const scaled = value * factor;
    return Number.isFinite(scaled) ? roundHalfEven(scaled) / factor : value;
  }
  return roundHalfEven(value / factor) * factor;
}

function compileRound(args: readonly CompiledExpression[], truncate: boolean): CompiledExpression {
  const valueClass = classOf(args[0]!);
  const digitsArg = args[1];
  const constantDigits = digitsArg === undefined ? 0 : digitsArg.constant ? Number(digitsArg.evaluate([], {} as never)) : undefined;
  let type: SqlType;
  if (valueClass === "integer") type = bigintType;
  else if (valueClass === "decimal") type = decimalType(Math.max(constantDigits ?? (args[0]!.type.scale ?? 0), 0));
  else type = doubleType;
  return scalar(args, type, (values, context) => {
    const value = values[0] ?? null;
    const digits = values.length > 1 ? Number(toInteger(values[1] ?? null, context.warnings) ?? 0) : 0;
    if (valueClass === "double") {
      const number = toDouble(value, context.warnings) ?? 0;
      if (!truncate) return roundDouble(number, digits);
      const factor = 10 ** digits;
      return Math.trunc(number * factor) / factor;
    }
    const decimal = toDecimal(value, valueClass === "decimal" ? (args[0]!.type.scale ?? 0) : 0, context.warnings) ?? "0";
    const rounded = truncate ? decimalTruncate(decimal, digits) : decimalRound(decimal, digits);
    if (valueClass === "integer") return normalizeInteger(BigInt(decimalTruncate(rounded, 0)));
    return rounded;
  });
}

function compileFloorCeil(args: readonly CompiledExpression[], ceil: boolean): CompiledExpression {
  const valueClass = classOf(args[0]!);
  const type = valueClass === "double" ? doubleType : bigintType;
  return scalar(args, type, ([value], context) => {
    if (valueClass === "integer" && (typeof value === "number" || typeof value === "bigint")) return value;
    if (valueClass === "decimal") {
      const decimal = toDecimal(value ?? null, args[0]!.type.scale ?? 0, context.warnings) ?? "0";
      return normalizeInteger(BigInt(ceil ? decimalCeil(decimal) : decimalFloor(decimal)));
    }
    const number = toDouble(value ?? null, context.warnings) ?? 0;
    return ceil ? Math.ceil(number) : Math.floor(number);
  });
}

function compileAbs(args: readonly CompiledExpression[]): CompiledExpression {
  const valueClass = classOf(args[0]!);
  return scalar(args, valueClass === "double" ? doubleType : args[0]!.type, ([value], context) => {
    if (typeof value === "number") return Math.abs(value);
    if (typeof value === "bigint") return normalizeInteger(value < 0n ? -value : value);
    if (valueClass === "decimal" && typeof value === "string") return value.startsWith("-") ? decimalNegate(value) : value;
    return Math.abs(toDouble(value ?? null, context.warnings) ?? 0);
  });
}

function compileExtreme(args: readonly CompiledExpression[], greatest: boolean, connection: string): CompiledExpression {
  const type = commonType(args.map((arg) => arg.type));
  const typed: CompiledExpression = { ...args[0]!, type };
  const comparator = makeComparator(typed, typed, collationFor(args[0]!, args[1] ?? args[0]!, connection));
  return scalar(args, type, (values, context) => {
    let best = values[0] as NonNullable<SqlValue>;
    for (let index = 1; index < values.length; index++) {
      const candidate = values[index] as NonNullable<SqlValue>;
      const order = comparator(candidate, best, context.warnings);
      if (greatest ? order > 0 : order < 0) best = candidate;
    }
    return best;
  });
}

/**
 * FIELD(x, a, b, …): the 1-based position of the first argument equal to x, 0 when none is
 * (or x is NULL). As MySQL: all strings compare as strings (in the collation they agree on),
 * all numbers as numbers, and any other mix as DOUBLE.
 */
function compileField(args: readonly CompiledExpression[], connection: string): CompiledExpression {
  const classes = args.map((arg) => valueClassOf(arg.type)).filter((c) => c !== "null");
  const strings = classes.every((c) => c === "string" || c === "binary");
  const numbers = classes.every((c) => c === "integer" || c === "decimal" || c === "double");
  const type = strings || numbers ? commonType(args.map((arg) => arg.type)) : doubleType;
  const typed: CompiledExpression = { ...args[0]!, type };
  const comparator = makeComparator(typed, typed, collationFor(args[0]!, args[1] ?? args[0]!, connection));
  return scalar(args, bigintType, (values, context) => {
    const wanted = values[0];
    if (wanted === null || wanted === undefined) return 0;
    for (let index = 1; index < values.length; index++) {
      const candidate = values[index];
      if (candidate !== null && candidate !== undefined && comparator(wanted, candidate, context.warnings) === 0) {
        return index;
      }
    }
    return 0;
  }, { nullPropagating: false });
}

export const mathFunctions: ReadonlyMap<string, FunctionDefinition> = new Map<string, FunctionDefinition>([
  ["FIELD", define(2, variadic, (args, env) => compileField(args, env.collationConnection))],
  // INTERVAL(n, n1, n2, …): the position before the first bound above n (bounds are meant to
  // ascend; a NULL bound counts as 0, as MySQL); -1 when n is NULL.
  ["INTERVAL", define(2, variadic, (args) => scalar(args, bigintType, (values, context) => {
    const value = values[0] === null ? null : toDouble(values[0] ?? null, context.warnings);
    if (value === null || value === undefined) return -1;
    for (let index = 1; index < values.length; index++) {
      const bound = values[index] === null ? 0 : (toDouble(values[index] ?? null, context.warnings) ?? 0);
      if (bound > value) return index - 1;
    }
    return values.length - 1;
  }, { nullPropagating: false }))],
  ["ABS", define(1, 1, (args) => compileAbs(args))],
  ["ROUND", define(1, 2, (args) => compileRound(args, false))],
  ["TRUNCATE", define(2, 2, (args) => compileRound(args, true))],
  ["FLOOR", define(1, 1, (args) => compileFloorCeil(args, false))],
  ["CEIL", define(1, 1, (args) => compileFloorCeil(args, true))],
  ["CEILING", define(1, 1, (args) => compileFloorCeil(args, true))],
  ["MOD", define(2, 2, (args, env) => compileArithmetic("%", args[0]!, args[1]!, "mod", env.divPrecisionIncrement))],
  [
    "SIGN",
    define(1, 1, (args) =>
      scalar(args, bigintType, ([value], context) => {
        if (typeof value === "string" && classOf(args[0]!) === "decimal") return decimalCompare(value, "0");
        return Math.sign(toDouble(value ?? null, context.warnings) ?? 0);
      }),
    ),
  ],
  ["SQRT", define(1, 1, (args) => scalar(args, doubleType, ([value], context) => { const n = toDouble(value ?? null, context.warnings) ?? 0; return n < 0 ? null : Math.sqrt(n); }))],
  ["POW", define(2, 2, (args) => scalar(args, doubleType, (values, context) => (toDouble(values[0] ?? null, context.warnings) ?? 0) ** (toDouble(values[1] ?? null, context.warnings) ?? 0)))],
  ["POWER", define(2, 2, (args) => scalar(args, doubleType, (values, context) => (toDouble(values[0] ?? null, context.warnings) ?? 0) ** (toDouble(values[1] ?? null, context.warnings) ?? 0)))],
  ["PI", define(0, 0, (args) => scalar(args, { kind: "double", scale: 6 }, () => Math.PI))],
  ["GREATEST", define(2, variadic, (args, env) => compileExtreme(args, true, env.collationConnection))],
  ["LEAST", define(2, variadic, (args, env) => compileExtreme(args, false, env.collationConnection))],
]);
