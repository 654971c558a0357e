/**
 * MySQL's binary forms of DATE, TIME2, DATETIME2 and TIMESTAMP2 (my_time.cc, "new" temporal
 * formats of 5.6.4+), converting from and to the SQL layer's canonical text
 * ("2024-01-31", "-12:00:00.5", "2024-01-31 12:00:00.000001"). All big-endian except DATE.
 *
 *   DATE        3 bytes LE: day | month << 5 | year << 9
 *   DATETIME2   5 bytes: 0x8000000000 + (((year * 13 + month) << 5 | day) << 17 |
 *               hour << 12 | minute << 6 | second), then the fraction
 *   TIMESTAMP2  4 bytes: seconds since 1970-01-01 00:00:00 UTC (0 = the zero timestamp), then
 *               the fraction
 *   TIME2       fsp 0..4: 3 bytes 0x800000 + signed (hour << 12 | minute << 6 | second), then
 *               the fraction; a negative value with a fraction stores int part - 1 and the
 *               fraction as 0x100 - f (fsp 1-2) or 0x10000 - f (fsp 3-4), so the bytes sort.
 *               fsp 5..6: 6 bytes 0x800000000000 + signed ((hms << 24) + microseconds).
 *   fraction    fsp 1-2: 1 byte microseconds / 10000; 3-4: 2 bytes / 100; 5-6: 3 bytes.
 *
 * Timestamps are UTC: the server runs with time_zone UTC (sql/types/temporal.ts).
 */

import { assert } from "../util/assert.ts";
import { ER_TRUNCATED_WRONG_VALUE } from "../util/mysql-errors.ts";
import { SqlError } from "../sql/sql-error.ts";
import type { EventReader } from "./event-reader.ts";
import type { EventWriter } from "./event-writer.ts";

const DATETIME_INT_OFFSET = 0x80_0000_0000;
const TIME_INT_OFFSET = 0x80_0000;
const TIME_OFFSET = 0x8000_0000_0000;
const SECONDS_PER_DAY = 86_400;
const FRACTION_UNIT = 2 ** 24;

const DATETIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/;
const TIME_PATTERN = /^(-)?(\d{2,3}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

interface DatetimeParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micros: number;
}

function micros(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Number(fraction.padEnd(6, "0"));
}

