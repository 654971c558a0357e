/**
 * DATE / DATETIME / TIME values as MySQL's canonical text ("2024-01-31", "2024-01-31 12:00:00",
 * "12:00:00"), and the loose parsing MySQL accepts on input ("2024-1-5", "20240105",
 * "2024-01-05T10:00"). Time zone: the server runs in UTC (system_time_zone = UTC); time_zone
 * offsets other than SYSTEM/UTC are applied as fixed offsets.
 */

/** `value` zero-padded to `width` digits (two by default), for temporal text. */
export function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** English day and month names, as DATE_FORMAT writes them and STR_TO_DATE reads them. */
export const dayNames: readonly string[] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const monthNames: readonly string[] = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

/** Formats epoch milliseconds as "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC plus `offsetMinutes`. */
export function formatDatetime(epochMs: number, fractionDigits = 0, offsetMinutes = 0): string {
  const date = new Date(epochMs + offsetMinutes * 60_000);
  const text =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)} ` +
    `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  if (fractionDigits <= 0) return text;
  const micros = pad(date.getUTCMilliseconds() * 1000, 6).slice(0, fractionDigits);
  return `${text}.${micros}`;
}

const datePattern = /^\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?\s*$/;
const compactPattern = /^\s*(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?\s*$/;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly fraction: string;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses date or datetime text; undefined when it is not a valid date (zero dates allowed). */
export function parseDateParts(text: string): DateParts | undefined {
  const match = datePattern.exec(text) ?? compactPattern.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  const second = Number(match[6] ?? 0);
  const zeroDate = year === 0 && month === 0 && day === 0;
  if (!zeroDate && (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second, fraction: match[7] ?? "" };
}

export function formatDate(parts: DateParts): string {
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

export function formatDateParts(parts: DateParts, fractionDigits: number): string {
  const base = `${formatDate(parts)} ${pad(parts.hour, 2)}:${pad(parts.minute, 2)}:${pad(parts.second, 2)}`;
  if (fractionDigits <= 0) return base;
  return `${base}.${parts.fraction.padEnd(6, "0").slice(0, fractionDigits)}`;
}

const timePattern = /^\s*(-)?(?:(\d+)\s+)?(\d{1,3}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?\s*$/;

/** Canonical TIME text ("-838:59:59" .. "838:59:59"), or undefined. */
export function parseTime(text: string, fractionDigits = 0): string | undefined {
  const match = timePattern.exec(text);
  if (match === null) return undefined;
  const hours = Number(match[3]) + Number(match[2] ?? 0) * 24;
  const minutes = Number(match[4]);
  const seconds = Number(match[5] ?? 0);
  if (minutes > 59 || seconds > 59 || hours > 838) return undefined;
  const base = `${match[1] ?? ""}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}`;
  if (fractionDigits <= 0) return base;
  return `${base}.${(match[6] ?? "").padEnd(6, "0").slice(0, fractionDigits)}`;
}

/** Minutes east of UTC for a time_zone value ("SYSTEM", "UTC", "+08:00"). */
export function timeZoneOffsetMinutes(zone: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}
