/**
 * SqlError: an expected SQL failure carrying a MySQL error number and SQLSTATE. The server turns
 * it into an ERR packet; the connection survives. `sqlError(ER_X, ...args)` builds one from the
 * shared error table in util/mysql-errors.ts.
 */

import { DbError } from "../util/errors.ts";
import { formatErrorMessage, type MysqlErrorSpec } from "../util/mysql-errors.ts";

export class SqlError extends DbError {
  constructor(
    readonly code: number,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/** Builds the SqlError for a MySQL error spec with its message placeholders filled. */
export function sqlError(spec: MysqlErrorSpec, ...args: readonly unknown[]): SqlError {
  return new SqlError(spec.code, spec.sqlState, formatErrorMessage(spec.template, args));
}

export function isSqlError(error: unknown): error is SqlError {
  return error instanceof SqlError;
}
