/**
 * Canonical DDL text for the log, and its parser for recovery. Every DDL the table catalog
 * commits is logged as one statement that `parseDdl` turns back into exactly the same schema
 * (the round trip is tested for every type, attribute and index kind):
 *
 *   CREATE DATABASE `d` DEFAULT CHARACTER SET cs COLLATE co
 *   DROP DATABASE `d`
 *   CREATE TABLE `d`.`t` (…columns…, PRIMARY KEY (…), UNIQUE KEY `u` (…), KEY `k` (…))
 *     ENGINE=… AUTO_INCREMENT=<start> DEFAULT CHARSET=… COLLATE=… [COMMENT='…']
 *   DROP TABLE `d`.`t`
 *   CREATE [UNIQUE] INDEX `i` ON `d`.`t` (…)
 *   DROP INDEX `i` ON `d`.`t`
 *   RENAME TABLE `d`.`t` TO `d2`.`t2`          (one pair per statement)
 *
 * Canonical means: every column states NULL / NOT NULL and, for character types, its COLLATE;
 * a DEFAULT clause appears exactly when the schema has one; keys keep their declaration order
 * (SHOW CREATE TABLE lists UNIQUE keys first, which would renumber indexes); AUTO_INCREMENT is
 * the declared start, not the current counter. Parsing reuses the SQL layer's parser and
 * create-table.ts, so the replayed schema is built by the same code as the original.
 */

import { assert } from "../util/assert.ts";
import type {
  ColumnSchema,
  DatabaseSchema,
  IndexSchema,
  TableSchema,
} from "../sql/catalog/schema.ts";
import { buildIndex, buildTableSchema } from "../sql/ddl/create-table.ts";
import { typeText } from "../sql/ddl/type-text.ts";
import type { EvalContext } from "../sql/expression/compiled-expression.ts";
import { parseOne } from "../sql/parser/parser.ts";
import { Session } from "../sql/session.ts";
import { quoteIdentifier } from "../sql/show/show-create-table.ts";
import { SeededRandom } from "../util/random.ts";
import { GlobalVariables } from "../sql/variables/global-variables.ts";
import { WarningList } from "../sql/warnings.ts";
import type { SqlValue } from "../sql/types/value.ts";
import type { SqlType } from "../sql/types/sql-type.ts";

/** A DDL statement read back from the log. */
export type DdlAction =
  | { readonly kind: "create-database"; readonly schema: DatabaseSchema }
  | { readonly kind: "drop-database"; readonly name: string }
  | { readonly kind: "create-table"; readonly schema: TableSchema }
  | { readonly kind: "drop-table"; readonly database: string; readonly name: string }
  | {
      readonly kind: "drop-index";
      readonly database: string;
      readonly table: string;
      readonly name: string;
    }
  | {
      readonly kind: "rename-table";
      readonly database: string;
      readonly name: string;
      readonly toDatabase: string;
      readonly toName: string;
    }
  | {
      readonly kind: "create-index";
      readonly database: string;
      readonly table: string;
      readonly index: IndexSchema;
    };

export function renderCreateDatabase(schema: DatabaseSchema): string {
  const name = quoteIdentifier(schema.name);
  const { defaultCharset, defaultCollation } = schema;
  const options = `DEFAULT CHARACTER SET ${defaultCharset} COLLATE ${defaultCollation}`;
  return `CREATE DATABASE ${name} ${options}`;
}

export function renderDropDatabase(name: string): string {
  return `DROP DATABASE ${quoteIdentifier(name)}`;
}

export function renderDropTable(database: string, name: string): string {
  return `DROP TABLE ${qualified(database, name)}`;
}

export function renderDropIndex(database: string, table: string, name: string): string {
  return `DROP INDEX ${quoteIdentifier(name)} ON ${qualified(database, table)}`;
}

export function renderRenameTable(
  database: string,
  name: string,
  toDatabase: string,
  toName: string,
): string {
  return `RENAME TABLE ${qualified(database, name)} TO ${qualified(toDatabase, toName)}`;
}

export function renderCreateTable(schema: TableSchema): string {
  const lines = schema.columns.map((column) => `  ${columnText(column)}`);
  const all = allIndexes(schema);
  for (const index of all) lines.push(`  ${keyText(index, schema)}`);
  let tail = `) ENGINE=${schema.engine} AUTO_INCREMENT=${schema.autoIncrementStart}`;
  tail += ` DEFAULT CHARSET=${schema.charset} COLLATE=${schema.collation}`;
  if (schema.comment !== "") tail += ` COMMENT=${quoteString(schema.comment)}`;
  return `CREATE TABLE ${qualified(schema.database, schema.name)} (\n${lines.join(",\n")}\n${tail}`;
}

export function renderCreateIndex(schema: TableSchema, index: IndexSchema): string {
  const unique = index.unique ? "UNIQUE " : "";
  const comment = index.comment === "" ? "" : ` COMMENT ${quoteString(index.comment)}`;
  const on = qualified(schema.database, schema.name);
  const parts = partsText(index, schema);
  return `CREATE ${unique}INDEX ${quoteIdentifier(index.name)} ON ${on} (${parts})${comment}`;
}

/**
 * Parses a statement this file rendered. `database` is the record's default database;
 * `lookupTable` gives the current schema of a table (CREATE INDEX needs its columns).
 */
