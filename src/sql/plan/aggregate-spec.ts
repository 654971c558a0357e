/**
 * Aggregate functions: COUNT, SUM, AVG, MIN, MAX, GROUP_CONCAT, BIT_AND/OR/XOR. An
 * AggregateSpec is planned once; `createAccumulator` gives per-group state. Result types follow
 * MySQL: COUNT is BIGINT, SUM of exact values DECIMAL (of integers: scale 0), AVG of exact
 * values DECIMAL with div_precision_increment more digits, SUM/AVG of approximate values DOUBLE,
 * MIN/MAX keep the argument type. DISTINCT aggregates keep a set of seen keys.
 */

import type { AggregateName } from "../parser/ast.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { SqlValue } from "../types/value.ts";
import { decimalAdd, decimalDivide, decimalFromInteger, decimalRound } from "../types/decimal.ts";
import { toDecimal, toDouble, toInteger, toText, normalizeInteger } from "../types/coercion.ts";
import {
  bigintType,
  decimalType,
  doubleType,
  textType,
  valueClassOf,
  type CompiledExpression,
  type EvalContext,
} from "../expression/compiled-expression.ts";
import type { Comparator } from "../expression/compare.ts";
import { valueKey } from "./value-key.ts";

export interface AggregateSpec {
  readonly name: AggregateName;
  readonly args: readonly CompiledExpression[];
  readonly distinct: boolean;
  readonly star: boolean;
  readonly separator: string;
  readonly type: SqlType;
  /** MIN/MAX ordering of the argument. */
  readonly comparator: Comparator;
  readonly divPrecisionIncrement: number;
  /** GROUP_CONCAT(… ORDER BY …) keys. */
  readonly orderBy: readonly { readonly expression: CompiledExpression; readonly descending: boolean; readonly comparator: Comparator }[];
}

export interface Accumulator {
  add(row: SqlValue[], context: EvalContext): void;
  result(): SqlValue;
}

export function aggregateResultType(
  name: AggregateName,
  args: readonly CompiledExpression[],
  divPrecisionIncrement: number,
  collation: string,
): SqlType {
  const argType = args[0]?.type;
  const valueClass = argType === undefined ? "integer" : valueClassOf(argType);
  const exact = valueClass === "integer" || valueClass === "decimal";
  const argScale = argType?.kind === "decimal" ? (argType.scale ?? 0) : 0;
  switch (name) {
    case "COUNT":
      return bigintType;
    case "SUM":
      return exact ? decimalType(argScale) : doubleType;
    case "AVG":
      return exact ? decimalType(Math.min(argScale + divPrecisionIncrement, 30)) : doubleType;
    case "MIN":
    case "MAX":
      return argType ?? bigintType;
    case "GROUP_CONCAT":
      return textType(collation, 1024);
    case "BIT_AND":
    case "BIT_OR":
    case "BIT_XOR":
      return { kind: "bigint", unsigned: true };
    default:
      return doubleType;
  }
}

class DistinctFilter {
  readonly #seen = new Set<string>();
  firstTime(values: readonly SqlValue[]): boolean {
    const key = values.map((value) => valueKey(value)).join("\u0001");
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }
}

export function createAccumulator(spec: AggregateSpec): Accumulator {
  const distinct = spec.distinct ? new DistinctFilter() : undefined;
  const inner = createPlainAccumulator(spec);
  if (distinct === undefined) return inner;
  const args = spec.args;
  return {
    add(row, context) {
      const values = args.map((arg) => arg.evaluate(row, context));
      if (values.some((value) => value === null)) return;
      if (distinct.firstTime(values)) inner.add(row, context);
    },
    result: () => inner.result(),
  };
}

function createPlainAccumulator(spec: AggregateSpec): Accumulator {
  const arg = spec.args[0];
  switch (spec.name) {
    case "COUNT":
      return countAccumulator(spec);
    case "SUM":
    case "AVG":
      return sumAccumulator(spec, arg!);
    case "MIN":
    case "MAX":
      return extremeAccumulator(spec, arg!);
    case "GROUP_CONCAT":
      return groupConcatAccumulator(spec);
    case "BIT_AND":
    case "BIT_OR":
    case "BIT_XOR":
      return bitAccumulator(spec, arg!);
    default:
      return varianceAccumulator(spec, arg!);
  }
}

function countAccumulator(spec: AggregateSpec): Accumulator {
  let count = 0;
  const args = spec.args;
  if (spec.star || args.length === 0) {
    return { add: () => void count++, result: () => count };
  }
  return {
    add(row, context) {
      for (const arg of args) if (arg.evaluate(row, context) === null) return;
      count++;
    },
    result: () => count,
  };
}

