/**
 * Function calls: `name(args)` for any name (keyword-named ones such as IF, LEFT, REPLACE
 * included), aggregates (COUNT(*), [DISTINCT], GROUP_CONCAT's ORDER BY / SEPARATOR), window
 * calls with OVER, and the special syntaxes CAST, CONVERT, TRIM, SUBSTRING … FROM … FOR,
 * POSITION … IN, EXTRACT, TIMESTAMPADD/DIFF, GET_FORMAT, CHAR … USING and DEFAULT(col).
 * Function names are upper-cased in the AST.
 */

import type {
  AggregateName,
  CastType,
  CastTypeName,
  Expression,
  WindowSpec,
} from "./ast-expression.ts";
import type { OrderItem } from "./ast-query.ts";
import { parseIntervalUnit, parseOrderItems, parseOver } from "./clause-parser.ts";
import type { ParserState } from "./parser-state.ts";

const aggregateNames: ReadonlySet<string> = new Set<AggregateName>([
  "COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT", "BIT_AND", "BIT_OR", "BIT_XOR", "STD",
  "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "JSON_ARRAYAGG",
  "JSON_OBJECTAGG",
]);

/** At a word followed by `(`: parses the whole call (and its OVER clause). */
export function parseFunctionCall(state: ParserState): Expression {
  const name = state.next().upper;
  state.expectSymbol("(");
  state.enter();
  const call = aggregateNames.has(name)
    ? parseAggregate(state, name as AggregateName)
    : parseSpecialOrPlain(state, name);
  state.leave();
  return call;
}

function parseSpecialOrPlain(state: ParserState, name: string): Expression {
  switch (name) {
    case "CAST": return parseCast(state);
    case "CONVERT": return parseConvert(state);
    case "TRIM": return parseTrim(state);
    case "SUBSTRING":
    case "SUBSTR":
      return parseSubstring(state, name);
    case "POSITION": {
      const needle = state.bitExpression();
      state.expectKeyword("IN");
      const haystack = state.expression();
      state.expectSymbol(")");
      return { kind: "function-call", name, args: [needle, haystack] };
    }
    case "EXTRACT": {
      const unit = parseIntervalUnit(state);
      state.expectKeyword("FROM");
      const operand = state.expression();
      state.expectSymbol(")");
      return { kind: "extract", unit, operand };
    }
    case "TIMESTAMPADD":
    case "TIMESTAMPDIFF":
      return parseTimestampFunction(state, name);
    case "GET_FORMAT": return parseGetFormat(state);
    case "CHAR": return parseChar(state);
    default: return parsePlainCall(state, name);
  }
}

function parsePlainCall(state: ParserState, name: string): Expression {
  const args: Expression[] = [];
  if (!state.acceptSymbol(")")) {
    do args.push(state.expression()); while (state.acceptSymbol(","));
    state.expectSymbol(")");
  }
  const over = parseOptionalOver(state);
  return over === undefined ? { kind: "function-call", name, args }
    : { kind: "function-call", name, args, over };
}

function parseOptionalOver(state: ParserState): WindowSpec | undefined {
  return state.acceptKeyword("OVER") ? parseOver(state) : undefined;
}

function parseAggregate(state: ParserState, name: AggregateName): Expression {
  let star = false;
  let distinct = false;
  const args: Expression[] = [];
  let orderBy: OrderItem[] | undefined;
  let separator: string | undefined;
  if (name === "COUNT" && state.acceptSymbol("*")) {
    star = true;
  } else {
    distinct = state.acceptKeyword("DISTINCT");
    if (!distinct) state.acceptKeyword("ALL");
    do args.push(state.expression()); while (state.acceptSymbol(","));
    if (name === "GROUP_CONCAT") {
      if (state.acceptKeywordPair("ORDER", "BY")) orderBy = parseOrderItems(state);
      if (state.acceptKeyword("SEPARATOR")) separator = state.stringLiteral();
    }
  }
  state.expectSymbol(")");
  const over = parseOptionalOver(state);
  return {
    kind: "aggregate",
    name,
    args,
    distinct,
    star,
    ...(orderBy === undefined ? {} : { orderBy }),
    ...(separator === undefined ? {} : { separator }),
    ...(over === undefined ? {} : { over }),
  };
}

function parseCast(state: ParserState): Expression {
  const operand = state.expression();
  state.expectKeyword("AS");
  const type = parseCastType(state);
  state.acceptKeyword("ARRAY");
  state.expectSymbol(")");
  return { kind: "cast", operand, type };
}

function parseConvert(state: ParserState): Expression {
  const operand = state.expression();
  if (state.acceptKeyword("USING")) {
    const charset = state.nameOrString();
    state.expectSymbol(")");
    return { kind: "convert-using", operand, charset };
  }
  state.expectSymbol(",");
  const type = parseCastType(state);
  state.expectSymbol(")");
  return { kind: "cast", operand, type };
}

const castTypeNames: readonly string[] = [
  "BINARY", "CHAR", "CHARACTER", "NCHAR", "DATE", "DATETIME", "TIME", "DECIMAL", "DEC",
  "SIGNED", "UNSIGNED", "JSON", "DOUBLE", "FLOAT", "REAL", "YEAR",
];

