/**
 * ParserState: the token cursor every sub-parser works on, plus what a statement's parse
 * accumulates (placeholder count, nesting depth).
 *
 * Invariants: `tokens` ends with an End token and the cursor never moves past it, so `peek`
 * always returns a token. Nesting depth is bounded by `parserNestingDepthMax`; exceeding it is
 * a 1064 error, never a stack overflow.
 *
 * The grammar's two re-entry points (expression and query) are reached through `Grammar`, which
 * parser.ts supplies; that keeps sub-parser modules free of import cycles (expressions contain
 * subqueries, queries contain expressions).
 */

import { parserNestingDepthMax } from "../../constants.ts";
import { assert } from "../../util/assert.ts";
import type { SqlError } from "../sql-error.ts";
import type { Expression, Identifier, SourceSpan, TableName } from "./ast-expression.ts";
import type { Query } from "./ast-query.ts";
import type { ParseOptions } from "./parse-options.ts";
import { syntaxErrorAt } from "./syntax-error.ts";
import { TokenKind, type Token } from "./token.ts";

export interface Grammar {
  readonly expression: (state: ParserState) => Expression;
  /** A "bit_expr": arithmetic and bit operators only (no comparisons or logic). */
  readonly bitExpression: (state: ParserState) => Expression;
  readonly query: (state: ParserState) => Query;
}

export class ParserState {
  readonly sql: string;
  readonly #tokens: readonly Token[];
  readonly #grammar: Grammar;
  readonly #end: Token;
  #position = 0;
  #depth = 0;
  /** Placeholders seen so far in the current statement. */
  paramCount = 0;
  /** Offset where the current top-level statement starts. */
  statementStart = 0;

  /** PIPES_AS_CONCAT is in effect: `||` is concatenation. */
  readonly pipesAsConcat: boolean;
  /** HIGH_NOT_PRECEDENCE is in effect: NOT binds like `!`. */
  readonly highNotPrecedence: boolean;

  constructor(sql: string, tokens: readonly Token[], grammar: Grammar, options?: ParseOptions) {
    const end = tokens[tokens.length - 1];
    assert(end !== undefined, "token list must not be empty");
    assert(end.kind === TokenKind.End, "token list must end with End");
    this.sql = sql;
    this.#tokens = tokens;
    this.#grammar = grammar;
    this.#end = end;
    this.pipesAsConcat = options?.pipesAsConcat === true;
    this.highNotPrecedence = options?.highNotPrecedence === true;
  }

  // ---- grammar re-entry ----

  expression(): Expression {
    return this.#grammar.expression(this);
  }

  bitExpression(): Expression {
    return this.#grammar.bitExpression(this);
  }

  query(): Query {
    return this.#grammar.query(this);
  }

