import { describe, expect, it } from "vitest";
import type { SqlType } from "../sql/types/sql-type.ts";
import type { SqlValue } from "../sql/types/value.ts";
import { CorruptionError } from "../util/errors.ts";
import { EventReader } from "./event-reader.ts";
import { EventWriter } from "./event-writer.ts";
import { everyType } from "./event-test-tables.ts";
import { readRowImage, writeRowImage } from "./row-image.ts";
import { binlogColumn } from "./row-image-types.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const ci = "utf8mb4_0900_ai_ci";

function encode(types: readonly SqlType[], row: readonly SqlValue[]): Uint8Array {
  const writer = new EventWriter(0);
  writeRowImage(writer, types.map((type) => binlogColumn(type)), row);
  return writer.toBytes();
}

function decode(types: readonly SqlType[], bytes: Uint8Array): SqlValue[] {
  const reader = new EventReader(bytes, 0, bytes.length, 0);
  const row = readRowImage(reader, types.map((type) => binlogColumn(type)));
  expect(reader.remaining).toBe(0);
  return row;
}

/** [type, value, TABLE_MAP type code, metadata, image bytes after the 1-byte null bitmap]. */
const golden: readonly (readonly [SqlType, SqlValue, number, number[], string])[] = [
  // The two DECIMAL(14,4) examples of MySQL's decimal2bin documentation.
  [{ kind: "decimal", length: 14, scale: 4 }, "1234567890.1234", 246, [14, 4], "810dfb38d204d2"],
  [{ kind: "decimal", length: 14, scale: 4 }, "-1234567890.1234", 246, [14, 4], "7ef204c72dfb2d"],
  [{ kind: "date" }, "2024-02-29", 10, [], "5dd00f"],
  [{ kind: "datetime" }, "2024-01-31 12:34:56", 18, [0], "99b27ec8b8"],
  [{ kind: "datetime", scale: 3 }, "2024-01-31 12:34:56.789", 18, [3], "99b27ec8b81ed2"],
  [{ kind: "timestamp", scale: 6 }, "2001-09-09 01:46:40.123456", 17, [6], "3b9aca0001e240"],
  [{ kind: "time" }, "-01:02:03", 19, [0], "7fef7d"],
  [{ kind: "time", scale: 1 }, "-00:00:00.5", 19, [1], "7fffffce"],
  [{ kind: "time", scale: 4 }, "-12:30:00.5001", 19, [4], "7f387fec77"],
  [{ kind: "time", scale: 6 }, "838:59:59.000001", 19, [6], "b46efb000001"],
  [{ kind: "year" }, 2024, 13, [], "7c"],
  [{ kind: "bit", length: 12 }, 0xabc, 16, [4, 1], "0abc"],
  [{ kind: "float" }, 1.5, 4, [4], "0000c03f"],
  [{ kind: "double" }, -2, 5, [8], "00000000000000c0"],
  [{ kind: "mediumint" }, -2, 9, [], "feffff"],
  [{ kind: "bigint", unsigned: true }, 18446744073709551615n, 8, [], "ffffffffffffffff"],
  [{ kind: "enum", values: ["a", "b", "c"] }, "c", 254, [247, 1], "03"],
  [{ kind: "set", values: ["a", "b", "c", "d", "e", "f", "g", "h", "i"] }, "a,i", 254,
    [248, 2], "0101"],
  // CHAR(100) utf8mb4 = 400 bytes: real type 0xfe ^ 0x10, low byte 0x90, 2 length bytes.
  [{ kind: "char", length: 100, collation: ci }, "ab", 254, [238, 144], "02006162"],
  [{ kind: "char", length: 3, collation: "latin1_swedish_ci" }, "Å", 254, [254, 3], "01c5"],
  [{ kind: "varchar", length: 100, collation: ci }, "é", 15, [144, 1], "0200c3a9"],
  [{ kind: "text", collation: ci }, "é", 252, [2], "0200c3a9"],
  [{ kind: "json" }, "[1]", 245, [4], "030000005b315d"],
];

