/**
 * Building blocks for engine-produced result sets (SHOW …, information_schema): column
 * descriptions, and the LIKE / WHERE filters SHOW accepts (WHERE sees the result's own column
 * names, as MySQL).
 */

import type { ShowFilter } from "../parser/ast.ts";
import type { ResultColumn, RowsResult } from "../statement-result.ts";
import type { SqlType } from "../types/sql-type.ts";
import type { Row } from "../types/value.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import { Scope } from "../expression/scope.ts";
import { compileExpression } from "../expression/expression-compiler.ts";
import { toBoolean } from "../types/coercion.ts";
import { getCollation, binaryCollation } from "../types/collation.ts";
import { likeMatches } from "../expression/like.ts";

export const showCollation = "utf8mb3_general_ci";

export function textColumn(name: string, length = 64, nullable = false): ResultColumn {
  return column(name, { kind: "varchar", length, collation: showCollation }, nullable);
}

export function integerColumn(name: string, nullable = false): ResultColumn {
  return column(name, { kind: "bigint", unsigned: true }, nullable);
}

export function column(name: string, type: SqlType, nullable: boolean): ResultColumn {
  return {
    name,
    orgName: name,
    table: "",
    orgTable: "",
    database: "",
    type,
    nullable,
    primaryKey: false,
    uniqueKey: false,
    multipleKey: false,
    autoIncrement: false,
  };
}

export function rowsResult(columns: readonly ResultColumn[], rows: readonly Row[], warningCount = 0): RowsResult {
  return { kind: "rows", columns, rows, warningCount };
}

/** Applies SHOW's LIKE (on the first column, or `likeColumn`) or WHERE filter. */
export function filterShowRows(
  columns: readonly ResultColumn[],
  rows: readonly Row[],
  filter: ShowFilter | undefined,
  context: EvalContext,
  likeColumn = 0,
): Row[] {
  if (filter === undefined) return [...rows];
  if (filter.kind === "like") {
    const collation = getCollation(showCollation) ?? binaryCollation;
    return rows.filter((row) => {
      const value = row[likeColumn];
      return typeof value === "string" && likeMatches(value, filter.pattern, collation);
    });
  }
  const scope = new Scope(
    columns.map((resultColumn, index) => ({
      name: resultColumn.name,
      tableAlias: "",
      database: "",
      orgTable: "",
      index,
      type: resultColumn.type,
      nullable: resultColumn.nullable,
    })),
  );
  const condition = compileExpression(filter.expr, {
    scope,
    clause: "where clause",
    collationConnection: showCollation,
    database: context.session.database,
    divPrecisionIncrement: context.divPrecisionIncrement,
  });
  return rows.filter((row) => toBoolean(condition.evaluate(row as Row, context), context.warnings) === true);
}
