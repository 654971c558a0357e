/**
 * The MySQL lexer: query text → Token[] (ending with an End token).
 *
 * What it handles: `-- ` / `#` / C comments; versioned comments `/*! … *\/` and
 * `/*!80000 … *\/` whose content is code (skipped when the version is newer than ours);
 * optimizer hints `/*+ … *\/` (ignored); '…' and "…" strings with backslash escapes and doubled
 * quotes; `backtick` identifiers; integers, decimals, floats, `.5`; hex/bit literals in both
 * notations; N'…'; `?`; `@var`, `@'var'`, `@@[scope.]var`; identifiers that start with digits.
 *
 * It stays allocation-light on the hot path: characters are read with charCodeAt, words are
 * sliced once, and no regular expression runs per token. Errors (unterminated strings or
 * comments, stray characters) are 1064 at the offending offset.
 */

import { isReservedWord } from "./keywords.ts";
import type { ParseOptions } from "./parse-options.ts";
import { TokenKind, type Token } from "./token.ts";
import { syntaxErrorAt } from "./syntax-error.ts";

/** Versioned comments newer than this (MySQL 8.0.35) are plain comments. */
const serverVersionNumber = 80035;

const charBackslash = 92;
const charQuote = 39;
const charDoubleQuote = 34;
const charBacktick = 96;

/** MySQL identifier characters: [0-9A-Za-z_$] and everything beyond ASCII. */
export function isIdentifierChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36 ||
    code >= 128
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/** Splits `sql` into tokens; the last token is always End. Throws SqlError 1064. */
export function tokenize(sql: string, options?: ParseOptions): Token[] {
  return new Lexer(sql, options).run();
}

class Lexer {
  readonly #sql: string;
  readonly #tokens: Token[] = [];
  #position = 0;
  /** Inside `/*! … *\/`: the closing `*\/` is skipped as whitespace. */
  #inVersionedComment = false;
  readonly #backslashEscapes: boolean;
  readonly #ansiQuotes: boolean;

  constructor(sql: string, options: ParseOptions | undefined) {
    this.#sql = sql;
    this.#backslashEscapes = options?.noBackslashEscapes !== true;
    this.#ansiQuotes = options?.ansiQuotes === true;
  }

  run(): Token[] {
    const sql = this.#sql;
    for (;;) {
      this.#skipSpaceAndComments();
      const start = this.#position;
      if (start >= sql.length) break;
      this.#tokens.push(this.#next(start, sql.charCodeAt(start)));
    }
    this.#tokens.push(makeToken(TokenKind.End, "", sql.length, sql.length));
    return this.#tokens;
  }

  #next(start: number, code: number): Token {
    const sql = this.#sql;
    const next = sql.charCodeAt(start + 1);
    if (code === charQuote || (code === charDoubleQuote && !this.#ansiQuotes)) {
      return this.#string(start, start, TokenKind.String);
    }
    if (code === charBacktick || code === charDoubleQuote) return this.#quotedIdentifier(start);
    if (isDigit(code)) return this.#number(start);
    if (code === 46 && isDigit(next) && !this.#previousIsName()) return this.#number(start);
    if (isIdentifierChar(code)) {
      if (next === charQuote) {
        if (code === 120 || code === 88) return this.#quotedDigits(start, TokenKind.Hex);
        if (code === 98 || code === 66) return this.#quotedDigits(start, TokenKind.Bit);
        if (code === 110 || code === 78) {
          return this.#string(start, start + 1, TokenKind.NationalString);
        }
      }
      return this.#word(start);
    }
    if (code === 63) return this.#advance(TokenKind.Param, "?", start, 1);
    if (code === 64) return this.#variable(start);
    return this.#symbol(start, code, next);
  }

  #advance(kind: TokenKind, text: string, start: number, length: number): Token {
    this.#position = start + length;
    return makeToken(kind, text, start, start + length);
  }

