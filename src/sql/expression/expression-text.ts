/**
 * Renders an AST expression back to text the way MySQL prints expressions in messages such as
 * "BIGINT value is out of range in '(`a` + 1)'" — close enough to be recognisable, not a full
 * unparser.
 */

import type { Expression } from "../parser/ast.ts";
import { formatDouble } from "../types/format-double.ts";

export function expressionText(expression: Expression): string {
  switch (expression.kind) {
    case "integer":
      return expression.value.toString();
    case "decimal":
      return expression.text;
    case "float":
      return formatDouble(expression.value);
    case "string":
      return `'${expression.value.replaceAll("'", "\\'")}'`;
    case "null":
      return "NULL";
    case "boolean":
      return expression.value ? "true" : "false";
    case "param":
      return "?";
    case "column":
      return [expression.database?.name, expression.table?.name, expression.column.name]
        .filter((part) => part !== undefined)
        .map((part) => `\`${part}\``)
        .join(".");
    case "user-variable":
      return `@${expression.name}`;
    case "system-variable":
      return `@@${expression.name}`;
    case "unary":
      return expression.operator === "not"
        ? `(not(${expressionText(expression.operand)}))`
        : `${expression.operator}${expressionText(expression.operand)}`;
    case "binary":
      return `(${expressionText(expression.left)} ${expression.operator} ${expressionText(expression.right)})`;
    case "function-call":
      return `${expression.name.toLowerCase()}(${expression.args.map(expressionText).join(",")})`;
    case "cast":
      return `cast(${expressionText(expression.operand)} as ${expression.type.name})`;
    default:
      return expression.kind;
  }
}
