/**
 * Primary expressions: literals, placeholders, variables, column references, parenthesised
 * expressions and rows, subqueries, CASE, INTERVAL, DEFAULT, temporal literals
 * (`DATE '…'`), charset introducers and niladic keyword functions. Function calls are handed
 * to function-parser.ts.
 *
 * Placeholders are numbered here, left to right, from ParserState.paramCount.
 */

import type { ColumnRef, Expression, VariableScope } from "./ast-expression.ts";
import type { Query } from "./ast-query.ts";
import { parseFunctionCall } from "./function-parser.ts";
import { intervalUnitOf, introducerCharset } from "./keywords.ts";
import type { ParserState } from "./parser-state.ts";
import { TokenKind, type Token } from "./token.ts";

/** Keyword functions that may be written without parentheses. */
const niladicFunctions: ReadonlySet<string> = new Set([
  "CURRENT_TIMESTAMP",
  "CURRENT_DATE",
  "CURRENT_TIME",
  "LOCALTIME",
  "LOCALTIMESTAMP",
  "UTC_DATE",
  "UTC_TIME",
  "UTC_TIMESTAMP",
  "CURRENT_USER",
]);

export function parsePrimary(state: ParserState): Expression {
  const token = state.peek();
  switch (token.kind) {
    case TokenKind.Integer:
      state.next();
      return { kind: "integer", value: integerValue(token.text) };
    case TokenKind.Decimal:
      state.next();
      return { kind: "decimal", text: token.text };
    case TokenKind.Float:
      state.next();
      return { kind: "float", value: Number(token.text), text: token.text };
    case TokenKind.String:
      return { kind: "string", value: state.stringLiteral() };
    case TokenKind.NationalString:
      state.next();
      return { kind: "string", value: token.text + continuedString(state), national: true };
    case TokenKind.Hex:
    case TokenKind.Bit:
      state.next();
      return bytesLiteral(token, undefined);
    case TokenKind.Param:
      state.next();
      return { kind: "param", index: state.paramCount++ };
    case TokenKind.UserVariable:
      state.next();
      return { kind: "user-variable", name: token.text };
    case TokenKind.SystemVariable:
      state.next();
      return systemVariable(token.text);
    case TokenKind.QuotedIdentifier:
      return parseColumnRef(state);
    case TokenKind.Word:
      return parseWordPrimary(state, token);
    case TokenKind.Symbol:
      if (token.text === "(") return parseParenthesized(state);
      throw state.error();
    default:
      throw state.error();
  }
}

function parseWordPrimary(state: ParserState, token: Token): Expression {
  switch (token.upper) {
    case "NULL":
      state.next();
      return { kind: "null" };
    case "TRUE":
    case "FALSE":
      state.next();
      return { kind: "boolean", value: token.upper === "TRUE" };
    case "CASE":
      return parseCase(state);
    case "EXISTS":
      state.next();
      return { kind: "exists", query: parseParenthesizedQuery(state) };
    case "INTERVAL":
      return parseInterval(state);
    case "ROW":
      return parseRow(state);
    case "DEFAULT":
      return parseDefault(state);
    case "DATE":
    case "TIME":
    case "TIMESTAMP":
      if (state.peek(1).kind === TokenKind.String) return parseTemporalLiteral(state, token);
      break;
    case "MATCH":
      throw state.error();
  }
  const charset = introducerCharset(token.text);
  if (charset !== undefined) {
    const literal = parseIntroduced(state, charset);
    if (literal !== undefined) return literal;
  }
  if (state.isSymbol("(", 1)) return parseFunctionCall(state);
  if (niladicFunctions.has(token.upper)) {
    state.next();
    return { kind: "function-call", name: token.upper, args: [] };
  }
  if (token.reserved) throw state.error();
  return parseColumnRef(state);
}

