/**
 * TIME-valued functions: TIME(), TIME_TO_SEC, SEC_TO_TIME, TIMEDIFF, ADDTIME, SUBTIME and
 * TIME_FORMAT. A TIME is a signed duration ("-838:59:59" .. "838:59:59", up to 6 fractional
 * digits) computed here in microseconds; a DATETIME argument (ADDTIME, TIMEDIFF) is computed in
 * UTC epoch microseconds, as date-functions.ts does. Results outside the TIME range are clamped
 * to it with warning 1292, as MySQL; unparseable arguments give NULL.
 */

import { ER_TRUNCATED_WRONG_VALUE } from "../../util/mysql-errors.ts";
import { bytesToText, toDouble, toText } from "../types/coercion.ts";
import { formatDatetime, pad, parseDateParts } from "../types/temporal.ts";
import type { SqlValue } from "../types/value.ts";
import { bigintType, textType, type EvalContext } from "./compiled-expression.ts";
import { define, scalar, type FunctionDefinition } from "./function-helpers.ts";

const timeType = { kind: "time" } as const;
const microsPerSecond = 1_000_000;
/** 838:59:59, the largest TIME, in microseconds. */
const timeMaxMicros = (838 * 3600 + 59 * 60 + 59) * microsPerSecond;
const timePattern = /^\s*(-)?(?:(\d+)\s+)?(\d+):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?\s*$/;

/** A parsed temporal argument: a duration, or a point in time (epoch microseconds). */
type Temporal =
  | { readonly kind: "time"; readonly micros: number; readonly digits: number }
  | { readonly kind: "datetime"; readonly micros: number; readonly digits: number };

function textOf(value: SqlValue): string {
  return value instanceof Uint8Array ? bytesToText(value) : (toText(value) ?? "");
}

function fractionMicros(fraction: string): number {
  return fraction === "" ? 0 : Number(fraction.padEnd(6, "0").slice(0, 6));
}

/** Datetime text is read as a datetime, anything else as a TIME; undefined when neither. */
function temporalOf(value: SqlValue): Temporal | undefined {
  const text = textOf(value);
  if (/^\s*\d{1,4}-\d{1,2}-\d{1,2}/.test(text)) {
    const parts = parseDateParts(text);
    if (parts === undefined) return undefined;
    const seconds = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) / 1000;
    return { kind: "datetime", micros: seconds * microsPerSecond + fractionMicros(parts.fraction), digits: parts.fraction.length };
  }
  const match = timePattern.exec(text);
  if (match === null) return undefined;
  const minutes = Number(match[4]);
  const seconds = Number(match[5] ?? 0);
  if (minutes > 59 || seconds > 59) return undefined;
  const hours = Number(match[3]) + Number(match[2] ?? 0) * 24;
  const fraction = match[6] ?? "";
  const total = ((hours * 60 + minutes) * 60 + seconds) * microsPerSecond + fractionMicros(fraction);
  return { kind: "time", micros: match[1] === "-" ? -total : total, digits: fraction.length };
}

