/**
 * Column definitions: every MySQL 8.0 data type with its parameters (normalised to the
 * canonical DataType name, the spelling kept) and the column attributes, in any order.
 * Also the REFERENCES clause shared with FOREIGN KEY constraints.
 */

import type {
  CheckConstraint,
  ColumnDefinition,
  DataType,
  DataTypeName,
  ReferenceDefinition,
  ReferentialAction,
  TableOption,
} from "./ast-ddl.ts";
import type { Identifier } from "./ast-expression.ts";
import { parseSimpleExpression } from "./expression-parser.ts";
import type { ParserState, Writable } from "./parser-state.ts";
import { TokenKind } from "./token.ts";

/** Canonical type for each simple spelling (multi-word spellings are handled in code). */
const simpleTypes: ReadonlyMap<string, DataTypeName> = new Map<string, DataTypeName>([
  ["BIT", "bit"], ["TINYINT", "tinyint"], ["INT1", "tinyint"], ["SMALLINT", "smallint"],
  ["INT2", "smallint"], ["MEDIUMINT", "mediumint"], ["INT3", "mediumint"],
  ["MIDDLEINT", "mediumint"], ["INT", "int"], ["INTEGER", "int"], ["INT4", "int"],
  ["BIGINT", "bigint"], ["INT8", "bigint"], ["DECIMAL", "decimal"], ["DEC", "decimal"],
  ["NUMERIC", "decimal"], ["FIXED", "decimal"], ["FLOAT", "float"], ["FLOAT4", "float"],
  ["FLOAT8", "double"], ["DOUBLE", "double"], ["REAL", "double"], ["DATE", "date"],
  ["TIME", "time"], ["DATETIME", "datetime"], ["TIMESTAMP", "timestamp"], ["YEAR", "year"],
  ["CHAR", "char"], ["CHARACTER", "char"], ["VARCHAR", "varchar"],
  ["VARCHARACTER", "varchar"], ["NCHAR", "char"], ["NVARCHAR", "varchar"],
  ["BINARY", "binary"], ["VARBINARY", "varbinary"], ["TINYTEXT", "tinytext"],
  ["TEXT", "text"], ["MEDIUMTEXT", "mediumtext"], ["LONGTEXT", "longtext"],
  ["TINYBLOB", "tinyblob"], ["BLOB", "blob"], ["MEDIUMBLOB", "mediumblob"],
  ["LONGBLOB", "longblob"], ["ENUM", "enum"], ["SET", "set"], ["JSON", "json"],
  ["GEOMETRY", "geometry"], ["POINT", "point"], ["LINESTRING", "linestring"],
  ["POLYGON", "polygon"], ["MULTIPOINT", "multipoint"], ["MULTILINESTRING", "multilinestring"],
  ["MULTIPOLYGON", "multipolygon"], ["GEOMETRYCOLLECTION", "geometrycollection"],
  ["GEOMCOLLECTION", "geometrycollection"], ["BOOL", "tinyint"], ["BOOLEAN", "tinyint"],
  ["SERIAL", "bigint"], ["LONG", "mediumtext"],
]);

const numericTypes: ReadonlySet<DataTypeName> = new Set<DataTypeName>(
  ["tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double"],
);
const characterTypes: ReadonlySet<DataTypeName> = new Set<DataTypeName>(
  ["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"],
);

/** A data type with its parameters, sign/zerofill and charset/collation attributes. */
export function parseDataType(state: ParserState): DataType {
  const token = state.next();
  if (token.kind !== TokenKind.Word) throw state.error(token);
  let spelling = token.upper;
  let name = simpleTypes.get(spelling);
  const type: Writable<DataType> = {
    name: name ?? "int", spelling, unsigned: false, zerofill: false,
  };
  if (spelling === "NATIONAL") {
    const word = state.expectOneOf(["CHAR", "CHARACTER", "VARCHAR"]);
    spelling = `NATIONAL ${word}`;
    name = word === "VARCHAR" ? "varchar" : "char";
    type.national = true;
  } else if (name === undefined) {
    throw state.error(token);
  }
  name = parseTypeSuffixWords(state, spelling, name, type);
  type.name = name;
  if (spelling.startsWith("N") && spelling !== "NUMERIC") type.national = true;
  parseTypeParameters(state, type);
  if (spelling === "BOOL" || spelling === "BOOLEAN") type.length = 1;
  if (spelling === "SERIAL") type.unsigned = true;
  if (numericTypes.has(type.name)) parseNumericAttributes(state, type);
  if (characterTypes.has(type.name)) parseCharsetAttributes(state, type);
  return type;
}