function parseDatetime(text: string): DatetimeParts {
  const match = DATETIME_PATTERN.exec(text);
  assert(match !== null, `not canonical date/datetime text: ${text}`);
  return {
    year: Number(match[1]), month: Number(match[2]), day: Number(match[3]),
    hour: Number(match[4] ?? 0), minute: Number(match[5] ?? 0), second: Number(match[6] ?? 0),
    micros: micros(match[7]),
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function fractionText(microseconds: number, fsp: number): string {
  return fsp === 0 ? "" : `.${pad(microseconds, 6).slice(0, fsp)}`;
}

function formatDatetime(parts: DatetimeParts, fsp: number): string {
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)} ` +
    `${pad(parts.hour, 2)}:${pad(parts.minute, 2)}:${pad(parts.second, 2)}` +
    fractionText(parts.micros, fsp);
}

function writeFraction(writer: EventWriter, microseconds: number, fsp: number): void {
  if (fsp === 0) return;
  if (fsp <= 2) writer.uintBE(Math.floor(microseconds / 10_000), 1);
  else if (fsp <= 4) writer.uintBE(Math.floor(microseconds / 100), 2);
  else writer.uintBE(microseconds, 3);
}

function readFraction(reader: EventReader, fsp: number): number {
  if (fsp === 0) return 0;
  if (fsp <= 2) return reader.uintBE(1) * 10_000;
  if (fsp <= 4) return reader.uintBE(2) * 100;
  return reader.uintBE(3);
}

export function writeDate(writer: EventWriter, text: string): void {
  const parts = parseDatetime(text);
  writer.uint(parts.day | (parts.month << 5) | (parts.year << 9), 3);
}

export function readDate(reader: EventReader): string {
  const packed = reader.uint(3);
  return `${pad(packed >> 9, 4)}-${pad((packed >> 5) & 15, 2)}-${pad(packed & 31, 2)}`;
}

export function writeDatetime(writer: EventWriter, text: string, fsp: number): void {
  const p = parseDatetime(text);
  const ymd = ((p.year * 13 + p.month) << 5) | p.day;
  const hms = (p.hour << 12) | (p.minute << 6) | p.second;
  writer.uintBE(DATETIME_INT_OFFSET + ymd * 2 ** 17 + hms, 5);
  writeFraction(writer, p.micros, fsp);
}

export function readDatetime(reader: EventReader, fsp: number): string {
  const packed = reader.uintBE(5) - DATETIME_INT_OFFSET;
  if (packed < 0) throw reader.corrupt("negative DATETIME2");
  const ymd = Math.floor(packed / 2 ** 17);
  const hms = packed % 2 ** 17;
  const yearMonth = ymd >> 5;
  const parts: DatetimeParts = {
    year: Math.floor(yearMonth / 13), month: yearMonth % 13, day: ymd & 31,
    hour: hms >> 12, minute: (hms >> 6) & 63, second: hms & 63,
    micros: readFraction(reader, fsp),
  };
  return formatDatetime(parts, fsp);
}

/** Days from 1970-01-01 to a civil date (proleptic Gregorian; Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) +
    dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * TIMESTAMP2 holds 1970-01-01 00:00:00 ..2106-02-07 06:28:15 UTC (and the zero timestamp); a
 * value outside is refused as MySQL refuses it (1292, incorrect datetime value), before
 * anything is logged.
 */
export function writeTimestamp(
  writer: EventWriter,
  text: string,
  fsp: number,
  column: string,
): void {
  const p = parseDatetime(text);
  const zero = p.year === 0 && p.month === 0 && p.day === 0;
  const seconds = zero ? 0
    : daysFromCivil(p.year, p.month, p.day) * SECONDS_PER_DAY + p.hour * 3600 + p.minute * 60 +
      p.second;
  if (seconds < 0 || seconds >= 2 ** 32) {
    const message = `Incorrect datetime value: '${text}' for column '${column}' at row 1`;
    throw new SqlError(ER_TRUNCATED_WRONG_VALUE.code, ER_TRUNCATED_WRONG_VALUE.sqlState, message);
  }
  writer.uintBE(seconds, 4);
  writeFraction(writer, p.micros, fsp);
}

export function readTimestamp(reader: EventReader, fsp: number): string {
  const seconds = reader.uintBE(4);
  const microseconds = readFraction(reader, fsp);
  if (seconds === 0) {
    const zero = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 };
    return formatDatetime({ ...zero, micros: microseconds }, fsp);
  }
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  const rest = seconds % SECONDS_PER_DAY;
  const date = civilFromDays(days);
  return formatDatetime({
    ...date, hour: Math.floor(rest / 3600), minute: Math.floor(rest / 60) % 60,
    second: rest % 60, micros: microseconds,
  }, fsp);
}

export function writeTime(writer: EventWriter, text: string, fsp: number): void {
  const match = TIME_PATTERN.exec(text);
  assert(match !== null, `not canonical TIME text: ${text}`);
  const negative = match[1] === "-";
  const hms = (Number(match[2]) << 12) | (Number(match[3]) << 6) | Number(match[4]);
  const microseconds = micros(match[5]);
  if (fsp >= 5) {
    const magnitude = hms * FRACTION_UNIT + microseconds;
    writer.uintBE(TIME_OFFSET + (negative ? -magnitude : magnitude), 6);
    return;
  }
  const fraction = fsp === 0 ? 0 : fsp <= 2 ? Math.floor(microseconds / 10_000)
    : Math.floor(microseconds / 100);
  const fractionLimit = fsp === 0 ? 1 : fsp <= 2 ? 0x100 : 0x1_0000;
  let intPart = negative ? -hms : hms;
  let stored = fraction;
  if (negative && fraction > 0) {
    intPart -= 1;
    stored = fractionLimit - fraction;
  }
  writer.uintBE(TIME_INT_OFFSET + intPart, 3);
  if (fsp > 0) writer.uintBE(stored, fsp <= 2 ? 1 : 2);
}

export function readTime(reader: EventReader, fsp: number): string {
  let magnitude: number;
  let negative: boolean;
  if (fsp >= 5) {
    const packed = reader.uintBE(6) - TIME_OFFSET;
    negative = packed < 0;
    magnitude = Math.abs(packed);
  } else {
    let intPart = reader.uintBE(3) - TIME_INT_OFFSET;
    const unit = fsp === 0 ? 0 : fsp <= 2 ? 10_000 : 100;
    let fraction = fsp === 0 ? 0 : reader.uintBE(fsp <= 2 ? 1 : 2);
    if (intPart < 0 && fraction !== 0) {
      intPart += 1;
      fraction -= fsp <= 2 ? 0x100 : 0x1_0000;
    }
    negative = intPart < 0 || fraction < 0;
    magnitude = Math.abs(intPart) * FRACTION_UNIT + Math.abs(fraction) * unit;
  }
  const hms = Math.floor(magnitude / FRACTION_UNIT);
  const microseconds = magnitude % FRACTION_UNIT;
  const text = `${negative ? "-" : ""}${pad(hms >> 12, 2)}:${pad((hms >> 6) & 63, 2)}:` +
    `${pad(hms & 63, 2)}${fractionText(microseconds, fsp)}`;
  return text;
}
