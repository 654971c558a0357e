/**
 * The one-line status COM_STATISTICS returns (what `mysqladmin status` prints), in mysqld's
 * format: "Uptime: 12  Threads: 1  Questions: 5  Slow queries: 0  Opens: 0  Flush tables: 1
 * Open tables: 0  Queries per second avg: 0.416".
 */

import type { ServerContext } from "./server-context.ts";

export function serverStatusLine(context: ServerContext): string {
  const uptimeSeconds = Math.max(1, Math.floor((context.clock.monotonicMs() - context.startedAtMs) / 1000));
  const counters = context.engine.statusCounters();
  const perSecond = (counters.questions / uptimeSeconds).toFixed(3);
  return (
    `Uptime: ${uptimeSeconds}  Threads: ${context.openConnectionCount()}  ` +
    `Questions: ${counters.questions}  Slow queries: ${counters.slowQueries}  ` +
    `Opens: ${counters.openTables}  Flush tables: 1  Open tables: ${counters.openTables}  ` +
    `Queries per second avg: ${perSecond}`
  );
}
