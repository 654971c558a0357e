/**
 * Administrative and utility statements: USE, DESCRIBE / EXPLAIN, ANALYZE / OPTIMIZE / CHECK /
 * REPAIR TABLE, KILL, DO, FLUSH, GRANT / REVOKE, PREPARE / EXECUTE / DEALLOCATE, TRUNCATE and
 * RENAME TABLE. Anything else reaching here is an unsupported statement: 1064.
 */

import type { Identifier, TableName } from "./ast-expression.ts";
import type { ExplainStatement, Statement } from "./ast.ts";
import { parseGrant, parseRevoke } from "./account-parser.ts";
import { parseRenameTable, parseTruncate } from "./ddl-parser.ts";
import { parseDelete, parseInsert, parseUpdate } from "./dml-parser.ts";
import type { ParserState } from "./parser-state.ts";
import { isQueryStart } from "./primary-parser.ts";
import { parseQuery } from "./query-parser.ts";
import { TokenKind } from "./token.ts";

export function parseAdminStatement(state: ParserState): Statement {
  const token = state.peek();
  switch (token.upper) {
    case "USE":
      state.next();
      return { kind: "use", database: state.identifier(), span: state.statementSpan(),
        paramCount: 0 };
    case "DESCRIBE":
    case "DESC":
    case "EXPLAIN":
      return parseExplain(state);
    case "ANALYZE":
    case "OPTIMIZE":
    case "CHECK":
    case "REPAIR":
      return parseTableMaintenance(state);
    case "KILL": return parseKill(state);
    case "DO": {
      state.next();
      const exprs = [state.expression()];
      while (state.acceptSymbol(",")) exprs.push(state.expression());
      return { kind: "do", exprs, span: state.statementSpan(), paramCount: state.paramCount };
    }
    case "FLUSH": return parseFlush(state);
    case "GRANT": return parseGrant(state);
    case "REVOKE": return parseRevoke(state);
    case "PREPARE": return parsePrepare(state);
    case "EXECUTE": return parseExecute(state);
    case "DEALLOCATE":
      state.next();
      state.expectKeyword("PREPARE");
      return { kind: "deallocate-prepare", name: state.identifier(), span: state.statementSpan(),
        paramCount: 0 };
    case "TRUNCATE": return parseTruncate(state);
    case "RENAME": return parseRenameTable(state);
    default:
      throw state.error();
  }
}

function parseExplain(state: ParserState): Statement {
  state.next();
  const analyze = state.acceptKeyword("ANALYZE");
  let format: string | undefined;
  if (state.isKeyword("FORMAT") && state.isSymbol("=", 1)) {
    state.next();
    state.next();
    format = state.nameOrString().toLowerCase();
  }
  if (!analyze && format === undefined && state.isIdentifier() && !isQueryStart(state)) {
    return parseDescribe(state);
  }
  // The explained statement's span starts at its own first token, not at EXPLAIN.
  const explainStart = state.statementStart;
  state.statementStart = state.peek().start;
  const statement = parseExplainable(state);
  state.statementStart = explainStart;
  const explain: ExplainStatement = {
    kind: "explain", analyze, statement, span: state.statementSpan(), paramCount: state.paramCount,
  };
  return format === undefined ? explain : { ...explain, format };
}

function parseExplainable(state: ParserState): ExplainStatement["statement"] {
  const word = state.peek().upper;
  if (word === "INSERT" || word === "REPLACE") return parseInsert(state);
  if (word === "UPDATE") return parseUpdate(state);
  if (word === "DELETE") return parseDelete(state);
  if (!isQueryStart(state)) throw state.error();
  return parseQuery(state);
}

function parseDescribe(state: ParserState): Statement {
  const table = state.tableName();
  let column: string | undefined;
  const token = state.peek();
  if (token.kind === TokenKind.String) column = state.stringLiteral();
  else if (state.isIdentifier()) column = state.identifier().name;
  const span = state.statementSpan();
  return column === undefined ? { kind: "describe", table, span, paramCount: 0 }
    : { kind: "describe", table, column, span, paramCount: 0 };
}

function parseTableMaintenance(state: ParserState): Statement {
  const word = state.next().upper;
  const operation = word === "ANALYZE" ? "analyze" : word === "OPTIMIZE" ? "optimize"
    : word === "CHECK" ? "check" : "repair";
  if (operation !== "check") state.acceptOneOf(["NO_WRITE_TO_BINLOG", "LOCAL"]);
  if (!state.acceptKeyword("TABLE")) state.expectKeyword("TABLES");
  const tables: TableName[] = [state.tableName()];
  while (state.acceptSymbol(",")) tables.push(state.tableName());
  // CHECK / REPAIR options are accepted and ignored.
  while (state.acceptOneOf(["FOR", "UPGRADE", "QUICK", "FAST", "MEDIUM", "EXTENDED", "CHANGED",
    "USE_FRM"]) !== undefined);
  return { kind: "table-maintenance", operation, tables, span: state.statementSpan(),
    paramCount: 0 };
}

function parseKill(state: ParserState): Statement {
  state.expectKeyword("KILL");
  const target = state.acceptKeyword("QUERY") ? "query" : (state.acceptKeyword("CONNECTION"),
    "connection");
  const id = state.expression();
  return { kind: "kill", target, id, span: state.statementSpan(), paramCount: state.paramCount };
}

const flushLogKinds = ["BINARY", "ENGINE", "ERROR", "GENERAL", "RELAY", "SLOW"];

function parseFlush(state: ParserState): Statement {
  state.expectKeyword("FLUSH");
  state.acceptOneOf(["NO_WRITE_TO_BINLOG", "LOCAL"]);
  const options: string[] = [];
  const tables: TableName[] = [];
  let withReadLock = false;
  do {
    const word = state.next();
    if (word.kind !== TokenKind.Word) throw state.error(word);
    if (flushLogKinds.includes(word.upper)) {
      state.expectKeyword("LOGS");
      options.push(`${word.upper} LOGS`);
    } else if (word.upper === "TABLES" || word.upper === "TABLE") {
      options.push("TABLES");
      if (state.isIdentifier()) {
        do tables.push(state.tableName()); while (state.acceptSymbol(","));
      }
      if (state.acceptKeyword("WITH")) {
        state.expectKeyword("READ");
        state.expectKeyword("LOCK");
        withReadLock = true;
      }
    } else {
      options.push(word.upper);
    }
  } while (state.acceptSymbol(","));
  return { kind: "flush", options, tables, withReadLock, span: state.statementSpan(),
    paramCount: 0 };
}

function parsePrepare(state: ParserState): Statement {
  state.expectKeyword("PREPARE");
  const name: Identifier = state.identifier();
  state.expectKeyword("FROM");
  const token = state.peek();
  const span = () => state.statementSpan();
  if (token.kind === TokenKind.UserVariable) {
    state.next();
    return { kind: "prepare", name, source: { kind: "user-variable", name: token.text },
      span: span(), paramCount: 0 };
  }
  const text = state.stringLiteral();
  return { kind: "prepare", name, source: { kind: "text", text }, span: span(), paramCount: 0 };
}

function parseExecute(state: ParserState): Statement {
  state.expectKeyword("EXECUTE");
  const name = state.identifier();
  const using: string[] = [];
  if (state.acceptKeyword("USING")) {
    do {
      const token = state.next();
      if (token.kind !== TokenKind.UserVariable) throw state.error(token);
      using.push(token.text);
    } while (state.acceptSymbol(","));
  }
  return { kind: "execute", name, using, span: state.statementSpan(), paramCount: 0 };
}
