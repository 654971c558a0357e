/**
 * Session: the state of one client connection inside the SQL engine — current database, the
 * open transaction, session system variables, user variables, the previous statement's
 * diagnostics (warnings, ROW_COUNT, FOUND_ROWS, LAST_INSERT_ID) and SQL-level prepared
 * statements. Only SqlEngine mutates it; the server reads the public getters.
 *
 * Invariant: `transaction` is set exactly while a transaction is open; with autocommit=1 and no
 * explicit BEGIN, statements open and close their own transaction and `inTransaction` stays
 * false between statements.
 */

import type { SavepointHandle, Transaction, IsolationLevel } from "./catalog/catalog.ts";
import type { SqlType } from "./types/sql-type.ts";
import type { SqlValue } from "./types/value.ts";
import { WarningList } from "./warnings.ts";
import type { GlobalVariables } from "./variables/global-variables.ts";
import { canonicalVariableName, getSystemVariableDefinition, listSystemVariables } from "./system-variables.ts";
import { parseSqlMode, type SqlModeFlags } from "./variables/sql-mode.ts";

/** Variables mirrored in typed Session fields (see #refreshSettings). */
const hotSettings = new Set([
  "div_precision_increment",
  "sql_select_limit",
  "innodb_lock_wait_timeout",
  "autocommit",
  "transaction_read_only",
  "collation_connection",
  "sql_mode",
  "transaction_isolation",
  "sql_notes",
  "max_error_count",
  "wait_timeout",
]);

export interface UserVariableValue {
  readonly value: SqlValue;
  readonly type: SqlType;
}

/** Characteristics set by `SET TRANSACTION` without a scope: they apply to the next one only. */
export interface NextTransactionCharacteristics {
  readonly isolation?: IsolationLevel;
  readonly readOnly?: boolean;
}

export class Session {
  readonly connectionId: number;
  readonly user: string;
  readonly host: string;
  database: string | undefined;

  readonly #variables = new Map<string, SqlValue>();
  readonly userVariables = new Map<string, UserVariableValue>();
  /** Diagnostics of the previous statement (SHOW WARNINGS). */
  warnings = new WarningList();
  lastInsertId: number | bigint = 0;
  /** Set when LAST_INSERT_ID(expr) ran in the current statement (its OK packet reports it). */
  lastInsertIdExplicit = false;
  /** ROW_COUNT(): affected rows of the previous DML, -1 after a result set, 0 after DDL. */
  rowCount = -1;
  /** FOUND_ROWS(): rows the previous SELECT returned (or would have without LIMIT). */
  foundRows = 0;
  transaction: Transaction | undefined = undefined;
  transactionReadOnly = false;
  readonly savepoints = new Map<string, SavepointHandle>();
  nextTransaction: NextTransactionCharacteristics = {};
  /** SQL-level PREPARE name → prepared statement (owned by SqlEngine; opaque here). */
  readonly sqlPrepared = new Map<string, unknown>();
  #sqlMode: SqlModeFlags;
  /**
   * Hot settings read on every statement, kept as typed fields so the hot path does no
   * variable-name lookups. Updated by setSessionVariable / reset.
   */
  divPrecisionIncrement = 4;
  sqlSelectLimit = Number.MAX_SAFE_INTEGER;
  lockWaitTimeoutMs = 50_000;
  /** transaction_isolation (read when every autocommit statement opens its transaction). */
  transactionIsolation: IsolationLevel = "REPEATABLE-READ";
  /** sql_notes and max_error_count, for each statement's fresh diagnostics area. */
  #sqlNotes = true;
  #maxErrorCount = 1024;
  /** wait_timeout as stored (the server re-arms the idle timer with it after every command). */
  waitTimeout: SqlValue = null;
  /** Bumped whenever a setting that plans depend on changes (collation, precision, sql_mode). */
  planSettingsVersion = 0;
  /** For SHOW PROCESSLIST. */
  command = "Sleep";
  currentStatement: string | null = null;
  stateSinceMs: number;
  killed = false;

  constructor(
    init: { connectionId: number; user: string; host: string; database: string | undefined },
    globals: GlobalVariables,
    nowMs: number,
  ) {
    this.connectionId = init.connectionId;
    this.user = init.user;
    this.host = init.host;
    this.database = init.database;
    for (const definition of listSystemVariables()) {
      if (definition.scope !== "global") this.#variables.set(definition.name, globals.get(definition.name));
    }
    this.#sqlMode = parseSqlMode(String(this.#variables.get("sql_mode") ?? ""));
    this.stateSinceMs = nowMs;
    this.#globals = globals;
    this.#refreshSettings();
  }