/** Multi-word spellings: DOUBLE PRECISION, CHARACTER VARYING, LONG VARCHAR, … */
function parseTypeSuffixWords(
  state: ParserState,
  spelling: string,
  name: DataTypeName,
  type: Writable<DataType>,
): DataTypeName {
  let result = name;
  let suffix: string | undefined;
  if (spelling === "DOUBLE" && state.acceptKeyword("PRECISION")) suffix = "PRECISION";
  if ((name === "char") && state.acceptKeyword("VARYING")) {
    suffix = "VARYING";
    result = "varchar";
  }
  if (spelling === "NCHAR" && state.acceptKeyword("VARCHAR")) {
    suffix = "VARCHAR";
    result = "varchar";
  }
  if (spelling === "LONG") {
    const word = state.acceptOneOf(["VARCHAR", "VARBINARY"]);
    if (word !== undefined) suffix = word;
    if (word === "VARBINARY") result = "mediumblob";
  }
  if (suffix !== undefined) type.spelling = `${spelling} ${suffix}`;
  return result;
}

function parseTypeParameters(state: ParserState, type: Writable<DataType>): void {
  if (type.name === "enum" || type.name === "set") {
    state.expectSymbol("(");
    const values = [state.stringLiteral()];
    while (state.acceptSymbol(",")) values.push(state.stringLiteral());
    state.expectSymbol(")");
    type.values = values;
    return;
  }
  if (!state.acceptSymbol("(")) {
    // VARCHAR and VARBINARY have no default length.
    if (type.name === "varchar" || type.name === "varbinary") throw state.error();
    return;
  }
  const first = state.integer();
  const temporal = type.name === "time" || type.name === "datetime" || type.name === "timestamp";
  if (temporal) type.fsp = first;
  else type.length = first;
  if (state.acceptSymbol(",")) type.scale = state.integer();
  state.expectSymbol(")");
}

function parseNumericAttributes(state: ParserState, type: Writable<DataType>): void {
  for (;;) {
    if (state.acceptKeyword("UNSIGNED")) type.unsigned = true;
    else if (state.acceptKeyword("SIGNED")) type.unsigned = type.unsigned && type.zerofill;
    else if (state.acceptKeyword("ZEROFILL")) {
      type.zerofill = true;
      type.unsigned = true;
    } else return;
  }
}

/** `[CHARACTER SET|CHARSET x] [ASCII|UNICODE] [BINARY] [COLLATE y]`, any order. */
function parseCharsetAttributes(state: ParserState, type: Writable<DataType>): void {
  for (;;) {
    if (state.acceptKeywordPair("CHARACTER", "SET") || state.acceptKeyword("CHARSET")) {
      type.charset = state.nameOrString();
    } else if (state.acceptKeyword("ASCII")) {
      type.charset = "latin1";
    } else if (state.acceptKeyword("UNICODE")) {
      type.charset = "ucs2";
    } else if (state.acceptKeyword("BINARY")) {
      type.binaryCollation = true;
    } else if (state.acceptKeyword("COLLATE")) {
      type.collation = state.nameOrString();
    } else {
      return;
    }
  }
}

/** `name type attributes…`. */
export function parseColumnDefinition(state: ParserState): ColumnDefinition {
  const name = state.identifier();
  const type = parseDataType(state);
  const column: Writable<ColumnDefinition> = {
    kind: "column-definition",
    name,
    type,
    autoIncrement: false,
    unique: false,
    primaryKey: false,
    checks: [],
  };
  if (type.spelling === "SERIAL") {
    column.nullable = false;
    column.autoIncrement = true;
    column.unique = true;
  }
  const checks: CheckConstraint[] = [];
  const extras: TableOption[] = [];
  while (parseColumnAttribute(state, column, checks, extras));
  if (checks.length > 0) column.checks = checks;
  if (extras.length > 0) column.extraOptions = extras;
  return column;
}

/** Parses one attribute into `column`; false when none follows. */
function parseColumnAttribute(
  state: ParserState,
  column: Writable<ColumnDefinition>,
  checks: CheckConstraint[],
  extras: TableOption[],
): boolean {
  const token = state.peek();
  if (token.kind !== TokenKind.Word) return false;
  switch (token.upper) {
    case "NOT":
      state.next();
      state.expectKeyword("NULL");
      column.nullable = false;
      return true;
    case "NULL":
      state.next();
      column.nullable = true;
      return true;
    case "DEFAULT":
      state.next();
      parseColumnDefault(state, column);
      return true;
    case "ON":
      state.next();
      state.expectKeyword("UPDATE");
      column.onUpdate = parseSimpleExpression(state);
      return true;
    case "AUTO_INCREMENT":
      state.next();
      column.autoIncrement = true;
      return true;
    case "UNIQUE":
      state.next();
      state.acceptKeyword("KEY");
      column.unique = true;
      return true;
    case "PRIMARY":
    case "KEY":
      state.next();
      if (token.upper === "PRIMARY") state.expectKeyword("KEY");
      column.primaryKey = true;
      return true;
    case "COMMENT":
      state.next();
      column.comment = state.stringLiteral();
      return true;
    case "COLLATE":
      state.next();
      column.type = { ...column.type, collation: state.nameOrString() };
      return true;
    default:
      return parseLessCommonAttribute(state, token.upper, column, checks, extras);
  }
}

