/**
 * STR_TO_DATE(text, format): DATE_FORMAT's inverse. The format's specifiers decide the result:
 * date fields only give a DATE, time fields only a TIME, both a DATETIME. Text that does not
 * match, or a date that does not exist, is NULL with warning 1411; text left over after the
 * format is matched is ignored with warning 1292, as MySQL. Leading spaces are skipped.
 *
 * Specifiers: %Y %y %m %c %d %e %M %b %H %k %h %I %l %i %s %S %f %p %j %T %r %W %a %% (the
 * weekday names are matched and ignored); any other character must appear as it is.
 */

import { ER_TRUNCATED_WRONG_VALUE, ER_WRONG_VALUE_FOR_TYPE } from "../../util/mysql-errors.ts";
import { bytesToText, toText } from "../types/coercion.ts";
import type { SqlValue } from "../types/value.ts";
import { dayNames, monthNames, pad } from "../types/temporal.ts";
import { textType } from "./compiled-expression.ts";
import { define, scalar, type FunctionDefinition } from "./function-helpers.ts";


interface Fields {
  year?: number;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hour?: number;
  minute?: number;
  second?: number;
  micros?: number;
  pm?: boolean;
  twelveHour?: boolean;
  hasDate: boolean;
  hasTime: boolean;
}

/** Reads up to `max` digits at `at`; undefined when there is none. */
function digits(text: string, at: number, max: number): { value: number; end: number } | undefined {
  let end = at;
  while (end < text.length && end - at < max && text[end]! >= "0" && text[end]! <= "9") end++;
  return end === at ? undefined : { value: Number(text.slice(at, end)), end };
}

/** Matches one of `names` (or its first three letters when `short`), case-insensitively. */
function name(text: string, at: number, names: readonly string[], short: boolean): { value: number; end: number } | undefined {
  const rest = text.slice(at).toLowerCase();
  for (let i = 0; i < names.length; i++) {
    const candidate = (short ? names[i]!.slice(0, 3) : names[i]!).toLowerCase();
    if (rest.startsWith(candidate)) return { value: i, end: at + candidate.length };
  }
  return undefined;
}

/** Matches `format` against `text`; the end position and fields, or undefined. */
function match(text: string, format: string): { fields: Fields; end: number } | undefined {
  const fields: Fields = { hasDate: false, hasTime: false };
  let at = 0;
  while (at < text.length && text[at] === " ") at++;
  const expand: Record<string, string> = { T: "%H:%i:%s", r: "%h:%i:%s %p" };
  const pattern = format.replace(/%([Tr])/g, (_whole, code: string) => expand[code]!);
  for (let f = 0; f < pattern.length; f++) {
    const ch = pattern[f]!;
    if (ch !== "%" || f + 1 === pattern.length) {
      if (ch === " ") {
        while (at < text.length && text[at] === " ") at++;
        continue;
      }
      if (text[at] !== ch) return undefined;
      at++;
      continue;
    }
    const code = pattern[++f]!;
    let read: { value: number; end: number } | undefined;
    switch (code) {
      case "Y": read = digits(text, at, 4); if (read) { fields.year = read.value < 100 && read.end - at <= 2 ? read.value + (read.value < 70 ? 2000 : 1900) : read.value; fields.hasDate = true; } break;
      case "y": read = digits(text, at, 2); if (read) { fields.year = read.value + (read.value < 70 ? 2000 : 1900); fields.hasDate = true; } break;
      case "m": case "c": read = digits(text, at, 2); if (read) { fields.month = read.value; fields.hasDate = true; } break;
      case "d": case "e": read = digits(text, at, 2); if (read) { fields.day = read.value; fields.hasDate = true; } break;
      case "j": read = digits(text, at, 3); if (read) { fields.dayOfYear = read.value; fields.hasDate = true; } break;
      case "M": read = name(text, at, monthNames, false); if (read) { fields.month = read.value + 1; fields.hasDate = true; } break;
      case "b": read = name(text, at, monthNames, true); if (read) { fields.month = read.value + 1; fields.hasDate = true; } break;
      case "W": read = name(text, at, dayNames, false); break;
      case "a": read = name(text, at, dayNames, true); break;
      case "H": case "k": read = digits(text, at, 2); if (read) { fields.hour = read.value; fields.hasTime = true; } break;
      case "h": case "I": case "l": read = digits(text, at, 2); if (read) { fields.hour = read.value; fields.twelveHour = true; fields.hasTime = true; } break;
      case "i": read = digits(text, at, 2); if (read) { fields.minute = read.value; fields.hasTime = true; } break;
      case "s": case "S": read = digits(text, at, 2); if (read) { fields.second = read.value; fields.hasTime = true; } break;
      case "f": read = digits(text, at, 6); if (read) { fields.micros = Number(text.slice(at, read.end).padEnd(6, "0")); fields.hasTime = true; } break;
      case "p": {
        const meridiem = text.slice(at, at + 2).toUpperCase();
        if (meridiem === "AM" || meridiem === "PM") read = { value: meridiem === "PM" ? 1 : 0, end: at + 2 };
        if (read) fields.pm = read.value === 1;
        break;
      }
      case "%": read = text[at] === "%" ? { value: 0, end: at + 1 } : undefined; break;
      default: read = text[at] === code ? { value: 0, end: at + 1 } : undefined;
    }
    if (read === undefined) return undefined;
    at = read.end;
  }
  return { fields, end: at };
}

/** The DATE / TIME / DATETIME text of matched fields, or undefined for an impossible value. */
function render(fields: Fields): { text: string; kind: "date" | "time" | "datetime" } | undefined {
  let hour = fields.hour ?? 0;
  if (fields.twelveHour === true) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (fields.pm === true ? 12 : 0);
  } else if (fields.pm === true && hour < 12) {
    hour += 12;
  }
  const minute = fields.minute ?? 0;
  const second = fields.second ?? 0;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = fields.micros === undefined ? "" : `.${pad(fields.micros, 6)}`;
  const time = `${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}`;
  if (!fields.hasDate) return { text: time, kind: "time" };
  let year = fields.year ?? 0;
  let month = fields.month ?? 0;
  let day = fields.day ?? 0;
  if (fields.dayOfYear !== undefined) {
    const date = new Date(Date.UTC(year, 0, fields.dayOfYear));
    if (date.getUTCFullYear() !== year) return undefined;
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
  }
  if (month > 12 || day > 31) return undefined;
  if (month > 0 && day > 0 && new Date(Date.UTC(year, month, 0)).getUTCDate() < day) return undefined;
  year = Math.max(0, year);
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return fields.hasTime ? { text: `${date} ${time}`, kind: "datetime" } : { text: date, kind: "date" };
}

function textOf(value: SqlValue): string {
  return value instanceof Uint8Array ? bytesToText(value) : (toText(value) ?? "");
}

export const strToDate: FunctionDefinition = define(2, 2, (args, env) =>
  scalar(args, textType(env.collationConnection, 29), (values, context) => {
    const text = textOf(values[0] ?? null);
    const matched = match(text, textOf(values[1] ?? null));
    const result = matched === undefined ? undefined : render(matched.fields);
    if (matched === undefined || result === undefined) {
      context.warnings.add("Warning", ER_WRONG_VALUE_FOR_TYPE, "datetime", text, "str_to_date");
      return null;
    }
    if (text.slice(matched.end).trim() !== "") {
      context.warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, result.kind, text);
    }
    return result.text;
  }),
);
