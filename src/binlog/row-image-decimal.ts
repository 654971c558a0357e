/**
 * MySQL's binary DECIMAL (NEWDECIMAL, decimal2bin in strings/decimal.cc), from and to the SQL
 * layer's canonical decimal text.
 *
 * DECIMAL(p, s) has intg = p - s integer digits. Digits are stored in groups of nine per
 * 4-byte big-endian word: first the leftover intg % 9 leading integer digits in
 * DIGIT_BYTES[intg % 9] bytes, then intg / 9 full words, then s / 9 full fraction words, then
 * the leftover s % 9 fraction digits in DIGIT_BYTES[s % 9] bytes. A negative value has every
 * byte inverted; finally the top bit of the first byte is flipped, so positive values start
 * with 1 and the bytes compare like the numbers.
 */

import { assert } from "../util/assert.ts";
import { formatDecimal, parseDecimal, rescale } from "../sql/types/decimal.ts";
import type { EventReader } from "./event-reader.ts";
import type { EventWriter } from "./event-writer.ts";

const DIGITS_PER_WORD = 9;
const WORD_BYTES = 4;
/** Bytes holding n leftover digits (dig2bytes). */
const DIGIT_BYTES = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4] as const;

function groupBytes(digits: number): number {
  return DIGIT_BYTES[digits as 0]!;
}

/** Size of a DECIMAL(precision, scale) value in bytes (decimal_bin_size). */
export function decimalBinarySize(precision: number, scale: number): number {
  const intg = precision - scale;
  return Math.floor(intg / DIGITS_PER_WORD) * WORD_BYTES + groupBytes(intg % DIGITS_PER_WORD) +
    Math.floor(scale / DIGITS_PER_WORD) * WORD_BYTES + groupBytes(scale % DIGITS_PER_WORD);
}

/** Digit group widths, most significant first: integer groups then fraction groups. */
function groupWidths(precision: number, scale: number): number[] {
  const intg = precision - scale;
  const widths: number[] = [];
  if (intg % DIGITS_PER_WORD > 0) widths.push(intg % DIGITS_PER_WORD);
  for (let i = 0; i < Math.floor(intg / DIGITS_PER_WORD); i++) widths.push(DIGITS_PER_WORD);
  for (let i = 0; i < Math.floor(scale / DIGITS_PER_WORD); i++) widths.push(DIGITS_PER_WORD);
  if (scale % DIGITS_PER_WORD > 0) widths.push(scale % DIGITS_PER_WORD);
  return widths;
}

/** Writes canonical decimal `text` as DECIMAL(precision, scale). */
export function writeDecimal(
  writer: EventWriter,
  text: string,
  precision: number,
  scale: number,
): void {
  const unscaled = rescale(parseDecimal(text), scale);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(precision, "0");
  assert(digits.length === precision, `decimal ${text} exceeds DECIMAL(${precision},${scale})`);
  const size = decimalBinarySize(precision, scale);
  const offset = writer.reserve(size);
  const out = writer.buffer;
  let at = offset;
  let digit = 0;
  for (const width of groupWidths(precision, scale)) {
    let value = Number(digits.slice(digit, digit + width));
    digit += width;
    const bytes = groupBytes(width);
    for (let i = bytes - 1; i >= 0; i--) {
      out[at + i] = value & 0xff;
      value = Math.floor(value / 256);
    }
    at += bytes;
  }
  assert(at === offset + size, "decimal size");
  if (negative) for (let i = offset; i < at; i++) out[i] = out[i]! ^ 0xff;
  out[offset] = out[offset]! ^ 0x80;
}

/** Reads a DECIMAL(precision, scale) value as canonical text. */
export function readDecimal(reader: EventReader, precision: number, scale: number): string {
  const bytes = reader.bytes(decimalBinarySize(precision, scale));
  const negative = (bytes[0]! & 0x80) === 0;
  const mask = negative ? 0xff : 0;
  let digits = "";
  let at = 0;
  for (const width of groupWidths(precision, scale)) {
    let value = 0;
    for (let i = 0; i < groupBytes(width); i++) {
      const raw = at === 0 ? bytes[0]! ^ 0x80 : bytes[at]!;
      value = value * 256 + (raw ^ mask);
      at++;
    }
    if (value >= 10 ** width) throw reader.corrupt(`decimal digit group ${value} too large`);
    digits += String(value).padStart(width, "0");
  }
  const magnitude = digits === "" ? 0n : BigInt(digits);
  return formatDecimal(negative ? -magnitude : magnitude, scale);
}
