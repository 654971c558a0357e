/**
 * CREATE TABLE → TableSchema: column types and defaults (validated: 1067, 1101), NOT NULL,
 * AUTO_INCREMENT (1075: one column, first part of some index; 1063 on non-numeric types),
 * PRIMARY KEY / UNIQUE / KEY definitions (1068, 1061, 1072, 1170), table options. ENGINE is
 * accepted whatever it names and reported as "InnoDB": there is one storage engine. FOREIGN KEY
 * and CHECK constraints are accepted and NOT enforced; each raises a warning saying so.
 */

import type { ColumnDefinition, CreateTableStatement, Expression, IndexDefinition, TableOption } from "../parser/ast.ts";
import type { ColumnDefault, ColumnSchema, IndexColumn, IndexSchema, TableSchema } from "../catalog/schema.ts";
import type { SqlType } from "../types/sql-type.ts";
import {
  ER_BLOB_CANT_HAVE_DEFAULT,
  ER_BLOB_KEY_WITHOUT_LENGTH,
  ER_DUP_FIELDNAME,
  ER_DUP_KEYNAME,
  ER_INVALID_DEFAULT,
  ER_KEY_COLUMN_DOES_NOT_EXITS,
  ER_MULTIPLE_PRI_KEY,
  ER_NOT_SUPPORTED_YET,
  ER_TABLE_MUST_HAVE_COLUMNS,
  ER_TOO_LONG_IDENT,
  ER_WRONG_AUTO_KEY,
  ER_WRONG_FIELD_SPEC,
} from "../../util/mysql-errors.ts";
import { identifierLengthMax } from "../../constants.ts";
import { SqlError, sqlError } from "../sql-error.ts";
import { Scope } from "../expression/scope.ts";
import { compileExpression } from "../expression/expression-compiler.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import { valueClassOf } from "../expression/compiled-expression.ts";
import { storeValue } from "../dml/store-value.ts";
import { WarningList } from "../warnings.ts";
import { columnType, resolveCollation } from "./column-type.ts";
import { getCollation } from "../types/collation.ts";

