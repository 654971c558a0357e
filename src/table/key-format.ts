/**
 * Key format, version 1: how key-codec.ts turns SQL values into memcomparable bytes. The one
 * rule every encoding here obeys: comparing two encodings with util/bytes.ts compareBytes gives
 * the SQL order of the values (under the column's type and collation). Every column encoding is
 * also prefix-free (no encoding is a proper prefix of another), so concatenated columns order
 * column by column, a DESC column can invert its bytes, and a prefix of the key columns encodes
 * to a byte prefix of the full key.
 *
 * Per key column (all integers big-endian):
 *
 *   NULL:      00
 *   non-NULL:  01, then the value encoding of the column's type kind:
 *
 *   tinyint / smallint / mediumint / int / bigint   1 / 2 / 3 / 4 / 8 bytes. Signed: two's
 *              complement with the sign bit flipped (so -1 = 7f…ff < 0 = 80…00). UNSIGNED: the
 *              plain value. A value outside the type's range is a caller error (assert): range
 *              scans clamp their bounds to the column's type before encoding.
 *   year       2 bytes, the year (0 or 1901..2155).
 *   bit        8 bytes, the unsigned value (BIT(1)..BIT(64)).
 *   float / double   8 bytes: the IEEE-754 double, big-endian; positive values get the sign bit
 *              set, negative values have every bit inverted (IEEE total order). -0 is encoded as
 *              +0 so they are equal, as SQL says. NaN never reaches a column.
 *   decimal    exact, no floating point. A value is 0.d1d2…dn × 10^e with d1 ≠ 0 and dn ≠ 0
 *              (leading and trailing zeros dropped, so "1.5" and "1.50" are the same key):
 *                zero:      DECIMAL_ZERO (02)
 *                positive:  DECIMAL_POSITIVE (03), e + 0x8000 as 2 bytes, digit bytes, 00
 *                negative:  DECIMAL_NEGATIVE (01), then the positive form's bytes after the
 *                           tag, every byte inverted (ff - b)
 *              Digit bytes hold two digits, one per nibble, each stored as digit + 1 (1..10);
 *              an odd last digit is paired with a 0 nibble. The terminator 00 is below every
 *              digit byte, so "0.15" (15) sorts below "0.152" (152).
 *   char / varchar / *text   the collation's sortKey(value) (trailing spaces already removed
 *              by PAD SPACE collations; the prefix length, in characters, applied first), each
 *              UTF-16 code unit written as its 1-3 byte UTF-8 form (surrogate halves as their
 *              own 3-byte forms, which keeps code unit order), then escaped.
 *   binary / varbinary / *blob   the bytes (first prefixLength bytes when declared), escaped.
 *   json       the JSON text as code units (as a binary-collation string), escaped. JSON
 *              columns cannot be indexed in MySQL; this exists so a key can hold one anyway.
 *   date       3 bytes: year × 512 + month × 32 + day.
 *   datetime / timestamp   3 bytes of the date as above, then 5 bytes: microseconds since
 *              midnight. Fractions are read as digits, so "…:00.5" = "…:00.500000".
 *   time       6 bytes: signed microseconds (hours may exceed 24 and be negative), offset by
 *              2^47.
 *   enum       2 bytes: the member's 1-based index ("" is 0), so keys follow declaration
 *              order as MySQL's enum ordering does.
 *   set        8 bytes: the member bitmask (bit i = member i), the SET's numeric value.
 *   null       (the type of a bare NULL literal) only ever encodes NULL.
 *
 * Escaping (strings, binaries, JSON): byte 00 becomes 00 ff; the value ends with 00 01. So a
 * value sorts before any longer value it is a prefix of, and the encoding is prefix-free.
 *
 * DESC: the column's whole encoding, NULL marker included, has every byte inverted; since each
 * encoding is prefix-free this exactly reverses the column's order (NULLs then sort last).
 */

import { assert } from "../util/assert.ts";

/** Version of the layout above; bump it (and keep a decoder of the old one) on any change. */
export const KEY_FORMAT_VERSION = 1;

export const KEY_NULL_MARKER = 0x00;
export const KEY_VALUE_MARKER = 0x01;

