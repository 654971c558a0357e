/**
 * Query expressions: WITH, SELECT blocks, UNION / INTERSECT / EXCEPT (INTERSECT binds
 * tighter), parenthesised queries, and the trailing ORDER BY / LIMIT / locking / INTO.
 *
 * How trailing clauses attach: a lone SELECT keeps its own; for a set operation they belong
 * to the whole operation (MySQL's rule: the last unparenthesised block cannot own them); after
 * a parenthesised query they wrap it in a ParenthesizedQuery. Table references are parsed in
 * table-reference-parser.ts.
 */

import type { Identifier } from "./ast-expression.ts";
import type {
  CommonTableExpression,
  LockingClause,
  NamedWindow,
  Query,
  SelectItem,
  SelectOptions,
  SelectQuery,
  TableReference,
  WithClause,
} from "./ast-query.ts";
import {
  parseOptionalLimit,
  parseOptionalOrderBy,
  parseOrderItems,
  parseWindowSpec,
} from "./clause-parser.ts";
import type { ParserState, Writable } from "./parser-state.ts";
import { parseTableReferences } from "./table-reference-parser.ts";
import { TokenKind } from "./token.ts";

/** One operand of a set operation and whether it was written in parentheses. */
interface QueryTerm {
  readonly query: Query;
  readonly parenthesized: boolean;
}

/** A WITH clause already parsed by the caller (for `WITH … UPDATE|DELETE|SELECT`). */
export interface LeadingWith {
  readonly clause: WithClause;
  /** Offset of the WITH keyword and the placeholder count before it. */
  readonly start: number;
  readonly paramStart: number;
}

/** A complete query expression starting at WITH, SELECT, TABLE or `(`. */
export function parseQuery(state: ParserState, leadingWith?: LeadingWith): Query {
  const start = leadingWith?.start ?? state.peek().start;
  const paramStart = leadingWith?.paramStart ?? state.paramCount;
  const withClause = leadingWith?.clause ??
    (state.isKeyword("WITH") ? parseWith(state) : undefined);
  let term = parseUnionLevel(state);
  if (term.parenthesized && !state.atStatementEnd()) term = wrapParenthesized(state, term, start);
  const query = term.query;
  if (withClause === undefined) return query;
  return {
    ...query,
    with: withClause,
    span: { start, end: state.lastEnd() },
    paramCount: state.paramCount - paramStart,
  };
}

function wrapParenthesized(state: ParserState, term: QueryTerm, start: number): QueryTerm {
  const paramStart = state.paramCount - term.query.paramCount;
  const orderBy = parseOptionalOrderBy(state);
  const limit = parseOptionalLimit(state);
  const locking = parseLocking(state);
  if (orderBy.length === 0 && limit === undefined && locking.length === 0) return term;
  const query: Writable<Query> = {
    kind: "parenthesized-query",
    query: term.query,
    orderBy,
    locking,
    span: { start, end: state.lastEnd() },
    paramCount: state.paramCount - paramStart,
  };
  if (limit !== undefined) query.limit = limit;
  return { query, parenthesized: false };
}

function parseUnionLevel(state: ParserState): QueryTerm {
  const start = state.peek().start;
  const paramStart = state.paramCount;
  let left = parseIntersectLevel(state, true);
  for (;;) {
    const word = state.acceptOneOf(["UNION", "EXCEPT"]);
    if (word === undefined) return left;
    const all = parseAllOrDistinct(state);
    const right = parseIntersectLevel(state, false);
    left = setOperation(state, word === "UNION" ? "union" : "except", all, left, right, start,
      paramStart);
  }
}

function parseIntersectLevel(state: ParserState, first: boolean): QueryTerm {
  const start = state.peek().start;
  const paramStart = state.paramCount;
  let left = parseTerm(state, first);
  while (state.acceptKeyword("INTERSECT")) {
    const all = parseAllOrDistinct(state);
    const right = parseTerm(state, false);
    left = setOperation(state, "intersect", all, left, right, start, paramStart);
  }
  return left;
}

function parseAllOrDistinct(state: ParserState): boolean {
  if (state.acceptKeyword("ALL")) return true;
  state.acceptKeyword("DISTINCT");
  return false;
}

/**
 * Builds a set operation; trailing ORDER BY / LIMIT are parsed here (they apply to the whole
 * operation), so a non-first SELECT block is parsed without them.
 */