/** TIME text of a duration, clamped to the TIME range (warning 1292 when it was outside). */
function formatTime(micros: number, digits: number, context: EvalContext): string {
  let value = micros;
  if (Math.abs(value) > timeMaxMicros) {
    value = Math.sign(value) * timeMaxMicros;
    context.warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, "time", String(micros / microsPerSecond));
  }
  const sign = value < 0 ? "-" : "";
  const magnitude = Math.abs(value);
  const seconds = Math.floor(magnitude / microsPerSecond);
  const base = `${sign}${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  if (digits <= 0) return base;
  return `${base}.${pad(magnitude % microsPerSecond, 6).slice(0, digits)}`;
}

function formatPoint(micros: number, digits: number): string {
  return formatDatetime(micros / 1000, digits);
}

/** ADDTIME (sign 1) / SUBTIME (sign -1): a datetime or time moved by a TIME. */
function addTime(sign: 1 | -1): FunctionDefinition {
  return define(2, 2, (args, env) => scalar(args, textType(env.collationConnection, 26), (values, context) => {
    const base = temporalOf(values[0] ?? null);
    const delta = temporalOf(values[1] ?? null);
    if (base === undefined || delta === undefined || delta.kind !== "time") return null;
    const digits = Math.max(base.digits, delta.digits);
    const micros = base.micros + sign * delta.micros;
    return base.kind === "datetime" ? formatPoint(micros, digits) : formatTime(micros, digits, context);
  }));
}

/** The codes TIME_FORMAT accepts; a date code makes the result NULL, as MySQL. */
function formatDuration(micros: number, format: string): string | null {
  const magnitude = Math.abs(micros);
  const seconds = Math.floor(magnitude / microsPerSecond);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds / 60) % 60;
  const second = seconds % 60;
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const meridiem = hours % 24 < 12 ? "AM" : "PM";
  const codes: Record<string, () => string> = {
    H: () => pad(hours), k: () => String(hours), h: () => pad(hour12), I: () => pad(hour12),
    l: () => String(hour12), i: () => pad(minutes), s: () => pad(second), S: () => pad(second),
    f: () => pad(magnitude % microsPerSecond, 6), p: () => meridiem,
    T: () => `${pad(hours)}:${pad(minutes)}:${pad(second)}`,
    r: () => `${pad(hour12)}:${pad(minutes)}:${pad(second)} ${meridiem}`,
    "%": () => "%",
  };
  let dateCode = false;
  const text = format.replace(/%(.)/g, (_whole, code: string) => {
    const render = codes[code];
    if (render !== undefined) return render();
    if (/[aDdbcMmYyjUuVvXxWwe]/.test(code)) dateCode = true;
    return code;
  });
  if (dateCode) return null;
  return micros < 0 ? `-${text}` : text;
}

export function timeFunctions(): ReadonlyMap<string, FunctionDefinition> {
  return new Map<string, FunctionDefinition>([
    ["TIME", define(1, 1, (args) => scalar(args, timeType, (values, context) => {
      const value = temporalOf(values[0] ?? null);
      if (value === undefined) return null;
      if (value.kind === "time") return formatTime(value.micros, value.digits, context);
      const dayMicros = 86_400 * microsPerSecond;
      return formatTime(((value.micros % dayMicros) + dayMicros) % dayMicros, value.digits, context);
    }))],
    ["TIME_TO_SEC", define(1, 1, (args) => scalar(args, bigintType, (values) => {
      const value = temporalOf(values[0] ?? null);
      if (value === undefined) return null;
      const micros = value.kind === "time" ? value.micros : value.micros % (86_400 * microsPerSecond);
      return Math.trunc(micros / microsPerSecond);
    }))],
    ["SEC_TO_TIME", define(1, 1, (args) => scalar(args, timeType, (values, context) => {
      const seconds = toDouble(values[0] ?? null, context.warnings);
      if (seconds === undefined || seconds === null) return null;
      const digits = Number.isInteger(seconds) ? 0 : 6;
      return formatTime(Math.round(seconds * microsPerSecond), digits, context);
    }))],
    ["TIMEDIFF", define(2, 2, (args) => scalar(args, timeType, (values, context) => {
      const a = temporalOf(values[0] ?? null);
      const b = temporalOf(values[1] ?? null);
      // A datetime minus a time (or the reverse) is NULL in MySQL.
      if (a === undefined || b === undefined || a.kind !== b.kind) return null;
      return formatTime(a.micros - b.micros, Math.max(a.digits, b.digits), context);
    }))],
    ["ADDTIME", addTime(1)],
    ["SUBTIME", addTime(-1)],
    ["TIME_FORMAT", define(2, 2, (args, env) => scalar(args, textType(env.collationConnection, 64), (values) => {
      const value = temporalOf(values[0] ?? null);
      if (value === undefined) return null;
      const micros = value.kind === "time" ? value.micros : value.micros % (86_400 * microsPerSecond);
      return formatDuration(micros, textOf(values[1] ?? null));
    }))],
  ]);
}
