/**
 * SHOW statements: one ShowStatement node whose `object` says which SHOW it is; the optional
 * fields (table, database, filter, limit, …) are filled where MySQL's grammar allows them.
 */

import type { ShowObject, ShowStatement } from "./ast.ts";
import { parseOptionalLimit } from "./clause-parser.ts";
import { parseUserName } from "./account-parser.ts";
import { parseIfNotExists } from "./create-table-parser.ts";
import type { ParserState, Writable } from "./parser-state.ts";
import { TokenKind } from "./token.ts";
import { integerValue } from "./primary-parser.ts";

export function parseShow(state: ParserState): ShowStatement {
  state.expectKeyword("SHOW");
  const show: Writable<ShowStatement> = {
    kind: "show", object: "databases", full: false, extended: false,
    span: state.statementSpan(), paramCount: 0,
  };
  show.extended = state.acceptKeyword("EXTENDED");
  show.full = state.acceptKeyword("FULL");
  const scopeWord = state.acceptOneOf(["GLOBAL", "SESSION", "LOCAL"]);
  if (scopeWord !== undefined) show.scope = scopeWord === "GLOBAL" ? "global" : "session";
  show.object = parseShowObject(state, show);
  if (scopeWord !== undefined && show.object !== "variables" && show.object !== "status") {
    throw state.error();
  }
  show.span = state.statementSpan();
  show.paramCount = state.paramCount;
  return show;
}

function parseShowObject(state: ParserState, show: Writable<ShowStatement>): ShowObject {
  const token = state.next();
  if (token.kind !== TokenKind.Word) throw state.error(token);
  switch (token.upper) {
    case "DATABASES":
    case "SCHEMAS":
      return withFilter(state, show, "databases");
    case "TABLES":
      parseFromDatabase(state, show);
      return withFilter(state, show, "tables");
    case "COLUMNS":
    case "FIELDS":
      parseFromTable(state, show);
      return withFilter(state, show, "columns");
    case "INDEX":
    case "INDEXES":
    case "KEYS":
      parseFromTable(state, show);
      return withFilter(state, show, "indexes");
    case "VARIABLES": return withFilter(state, show, "variables");
    case "STATUS": return withFilter(state, show, "status");
    case "TABLE":
      state.expectKeyword("STATUS");
      parseFromDatabase(state, show);
      return withFilter(state, show, "table-status");
    case "WARNINGS":
    case "ERRORS":
      return withLimit(state, show, token.upper === "WARNINGS" ? "warnings" : "errors");
    case "COUNT": return parseShowCount(state, show);
    case "CREATE": return parseShowCreate(state, show);
    default: return parseOtherShow(state, show, token.upper);
  }
}

function parseOtherShow(
  state: ParserState,
  show: Writable<ShowStatement>,
  word: string,
): ShowObject {
  switch (word) {
    case "STORAGE":
      state.expectKeyword("ENGINES");
      return "engines";
    case "ENGINES": return "engines";
    case "PROCESSLIST": return "processlist";
    case "CHARSET": return withFilter(state, show, "charset");
    case "CHARACTER":
      state.expectKeyword("SET");
      return withFilter(state, show, "charset");
    case "COLLATION": return withFilter(state, show, "collation");
    case "GRANTS":
      if (state.acceptKeyword("FOR")) show.user = parseUserName(state);
      return "grants";
    case "PRIVILEGES": return "privileges";
    case "PLUGINS": return "plugins";
    case "MASTER":
    case "BINARY":
      return parseMasterOrBinary(state, word);
    case "BINLOG": return parseBinlogEvents(state, show);
    case "TRIGGERS":
    case "EVENTS":
    case "OPEN": {
      if (word === "OPEN") state.expectKeyword("TABLES");
      parseFromDatabase(state, show);
      const object = word === "TRIGGERS" ? "triggers"
        : word === "EVENTS" ? "events" : "open-tables";
      return withFilter(state, show, object);
    }
    case "FUNCTION":
    case "PROCEDURE":
      state.expectKeyword("STATUS");
      return withFilter(state, show, word === "FUNCTION" ? "function-status" : "procedure-status");
    case "ENGINE":
      show.engine = state.nameOrString();
      state.expectKeyword("STATUS");
      return "engine-status";
    case "REPLICA":
    case "SLAVE":
      if (word === "SLAVE" && state.acceptKeyword("HOSTS")) return "replicas";
      state.expectKeyword("STATUS");
      return "replica-status";
    case "REPLICAS": return "replicas";
    default:
      throw state.error(state.peek(-1));
  }
}

