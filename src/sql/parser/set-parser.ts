/**
 * SET statements: variable assignment lists (`@u`, `@@[scope.]x`, `[GLOBAL|SESSION|LOCAL|
 * PERSIST|PERSIST_ONLY] x`, bare `x`, with `=` or `:=`), SET NAMES, SET CHARACTER SET /
 * CHARSET, and SET [GLOBAL|SESSION] TRANSACTION. For system variables a bare word value
 * (`ON`, `OFF`, `ANSI`) is a string, as MySQL treats it.
 */

import type { Expression, VariableScope } from "./ast-expression.ts";
import type { SetItem, Statement } from "./ast.ts";
import type { ParserState } from "./parser-state.ts";
import { scopeOf } from "./primary-parser.ts";
import { TokenKind } from "./token.ts";
import { parseTransactionCharacteristics } from "./transaction-parser.ts";

export function parseSet(state: ParserState): Statement {
  state.expectKeyword("SET");
  const transaction = parseSetTransaction(state);
  if (transaction !== undefined) return transaction;
  if (state.isKeyword("PASSWORD")) throw state.error();
  const items: SetItem[] = [];
  do items.push(parseSetItem(state)); while (state.acceptSymbol(","));
  return { kind: "set", items, span: state.statementSpan(), paramCount: state.paramCount };
}

function parseSetTransaction(state: ParserState): Statement | undefined {
  let scope: "global" | "session" | undefined;
  if (state.isKeyword("TRANSACTION")) {
    state.next();
  } else if (state.isKeyword("TRANSACTION", 1) && (state.isKeyword("GLOBAL") ||
    state.isKeyword("SESSION"))) {
    scope = state.next().upper === "GLOBAL" ? "global" : "session";
    state.next();
  } else {
    return undefined;
  }
  const characteristics = parseTransactionCharacteristics(state);
  return {
    kind: "set-transaction",
    ...(scope === undefined ? {} : { scope }),
    ...characteristics,
    span: state.statementSpan(),
    paramCount: 0,
  };
}

function parseSetItem(state: ParserState): SetItem {
  const token = state.peek();
  if (token.kind === TokenKind.UserVariable) {
    state.next();
    expectAssignment(state);
    return { kind: "set-user-variable", name: token.text, value: state.expression() };
  }
  if (token.kind === TokenKind.SystemVariable) {
    state.next();
    const dot = token.text.indexOf(".");
    const scope = dot > 0 ? scopeOf(token.text.slice(0, dot).toUpperCase()) : undefined;
    const name = scope === undefined ? token.text : token.text.slice(dot + 1);
    return systemAssignment(state, name, scope);
  }
  if (token.kind !== TokenKind.Word && token.kind !== TokenKind.QuotedIdentifier) {
    throw state.error();
  }
  if (token.kind === TokenKind.Word) {
    const special = parseNamesOrCharset(state, token.upper);
    if (special !== undefined) return special;
    const scope = scopeOf(token.upper);
    if (scope !== undefined && !state.isSymbol("=", 1) && !state.isSymbol(":=", 1)) {
      state.next();
      return systemAssignment(state, parseVariableName(state), scope);
    }
  }
  return systemAssignment(state, parseVariableName(state), undefined);
}

/** A system variable name, possibly `component.name`. */
function parseVariableName(state: ParserState): string {
  const first = state.identifier().name;
  if (!state.acceptSymbol(".")) return first;
  return `${first}.${state.identifierAfterDot().name}`;
}

function expectAssignment(state: ParserState): void {
  if (!state.acceptSymbol("=")) state.expectSymbol(":=");
}

function systemAssignment(
  state: ParserState,
  name: string,
  scope: VariableScope | undefined,
): SetItem {
  expectAssignment(state);
  const value = parseSystemValue(state);
  return scope === undefined ? { kind: "set-system-variable", name, value }
    : { kind: "set-system-variable", name, scope, value };
}

/** A bare word followed by `,` or the end is a string (`ON`, `OFF`, `ANSI`, `utf8mb4`). */
function parseSystemValue(state: ParserState): Expression {
  const token = state.peek();
  if (token.kind === TokenKind.Word && (state.isSymbol(",", 1) || isEnd(state, 1))) {
    const word = token.upper;
    const bareWord = word === "ON" || word === "ALL" || word === "BINARY" ||
      (!token.reserved && word !== "DEFAULT" && word !== "NULL" && word !== "TRUE" &&
        word !== "FALSE");
    if (bareWord) {
      state.next();
      return { kind: "string", value: token.text };
    }
  }
  return state.expression();
}

function isEnd(state: ParserState, offset: number): boolean {
  const token = state.peek(offset);
  return token.kind === TokenKind.End || (token.kind === TokenKind.Symbol && token.text === ";");
}

/** SET NAMES / SET CHARACTER SET / SET CHARSET; undefined for any other item. */
function parseNamesOrCharset(state: ParserState, word: string): SetItem | undefined {
  if (word === "NAMES" && !state.isSymbol("=", 1)) {
    state.next();
    if (state.acceptKeyword("DEFAULT")) return { kind: "set-names" };
    const charset = state.nameOrString();
    if (!state.acceptKeyword("COLLATE")) return { kind: "set-names", charset };
    if (state.acceptKeyword("DEFAULT")) return { kind: "set-names", charset };
    return { kind: "set-names", charset, collation: state.nameOrString() };
  }
  const isCharset = (word === "CHARSET" && !state.isSymbol("=", 1)) ||
    (word === "CHARACTER" && state.isKeyword("SET", 1));
  if (!isCharset) return undefined;
  state.next();
  if (word === "CHARACTER") state.next();
  if (state.acceptKeyword("DEFAULT")) return { kind: "set-charset" };
  return { kind: "set-charset", charset: state.nameOrString() };
}
