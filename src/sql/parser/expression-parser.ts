/**
 * Expression parsing by precedence climbing, following MySQL 8.0's grammar (sql_yacc.yy)
 * rather than the manual's flattened table where they differ: the predicates IN / BETWEEN /
 * LIKE / REGEXP / MEMBER OF bind tighter than the comparisons, so `a = b LIKE c` is
 * `a = (b LIKE c)`. Loosest to tightest:
 *
 *   :=   OR ||   XOR   AND &&   NOT   comparisons and IS   predicates   |   &   << >>
 *   + -   * / DIV % MOD   ^   unary - ~ +   !   COLLATE / BINARY
 *
 * `||` is OR and `&&` is AND (the default sql_mode). Primaries live in primary-parser.ts.
 * Every call to parseBinary is one nesting level, so deep input is a 1064, not a crash.
 */

import type {
  BinaryOperator,
  ComparisonOperator,
  Expression,
} from "./ast-expression.ts";
import type { ParserState } from "./parser-state.ts";
import {
  isQueryStart,
  normaliseInteger,
  parseParenthesizedQuery,
  parsePrimary,
} from "./primary-parser.ts";
import { TokenKind, type Token } from "./token.ts";

const precedenceAssign = 1;
const precedenceOr = 2;
const precedenceXor = 3;
const precedenceAnd = 4;
// 5 is NOT: a prefix operator whose operand is parsed at the comparison level.
const precedenceComparison = 6;
const precedencePredicate = 7;
const precedenceBitOr = 8;
const precedenceBitAnd = 9;
const precedenceShift = 10;
const precedenceAdditive = 11;
const precedenceMultiplicative = 12;
const precedenceBitXor = 13;
/** `||` under PIPES_AS_CONCAT: between `^` and the unary operators. */
const precedenceConcat = 13.5;
const precedenceUnary = 14;
const precedenceBang = 15;
const precedenceCollate = 16;

/** A full expression (including `:=`). */
export function parseExpression(state: ParserState): Expression {
  return parseBinary(state, precedenceAssign);
}

/** A "bit_expr": arithmetic and bit operators only (no comparisons, predicates, logic). */
export function parseBitExpression(state: ParserState): Expression {
  return parseBinary(state, precedenceBitOr);
}

/**
 * An operand without binary operators or COLLATE: a (signed) literal, a function call, a
 * column. Column DEFAULT / ON UPDATE values use it, so `DEFAULT 'a' COLLATE x` leaves the
 * COLLATE to the column.
 */
export function parseSimpleExpression(state: ParserState): Expression {
  return parseBinary(state, precedenceCollate + 1);
}

function parseBinary(state: ParserState, precedenceMin: number): Expression {
  state.enter();
  let left = parsePrefix(state);
  for (;;) {
    const precedence = infixPrecedence(state, state.peek());
    if (precedence === 0 || precedence < precedenceMin) break;
    left = parseInfix(state, left, precedence);
  }
  state.leave();
  return left;
}

function parsePrefix(state: ParserState): Expression {
  const token = state.peek();
  if (token.kind === TokenKind.Symbol) {
    switch (token.text) {
      case "-":
        return parseNegation(state);
      case "+":
        state.next();
        return { kind: "unary", operator: "+", operand: parseBinary(state, precedenceUnary) };
      case "~":
        state.next();
        return { kind: "unary", operator: "~", operand: parseBinary(state, precedenceUnary) };
      case "!":
        state.next();
        return { kind: "unary", operator: "not", operand: parseBinary(state, precedenceBang) };
    }
  } else if (token.kind === TokenKind.Word) {
    if (token.upper === "NOT") {
      state.next();
      const operandPrecedence = state.highNotPrecedence ? precedenceBang : precedenceComparison;
      return { kind: "unary", operator: "not", operand: parseBinary(state, operandPrecedence) };
    }
    if (token.upper === "BINARY") {
      state.next();
      const operand = parseBinary(state, precedenceCollate);
      return { kind: "cast", operand, type: { name: "binary" } };
    }
  }
  return parsePrimary(state);
}