function parseMasterOrBinary(state: ParserState, word: string): ShowObject {
  if (state.acceptKeyword("LOGS")) return "binary-logs";
  if (word === "BINARY") {
    state.expectKeyword("LOG");
  }
  state.expectKeyword("STATUS");
  return "master-status";
}

function parseBinlogEvents(state: ParserState, show: Writable<ShowStatement>): ShowObject {
  state.expectKeyword("EVENTS");
  if (state.acceptKeyword("IN")) show.logName = state.stringLiteral();
  // MySQL's grammar takes an unsigned integer literal here, not an expression.
  if (state.acceptKeyword("FROM")) {
    const token = state.peek();
    if (token.kind !== TokenKind.Integer) throw state.error(token);
    state.next();
    show.position = { kind: "integer", value: integerValue(token.text) };
  }
  return withLimit(state, show, "binlog-events");
}

/** `SHOW COUNT(*) WARNINGS|ERRORS`. */
function parseShowCount(state: ParserState, show: Writable<ShowStatement>): ShowObject {
  state.expectSymbol("(");
  state.expectSymbol("*");
  state.expectSymbol(")");
  show.countOnly = true;
  return state.expectOneOf(["WARNINGS", "ERRORS"]) === "WARNINGS" ? "warnings" : "errors";
}

function parseShowCreate(state: ParserState, show: Writable<ShowStatement>): ShowObject {
  const word = state.expectOneOf(["TABLE", "DATABASE", "SCHEMA", "VIEW", "USER"]);
  switch (word) {
    case "TABLE":
    case "VIEW":
      show.table = state.tableName();
      return word === "TABLE" ? "create-table" : "create-view";
    case "USER":
      show.user = parseUserName(state);
      return "create-user";
    default:
      if (parseIfNotExists(state)) show.ifNotExists = true;
      show.database = state.identifier();
      return "create-database";
  }
}

/** `FROM|IN db`, optional. */
function parseFromDatabase(state: ParserState, show: Writable<ShowStatement>): void {
  if (state.acceptKeyword("FROM") || state.acceptKeyword("IN")) show.database = state.identifier();
}

/** `FROM|IN t [FROM|IN db]` (required); the database is folded into the table name. */
function parseFromTable(state: ParserState, show: Writable<ShowStatement>): void {
  if (!state.acceptKeyword("FROM")) state.expectKeyword("IN");
  const table = state.tableName();
  if (state.acceptKeyword("FROM") || state.acceptKeyword("IN")) {
    show.table = { database: state.identifier(), name: table.name };
  } else {
    show.table = table;
  }
}

function withFilter(
  state: ParserState,
  show: Writable<ShowStatement>,
  object: ShowObject,
): ShowObject {
  if (state.acceptKeyword("LIKE")) {
    show.filter = { kind: "like", pattern: state.stringLiteral() };
  } else if (state.acceptKeyword("WHERE")) {
    show.filter = { kind: "where", expr: state.expression() };
  }
  return object;
}

function withLimit(
  state: ParserState,
  show: Writable<ShowStatement>,
  object: ShowObject,
): ShowObject {
  const limit = parseOptionalLimit(state);
  if (limit !== undefined) show.limit = limit;
  return object;
}