function setOperation(
  state: ParserState,
  operator: "union" | "intersect" | "except",
  all: boolean,
  left: QueryTerm,
  right: QueryTerm,
  start: number,
  paramStart: number,
): QueryTerm {
  const orderBy = parseOptionalOrderBy(state);
  const limit = parseOptionalLimit(state);
  const query: Writable<Query> = {
    kind: "set-operation",
    operator,
    all,
    left: left.query,
    right: right.query,
    orderBy,
    span: { start, end: state.lastEnd() },
    paramCount: state.paramCount - paramStart,
  };
  if (limit !== undefined) query.limit = limit;
  return { query, parenthesized: false };
}

/** `(query)`, `SELECT …`, or `TABLE t`. Only the first block may own ORDER BY / LIMIT. */
function parseTerm(state: ParserState, first: boolean): QueryTerm {
  if (state.isSymbol("(")) {
    state.enter();
    state.next();
    const query = parseQuery(state);
    state.expectSymbol(")");
    state.leave();
    return { query, parenthesized: true };
  }
  if (state.isKeyword("TABLE")) return { query: parseTableStatement(state), parenthesized: false };
  return { query: parseSelectBlock(state, first), parenthesized: false };
}

/** `TABLE t` → `SELECT * FROM t`. */
function parseTableStatement(state: ParserState): SelectQuery {
  const start = state.next().start;
  const table: TableReference = { kind: "table", name: state.tableName(), indexHints: [] };
  return {
    ...emptySelect(start),
    items: [{ kind: "select-star" }],
    from: [table],
    span: { start, end: state.lastEnd() },
  };
}

/** A SELECT with nothing in it yet, starting at `start` (also used to build internal queries). */
export function emptySelect(start: number): SelectQuery {
  return {
    kind: "select",
    distinct: false,
    options: { highPriority: false, straightJoin: false, sqlCalcFoundRows: false },
    items: [],
    from: [],
    groupBy: [],
    withRollup: false,
    windows: [],
    orderBy: [],
    locking: [],
    span: { start, end: start },
    paramCount: 0,
  };
}

/** A SELECT block; with `withTail` it also takes ORDER BY, LIMIT, locking and INTO. */
export function parseSelectBlock(state: ParserState, withTail: boolean): SelectQuery {
  const start = state.peek().start;
  const paramStart = state.paramCount;
  state.expectKeyword("SELECT");
  const select: Writable<SelectQuery> = emptySelect(start);
  parseSelectOptions(state, select);
  select.items = parseSelectItems(state);
  parseInto(state, select);
  if (state.acceptKeyword("FROM")) {
    if (!state.acceptKeyword("DUAL")) select.from = parseTableReferences(state);
  }
  if (state.acceptKeyword("WHERE")) select.where = state.expression();
  if (state.acceptKeywordPair("GROUP", "BY")) {
    select.groupBy = parseOrderItems(state);
    select.withRollup = state.acceptKeywordPair("WITH", "ROLLUP");
  }
  if (state.acceptKeyword("HAVING")) select.having = state.expression();
  if (state.acceptKeyword("WINDOW")) select.windows = parseWindows(state);
  if (withTail) {
    select.orderBy = parseOptionalOrderBy(state);
    const limit = parseOptionalLimit(state);
    if (limit !== undefined) select.limit = limit;
    parseInto(state, select);
    select.locking = parseLocking(state);
    parseInto(state, select);
  }
  select.span = { start, end: state.lastEnd() };
  select.paramCount = state.paramCount - paramStart;
  return select;
}

function parseSelectOptions(state: ParserState, select: Writable<SelectQuery>): void {
  let highPriority = false;
  let straightJoin = false;
  let sqlCalcFoundRows = false;
  for (;;) {
    const token = state.peek();
    if (token.kind !== TokenKind.Word) break;
    switch (token.upper) {
      case "ALL": break;
      case "DISTINCT":
      case "DISTINCTROW":
        select.distinct = true;
        break;
      case "HIGH_PRIORITY": highPriority = true; break;
      case "STRAIGHT_JOIN": straightJoin = true; break;
      case "SQL_CALC_FOUND_ROWS": sqlCalcFoundRows = true; break;
      case "SQL_SMALL_RESULT":
      case "SQL_BIG_RESULT":
      case "SQL_BUFFER_RESULT":
      case "SQL_NO_CACHE":
      case "SQL_CACHE":
        break;
      default:
        if (highPriority || straightJoin || sqlCalcFoundRows) {
          select.options = { highPriority, straightJoin, sqlCalcFoundRows } satisfies SelectOptions;
        }
        return;
    }
    state.next();
  }
  if (highPriority || straightJoin || sqlCalcFoundRows) {
    select.options = { highPriority, straightJoin, sqlCalcFoundRows };
  }
}

