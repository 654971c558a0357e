/**
 * Which collation two string operands compare with, a simplified form of MySQL's coercibility
 * rules: an explicit COLLATE wins, then a column's collation, then the other operand's, then
 * collation_connection. Binary strings compare byte-wise whatever the other side is.
 */

import { binaryCollation, getCollation, type Collation } from "../types/collation.ts";
import { valueClassOf, type CompiledExpression } from "./compiled-expression.ts";

/** Marker type property for an explicit COLLATE clause (see conditional.ts compileCollate). */
export interface ExplicitCollation {
  readonly explicitCollation?: true;
}

export function collationFor(
  left: CompiledExpression,
  right: CompiledExpression,
  connectionCollation: string,
): Collation {
  if (valueClassOf(left.type) === "binary" || valueClassOf(right.type) === "binary") return binaryCollation;
  const explicit = [left, right].find((side) => (side as ExplicitCollation).explicitCollation === true);
  const column = [left, right].find((side) => side.columnIndex !== undefined && side.type.collation !== undefined);
  const chosen = explicit ?? column ?? (left.type.collation !== undefined ? left : right);
  const name = chosen.type.collation ?? connectionCollation;
  return getCollation(name) ?? getCollation(connectionCollation) ?? binaryCollation;
}

export function collationOf(expression: CompiledExpression, connectionCollation: string): Collation {
  if (valueClassOf(expression.type) === "binary") return binaryCollation;
  return getCollation(expression.type.collation ?? connectionCollation) ?? binaryCollation;
}
