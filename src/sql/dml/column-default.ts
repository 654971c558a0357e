/**
 * A column's DEFAULT at insert time: the literal, or an expression default (CURRENT_TIMESTAMP
 * and friends are the ones MySQL allows without parentheses) evaluated for the statement.
 */

import type { ColumnSchema } from "../catalog/schema.ts";
import type { SqlValue } from "../types/value.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import { formatDatetime } from "../types/temporal.ts";

export function columnDefaultValue(column: ColumnSchema, context: EvalContext): SqlValue {
  const defaultValue = column.defaultValue;
  switch (defaultValue.kind) {
    case "none":
      return null;
    case "literal":
      return defaultValue.value;
    case "expression": {
      const text = defaultValue.sql.toUpperCase();
      if (/^(CURRENT_TIMESTAMP|NOW|LOCALTIME|LOCALTIMESTAMP)/.test(text)) {
        const digits = Number(/\((\d)\)/.exec(text)?.[1] ?? 0);
        const value = formatDatetime(context.statementTimeMs, digits);
        return column.type.kind === "date" ? value.slice(0, 10) : value;
      }
      return null;
    }
  }
}
