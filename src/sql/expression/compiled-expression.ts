/**
 * The compiled form of an expression: a closure evaluated per row plus its static type. The
 * compiler (expression-compiler.ts) builds these once per plan; evaluation never allocates
 * promises and never resolves names (column references are row offsets by then).
 *
 * A row seen by an expression is the "flat row" of its scope: the columns of every table in
 * FROM concatenated in order, followed by aggregate results when grouping (see scope.ts).
 */

import type { SqlType } from "../types/sql-type.ts";
import type { Row, SqlValue } from "../types/value.ts";
import type { WarningList } from "../warnings.ts";
import type { Session } from "../session.ts";
import type { SqlModeFlags } from "../variables/sql-mode.ts";
import type { Random } from "../../util/random.ts";

/** What one subquery produced, computed before the statement's rows are evaluated. */
export type SubqueryResult =
  | { readonly kind: "scalar"; readonly value: SqlValue }
  | { readonly kind: "exists"; readonly exists: boolean }
  | { readonly kind: "values"; readonly values: readonly SqlValue[]; readonly hasNull: boolean };

/** Per-execution state every expression may read. One per statement execution. */
export interface EvalContext {
  readonly warnings: WarningList;
  readonly params: readonly SqlValue[];
  readonly session: Session;
  /** NOW() for the whole statement, as MySQL: fixed at statement start. */
  readonly statementTimeMs: number;
  readonly subqueryResults: SubqueryResult[];
  /** Current row of each enclosing query, by depth, while a correlated subquery runs. */
  readonly outerRows: Row[];
  /** RAND() and UUID() draw from here (injected: seeded in simulations). */
  readonly random: Random;
  readonly divPrecisionIncrement: number;
  readonly sqlMode: SqlModeFlags;
}

export type Evaluate = (row: Row, context: EvalContext) => SqlValue;

export interface CompiledExpression {
  readonly evaluate: Evaluate;
  readonly type: SqlType;
  readonly nullable: boolean;
  /** Depends on no row (params, variables and constants only): usable as an index key. */
  readonly rowIndependent: boolean;
  /** A literal whose value never changes (constant folding, hashed IN lists). */
  readonly constant: boolean;
  /** Runtime type follows the value (params, user variables): comparisons classify per value. */
  readonly dynamicType: boolean;
  /** Set when the expression is a bare column reference: its offset in the flat row. */
  readonly columnIndex?: number;
}

export const bigintType: SqlType = { kind: "bigint" };
export const unsignedBigintType: SqlType = { kind: "bigint", unsigned: true };
export const doubleType: SqlType = { kind: "double" };
export const nullType: SqlType = { kind: "null" };
export const dateType: SqlType = { kind: "date" };
export const datetimeType: SqlType = { kind: "datetime" };
export const defaultCollationName = "utf8mb4_0900_ai_ci";
export const varcharType: SqlType = { kind: "varchar", length: 255, collation: defaultCollationName };
export const varbinaryType: SqlType = { kind: "varbinary", length: 255 };

export function decimalType(scale: number, precision = 65): SqlType {
  return { kind: "decimal", length: precision, scale };
}

export function textType(collation: string, length = 255): SqlType {
  return { kind: "varchar", length, collation };
}

/** How a value of a static type behaves in arithmetic and comparison. */
export type ValueClass = "integer" | "decimal" | "double" | "string" | "binary" | "temporal" | "null";

export function valueClassOf(type: SqlType): ValueClass {
  switch (type.kind) {
    case "tinyint":
    case "smallint":
    case "mediumint":
    case "int":
    case "bigint":
    case "bit":
    case "year":
      return "integer";
    case "decimal":
      return "decimal";
    case "float":
    case "double":
      return "double";
    case "char":
    case "varchar":
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
    case "enum":
    case "set":
    case "json":
      return "string";
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return "binary";
    case "date":
    case "time":
    case "datetime":
    case "timestamp":
      return "temporal";
    case "null":
      return "null";
  }
}

export function isStringClass(type: SqlType): boolean {
  const valueClass = valueClassOf(type);
  return valueClass === "string" || valueClass === "binary" || valueClass === "temporal";
}

/** A constant expression with the given value and type. */
export function constantExpression(value: SqlValue, type: SqlType): CompiledExpression {
  return {
    evaluate: () => value,
    type,
    nullable: value === null,
    rowIndependent: true,
    constant: true,
    dynamicType: false,
  };
}
