/**
 * CASE, CAST/CONVERT and COLLATE. CAST follows MySQL: SIGNED/UNSIGNED round decimals and take
 * the integer prefix of strings (warning 1292), CHAR(n) truncates, DECIMAL(p,s) rounds and
 * clamps to its precision (warning 1264), DATE/DATETIME parse loosely (NULL + 1292 if invalid).
 */

import type { CaseExpression, CastType } from "../parser/ast.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { SqlValue } from "../types/value.ts";
import {
  ER_TRUNCATED_WRONG_VALUE,
  ER_UNKNOWN_COLLATION,
  ER_WARN_DATA_OUT_OF_RANGE,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import { getCollation, defaultCollationForCharset } from "../types/collation.ts";
import {
  bytesToText,
  textToBytes,
  toDecimal,
  toDouble,
  toInteger,
  toText,
  int64Min,
  int64Max,
  normalizeInteger,
  type WarningSink,
} from "../types/coercion.ts";
import { decimalIntegerDigits } from "../types/decimal.ts";
import { formatDate, formatDateParts, parseDateParts, parseTime } from "../types/temporal.ts";
import {
  decimalType,
  doubleType,
  valueClassOf,
  type CompiledExpression,
  type EvalContext,
} from "./compiled-expression.ts";
import type { Compile, CompileEnvironment } from "./compile-environment.ts";
import { makeComparator } from "./compare.ts";
import { collationFor } from "./collation-choice.ts";
import { commonType } from "./common-type.ts";
import { toBoolean } from "../types/coercion.ts";

export function compileCase(expression: CaseExpression, environment: CompileEnvironment, compile: Compile): CompiledExpression {
  const operand = expression.operand === undefined ? undefined : compile(expression.operand);
  const whens = expression.whens.map((clause) => ({
    when: compile(clause.when),
    then: compile(clause.then),
  }));
  const otherwise = expression.else === undefined ? undefined : compile(expression.else);
  const comparators = whens.map((clause) =>
    operand === undefined
      ? undefined
      : makeComparator(operand, clause.when, collationFor(operand, clause.when, environment.collationConnection)),
  );
  const type = commonType([...whens.map((clause) => clause.then.type), ...(otherwise ? [otherwise.type] : [])]);
  return {
    evaluate: (row, context) => {
      const subject = operand?.evaluate(row, context);
      for (let index = 0; index < whens.length; index++) {
        const clause = whens[index]!;
        const comparator = comparators[index];
        const candidate = clause.when.evaluate(row, context);
        let matched: boolean;
        if (comparator === undefined) matched = toBoolean(candidate, context.warnings) === true;
        else matched = subject != null && candidate !== null && comparator(subject, candidate, context.warnings) === 0;
        if (matched) return clause.then.evaluate(row, context);
      }
      return otherwise === undefined ? null : otherwise.evaluate(row, context);
    },
    type,
    nullable: true,
    rowIndependent: [operand, otherwise, ...whens.flatMap((c) => [c.when, c.then])].every(
      (part) => part === undefined || part.rowIndependent,
    ),
    constant: false,
    dynamicType: false,
  };
}

export function castTargetType(target: CastType, environment: CompileEnvironment): SqlType {
  switch (target.name) {
    case "signed":
      return { kind: "bigint" };
    case "unsigned":
      return { kind: "bigint", unsigned: true };
    case "decimal":
      return decimalType(target.scale ?? 0, target.length ?? 10);
    case "double":
    case "real":
      return doubleType;
    case "float":
      return { kind: "float" };
    case "date":
      return { kind: "date" };
    case "datetime":
      return { kind: "datetime", scale: target.scale ?? 0 };
    case "time":
      return { kind: "time", scale: target.scale ?? 0 };
    case "year":
      return { kind: "year" };
    case "binary":
      return target.length === undefined ? { kind: "varbinary", length: 65535 } : { kind: "binary", length: target.length };
    case "json":
      return { kind: "json", collation: "utf8mb4_bin" };
    case "char":
    case "nchar": {
      const collation =
        target.collation ??
        (target.charset === undefined
          ? environment.collationConnection
          : (defaultCollationForCharset(target.charset)?.name ?? environment.collationConnection));
      return { kind: "varchar", length: target.length ?? 65535, collation };
    }
  }
}

export function compileCast(
  operand: CompiledExpression,
  target: CastType,
  environment: CompileEnvironment,
): CompiledExpression {
  const type = castTargetType(target, environment);
  const evaluate = operand.evaluate;
  const operandIsDecimal = valueClassOf(operand.type) === "decimal";
  const kind = operand.type.kind;
  // A DATE / DATETIME / TIME cast to an integer is its digits (20240305, 101112), as MySQL.
  const operandIsTemporal = kind === "date" || kind === "datetime" || kind === "timestamp" || kind === "time";
  return {
    evaluate: (row, context) => {
      const value = evaluate(row, context);
      if (operandIsTemporal && typeof value === "string" && (target.name === "signed" || target.name === "unsigned")) {
        return castInteger(temporalDigits(value), target.name === "unsigned", context.warnings, false);
      }
      return castValue(value, type, target, context, operandIsDecimal);
    },
    type,
    nullable: true,
    rowIndependent: operand.rowIndependent,
    constant: false,
    dynamicType: false,
  };
}

function castValue(
  value: SqlValue,
  type: SqlType,
  target: CastType,
  context: EvalContext,
  operandIsDecimal: boolean,
): SqlValue {
  if (value === null) return null;
  const warnings = context.warnings;
  switch (target.name) {
    case "signed":
    case "unsigned":
      return castInteger(value, target.name === "unsigned", warnings, operandIsDecimal);
    case "decimal":
      return castDecimal(value, type.length ?? 10, type.scale ?? 0, warnings);
    case "double":
    case "real":
    case "float":
      return toDouble(value, warnings);
    case "date":
    case "datetime":
      return castDatetime(value, target.name === "date", type.scale ?? 0, warnings);
    case "time": {
      const text = toText(value) ?? "";
      // A datetime casts to its time of day.
      const parts = /^\s*\d{1,4}-\d{1,2}-\d{1,2}[ T]/.test(text) ? parseDateParts(text) : undefined;
      const time = parts === undefined ? parseTime(text, type.scale ?? 0)
        : parseTime(`${parts.hour}:${parts.minute}:${parts.second}${parts.fraction === "" ? "" : `.${parts.fraction}`}`, type.scale ?? 0);
      if (time === undefined) warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, "time", text);
      return time ?? null;
    }
    case "year":
      return toInteger(value, warnings);
    case "binary": {
      const bytes = value instanceof Uint8Array ? value : textToBytes(toText(value) ?? "");
      if (target.length === undefined || bytes.length === target.length) return bytes;
      if (bytes.length > target.length) return bytes.slice(0, target.length);
      // BINARY(n) pads with 0x00 bytes to n, as the BINARY column type does.
      const padded = new Uint8Array(target.length);
      padded.set(bytes);
      return padded;
    }
    case "json":
    case "char":
    case "nchar": {
      const text = value instanceof Uint8Array ? bytesToText(value) : (toText(value) ?? "");
      return target.length === undefined ? text : [...text].slice(0, target.length).join("");
    }
  }
}

