/**
 * SHOW [GLOBAL | SESSION] VARIABLES: every registered variable with its value in that scope
 * (session shows global-only variables too, as MySQL), rendered as text.
 */

import type { ShowStatement } from "../parser/ast.ts";
import type { RowsResult } from "../statement-result.ts";
import type { SqlValue } from "../types/value.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { EngineServices } from "../execute/engine-services.ts";
import type { Session } from "../session.ts";
import { listSystemVariables } from "../system-variables.ts";
import { toText } from "../types/coercion.ts";
import { filterShowRows, rowsResult, textColumn } from "./show-result.ts";

/** A variable value as SHOW VARIABLES prints it (booleans as ON/OFF). */
export function variableText(value: SqlValue, kind: string): string {
  if (value === null) return "";
  if (kind === "bool") return value === 1 ? "ON" : "OFF";
  return toText(value) ?? "";
}

export function showVariables(statement: ShowStatement, services: EngineServices, session: Session, context: EvalContext): RowsResult {
  const columns = [textColumn("Variable_name"), textColumn("Value", 1024)];
  const global = statement.scope === "global";
  const rows = listSystemVariables()
    .filter((definition) => !global || definition.scope !== "session")
    .map((definition) => {
      const value = global ? services.globals.get(definition.name) : session.getSystemVariable(definition.name);
      return [definition.name, variableText(value, definition.type.kind)];
    });
  return rowsResult(columns, filterShowRows(columns, rows, statement.filter, context));
}
