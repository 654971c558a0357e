/**
 * Table references (FROM, UPDATE, DELETE … USING): named tables with alias, PARTITION (parsed
 * and dropped) and index hints; derived tables with optional LATERAL and column list;
 * parenthesised joins; and the join operators (comma, [INNER|CROSS] JOIN, STRAIGHT_JOIN,
 * LEFT/RIGHT [OUTER] JOIN, NATURAL …) with ON / USING. Joins associate to the left.
 */

import type { Expression, Identifier } from "./ast-expression.ts";
import type { IndexHint, JoinedTable, TableReference } from "./ast-query.ts";
import type { ParserState } from "./parser-state.ts";
import { isQueryStart } from "./primary-parser.ts";
import { TokenKind } from "./token.ts";

/** A comma-separated list of table references (comma joins stay separate entries). */
export function parseTableReferences(state: ParserState): TableReference[] {
  const references = [parseTableReference(state)];
  while (state.acceptSymbol(",")) references.push(parseTableReference(state));
  return references;
}

/** One table reference with any joins that follow it. */
export function parseTableReference(state: ParserState): TableReference {
  let left = parseTableFactor(state);
  for (;;) {
    const operator = parseJoinOperator(state);
    if (operator === undefined) return left;
    const right = parseTableFactor(state);
    left = finishJoin(state, operator, left, right);
  }
}

interface JoinOperator {
  readonly joinType: JoinedTable["joinType"];
  readonly natural: boolean;
}

function parseJoinOperator(state: ParserState): JoinOperator | undefined {
  const token = state.peek();
  if (token.kind !== TokenKind.Word) return undefined;
  switch (token.upper) {
    case "JOIN":
      state.next();
      return { joinType: "inner", natural: false };
    case "INNER":
    case "CROSS":
      state.next();
      state.expectKeyword("JOIN");
      return { joinType: token.upper === "INNER" ? "inner" : "cross", natural: false };
    case "STRAIGHT_JOIN":
      state.next();
      return { joinType: "straight", natural: false };
    case "LEFT":
    case "RIGHT":
      state.next();
      state.acceptKeyword("OUTER");
      state.expectKeyword("JOIN");
      return { joinType: token.upper === "LEFT" ? "left" : "right", natural: false };
    case "NATURAL": {
      state.next();
      const side = state.acceptOneOf(["LEFT", "RIGHT", "INNER"]);
      if (side === "LEFT" || side === "RIGHT") state.acceptKeyword("OUTER");
      state.expectKeyword("JOIN");
      const joinType = side === "LEFT" ? "left" : side === "RIGHT" ? "right" : "inner";
      return { joinType, natural: true };
    }
    default:
      return undefined;
  }
}

function finishJoin(
  state: ParserState,
  operator: JoinOperator,
  left: TableReference,
  right: TableReference,
): JoinedTable {
  const { joinType, natural } = operator;
  const base = { kind: "join", joinType, natural, left, right };
  if (operator.natural) return base as JoinedTable;
  if (state.acceptKeyword("ON")) {
    const on: Expression = state.expression();
    return { ...base, on } as JoinedTable;
  }
  if (state.acceptKeyword("USING")) {
    const using: Identifier[] = state.identifierList();
    return { ...base, using } as JoinedTable;
  }
  // LEFT / RIGHT joins need a condition; inner, cross and straight joins do not.
  if (operator.joinType === "left" || operator.joinType === "right") throw state.error();
  return base as JoinedTable;
}

function parseTableFactor(state: ParserState): TableReference {
  if (state.isSymbol("(")) {
    if (isQueryStart(state, 1)) return parseDerivedTable(state, false);
    return parseParenthesizedJoin(state);
  }
  if (state.acceptKeyword("LATERAL")) {
    if (!state.isSymbol("(")) throw state.error();
    return parseDerivedTable(state, true);
  }
  const name = state.tableName();
  if (state.acceptKeyword("PARTITION")) state.identifierList();
  const alias = parseTableAlias(state);
  const indexHints = parseIndexHints(state);
  return alias === undefined ? { kind: "table", name, indexHints }
    : { kind: "table", name, alias, indexHints };
}

/** `(a, b JOIN c …)`: a comma list inside parentheses becomes cross joins. */
function parseParenthesizedJoin(state: ParserState): TableReference {
  state.enter();
  state.next();
  let reference = parseTableReference(state);
  while (state.acceptSymbol(",")) {
    const right = parseTableReference(state);
    reference = { kind: "join", joinType: "cross", natural: false, left: reference, right };
  }
  state.expectSymbol(")");
  state.leave();
  return reference;
}

function parseDerivedTable(state: ParserState, lateral: boolean): TableReference {
  state.enter();
  state.next();
  const query = state.query();
  state.expectSymbol(")");
  state.leave();
  const alias = parseTableAlias(state);
  const columns = alias !== undefined && state.isSymbol("(") ? state.identifierList() : undefined;
  if (alias === undefined) return { kind: "derived", query, lateral };
  return columns === undefined ? { kind: "derived", query, alias, lateral }
    : { kind: "derived", query, alias, columns, lateral };
}

/** `[AS] name` after a table (no string aliases here). */
export function parseTableAlias(state: ParserState): Identifier | undefined {
  if (state.acceptKeyword("AS")) return state.identifier();
  return state.isIdentifier() ? state.identifier() : undefined;
}

function parseIndexHints(state: ParserState): IndexHint[] {
  const hints: IndexHint[] = [];
  for (;;) {
    const token = state.peek();
    if (token.kind !== TokenKind.Word) return hints;
    const word = token.upper;
    if (word !== "USE" && word !== "FORCE" && word !== "IGNORE") return hints;
    if (!state.isKeyword("INDEX", 1) && !state.isKeyword("KEY", 1)) return hints;
    state.next();
    state.next();
    const action = word === "USE" ? "use" : word === "FORCE" ? "force" : "ignore";
    const scope = parseHintScope(state);
    const indexes = parseHintIndexes(state, action === "use");
    hints.push(scope === undefined ? { action, indexes } : { action, scope, indexes });
  }
}

function parseHintScope(state: ParserState): IndexHint["scope"] {
  if (!state.acceptKeyword("FOR")) return undefined;
  if (state.acceptKeyword("JOIN")) return "join";
  const word = state.expectOneOf(["ORDER", "GROUP"]);
  state.expectKeyword("BY");
  return word === "ORDER" ? "order-by" : "group-by";
}

function parseHintIndexes(state: ParserState, allowEmpty: boolean): Identifier[] {
  state.expectSymbol("(");
  const names: Identifier[] = [];
  if (state.acceptSymbol(")")) {
    if (!allowEmpty) throw state.error();
    return names;
  }
  do {
    if (state.acceptKeyword("PRIMARY")) names.push({ name: "PRIMARY", quoted: false });
    else names.push(state.identifier());
  } while (state.acceptSymbol(","));
  state.expectSymbol(")");
  return names;
}