  /** True when the previous token can be qualified with `.name` (so `t.5x` is not `t .5`). */
  #previousIsName(): boolean {
    const previous = this.#tokens[this.#tokens.length - 1];
    if (previous === undefined) return false;
    return (
      previous.kind === TokenKind.Word ||
      previous.kind === TokenKind.QuotedIdentifier ||
      (previous.kind === TokenKind.Symbol && previous.text === ")")
    );
  }

  #skipSpaceAndComments(): void {
    const sql = this.#sql;
    const length = sql.length;
    let position = this.#position;
    while (position < length) {
      const code = sql.charCodeAt(position);
      if (code <= 32) {
        position++;
      } else if (code === 35) {
        position = lineEnd(sql, position);
      } else if (code === 45 && sql.charCodeAt(position + 1) === 45) {
        const after = sql.charCodeAt(position + 2);
        // "--" starts a comment only when followed by whitespace/control or the end.
        if (!(after <= 32 || Number.isNaN(after))) break;
        position = lineEnd(sql, position);
      } else if (code === 47 && sql.charCodeAt(position + 1) === 42) {
        position = this.#comment(position);
      } else if (code === 42 && this.#inVersionedComment && sql.charCodeAt(position + 1) === 47) {
        this.#inVersionedComment = false;
        position += 2;
      } else {
        break;
      }
    }
    this.#position = position;
  }

  /** Skips a C comment at `start`, or enters a versioned comment; returns the new offset. */
  #comment(start: number): number {
    const sql = this.#sql;
    if (sql.charCodeAt(start + 2) === 33 && !this.#inVersionedComment) {
      let position = start + 3;
      let digitsEnd = position;
      while (isDigit(sql.charCodeAt(digitsEnd))) digitsEnd++;
      const digitCount = digitsEnd - position;
      if (digitCount === 5 || digitCount === 6) {
        const version = Number(sql.slice(position, digitsEnd));
        position = digitsEnd;
        if (version > serverVersionNumber) return this.#commentEnd(start, position);
      }
      this.#inVersionedComment = true;
      return position;
    }
    return this.#commentEnd(start, start + 2);
  }

  #commentEnd(start: number, from: number): number {
    const end = this.#sql.indexOf("*/", from);
    if (end < 0) throw syntaxErrorAt(this.#sql, start);
    return end + 2;
  }

  /** Reads a quoted string whose quote is at `quoteAt` (token starts at `start`). */
  #string(start: number, quoteAt: number, kind: TokenKind): Token {
    const sql = this.#sql;
    const quote = sql.charCodeAt(quoteAt);
    let value = "";
    let segmentStart = quoteAt + 1;
    let position = segmentStart;
    for (;;) {
      if (position >= sql.length) throw syntaxErrorAt(sql, start);
      const code = sql.charCodeAt(position);
      if (code === quote) {
        if (sql.charCodeAt(position + 1) !== quote) break;
        value += sql.slice(segmentStart, position + 1);
        position += 2;
        segmentStart = position;
      } else if (code === charBackslash && this.#backslashEscapes) {
        if (position + 1 >= sql.length) throw syntaxErrorAt(sql, start);
        value += sql.slice(segmentStart, position) + unescape(sql.charCodeAt(position + 1));
        position += 2;
        segmentStart = position;
      } else {
        position++;
      }
    }
    value += sql.slice(segmentStart, position);
    this.#position = position + 1;
    return makeToken(kind, value, start, position + 1);
  }

  /** A `backtick` (or ANSI "double-quoted") identifier; the quote doubles to escape itself. */
  #quotedIdentifier(start: number): Token {
    const sql = this.#sql;
    const quote = sql[start] ?? "`";
    let name = "";
    let segmentStart = start + 1;
    let position = segmentStart;
    for (;;) {
      const end = sql.indexOf(quote, position);
      if (end < 0) throw syntaxErrorAt(sql, start);
      if (sql[end + 1] === quote) {
        name += sql.slice(segmentStart, end + 1);
        position = end + 2;
        segmentStart = position;
        continue;
      }
      name += sql.slice(segmentStart, end);
      this.#position = end + 1;
      return makeToken(TokenKind.QuotedIdentifier, name, start, end + 1);
    }
  }

  /** X'…' / B'…' at `start`; the digits are validated here. */
  #quotedDigits(start: number, kind: TokenKind): Token {
    const sql = this.#sql;
    const end = sql.indexOf("'", start + 2);
    if (end < 0) throw syntaxErrorAt(sql, start);
    const digits = sql.slice(start + 2, end);
    const valid = kind === TokenKind.Hex ? isHexText(digits) && digits.length % 2 === 0
      : isBitText(digits);
    if (!valid) throw syntaxErrorAt(sql, start);
    this.#position = end + 1;
    return makeToken(kind, digits, start, end + 1);
  }

  /** A number, or an identifier that starts with digits (`1abc`), or 0x… / 0b…. */
  #number(start: number): Token {
    const sql = this.#sql;
    const wordEnd = identifierEnd(sql, start);
    if (sql.charCodeAt(start) === 48 && wordEnd > start + 2) {
      const marker = sql.charCodeAt(start + 1);
      const digits = sql.slice(start + 2, wordEnd);
      if (marker === 120 && isHexText(digits)) {
        return this.#advance(TokenKind.Hex, digits, start, wordEnd - start);
      }
      if (marker === 98 && isBitText(digits)) {
        return this.#advance(TokenKind.Bit, digits, start, wordEnd - start);
      }
    }
    let position = start;
    while (isDigit(sql.charCodeAt(position))) position++;
    let kind: TokenKind = TokenKind.Integer;
    if (sql.charCodeAt(position) === 46) {
      position++;
      while (isDigit(sql.charCodeAt(position))) position++;
      kind = TokenKind.Decimal;
    }
    const exponent = sql.charCodeAt(position);
    if (exponent === 101 || exponent === 69) {
      let digitsAt = position + 1;
      const sign = sql.charCodeAt(digitsAt);
      if (sign === 43 || sign === 45) digitsAt++;
      if (isDigit(sql.charCodeAt(digitsAt))) {
        position = digitsAt;
        while (isDigit(sql.charCodeAt(position))) position++;
        kind = TokenKind.Float;
      }
    }
    // Digits followed by identifier characters form an identifier (`1abc`, `123_t`).
    if (kind !== TokenKind.Decimal && isIdentifierChar(sql.charCodeAt(position))) {
      if (isDigit(sql.charCodeAt(start))) return this.#word(start);
    }
    return this.#advance(kind, sql.slice(start, position), start, position - start);
  }

  #word(start: number): Token {
    const sql = this.#sql;
    let end = start;
    let hasLowerCase = false;
    for (;;) {
      const code = sql.charCodeAt(end);
      if (!isIdentifierChar(code)) break;
      if (code >= 97) hasLowerCase = true;
      end++;
    }
    const text = sql.slice(start, end);
    this.#position = end;
    // Keywords are usually written in upper case; skip the second allocation then.
    const upper = hasLowerCase ? text.toUpperCase() : text;
    return { kind: TokenKind.Word, text, upper, reserved: isReservedWord(upper), start, end };
  }

  #variable(start: number): Token {
    const sql = this.#sql;
    if (sql.charCodeAt(start + 1) === 64) {
      let end = start + 2;
      while (isIdentifierChar(sql.charCodeAt(end)) || sql.charCodeAt(end) === 46) end++;
      if (end === start + 2) throw syntaxErrorAt(sql, nextNonSpace(sql, end));
      return this.#advance(TokenKind.SystemVariable, sql.slice(start + 2, end), start, end - start);
    }
    const first = sql.charCodeAt(start + 1);
    if (first === charQuote || first === charDoubleQuote || first === charBacktick) {
      const quoted = first === charBacktick
        ? this.#quotedIdentifier(start + 1)
        : this.#string(start + 1, start + 1, TokenKind.String);
      return makeToken(TokenKind.UserVariable, quoted.text, start, quoted.end);
    }
    let end = start + 1;
    while (isIdentifierChar(sql.charCodeAt(end)) || sql.charCodeAt(end) === 46) end++;
    // MySQL reads a lone `@` as a token and fails at whatever follows it.
    if (end === start + 1) throw syntaxErrorAt(sql, nextNonSpace(sql, end));
    return this.#advance(TokenKind.UserVariable, sql.slice(start + 1, end), start, end - start);
  }

  #symbol(start: number, code: number, next: number): Token {
    const symbol = symbolAt(code, next, this.#sql.charCodeAt(start + 2));
    if (symbol === undefined) throw syntaxErrorAt(this.#sql, start);
    return this.#advance(TokenKind.Symbol, symbol, start, symbol.length);
  }
}

