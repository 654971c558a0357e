/**
 * Date and time functions over MySQL's canonical temporal text: `date ± INTERVAL n unit`,
 * DATE_ADD / DATE_SUB / ADDDATE / SUBDATE, DATEDIFF, TIMESTAMPDIFF / TIMESTAMPADD, EXTRACT,
 * DATE_FORMAT, DAYOFWEEK / WEEKDAY / DAYNAME / MONTHNAME / DAYOFYEAR / LAST_DAY, FROM_UNIXTIME.
 * Arithmetic runs on UTC epoch milliseconds; adding months clamps the day to the month's end
 * (2024-01-31 + 1 month = 2024-02-29), as MySQL. Invalid dates give NULL (with warning 1292).
 */

import type { IntervalUnit, TimestampFunction, ExtractExpression } from "../parser/ast.ts";
import type { SqlValue } from "../types/value.ts";
import { ER_TRUNCATED_WRONG_VALUE } from "../../util/mysql-errors.ts";
import { toDouble, toText, bytesToText } from "../types/coercion.ts";
import {
  dayNames,
  formatDatetime,
  monthNames,
  pad,
  parseDateParts,
  timeZoneOffsetMinutes,
  type DateParts,
} from "../types/temporal.ts";
import { bigintType, datetimeType, dateType, type CompiledExpression, type EvalContext } from "./compiled-expression.ts";
import type { Compile, CompileEnvironment } from "./compile-environment.ts";
import { define, scalar, type FunctionDefinition } from "./function-helpers.ts";
import { textType } from "./compiled-expression.ts";
import { strToDate } from "./str-to-date.ts";
import { WEEK_FIRST_WEEKDAY, WEEK_MONDAY_FIRST, WEEK_YEAR, calcWeek, weekBehaviour } from "./week-number.ts";

const dayMs = 86_400_000;
const unitMs: Partial<Record<IntervalUnit, number>> = {
  microsecond: 0.001,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: dayMs,
  week: 7 * dayMs,
};
/** Composite units: the component sizes, largest first, in ms (months for year_month). */
const compositeUnits: Partial<Record<IntervalUnit, readonly number[]>> = {
  second_microsecond: [1000, 0.001],
  minute_microsecond: [60_000, 1000, 0.001],
  minute_second: [60_000, 1000],
  hour_microsecond: [3_600_000, 60_000, 1000, 0.001],
  hour_second: [3_600_000, 60_000, 1000],
  hour_minute: [3_600_000, 60_000],
  day_microsecond: [dayMs, 3_600_000, 60_000, 1000, 0.001],
  day_second: [dayMs, 3_600_000, 60_000, 1000],
  day_minute: [dayMs, 3_600_000, 60_000],
  day_hour: [dayMs, 3_600_000],
};

function partsOf(value: SqlValue, context: EvalContext): DateParts | undefined {
  const text = value instanceof Uint8Array ? bytesToText(value) : (toText(value) ?? "");
  const parts = parseDateParts(text);
  if (parts === undefined || parts.month === 0) {
    context.warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, "datetime", text);
    return undefined;
  }
  return parts;
}

function epochOf(parts: DateParts): number {
  const fraction = Number(`0.${parts.fraction || "0"}`) * 1000;
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) + fraction;
}

