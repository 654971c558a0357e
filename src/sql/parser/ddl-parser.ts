/**
 * Dispatch for CREATE / ALTER / DROP, plus the small DDL statements: databases, CREATE/DROP
 * INDEX, views, DROP TABLE, TRUNCATE, RENAME TABLE. CREATE TABLE lives in
 * create-table-parser.ts, ALTER TABLE in alter-table-parser.ts, users in account-parser.ts.
 */

import type {
  CreateIndexStatement,
  CreateViewStatement,
  DatabaseOptions,
  DropIndexStatement,
  IndexDefinition,
  IndexOptions,
  RenameTableStatement,
  TableRename,
  TruncateTableStatement,
} from "./ast-ddl.ts";
import type { Statement } from "./ast.ts";
import { parseAlterUser, parseCreateUser, parseDropUser, parseUserName } from "./account-parser.ts";
import { parseAlterTable } from "./alter-table-parser.ts";
import {
  parseCreateTable,
  parseIfExists,
  parseIfNotExists,
  parseIndexOptions,
  parseKeyParts,
} from "./create-table-parser.ts";
import type { ParserState, Writable } from "./parser-state.ts";
import { parseQuery } from "./query-parser.ts";

export function parseCreate(state: ParserState): Statement {
  state.expectKeyword("CREATE");
  if (state.acceptKeyword("TEMPORARY")) return parseCreateTable(state, true);
  const word = state.peek().upper;
  switch (word) {
    case "TABLE": return parseCreateTable(state, false);
    case "DATABASE":
    case "SCHEMA":
      return parseCreateDatabase(state);
    case "INDEX":
    case "UNIQUE":
    case "FULLTEXT":
    case "SPATIAL":
      return parseCreateIndex(state);
    case "USER": return parseCreateUser(state);
    case "OR":
    case "ALGORITHM":
    case "DEFINER":
    case "SQL":
    case "VIEW":
      return parseCreateView(state);
    default:
      throw state.error();
  }
}

export function parseAlter(state: ParserState): Statement {
  state.expectKeyword("ALTER");
  const word = state.peek().upper;
  switch (word) {
    case "TABLE": return parseAlterTable(state);
    case "DATABASE":
    case "SCHEMA": {
      state.next();
      const name = isDatabaseOptionStart(state) ? undefined : state.identifier();
      const options = parseDatabaseOptions(state);
      if (Object.keys(options).length === 0) throw state.error();
      return name === undefined
        ? { kind: "alter-database", options, span: state.statementSpan(), paramCount: 0 }
        : { kind: "alter-database", name, options, span: state.statementSpan(), paramCount: 0 };
    }
    case "USER": return parseAlterUser(state);
    default:
      throw state.error();
  }
}

export function parseDrop(state: ParserState): Statement {
  state.expectKeyword("DROP");
  const temporary = state.acceptKeyword("TEMPORARY");
  const word = state.peek().upper;
  if (temporary && word !== "TABLE") throw state.error();
  switch (word) {
    case "TABLE":
    case "TABLES": {
      state.next();
      const ifExists = parseIfExists(state);
      const tables = [state.tableName()];
      while (state.acceptSymbol(",")) tables.push(state.tableName());
      state.acceptOneOf(["RESTRICT", "CASCADE"]);
      return { kind: "drop-table", temporary, ifExists, tables, span: state.statementSpan(),
        paramCount: 0 };
    }
    case "DATABASE":
    case "SCHEMA": {
      state.next();
      const ifExists = parseIfExists(state);
      return { kind: "drop-database", ifExists, name: state.identifier(),
        span: state.statementSpan(), paramCount: 0 };
    }
    case "INDEX": return parseDropIndex(state);
    case "VIEW": {
      state.next();
      const ifExists = parseIfExists(state);
      const views = [state.tableName()];
      while (state.acceptSymbol(",")) views.push(state.tableName());
      state.acceptOneOf(["RESTRICT", "CASCADE"]);
      return { kind: "drop-view", ifExists, views, span: state.statementSpan(), paramCount: 0 };
    }
    case "USER": return parseDropUser(state);
    case "PREPARE": {
      state.next();
      return { kind: "deallocate-prepare", name: state.identifier(),
        span: state.statementSpan(), paramCount: 0 };
    }
    default:
      throw state.error();
  }
}

function parseCreateDatabase(state: ParserState): Statement {
  state.next();
  const ifNotExists = parseIfNotExists(state);
  const name = state.identifier();
  const options = parseDatabaseOptions(state);
  return { kind: "create-database", ifNotExists, name, options, span: state.statementSpan(),
    paramCount: 0 };
}

function isDatabaseOptionStart(state: ParserState): boolean {
  return ["DEFAULT", "CHARACTER", "CHARSET", "COLLATE", "ENCRYPTION", "READ"].some(
    (word) => state.isKeyword(word),
  );
}