/** The operator starting with the given characters, longest match first. */
function symbolAt(code: number, next: number, third: number): string | undefined {
  switch (code) {
    case 40: return "(";
    case 41: return ")";
    case 44: return ",";
    case 59: return ";";
    case 46: return ".";
    case 61: return "=";
    case 126: return "~";
    case 94: return "^";
    case 42: return "*";
    case 47: return "/";
    case 37: return "%";
    case 43: return "+";
    case 123: return "{";
    case 125: return "}";
    case 60:
      if (next === 61) return third === 62 ? "<=>" : "<=";
      if (next === 62) return "<>";
      return next === 60 ? "<<" : "<";
    case 62:
      if (next === 61) return ">=";
      return next === 62 ? ">>" : ">";
    case 33: return next === 61 ? "!=" : "!";
    case 58: return next === 61 ? ":=" : ":";
    case 124: return next === 124 ? "||" : "|";
    case 38: return next === 38 ? "&&" : "&";
    case 45:
      if (next === 62) return third === 62 ? "->>" : "->";
      return "-";
    default: return undefined;
  }
}

function makeToken(kind: TokenKind, text: string, start: number, end: number): Token {
  return { kind, text, upper: "", reserved: false, start, end };
}

function identifierEnd(sql: string, start: number): number {
  let end = start;
  while (isIdentifierChar(sql.charCodeAt(end))) end++;
  return end;
}

function nextNonSpace(sql: string, start: number): number {
  let position = start;
  while (position < sql.length && sql.charCodeAt(position) <= 32) position++;
  return position;
}

function lineEnd(sql: string, start: number): number {
  const end = sql.indexOf("\n", start);
  return end < 0 ? sql.length : end + 1;
}

function isHexText(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (!isHexDigit(text.charCodeAt(index))) return false;
  }
  return true;
}

function isBitText(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 48 && code !== 49) return false;
  }
  return true;
}

/** MySQL's backslash escapes; `\%` and `\_` keep the backslash (they are LIKE escapes). */
function unescape(code: number): string {
  switch (code) {
    case 48: return "\0";
    case 98: return "\b";
    case 110: return "\n";
    case 114: return "\r";
    case 116: return "\t";
    case 90: return "\x1a";
    case 37: return "\\%";
    case 95: return "\\_";
    default: return String.fromCharCode(code);
  }
}
