/**
 * CREATE TABLE (element list, LIKE, … AS SELECT), and the pieces ALTER TABLE and CREATE INDEX
 * share with it: index / foreign-key / check definitions, key parts, index options and table
 * options. `PARTITION BY` is not supported and is a 1064.
 */

import type {
  CreateTableStatement,
  ForeignKeyDefinition,
  IndexDefinition,
  IndexOptions,
  KeyPart,
  TableElement,
  TableOption,
} from "./ast-ddl.ts";
import type { Identifier } from "./ast-expression.ts";
import {
  parseCheckBody,
  parseColumnDefinition,
  parseReferences,
} from "./column-definition-parser.ts";
import type { ParserState, Writable } from "./parser-state.ts";
import { isQueryStart } from "./primary-parser.ts";
import { parseQuery } from "./query-parser.ts";
import { TokenKind } from "./token.ts";

/** After `CREATE [TEMPORARY]`: at TABLE. */
export function parseCreateTable(state: ParserState, temporary: boolean): CreateTableStatement {
  state.expectKeyword("TABLE");
  const ifNotExists = parseIfNotExists(state);
  const name = state.tableName();
  const statement: Writable<CreateTableStatement> = {
    kind: "create-table", temporary, ifNotExists, name, elements: [], options: [],
    span: state.statementSpan(), paramCount: 0,
  };
  if (state.acceptKeyword("LIKE")) {
    statement.like = state.tableName();
  } else if (state.isSymbol("(") && state.isKeyword("LIKE", 1)) {
    state.next();
    state.next();
    statement.like = state.tableName();
    state.expectSymbol(")");
  } else {
    if (state.isSymbol("(") && !isQueryStart(state)) statement.elements = parseTableElements(state);
    statement.options = parseTableOptions(state);
    if (state.isKeyword("PARTITION")) throw state.error();
    const handling = state.acceptOneOf(["IGNORE", "REPLACE"]);
    if (handling !== undefined) {
      statement.duplicateHandling = handling === "IGNORE" ? "ignore" : "replace";
    }
    const as = state.acceptKeyword("AS");
    if (as || handling !== undefined || isQueryStart(state)) statement.query = parseQuery(state);
  }
  statement.span = state.statementSpan();
  statement.paramCount = state.paramCount;
  return statement;
}

export function parseIfNotExists(state: ParserState): boolean {
  if (!state.acceptKeyword("IF")) return false;
  state.expectKeyword("NOT");
  state.expectKeyword("EXISTS");
  return true;
}

export function parseIfExists(state: ParserState): boolean {
  if (!state.acceptKeyword("IF")) return false;
  state.expectKeyword("EXISTS");
  return true;
}

function parseTableElements(state: ParserState): TableElement[] {
  state.expectSymbol("(");
  const elements: TableElement[] = [];
  do elements.push(parseTableElement(state)); while (state.acceptSymbol(","));
  state.expectSymbol(")");
  return elements;
}

function parseTableElement(state: ParserState): TableElement {
  return parseConstraintDefinition(state) ?? parseColumnDefinition(state);
}

/**
 * A PRIMARY KEY / UNIQUE / INDEX / KEY / FULLTEXT / SPATIAL / FOREIGN KEY / CHECK definition,
 * with optional `CONSTRAINT [name]`; undefined if none starts here.
 */
export function parseConstraintDefinition(
  state: ParserState,
): IndexDefinition | ForeignKeyDefinition | TableElement | undefined {
  let constraintName: Identifier | undefined;
  if (state.acceptKeyword("CONSTRAINT")) {
    if (state.isIdentifier()) constraintName = state.identifier();
    if (!state.isKeyword("PRIMARY") && !state.isKeyword("UNIQUE") && !state.isKeyword("FOREIGN")
      && !state.isKeyword("CHECK")) throw state.error();
  }
  const token = state.peek();
  if (token.kind !== TokenKind.Word) return undefined;
  switch (token.upper) {
    case "PRIMARY":
    case "UNIQUE":
    case "INDEX":
    case "KEY":
    case "FULLTEXT":
    case "SPATIAL":
      return parseIndexDefinition(state, constraintName);
    case "FOREIGN":
      return parseForeignKey(state, constraintName);
    case "CHECK":
      return parseCheckBody(state, constraintName);
    default:
      return undefined;
  }
}

function parseIndexDefinition(state: ParserState, constraintName?: Identifier): IndexDefinition {
  const word = state.next().upper;
  let indexType: IndexDefinition["indexType"] = "index";
  if (word === "PRIMARY") {
    state.expectKeyword("KEY");
    indexType = "primary";
  } else if (word !== "INDEX" && word !== "KEY") {
    state.acceptOneOf(["INDEX", "KEY"]);
    indexType = word === "UNIQUE" ? "unique" : word === "FULLTEXT" ? "fulltext" : "spatial";
  }
  const name = indexType !== "primary" && state.isIdentifier() ? state.identifier() : undefined;
  const options: Writable<IndexOptions> = {};
  parseIndexOptions(state, options);
  const keyParts = parseKeyParts(state);
  parseIndexOptions(state, options);
  const index: Writable<IndexDefinition> = {
    kind: "index-definition", indexType, keyParts, options,
  };
  if (name !== undefined) index.name = name;
  if (constraintName !== undefined) index.constraintName = constraintName;
  return index;
}

