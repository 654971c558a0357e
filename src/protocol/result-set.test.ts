import { describe, expect, it } from "vitest";
import { BufferWriter } from "./buffer-writer.ts";
import {
  MYSQL_TYPE_DATE,
  MYSQL_TYPE_DATETIME,
  MYSQL_TYPE_DOUBLE,
  MYSQL_TYPE_FLOAT,
  MYSQL_TYPE_LONG,
  MYSQL_TYPE_LONGLONG,
  MYSQL_TYPE_NEWDECIMAL,
  MYSQL_TYPE_SHORT,
  MYSQL_TYPE_TIME,
  MYSQL_TYPE_TIMESTAMP,
  MYSQL_TYPE_TINY,
  MYSQL_TYPE_VAR_STRING,
  MYSQL_TYPE_YEAR,
} from "./column-type.ts";
import { PacketBuilder } from "./packet-writer.ts";
import {
  type ColumnDefinition,
  encodeBinaryRow,
  encodeColumnCount,
  encodeColumnDefinition,
  encodeTextRow,
  formatNumber,
} from "./result-set.ts";
import { toHex } from "./packet-test-util.ts";
import type { WireValue } from "./wire-value.ts";

const column: ColumnDefinition = {
  schema: "",
  table: "",
  orgTable: "",
  name: "@",
  orgName: "",
  characterSet: 8,
  columnLength: 1,
  columnType: MYSQL_TYPE_VAR_STRING,
  flags: 0,
  decimals: 0x1f,
};

function payload(encode: (out: BufferWriter) => void): string {
  const out = new BufferWriter();
  encode(out);
  return toHex(out.finish());
}

function binaryCell(value: WireValue, type: number, unsigned = false): string {
  // Strips the 0x00 header and the one-byte NULL bitmap of a one-column row.
  return payload((out) => encodeBinaryRow(out, [value], [type], [unsigned])).slice(4);
}

