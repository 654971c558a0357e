/**
 * One method per MySQL command (as go-mysql-server's server/handler.go): decodes the command's
 * payload, calls the SQL engine, and writes the response through the connection's
 * ResponseWriter. `dispatch` returns false when the connection must close (COM_QUIT).
 *
 * Responses follow MySQL: COM_STMT_CLOSE and COM_STMT_SEND_LONG_DATA send nothing;
 * COM_STATISTICS sends a bare string; COM_SET_OPTION answers with EOF.
 */

import {
  COM_CHANGE_USER,
  COM_FIELD_LIST,
  COM_INIT_DB,
  COM_PING,
  COM_PROCESS_KILL,
  COM_QUERY,
  COM_QUIT,
  COM_RESET_CONNECTION,
  COM_SET_OPTION,
  COM_STATISTICS,
  COM_STMT_CLOSE,
  COM_STMT_EXECUTE,
  COM_STMT_FETCH,
  COM_STMT_PREPARE,
  COM_STMT_RESET,
  COM_STMT_SEND_LONG_DATA,
} from "../protocol/command.ts";
import { CLIENT_MULTI_STATEMENTS, CLIENT_PLUGIN_AUTH } from "../protocol/capability-flags.ts";
import { BufferReader, decodeUtf8Strict } from "../protocol/buffer-reader.ts";
import { decodeChangeUser } from "../protocol/handshake.ts";
import {
  decodeStmtExecute,
  decodeStmtId,
  decodeStmtSendLongData,
  encodeStmtPrepareOk,
  UnknownStatementError,
  type ParamType,
} from "../protocol/prepared-statement.ts";
import { MYSQL_TYPE_VAR_STRING } from "../protocol/column-type.ts";
import type { Session } from "../sql/session.ts";
import { sqlError } from "../sql/sql-error.ts";
import type { StatementResult } from "../sql/statement-result.ts";
import type { SqlValue } from "../sql/types/value.ts";
import {
  ER_INVALID_CHARACTER_STRING,
  ER_UNKNOWN_COM_ERROR,
  ER_UNKNOWN_STMT_HANDLER,
} from "../util/mysql-errors.ts";
import { assert } from "../util/assert.ts";
import type { Connection } from "./connection.ts";
import { PreparedStatements, type PreparedEntry } from "./prepared-statements.ts";
import { ResultEmitter } from "./result-emitter.ts";
import { wireValueToSqlValue } from "./wire-values.ts";
import { serverStatusLine } from "./server-status-line.ts";

export class CommandHandler {
  readonly #prepared = new PreparedStatements();
  readonly #emitter: ResultEmitter;
  /** COM_SET_OPTION can turn multi-statements on and off after the handshake. */
  #multiStatements: boolean;

  constructor(private readonly connection: Connection) {
    this.#emitter = new ResultEmitter(connection);
    this.#multiStatements = (connection.capabilities & CLIENT_MULTI_STATEMENTS) !== 0;
  }

