/**
 * What every connection shares: the SQL engine, authentication, logging, time and randomness,
 * and the server-wide limits. Built once by MysqlServer (the composition root).
 */

import type { SqlEngine } from "../sql/sql-engine.ts";
import type { Session } from "../sql/session.ts";
import type { Clock } from "../util/clock.ts";
import type { Logger } from "../util/log.ts";
import type { Random } from "../util/random.ts";
import type { AuthPluginName } from "./accounts.ts";
import type { Authenticator } from "./authenticator.ts";
import type { Connection } from "./connection.ts";

export interface ServerContext {
  readonly engine: SqlEngine;
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly random: Random;
  readonly defaultAuthPlugin: AuthPluginName;
  readonly connectTimeoutSeconds: number;
  /** Monotonic start time, for Uptime. */
  readonly startedAtMs: number;
  /** The global max_allowed_packet now (SET GLOBAL changes it for new connections). */
  maxAllowedPacketBytes(): number;
  /** wait_timeout of the session (the global default before login). */
  waitTimeoutSeconds(session: Session | undefined): number;
  openConnectionCount(): number;
  onConnectionClosed(connection: Connection): void;
}
