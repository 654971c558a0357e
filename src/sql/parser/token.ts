/**
 * Tokens produced by the lexer. A token is a small plain object; the parser reads them from
 * an array by index, so lookahead is free.
 *
 * Invariants: `start`/`end` are offsets into the full query text (UTF-16 code units) and
 * `start < end` for every token except End. `text` is the token's meaning-carrying text (see
 * TokenKind); for Word tokens `upper` is `text.toUpperCase()`, computed once so keyword checks
 * are plain string comparisons.
 */

/** Token kinds. Numeric constants (not a TS enum) keep `verbatimModuleSyntax` happy. */
export const TokenKind = {
  /** End of input. `text` is "". */
  End: 0,
  /** An unquoted word: keyword or identifier. `text` is as written. */
  Word: 1,
  /** A `backtick` identifier; `text` is the name with `` undoubled. */
  QuotedIdentifier: 2,
  /** '…' or "…"; `text` is the value after escape processing. */
  String: 3,
  /** N'…'; `text` is the value. */
  NationalString: 4,
  /** Digits only; `text` is the digits. */
  Integer: 5,
  /** Digits with a decimal point and no exponent; `text` as written. */
  Decimal: 6,
  /** A number with an exponent; `text` as written. */
  Float: 7,
  /** X'…' or 0x…; `text` is the hex digits. */
  Hex: 8,
  /** B'…' or 0b…; `text` is the binary digits. */
  Bit: 9,
  /** `?`. */
  Param: 10,
  /** `@name` / `@'name'` / @`name`; `text` is the name. */
  UserVariable: 11,
  /** `@@name` / `@@scope.name`; `text` is what follows `@@` ("session.autocommit"). */
  SystemVariable: 12,
  /** An operator or punctuation: `text` is the symbol ("(", "<=>", "->>", …). */
  Symbol: 13,
} as const;

export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Upper-cased `text` for Word tokens, "" otherwise. */
  readonly upper: string;
  /** A Word that is a MySQL reserved word (decided once, here, not at every check). */
  readonly reserved: boolean;
  readonly start: number;
  readonly end: number;
}