/** `[DEFAULT] CHARACTER SET [=] x | [DEFAULT] COLLATE [=] y | ENCRYPTION [=] 'Y' | READ ONLY`. */
function parseDatabaseOptions(state: ParserState): DatabaseOptions {
  const options: Writable<DatabaseOptions> = {};
  for (;;) {
    state.acceptKeyword("DEFAULT");
    if (state.acceptKeywordPair("CHARACTER", "SET") || state.acceptKeyword("CHARSET")) {
      state.acceptEquals();
      options.charset = state.nameOrString();
    } else if (state.acceptKeyword("COLLATE")) {
      state.acceptEquals();
      options.collation = state.nameOrString();
    } else if (state.acceptKeyword("ENCRYPTION")) {
      state.acceptEquals();
      options.encryption = state.stringLiteral();
    } else if (state.acceptKeywordPair("READ", "ONLY")) {
      state.acceptEquals();
      options.readOnly = state.nameOrString();
    } else {
      return options;
    }
  }
}

function parseCreateIndex(state: ParserState): CreateIndexStatement {
  const word = state.next().upper;
  if (word !== "INDEX") state.expectKeyword("INDEX");
  const indexType: IndexDefinition["indexType"] = word === "UNIQUE" ? "unique"
    : word === "FULLTEXT" ? "fulltext" : word === "SPATIAL" ? "spatial" : "index";
  const name = state.identifier();
  const options: Writable<IndexOptions> = {};
  parseIndexOptions(state, options);
  state.expectKeyword("ON");
  const table = state.tableName();
  const keyParts = parseKeyParts(state);
  parseIndexOptions(state, options);
  const index: IndexDefinition = { kind: "index-definition", indexType, name, keyParts, options };
  const statement: Writable<CreateIndexStatement> = {
    kind: "create-index", index, table, span: state.statementSpan(), paramCount: 0,
  };
  parseAlgorithmAndLock(state, statement);
  statement.span = state.statementSpan();
  return statement;
}

function parseDropIndex(state: ParserState): DropIndexStatement {
  state.expectKeyword("INDEX");
  const name = state.identifier();
  state.expectKeyword("ON");
  const table = state.tableName();
  const statement: Writable<DropIndexStatement> = {
    kind: "drop-index", name, table, span: state.statementSpan(), paramCount: 0,
  };
  parseAlgorithmAndLock(state, statement);
  statement.span = state.statementSpan();
  return statement;
}

function parseAlgorithmAndLock(
  state: ParserState,
  target: { algorithm?: string; lock?: string },
): void {
  for (;;) {
    const word = state.acceptOneOf(["ALGORITHM", "LOCK"]);
    if (word === undefined) return;
    state.acceptEquals();
    const value = state.nameOrString().toLowerCase();
    if (word === "ALGORITHM") target.algorithm = value;
    else target.lock = value;
  }
}

function parseCreateView(state: ParserState): CreateViewStatement {
  const view: Writable<Partial<CreateViewStatement>> = { kind: "create-view", orReplace: false };
  if (state.acceptKeyword("OR")) {
    state.expectKeyword("REPLACE");
    view.orReplace = true;
  }
  if (state.acceptKeyword("ALGORITHM")) {
    state.expectSymbol("=");
    const word = state.expectOneOf(["UNDEFINED", "MERGE", "TEMPTABLE"]);
    view.algorithm = word === "MERGE" ? "merge" : word === "TEMPTABLE" ? "temptable" : "undefined";
  }
  if (state.acceptKeyword("DEFINER")) {
    state.expectSymbol("=");
    view.definer = parseUserName(state);
  }
  if (state.acceptKeyword("SQL")) {
    state.expectKeyword("SECURITY");
    const security = state.expectOneOf(["DEFINER", "INVOKER"]);
    view.sqlSecurity = security === "DEFINER" ? "definer" : "invoker";
  }
  state.expectKeyword("VIEW");
  view.name = state.tableName();
  if (state.isSymbol("(")) view.columns = state.identifierList();
  state.expectKeyword("AS");
  view.query = parseQuery(state);
  if (state.acceptKeyword("WITH")) {
    const level = state.acceptOneOf(["CASCADED", "LOCAL"]);
    state.expectKeyword("CHECK");
    state.expectKeyword("OPTION");
    view.checkOption = level === "LOCAL" ? "local" : "cascaded";
  }
  view.span = state.statementSpan();
  view.paramCount = state.paramCount;
  return view as CreateViewStatement;
}

export function parseTruncate(state: ParserState): TruncateTableStatement {
  state.expectKeyword("TRUNCATE");
  state.acceptKeyword("TABLE");
  return { kind: "truncate-table", table: state.tableName(), span: state.statementSpan(),
    paramCount: 0 };
}

export function parseRenameTable(state: ParserState): RenameTableStatement {
  state.expectKeyword("RENAME");
  if (!state.acceptKeyword("TABLE")) state.expectKeyword("TABLES");
  const renames: TableRename[] = [];
  do {
    const from = state.tableName();
    state.expectKeyword("TO");
    renames.push({ from, to: state.tableName() });
  } while (state.acceptSymbol(","));
  return { kind: "rename-table", renames, span: state.statementSpan(), paramCount: 0 };
}