function parseForeignKey(state: ParserState, constraintName?: Identifier): ForeignKeyDefinition {
  state.expectKeyword("FOREIGN");
  state.expectKeyword("KEY");
  const name = state.isIdentifier() ? state.identifier() : undefined;
  const columns = state.identifierList();
  const references = parseReferences(state);
  const key: Writable<ForeignKeyDefinition> = { kind: "foreign-key", columns, references };
  if (name !== undefined) key.name = name;
  if (constraintName !== undefined) key.constraintName = constraintName;
  return key;
}

/** `(col [(len)] [ASC|DESC] | (expr) [ASC|DESC], …)`. */
export function parseKeyParts(state: ParserState): KeyPart[] {
  state.expectSymbol("(");
  const parts: KeyPart[] = [];
  do {
    const part: Writable<KeyPart> = {};
    if (state.acceptSymbol("(")) {
      part.expr = state.expression();
      state.expectSymbol(")");
    } else {
      part.column = state.identifier();
      if (state.acceptSymbol("(")) {
        part.length = state.integer();
        state.expectSymbol(")");
      }
    }
    const direction = state.acceptOneOf(["ASC", "DESC"]);
    if (direction !== undefined) part.direction = direction === "ASC" ? "asc" : "desc";
    parts.push(part);
  } while (state.acceptSymbol(","));
  state.expectSymbol(")");
  return parts;
}

/** Index options in any order: USING, KEY_BLOCK_SIZE, COMMENT, VISIBLE, WITH PARSER, … */
export function parseIndexOptions(state: ParserState, options: Writable<IndexOptions>): void {
  for (;;) {
    if (state.acceptKeyword("USING") || state.acceptKeyword("TYPE")) {
      options.using = state.expectOneOf(["BTREE", "HASH", "RTREE"]) === "HASH" ? "hash" : "btree";
    } else if (state.acceptKeyword("KEY_BLOCK_SIZE")) {
      state.acceptEquals();
      options.keyBlockSize = state.integer();
    } else if (state.acceptKeyword("COMMENT")) {
      options.comment = state.stringLiteral();
    } else if (state.acceptKeyword("VISIBLE")) {
      options.visible = true;
    } else if (state.acceptKeyword("INVISIBLE")) {
      options.visible = false;
    } else if (state.acceptKeywordPair("WITH", "PARSER")) {
      options.parser = state.identifier().name;
    } else if (state.acceptOneOf(["ENGINE_ATTRIBUTE", "SECONDARY_ENGINE_ATTRIBUTE"])) {
      state.acceptEquals();
      state.stringLiteral();
    } else {
      return;
    }
  }
}

const tableOptionWords: ReadonlySet<string> = new Set([
  "ENGINE", "TYPE", "AUTO_INCREMENT", "COMMENT", "ROW_FORMAT", "KEY_BLOCK_SIZE",
  "STATS_PERSISTENT", "STATS_AUTO_RECALC", "STATS_SAMPLE_PAGES", "ENGINE_ATTRIBUTE",
  "SECONDARY_ENGINE_ATTRIBUTE", "AVG_ROW_LENGTH", "MAX_ROWS", "MIN_ROWS", "PACK_KEYS",
  "CHECKSUM", "TABLE_CHECKSUM", "DELAY_KEY_WRITE", "COMPRESSION", "ENCRYPTION", "TABLESPACE",
  "CONNECTION", "PASSWORD", "INSERT_METHOD", "SECONDARY_ENGINE", "AUTOEXTEND_SIZE",
]);

/** Table options, commas and `=` optional; stops at the first word that is not one. */
export function parseTableOptions(state: ParserState): TableOption[] {
  const options: TableOption[] = [];
  for (;;) {
    const option = parseTableOption(state);
    if (option === undefined) return options;
    options.push(option);
    if (state.isSymbol(",") && isTableOptionStart(state, 1)) state.next();
  }
}

function isTableOptionStart(state: ParserState, offset: number): boolean {
  const token = state.peek(offset);
  if (token.kind !== TokenKind.Word) return false;
  const word = token.upper;
  return tableOptionWords.has(word) || word === "DEFAULT" || word === "CHARSET" ||
    word === "CHARACTER" || word === "COLLATE" || word === "DATA" || word === "INDEX";
}

function parseTableOption(state: ParserState): TableOption | undefined {
  if (!isTableOptionStart(state, 0)) return undefined;
  const hadDefault = state.acceptKeyword("DEFAULT");
  if (state.acceptKeywordPair("CHARACTER", "SET") || state.acceptKeyword("CHARSET")) {
    state.acceptEquals();
    return { name: "CHARSET", value: state.nameOrString() };
  }
  if (state.acceptKeyword("COLLATE")) {
    state.acceptEquals();
    return { name: "COLLATE", value: state.nameOrString() };
  }
  if (hadDefault) throw state.error();
  if (state.isKeyword("DATA") || state.isKeyword("INDEX")) {
    const name = `${state.next().upper} DIRECTORY`;
    state.expectKeyword("DIRECTORY");
    state.acceptEquals();
    return { name, value: state.stringLiteral() };
  }
  const word = state.next().upper;
  state.acceptEquals();
  const name = word === "TYPE" ? "ENGINE" : word === "TABLE_CHECKSUM" ? "CHECKSUM" : word;
  const value = parseOptionValue(state);
  if (name === "TABLESPACE" && state.acceptKeyword("STORAGE")) {
    state.expectOneOf(["DISK", "MEMORY"]);
  }
  return { name, value };
}

/** A number, a string, DEFAULT, or a bare word (as written). */
export function parseOptionValue(state: ParserState): string | number | bigint {
  const token = state.peek();
  if (token.kind === TokenKind.Integer) {
    state.next();
    const value = BigInt(token.text);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (token.kind === TokenKind.String) return state.stringLiteral();
  return state.nameOrString();
}