/**
 * Unary minus. `-<number>` folds into a negative integer or float literal when the literal is
 * the whole operand (`- - 1` keeps the outer minus as an operator).
 */
function parseNegation(state: ParserState): Expression {
  state.next();
  const operandStart = state.position;
  const operand = parseBinary(state, precedenceUnary);
  if (state.position === operandStart + 1) {
    if (operand.kind === "integer") {
      const value = operand.value;
      const negated = typeof value === "bigint" ? normaliseInteger(-value) : 0 - value;
      return { kind: "integer", value: negated === 0 ? 0 : negated };
    }
    if (operand.kind === "float") {
      return { kind: "float", value: -operand.value, text: `-${operand.text}` };
    }
  }
  return { kind: "unary", operator: "-", operand };
}

function infixPrecedence(state: ParserState, token: Token): number {
  if (token.kind === TokenKind.Symbol) {
    if (token.text === "||" && state.pipesAsConcat) return precedenceConcat;
    return symbolPrecedence(token.text);
  }
  if (token.kind !== TokenKind.Word) return 0;
  switch (token.upper) {
    case "OR": return precedenceOr;
    case "XOR": return precedenceXor;
    case "AND": return precedenceAnd;
    case "IS": return precedenceComparison;
    case "IN":
    case "LIKE":
    case "BETWEEN":
    case "REGEXP":
    case "RLIKE":
      return precedencePredicate;
    case "MEMBER": return state.isKeyword("OF", 1) ? precedencePredicate : 0;
    case "SOUNDS": return state.isKeyword("LIKE", 1) ? precedencePredicate : 0;
    // After an operand NOT can only start NOT IN / LIKE / BETWEEN / REGEXP; anything else is
    // a syntax error at the word after NOT, which is where MySQL reports it.
    case "NOT": return precedencePredicate;
    case "DIV":
    case "MOD":
      return precedenceMultiplicative;
    case "COLLATE": return precedenceCollate;
    default: return 0;
  }
}

function symbolPrecedence(text: string): number {
  switch (text) {
    case ":=": return precedenceAssign;
    case "||": return precedenceOr;
    case "&&": return precedenceAnd;
    case "=":
    case "<=>":
    case "<":
    case ">":
    case "<=":
    case ">=":
    case "<>":
    case "!=":
      return precedenceComparison;
    case "|": return precedenceBitOr;
    case "&": return precedenceBitAnd;
    case "<<":
    case ">>":
      return precedenceShift;
    case "+":
    case "-":
      return precedenceAdditive;
    case "*":
    case "/":
    case "%":
      return precedenceMultiplicative;
    case "^": return precedenceBitXor;
    default: return 0;
  }
}

function parseInfix(state: ParserState, left: Expression, precedence: number): Expression {
  const token = state.next();
  if (token.kind === TokenKind.Word) return parseWordInfix(state, left, token);
  const text = token.text;
  if (text === ":=") {
    if (left.kind !== "user-variable") throw state.error(token);
    return { kind: "assign", variable: left.name, value: parseBinary(state, precedenceAssign) };
  }
  if (precedence === precedenceComparison) return parseComparison(state, left, text);
  if (precedence === precedenceConcat) {
    const right = parseBinary(state, precedenceConcat + 1);
    return { kind: "function-call", name: "CONCAT", args: [left, right] };
  }
  const operator = symbolOperator(text);
  const right = parseBinary(state, precedence + 1);
  return { kind: "binary", operator, left, right };
}

function symbolOperator(text: string): BinaryOperator {
  switch (text) {
    case "||": return "or";
    case "&&": return "and";
    default: return text as BinaryOperator;
  }
}

