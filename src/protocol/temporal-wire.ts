/**
 * The binary-protocol structs for temporal values (MySQL "Binary Protocol Value":
 * ProtocolBinary::MYSQL_TYPE_DATETIME / _TIME), converted from and to MySQL's text forms.
 *
 * DATE/DATETIME/TIMESTAMP: length byte (0, 4, 7 or 11), year u16, month, day, [hour, minute,
 * second, [microsecond u32]]; parameters from MySQL 8.0.19+ clients may also be 13 bytes long,
 * ending in a signed 16-bit time zone displacement in minutes.
 * TIME: length byte (0, 8 or 12), is_negative, days u32, hour, minute, second,
 * [microsecond u32].
 * Encoders use the shortest length that holds the value, as mysqld does; length 0 means all
 * fields are zero.
 */

import { assert } from "../util/assert.ts";
import { type BufferReader, MalformedPacketError } from "./buffer-reader.ts";
import type { BufferWriter } from "./buffer-writer.ts";

const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/;
const TIME_TEXT = /^(-)?(\d{1,4}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const MICROSECONDS_MAX = 999_999;

/** Microseconds from a fraction of 1..6 digits ("5" is 500000). */
function fractionToMicroseconds(fraction: string | undefined): number {
  if (fraction === undefined) return 0;
  return Number(fraction.padEnd(6, "0"));
}

/** Writes 'YYYY-MM-DD[ HH:MM:SS[.ffffff]]' as the binary DATETIME struct. */
export function encodeBinaryDateTime(out: BufferWriter, text: string): void {
  const m = DATETIME_TEXT.exec(text);
  assert(m !== null, `not a DATE/DATETIME text value: ${text}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const microsecond = fractionToMicroseconds(m[7]);
  let length = 0;
  if (microsecond !== 0) length = 11;
  else if (hour !== 0 || minute !== 0 || second !== 0) length = 7;
  else if (year !== 0 || month !== 0 || day !== 0) length = 4;
  out.u8(length);
  if (length === 0) return;
  out.u16(year);
  out.u8(month);
  out.u8(day);
  if (length === 4) return;
  out.u8(hour);
  out.u8(minute);
  out.u8(second);
  if (length === 11) out.u32(microsecond);
}

/** Writes '[-][H]HH:MM:SS[.ffffff]' as the binary TIME struct, splitting whole days off. */
export function encodeBinaryTime(out: BufferWriter, text: string): void {
  const m = TIME_TEXT.exec(text);
  assert(m !== null, `not a TIME text value: ${text}`);
  const hours = Number(m[2]);
  const minute = Number(m[3]);
  const second = Number(m[4]);
  const microsecond = fractionToMicroseconds(m[5]);
  const days = Math.floor(hours / 24);
  const hour = hours % 24;
  let length = 0;
  if (microsecond !== 0) length = 12;
  else if (hours !== 0 || minute !== 0 || second !== 0) length = 8;
  out.u8(length);
  if (length === 0) return;
  out.u8(m[1] === "-" ? 1 : 0);
  out.u32(days);
  out.u8(hour);
  out.u8(minute);
  out.u8(second);
  if (length === 12) out.u32(microsecond);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/**
 * Reads a binary DATE/DATETIME struct. Length 4 gives 'YYYY-MM-DD'; a zero length gives the
 * zero value ('0000-00-00' when `dateOnly`); a microsecond part adds '.ffffff'.
 */
export function decodeBinaryDateTime(reader: BufferReader, dateOnly: boolean): string {
  const length = reader.u8();
  if (length === 0) return dateOnly ? "0000-00-00" : "0000-00-00 00:00:00";
  if (length !== 4 && length !== 7 && length !== 11 && length !== 13) {
    throw new MalformedPacketError(`invalid DATETIME length ${length}`);
  }
  const date = `${pad(reader.u16(), 4)}-${pad(reader.u8(), 2)}-${pad(reader.u8(), 2)}`;
  if (length === 4) return date;
  const time = `${pad(reader.u8(), 2)}:${pad(reader.u8(), 2)}:${pad(reader.u8(), 2)}`;
  if (length === 7) return `${date} ${time}`;
  const microsecond = reader.u32();
  if (microsecond > MICROSECONDS_MAX) {
    throw new MalformedPacketError(`invalid microsecond value ${microsecond}`);
  }
  const text = microsecond === 0 ? `${date} ${time}` : `${date} ${time}.${pad(microsecond, 6)}`;
  if (length === 11) return text;
  return text + formatTimeZoneOffset(reader.i16());
}

/**
 * MySQL 8.0.19+ clients may append a time zone displacement in minutes (length 13); it becomes
 * the '+HH:MM' suffix MySQL accepts in datetime literals.
 */
function formatTimeZoneOffset(minutes: number): string {
  if (minutes < -14 * 60 || minutes > 14 * 60) {
    throw new MalformedPacketError(`invalid time zone displacement ${minutes} minutes`);
  }
  const sign = minutes < 0 ? "-" : "+";
  const magnitude = Math.abs(minutes);
  return `${sign}${pad(Math.floor(magnitude / 60), 2)}:${pad(magnitude % 60, 2)}`;
}

/** Reads a binary TIME struct as '[-]HH:MM:SS[.ffffff]', folding days into hours. */
export function decodeBinaryTime(reader: BufferReader): string {
  const length = reader.u8();
  if (length === 0) return "00:00:00";
  if (length !== 8 && length !== 12) {
    throw new MalformedPacketError(`invalid TIME length ${length}`);
  }
  const negative = reader.u8() !== 0;
  const days = reader.u32();
  const hours = days * 24 + reader.u8();
  const sign = negative ? "-" : "";
  const time = `${sign}${pad(hours, 2)}:${pad(reader.u8(), 2)}:${pad(reader.u8(), 2)}`;
  if (length === 8) return time;
  const microsecond = reader.u32();
  if (microsecond > MICROSECONDS_MAX) {
    throw new MalformedPacketError(`invalid microsecond value ${microsecond}`);
  }
  return microsecond === 0 ? time : `${time}.${pad(microsecond, 6)}`;
}
