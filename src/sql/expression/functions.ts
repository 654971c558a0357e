/**
 * Scalar function dispatch: looks a FunctionCall up in the registries (string-functions.ts,
 * math-functions.ts and the control/information/date functions here), checks arity, and
 * compiles it. An unknown name is ER_SP_DOES_NOT_EXIST (1305) "FUNCTION db.name does not exist",
 * a wrong argument count ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT (1582), as MySQL.
 */

import type { FunctionCall } from "../parser/ast.ts";
import * as constants from "../../constants.ts";
import {
  ER_SP_DOES_NOT_EXIST,
  ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import { toBoolean, toInteger, toText } from "../types/coercion.ts";
import { formatDatetime, parseDateParts, timeZoneOffsetMinutes } from "../types/temporal.ts";
import {
  bigintType,
  doubleType,
  dateType,
  unsignedBigintType,
  textType,
  valueClassOf,
  type CompiledExpression,
  type EvalContext,
} from "./compiled-expression.ts";
import type { Compile, CompileEnvironment } from "./compile-environment.ts";
import { define, scalar, variadic, type FunctionDefinition } from "./function-helpers.ts";
import { stringFunctions } from "./string-functions.ts";
import { mathFunctions } from "./math-functions.ts";
import { dateFunctions } from "./date-functions.ts";
import { timeFunctions } from "./time-functions.ts";
import { jsonFunctions } from "./json-functions.ts";
import { commonType } from "./common-type.ts";
import { makeComparator } from "./compare.ts";
import { collationFor } from "./collation-choice.ts";

const aliases = new Map<string, string>([
  ["SUBSTR", "SUBSTRING"],
  ["MID", "SUBSTRING"],
  ["UCASE", "UPPER"],
  ["LCASE", "LOWER"],
  ["CHARACTER_LENGTH", "CHAR_LENGTH"],
  ["OCTET_LENGTH", "LENGTH"],
  ["POSITION", "LOCATE"],
  ["SCHEMA", "DATABASE"],
  ["SESSION_USER", "USER"],
  ["SYSTEM_USER", "USER"],
  ["CURRENT_TIMESTAMP", "NOW"],
  ["LOCALTIME", "NOW"],
  ["LOCALTIMESTAMP", "NOW"],
  ["SYSDATE", "NOW"],
  ["CURRENT_DATE", "CURDATE"],
  ["CURRENT_TIME", "CURTIME"],
  ["DAYOFMONTH", "DAY"],
]);

function localTimeMs(context: EvalContext): { epochMs: number; offset: number } {
  const zone = String(context.session.getSystemVariable("time_zone") ?? "SYSTEM");
  return { epochMs: context.statementTimeMs, offset: timeZoneOffsetMinutes(zone) };
}

function fractionDigits(args: readonly CompiledExpression[]): number {
  const first = args[0];
  if (first === undefined || !first.constant) return 0;
  return Math.min(Math.max(Number(first.evaluate([], {} as never) ?? 0), 0), 6);
}

function nowFunction(args: readonly CompiledExpression[]): CompiledExpression {
  const digits = fractionDigits(args);
  return scalar([], { kind: "datetime", scale: digits }, (_values, context) => {
    const { epochMs, offset } = localTimeMs(context);
    return formatDatetime(epochMs, digits, offset);
  });
}

function datePart(part: "year" | "month" | "day" | "hour" | "minute" | "second") {
  return define(1, 1, (args) =>
    scalar(args, bigintType, ([value]) => {
      const parts = parseDateParts(toText(value ?? null) ?? "");
      return parts === undefined ? null : parts[part];
    }),
  );
}

function compileIf(args: readonly CompiledExpression[]): CompiledExpression {
  const [condition, whenTrue, whenFalse] = args as [CompiledExpression, CompiledExpression, CompiledExpression];
  return {
    evaluate: (row, context) =>
      toBoolean(condition.evaluate(row, context), context.warnings) === true
        ? whenTrue.evaluate(row, context)
        : whenFalse.evaluate(row, context),
    type: commonType([whenTrue.type, whenFalse.type]),
    nullable: true,
    rowIndependent: args.every((arg) => arg.rowIndependent),
    constant: false,
    dynamicType: false,
  };
}

function compileCoalesce(args: readonly CompiledExpression[]): CompiledExpression {
  return {
    evaluate: (row, context) => {
      for (const arg of args) {
        const value = arg.evaluate(row, context);
        if (value !== null) return value;
      }
      return null;
    },
    type: commonType(args.map((arg) => arg.type)),
    nullable: args.every((arg) => arg.nullable),
    rowIndependent: args.every((arg) => arg.rowIndependent),
    constant: false,
    dynamicType: false,
  };
}

function compileNullIf(args: readonly CompiledExpression[], environment: CompileEnvironment): CompiledExpression {
  const [left, right] = args as [CompiledExpression, CompiledExpression];
  const comparator = makeComparator(left, right, collationFor(left, right, environment.collationConnection));
  return scalar(
    args,
    left.type,
    (values, context) => {
      const [a, b] = values;
      if (a === null || a === undefined) return null;
      if (b === null || b === undefined) return a;
      return comparator(a, b, context.warnings) === 0 ? null : a;
    },
    { nullPropagating: false },
  );
}

function compileLastInsertId(args: readonly CompiledExpression[]): CompiledExpression {
  if (args.length === 0) {
    return scalar([], unsignedBigintType, (_values, context) => context.session.lastInsertId, { volatile: true });
  }
  return scalar(
    args,
    unsignedBigintType,
    (values, context) => {
      const value = toInteger(values[0] ?? null, context.warnings);
      context.session.lastInsertId = value ?? 0;
      context.session.lastInsertIdExplicit = true;
      return value;
    },
    { nullPropagating: false },
  );
}

/** A double in [0, 1) with 53 random bits. */
function randomDouble(context: EvalContext): number {
  const high = context.random.nextUint32() >>> 5;
  const low = context.random.nextUint32() >>> 6;
  return (high * 67108864 + low) / 9007199254740992;
}

/** A random (version 4) UUID; MySQL's UUID() is version 1 (time-based), same text shape. */
function randomUuid(context: EvalContext): string {
  const bytes = context.random.bytes(16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function userText(context: EvalContext): string {
  return `${context.session.user}@${context.session.host}`;
}

const builtins = new Map<string, FunctionDefinition>([
  ["IF", define(3, 3, (args) => compileIf(args))],
  ["IFNULL", define(2, 2, (args) => compileCoalesce(args))],
  ["COALESCE", define(1, variadic, (args) => compileCoalesce(args))],
  ["NULLIF", define(2, 2, (args, env) => compileNullIf(args, env))],
  ["ISNULL", define(1, 1, (args) => scalar(args, bigintType, ([value]) => (value === null ? 1 : 0), { nullPropagating: false }))],
  ["NOW", define(0, 1, (args) => nowFunction(args))],
  ["CURDATE", define(0, 0, () => scalar([], dateType, (_v, context) => { const { epochMs, offset } = localTimeMs(context); return formatDatetime(epochMs, 0, offset).slice(0, 10); }))],
  ["CURTIME", define(0, 1, (args) => scalar([], { kind: "time" }, (_v, context) => { const { epochMs, offset } = localTimeMs(context); return formatDatetime(epochMs, fractionDigits(args), offset).slice(11); }))],
  ["UTC_TIMESTAMP", define(0, 1, (args) => scalar([], { kind: "datetime" }, (_v, context) => formatDatetime(context.statementTimeMs, fractionDigits(args))))],
  ["UNIX_TIMESTAMP", define(0, 1, (args) => scalar(args, bigintType, (values, context) => {
    if (values.length === 0) return Math.floor(context.statementTimeMs / 1000);
    const parts = parseDateParts(toText(values[0] ?? null) ?? "");
    if (parts === undefined) return 0;
    // The argument is a time in the session's time zone.
    const { offset } = localTimeMs(context);
    const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return Math.max(0, Math.floor(local / 1000) - offset * 60);
  }))],
  ["DATE", define(1, 1, (args) => scalar(args, dateType, ([value]) => { const parts = parseDateParts(toText(value ?? null) ?? ""); return parts === undefined ? null : formatDatetime(Date.UTC(parts.year, parts.month - 1, parts.day)).slice(0, 10); }))],
  ["YEAR", datePart("year")],
  ["MONTH", datePart("month")],
  ["DAY", datePart("day")],
  ["HOUR", datePart("hour")],
  ["MINUTE", datePart("minute")],
  ["SECOND", datePart("second")],
  ["DATABASE", define(0, 0, (_args, env) => scalar([], textType(env.collationConnection, 64), (_v, context) => context.session.database ?? null, { volatile: true }))],
  ["USER", define(0, 0, (_args, env) => scalar([], textType(env.collationConnection, 288), (_v, context) => userText(context), { volatile: true }))],
  ["CURRENT_USER", define(0, 0, (_args, env) => scalar([], textType(env.collationConnection, 288), (_v, context) => `${context.session.user}@${context.session.host === "127.0.0.1" || context.session.host === "::1" ? "localhost" : context.session.host}`, { volatile: true }))],
  ["VERSION", define(0, 0, (_args, env) => scalar([], textType(env.collationConnection, 64), () => constants.serverVersion))],
  ["CONNECTION_ID", define(0, 0, () => scalar([], unsignedBigintType, (_v, context) => context.session.connectionId))],
  ["LAST_INSERT_ID", define(0, 1, (args) => compileLastInsertId(args))],
  ["ROW_COUNT", define(0, 0, () => scalar([], bigintType, (_v, context) => context.session.rowCount))],
  ["FOUND_ROWS", define(0, 0, () => scalar([], unsignedBigintType, (_v, context) => context.session.foundRows))],
  ["RAND", define(0, 0, () => scalar([], doubleType, (_v, context) => randomDouble(context), { volatile: true }))],
  ["UUID", define(0, 0, (_args, env) => scalar([], textType(env.collationConnection, 36), (_v, context) => randomUuid(context), { volatile: true }))],
  ["BIN_TO_UUID", define(1, 2, (args, env) => scalar(args, textType(env.collationConnection, 36), ([value]) => {
    const bytes = value instanceof Uint8Array ? value : new TextEncoder().encode(toText(value ?? null) ?? "");
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }))],
  ["CHARSET", define(1, 1, (args, env) => scalar(args, textType(env.collationConnection, 64), () => (valueClassOf(args[0]!.type) === "binary" ? "binary" : (args[0]!.type.collation ?? env.collationConnection).split("_")[0] ?? "utf8mb4"), { nullPropagating: false }))],
  ["COLLATION", define(1, 1, (args, env) => scalar(args, textType(env.collationConnection, 64), () => (valueClassOf(args[0]!.type) === "binary" ? "binary" : (args[0]!.type.collation ?? env.collationConnection)), { nullPropagating: false }))],
  ["TO_BASE64", define(1, 1, (args, env) => scalar(args, textType(env.collationConnection), ([value]) => Buffer.from(value instanceof Uint8Array ? value : new TextEncoder().encode(toText(value ?? null) ?? "")).toString("base64")))],
]);

const dateFunctionMap = dateFunctions(undefined);
const timeFunctionMap = timeFunctions();
const jsonFunctionMap = jsonFunctions();

function lookup(name: string): FunctionDefinition | undefined {
  const canonical = aliases.get(name) ?? name;
  return builtins.get(canonical) ?? stringFunctions.get(canonical) ?? mathFunctions.get(canonical) ??
    dateFunctionMap.get(canonical) ?? timeFunctionMap.get(canonical) ?? jsonFunctionMap.get(canonical);
}

export function isKnownFunction(name: string): boolean {
  return lookup(name.toUpperCase()) !== undefined;
}

export function compileFunctionCall(call: FunctionCall, environment: CompileEnvironment, compile: Compile): CompiledExpression {
  const name = call.name.toUpperCase();
  const definition = lookup(name);
  if (definition === undefined) {
    const written = call.name.toLowerCase();
    // `db.func(…)` names its database; a bare name is looked up in the current one.
    const qualified = written.includes(".") || environment.database === undefined ? written : `${environment.database}.${written}`;
    throw sqlError(ER_SP_DOES_NOT_EXIST, "FUNCTION", qualified);
  }
  if (call.args.length < definition.minArgs || call.args.length > definition.maxArgs) {
    throw sqlError(ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT, call.name);
  }
  const args = call.args.map((arg) => compile(arg));
  return definition.compile(args, environment);
}

