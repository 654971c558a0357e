/**
 * Prepared-statement payloads (MySQL "Prepared Statements" commands): COM_STMT_PREPARE's OK,
 * and the COM_STMT_EXECUTE, COM_STMT_SEND_LONG_DATA, COM_STMT_CLOSE and COM_STMT_RESET bodies.
 * Every decoder takes the payload AFTER the command byte.
 *
 * COM_STMT_EXECUTE layout: statement id u32, flags u8 (cursor type), iteration count u32; then,
 * when the statement has parameters: NULL bitmap ((n + 7) / 8 bytes, bit i = parameter i),
 * new-params-bound flag u8, [n × (type u8, flags u8 — 0x80 = unsigned)] when the flag is 1, and
 * each parameter's value in the binary protocol. A parameter that received SEND_LONG_DATA has
 * neither a NULL bit nor a value in the packet; its bytes come from the long-data store.
 * (CLIENT_QUERY_ATTRIBUTES is not advertised, so no parameter count precedes the bitmap.)
 *
 * Decoders throw MalformedPacketError for bad bytes and UnknownStatementError for an id the
 * connection does not hold. Decoded byte values are copies, safe to keep.
 */

import { assert } from "../util/assert.ts";
import { DbError } from "../util/errors.ts";
import { BufferReader, MalformedPacketError } from "./buffer-reader.ts";
import type { BufferWriter } from "./buffer-writer.ts";
import {
  MYSQL_TYPE_BIT,
  MYSQL_TYPE_BLOB,
  MYSQL_TYPE_DATE,
  MYSQL_TYPE_DATETIME,
  MYSQL_TYPE_DECIMAL,
  MYSQL_TYPE_DOUBLE,
  MYSQL_TYPE_ENUM,
  MYSQL_TYPE_FLOAT,
  MYSQL_TYPE_GEOMETRY,
  MYSQL_TYPE_INT24,
  MYSQL_TYPE_JSON,
  MYSQL_TYPE_LONG,
  MYSQL_TYPE_LONG_BLOB,
  MYSQL_TYPE_LONGLONG,
  MYSQL_TYPE_MEDIUM_BLOB,
  MYSQL_TYPE_NEWDATE,
  MYSQL_TYPE_NEWDECIMAL,
  MYSQL_TYPE_NULL,
  MYSQL_TYPE_SET,
  MYSQL_TYPE_SHORT,
  MYSQL_TYPE_STRING,
  MYSQL_TYPE_TIME,
  MYSQL_TYPE_TIMESTAMP,
  MYSQL_TYPE_TINY,
  MYSQL_TYPE_TINY_BLOB,
  MYSQL_TYPE_VAR_STRING,
  MYSQL_TYPE_VARCHAR,
  MYSQL_TYPE_YEAR,
} from "./column-type.ts";
import { decodeBinaryDateTime, decodeBinaryTime } from "./temporal-wire.ts";
import type { WireValue } from "./wire-value.ts";

/** A parameter's bound type: a MYSQL_TYPE_* code and the unsigned flag. */
export interface ParamType {
  readonly type: number;
  readonly unsigned: boolean;
}

export interface StmtExecute {
  readonly statementId: number;
  /** Cursor flags (CURSOR_TYPE_*); 0 for a plain execute. */
  readonly flags: number;
  readonly iterationCount: number;
  /** The types in force for this execution (sent now, or re-used from the previous one). */
  readonly paramTypes: readonly ParamType[];
  readonly values: readonly WireValue[];
}

export interface StmtSendLongData {
  readonly statementId: number;
  readonly paramId: number;
  /** A view into the payload; copy it to keep it. */
  readonly data: Uint8Array;
}

/** A statement id the connection does not hold (answered with ER_UNKNOWN_STMT_HANDLER). */
export class UnknownStatementError extends DbError {
  constructor(readonly statementId: number) {
    super(`unknown prepared statement handler (${statementId})`);
  }
}

const UNSIGNED_PARAM_FLAG = 0x80;

/** The COM_STMT_PREPARE_OK payload; parameter and column definitions follow it. */
export function encodeStmtPrepareOk(
  out: BufferWriter,
  p: { statementId: number; columnCount: number; paramCount: number; warningCount: number },
): void {
  assert(p.columnCount >= 0 && p.columnCount <= 0xffff, "column count is 2 bytes");
  assert(p.paramCount >= 0 && p.paramCount <= 0xffff, "parameter count is 2 bytes");
  out.u8(0x00);
  out.u32(p.statementId >>> 0);
  out.u16(p.columnCount);
  out.u16(p.paramCount);
  out.u8(0x00); // Reserved.
  out.u16(Math.min(p.warningCount, 0xffff));
}