/** `col`, `t.col`, `db.t.col`, then optional `->` / `->>` JSON paths. */
export function parseColumnRef(state: ParserState): Expression {
  const first = state.identifier();
  let column: ColumnRef = { kind: "column", column: first };
  if (state.acceptSymbol(".")) {
    const second = state.identifierAfterDot();
    if (state.acceptSymbol(".")) {
      const third = state.identifierAfterDot();
      column = { kind: "column", database: first, table: second, column: third };
    } else if (state.acceptSymbol("(")) {
      // `db.func(…)`: a stored function call. There are no stored functions, so compiling it
      // reports 1305 naming `db.func`, as MySQL does for a missing one.
      const args: Expression[] = [];
      if (!state.acceptSymbol(")")) {
        do args.push(state.expression()); while (state.acceptSymbol(","));
        state.expectSymbol(")");
      }
      return { kind: "function-call", name: `${first.name}.${second.name}`, args };
    } else {
      column = { kind: "column", table: first, column: second };
    }
  }
  const arrow = state.peek();
  if (arrow.kind === TokenKind.Symbol && (arrow.text === "->" || arrow.text === "->>")) {
    state.next();
    if (state.peek().kind !== TokenKind.String) throw state.error();
    const path: Expression = { kind: "string", value: state.stringLiteral() };
    return { kind: "json-extract", operand: column, path, unquote: arrow.text === "->>" };
  }
  return column;
}

/** True if a query starts at `offset`: SELECT / WITH / VALUES / TABLE, or `(` before one. */
export function isQueryStart(state: ParserState, offset = 0): boolean {
  for (let index = offset; ; index++) {
    const token = state.peek(index);
    if (token.kind === TokenKind.Symbol && token.text === "(") continue;
    if (token.kind !== TokenKind.Word) return false;
    const word = token.upper;
    return word === "SELECT" || word === "WITH" || word === "VALUES" || word === "TABLE";
  }
}

/** `( query )` as required after EXISTS, IN, ANY/ALL. */
export function parseParenthesizedQuery(state: ParserState): Query {
  state.expectSymbol("(");
  if (!isQueryStart(state)) throw state.error();
  state.enter();
  const query = state.query();
  state.leave();
  state.expectSymbol(")");
  return query;
}

function parseParenthesized(state: ParserState): Expression {
  if (isQueryStart(state, 1)) {
    state.enter();
    state.next();
    const query = state.query();
    state.expectSymbol(")");
    state.leave();
    return { kind: "subquery", query };
  }
  state.next();
  const first = state.expression();
  if (state.acceptSymbol(")")) return first;
  const items = [first];
  while (state.acceptSymbol(",")) items.push(state.expression());
  state.expectSymbol(")");
  if (items.length < 2) throw state.error();
  return { kind: "row", items, explicitRow: false };
}

function parseRow(state: ParserState): Expression {
  state.next();
  state.expectSymbol("(");
  const items = [state.expression()];
  while (state.acceptSymbol(",")) items.push(state.expression());
  state.expectSymbol(")");
  return { kind: "row", items, explicitRow: true };
}

function parseCase(state: ParserState): Expression {
  state.next();
  const operand = state.isKeyword("WHEN") ? undefined : state.expression();
  const whens = [];
  while (state.acceptKeyword("WHEN")) {
    const when = state.expression();
    state.expectKeyword("THEN");
    whens.push({ when, then: state.expression() });
  }
  if (whens.length === 0) throw state.error();
  const otherwise = state.acceptKeyword("ELSE") ? state.expression() : undefined;
  state.expectKeyword("END");
  return {
    kind: "case",
    whens,
    ...(operand === undefined ? {} : { operand }),
    ...(otherwise === undefined ? {} : { else: otherwise }),
  };
}

/**
 * `INTERVAL expr unit` (the operand of `+`/`-` or a DATE_ADD argument), or the function
 * `INTERVAL(n, n1, n2, …)` when a parenthesised list has no unit after it.
 */