  get #session(): Session {
    const session = this.connection.session;
    assert(session !== undefined, "command phase without a session");
    return session;
  }

  async dispatch(payload: Uint8Array): Promise<boolean> {
    if (payload.length === 0) {
      this.connection.sendSqlError(sqlError(ER_UNKNOWN_COM_ERROR));
      return true;
    }
    const command = payload[0]!;
    const body = payload.subarray(1);
    switch (command) {
      case COM_QUERY:
        await this.comQuery(body);
        return true;
      case COM_STMT_EXECUTE:
        await this.comStmtExecute(body);
        return true;
      case COM_STMT_PREPARE:
        this.comStmtPrepare(body);
        return true;
      case COM_STMT_CLOSE:
        this.#prepared.delete(decodeStmtId(body));
        return true;
      case COM_STMT_RESET:
        this.comStmtReset(body);
        return true;
      case COM_STMT_SEND_LONG_DATA:
        this.comStmtSendLongData(body);
        return true;
      case COM_PING:
        this.#emitter.ok();
        return true;
      case COM_QUIT:
        return false;
      case COM_INIT_DB:
        this.comInitDb(body);
        return true;
      case COM_FIELD_LIST:
        this.comFieldList(body);
        return true;
      case COM_STATISTICS:
        this.comStatistics();
        return true;
      case COM_SET_OPTION:
        this.comSetOption(body);
        return true;
      case COM_RESET_CONNECTION:
        await this.comResetConnection();
        return true;
      case COM_CHANGE_USER:
        return this.comChangeUser(body);
      case COM_PROCESS_KILL:
        await this.comProcessKill(body);
        return true;
      case COM_STMT_FETCH:
      default:
        this.connection.sendSqlError(sqlError(ER_UNKNOWN_COM_ERROR));
        return true;
    }
  }

  async comQuery(body: Uint8Array): Promise<void> {
    const text = decodeUtf8Strict(body);
    if (text === undefined) {
      this.connection.sendSqlError(sqlError(ER_INVALID_CHARACTER_STRING, "utf8mb4", hexPrefix(body)));
      return;
    }
    const results = await this.connection.context.engine.query(this.#session, text, this.#multiStatements);
    this.#emitter.results(results, false);
  }

  comStmtPrepare(body: Uint8Array): void {
    const text = decodeUtf8Strict(body);
    if (text === undefined) {
      this.connection.sendSqlError(sqlError(ER_INVALID_CHARACTER_STRING, "utf8mb4", hexPrefix(body)));
      return;
    }
    const statement = this.connection.context.engine.prepare(this.#session, text);
    const entry = this.#prepared.add(statement);
    const { paramCount, columns } = statement.info;
    const writer = this.connection.writer;
    writer.raw((out) =>
      encodeStmtPrepareOk(out, { statementId: entry.id, columnCount: columns.length, paramCount, warningCount: 0 }),
    );
    if (paramCount > 0) {
      writer.columnDefinitions(Array.from({ length: paramCount }, () => parameterDefinition));
      if (!writer.deprecateEof) writer.eof(0, this.#emitter.statusFlags());
    }
    if (columns.length > 0) {
      entry.wireColumns = this.#emitter.wireColumns(columns);
      writer.columnDefinitions(entry.wireColumns.definitions);
      if (!writer.deprecateEof) writer.eof(0, this.#emitter.statusFlags());
    }
  }

  // The decoder's look-ups, made once per connection rather than once per execute.
  readonly #paramCountOf = (id: number): number | undefined => this.#prepared.get(id)?.statement.info.paramCount;
  readonly #boundTypesOf = (id: number): readonly ParamType[] | undefined => this.#prepared.get(id)?.paramTypes;
  readonly #longDataOf = (id: number): ReadonlyMap<number, Uint8Array> | undefined => this.#prepared.longDataOf(id);

  async comStmtExecute(body: Uint8Array): Promise<void> {
    let decoded;
    try {
      decoded = decodeStmtExecute(body, this.#paramCountOf, this.#boundTypesOf, this.#longDataOf);
    } catch (error) {
      if (!(error instanceof UnknownStatementError)) throw error;
      this.connection.sendSqlError(sqlError(ER_UNKNOWN_STMT_HANDLER, String(error.statementId), "mysqld_stmt_execute"));
      return;
    }
    const entry = this.#prepared.get(decoded.statementId);
    assert(entry !== undefined, "decoder accepted an unknown statement id");
    entry.paramTypes = decoded.paramTypes;
    if (entry.longData.size > 0) entry.longData.clear();
    const values = decoded.values;
    const types = decoded.paramTypes;
    const params = new Array<SqlValue>(values.length);
    for (let index = 0; index < values.length; index++) {
      params[index] = wireValueToSqlValue(values[index]!, types[index]?.type ?? MYSQL_TYPE_VAR_STRING);
    }
    const result = await this.connection.context.engine.execute(this.#session, entry.statement, params);
    this.#emitter.result(result, true, entry);
  }

  comStmtReset(body: Uint8Array): void {
    const entry = this.#prepared.get(decodeStmtId(body));
    if (entry === undefined) {
      this.connection.sendSqlError(sqlError(ER_UNKNOWN_STMT_HANDLER, String(decodeStmtId(body)), "mysqld_stmt_reset"));
      return;
    }
    entry.longData.clear();
    this.#emitter.ok();
  }

  comStmtSendLongData(body: Uint8Array): void {
    const { statementId, paramId, data } = decodeStmtSendLongData(body);
    const entry = this.#prepared.get(statementId);
    // MySQL sends no response to SEND_LONG_DATA, not even for an unknown statement; the error
    // surfaces at the next COM_STMT_EXECUTE.
    if (entry === undefined || paramId >= entry.statement.info.paramCount) return;
    const chunks = entry.longData.get(paramId);
    if (chunks === undefined) entry.longData.set(paramId, [data.slice()]);
    else chunks.push(data.slice());
  }

  comInitDb(body: Uint8Array): void {
    const name = new BufferReader(body).restString();
    this.connection.context.engine.useDatabase(this.#session, name);
    this.#emitter.ok();
  }

  comFieldList(body: Uint8Array): void {
    const reader = new BufferReader(body);
    const table = reader.nulString();
    const wildcard = reader.restString();
    const columns = this.connection.context.engine.fieldList(this.#session, table, wildcard);
    const wire = this.#emitter.wireColumns(columns);
    this.connection.writer.columnDefinitions(wire.definitions, true);
    this.connection.writer.endOfRows(0, this.#emitter.statusFlags());
  }

  comStatistics(): void {
    const line = serverStatusLine(this.connection.context);
    this.connection.writer.raw((out) => out.string(line));
  }

  comSetOption(body: Uint8Array): void {
    const option = new BufferReader(body).u16();
    if (option !== 0 && option !== 1) {
      this.connection.sendSqlError(sqlError(ER_UNKNOWN_COM_ERROR));
      return;
    }
    this.#multiStatements = option === 0;
    this.connection.writer.eof(0, this.#emitter.statusFlags());
  }

  async comResetConnection(): Promise<void> {
    this.#prepared.clear();
    await this.connection.context.engine.resetSession(this.#session);
    this.#emitter.ok();
  }

  async comChangeUser(body: Uint8Array): Promise<boolean> {
    const request = decodeChangeUser(body, this.connection.capabilities);
    this.#prepared.clear();
    const plugin = (this.connection.capabilities & CLIENT_PLUGIN_AUTH) !== 0 ? request.authPluginName : undefined;
    return this.connection.changeUser({
      user: request.username,
      authResponse: request.authResponse,
      clientPlugin: plugin,
      database: request.database,
      collationId: request.characterSet ?? 255,
    });
  }

  async comProcessKill(body: Uint8Array): Promise<void> {
    const id = new BufferReader(body).u32();
    const results: StatementResult[] = await this.connection.context.engine.query(this.#session, `KILL ${id}`, false);
    this.#emitter.results(results, false);
  }
}

/** MySQL describes each `?` of a prepared statement as an untyped VAR_STRING column. */
const parameterDefinition = {
  schema: "",
  table: "",
  orgTable: "",
  name: "?",
  orgName: "",
  characterSet: 63,
  columnLength: 0,
  columnType: MYSQL_TYPE_VAR_STRING,
  flags: 128,
  decimals: 0,
} as const;

function hexPrefix(bytes: Uint8Array): string {
  const shown = bytes.subarray(0, 16);
  let text = "\\x";
  for (const byte of shown) text += byte.toString(16).toUpperCase().padStart(2, "0");
  return text;
}
