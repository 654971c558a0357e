import { describe, expect, it } from "vitest";
import { MalformedPacketError } from "./buffer-reader.ts";
import { BufferWriter } from "./buffer-writer.ts";
import {
  MYSQL_TYPE_BLOB,
  MYSQL_TYPE_DATE,
  MYSQL_TYPE_DATETIME,
  MYSQL_TYPE_DOUBLE,
  MYSQL_TYPE_FLOAT,
  MYSQL_TYPE_INT24,
  MYSQL_TYPE_JSON,
  MYSQL_TYPE_LONG,
  MYSQL_TYPE_LONGLONG,
  MYSQL_TYPE_NEWDECIMAL,
  MYSQL_TYPE_NULL,
  MYSQL_TYPE_SHORT,
  MYSQL_TYPE_STRING,
  MYSQL_TYPE_TIME,
  MYSQL_TYPE_TIMESTAMP,
  MYSQL_TYPE_TINY,
  MYSQL_TYPE_VARCHAR,
  MYSQL_TYPE_YEAR,
} from "./column-type.ts";
import { fromHex, toHex } from "./packet-test-util.ts";
import {
  decodeStmtExecute,
  decodeStmtId,
  decodeStmtSendLongData,
  encodeStmtPrepareOk,
  type ParamType,
  UnknownStatementError,
} from "./prepared-statement.ts";

const none = (): undefined => undefined;

function decode(
  payload: Uint8Array,
  paramCount: number,
  previous?: readonly ParamType[],
  longData?: ReadonlyMap<number, Uint8Array>,
) {
  return decodeStmtExecute(
    payload,
    (id) => (id === 1 ? paramCount : undefined),
    () => previous,
    () => longData,
  );
}

/** Builds an execute body for statement 1 with new types bound; `write` appends the values. */
function executeBody(
  types: readonly ParamType[],
  nullBitmap: number[],
  write: (out: BufferWriter) => void,
): Uint8Array {
  const out = new BufferWriter();
  out.u32(1);
  out.u8(0);
  out.u32(1);
  for (const byte of nullBitmap) out.u8(byte);
  out.u8(1);
  for (const t of types) {
    out.u8(t.type);
    out.u8(t.unsigned ? 0x80 : 0);
  }
  write(out);
  return out.finish().slice();
}

const signed = (type: number): ParamType => ({ type, unsigned: false });
const unsigned = (type: number): ParamType => ({ type, unsigned: true });

describe("COM_STMT_PREPARE OK", () => {
  it("matches the documented example", () => {
    // MySQL docs, COM_STMT_PREPARE_OK example: 0c 00 00 01 00 01 00 00 00 01 00 02 00 00 00 00.
    const out = new BufferWriter();
    encodeStmtPrepareOk(out, { statementId: 1, columnCount: 1, paramCount: 2, warningCount: 0 });
    expect(toHex(out.finish())).toBe("000100000001000200000000");
  });
});