function parseInterval(state: ParserState): Expression {
  state.next();
  const value = state.expression();
  const unitToken = state.peek();
  const unit = unitToken.kind === TokenKind.Word ? intervalUnitOf(unitToken.upper) : undefined;
  if (unit === undefined) {
    if (value.kind === "row" && !value.explicitRow) {
      return { kind: "function-call", name: "INTERVAL", args: value.items };
    }
    throw state.error();
  }
  state.next();
  return { kind: "interval", value, unit };
}

function parseDefault(state: ParserState): Expression {
  state.next();
  if (!state.acceptSymbol("(")) return { kind: "default" };
  const column = parseColumnRef(state);
  if (column.kind !== "column") throw state.error();
  state.expectSymbol(")");
  return { kind: "default", column };
}

/** `DATE '2024-01-01'`, `TIME '…'`, `TIMESTAMP '…'`: casts of the string. */
function parseTemporalLiteral(state: ParserState, token: Token): Expression {
  state.next();
  const operand: Expression = { kind: "string", value: state.stringLiteral() };
  const name = token.upper === "DATE" ? "date" : token.upper === "TIME" ? "time" : "datetime";
  return { kind: "cast", operand, type: { name } };
}

/** `_charset'…'`, `_charset X'…'`; undefined when no literal follows the word. */
function parseIntroduced(state: ParserState, charset: string): Expression | undefined {
  const literal = state.peek(1);
  if (literal.kind === TokenKind.String) {
    state.next();
    return { kind: "string", value: state.stringLiteral(), charset };
  }
  if (literal.kind === TokenKind.Hex || literal.kind === TokenKind.Bit) {
    state.next();
    state.next();
    return bytesLiteral(literal, charset);
  }
  return undefined;
}

/** Adjacent string literals after the first one, concatenated. */
function continuedString(state: ParserState): string {
  return state.peek().kind === TokenKind.String ? state.stringLiteral() : "";
}

function systemVariable(text: string): Expression {
  const dot = text.indexOf(".");
  if (dot > 0) {
    const scope = scopeOf(text.slice(0, dot).toUpperCase());
    if (scope !== undefined) return { kind: "system-variable", name: text.slice(dot + 1), scope };
  }
  return { kind: "system-variable", name: text };
}

/** GLOBAL / SESSION / LOCAL / PERSIST / PERSIST_ONLY → VariableScope (LOCAL is session). */
export function scopeOf(upper: string): VariableScope | undefined {
  switch (upper) {
    case "GLOBAL": return "global";
    case "SESSION":
    case "LOCAL":
      return "session";
    case "PERSIST": return "persist";
    case "PERSIST_ONLY": return "persist_only";
    default: return undefined;
  }
}

/** Integer literal text → number, or bigint beyond 2^53 (value.ts). */
export function integerValue(text: string): number | bigint {
  if (text.length < 16) return Number(text);
  return normaliseInteger(BigInt(text));
}

/** Keeps integers as `number` when safe and `bigint` beyond (value.ts). */
export function normaliseInteger(value: bigint): number | bigint {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return value <= limit && value >= -limit ? Number(value) : value;
}

function bytesLiteral(token: Token, charset: string | undefined): Expression {
  const hex = token.kind === TokenKind.Hex;
  const value = hex ? hexBytes(token.text) : bitBytes(token.text);
  const notation = hex ? "hex" : "bit";
  return charset === undefined ? { kind: "bytes", value, notation }
    : { kind: "bytes", value, notation, charset };
}

function hexBytes(digits: string): Uint8Array {
  const text = digits.length % 2 === 1 ? `0${digits}` : digits;
  const bytes = new Uint8Array(text.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number.parseInt(text.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

function bitBytes(digits: string): Uint8Array {
  const byteCount = Math.ceil(digits.length / 8);
  const padded = digits.padStart(byteCount * 8, "0");
  const bytes = new Uint8Array(byteCount);
  for (let index = 0; index < byteCount; index++) {
    bytes[index] = Number.parseInt(padded.slice(index * 8, index * 8 + 8), 2);
  }
  return bytes;
}