describe("result set encoding", () => {
  it("matches the documented text result set column and row", () => {
    // MySQL docs, Text Resultset example: 01 00 00 01 01 | 17 00 00 02 03 64 65 66 00 00 00
    // 01 40 00 0c 08 00 01 00 00 00 fd 00 00 1f 00 00.
    const out = new BufferWriter();
    const builder = new PacketBuilder();
    builder.begin(out);
    encodeColumnCount(out, 1);
    builder.end(1);
    builder.begin(out);
    encodeColumnDefinition(out, column);
    builder.end(2);
    expect(toHex(out.finish())).toBe(
      "0100000101" +
        ["17000002", "03646566", "000000", "0140", "00", "0c0800", "01000000fd00001f0000"].join(""),
    );
  });

  it("appends a NULL default for COM_FIELD_LIST", () => {
    const plain = payload((out) => encodeColumnDefinition(out, column));
    expect(payload((out) => encodeColumnDefinition(out, column, true))).toBe(plain + "fb");
    expect(payload((out) => encodeColumnDefinition(out, { ...column, withDefault: true }))).toBe(
      plain + "fb",
    );
  });

  it("encodes text rows with NULL as 0xfb", () => {
    const row = payload((out) => encodeTextRow(out, ["1", null, Uint8Array.of(0, 255), ""]));
    expect(row).toBe("0131" + "fb" + "0200ff" + "00");
  });

  it("matches the documented binary row", () => {
    // MySQL docs, Binary Protocol Resultset Row example: 09 00 00 04 00 00 06 66 6f 6f 62 61 72.
    expect(payload((out) => encodeBinaryRow(out, ["foobar"], [MYSQL_TYPE_VAR_STRING], [false])))
      .toBe("0000" + "06666f6f626172");
  });

  it("sets NULL bits with an offset of 2", () => {
    const values: WireValue[] = [null, 1, null, 2, 3, 4, null];
    const types = values.map(() => MYSQL_TYPE_TINY);
    const flags = values.map(() => false);
    // Columns 0, 2, 6 → bits 2, 4, 8 → bytes 0x14, 0x01.
    expect(payload((out) => encodeBinaryRow(out, values, types, flags))).toBe(
      "00" + "1401" + "01020304",
    );
  });

  it("encodes the documented binary values", () => {
    expect(binaryCell(1, MYSQL_TYPE_LONGLONG)).toBe("0100000000000000");
    expect(binaryCell(10.2, MYSQL_TYPE_DOUBLE)).toBe("6666666666662440");
    expect(binaryCell(10.2, MYSQL_TYPE_FLOAT)).toBe("33332341");
    expect(binaryCell(1, MYSQL_TYPE_LONG)).toBe("01000000");
    expect(binaryCell(1, MYSQL_TYPE_SHORT)).toBe("0100");
    expect(binaryCell(1, MYSQL_TYPE_TINY)).toBe("01");
    expect(binaryCell("2010-10-17", MYSQL_TYPE_DATE)).toBe("04da070a11");
    expect(binaryCell("2010-10-17 19:27:30.000001", MYSQL_TYPE_DATETIME)).toBe(
      "0bda070a11131b1e01000000",
    );
    expect(binaryCell("-2899:27:30.000001", MYSQL_TYPE_TIME)).toBe("0c0178000000131b1e01000000");
  });

  it("encodes integers of every width, sign and representation", () => {
    expect(binaryCell(-1, MYSQL_TYPE_TINY)).toBe("ff");
    expect(binaryCell(255, MYSQL_TYPE_TINY, true)).toBe("ff");
    expect(binaryCell("-2", MYSQL_TYPE_SHORT)).toBe("feff");
    expect(binaryCell(2024, MYSQL_TYPE_YEAR)).toBe("e807");
    expect(binaryCell(4294967295, MYSQL_TYPE_LONG, true)).toBe("ffffffff");
    expect(binaryCell(-1n, MYSQL_TYPE_LONG)).toBe("ffffffff");
    expect(binaryCell(-1, MYSQL_TYPE_LONGLONG)).toBe("ffffffffffffffff");
    expect(binaryCell(2n ** 64n - 1n, MYSQL_TYPE_LONGLONG, true)).toBe("ffffffffffffffff");
    expect(binaryCell(-(2n ** 63n), MYSQL_TYPE_LONGLONG)).toBe("0000000000000080");
    expect(binaryCell("18446744073709551615", MYSQL_TYPE_LONGLONG, true)).toBe(
      "ffffffffffffffff",
    );
  });

  it("uses the shortest temporal struct", () => {
    expect(binaryCell("0000-00-00 00:00:00", MYSQL_TYPE_DATETIME)).toBe("00");
    expect(binaryCell("2024-01-02 00:00:00", MYSQL_TYPE_TIMESTAMP)).toBe("04e8070102");
    expect(binaryCell("2024-01-02 03:04:05", MYSQL_TYPE_DATETIME)).toBe("07e8070102030405");
    expect(binaryCell("2024-01-02 03:04:05.5", MYSQL_TYPE_DATETIME)).toBe(
      "0be807010203040520a10700",
    );
    expect(binaryCell("00:00:00", MYSQL_TYPE_TIME)).toBe("00");
    expect(binaryCell("25:00:01", MYSQL_TYPE_TIME)).toBe("08" + "00" + "01000000" + "010001");
    expect(() => binaryCell("garbage", MYSQL_TYPE_DATE)).toThrow();
  });

  it("encodes other types as length-encoded text, numbers formatted as MySQL prints them", () => {
    expect(binaryCell("12.50", MYSQL_TYPE_NEWDECIMAL)).toBe("05" + "31322e3530");
    expect(binaryCell(1e21, MYSQL_TYPE_VAR_STRING)).toBe("04" + toHex(Buffer.from("1e21")));
    expect(formatNumber(1.5e-7)).toBe("1.5e-7");
    expect(formatNumber(123n)).toBe("123");
    expect(formatNumber(0.1)).toBe("0.1");
  });
});