function addMonths(epochMs: number, months: number): number {
  const date = new Date(epochMs);
  const targetMonth = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(year, month, day) + (epochMs - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Adds `amount` `unit`s (negated when subtracting); undefined for a malformed interval. */
export function addInterval(epochMs: number, amount: SqlValue, unit: IntervalUnit, sign: 1 | -1, context: EvalContext): number | undefined {
  const simple = unitMs[unit];
  if (simple !== undefined) return epochMs + sign * (toDouble(amount, context.warnings) ?? 0) * simple;
  if (unit === "month" || unit === "quarter" || unit === "year") {
    const count = Math.trunc(toDouble(amount, context.warnings) ?? 0);
    return addMonths(epochMs, sign * count * (unit === "month" ? 1 : unit === "quarter" ? 3 : 12));
  }
  const text = toText(amount) ?? "";
  const negative = text.trim().startsWith("-") ? -1 : 1;
  const numbers = (text.match(/\d+/g) ?? []).map(Number);
  if (unit === "year_month") {
    const [years = 0, months = 0] = numbers.length === 1 ? [0, numbers[0]] : numbers;
    return addMonths(epochMs, sign * negative * (years * 12 + months));
  }
  const sizes = compositeUnits[unit];
  if (sizes === undefined) return undefined;
  const aligned = numbers.slice(-sizes.length);
  const offset = sizes.length - aligned.length;
  const total = aligned.reduce((sum, value, index) => sum + value * sizes[index + offset]!, 0);
  return epochMs + sign * negative * total;
}

const dateOnlyText = /^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,2}\s*$|^\s*\d{8}\s*$/;

function isDateOnlyUnit(unit: IntervalUnit): boolean {
  return unit === "day" || unit === "week" || unit === "month" || unit === "quarter" || unit === "year" || unit === "year_month";
}

/** `date ± INTERVAL` / DATE_ADD / DATE_SUB. DATE input with a day-or-larger unit stays DATE. */
export function compileIntervalArithmetic(
  date: CompiledExpression,
  amount: CompiledExpression,
  unit: IntervalUnit,
  sign: 1 | -1,
): CompiledExpression {
  const dateUnit = isDateOnlyUnit(unit);
  const dateResult = date.type.kind === "date" && dateUnit;
  return scalar([date, amount], dateResult ? dateType : datetimeType, (values, context) => {
    const input = values[0] ?? null;
    const parts = partsOf(input, context);
    if (parts === undefined) return null;
    const result = addInterval(epochOf(parts), values[1] ?? null, unit, sign, context);
    if (result === undefined || !Number.isFinite(result)) return null;
    const fractionDigits = result % 1000 !== 0 ? 6 : 0;
    const text = formatDatetime(result, fractionDigits);
    // A DATE (or date-only text) moved by days or more stays a date, as MySQL.
    if (dateResult || (dateUnit && typeof input === "string" && dateOnlyText.test(input))) return text.slice(0, 10);
    return text;
  });
}

function dayOfYear(parts: DateParts): number {
  return Math.round((Date.UTC(parts.year, parts.month - 1, parts.day) - Date.UTC(parts.year, 0, 1)) / dayMs) + 1;
}

function formatDate(parts: DateParts, format: string): string {
  const weekday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay();
  const hour12 = parts.hour % 12 === 0 ? 12 : parts.hour % 12;
  const codes: Record<string, () => string> = {
    Y: () => pad(parts.year, 4), y: () => pad(parts.year % 100), m: () => pad(parts.month), c: () => String(parts.month),
    d: () => pad(parts.day), e: () => String(parts.day), H: () => pad(parts.hour), k: () => String(parts.hour),
    h: () => pad(hour12), I: () => pad(hour12), l: () => String(hour12), i: () => pad(parts.minute),
    s: () => pad(parts.second), S: () => pad(parts.second), f: () => parts.fraction.padEnd(6, "0"),
    p: () => (parts.hour < 12 ? "AM" : "PM"), M: () => monthNames[parts.month - 1]!, b: () => monthNames[parts.month - 1]!.slice(0, 3),
    W: () => dayNames[weekday]!, a: () => dayNames[weekday]!.slice(0, 3), w: () => String(weekday),
    j: () => pad(dayOfYear(parts), 3), T: () => `${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`,
    r: () => `${pad(hour12)}:${pad(parts.minute)}:${pad(parts.second)} ${parts.hour < 12 ? "AM" : "PM"}`,
    D: () => `${parts.day}${ordinalSuffix(parts.day)}`,
    U: () => pad(calcWeek(parts, WEEK_FIRST_WEEKDAY).week),
    u: () => pad(calcWeek(parts, WEEK_MONDAY_FIRST).week),
    V: () => pad(calcWeek(parts, WEEK_YEAR | WEEK_FIRST_WEEKDAY).week),
    v: () => pad(calcWeek(parts, WEEK_YEAR | WEEK_MONDAY_FIRST).week),
    X: () => pad(calcWeek(parts, WEEK_YEAR | WEEK_FIRST_WEEKDAY).year, 4),
    x: () => pad(calcWeek(parts, WEEK_YEAR | WEEK_MONDAY_FIRST).year, 4),
  };
  return format.replace(/%(.)/g, (_whole, code: string) => codes[code]?.() ?? code);
}

/** "st", "nd", "rd" or "th" for a day of the month (11th–13th included). */
function ordinalSuffix(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return "th";
  return ["th", "st", "nd", "rd"][day % 10] ?? "th";
}

/** EXTRACT's composite units: the two-digit fields they concatenate ("f" = 6-digit fraction). */
const extractFields: Partial<Record<IntervalUnit, readonly ("d" | "h" | "m" | "s" | "f")[]>> = {
  day_hour: ["d", "h"],
  day_minute: ["d", "h", "m"],
  day_second: ["d", "h", "m", "s"],
  day_microsecond: ["d", "h", "m", "s", "f"],
  hour_minute: ["h", "m"],
  hour_second: ["h", "m", "s"],
  hour_microsecond: ["h", "m", "s", "f"],
  minute_second: ["m", "s"],
  minute_microsecond: ["m", "s", "f"],
  second_microsecond: ["s", "f"],
};

function partNumber(parts: DateParts, unit: IntervalUnit): number | undefined {
  const fields = extractFields[unit];
  if (fields !== undefined) {
    const digits = fields.map((field) => {
      switch (field) {
        case "d": return pad(parts.day);
        case "h": return pad(parts.hour);
        case "m": return pad(parts.minute);
        case "s": return pad(parts.second);
        case "f": return parts.fraction.padEnd(6, "0").slice(0, 6);
      }
    });
    return Number(digits.join(""));
  }
  switch (unit) {
    case "year":
      return parts.year;
    case "quarter":
      return Math.floor((parts.month - 1) / 3) + 1;
    case "month":
      return parts.month;
    case "day":
      return parts.day;
    case "hour":
      return parts.hour;
    case "minute":
      return parts.minute;
    case "second":
      return parts.second;
    case "microsecond":
      return Number(parts.fraction.padEnd(6, "0"));
    case "year_month":
      return parts.year * 100 + parts.month;
    case "week":
      return calcWeek(parts, weekBehaviour(0)).week;
    default:
      return undefined;
  }
}

export function compileExtract(expression: ExtractExpression, compile: Compile): CompiledExpression {
  const unit = expression.unit;
  return scalar([compile(expression.operand)], bigintType, (values, context) => {
    const parts = partsOf(values[0] ?? null, context);
    return parts === undefined ? null : (partNumber(parts, unit) ?? null);
  });
}

const monthsPerUnit: Partial<Record<IntervalUnit, number>> = { month: 1, quarter: 3, year: 12 };

export function compileTimestampFunction(expression: TimestampFunction, compile: Compile): CompiledExpression {
  const unit = expression.unit;
  const [first, second] = expression.args.map(compile) as [CompiledExpression, CompiledExpression];
  if (expression.name === "TIMESTAMPADD") return compileIntervalArithmetic(second, first, unit, 1);
  return scalar([first, second], bigintType, (values, context) => {
    const from = partsOf(values[0] ?? null, context);
    const to = partsOf(values[1] ?? null, context);
    if (from === undefined || to === undefined) return null;
    const months = monthsPerUnit[unit];
    if (months !== undefined) {
      let difference = (to.year - from.year) * 12 + (to.month - from.month);
      const toRest = epochOf({ ...to, year: 2000, month: 1 });
      const fromRest = epochOf({ ...from, year: 2000, month: 1 });
      if (difference > 0 && toRest < fromRest) difference--;
      if (difference < 0 && toRest > fromRest) difference++;
      return Math.trunc(difference / months);
    }
    const size = unitMs[unit];
    if (size === undefined) return null;
    return Math.trunc((epochOf(to) - epochOf(from)) / size);
  });
}

function intervalCall(sign: 1 | -1): FunctionDefinition {
  return define(2, 2, (args) => {
    // The parser gives INTERVAL arguments as IntervalExpression; a bare number means days.
    const [date, amount] = args as [CompiledExpression, CompiledExpression];
    const unit = (amount as { intervalUnit?: IntervalUnit }).intervalUnit ?? "day";
    return compileIntervalArithmetic(date, amount, unit, sign);
  });
}

function datePartFunction(compute: (parts: DateParts) => SqlValue, type = bigintType): FunctionDefinition {
  return define(1, 1, (args) =>
    scalar(args, type, (values, context) => {
      const parts = partsOf(values[0] ?? null, context);
      return parts === undefined ? null : compute(parts);
    }),
  );
}

/** Minutes east of UTC of an offset zone ('+05:30', '-13:59'..'+14:00') or SYSTEM (UTC here). */
function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === "SYSTEM") return 0;
  const match = /^\s*([+-])(\d{1,2}):(\d{2})\s*$/.exec(zone);
  if (match === null) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (Number(match[3]) > 59 || (match[1] === "+" ? minutes > 14 * 60 : minutes > 13 * 60 + 59)) return undefined;
  return match[1] === "-" ? -minutes : minutes;
}