function parseComparison(state: ParserState, left: Expression, text: string): Expression {
  const operator = (text === "!=" ? "<>" : text) as ComparisonOperator;
  const quantifier = state.peek();
  if (quantifier.kind === TokenKind.Word && state.isSymbol("(", 1)) {
    const word = quantifier.upper;
    if (word === "ANY" || word === "SOME" || word === "ALL") {
      state.next();
      const query = parseParenthesizedQuery(state);
      const all = word === "ALL";
      return { kind: "quantified-comparison", operator, quantifier: all ? "all" : "any",
        operand: left, query };
    }
  }
  const right = parseBinary(state, precedenceComparison + 1);
  return { kind: "binary", operator, left, right };
}

function parseWordInfix(state: ParserState, left: Expression, token: Token): Expression {
  switch (token.upper) {
    case "OR": return logical(state, "or", left, precedenceOr);
    case "XOR": return logical(state, "xor", left, precedenceXor);
    case "AND": return logical(state, "and", left, precedenceAnd);
    case "DIV": return logical(state, "div", left, precedenceMultiplicative);
    case "MOD": return logical(state, "%", left, precedenceMultiplicative);
    case "IS": return parseIs(state, left);
    case "COLLATE": return { kind: "collate", operand: left, collation: state.nameOrString() };
    case "MEMBER": {
      state.expectKeyword("OF");
      state.expectSymbol("(");
      const array = parseExpression(state);
      state.expectSymbol(")");
      return { kind: "member-of", operand: left, array };
    }
    case "SOUNDS": {
      state.expectKeyword("LIKE");
      const right = parseBinary(state, precedenceBitOr);
      const soundex = (operand: Expression): Expression =>
        ({ kind: "function-call", name: "SOUNDEX", args: [operand] });
      return { kind: "binary", operator: "=", left: soundex(left), right: soundex(right) };
    }
    case "NOT": return parsePredicate(state, left, state.next(), true);
    default: return parsePredicate(state, left, token, false);
  }
}

function logical(
  state: ParserState,
  operator: BinaryOperator,
  left: Expression,
  precedence: number,
): Expression {
  return { kind: "binary", operator, left, right: parseBinary(state, precedence + 1) };
}

function parseIs(state: ParserState, left: Expression): Expression {
  const not = state.acceptKeyword("NOT");
  const word = state.expectOneOf(["NULL", "TRUE", "FALSE", "UNKNOWN"]);
  const test = word === "NULL" ? "null" : word === "TRUE" ? "true"
    : word === "FALSE" ? "false" : "unknown";
  return { kind: "is", operand: left, test, not };
}

/** IN / LIKE / BETWEEN / REGEXP / RLIKE after `left` (and an optional NOT). */
function parsePredicate(
  state: ParserState,
  left: Expression,
  token: Token,
  not: boolean,
): Expression {
  switch (token.upper) {
    case "IN": return parseIn(state, left, not);
    case "BETWEEN": {
      const low = parseBinary(state, precedenceBitOr);
      state.expectKeyword("AND");
      const high = parseBinary(state, precedencePredicate);
      return { kind: "between", operand: left, low, high, not };
    }
    case "LIKE": {
      const pattern = parseBinary(state, precedenceBitOr);
      if (!state.acceptKeyword("ESCAPE")) return { kind: "like", operand: left, pattern, not };
      const escape = parseBinary(state, precedenceCollate);
      return { kind: "like", operand: left, pattern, escape, not };
    }
    case "REGEXP":
    case "RLIKE":
      return { kind: "regexp", operand: left, pattern: parseBinary(state, precedenceBitOr), not };
    default:
      throw state.error(token);
  }
}

function parseIn(state: ParserState, left: Expression, not: boolean): Expression {
  if (!state.isSymbol("(")) throw state.error();
  if (isQueryStart(state, 1)) {
    return { kind: "in-subquery", operand: left, query: parseParenthesizedQuery(state), not };
  }
  state.next();
  const list = [parseExpression(state)];
  while (state.acceptSymbol(",")) list.push(parseExpression(state));
  state.expectSymbol(")");
  return { kind: "in-list", operand: left, list, not };
}