const blobKinds = new Set(["tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "json"]);
const timestampFunctions = new Set(["NOW", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP"]);

export interface TableDefaults {
  readonly database: string;
  readonly collation: string;
}

function tableOption(options: readonly TableOption[], name: string): string | number | bigint | undefined {
  return options.find((option) => option.name === name)?.value;
}

export function buildTableSchema(statement: CreateTableStatement, defaults: TableDefaults, context: EvalContext): TableSchema {
  const name = statement.name.name.name;
  if (name.length > identifierLengthMax) throw sqlError(ER_TOO_LONG_IDENT, name);
  const options = statement.options;
  const charset = tableOption(options, "CHARSET");
  const collateOption = tableOption(options, "COLLATE");
  const collation = resolveCollation(
    charset === undefined ? undefined : String(charset),
    collateOption === undefined ? undefined : String(collateOption),
    defaults.collation,
  );
  const columnDefinitions = statement.elements.filter((element): element is ColumnDefinition => element.kind === "column-definition");
  if (columnDefinitions.length === 0) throw sqlError(ER_TABLE_MUST_HAVE_COLUMNS);
  const seen = new Set<string>();
  for (const definition of columnDefinitions) {
    const key = definition.name.name.toLowerCase();
    if (seen.has(key)) throw sqlError(ER_DUP_FIELDNAME, definition.name.name);
    if (definition.name.name.length > identifierLengthMax) throw sqlError(ER_TOO_LONG_IDENT, definition.name.name);
    seen.add(key);
  }
  const indexes = collectIndexes(statement, columnDefinitions);
  const primary = indexes.find((index) => index.primary);
  const columns = columnDefinitions.map((definition, position) =>
    buildColumn(definition, collation, primary?.columns.some((part) => part.column === position) ?? false, context),
  );
  validateKeys(columns, indexes);
  validateAutoIncrement(columns, indexes);
  warnIgnoredConstraints(statement, context);
  const autoIncrementStart = tableOption(options, "AUTO_INCREMENT");
  const comment = tableOption(options, "COMMENT");
  return {
    database: defaults.database,
    name,
    columns,
    primaryKey: primary,
    indexes: indexes.filter((index) => !index.primary),
    engine: "InnoDB",
    charset: getCollation(collation)?.charset ?? "utf8mb4",
    collation,
    comment: comment === undefined ? "" : String(comment),
    autoIncrementStart: autoIncrementStart === undefined ? 1 : Math.max(Number(autoIncrementStart), 1),
  };
}

function warnIgnoredConstraints(statement: CreateTableStatement, context: EvalContext): void {
  const foreignKeys = statement.elements.some((element) => element.kind === "foreign-key") ||
    statement.elements.some((element) => element.kind === "column-definition" && element.references !== undefined);
  const checks = statement.elements.some((element) => element.kind === "check") ||
    statement.elements.some((element) => element.kind === "column-definition" && element.checks.length > 0);
  if (foreignKeys) context.warnings.add("Warning", ER_NOT_SUPPORTED_YET, "FOREIGN KEY enforcement (the constraint was ignored)");
  if (checks) context.warnings.add("Warning", ER_NOT_SUPPORTED_YET, "CHECK constraint enforcement (the constraint was ignored)");
}

function buildColumn(definition: ColumnDefinition, tableCollation: string, inPrimaryKey: boolean, context: EvalContext): ColumnSchema {
  const name = definition.name.name;
  if (definition.generated !== undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "generated columns");
  const type = columnType(name, definition.type, tableCollation);
  const nullable = inPrimaryKey ? false : (definition.nullable ?? true);
  if (definition.autoIncrement && !["integer", "double", "decimal"].includes(valueClassOf(type))) {
    throw sqlError(ER_WRONG_FIELD_SPEC, name);
  }
  const defaultValue = buildDefault(definition, type, nullable, context);
  const onUpdate = definition.onUpdate;
  return {
    name,
    type,
    nullable,
    defaultValue,
    autoIncrement: definition.autoIncrement,
    ...(onUpdate !== undefined && onUpdate.kind === "function-call" && timestampFunctions.has(onUpdate.name)
      ? { onUpdate: "CURRENT_TIMESTAMP" }
      : {}),
    comment: definition.comment ?? "",
  };
}

function buildDefault(definition: ColumnDefinition, type: SqlType, nullable: boolean, context: EvalContext): ColumnDefault {
  const expression = definition.default;
  const name = definition.name.name;
  if (expression === undefined) return { kind: "none" };
  if (definition.autoIncrement) throw sqlError(ER_INVALID_DEFAULT, name);
  if (expression.kind === "function-call" && timestampFunctions.has(expression.name)) {
    if (type.kind !== "datetime" && type.kind !== "timestamp") throw sqlError(ER_INVALID_DEFAULT, name);
    const precision = expression.args[0]?.kind === "integer" ? `(${expression.args[0].value})` : "";
    return { kind: "expression", sql: `CURRENT_TIMESTAMP${precision}` };
  }
  if (expression.kind === "null") {
    if (!nullable) throw sqlError(ER_INVALID_DEFAULT, name);
    return { kind: "literal", value: null };
  }
  if (blobKinds.has(type.kind) && definition.defaultIsExpression !== true) throw sqlError(ER_BLOB_CANT_HAVE_DEFAULT, name);
  if (!isLiteral(expression)) throw sqlError(ER_INVALID_DEFAULT, name);
  const compiled = compileExpression(expression, {
    scope: new Scope([]),
    clause: "field list",
    collationConnection: "utf8mb4_0900_ai_ci",
    database: undefined,
    divPrecisionIncrement: 4,
  });
  const column: ColumnSchema = { name, type, nullable, defaultValue: { kind: "none" }, autoIncrement: false, comment: "" };
  try {
    const value = storeValue(compiled.evaluate([], context), column, { warnings: new WarningList(), strict: true, rowNumber: 1 });
    return { kind: "literal", value };
  } catch (error) {
    if (error instanceof SqlError) throw sqlError(ER_INVALID_DEFAULT, name);
    throw error;
  }
}

function isLiteral(expression: Expression): boolean {
  switch (expression.kind) {
    case "integer":
    case "decimal":
    case "float":
    case "string":
    case "bytes":
    case "boolean":
      return true;
    case "unary":
      return (expression.operator === "-" || expression.operator === "+") && isLiteral(expression.operand);
    default:
      return false;
  }
}

function collectIndexes(statement: CreateTableStatement, columns: readonly ColumnDefinition[]): IndexSchema[] {
  const definitions: IndexDefinition[] = [];
  for (const column of columns) {
    const keyPart = { column: column.name };
    if (column.primaryKey) definitions.push({ kind: "index-definition", indexType: "primary", keyParts: [keyPart], options: {} });
    if (column.unique) definitions.push({ kind: "index-definition", indexType: "unique", keyParts: [keyPart], options: {} });
  }
  for (const element of statement.elements) if (element.kind === "index-definition") definitions.push(element);
  const indexes: IndexSchema[] = [];
  for (const definition of definitions) indexes.push(buildIndex(definition, columns, indexes));
  return indexes;
}

export function buildIndex(
  definition: IndexDefinition,
  columns: readonly { readonly name: { readonly name: string } | string }[],
  existing: readonly IndexSchema[],
): IndexSchema {
  if (definition.indexType === "fulltext" || definition.indexType === "spatial") {
    throw sqlError(ER_NOT_SUPPORTED_YET, `${definition.indexType.toUpperCase()} indexes`);
  }
  const names = columns.map((column) => (typeof column.name === "string" ? column.name : column.name.name));
  const parts: IndexColumn[] = definition.keyParts.map((part) => {
    if (part.column === undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "functional key parts");
    const position = names.findIndex((name) => name.toLowerCase() === part.column!.name.toLowerCase());
    if (position < 0) throw sqlError(ER_KEY_COLUMN_DOES_NOT_EXITS, part.column.name);
    return {
      column: position,
      ...(part.length === undefined ? {} : { prefixLength: part.length }),
      descending: part.direction === "desc",
    };
  });
  const primary = definition.indexType === "primary";
  if (primary && existing.some((index) => index.primary)) throw sqlError(ER_MULTIPLE_PRI_KEY);
  let name = primary ? "PRIMARY" : (definition.name?.name ?? definition.constraintName?.name);
  if (name === undefined) {
    const base = names[parts[0]!.column]!;
    name = base;
    for (let suffix = 2; existing.some((index) => index.name.toLowerCase() === name!.toLowerCase()); suffix++) {
      name = `${base}_${suffix}`;
    }
  } else if (existing.some((index) => index.name.toLowerCase() === name!.toLowerCase())) {
    throw sqlError(ER_DUP_KEYNAME, name);
  }
  return { name, columns: parts, unique: primary || definition.indexType === "unique", primary, comment: definition.options.comment ?? "" };
}

function validateKeys(columns: readonly ColumnSchema[], indexes: readonly IndexSchema[]): void {
  for (const index of indexes) {
    for (const part of index.columns) {
      const column = columns[part.column]!;
      if (blobKinds.has(column.type.kind) && part.prefixLength === undefined) {
        throw sqlError(ER_BLOB_KEY_WITHOUT_LENGTH, column.name);
      }
    }
  }
}

function validateAutoIncrement(columns: readonly ColumnSchema[], indexes: readonly IndexSchema[]): void {
  const autoColumns = columns.flatMap((column, position) => (column.autoIncrement ? [position] : []));
  if (autoColumns.length === 0) return;
  if (autoColumns.length > 1) throw sqlError(ER_WRONG_AUTO_KEY);
  const position = autoColumns[0]!;
  if (!indexes.some((index) => index.columns[0]?.column === position)) throw sqlError(ER_WRONG_AUTO_KEY);
}