function parseSelectItems(state: ParserState): SelectItem[] {
  const items: SelectItem[] = [];
  do items.push(parseSelectItem(state)); while (state.acceptSymbol(","));
  return items;
}

function parseSelectItem(state: ParserState): SelectItem {
  if (state.acceptSymbol("*")) return { kind: "select-star" };
  if (state.isIdentifier() && state.isSymbol(".", 1)) {
    if (state.isSymbol("*", 2)) {
      const name = state.identifier();
      state.next();
      state.next();
      return { kind: "select-star", table: { name } };
    }
    if (state.isSymbol(".", 3) && state.isSymbol("*", 4)) {
      const database = state.identifier();
      state.next();
      const name = state.identifierAfterDot();
      state.next();
      state.next();
      return { kind: "select-star", table: { database, name } };
    }
  }
  const start = state.peek().start;
  const expr = state.expression();
  const span = { start, end: state.lastEnd() };
  const alias = parseOptionalAlias(state);
  return alias === undefined ? { kind: "select-expression", expr, span }
    : { kind: "select-expression", expr, alias, span };
}

/** `[AS] alias` where the alias may also be a string; undefined if absent. */
export function parseOptionalAlias(state: ParserState): Identifier | undefined {
  if (state.acceptKeyword("AS")) {
    if (state.peek().kind !== TokenKind.String) return state.identifier();
    return { name: state.stringLiteral(), quoted: true };
  }
  if (state.isIdentifier()) return state.identifier();
  if (state.peek().kind === TokenKind.String) return { name: state.stringLiteral(), quoted: true };
  return undefined;
}

function parseInto(state: ParserState, select: Writable<SelectQuery>): void {
  if (!state.acceptKeyword("INTO")) return;
  const names: string[] = [];
  do {
    const token = state.next();
    if (token.kind !== TokenKind.UserVariable) throw state.error(token);
    names.push(token.text);
  } while (state.acceptSymbol(","));
  select.into = names;
}

function parseWindows(state: ParserState): NamedWindow[] {
  const windows: NamedWindow[] = [];
  do {
    const name = state.identifier();
    state.expectKeyword("AS");
    windows.push({ name, spec: parseWindowSpec(state) });
  } while (state.acceptSymbol(","));
  return windows;
}

/** `FOR UPDATE|SHARE [OF t, …] [NOWAIT|SKIP LOCKED]` and `LOCK IN SHARE MODE`, repeated. */
function parseLocking(state: ParserState): LockingClause[] {
  const clauses: LockingClause[] = [];
  for (;;) {
    if (state.acceptKeyword("LOCK")) {
      state.expectKeyword("IN");
      state.expectKeyword("SHARE");
      state.expectKeyword("MODE");
      clauses.push({ strength: "share", of: [], wait: "wait" });
      continue;
    }
    if (!state.isKeyword("FOR")) return clauses;
    state.next();
    const strength = state.expectOneOf(["UPDATE", "SHARE"]) === "UPDATE" ? "update" : "share";
    const of = [];
    if (state.acceptKeyword("OF")) {
      do of.push(state.tableName()); while (state.acceptSymbol(","));
    }
    let wait: LockingClause["wait"] = "wait";
    if (state.acceptKeyword("NOWAIT")) wait = "nowait";
    else if (state.acceptKeywordPair("SKIP", "LOCKED")) wait = "skip-locked";
    clauses.push({ strength, of, wait });
  }
}

/** `WITH [RECURSIVE] name [(cols)] AS (query), …`. */
export function parseWith(state: ParserState): WithClause {
  state.expectKeyword("WITH");
  const recursive = state.acceptKeyword("RECURSIVE");
  const ctes: CommonTableExpression[] = [];
  do {
    const name = state.identifier();
    const columns = state.isSymbol("(") ? state.identifierList() : undefined;
    state.expectKeyword("AS");
    state.expectSymbol("(");
    state.enter();
    const query = parseQuery(state);
    state.leave();
    state.expectSymbol(")");
    ctes.push(columns === undefined ? { name, query } : { name, columns, query });
  } while (state.acceptSymbol(","));
  return { recursive, ctes };
}
