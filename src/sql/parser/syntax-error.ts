/**
 * Builds MySQL's ER_PARSE_ERROR (1064): "You have an error in your SQL syntax; … near
 * '<rest of the query from the offending token, at most 80 characters>' at line <n>".
 * The lexer and the parser both report through here so the text is identical everywhere.
 */

import { ER_PARSE_ERROR, ER_SYNTAX_ERROR } from "../../util/mysql-errors.ts";
import { sqlError, type SqlError } from "../sql-error.ts";

/** How much of the remaining text MySQL quotes in the message. */
const nearTextLengthMax = 80;

/** The 1064 error for a problem found at `offset` of `sql` (offset === length: at the end). */
export function syntaxErrorAt(sql: string, offset: number): SqlError {
  const near = sql.slice(offset, offset + nearTextLengthMax);
  return sqlError(ER_PARSE_ERROR, ER_SYNTAX_ERROR.template, near, lineAt(sql, offset));
}

/** 1-based line number of `offset`. */
function lineAt(sql: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < sql.length; index++) {
    if (sql.charCodeAt(index) === 10) line++;
  }
  return line;
}
