/**
 * ALTER TABLE t spec, …: ADD / DROP / MODIFY / CHANGE / RENAME / ALTER COLUMN, index and
 * constraint changes, table options, ALGORITHM / LOCK and CONVERT TO CHARACTER SET.
 */

import type { AlterTableAction, AlterTableStatement, ColumnPosition } from "./ast-ddl.ts";
import type { ColumnDefinition } from "./ast-ddl.ts";
import { parseColumnDefinition } from "./column-definition-parser.ts";
import { parseConstraintDefinition, parseTableOptions } from "./create-table-parser.ts";
import { parseSimpleExpression } from "./expression-parser.ts";
import type { ParserState } from "./parser-state.ts";
import { TokenKind } from "./token.ts";

export function parseAlterTable(state: ParserState): AlterTableStatement {
  state.expectKeyword("TABLE");
  const table = state.tableName();
  const actions: AlterTableAction[] = [];
  if (!state.atStatementEnd()) {
    do actions.push(parseAlterAction(state)); while (state.acceptSymbol(","));
  }
  return { kind: "alter-table", table, actions, span: state.statementSpan(), paramCount: 0 };
}

function parseAlterAction(state: ParserState): AlterTableAction {
  const token = state.peek();
  if (token.kind !== TokenKind.Word) throw state.error();
  switch (token.upper) {
    case "ADD": return parseAdd(state);
    case "DROP": return parseDropAction(state);
    case "MODIFY": {
      state.next();
      state.acceptKeyword("COLUMN");
      return withPosition(state, { kind: "modify-column", column: parseColumnDefinition(state) });
    }
    case "CHANGE": {
      state.next();
      state.acceptKeyword("COLUMN");
      const oldName = state.identifier();
      const column = parseColumnDefinition(state);
      return withPosition(state, { kind: "change-column", oldName, column });
    }
    case "RENAME": return parseRename(state);
    case "ALTER": return parseAlterColumnOrIndex(state);
    case "ALGORITHM":
    case "LOCK": {
      state.next();
      state.acceptEquals();
      const value = state.nameOrString().toLowerCase();
      return { kind: token.upper === "ALGORITHM" ? "algorithm" : "lock", value };
    }
    case "CONVERT": {
      state.next();
      state.expectKeyword("TO");
      if (!state.acceptKeywordPair("CHARACTER", "SET")) state.expectKeyword("CHARSET");
      const charset = state.nameOrString();
      if (!state.acceptKeyword("COLLATE")) return { kind: "convert-charset", charset };
      return { kind: "convert-charset", charset, collation: state.nameOrString() };
    }
    case "ENABLE":
    case "DISABLE":
      state.next();
      state.expectKeyword("KEYS");
      return { kind: "keys", enabled: token.upper === "ENABLE" };
    case "FORCE":
      state.next();
      return { kind: "force" };
    default: {
      const options = parseTableOptions(state);
      if (options.length === 0) throw state.error();
      return { kind: "table-options", options };
    }
  }
}

function parseAdd(state: ParserState): AlterTableAction {
  state.expectKeyword("ADD");
  const constraint = parseConstraintDefinition(state);
  if (constraint !== undefined) {
    if (constraint.kind === "column-definition") throw state.error();
    return { kind: "add-constraint", constraint };
  }
  state.acceptKeyword("COLUMN");
  if (state.acceptSymbol("(")) {
    const columns: ColumnDefinition[] = [];
    do columns.push(parseColumnDefinition(state)); while (state.acceptSymbol(","));
    state.expectSymbol(")");
    return { kind: "add-columns", columns };
  }
  return withPosition(state, { kind: "add-columns", columns: [parseColumnDefinition(state)] });
}

/** Appends `FIRST` / `AFTER col` if present. */
function withPosition<T extends AlterTableAction & { position?: ColumnPosition }>(
  state: ParserState,
  action: T,
): T {
  if (state.acceptKeyword("FIRST")) return { ...action, position: { first: true } };
  if (state.acceptKeyword("AFTER")) return { ...action, position: { after: state.identifier() } };
  return action;
}

function parseDropAction(state: ParserState): AlterTableAction {
  state.expectKeyword("DROP");
  if (state.acceptKeywordPair("PRIMARY", "KEY")) return { kind: "drop-primary-key" };
  if (state.acceptKeywordPair("FOREIGN", "KEY")) {
    return { kind: "drop-foreign-key", name: state.identifier() };
  }
  if (state.acceptKeyword("INDEX") || state.acceptKeyword("KEY")) {
    return { kind: "drop-index", name: state.identifier() };
  }
  if (state.acceptKeyword("CHECK") || state.acceptKeyword("CONSTRAINT")) {
    return { kind: "drop-check", name: state.identifier() };
  }
  state.acceptKeyword("COLUMN");
  const name = state.identifier();
  state.acceptOneOf(["RESTRICT", "CASCADE"]);
  return { kind: "drop-column", name };
}

function parseRename(state: ParserState): AlterTableAction {
  state.expectKeyword("RENAME");
  if (state.acceptKeyword("COLUMN")) {
    const from = state.identifier();
    state.expectKeyword("TO");
    return { kind: "rename-column", from, to: state.identifier() };
  }
  if (state.acceptKeyword("INDEX") || state.acceptKeyword("KEY")) {
    const from = state.identifier();
    state.expectKeyword("TO");
    return { kind: "rename-index", from, to: state.identifier() };
  }
  if (!state.acceptKeyword("TO")) state.acceptKeyword("AS");
  return { kind: "rename-table", to: state.tableName() };
}

function parseAlterColumnOrIndex(state: ParserState): AlterTableAction {
  state.expectKeyword("ALTER");
  if (state.acceptKeyword("INDEX")) {
    const name = state.identifier();
    const visible = state.expectOneOf(["VISIBLE", "INVISIBLE"]) === "VISIBLE";
    return { kind: "alter-index-visibility", name, visible };
  }
  state.acceptKeyword("COLUMN");
  const column = state.identifier();
  if (state.acceptKeywordPair("DROP", "DEFAULT")) return { kind: "alter-column-default", column };
  state.expectKeyword("SET");
  const visibility = state.acceptOneOf(["VISIBLE", "INVISIBLE"]);
  if (visibility !== undefined) {
    return { kind: "alter-column-visibility", column, visible: visibility === "VISIBLE" };
  }
  state.expectKeyword("DEFAULT");
  if (state.acceptSymbol("(")) {
    const value = state.expression();
    state.expectSymbol(")");
    return { kind: "alter-column-default", column, default: value, defaultIsExpression: true };
  }
  return { kind: "alter-column-default", column, default: parseSimpleExpression(state) };
}