describe("row images", () => {
  it("match MySQL's binary formats (golden)", () => {
    for (const [type, value, typeCode, metadata, image] of golden) {
      const column = binlogColumn(type);
      expect([column.typeCode, [...column.metadata]], JSON.stringify(type)).toEqual(
        [typeCode, metadata],
      );
      expect(hex(encode([type], [value])), JSON.stringify(type)).toBe(`00${image}`);
      expect(decode([type], encode([type], [value]))).toEqual([value]);
    }
  });

  it("round-trip every type kind, including NULLs in the bitmap", () => {
    const types = everyType.map(([type]) => type);
    for (const pick of [1, 2] as const) {
      const row = everyType.map((entry) => entry[pick] as SqlValue);
      expect(decode(types, encode(types, row))).toEqual(row);
    }
    const withNulls = everyType.map((entry, i) => (i % 3 === 0 ? null : entry[1] as SqlValue));
    const bytes = encode(types, withNulls);
    expect(bytes[0]! & 1).toBe(1);
    expect(decode(types, bytes)).toEqual(withNulls);
  });

  it("rounds FLOAT to single precision, as MySQL stores it", () => {
    expect(decode([{ kind: "float" }], encode([{ kind: "float" }], [0.1]))).toEqual([
      Math.fround(0.1),
    ]);
  });

  it("round-trips decimals at group boundaries", () => {
    const cases: readonly [number, number, string][] = [
      [9, 0, "-999999999"], [10, 1, "123456789.5"], [18, 9, "-123456789.123456789"],
      [19, 10, "987654321.0123456789"], [1, 0, "0"], [1, 1, "-0.9"], [65, 0, "9".repeat(65)],
      [30, 30, `0.${"1".repeat(30)}`], [20, 4, "-0.0001"],
    ];
    for (const [precision, scale, text] of cases) {
      const type: SqlType = { kind: "decimal", length: precision, scale };
      expect(decode([type], encode([type], [text])), text).toEqual([text]);
    }
  });

  it("reports damaged values as corruption", () => {
    const enumType: SqlType = { kind: "enum", values: ["a"] };
    expect(() => decode([enumType], new Uint8Array([0, 5]))).toThrow(CorruptionError);
    const decimal: SqlType = { kind: "decimal", length: 9, scale: 0 };
    expect(() => decode([decimal], new Uint8Array([0, 0xff, 0xff, 0xff, 0xff]))).toThrow(
      CorruptionError,
    );
    const text: SqlType = { kind: "varchar", length: 10, collation: ci };
    expect(() => decode([text], new Uint8Array([0, 9, 0x61]))).toThrow("needs 9 more bytes");
  });
});

describe("values a column cannot hold", () => {
  it("refuse 4-byte characters past a utf8mb3 VARCHAR's length prefix (error 1406)", () => {
    const type: SqlType = { kind: "varchar", length: 80, collation: "utf8mb3_general_ci" };
    const writer = new EventWriter(0);
    const columns = [binlogColumn(type, "v")];
    expect(() => writeRowImage(writer, columns, ["🎉".repeat(80)])).toThrow(
      expect.objectContaining({ code: 1406, message: "Data too long for column 'v' at row 1" }),
    );
    expect(() => writeRowImage(writer, columns, ["é".repeat(80)])).not.toThrow();
  });

  it("refuse a TIMESTAMP before 1970 with error 1292", () => {
    const type: SqlType = { kind: "timestamp" };
    expect(() => writeRowImage(new EventWriter(0), [binlogColumn(type, "ts")],
      ["1960-01-01 00:00:00"])).toThrow(expect.objectContaining({
      code: 1292,
      message: "Incorrect datetime value: '1960-01-01 00:00:00' for column 'ts' at row 1",
    }));
  });

  it("refuse characters beyond latin1 in a latin1 column with error 1366", () => {
    const type: SqlType = { kind: "char", length: 5, collation: "latin1_swedish_ci" };
    expect(() => writeRowImage(new EventWriter(0), [binlogColumn(type, "c")], ["日本"])).toThrow(
      expect.objectContaining({ code: 1366 }),
    );
  });
});

describe("EventWriter and EventReader", () => {
  it("round-trip packed integers at every width boundary", () => {
    const values = [
      0, 250, 251, 65535, 65536, 16777215, 16777216, 2 ** 40, Number.MAX_SAFE_INTEGER,
    ];
    const writer = new EventWriter(0);
    for (const value of values) writer.packed(value);
    const bytes = writer.toBytes();
    expect(hex(bytes.subarray(0, 5))).toBe("00fafcfb00");
    const reader = new EventReader(bytes, 0, bytes.length, 0);
    expect(values.map(() => reader.packed())).toEqual(values);
    expect(() => new EventReader(new Uint8Array([0xff]), 0, 1, 0).packed()).toThrow(
      CorruptionError,
    );
  });
});