/** "2024-03-05 10:11:12.5" → "20240305101112.5": the number a temporal value converts to. */
function temporalDigits(text: string): string {
  const [whole = "", fraction] = text.split(".");
  const digits = whole.replace(/[^0-9-]/g, "").replace(/(?!^)-/g, "");
  return fraction === undefined ? digits : `${digits}.${fraction}`;
}

function castInteger(value: SqlValue, unsigned: boolean, warnings: WarningSink, isDecimal: boolean): SqlValue {
  const integer = toInteger(value, warnings, isDecimal);
  if (integer === null) return null;
  const big = BigInt(integer);
  if (unsigned) return normalizeInteger(BigInt.asUintN(64, big));
  if (big > int64Max || big < int64Min) return normalizeInteger(BigInt.asIntN(64, big));
  return integer;
}

function castDecimal(value: SqlValue, precision: number, scale: number, warnings: WarningSink): SqlValue {
  const decimal = toDecimal(value, scale, warnings);
  if (decimal === null) return null;
  if (decimalIntegerDigits(decimal) > precision - scale) {
    warnings.add("Warning", ER_WARN_DATA_OUT_OF_RANGE, "", 1);
    const nines = "9".repeat(Math.max(precision - scale, 0)) || "0";
    const fraction = scale > 0 ? `.${"9".repeat(scale)}` : "";
    return `${decimal.startsWith("-") ? "-" : ""}${nines}${fraction}`;
  }
  return decimal;
}

function castDatetime(value: SqlValue, dateOnly: boolean, fractionDigits: number, warnings: WarningSink): SqlValue {
  const text = value instanceof Uint8Array ? bytesToText(value) : (toText(value) ?? "");
  const parts = parseDateParts(text);
  if (parts === undefined) {
    warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, dateOnly ? "date" : "datetime", text);
    return null;
  }
  return dateOnly ? formatDate(parts) : formatDateParts(parts, fractionDigits);
}

/** `x COLLATE name`: same value, new collation that wins comparisons. */
export function compileCollate(operand: CompiledExpression, collationName: string): CompiledExpression {
  const collation = getCollation(collationName);
  if (collation === undefined) throw sqlError(ER_UNKNOWN_COLLATION, collationName);
  const type: SqlType = { ...operand.type, collation: collation.name };
  return Object.assign({ ...operand, type }, { explicitCollation: true as const });
}