  #refreshSettings(): void {
    this.divPrecisionIncrement = Number(this.#variables.get("div_precision_increment") ?? 4);
    this.sqlSelectLimit = Number(this.#variables.get("sql_select_limit") ?? Number.MAX_SAFE_INTEGER);
    this.lockWaitTimeoutMs = Number(this.#variables.get("innodb_lock_wait_timeout") ?? 50) * 1000;
    this.#autocommit = this.#variables.get("autocommit") === 1;
    this.#defaultReadOnly = this.#variables.get("transaction_read_only") === 1;
    this.transactionIsolation = this.#variables.get("transaction_isolation") as IsolationLevel;
    this.#sqlNotes = this.#variables.get("sql_notes") === 1;
    this.#maxErrorCount = Number(this.#variables.get("max_error_count") ?? 1024);
    this.waitTimeout = this.#variables.get("wait_timeout") ?? null;
    this.planSettingsVersion++;
  }

  #autocommit = true;
  #defaultReadOnly = false;

  /** transaction_read_only: whether transactions start read-only by default. */
  get defaultReadOnly(): boolean {
    return this.#defaultReadOnly;
  }

  readonly #globals: GlobalVariables;

  get inTransaction(): boolean {
    return this.transaction !== undefined;
  }

  get autocommit(): boolean {
    return this.#autocommit;
  }

  get readOnlyTransaction(): boolean {
    return this.transaction !== undefined && this.transactionReadOnly;
  }

  get sqlMode(): SqlModeFlags {
    return this.#sqlMode;
  }

  /** character_set_results; null means "send as stored" (SET character_set_results = NULL). */
  get characterSetResults(): string | null {
    const value = this.#variables.get("character_set_results");
    return value === null || value === undefined ? null : String(value);
  }

  get collationConnection(): string {
    return String(this.#variables.get("collation_connection"));
  }

  /** Session value, falling back to global for global-only variables; null when unknown. */
  getSystemVariable(name: string): SqlValue {
    const canonical = canonicalVariableName(name);
    switch (canonical) {
      case "warning_count":
        return this.warnings.count;
      case "error_count":
        return this.warnings.errorCount;
      case "last_insert_id":
      case "identity":
        return this.lastInsertId;
    }
    const value = this.#variables.get(canonical);
    if (value !== undefined) return value;
    return getSystemVariableDefinition(canonical) === undefined ? null : this.#globals.get(canonical);
  }

  /** The GLOBAL value (SELECT @@global.x). */
  getGlobalVariable(name: string): SqlValue {
    return this.#globals.get(name);
  }

  /** Stores an already validated session value. */
  setSessionVariable(name: string, value: SqlValue): void {
    const canonical = canonicalVariableName(name);
    this.#variables.set(canonical, value);
    if (canonical === "transaction_isolation") this.#variables.set("tx_isolation", value);
    if (canonical === "transaction_read_only") this.#variables.set("tx_read_only", value);
    if (canonical === "sql_mode") this.#sqlMode = parseSqlMode(String(value));
    if (canonical === "sql_notes") this.warnings.notesEnabled = value === 1;
    if (canonical === "max_error_count") this.warnings.limit = Number(value);
    if (canonical === "last_insert_id" || canonical === "identity") {
      this.lastInsertId = typeof value === "bigint" ? value : Number(value);
    }
    if (hotSettings.has(canonical)) this.#refreshSettings();
  }

  /** Session-scope variables with their values (SHOW SESSION VARIABLES). */
  sessionVariables(): ReadonlyMap<string, SqlValue> {
    return this.#variables;
  }

  /** Starts a fresh diagnostics area for the next statement. */
  resetDiagnostics(): WarningList {
    const list = new WarningList();
    list.notesEnabled = this.#sqlNotes;
    list.limit = this.#maxErrorCount;
    return list;
  }

  /** Back to connect-time state (COM_RESET_CONNECTION); the caller has ended any transaction. */
  reset(): void {
    for (const definition of listSystemVariables()) {
      if (definition.scope !== "global") {
        this.#variables.set(definition.name, this.#globals.get(definition.name));
      }
    }
    this.#sqlMode = parseSqlMode(String(this.#variables.get("sql_mode") ?? ""));
    this.#refreshSettings();
    this.userVariables.clear();
    this.warnings = new WarningList();
    this.lastInsertId = 0;
    this.rowCount = -1;
    this.foundRows = 0;
    this.savepoints.clear();
    this.nextTransaction = {};
    this.sqlPrepared.clear();
  }
}