describe("decodeStmtExecute", () => {
  it("decodes the documented example", () => {
    // MySQL docs, COM_STMT_EXECUTE example: 12 00 00 00 17 01 00 00 00 00 01 00 00 00 00 01
    // 0f 00 03 66 6f 6f (statement 1, one VARCHAR parameter "foo").
    const e = decode(fromHex("01000000 00 01000000 00 01 0f00 03666f6f"), 1);
    expect(e.statementId).toBe(1);
    expect(e.flags).toBe(0);
    expect(e.iterationCount).toBe(1);
    expect(e.paramTypes).toEqual([signed(MYSQL_TYPE_VARCHAR)]);
    expect(e.values).toEqual([new TextEncoder().encode("foo")]);
  });

  it("decodes integers of every width and sign", () => {
    const types = [
      signed(MYSQL_TYPE_TINY),
      unsigned(MYSQL_TYPE_TINY),
      signed(MYSQL_TYPE_SHORT),
      unsigned(MYSQL_TYPE_YEAR),
      signed(MYSQL_TYPE_LONG),
      unsigned(MYSQL_TYPE_INT24),
      signed(MYSQL_TYPE_LONGLONG),
      unsigned(MYSQL_TYPE_LONGLONG),
      signed(MYSQL_TYPE_LONGLONG),
    ];
    const body = executeBody(types, [0, 0], (out) => {
      out.u8(0xff);
      out.u8(0xff);
      out.u16(0x8000);
      out.u16(2024);
      out.u32(0xffffffff);
      out.u32(0xffffffff);
      out.i64(-5);
      out.u64(2n ** 64n - 1n);
      out.i64(-(2n ** 63n));
    });
    expect(decode(body, types.length).values).toEqual([
      -1,
      255,
      -32768,
      2024,
      -1,
      4294967295,
      -5,
      2n ** 64n - 1n,
      -(2n ** 63n),
    ]);
  });

  it("decodes floats, decimals, temporals, NULL type and byte types", () => {
    const types = [
      signed(MYSQL_TYPE_FLOAT),
      signed(MYSQL_TYPE_DOUBLE),
      signed(MYSQL_TYPE_NEWDECIMAL),
      signed(MYSQL_TYPE_DATE),
      signed(MYSQL_TYPE_DATETIME),
      signed(MYSQL_TYPE_TIMESTAMP),
      signed(MYSQL_TYPE_TIME),
      signed(MYSQL_TYPE_NULL),
      signed(MYSQL_TYPE_BLOB),
      signed(MYSQL_TYPE_JSON),
      signed(MYSQL_TYPE_TIME),
      signed(MYSQL_TYPE_DATETIME),
    ];
    const body = executeBody(types, [0, 0], (out) => {
      out.f32(10.5);
      out.f64(10.2);
      out.lenencString("-12.345");
      out.bytes(fromHex("04da070a11"));
      out.bytes(fromHex("0bda070a11131b1e01000000"));
      out.bytes(fromHex("07da070a11131b1e"));
      out.bytes(fromHex("0c0178000000131b1e01000000"));
      out.lenencBytes(Uint8Array.of(0, 1, 255));
      out.lenencString('{"a":1}');
      out.u8(0);
      out.u8(0);
    });
    const values = decode(body, types.length).values;
    expect(values).toEqual([
      10.5,
      10.2,
      "-12.345",
      "2010-10-17",
      "2010-10-17 19:27:30.000001",
      "2010-10-17 19:27:30",
      "-2899:27:30.000001",
      null,
      Uint8Array.of(0, 1, 255),
      new TextEncoder().encode('{"a":1}'),
      "00:00:00",
      "0000-00-00 00:00:00",
    ]);
  });

  it("decodes a DATETIME with a time zone displacement (length 13)", () => {
    const types = [signed(MYSQL_TYPE_DATETIME), signed(MYSQL_TYPE_DATETIME)];
    const body = executeBody(types, [0], (out) => {
      out.bytes(fromHex("0d e807 01 02 03 04 05 00000000 4a01"));
      out.bytes(fromHex("0d e807 01 02 03 04 05 01000000 c4ff"));
    });
    expect(decode(body, 2).values).toEqual([
      "2024-01-02 03:04:05+05:30",
      "2024-01-02 03:04:05.000001-01:00",
    ]);
  });

  it("honours the NULL bitmap", () => {
    const types = Array.from({ length: 10 }, () => signed(MYSQL_TYPE_TINY));
    // Parameters 0, 3 and 9 are NULL: bits 0 and 3 of byte 0, bit 1 of byte 1.
    const body = executeBody(types, [0b1001, 0b10], (out) => {
      for (let i = 1; i <= 7; i++) out.u8(i);
    });
    expect(decode(body, 10).values).toEqual([null, 1, 2, null, 3, 4, 5, 6, 7, null]);
  });

  it("re-uses the previous types when new-params-bound is 0", () => {
    const previous = [unsigned(MYSQL_TYPE_SHORT), signed(MYSQL_TYPE_STRING)];
    const body = fromHex("01000000 00 01000000 00 00 ffff 026869");
    const e = decode(body, 2, previous);
    expect(e.paramTypes).toBe(previous);
    expect(e.values).toEqual([65535, new TextEncoder().encode("hi")]);
    expect(() => decode(body, 2, undefined)).toThrow(MalformedPacketError);
  });

  it("takes long-data parameters from the store, not the packet", () => {
    const types = [signed(MYSQL_TYPE_BLOB), signed(MYSQL_TYPE_TINY), signed(MYSQL_TYPE_BLOB)];
    const body = executeBody(types, [0b001], (out) => out.u8(42));
    const long = new Map([
      [0, Uint8Array.of(9, 9)],
      [2, Uint8Array.of(7)],
    ]);
    expect(decode(body, 3, undefined, long).values).toEqual([
      Uint8Array.of(9, 9),
      42,
      Uint8Array.of(7),
    ]);
  });

  it("copies byte values out of the packet", () => {
    const body = fromHex("01000000 00 01000000 00 01 fc00 02aabb");
    const value = decode(body, 1).values[0] as Uint8Array;
    body.fill(0);
    expect(toHex(value)).toBe("aabb");
  });

  it("needs no bitmap when there are no parameters", () => {
    expect(decode(fromHex("01000000 00 01000000"), 0).values).toEqual([]);
  });

  it("throws UnknownStatementError with the id", () => {
    try {
      decode(fromHex("07000000 00 01000000"), 0);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownStatementError);
      expect((error as UnknownStatementError).statementId).toBe(7);
    }
  });

  it("throws MalformedPacketError on bad packets", () => {
    expect(() => decode(fromHex("010000"), 1)).toThrow(MalformedPacketError);
    expect(() => decode(fromHex("01000000 00 01000000 00 01 0300 0102"), 1)).toThrow(
      MalformedPacketError,
    );
    expect(() => decode(fromHex("01000000 00 01000000 00 01 1100 00"), 1)).toThrow(
      MalformedPacketError,
    );
    expect(() => decode(fromHex("01000000 00 01000000 00 02"), 1)).toThrow(MalformedPacketError);
    expect(() => decode(fromHex("01000000 00 01000000 00 01 0c00 05"), 1)).toThrow(
      MalformedPacketError,
    );
    expect(() => decode(fromHex("01000000 00 01000000 00 01 0b00 08"), 1)).toThrow(
      MalformedPacketError,
    );
  });
});

describe("other statement commands", () => {
  it("decodes SEND_LONG_DATA, CLOSE and RESET bodies", () => {
    expect(decodeStmtSendLongData(fromHex("05000000 0200 616263"))).toEqual({
      statementId: 5,
      paramId: 2,
      data: new TextEncoder().encode("abc"),
    });
    expect(decodeStmtId(fromHex("2a000000"))).toBe(42);
    expect(() => decodeStmtId(fromHex("2a00"))).toThrow(MalformedPacketError);
    expect(() => decodeStmtSendLongData(fromHex("05000000 02"))).toThrow(MalformedPacketError);
  });
});
