/**
 * The prepared statements of one connection: id → the engine's parsed statement, the parameter
 * types last bound (COM_STMT_EXECUTE may omit them), long data sent with SEND_LONG_DATA, and the
 * encoded column metadata (computed once).
 */

import type { ParamType } from "../protocol/prepared-statement.ts";
import type { PreparedStatement } from "../sql/sql-engine.ts";
import { preparedStatementsPerConnectionMax } from "../constants.ts";
import { concatBytes } from "../util/bytes.ts";
import { LimitError } from "../util/errors.ts";
import type { WireColumns } from "./response-writer.ts";

export interface PreparedEntry {
  readonly id: number;
  readonly statement: PreparedStatement;
  paramTypes: readonly ParamType[] | undefined;
  /** Chunks per parameter index sent with COM_STMT_SEND_LONG_DATA since the last execute. */
  readonly longData: Map<number, Uint8Array[]>;
  wireColumns: WireColumns | undefined;
}

export class PreparedStatements {
  readonly #entries = new Map<number, PreparedEntry>();
  #nextId = 1;

  add(statement: PreparedStatement): PreparedEntry {
    if (this.#entries.size >= preparedStatementsPerConnectionMax) {
      throw new LimitError(
        "preparedStatementsPerConnectionMax",
        preparedStatementsPerConnectionMax,
        "too many prepared statements on this connection",
      );
    }
    const entry: PreparedEntry = {
      id: this.#nextId++,
      statement,
      paramTypes: undefined,
      longData: new Map(),
      wireColumns: undefined,
    };
    this.#entries.set(entry.id, entry);
    return entry;
  }

  get(id: number): PreparedEntry | undefined {
    return this.#entries.get(id);
  }

  delete(id: number): void {
    this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** Joined long data per parameter, for the decoder. */
  longDataOf(id: number): ReadonlyMap<number, Uint8Array> | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.longData.size === 0) return undefined;
    const joined = new Map<number, Uint8Array>();
    for (const [param, chunks] of entry.longData) {
      // One chunk (the common case) is already a private copy; only several need joining.
      joined.set(param, chunks.length === 1 ? chunks[0]! : concatBytes(chunks));
    }
    return joined;
  }
}
