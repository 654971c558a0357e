/**
 * The engine-wide services every statement executor receives: catalog, clock, global
 * variables, the virtual schemas (information_schema), the session registry (SHOW PROCESSLIST,
 * KILL), status counters, the query runner and the optional replication log. Built once by
 * SqlEngine.
 */

import type { Catalog } from "../catalog/catalog.ts";
import type { Clock } from "../../util/clock.ts";
import type { GlobalVariables } from "../variables/global-variables.ts";
import type { VirtualSchemaProvider } from "../plan/plan-context.ts";
import type { Session } from "../session.ts";
import type { QueryRunner } from "./query-runner.ts";
import type { StatusCounters } from "../status-counters.ts";
import type { WarningList } from "../warnings.ts";
import type { SqlValue } from "../types/value.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { PlanContext } from "../plan/plan-context.ts";
import type { Random } from "../../util/random.ts";
import type { ReplicationLog } from "../replication-log.ts";

export interface EngineServices {
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly globals: GlobalVariables;
  readonly virtualSchemas: VirtualSchemaProvider;
  readonly sessions: ReadonlyMap<number, Session>;
  readonly counters: StatusCounters;
  readonly runner: QueryRunner;
  readonly random: Random;
  /** The binary log, when the server has one (SHOW BINARY LOGS, @@gtid_executed, FLUSH LOGS). */
  readonly replicationLog: ReplicationLog | undefined;
}

export function createEvalContext(
  services: EngineServices,
  session: Session,
  warnings: WarningList,
  params: readonly SqlValue[],
): EvalContext {
  return {
    warnings,
    params,
    session,
    statementTimeMs: services.clock.nowMs(),
    subqueryResults: [],
    outerRows: [],
    random: services.random,
    divPrecisionIncrement: session.divPrecisionIncrement,
    sqlMode: session.sqlMode,
  };
}

export function createPlanContext(services: EngineServices, session: Session, sql: string): PlanContext {
  return {
    catalog: services.catalog,
    session,
    sql,
    virtualSchemas: services.virtualSchemas,
    ctes: new Map(),
    depth: 0,
    slots: { count: 0 },
    tablesUsed: [],
    outerScopes: [],
    correlationMarkers: [],
  };
}
