/**
 * SqlEngine: the SQL layer's public face for the server. One per server; it owns the global
 * variables, the session registry, the statement cache and the status counters, and runs
 * statements through parse → plan (cached) → execute (see README.md).
 *
 * Errors inside a statement become ErrorResults; anything that is not a SqlError is a bug and
 * propagates.
 */

import type { Catalog } from "./catalog/catalog.ts";
import type { Clock } from "../util/clock.ts";
import { cryptoRandom, type Random } from "../util/random.ts";
import type { ResultColumn, StatementResult } from "./statement-result.ts";
import type { SqlValue } from "./types/value.ts";
import {
  ER_BAD_DB_ERROR,
  ER_NO_DB_ERROR,
  ER_NO_SUCH_TABLE,
  ER_PARSE_ERROR,
  ER_PS_MANY_PARAM,
  ER_UNKNOWN_STMT_HANDLER,
  ER_WRONG_ARGUMENTS,
} from "../util/mysql-errors.ts";
import { preparedStatementParamsMax, statementCacheTextBytesMax } from "../constants.ts";
import { SqlError, sqlError } from "./sql-error.ts";
import { parse, parseOne } from "./parser/parser.ts";
import { Session } from "./session.ts";
import { GlobalVariables } from "./variables/global-variables.ts";
import { bindReplicationVariables } from "./variables/replication-variables.ts";
import type { ReplicationLog } from "./replication-log.ts";
import { StatusCounters } from "./status-counters.ts";
import { StatementCache, type CacheEntry } from "./statement-cache.ts";
import { digestInsert, isDirectValuesInsert } from "./insert-digest.ts";
import type { Statement } from "./parser/ast.ts";
import { PreparedStatement, type PreparedStatementInfo } from "./prepared-statement.ts";
import { InformationSchema } from "./information-schema/information-schema.ts";
import { QueryRunner } from "./execute/query-runner.ts";
import type { EngineServices } from "./execute/engine-services.ts";
import { StatementExecutor } from "./execute/statement-executor.ts";
import { isPlannable, planStatement } from "./execute/executable-plan.ts";
import { rollbackSession } from "./execute/transaction-runner.ts";
import { databaseNames } from "./show/database-names.ts";
import { likeMatches } from "./expression/like.ts";
import { resultColumn } from "./plan/select-list.ts";
import { tableScope } from "./dml/target-table.ts";
import { binaryCollation, collationById, getCollation } from "./types/collation.ts";

export interface SessionInit {
  readonly connectionId: number;
  /** Authenticated user name, e.g. "root". */
  readonly user: string;
  /** Client host as MySQL shows it, e.g. "localhost" or "127.0.0.1". */
  readonly host: string;
  /** From the handshake (CONNECT_WITH_DB); validated by the server via useDatabase. */
  readonly database: string | undefined;
  /** The handshake's character set byte (33, 45, 255 …). */
  readonly collationId: number;
}

/** A statement slower than this counts in Slow_queries (MySQL's long_query_time default). */
const slowQueryMs = 10_000;
const noParams: readonly SqlValue[] = [];

export type { PreparedStatementInfo };
export { PreparedStatement };

export class SqlEngine {
  readonly #services: EngineServices;
  readonly #sessions = new Map<number, Session>();
  readonly #cache = new StatementCache();
  /** INSERT digest → its parse (or no statements: a shape a digest may not stand for). */
  readonly #digests = new StatementCache();
  readonly #executor: StatementExecutor;
  readonly #killListeners: ((connectionId: number) => void)[] = [];

