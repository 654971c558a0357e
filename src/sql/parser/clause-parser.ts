/**
 * Clauses shared by queries, DML and function calls: ORDER BY lists, LIMIT, window
 * specifications (OVER / WINDOW), and interval units.
 */

import type {
  Expression,
  FrameBound,
  IntervalUnit,
  WindowFrame,
  WindowSpec,
} from "./ast-expression.ts";
import type { Limit, OrderItem } from "./ast-query.ts";
import { intervalUnitOf } from "./keywords.ts";
import type { ParserState } from "./parser-state.ts";
import { TokenKind } from "./token.ts";

/** `expr [ASC|DESC], …` (after ORDER BY / GROUP BY / PARTITION BY has been consumed). */
export function parseOrderItems(state: ParserState): OrderItem[] {
  const items: OrderItem[] = [];
  do {
    const expr = state.expression();
    if (state.acceptKeyword("DESC")) {
      items.push({ expr, direction: "desc" });
    } else {
      state.acceptKeyword("ASC");
      items.push({ expr, direction: "asc" });
    }
  } while (state.acceptSymbol(","));
  return items;
}

/** `ORDER BY items` if present, else []. */
export function parseOptionalOrderBy(state: ParserState): OrderItem[] {
  if (!state.acceptKeywordPair("ORDER", "BY")) return [];
  return parseOrderItems(state);
}

/** `LIMIT n`, `LIMIT off, n`, `LIMIT n OFFSET off`; each a number or `?`. */
export function parseOptionalLimit(state: ParserState): Limit | undefined {
  if (!state.acceptKeyword("LIMIT")) return undefined;
  const first = parseLimitValue(state);
  if (state.acceptSymbol(",")) return { count: parseLimitValue(state), offset: first };
  if (state.acceptKeyword("OFFSET")) return { count: first, offset: parseLimitValue(state) };
  return { count: first };
}

function parseLimitValue(state: ParserState): Expression {
  const token = state.peek();
  if (token.kind === TokenKind.Integer || token.kind === TokenKind.Param) {
    return state.expression();
  }
  // Inside stored programs a local variable name is allowed; we accept user variables too.
  if (token.kind === TokenKind.UserVariable || state.isIdentifier()) return state.expression();
  throw state.error();
}

/** After OVER: `name` or `( [name] [PARTITION BY …] [ORDER BY …] [frame] )`. */
export function parseOver(state: ParserState): WindowSpec {
  if (!state.isSymbol("(")) return { name: state.identifier(), partitionBy: [], orderBy: [] };
  return parseWindowSpec(state);
}

/** `( [name] [PARTITION BY …] [ORDER BY …] [frame] )`. */
export function parseWindowSpec(state: ParserState): WindowSpec {
  state.expectSymbol("(");
  const name = state.isIdentifier() && !isFrameUnit(state) ? state.identifier() : undefined;
  const partitionBy: Expression[] = [];
  if (state.acceptKeywordPair("PARTITION", "BY")) {
    do partitionBy.push(state.expression()); while (state.acceptSymbol(","));
  }
  const orderBy = parseOptionalOrderBy(state);
  const frame = parseFrame(state);
  state.expectSymbol(")");
  return {
    partitionBy,
    orderBy,
    ...(name === undefined ? {} : { name }),
    ...(frame === undefined ? {} : { frame }),
  };
}

function isFrameUnit(state: ParserState): boolean {
  return state.isKeyword("ROWS") || state.isKeyword("RANGE");
}

function parseFrame(state: ParserState): WindowFrame | undefined {
  const unitWord = state.acceptOneOf(["ROWS", "RANGE"]);
  if (unitWord === undefined) return undefined;
  const unit = unitWord === "ROWS" ? "rows" : "range";
  if (!state.acceptKeyword("BETWEEN")) return { unit, start: parseFrameBound(state) };
  const start = parseFrameBound(state);
  state.expectKeyword("AND");
  return { unit, start, end: parseFrameBound(state) };
}

function parseFrameBound(state: ParserState): FrameBound {
  if (state.acceptKeyword("UNBOUNDED")) {
    const direction = state.expectOneOf(["PRECEDING", "FOLLOWING"]);
    return { type: direction === "PRECEDING" ? "unbounded-preceding" : "unbounded-following" };
  }
  if (state.acceptKeywordPair("CURRENT", "ROW")) return { type: "current-row" };
  const offset = state.bitExpression();
  const direction = state.expectOneOf(["PRECEDING", "FOLLOWING"]);
  return { type: direction === "PRECEDING" ? "preceding" : "following", offset };
}

/** An interval unit keyword (DAY, HOUR_MINUTE, …). */
export function parseIntervalUnit(state: ParserState): IntervalUnit {
  const token = state.peek();
  const unit = token.kind === TokenKind.Word ? intervalUnitOf(token.upper) : undefined;
  if (unit === undefined) throw state.error();
  state.next();
  return unit;
}