/** The type of CAST(… AS type) / CONVERT(…, type). */
export function parseCastType(state: ParserState): CastType {
  const word = state.expectOneOf(castTypeNames);
  switch (word) {
    case "SIGNED":
    case "UNSIGNED":
      state.acceptOneOf(["INTEGER", "INT"]);
      return { name: word === "SIGNED" ? "signed" : "unsigned" };
    case "DOUBLE":
      state.acceptKeyword("PRECISION");
      return { name: "double" };
    case "DECIMAL":
    case "DEC": {
      const [length, scale] = parseOptionalPrecision(state);
      return withNumbers({ name: "decimal" }, length, scale);
    }
    case "CHAR":
    case "CHARACTER":
    case "NCHAR": {
      const [length] = parseOptionalPrecision(state);
      const charset = parseCastCharset(state);
      const type = withNumbers({ name: word === "NCHAR" ? "nchar" : "char" }, length, undefined);
      return charset === undefined ? type : { ...type, charset };
    }
    case "TIME":
    case "DATETIME": {
      const [fsp] = parseOptionalPrecision(state);
      return withNumbers({ name: word === "TIME" ? "time" : "datetime" }, undefined, fsp);
    }
    default: {
      const [length] = parseOptionalPrecision(state);
      return withNumbers({ name: word.toLowerCase() as CastTypeName }, length, undefined);
    }
  }
}

function withNumbers(type: CastType, length: number | undefined, scale: number | undefined) {
  let result = type;
  if (length !== undefined) result = { ...result, length };
  if (scale !== undefined) result = { ...result, scale };
  return result;
}

/** `(n)` or `(p, s)`, optional. */
function parseOptionalPrecision(state: ParserState): [number | undefined, number | undefined] {
  if (!state.acceptSymbol("(")) return [undefined, undefined];
  const first = state.integer();
  const second = state.acceptSymbol(",") ? state.integer() : undefined;
  state.expectSymbol(")");
  return [first, second];
}

/** `CHARACTER SET x` / `CHARSET x` / ASCII / UNICODE / BINARY after a CHAR cast type. */
function parseCastCharset(state: ParserState): string | undefined {
  if (state.acceptKeywordPair("CHARACTER", "SET") || state.acceptKeyword("CHARSET")) {
    return state.nameOrString();
  }
  if (state.acceptKeyword("ASCII")) return "latin1";
  if (state.acceptKeyword("UNICODE")) return "ucs2";
  if (state.acceptKeyword("BINARY")) return "binary";
  return undefined;
}

function parseTrim(state: ParserState): Expression {
  const modeWord = state.acceptOneOf(["LEADING", "TRAILING", "BOTH"]);
  const mode = modeWord === "LEADING" ? "leading" : modeWord === "TRAILING" ? "trailing" : "both";
  if (modeWord !== undefined && state.acceptKeyword("FROM")) {
    const operand = state.expression();
    state.expectSymbol(")");
    return { kind: "trim", mode, operand };
  }
  const first = state.expression();
  if (state.acceptKeyword("FROM")) {
    const operand = state.expression();
    state.expectSymbol(")");
    return { kind: "trim", mode, remove: first, operand };
  }
  if (modeWord !== undefined) throw state.error();
  state.expectSymbol(")");
  return { kind: "trim", mode, operand: first };
}

/** `SUBSTRING(x, a[, b])` or `SUBSTRING(x FROM a [FOR b])` → SUBSTRING(x, a[, b]). */
function parseSubstring(state: ParserState, name: string): Expression {
  const args = [state.expression()];
  if (state.acceptKeyword("FROM")) {
    args.push(state.expression());
    if (state.acceptKeyword("FOR")) args.push(state.expression());
  } else {
    while (state.acceptSymbol(",")) args.push(state.expression());
  }
  state.expectSymbol(")");
  return { kind: "function-call", name, args };
}

function parseTimestampFunction(state: ParserState, name: "TIMESTAMPADD" | "TIMESTAMPDIFF") {
  const unit = parseIntervalUnit(state);
  state.expectSymbol(",");
  const first = state.expression();
  state.expectSymbol(",");
  const second = state.expression();
  state.expectSymbol(")");
  const call: Expression = { kind: "timestamp-function", name, unit, args: [first, second] };
  return call;
}

function parseGetFormat(state: ParserState): Expression {
  const word = state.expectOneOf(["DATE", "TIME", "DATETIME", "TIMESTAMP"]);
  state.expectSymbol(",");
  const format = state.expression();
  state.expectSymbol(")");
  const type = word === "DATE" ? "date" : word === "TIME" ? "time"
    : word === "DATETIME" ? "datetime" : "timestamp";
  return { kind: "get-format", type, format };
}

function parseChar(state: ParserState): Expression {
  const args = [state.expression()];
  while (state.acceptSymbol(",")) args.push(state.expression());
  const charset = state.acceptKeyword("USING") ? state.nameOrString() : undefined;
  state.expectSymbol(")");
  return charset === undefined ? { kind: "char-function", args }
    : { kind: "char-function", args, charset };
}
