/**
 * Data manipulation statements: INSERT / REPLACE (VALUES, SET, SELECT, TABLE sources; row
 * alias; ON DUPLICATE KEY UPDATE), UPDATE (single and multi-table) and DELETE (single-table
 * and both multi-table forms).
 */

import type { Expression, Identifier, TableName } from "./ast-expression.ts";
import type { TableReference } from "./ast-query.ts";
import type {
  Assignment,
  DeleteStatement,
  InsertSource,
  InsertStatement,
  UpdateStatement,
} from "./ast.ts";
import { parseOptionalLimit, parseOptionalOrderBy } from "./clause-parser.ts";
import type { ParserState, Writable } from "./parser-state.ts";
import { isQueryStart, parseColumnRef } from "./primary-parser.ts";
import { parseQuery } from "./query-parser.ts";
import { parseTableAlias, parseTableReferences } from "./table-reference-parser.ts";

export function parseInsert(state: ParserState): InsertStatement {
  const replace = state.next().upper === "REPLACE";
  const priorityWord = state.acceptOneOf(["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY"]);
  const ignore = state.acceptKeyword("IGNORE");
  state.acceptKeyword("INTO");
  const table = state.tableName();
  if (state.acceptKeyword("PARTITION")) state.identifierList();
  let columns: Identifier[] | undefined;
  if (state.isSymbol("(") && !isQueryStart(state)) columns = parseColumnList(state);
  const source = parseInsertSource(state);
  const insert: Writable<InsertStatement> = {
    kind: "insert",
    replace,
    ignore,
    table,
    source,
    onDuplicateKeyUpdate: [],
    span: state.statementSpan(),
    paramCount: 0,
  };
  if (priorityWord !== undefined) {
    insert.priority = priorityWord === "LOW_PRIORITY" ? "low"
      : priorityWord === "DELAYED" ? "delayed" : "high";
  }
  if (columns !== undefined) insert.columns = columns;
  if (source.kind !== "query" && state.acceptKeyword("AS")) {
    insert.rowAlias = state.identifier();
    if (state.isSymbol("(")) insert.rowAliasColumns = state.identifierList();
  }
  if (state.acceptKeyword("ON")) {
    state.expectKeyword("DUPLICATE");
    state.expectKeyword("KEY");
    state.expectKeyword("UPDATE");
    insert.onDuplicateKeyUpdate = parseAssignments(state);
  }
  insert.span = state.statementSpan();
  insert.paramCount = state.paramCount;
  return insert;
}

/** `(a, b)` or `()` (an empty column list is allowed). */
function parseColumnList(state: ParserState): Identifier[] {
  state.expectSymbol("(");
  if (state.acceptSymbol(")")) return [];
  const names = [state.identifier()];
  while (state.acceptSymbol(",")) names.push(state.identifier());
  state.expectSymbol(")");
  return names;
}

function parseInsertSource(state: ParserState): InsertSource {
  if (state.acceptKeyword("VALUES") || state.acceptKeyword("VALUE")) {
    const rows: Expression[][] = [];
    do rows.push(parseValuesRow(state)); while (state.acceptSymbol(","));
    return { kind: "values", rows };
  }
  if (state.acceptKeyword("SET")) return { kind: "set", assignments: parseAssignments(state) };
  if (!isQueryStart(state)) throw state.error();
  return { kind: "query", query: parseQuery(state) };
}

/** `( [expr | DEFAULT], … )`, optionally written `ROW(…)`. */
function parseValuesRow(state: ParserState): Expression[] {
  state.acceptKeyword("ROW");
  state.expectSymbol("(");
  const values: Expression[] = [];
  if (state.acceptSymbol(")")) return values;
  do values.push(state.expression()); while (state.acceptSymbol(","));
  state.expectSymbol(")");
  return values;
}

/** `col = expr, …` (column may be qualified). */
export function parseAssignments(state: ParserState): Assignment[] {
  const assignments: Assignment[] = [];
  do {
    const column = parseColumnRef(state);
    if (column.kind !== "column") throw state.error();
    if (!state.acceptSymbol("=")) state.expectSymbol(":=");
    assignments.push({ column, value: state.expression() });
  } while (state.acceptSymbol(","));
  return assignments;
}

export function parseUpdate(state: ParserState): UpdateStatement {
  state.expectKeyword("UPDATE");
  const lowPriority = state.acceptKeyword("LOW_PRIORITY");
  const ignore = state.acceptKeyword("IGNORE");
  const tables = parseTableReferences(state);
  state.expectKeyword("SET");
  const assignments = parseAssignments(state);
  const update: Writable<UpdateStatement> = {
    kind: "update",
    lowPriority,
    ignore,
    tables,
    assignments,
    orderBy: [],
    span: state.statementSpan(),
    paramCount: 0,
  };
  if (state.acceptKeyword("WHERE")) update.where = state.expression();
  update.orderBy = parseOptionalOrderBy(state);
  const limit = parseOptionalLimit(state);
  if (limit !== undefined) update.limit = limit;
  update.span = state.statementSpan();
  update.paramCount = state.paramCount;
  return update;
}

export function parseDelete(state: ParserState): DeleteStatement {
  state.expectKeyword("DELETE");
  const lowPriority = state.acceptKeyword("LOW_PRIORITY");
  const quick = state.acceptKeyword("QUICK");
  const ignore = state.acceptKeyword("IGNORE");
  const statement: Writable<DeleteStatement> = {
    kind: "delete",
    lowPriority,
    quick,
    ignore,
    from: [],
    orderBy: [],
    span: state.statementSpan(),
    paramCount: 0,
  };
  if (state.acceptKeyword("FROM")) {
    const names = parseDeleteTargets(state);
    if (state.acceptKeyword("USING")) {
      statement.targets = names;
      statement.from = parseTableReferences(state);
    } else {
      statement.from = [singleDeleteTable(state, names)];
    }
  } else {
    statement.targets = parseDeleteTargets(state);
    state.expectKeyword("FROM");
    statement.from = parseTableReferences(state);
  }
  if (state.acceptKeyword("WHERE")) statement.where = state.expression();
  if (statement.targets === undefined) {
    statement.orderBy = parseOptionalOrderBy(state);
    const limit = parseOptionalLimit(state);
    if (limit !== undefined) statement.limit = limit;
  }
  statement.span = state.statementSpan();
  statement.paramCount = state.paramCount;
  return statement;
}

/** `t[.*], db.t[.*], …`. */
function parseDeleteTargets(state: ParserState): TableName[] {
  const names: TableName[] = [];
  do {
    const first = state.identifier();
    let name: TableName = { name: first };
    if (state.isSymbol(".") && !state.isSymbol("*", 1)) {
      state.next();
      name = { database: first, name: state.identifierAfterDot() };
    }
    if (state.acceptSymbol(".")) state.expectSymbol("*");
    names.push(name);
  } while (state.acceptSymbol(","));
  return names;
}

/** The single-table form: exactly one name, then optional PARTITION and alias. */
function singleDeleteTable(state: ParserState, names: readonly TableName[]): TableReference {
  const name = names[0];
  if (name === undefined || names.length !== 1) throw state.error();
  if (state.acceptKeyword("PARTITION")) state.identifierList();
  const alias = parseTableAlias(state);
  return alias === undefined ? { kind: "table", name, indexHints: [] }
    : { kind: "table", name, alias, indexHints: [] };
}