export function parseDdl(
  statement: string,
  database: string,
  lookupTable: (database: string, name: string) => TableSchema | undefined,
): DdlAction {
  const parsed = parseOne(statement);
  switch (parsed.kind) {
    case "create-database": {
      const { charset, collation } = parsed.options;
      assert(charset !== undefined && collation !== undefined, "canonical CREATE DATABASE");
      const name = parsed.name.name;
      const schema = { name, defaultCharset: charset, defaultCollation: collation };
      return { kind: "create-database", schema };
    }
    case "drop-database":
      return { kind: "drop-database", name: parsed.name.name };
    case "create-table": {
      const db = parsed.name.database?.name ?? database;
      // Every column states its collation, so the default collation here never applies.
      const defaults = { database: db, collation: "utf8mb4_0900_ai_ci" };
      const table = buildTableSchema(parsed, defaults, replayContext());
      return { kind: "create-table", schema: table };
    }
    case "drop-table": {
      const name = parsed.tables[0];
      assert(name !== undefined && parsed.tables.length === 1, "canonical DROP TABLE");
      const db = name.database?.name ?? database;
      return { kind: "drop-table", database: db, name: name.name.name };
    }
    case "drop-index": {
      const db = parsed.table.database?.name ?? database;
      return { kind: "drop-index", database: db, table: parsed.table.name.name, name: parsed.name.name };
    }
    case "rename-table": {
      const rename = parsed.renames[0];
      assert(rename !== undefined && parsed.renames.length === 1, "canonical RENAME TABLE");
      return {
        kind: "rename-table",
        database: rename.from.database?.name ?? database,
        name: rename.from.name.name,
        toDatabase: rename.to.database?.name ?? database,
        toName: rename.to.name.name,
      };
    }
    case "create-index": {
      const db = parsed.table.database?.name ?? database;
      const schema = lookupTable(db, parsed.table.name.name);
      assert(schema !== undefined, `CREATE INDEX replay: table ${db}.${parsed.table.name.name}`);
      const index = buildIndex(parsed.index, schema.columns, allIndexes(schema));
      return { kind: "create-index", database: db, table: schema.name, index };
    }
    default:
      throw new Error(`not a canonical DDL statement: ${parsed.kind}`);
  }
}

function allIndexes(schema: TableSchema): readonly IndexSchema[] {
  return schema.primaryKey === undefined ? schema.indexes : [schema.primaryKey, ...schema.indexes];
}

function qualified(database: string, name: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(name)}`;
}

function quoteString(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

function columnText(column: ColumnSchema): string {
  let text = `${quoteIdentifier(column.name)} ${canonicalTypeText(column.type)}`;
  const collation = column.type.collation;
  if (collation !== undefined && column.type.kind !== "json") text += ` COLLATE ${collation}`;
  text += column.nullable ? " NULL" : " NOT NULL";
  const defaultValue = column.defaultValue;
  switch (defaultValue.kind) {
    case "none":
      break;
    case "expression":
      text += ` DEFAULT ${defaultValue.sql}`;
      break;
    case "literal":
      text += ` DEFAULT ${literalText(defaultValue.value)}`;
      break;
  }
  if (column.onUpdate !== undefined) text += ` ON UPDATE ${column.onUpdate}`;
  if (column.autoIncrement) text += " AUTO_INCREMENT";
  if (column.comment !== "") text += ` COMMENT ${quoteString(column.comment)}`;
  return text;
}

const integerKinds = new Set(["tinyint", "smallint", "mediumint", "int", "bigint"]);
const temporalKinds = new Set(["time", "datetime", "timestamp"]);

/** typeText, plus what it leaves out that the schema still records (display widths, scale 0). */
function canonicalTypeText(type: SqlType): string {
  const unsigned = type.unsigned === true ? " unsigned" : "";
  if (integerKinds.has(type.kind) && type.length !== undefined) {
    return `${type.kind}(${type.length})${unsigned}`;
  }
  if (temporalKinds.has(type.kind) && type.scale !== undefined) {
    return `${type.kind}(${type.scale})`;
  }
  return typeText(type);
}

function literalText(value: SqlValue): string {
  if (value === null) return "NULL";
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString("hex")}'`;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  assert(typeof value === "string", "a SqlValue");
  return quoteString(value);
}

function keyText(index: IndexSchema, schema: TableSchema): string {
  const comment = index.comment === "" ? "" : ` COMMENT ${quoteString(index.comment)}`;
  const parts = partsText(index, schema);
  if (index.primary) return `PRIMARY KEY (${parts})${comment}`;
  const kind = index.unique ? "UNIQUE KEY" : "KEY";
  return `${kind} ${quoteIdentifier(index.name)} (${parts})${comment}`;
}

function partsText(index: IndexSchema, schema: TableSchema): string {
  return index.columns
    .map((part) => {
      const name = quoteIdentifier(schema.columns[part.column]!.name);
      const prefix = part.prefixLength === undefined ? "" : `(${part.prefixLength})`;
      return `${name}${prefix}${part.descending ? " DESC" : ""}`;
    })
    .join(",");
}

/** The evaluation context DDL replay builds defaults in (literals only: no session state). */
function replayContext(): EvalContext {
  const session = new Session(
    { connectionId: 0, user: "replay", host: "localhost", database: undefined },
    new GlobalVariables(),
    0,
  );
  return {
    warnings: new WarningList(),
    params: [],
    session,
    statementTimeMs: 0,
    subqueryResults: [],
    outerRows: [],
    random: new SeededRandom(1),
    divPrecisionIncrement: session.divPrecisionIncrement,
    sqlMode: session.sqlMode,
  };
}
