/**
 * Writes one command's response packets (OK, ERR, EOF, result sets in the text or binary
 * protocol) into the connection's output buffer, numbering packets with the command's sequence
 * ids. Rows are encoded straight into the output buffer: no per-row packet objects.
 *
 * Invariant: `sequenceId` is the id of the next packet to write; every write advances it.
 */

import { CLIENT_DEPRECATE_EOF } from "../protocol/capability-flags.ts";
import { BufferWriter } from "../protocol/buffer-writer.ts";
import { PacketBuilder } from "../protocol/packet-writer.ts";
import { encodeErr, encodeEof, encodeOk } from "../protocol/response-packets.ts";
import {
  encodeBinaryRow,
  encodeColumnCount,
  encodeColumnDefinition,
  encodeTextRow,
  type ColumnDefinition,
} from "../protocol/result-set.ts";
import type { ResultColumn } from "../sql/statement-result.ts";
import { renderValueText } from "../sql/types/render-value.ts";
import type { SqlValue } from "../sql/types/value.ts";
import { toColumnDefinition, wireType } from "./column-definition.ts";

export interface OkFields {
  readonly affectedRows: number | bigint;
  readonly lastInsertId: number | bigint;
  readonly statusFlags: number;
  readonly warnings: number;
  readonly info?: string;
}

export class ResponseWriter {
  sequenceId = 0;
  readonly #builder = new PacketBuilder();

  constructor(
    readonly out: BufferWriter,
    private readonly clientCapabilities: number,
  ) {}

  get deprecateEof(): boolean {
    return (this.clientCapabilities & CLIENT_DEPRECATE_EOF) !== 0;
  }

  /** Starts a payload in place; the caller writes into `out`, then calls `#end`. */
  #begin(): BufferWriter {
    this.#builder.begin(this.out);
    return this.out;
  }

  #end(): void {
    this.sequenceId = this.#builder.end(this.sequenceId);
  }

  ok(fields: OkFields): void {
    // OkFields has no header, so encodeOk writes 0x00 (no spread copy per OK).
    encodeOk(this.#begin(), fields);
    this.#end();
  }

  error(code: number, sqlState: string, message: string): void {
    encodeErr(this.#begin(), code, sqlState, message);
    this.#end();
  }

  /** The end of a result set or column list: EOF, or the 0xFE OK under DEPRECATE_EOF. */
  endOfRows(warnings: number, statusFlags: number): void {
    if (this.deprecateEof) {
      encodeOk(this.#begin(), { affectedRows: 0, lastInsertId: 0, statusFlags, warnings, header: 0xfe });
    } else {
      encodeEof(this.#begin(), warnings, statusFlags);
    }
    this.#end();
  }

  /** A classic EOF packet regardless of DEPRECATE_EOF (COM_SET_OPTION, auth-phase uses). */
  eof(warnings: number, statusFlags: number): void {
    encodeEof(this.#begin(), warnings, statusFlags);
    this.#end();
  }

  /** A raw payload (COM_STATISTICS, auth packets built elsewhere). */
  raw(write: (out: BufferWriter) => void): void {
    write(this.#begin());
    this.#end();
  }

  columnDefinitions(definitions: readonly ColumnDefinition[], withDefault = false): void {
    for (const definition of definitions) {
      encodeColumnDefinition(this.#begin(), definition, withDefault);
      this.#end();
    }
  }

  /** A whole result set: column count, definitions, [EOF], rows, EOF/OK. */
  resultSet(set: ResultSetOutput): void {
    encodeColumnCount(this.#begin(), set.wire.definitions.length);
    this.#end();
    // Definitions were encoded once per column list (toWireColumns): copy their bytes.
    for (const payload of set.wire.definitionPayloads) {
      this.#begin().bytes(payload);
      this.#end();
    }
    if (!this.deprecateEof) this.eof(0, set.statusFlags);
    if (set.binary) this.#binaryRows(set);
    else this.#textRows(set);
    this.endOfRows(set.warnings, set.statusFlags);
  }

  #textRows(set: ResultSetOutput): void {
    const { columns, rows } = set;
    const width = columns.length;
    const rendered: (string | Uint8Array | null)[] = new Array<string | Uint8Array | null>(width);
    for (const row of rows) {
      for (let i = 0; i < width; i++) rendered[i] = renderValueText(row[i] ?? null, columns[i]!.type);
      encodeTextRow(this.#begin(), rendered);
      this.#end();
    }
  }

  #binaryRows(set: ResultSetOutput): void {
    const { wireTypes: types, unsignedFlags: unsigned } = set.wire;
    for (const row of set.rows) {
      encodeBinaryRow(this.#begin(), row, types, unsigned);
      this.#end();
    }
  }
}

export interface ResultSetOutput {
  readonly columns: readonly ResultColumn[];
  readonly wire: WireColumns;
  readonly rows: readonly (readonly SqlValue[])[];
  readonly binary: boolean;
  readonly statusFlags: number;
  readonly warnings: number;
}

/** Column metadata in wire form, computed once per distinct column list. */
export interface WireColumns {
  readonly definitions: readonly ColumnDefinition[];
  /** Each definition's encoded payload (result sets: no default value field). */
  readonly definitionPayloads: readonly Uint8Array[];
  readonly wireTypes: readonly number[];
  readonly unsignedFlags: readonly boolean[];
}

export function toWireColumns(
  columns: readonly ResultColumn[],
  resultsCollation: { readonly id: number; readonly name: string } | undefined,
): WireColumns {
  const definitions = columns.map((column) => toColumnDefinition(column, resultsCollation));
  const scratch = new BufferWriter(256);
  const definitionPayloads = definitions.map((definition) => {
    scratch.reset();
    encodeColumnDefinition(scratch, definition, false);
    return scratch.finish().slice();
  });
  return {
    definitions,
    definitionPayloads,
    wireTypes: columns.map((column) => wireType(column.type.kind)),
    unsignedFlags: columns.map((column) => column.type.unsigned === true),
  };
}