function sumAccumulator(spec: AggregateSpec, arg: CompiledExpression): Accumulator {
  const exact = spec.type.kind === "decimal";
  const average = spec.name === "AVG";
  const argScale = arg.type.kind === "decimal" ? (arg.type.scale ?? 0) : 0;
  let count = 0;
  // Integer values add up in a plain number while the total stays a safe integer (exact, and
  // no BigInt per row); the overflow goes to integerSum.
  let numberSum = 0;
  let integerSum = 0n;
  let decimalSum: string | undefined;
  let doubleSum = 0;
  return {
    add(row, context) {
      const value = arg.evaluate(row, context);
      if (value === null) return;
      count++;
      if (!exact) doubleSum += toDouble(value, context.warnings) ?? 0;
      else if (typeof value === "number" && Number.isInteger(value)) {
        const next = numberSum + value;
        if (Number.isSafeInteger(next)) numberSum = next;
        else {
          integerSum += BigInt(numberSum) + BigInt(value);
          numberSum = 0;
        }
      } else if (typeof value === "bigint") integerSum += value;
      else {
        const decimal = toDecimal(value, argScale, context.warnings) ?? "0";
        decimalSum = decimalSum === undefined ? decimal : decimalAdd(decimalSum, decimal);
      }
    },
    result() {
      if (count === 0) return null;
      if (!exact) return average ? doubleSum / count : doubleSum;
      let total = decimalFromInteger(integerSum + BigInt(numberSum), argScale);
      if (decimalSum !== undefined) total = decimalAdd(total, decimalSum);
      if (!average) return decimalRound(total, spec.type.scale ?? 0);
      return decimalDivide(total, decimalFromInteger(count), (spec.type.scale ?? 0) - argScale);
    },
  };
}

function extremeAccumulator(spec: AggregateSpec, arg: CompiledExpression): Accumulator {
  const wantMax = spec.name === "MAX";
  let best: SqlValue = null;
  return {
    add(row, context) {
      const value = arg.evaluate(row, context);
      if (value === null) return;
      if (best === null) {
        best = value;
        return;
      }
      const order = spec.comparator(value, best, context.warnings);
      if (wantMax ? order > 0 : order < 0) best = value;
    },
    result: () => best,
  };
}

function groupConcatAccumulator(spec: AggregateSpec): Accumulator {
  const parts: { text: string; keys: SqlValue[] }[] = [];
  let warnings: EvalContext["warnings"] | undefined;
  return {
    add(row, context) {
      const values = spec.args.map((arg) => arg.evaluate(row, context));
      if (values.some((value) => value === null)) return;
      warnings = context.warnings;
      const text = values.map((value, index) => toText(value, spec.args[index]!.type) ?? "").join("");
      parts.push({ text, keys: spec.orderBy.map((key) => key.expression.evaluate(row, context)) });
    },
    result() {
      if (parts.length === 0) return null;
      if (spec.orderBy.length > 0 && warnings !== undefined) {
        const sink = warnings;
        parts.sort((a, b) => {
          for (const [index, key] of spec.orderBy.entries()) {
            const x = a.keys[index] ?? null;
            const y = b.keys[index] ?? null;
            const order = x === null || y === null ? (x === y ? 0 : x === null ? -1 : 1) : key.comparator(x, y, sink);
            if (order !== 0) return key.descending ? -order : order;
          }
          return 0;
        });
      }
      // group_concat_max_len (default 1024) bounds the result, as MySQL.
      return parts.map((part) => part.text).join(spec.separator).slice(0, 1024);
    },
  };
}

function bitAccumulator(spec: AggregateSpec, arg: CompiledExpression): Accumulator {
  let state = spec.name === "BIT_AND" ? (1n << 64n) - 1n : 0n;
  return {
    add(row, context) {
      const value = toInteger(arg.evaluate(row, context), context.warnings);
      if (value === null) return;
      const bits = BigInt.asUintN(64, BigInt(value));
      if (spec.name === "BIT_AND") state &= bits;
      else if (spec.name === "BIT_OR") state |= bits;
      else state ^= bits;
    },
    result: () => normalizeInteger(state),
  };
}

function varianceAccumulator(spec: AggregateSpec, arg: CompiledExpression): Accumulator {
  const values: number[] = [];
  return {
    add(row, context) {
      const value = arg.evaluate(row, context);
      if (value !== null) values.push(toDouble(value, context.warnings) ?? 0);
    },
    result() {
      const sample = spec.name === "STDDEV_SAMP" || spec.name === "VAR_SAMP";
      const count = values.length;
      if (count === 0 || (sample && count === 1)) return null;
      const mean = values.reduce((sum, value) => sum + value, 0) / count;
      const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
      const variance = squares / (sample ? count - 1 : count);
      const standard = spec.name === "STD" || spec.name === "STDDEV" || spec.name.startsWith("STDDEV");
      return standard ? Math.sqrt(variance) : variance;
    },
  };
}