function parseLessCommonAttribute(
  state: ParserState,
  word: string,
  column: Writable<ColumnDefinition>,
  checks: CheckConstraint[],
  extras: TableOption[],
): boolean {
  switch (word) {
    case "GENERATED":
    case "AS":
      parseGenerated(state, column);
      return true;
    case "CONSTRAINT":
    case "CHECK":
      checks.push(parseCheckConstraint(state));
      return true;
    case "REFERENCES":
      column.references = parseReferences(state);
      return true;
    case "VISIBLE":
    case "INVISIBLE":
      state.next();
      column.visible = word === "VISIBLE";
      return true;
    case "COLUMN_FORMAT":
    case "STORAGE":
    case "SRID":
    case "ENGINE_ATTRIBUTE":
    case "SECONDARY_ENGINE_ATTRIBUTE": {
      state.next();
      state.acceptEquals();
      const isNumber = state.peek().kind === TokenKind.Integer;
      const value = isNumber ? state.integer() : state.nameOrString();
      extras.push({ name: word, value });
      return true;
    }
    default:
      return false;
  }
}

/** DEFAULT literal | (expr) | CURRENT_TIMESTAMP[(n)] | signed number. */
function parseColumnDefault(state: ParserState, column: Writable<ColumnDefinition>): void {
  if (state.isSymbol("(")) {
    state.next();
    const start = state.peek().start;
    column.default = state.expression();
    column.defaultSpan = { start, end: state.lastEnd() };
    column.defaultIsExpression = true;
    state.expectSymbol(")");
    return;
  }
  const start = state.peek().start;
  column.default = parseSimpleExpression(state);
  column.defaultSpan = { start, end: state.lastEnd() };
}

/** `[GENERATED ALWAYS] AS (expr) [VIRTUAL|STORED]`. */
function parseGenerated(state: ParserState, column: Writable<ColumnDefinition>): void {
  if (state.acceptKeyword("GENERATED")) state.expectKeyword("ALWAYS");
  state.expectKeyword("AS");
  state.expectSymbol("(");
  const start = state.peek().start;
  const expr = state.expression();
  const span = { start, end: state.lastEnd() };
  state.expectSymbol(")");
  const stored = state.acceptKeyword("STORED");
  if (!stored) state.acceptKeyword("VIRTUAL");
  column.generated = { expr, stored, span };
}

/** `[CONSTRAINT [name]] CHECK (expr) [[NOT] ENFORCED]`. */
export function parseCheckConstraint(state: ParserState): CheckConstraint {
  let constraintName: Identifier | undefined;
  if (state.acceptKeyword("CONSTRAINT") && state.isIdentifier()) {
    constraintName = state.identifier();
  }
  return parseCheckBody(state, constraintName);
}

/** `CHECK (expr) [[NOT] ENFORCED]` after an optional CONSTRAINT name has been read. */
export function parseCheckBody(state: ParserState, constraintName?: Identifier): CheckConstraint {
  state.expectKeyword("CHECK");
  state.expectSymbol("(");
  const start = state.peek().start;
  const expr = state.expression();
  const span = { start, end: state.lastEnd() };
  state.expectSymbol(")");
  let enforced = true;
  if (state.acceptKeywords("NOT", "ENFORCED")) enforced = false;
  else state.acceptKeyword("ENFORCED");
  return constraintName === undefined ? { kind: "check", expr, enforced, span }
    : { kind: "check", constraintName, expr, enforced, span };
}

/** `REFERENCES t (cols) [MATCH …] [ON DELETE action] [ON UPDATE action]`. */
export function parseReferences(state: ParserState): ReferenceDefinition {
  state.expectKeyword("REFERENCES");
  const table = state.tableName();
  const columns = state.identifierList();
  const reference: Writable<ReferenceDefinition> = { table, columns };
  if (state.acceptKeyword("MATCH")) state.expectOneOf(["FULL", "PARTIAL", "SIMPLE"]);
  while (state.isKeyword("ON")) {
    state.next();
    const event = state.expectOneOf(["DELETE", "UPDATE"]);
    const action = parseReferentialAction(state);
    if (event === "DELETE") reference.onDelete = action;
    else reference.onUpdate = action;
  }
  return reference;
}

function parseReferentialAction(state: ParserState): ReferentialAction {
  if (state.acceptKeyword("RESTRICT")) return "restrict";
  if (state.acceptKeyword("CASCADE")) return "cascade";
  if (state.acceptKeywords("NO", "ACTION")) return "no-action";
  state.expectKeyword("SET");
  return state.expectOneOf(["NULL", "DEFAULT"]) === "NULL" ? "set-null" : "set-default";
}
