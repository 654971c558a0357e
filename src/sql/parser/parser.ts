/**
 * The SQL parser's entry points: `parse` (one or more `;`-separated statements), `parseOne`
 * (exactly one) and the statement dispatch on the first keyword.
 *
 * Contract: every failure is a SqlError — 1065 ER_EMPTY_QUERY for text without statements,
 * 1064 ER_PARSE_ERROR with MySQL's message for everything else. Statements we do not support
 * are 1064 too. Placeholders are numbered per statement from 0; each statement's paramCount
 * says how many it has.
 */

import { ER_EMPTY_QUERY } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { Statement } from "./ast.ts";
import { parseAlter, parseCreate, parseDrop } from "./ddl-parser.ts";
import { parseDelete, parseInsert, parseUpdate } from "./dml-parser.ts";
import { parseBitExpression, parseExpression } from "./expression-parser.ts";
import { tokenize } from "./lexer.ts";
import { parseAdminStatement } from "./admin-parser.ts";
import type { ParseOptions } from "./parse-options.ts";
import { ParserState, type Grammar } from "./parser-state.ts";
import { isQueryStart } from "./primary-parser.ts";
import { parseQuery, parseWith } from "./query-parser.ts";
import { parseSet } from "./set-parser.ts";
import { parseShow } from "./show-parser.ts";
import { parseTransactionStatement } from "./transaction-parser.ts";
import { TokenKind } from "./token.ts";

const grammar: Grammar = {
  expression: parseExpression,
  bitExpression: parseBitExpression,
  query: parseQuery,
};

/**
 * Parses every `;`-separated statement of `sql`. `options` carries the sql_mode flags that
 * change lexing (NO_BACKSLASH_ESCAPES, ANSI_QUOTES, PIPES_AS_CONCAT). Throws SqlError.
 */
export function parse(sql: string, options?: ParseOptions): Statement[] {
  const state = new ParserState(sql, tokenize(sql, options), grammar, options);
  const statements: Statement[] = [];
  for (;;) {
    while (state.acceptSymbol(";"));
    if (state.atEnd()) break;
    statements.push(parseNext(state));
    if (!state.atEnd()) state.expectSymbol(";");
  }
  if (statements.length === 0) throw sqlError(ER_EMPTY_QUERY);
  return statements;
}

/** Parses exactly one statement (a trailing `;` is allowed). Throws SqlError (1064 / 1065). */
export function parseOne(sql: string, options?: ParseOptions): Statement {
  const state = new ParserState(sql, tokenize(sql, options), grammar, options);
  while (state.acceptSymbol(";"));
  if (state.atEnd()) throw sqlError(ER_EMPTY_QUERY);
  const statement = parseNext(state);
  while (state.acceptSymbol(";"));
  if (!state.atEnd()) throw state.error();
  return statement;
}

/** Number of `?` placeholders of a parsed statement (what COM_STMT_PREPARE reports). */
export function paramCountOf(statement: Statement): number {
  return statement.paramCount;
}

function parseNext(state: ParserState): Statement {
  state.paramCount = 0;
  state.statementStart = state.peek().start;
  const statement = parseStatement(state);
  if (!state.atStatementEnd()) throw state.error();
  return statement;
}

/** `WITH …` before SELECT (a query), UPDATE or DELETE. */
function parseWithStatement(state: ParserState): Statement {
  const start = state.peek().start;
  const paramStart = state.paramCount;
  const clause = parseWith(state);
  if (state.isKeyword("UPDATE")) return { ...parseUpdate(state), with: clause };
  if (state.isKeyword("DELETE")) return { ...parseDelete(state), with: clause };
  return parseQuery(state, { clause, start, paramStart });
}

/** Dispatches on the statement's first keyword. */
export function parseStatement(state: ParserState): Statement {
  const token = state.peek();
  if (token.kind !== TokenKind.Word) {
    if (isQueryStart(state)) return parseQuery(state);
    throw state.error();
  }
  switch (token.upper) {
    case "SELECT":
    case "TABLE":
      return parseQuery(state);
    case "WITH": return parseWithStatement(state);
    case "INSERT":
    case "REPLACE":
      return parseInsert(state);
    case "UPDATE": return parseUpdate(state);
    case "DELETE": return parseDelete(state);
    case "CREATE": return parseCreate(state);
    case "ALTER": return parseAlter(state);
    case "DROP": return parseDrop(state);
    case "SET": return parseSet(state);
    case "SHOW": return parseShow(state);
    case "BEGIN":
    case "START":
    case "COMMIT":
    case "ROLLBACK":
    case "SAVEPOINT":
    case "RELEASE":
    case "LOCK":
    case "UNLOCK":
      return parseTransactionStatement(state);
    default:
      return parseAdminStatement(state);
  }
}
