/**
 * The result type of expressions that return one of several operands (CASE, IF, IFNULL,
 * COALESCE, GREATEST/LEAST, UNION columns): integer if all are integers, DOUBLE if any is
 * approximate, DECIMAL (widest scale) if any is exact, otherwise a character string.
 */

import type { SqlType } from "../types/sql-type.ts";
import {
  bigintType,
  decimalType,
  doubleType,
  nullType,
  valueClassOf,
  varbinaryType,
  defaultCollationName,
} from "./compiled-expression.ts";

export function commonType(types: readonly SqlType[]): SqlType {
  const present = types.filter((type) => type.kind !== "null");
  if (present.length === 0) return nullType;
  const classes = new Set(present.map(valueClassOf));
  const first = present[0] as SqlType;
  if (present.every((type) => type.kind === first.kind && type.unsigned === first.unsigned)) {
    if (classes.has("string")) {
      const length = Math.max(...present.map((type) => type.length ?? 0));
      return { ...first, length };
    }
    return first;
  }
  if (classes.size === 1 && classes.has("integer")) return bigintType;
  const numericOnly = [...classes].every((valueClass) => valueClass === "integer" || valueClass === "decimal" || valueClass === "double");
  if (numericOnly) {
    if (classes.has("double")) return doubleType;
    return decimalType(Math.max(...present.map((type) => (type.kind === "decimal" ? (type.scale ?? 0) : 0))));
  }
  if (classes.has("binary")) return varbinaryType;
  if (classes.size === 1 && classes.has("temporal")) return { kind: "datetime" };
  const collation = present.find((type) => type.collation !== undefined)?.collation ?? defaultCollationName;
  const length = Math.max(...present.map((type) => type.length ?? 20));
  return { kind: "varchar", length, collation };
}