  constructor(options: {
    catalog: Catalog;
    clock: Clock;
    globalVariables?: ReadonlyMap<string, string>;
    /** Source for RAND() / UUID(); defaults to crypto randomness. */
    random?: Random;
    /** The binary log; without it the server acts as MySQL with log_bin=OFF. */
    replicationLog?: ReplicationLog;
  }) {
    const globals = new GlobalVariables(options.globalVariables);
    bindReplicationVariables(globals, options.replicationLog, options.random ?? cryptoRandom);
    const counters = new StatusCounters(options.clock.nowMs());
    this.#services = {
      catalog: options.catalog,
      clock: options.clock,
      globals,
      virtualSchemas: new InformationSchema(options.catalog, counters.startedAtMs),
      sessions: this.#sessions,
      counters,
      runner: new QueryRunner(),
      random: options.random ?? cryptoRandom,
      replicationLog: options.replicationLog,
    };
    this.#executor = new StatementExecutor(this.#services, {
      prepareSql: (session, name, text) => session.sqlPrepared.set(name, this.prepare(session, text)),
      executeSql: (session, name, params) => {
        const prepared = session.sqlPrepared.get(name.toLowerCase());
        if (!(prepared instanceof PreparedStatement)) throw sqlError(ER_UNKNOWN_STMT_HANDLER, name, "EXECUTE");
        return this.execute(session, prepared, params);
      },
      kill: (connectionId) => this.#kill(connectionId),
    });
  }

  openSession(init: SessionInit): Session {
    const session = new Session(init, this.#services.globals, this.#services.clock.nowMs());
    const collation = collationById(init.collationId);
    if (collation !== undefined && collation !== binaryCollation) {
      session.setSessionVariable("character_set_client", collation.charset);
      session.setSessionVariable("character_set_connection", collation.charset);
      session.setSessionVariable("character_set_results", collation.charset);
      session.setSessionVariable("collation_connection", collation.name);
    }
    this.#sessions.set(init.connectionId, session);
    this.#services.counters.connections++;
    this.#services.counters.threadsConnected = this.#sessions.size;
    return session;
  }

  /** Rolls back an open transaction and forgets the session. */
  async closeSession(session: Session): Promise<void> {
    this.#sessions.delete(session.connectionId);
    this.#services.counters.threadsConnected = this.#sessions.size;
    await rollbackSession(session);
  }

  /** Called with the connection id when KILL [CONNECTION] targets a session. */
  onKill(listener: (connectionId: number) => void): void {
    this.#killListeners.push(listener);
  }

  #kill(connectionId: number): boolean {
    const session = this.#sessions.get(connectionId);
    if (session === undefined) return false;
    session.killed = true;
    for (const listener of this.#killListeners) listener(connectionId);
    return true;
  }

  /** One COM_QUERY: runs the statements in order; stops after the first error, whose ErrorResult is last. */
  async query(session: Session, text: string, allowMultiStatements: boolean): Promise<StatementResult[]> {
    let entry = this.#cache.get(text);
    if (entry === undefined) {
      const digested = this.#digestEntry(text);
      if (digested !== undefined) return [await this.#runDigested(session, text, digested.entry, digested.values)];
      try {
        entry = this.#cache.put(text, parse(text));
      } catch (error) {
        if (!(error instanceof SqlError)) throw error;
        this.#services.counters.questions++;
        session.warnings = session.resetDiagnostics();
        session.warnings.push({ level: "Error", code: error.code, message: error.message });
        return [{ kind: "error", error }];
      }
    }
    if (!allowMultiStatements && entry.statements.length > 1) {
      const second = entry.statements[1]!;
      const near = text.slice(second.span.start).slice(0, 80);
      return [{ kind: "error", error: sqlError(ER_PARSE_ERROR, "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use", near, 1) }];
    }
    const results: StatementResult[] = [];
    for (let index = 0; index < entry.statements.length; index++) {
      const request = { statement: entry.statements[index]!, sql: text, params: noParams, planSlot: entry.planSlots[index]! };
      const started = this.#startTracking(session, text);
      let result: StatementResult;
      try {
        result = await this.#executor.run(session, request);
      } finally {
        this.#endTracking(session, started);
      }
      results.push(result);
      if (result.kind === "error") break;
    }
    return results;
  }

  /**
   * The cached parse of `text`'s INSERT digest (insert-digest.ts) with its literal values, or
   * undefined when the text has no digest or its shape is not one a digest may stand for (that
   * verdict is cached too, so such texts are parsed once more only on their first sight).
   */
  #digestEntry(text: string): { entry: CacheEntry; values: SqlValue[] } | undefined {
    const digest = digestInsert(text);
    if (digest === undefined || digest.key.length > statementCacheTextBytesMax) return undefined;
    let entry = this.#digests.get(digest.key);
    if (entry === undefined) {
      let statements: readonly Statement[] = [];
      try {
        statements = parse(digest.key);
      } catch (error) {
        if (!(error instanceof SqlError)) throw error;
      }
      entry = this.#digests.put(digest.key, isDirectValuesInsert(statements, digest.values.length) ? statements : []);
    }
    return entry.statements.length === 1 ? { entry, values: digest.values } : undefined;
  }

  async #runDigested(session: Session, text: string, entry: CacheEntry, values: readonly SqlValue[]): Promise<StatementResult> {
    const request = { statement: entry.statements[0]!, sql: text, params: values, planSlot: entry.planSlots[0]! };
    const started = this.#startTracking(session, text);
    try {
      return await this.#executor.run(session, request);
    } finally {
      this.#endTracking(session, started);
    }
  }

  /**
   * Statement tracking for SHOW PROCESSLIST and Slow_queries, split in two calls rather than a
   * wrapper taking a closure: the hot paths then pay no closure and no extra async frame.
   * Returns the monotonic start time for #endTracking.
   */
  #startTracking(session: Session, text: string): number {
    this.#services.counters.questions++;
    session.command = "Query";
    session.currentStatement = text;
    session.stateSinceMs = this.#services.clock.nowMs();
    return this.#services.clock.monotonicMs();
  }

  #endTracking(session: Session, startedMs: number): void {
    session.command = "Sleep";
    session.currentStatement = null;
    session.stateSinceMs = this.#services.clock.nowMs();
    if (this.#services.clock.monotonicMs() - startedMs > slowQueryMs) this.#services.counters.slowQueries++;
  }

  /** COM_STMT_PREPARE: parses once (throws SqlError on bad SQL). */
  prepare(session: Session, text: string): PreparedStatement {
    const statement = parseOne(text);
    if (statement.paramCount > preparedStatementParamsMax) throw sqlError(ER_PS_MANY_PARAM);
    this.#services.counters.countCommand("stmt_prepare");
    if (!isPlannable(statement)) {
      return new PreparedStatement(statement, text, { paramCount: statement.paramCount, columns: [] });
    }
    const cached = planStatement(statement, this.#services, session, text);
    const columns = cached.plan.kind === "query" ? cached.plan.plan.columns : [];
    const prepared = new PreparedStatement(statement, text, { paramCount: statement.paramCount, columns });
    prepared.planSlot.cached = cached;
    return prepared;
  }

  /** COM_STMT_EXECUTE: params are already decoded to SqlValue. */
  async execute(session: Session, statement: PreparedStatement, params: readonly SqlValue[]): Promise<StatementResult> {
    this.#services.counters.countCommand("stmt_execute");
    if (params.length !== statement.info.paramCount) {
      return { kind: "error", error: sqlError(ER_WRONG_ARGUMENTS, "mysqld_stmt_execute") };
    }
    const request = { statement: statement.statement, sql: statement.text, params, planSlot: statement.planSlot };
    const started = this.#startTracking(session, statement.text);
    try {
      return await this.#executor.run(session, request);
    } finally {
      this.#endTracking(session, started);
    }
  }

  /** COM_INIT_DB; throws ER_BAD_DB_ERROR 1049. */
  useDatabase(session: Session, name: string): void {
    if (!databaseNames(this.#services).includes(name)) throw sqlError(ER_BAD_DB_ERROR, name);
    session.database = name;
  }

  /** COM_FIELD_LIST; throws 1146 / 1046. */
  fieldList(session: Session, table: string, wildcard: string): readonly ResultColumn[] {
    const database = session.database;
    if (database === undefined) throw sqlError(ER_NO_DB_ERROR);
    const storage = this.#services.catalog.getTable(database, table);
    if (storage === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, table);
    const scope = tableScope(storage.schema, table, database);
    const collation = getCollation("utf8mb3_general_ci") ?? binaryCollation;
    return scope.columns
      .filter((column) => wildcard === "" || likeMatches(column.name, wildcard, collation))
      .map((column) =>
        resultColumn(
          { kind: "select-expression", expr: { kind: "column", column: { name: column.name, quoted: true } }, span: { start: 0, end: 0 } },
          { evaluate: () => null, type: column.type, nullable: column.nullable, rowIndependent: false, constant: false, dynamicType: false },
          scope,
          "",
        ),
      );
  }

  /** COM_RESET_CONNECTION / after COM_CHANGE_USER. */
  async resetSession(session: Session): Promise<void> {
    await rollbackSession(session);
    session.reset();
  }

  /** Entries in the text statement cache and the INSERT digest cache. */
  statementCacheSizes(): { readonly texts: number; readonly digests: number } {
    return { texts: this.#cache.size, digests: this.#digests.size };
  }

  /** Counters for SHOW STATUS and COM_STATISTICS. */
  statusCounters(): StatusCounters {
    const counters = this.#services.counters;
    counters.openTables = this.#services.catalog
      .listDatabases()
      .reduce((count, database) => count + this.#services.catalog.listTables(database.name).length, 0);
    return counters;
  }

  /** A global system variable's current value (SET GLOBAL changes it for new sessions). */
  globalVariable(name: string): SqlValue {
    return this.#services.globals.get(name);
  }

  /** The session with this connection id, if open (for the server's KILL handling). */
  sessionById(connectionId: number): Session | undefined {
    return this.#sessions.get(connectionId);
  }
}
