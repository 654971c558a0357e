/**
 * Which start-up options name a server system variable (`--sql-mode=…`,
 * `--innodb-lock-wait-timeout=…`). The CLI asks this so that it can accept every variable the
 * SQL layer knows without a second list that could drift.
 */

import { isSystemVariable } from "../sql/system-variables.ts";

export function isServerSystemVariable(name: string): boolean {
  return isSystemVariable(name);
}