/** Decodes a COM_STMT_EXECUTE body (after the 0x17 byte). */
export function decodeStmtExecute(
  payload: Uint8Array,
  paramCountOf: (statementId: number) => number | undefined,
  previous: (statementId: number) => readonly ParamType[] | undefined,
  longData: (statementId: number) => ReadonlyMap<number, Uint8Array> | undefined,
): StmtExecute {
  const r = new BufferReader(payload);
  const statementId = r.u32();
  const paramCount = paramCountOf(statementId);
  if (paramCount === undefined) throw new UnknownStatementError(statementId);
  const flags = r.u8();
  const iterationCount = r.u32();
  if (paramCount === 0) return { statementId, flags, iterationCount, paramTypes: [], values: [] };
  const nullBitmap = r.fixedBytes((paramCount + 7) >> 3);
  const newParamsBound = r.u8();
  let paramTypes: readonly ParamType[];
  if (newParamsBound === 1) {
    paramTypes = readParamTypes(r, paramCount);
  } else if (newParamsBound === 0) {
    const bound = previous(statementId);
    if (bound === undefined) {
      throw new MalformedPacketError(`statement ${statementId} executed before binding types`);
    }
    assert(bound.length === paramCount, "previously bound types match the parameter count");
    paramTypes = bound;
  } else {
    throw new MalformedPacketError(`invalid new-params-bound flag ${newParamsBound}`);
  }
  const long = longData(statementId);
  const values: WireValue[] = new Array<WireValue>(paramCount);
  for (let i = 0; i < paramCount; i++) {
    const fromLongData = long?.get(i);
    if (fromLongData !== undefined) values[i] = fromLongData;
    else if ((nullBitmap[i >> 3]! & (1 << (i & 7))) !== 0) values[i] = null;
    else values[i] = readParamValue(r, paramTypes[i]!);
  }
  return { statementId, flags, iterationCount, paramTypes, values };
}

function readParamTypes(r: BufferReader, paramCount: number): ParamType[] {
  const types: ParamType[] = new Array<ParamType>(paramCount);
  for (let i = 0; i < paramCount; i++) {
    const type = r.u8();
    const typeFlags = r.u8();
    if (!isKnownParamType(type)) throw new MalformedPacketError(`unknown parameter type ${type}`);
    types[i] = { type, unsigned: (typeFlags & UNSIGNED_PARAM_FLAG) !== 0 };
  }
  return types;
}

function isKnownParamType(type: number): boolean {
  return type <= MYSQL_TYPE_BIT || type >= MYSQL_TYPE_JSON;
}

/** One binary-protocol parameter value, by type. */
function readParamValue(r: BufferReader, p: ParamType): WireValue {
  switch (p.type) {
    case MYSQL_TYPE_TINY:
      return p.unsigned ? r.u8() : r.i8();
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_YEAR:
      return p.unsigned ? r.u16() : r.i16();
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_INT24:
      return p.unsigned ? r.u32() : r.i32();
    case MYSQL_TYPE_LONGLONG:
      return safeNumber(p.unsigned ? r.u64() : r.i64());
    case MYSQL_TYPE_FLOAT:
      return r.f32();
    case MYSQL_TYPE_DOUBLE:
      return r.f64();
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:
      return r.lenencString();
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE:
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_TIMESTAMP:
      return decodeBinaryDateTime(r, p.type === MYSQL_TYPE_DATE || p.type === MYSQL_TYPE_NEWDATE);
    case MYSQL_TYPE_TIME:
      return decodeBinaryTime(r);
    case MYSQL_TYPE_NULL:
      return null;
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_ENUM:
    case MYSQL_TYPE_SET:
    case MYSQL_TYPE_JSON:
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_BIT:
    case MYSQL_TYPE_GEOMETRY:
      return r.lenencBytes().slice();
    default:
      throw new MalformedPacketError(`unsupported parameter type ${p.type}`);
  }
}

const SAFE_INTEGER_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_INTEGER_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit integer as a number when that is exact, else as bigint. */
function safeNumber(value: bigint): number | bigint {
  return value >= SAFE_INTEGER_MIN && value <= SAFE_INTEGER_MAX ? Number(value) : value;
}

/** Decodes a COM_STMT_SEND_LONG_DATA body (after the 0x18 byte). */
export function decodeStmtSendLongData(payload: Uint8Array): StmtSendLongData {
  const r = new BufferReader(payload);
  const statementId = r.u32();
  const paramId = r.u16();
  return { statementId, paramId, data: r.restBytes() };
}

/** The statement id of a COM_STMT_CLOSE or COM_STMT_RESET body (after the command byte). */
export function decodeStmtId(payload: Uint8Array): number {
  return new BufferReader(payload).u32();
}
