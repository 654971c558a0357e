/**
 * Turns the engine's StatementResults into response packets for one command: OK, ERR or a
 * result set (text protocol for COM_QUERY, binary for COM_STMT_EXECUTE), setting
 * SERVER_MORE_RESULTS_EXISTS on every result but the last, and the session's status flags.
 *
 * Column metadata in wire form is cached per columns array (the engine reuses one array per
 * prepared plan), so a point select does not rebuild its column definitions.
 */

import {
  SERVER_MORE_RESULTS_EXISTS,
  SERVER_STATUS_AUTOCOMMIT,
  SERVER_STATUS_IN_TRANS,
  SERVER_STATUS_IN_TRANS_READONLY,
  SERVER_STATUS_NO_BACKSLASH_ESCAPES,
} from "../protocol/status-flags.ts";
import { CLIENT_FOUND_ROWS } from "../protocol/capability-flags.ts";
import type { ResultColumn, StatementResult } from "../sql/statement-result.ts";
import { defaultCollationForCharset, getCollation } from "../sql/types/collation.ts";
import type { Connection } from "./connection.ts";
import type { PreparedEntry } from "./prepared-statements.ts";
import { toWireColumns, type WireColumns } from "./response-writer.ts";

interface CachedWireColumns {
  readonly collationId: number | undefined;
  readonly wire: WireColumns;
}

export class ResultEmitter {
  readonly #cache = new WeakMap<readonly ResultColumn[], CachedWireColumns>();

  /** CLIENT_FOUND_ROWS: UPDATE reports matched rather than changed rows. */
  readonly #foundRows: boolean;

  constructor(private readonly connection: Connection) {
    this.#foundRows = (connection.capabilities & CLIENT_FOUND_ROWS) !== 0;
  }

  statusFlags(): number {
    const session = this.connection.session;
    if (session === undefined) return SERVER_STATUS_AUTOCOMMIT;
    let flags = 0;
    if (session.autocommit) flags |= SERVER_STATUS_AUTOCOMMIT;
    if (session.inTransaction) flags |= SERVER_STATUS_IN_TRANS;
    if (session.readOnlyTransaction) flags |= SERVER_STATUS_IN_TRANS_READONLY;
    if (session.sqlMode.noBackslashEscapes) flags |= SERVER_STATUS_NO_BACKSLASH_ESCAPES;
    return flags;
  }

  ok(): void {
    this.connection.writer.ok({
      affectedRows: 0,
      lastInsertId: 0,
      statusFlags: this.statusFlags(),
      warnings: 0,
    });
  }

  results(results: readonly StatementResult[], binary: boolean, entry?: PreparedEntry): void {
    for (let i = 0; i < results.length; i++) {
      this.#emit(results[i]!, binary, i < results.length - 1 ? SERVER_MORE_RESULTS_EXISTS : 0, entry);
    }
  }

  /** One result, the last of its command (COM_STMT_EXECUTE: no array per execute). */
  result(result: StatementResult, binary: boolean, entry?: PreparedEntry): void {
    this.#emit(result, binary, 0, entry);
  }

  #emit(result: StatementResult, binary: boolean, more: number, entry: PreparedEntry | undefined): void {
    const writer = this.connection.writer;
    switch (result.kind) {
      case "error":
        this.connection.sendSqlError(result.error);
        break;
      case "ok":
        writer.ok({
          affectedRows:
            this.#foundRows && result.matchedRows !== undefined ? result.matchedRows : result.affectedRows,
          lastInsertId: result.lastInsertId,
          statusFlags: this.statusFlags() | more,
          warnings: result.warningCount,
          info: result.info,
        });
        break;
      case "rows": {
        const wire =
          entry?.wireColumns !== undefined && entry.statement.info.columns === result.columns
            ? entry.wireColumns
            : this.wireColumns(result.columns);
        writer.resultSet({
          columns: result.columns,
          wire,
          rows: result.rows,
          binary,
          statusFlags: this.statusFlags() | more,
          warnings: result.warningCount,
        });
        break;
      }
    }
  }

  wireColumns(columns: readonly ResultColumn[]): WireColumns {
    const collation = this.#resultsCollation();
    const cached = this.#cache.get(columns);
    if (cached !== undefined && cached.collationId === collation?.id) return cached.wire;
    const wire = toWireColumns(columns, collation);
    this.#cache.set(columns, { collationId: collation?.id, wire });
    return wire;
  }

  /** The collation string columns are sent in: character_set_results, or as stored when NULL. */
  #resultsCollation(): { readonly id: number; readonly name: string } | undefined {
    const session = this.connection.session;
    if (session === undefined) return undefined;
    const charset = session.characterSetResults;
    if (charset === null) return undefined;
    // The handshake's collation wins when it belongs to the results charset (MySQL keeps the
    // client's collation there, e.g. 45 utf8mb4_general_ci for sysbench).
    const connectionCollation = getCollation(session.collationConnection);
    if (connectionCollation !== undefined && connectionCollation.charset === charset) {
      return connectionCollation;
    }
    return defaultCollationForCharset(charset);
  }
}
