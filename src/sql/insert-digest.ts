/**
 * Digests of text-protocol INSERT … VALUES statements: the text with its plain integer and
 * string literals replaced by `?`, plus those literals as parameter values. Clients without
 * server-side prepare (sysbench oltp_insert) send every row as a new text; under its digest
 * they share one parsed statement and one plan, as a prepared statement would.
 *
 * Only literals whose value as a parameter is exactly the literal's value are replaced:
 * unsigned integers up to 15 digits (optionally signed right after `(` or `,`) and
 * single-quoted strings without backslashes or introducers. Anything else that could make a
 * literal mean more than its value (comments, `"` strings, `?`, decimals, exponents, hex, bit
 * and charset-introduced strings) makes the text undigestible. The caller must still check the
 * parsed digest (see isDirectValuesInsert): every `?` a direct VALUES row item, where the
 * statement stores the value as it is, so a literal and a parameter behave the same.
 */

import type { Statement } from "./parser/ast.ts";
import type { SqlValue } from "./types/value.ts";

export interface InsertDigest {
  /** The statement text with the replaced literals as `?`. */
  readonly key: string;
  readonly values: SqlValue[];
}

/** Literals beyond this count are not worth a digest (bulk loads parse once anyway). */
const digestValuesMax = 256;
/** Digits that always fit a safe integer. */
const integerDigitsMax = 15;

const QUOTE = 0x27;
const BACKTICK = 0x60;

function isWordUnit(unit: number): boolean {
  return (
    (unit >= 0x30 && unit <= 0x39) ||
    (unit >= 0x41 && unit <= 0x5a) ||
    (unit >= 0x61 && unit <= 0x7a) ||
    unit === 0x5f ||
    unit === 0x24 ||
    unit >= 0x80
  );
}

function isDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

function isSpace(unit: number): boolean {
  return unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d;
}

/** The digest of `text`, or undefined when it is not a plain INSERT … VALUES text. */
export function digestInsert(text: string): InsertDigest | undefined {
  if (!/^\s*insert\s/i.test(text)) return undefined;
  const values: SqlValue[] = [];
  let key = "";
  let copiedTo = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const unit = text.charCodeAt(i);
    if (unit === QUOTE) {
      if (i > 0 && isWordUnit(text.charCodeAt(i - 1))) return undefined; // _utf8'…', x'…', N'…'
      const string = readString(text, i + 1);
      if (string === undefined) return undefined;
      key += text.slice(copiedTo, i) + "?";
      values.push(string.value);
      i = string.end;
      copiedTo = i;
      if (values.length > digestValuesMax) return undefined;
    } else if (unit === BACKTICK) {
      const close = text.indexOf("`", i + 1);
      if (close < 0) return undefined;
      i = close + 1;
    } else if (isWordUnit(unit)) {
      let end = i + 1;
      while (end < n && isWordUnit(text.charCodeAt(end))) end++;
      if (isDigit(unit) && allDigits(text, i, end)) {
        const integer = integerLiteral(text, i, end);
        if (integer === undefined) return undefined;
        key += text.slice(copiedTo, integer.start) + "?";
        values.push(integer.value);
        copiedTo = end;
        if (values.length > digestValuesMax) return undefined;
      }
      i = end;
    } else if (unit === 0x22 || unit === 0x3f || unit === 0x23 || unit === 0x5c) {
      return undefined; // "…", ?, # comments, stray backslash
    } else if ((unit === 0x2d && text.charCodeAt(i + 1) === 0x2d) || (unit === 0x2f && text.charCodeAt(i + 1) === 0x2a)) {
      return undefined; // -- and /* comments
    } else {
      i++;
    }
  }
  if (values.length === 0) return undefined;
  return { key: key + text.slice(copiedTo), values };
}

function allDigits(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/**
 * The integer literal text[start, end): undefined when it touches a `.` (decimal, qualified
 * name) or is too long. A sign right before it belongs to the value when the sign itself
 * follows `(` or `,` (so it is unary); a sign anywhere else makes the text undigestible.
 */
function integerLiteral(text: string, start: number, end: number): { start: number; value: number } | undefined {
  if (end - start > integerDigitsMax) return undefined;
  if (text.charCodeAt(end) === 0x2e || text.charCodeAt(start - 1) === 0x2e) return undefined;
  const value = Number(text.slice(start, end));
  const sign = previousSignificant(text, start);
  if (sign < 0) return { start, value };
  const unit = text.charCodeAt(sign);
  if (unit !== 0x2d && unit !== 0x2b) return { start, value };
  const beforeSign = previousSignificant(text, sign);
  if (beforeSign < 0) return undefined;
  const opener = text.charCodeAt(beforeSign);
  if (opener !== 0x28 && opener !== 0x2c) return undefined;
  return { start: sign, value: unit === 0x2d && value !== 0 ? -value : value };
}

/** The offset of the last non-space unit before `offset`, or -1. */
function previousSignificant(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  return i;
}

/** A single-quoted string body from `start` (after the quote): its value and the end offset. */
function readString(text: string, start: number): { value: string; end: number } | undefined {
  let value = "";
  let from = start;
  for (let i = start; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x5c) return undefined; // Escapes depend on NO_BACKSLASH_ESCAPES: leave to the parser.
    if (unit !== QUOTE) continue;
    if (text.charCodeAt(i + 1) === QUOTE) {
      value += text.slice(from, i + 1);
      from = i + 2;
      i++;
      continue;
    }
    // Adjacent literals ('a' 'b') concatenate in MySQL: not a plain value.
    let next = i + 1;
    while (next < text.length && isSpace(text.charCodeAt(next))) next++;
    if (text.charCodeAt(next) === QUOTE) return undefined;
    return { value: value + text.slice(from, i), end: i + 1 };
  }
  return undefined;
}

/**
 * Whether the parse of a digest may stand for its texts: one INSERT … VALUES whose every
 * parameter is a whole VALUES row item (stored as it is, like the literal it replaced).
 */
export function isDirectValuesInsert(statements: readonly Statement[], paramCount: number): boolean {
  if (statements.length !== 1) return false;
  const statement = statements[0]!;
  if (statement.kind !== "insert" || statement.source.kind !== "values") return false;
  if (statement.paramCount !== paramCount) return false;
  let direct = 0;
  for (const row of statement.source.rows) {
    for (const item of row) if (item.kind === "param") direct++;
  }
  return direct === paramCount;
}
