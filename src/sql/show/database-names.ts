/**
 * The databases SHOW DATABASES / USE / COM_INIT_DB know: the catalog's plus the ones the engine
 * serves itself (information_schema, mysql, performance_schema, sys), sorted by name as MySQL.
 */

import { ER_BAD_DB_ERROR, ER_NO_DB_ERROR } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { EngineServices } from "../execute/engine-services.ts";

export const virtualDatabaseNames = ["information_schema", "mysql", "performance_schema", "sys"];

export function databaseNames(services: EngineServices): string[] {
  const names = [...virtualDatabaseNames, ...services.catalog.listDatabases().map((database) => database.name)];
  return [...new Set(names)].sort();
}

/** `name` (the current database when absent) if it exists; 1046 / 1049 otherwise. */
export function requireDatabase(name: string | undefined, services: EngineServices): string {
  if (name === undefined) throw sqlError(ER_NO_DB_ERROR);
  if (!databaseNames(services).includes(name)) throw sqlError(ER_BAD_DB_ERROR, name);
  return name;
}
