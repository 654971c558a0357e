/**
 * Plans of statements that read or write rows (SELECT, INSERT, UPDATE, DELETE), cached on a
 * prepared statement (or per statement text) and re-used while still valid: same current
 * database, same plan-affecting session variables, and every table still the exact schema
 * object the plan was built against (a DDL change produces a new schema object).
 */

import type { Catalog } from "../catalog/catalog.ts";
import type { TableSchema } from "../catalog/schema.ts";
import type { Statement } from "../parser/ast.ts";
import type { Session } from "../session.ts";
import type { QueryPlan } from "../plan/query-plan.ts";
import type { InsertPlan } from "../dml/insert-executor.ts";
import type { UpdatePlan } from "../dml/update-executor.ts";
import type { DeletePlan } from "../dml/delete-executor.ts";
import { planInsert } from "../dml/insert-executor.ts";
import { planUpdate } from "../dml/update-executor.ts";
import { planDelete } from "../dml/delete-executor.ts";
import { planQuery } from "../plan/select-planner.ts";
import { createPlanContext, type EngineServices } from "./engine-services.ts";

export type ExecutablePlan = { readonly kind: "query"; readonly plan: QueryPlan } | InsertPlan | UpdatePlan | DeletePlan;

export interface CachedPlan {
  readonly plan: ExecutablePlan;
  readonly validityKey: string;
  /** Memo of the last successful settings check (skips rebuilding the key string). */
  validatedFor?: Session;
  validatedVersion?: number;
  validatedDatabase?: string | undefined;
  readonly tables: readonly { readonly database: string; readonly name: string; readonly schema: TableSchema }[];
}

export type PlannableStatement = Extract<Statement, { kind: "select" | "set-operation" | "parenthesized-query" | "insert" | "update" | "delete" }>;

export function isPlannable(statement: Statement): statement is PlannableStatement {
  switch (statement.kind) {
    case "select":
    case "set-operation":
    case "parenthesized-query":
    case "insert":
    case "update":
    case "delete":
      return true;
    default:
      return false;
  }
}

/**
 * Plans are shared between sessions (statement cache), so validity is keyed on the settings
 * themselves, not on one session's version counter.
 */
function validityKey(session: Session): string {
  return `${session.database ?? ""}\u0001${session.collationConnection}\u0001${session.divPrecisionIncrement}`;
}

function stillValid(cached: CachedPlan, session: Session, catalog: Catalog): boolean {
  if (cached.validatedFor === session && cached.validatedVersion === session.planSettingsVersion && cached.validatedDatabase === session.database) {
    // Same session, unchanged settings: only the tables can have changed.
  } else if (cached.validityKey !== validityKey(session)) return false;
  else {
    cached.validatedFor = session;
    cached.validatedVersion = session.planSettingsVersion;
    cached.validatedDatabase = session.database;
  }
  for (const table of cached.tables) {
    if (catalog.getTable(table.database, table.name)?.schema !== table.schema) return false;
  }
  return true;
}

export function planStatement(statement: PlannableStatement, services: EngineServices, session: Session, sql: string): CachedPlan {
  const context = createPlanContext(services, session, sql);
  let plan: ExecutablePlan;
  switch (statement.kind) {
    case "insert":
      plan = planInsert(statement, context);
      break;
    case "update":
      plan = planUpdate(statement, context);
      break;
    case "delete":
      plan = planDelete(statement, context);
      break;
    default:
      plan = { kind: "query", plan: planQuery(statement, { ...context, projectRows: true }) };
  }
  return { plan, validityKey: validityKey(session), tables: context.tablesUsed };
}

/** The cached plan if still valid, else a fresh one (stored back through `store`). */
export function cachedOrPlan(
  cached: CachedPlan | undefined,
  statement: PlannableStatement,
  services: EngineServices,
  session: Session,
  sql: string,
): CachedPlan {
  if (cached !== undefined && stillValid(cached, session, services.catalog)) return cached;
  return planStatement(statement, services, session, sql);
}