/** The escape byte and what follows it: an escaped 00, or the end of the value. */
export const KEY_ESCAPE_BYTE = 0x00;
export const KEY_ESCAPED_ZERO = 0xff;
export const KEY_TERMINATOR = 0x01;

export const DECIMAL_NEGATIVE = 0x01;
export const DECIMAL_ZERO = 0x02;
export const DECIMAL_POSITIVE = 0x03;
/** Added to a decimal's exponent so it encodes as an unsigned 2-byte number. */
export const DECIMAL_EXPONENT_BIAS = 0x8000;

/** Added to a TIME's signed microseconds so it encodes as an unsigned 6-byte number. */
export const TIME_MICROSECONDS_BIAS = 2 ** 47;

// ---- temporal fields --------------------------------------------------------------------------
// Parsed by hand from the canonical text (sql/types/temporal.ts renders it): no regex and no
// allocation, since range scans and index writes encode one per key.

const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
const MICROSECONDS_PER_SECOND = 1_000_000;
/** Position in the text being parsed (single-threaded; reset by every entry point). */
let cursor = 0;

function readDigits(text: string, maxDigits: number): number {
  let value = 0;
  const start = cursor;
  while (cursor < text.length && cursor - start < maxDigits) {
    const code = text.charCodeAt(cursor);
    if (code < DIGIT_ZERO || code > DIGIT_NINE) break;
    value = value * 10 + (code - DIGIT_ZERO);
    cursor++;
  }
  assert(cursor > start, `expected digits at ${start} in temporal text '${text}'`);
  return value;
}

function skip(text: string, separator: number): void {
  assert(text.charCodeAt(cursor) === separator, `malformed temporal text '${text}'`);
  cursor++;
}

/** Optional ".ffffff" at the cursor, as microseconds ("…:00.5" is 500000). */
function readFraction(text: string): number {
  if (cursor >= text.length) return 0;
  skip(text, 0x2e);
  const start = cursor;
  const digits = readDigits(text, 6);
  return digits * 10 ** (6 - (cursor - start));
}

/** "hh:mm:ss[.ffffff]" at the cursor, as microseconds (hours may exceed 23). */
function readClock(text: string): number {
  const hours = readDigits(text, 4);
  skip(text, 0x3a);
  const minutes = readDigits(text, 2);
  skip(text, 0x3a);
  const seconds = readDigits(text, 2);
  const fraction = readFraction(text);
  assert(cursor === text.length, `trailing characters in temporal text '${text}'`);
  assert(minutes < 60, "minutes < 60");
  assert(seconds < 60, "seconds < 60");
  return ((hours * 60 + minutes) * 60 + seconds) * MICROSECONDS_PER_SECOND + fraction;
}

/**
 * The 3-byte date field of "YYYY-MM-DD[ hh:mm:ss[.ffffff]]": year × 512 + month × 32 + day.
 * A time part is allowed only when `withTime` (DATETIME, TIMESTAMP).
 */
export function parseDateKey(text: string, withTime: boolean): number {
  cursor = 0;
  const year = readDigits(text, 4);
  skip(text, 0x2d);
  const month = readDigits(text, 2);
  skip(text, 0x2d);
  const day = readDigits(text, 2);
  assert(month <= 12, "month <= 12");
  assert(day <= 31, "day <= 31");
  assert(withTime || cursor === text.length, `trailing characters in date '${text}'`);
  return year * 512 + month * 32 + day;
}

/** The 5-byte time-of-day field of a DATETIME's text: microseconds since midnight. */
export function parseTimeOfDayMicros(text: string): number {
  cursor = text.indexOf(" ");
  if (cursor < 0) return 0;
  cursor++;
  const micros = readClock(text);
  assert(micros < 24 * 3600 * MICROSECONDS_PER_SECOND, "time of day below 24 hours");
  return micros;
}

/** A TIME's text ("-838:59:59.5") as signed microseconds. */
export function parseTimeMicros(text: string): number {
  const negative = text.charCodeAt(0) === 0x2d;
  cursor = negative ? 1 : 0;
  const micros = readClock(text);
  assert(micros < TIME_MICROSECONDS_BIAS, "TIME value within the key range");
  return negative ? -micros : micros;
}