  /** Enters one nesting level (parenthesis, subquery, prefix operator). Pair with leave(). */
  enter(): void {
    if (++this.#depth > parserNestingDepthMax) throw this.error();
  }

  leave(): void {
    this.#depth--;
  }

  // ---- cursor ----

  get position(): number {
    return this.#position;
  }

  peek(offset = 0): Token {
    return this.#tokens[this.#position + offset] ?? this.#end;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== TokenKind.End) this.#position++;
    return token;
  }

  /** End offset of the last consumed token (for spans). */
  lastEnd(): number {
    return this.#tokens[this.#position - 1]?.end ?? 0;
  }

  /** Span of the current statement up to the last consumed token. */
  statementSpan(): SourceSpan {
    return { start: this.statementStart, end: this.lastEnd() };
  }

  atEnd(): boolean {
    return this.peek().kind === TokenKind.End;
  }

  /** True at the end of input or at `;` (the end of one statement). */
  atStatementEnd(): boolean {
    const token = this.peek();
    return token.kind === TokenKind.End || (token.kind === TokenKind.Symbol && token.text === ";");
  }

  // ---- keywords and symbols ----

  isKeyword(upper: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === TokenKind.Word && token.upper === upper;
  }

  acceptKeyword(upper: string): boolean {
    if (!this.isKeyword(upper)) return false;
    this.#position++;
    return true;
  }

  /** Consumes the keywords `first second` only if both are next. */
  acceptKeywords(first: string, second: string): boolean {
    if (!this.isKeyword(first) || !this.isKeyword(second, 1)) return false;
    this.#position += 2;
    return true;
  }

  /**
   * For two-word keywords whose first word means nothing alone (ORDER BY, GROUP BY): false if
   * `first` is not next; otherwise consumes both, and a missing `second` is the syntax error —
   * reported where `second` should be, as MySQL does.
   */
  acceptKeywordPair(first: string, second: string): boolean {
    if (!this.acceptKeyword(first)) return false;
    this.expectKeyword(second);
    return true;
  }

  expectKeyword(upper: string): void {
    if (!this.acceptKeyword(upper)) throw this.error();
  }

  /** Consumes one of `uppers` and returns it, or returns undefined. */
  acceptOneOf(uppers: readonly string[]): string | undefined {
    const token = this.peek();
    if (token.kind !== TokenKind.Word || !uppers.includes(token.upper)) return undefined;
    this.#position++;
    return token.upper;
  }

  expectOneOf(uppers: readonly string[]): string {
    const word = this.acceptOneOf(uppers);
    if (word === undefined) throw this.error();
    return word;
  }

  isSymbol(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === TokenKind.Symbol && token.text === text;
  }

  acceptSymbol(text: string): boolean {
    if (!this.isSymbol(text)) return false;
    this.#position++;
    return true;
  }

  expectSymbol(text: string): void {
    if (!this.acceptSymbol(text)) throw this.error();
  }

  /** Accepts an optional `=` (table options, SET, …). */
  acceptEquals(): void {
    this.acceptSymbol("=");
  }

  // ---- names ----

  /** True if the token at `offset` can be an identifier (quoted, or a non-reserved word). */
  isIdentifier(offset = 0): boolean {
    const token = this.peek(offset);
    if (token.kind === TokenKind.QuotedIdentifier) return true;
    return token.kind === TokenKind.Word && !token.reserved;
  }

  identifier(): Identifier {
    const token = this.peek();
    if (!this.isIdentifier()) throw this.error();
    this.#position++;
    return { name: token.text, quoted: token.kind === TokenKind.QuotedIdentifier };
  }

  /** `name` or `db.name`. */
  tableName(): TableName {
    const first = this.identifier();
    if (!this.isSymbol(".")) return { name: first };
    this.#position++;
    return { database: first, name: this.identifierAfterDot() };
  }

  /** After a `.`, MySQL accepts any word, reserved or not (`t.select` names a column). */
  identifierAfterDot(): Identifier {
    const token = this.peek();
    if (token.kind === TokenKind.Word || token.kind === TokenKind.QuotedIdentifier) {
      this.#position++;
      return { name: token.text, quoted: token.kind === TokenKind.QuotedIdentifier };
    }
    throw this.error();
  }

  /** `(a, b, …)` of identifiers. */
  identifierList(): Identifier[] {
    this.expectSymbol("(");
    const names = [this.identifier()];
    while (this.acceptSymbol(",")) names.push(this.identifier());
    this.expectSymbol(")");
    return names;
  }

  /** A charset/collation/engine-like name: any word (even reserved, e.g. BINARY) or a string. */
  nameOrString(): string {
    const token = this.peek();
    const kind = token.kind;
    const named = kind === TokenKind.Word || kind === TokenKind.QuotedIdentifier;
    if (named || kind === TokenKind.String) {
      this.#position++;
      return token.text;
    }
    throw this.error();
  }

  /** A string literal's value (adjacent literals concatenated). */
  stringLiteral(): string {
    let token = this.peek();
    if (token.kind !== TokenKind.String) throw this.error();
    let value = "";
    while (token.kind === TokenKind.String) {
      value += token.text;
      this.#position++;
      token = this.peek();
    }
    return value;
  }

  /** An unsigned integer literal's value as a number. */
  integer(): number {
    const token = this.peek();
    if (token.kind !== TokenKind.Integer) throw this.error();
    this.#position++;
    return Number(token.text);
  }

  // ---- errors ----

  /**
   * The 1064 error at the current token (or at `token`). At a `,` MySQL quotes the text after
   * the comma (its lexer restarts the token there for the select-list naming rule), so do we.
   */
  error(token: Token = this.peek()): SqlError {
    const afterComma = token.kind === TokenKind.Symbol && token.text === ",";
    return syntaxErrorAt(this.sql, afterComma ? token.end : token.start);
  }
}

/** A node under construction: optional fields are added only when present. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
