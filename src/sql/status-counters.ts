/**
 * Server status counters (SHOW STATUS, COM_STATISTICS): questions, per-command counts, slow
 * queries, uptime. Counted by SqlEngine; read by the server and by SHOW STATUS.
 */

export class StatusCounters {
  questions = 0;
  slowQueries = 0;
  openTables = 0;
  bytesReceived = 0;
  bytesSent = 0;
  threadsConnected = 0;
  connections = 0;
  readonly commands = new Map<string, number>();
  readonly startedAtMs: number;
  readonly #sources: (() => readonly (readonly [string, string])[])[] = [];

  constructor(startedAtMs: number) {
    this.startedAtMs = startedAtMs;
  }

  /**
   * Adds status variables computed on demand by a lower layer (storage, binlog): the server
   * registers them, so the SQL layer shows them without knowing where they come from.
   */
  addSource(source: () => readonly (readonly [string, string])[]): void {
    this.#sources.push(source);
  }

  countCommand(name: string): void {
    this.commands.set(name, (this.commands.get(name) ?? 0) + 1);
  }

  uptimeSeconds(nowMs: number): number {
    return Math.max(Math.floor((nowMs - this.startedAtMs) / 1000), 0);
  }

  /** Name → value rows in SHOW STATUS order (sorted by name). */
  rows(nowMs: number): [string, string][] {
    const rows: [string, string][] = [
      ["Bytes_received", String(this.bytesReceived)],
      ["Bytes_sent", String(this.bytesSent)],
      ["Connections", String(this.connections)],
      ["Open_tables", String(this.openTables)],
      ["Queries", String(this.questions)],
      ["Questions", String(this.questions)],
      ["Slow_queries", String(this.slowQueries)],
      ["Threads_connected", String(this.threadsConnected)],
      ["Threads_running", "1"],
      ["Uptime", String(this.uptimeSeconds(nowMs))],
    ];
    for (const name of ["select", "insert", "update", "delete", "replace", "begin", "commit", "rollback", "set_option", "show_variables", "stmt_prepare", "stmt_execute", "create_table", "drop_table"]) {
      rows.push([`Com_${name}`, String(this.commands.get(name) ?? 0)]);
    }
    for (const source of this.#sources) for (const [name, value] of source()) rows.push([name, value]);
    return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}