/** WEEK / YEARWEEK: (date[, mode]); mode defaults to 0 (default_week_format). */
function weekFunction(compute: (parts: DateParts, mode: number) => number): FunctionDefinition {
  return define(1, 2, (args) =>
    scalar(args, bigintType, (values, context) => {
      const parts = partsOf(values[0] ?? null, context);
      if (parts === undefined) return null;
      const mode = values.length > 1 ? Math.trunc(toDouble(values[1] ?? null, context.warnings) ?? 0) : 0;
      return compute(parts, mode);
    }),
  );
}

export function dateFunctions(environment: CompileEnvironment | undefined): ReadonlyMap<string, FunctionDefinition> {
  const text = textType(environment?.collationConnection ?? "utf8mb4_0900_ai_ci", 64);
  return new Map<string, FunctionDefinition>([
    ["DATE_ADD", intervalCall(1)],
    ["ADDDATE", intervalCall(1)],
    ["DATE_SUB", intervalCall(-1)],
    ["SUBDATE", intervalCall(-1)],
    ["DATEDIFF", define(2, 2, (args) => scalar(args, bigintType, (values, context) => {
      const a = partsOf(values[0] ?? null, context);
      const b = partsOf(values[1] ?? null, context);
      if (a === undefined || b === undefined) return null;
      return Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) / dayMs);
    }))],
    ["DATE_FORMAT", define(2, 2, (args) => scalar(args, text, (values, context) => {
      const parts = partsOf(values[0] ?? null, context);
      return parts === undefined ? null : formatDate(parts, toText(values[1] ?? null) ?? "");
    }))],
    ["DAYOFWEEK", datePartFunction((parts) => new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay() + 1)],
    ["WEEKDAY", datePartFunction((parts) => (new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay() + 6) % 7)],
    ["DAYOFYEAR", datePartFunction((parts) => dayOfYear(parts))],
    ["STR_TO_DATE", strToDate],
    ["QUARTER", datePartFunction((parts) => Math.floor((parts.month - 1) / 3) + 1)],
    ["WEEKOFYEAR", datePartFunction((parts) => calcWeek(parts, weekBehaviour(3)).week)],
    ["WEEK", weekFunction((parts, mode) => calcWeek(parts, weekBehaviour(mode)).week)],
    ["YEARWEEK", weekFunction((parts, mode) => {
      const { week, year } = calcWeek(parts, weekBehaviour(mode) | WEEK_YEAR);
      return year * 100 + week;
    })],
    ["DAYNAME", datePartFunction((parts) => dayNames[new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay()]!, text)],
    ["MONTHNAME", datePartFunction((parts) => monthNames[parts.month - 1]!, text)],
    ["LAST_DAY", datePartFunction((parts) => formatDatetime(Date.UTC(parts.year, parts.month, 0)).slice(0, 10), dateType)],
    // CONVERT_TZ(dt, from, to) with offsets ('+05:30') or SYSTEM; a named zone needs MySQL's
    // time zone tables, which this server does not have: NULL, as MySQL without them.
    ["CONVERT_TZ", define(3, 3, (args) => scalar(args, datetimeType, (values, context) => {
      const parts = partsOf(values[0] ?? null, context);
      const from = zoneOffsetMinutes(toText(values[1] ?? null) ?? "");
      const to = zoneOffsetMinutes(toText(values[2] ?? null) ?? "");
      if (parts === undefined || from === undefined || to === undefined) return null;
      return formatDatetime(epochOf(parts) + (to - from) * 60_000, parts.fraction.length);
    }))],
    // FROM_UNIXTIME(n[, format]): n seconds after the epoch, in the session's time zone.
    ["FROM_UNIXTIME", define(1, 2, (args) => scalar(args, args.length > 1 ? text : datetimeType, (values, context) => {
      const seconds = toDouble(values[0] ?? null, context.warnings) ?? 0;
      if (seconds < 0) return null;
      const zone = String(context.session.getSystemVariable("time_zone") ?? "SYSTEM");
      const local = formatDatetime(seconds * 1000, Number.isInteger(seconds) ? 0 : 6, timeZoneOffsetMinutes(zone));
      if (values.length < 2) return local;
      const parts = parseDateParts(local);
      return parts === undefined ? null : formatDate(parts, toText(values[1] ?? null) ?? "");
    }))],
  ]);
}
