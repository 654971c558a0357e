import { describe, expect, it } from "vitest";
import type { TableSchema } from "../sql/catalog/schema.ts";
import { CorruptionError } from "../util/errors.ts";
import {
  databaseKey,
  dataPrefix,
  decodeDatabaseRecord,
  decodeHiddenRowId,
  decodeTableRecord,
  encodeDatabaseRecord,
  encodeHiddenRowId,
  encodeTableRecord,
  formatVersionKey,
  KEYSPACE_FORMAT_VERSION,
  keyToLatin1,
  nextTableIdKey,
  tableDataEnd,
  tableDataStart,
  tableIdOfDataKey,
  tableKey,
} from "./keyspace-format.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("keyspace format v1 (golden bytes)", () => {
  it("lays out system keys", () => {
    expect(KEYSPACE_FORMAT_VERSION).toBe(1);
    expect(hex(formatVersionKey)).toBe("0001");
    expect(hex(nextTableIdKey)).toBe("0002");
    expect(hex(databaseKey("db"))).toBe("00036462");
    expect(hex(databaseKey("é"))).toBe("0003c3a9");
    expect(hex(tableKey(0x01020304))).toBe("000401020304");
  });

  it("lays out data keys: tag, table id, index id", () => {
    expect(hex(dataPrefix(7, 0))).toBe("010000000700000000");
    expect(hex(dataPrefix(7, 2))).toBe("010000000700000002");
    expect(hex(tableDataStart(7))).toBe("0100000007");
    expect(hex(tableDataEnd(7))).toBe("0100000008");
    expect(tableIdOfDataKey(dataPrefix(0xfffffffe, 3))).toBe(0xfffffffe);
    expect(hex(encodeHiddenRowId(0x0102n))).toBe("0000000000000102");
    expect(decodeHiddenRowId(encodeHiddenRowId((1n << 63n) + 5n))).toBe((1n << 63n) + 5n);
    expect(keyToLatin1(new Uint8Array([0, 0x41, 0xff]))).toBe("\u0000A\u00ff");
  });

  it("encodes records as a version byte and JSON with tagged bigints and bytes", () => {
    const database = { name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_bin" };
    const bytes = encodeDatabaseRecord(database);
    expect(bytes[0]).toBe(1);
    expect(new TextDecoder().decode(bytes.subarray(1))).toBe(
      '{"name":"db","defaultCharset":"utf8mb4","defaultCollation":"utf8mb4_bin"}',
    );
    expect(decodeDatabaseRecord(bytes)).toEqual(database);
    const schema: TableSchema = {
      database: "db",
      name: "t",
      columns: [
        { name: "a", type: { kind: "bigint", unsigned: true }, nullable: true, autoIncrement: false, comment: "",
          defaultValue: { kind: "literal", value: 18446744073709551615n } },
        { name: "b", type: { kind: "varbinary", length: 4 }, nullable: true, autoIncrement: false, comment: "",
          defaultValue: { kind: "literal", value: new Uint8Array([0, 255]) } },
      ],
      primaryKey: undefined,
      indexes: [{ name: "k", columns: [{ column: 1, descending: true, prefixLength: 2 }], unique: false, primary: false, comment: "" }],
      engine: "InnoDB",
      charset: "utf8mb4",
      collation: "utf8mb4_0900_ai_ci",
      comment: "",
      autoIncrementStart: 1,
    };
    const record = { tableId: 3, indexIds: [1], schema };
    const encoded = encodeTableRecord(record);
    const text = new TextDecoder().decode(encoded.subarray(1));
    expect(text).toContain('"value":{"$bigint":"18446744073709551615"}');
    expect(text).toContain('"value":{"$bytes":"00ff"}');
    expect(decodeTableRecord(encoded)).toEqual(record);
  });

  it("rejects unknown record versions and bad JSON as corruption", () => {
    expect(() => decodeDatabaseRecord(new Uint8Array([2, 0x7b, 0x7d]))).toThrow(CorruptionError);
    expect(() => decodeTableRecord(new Uint8Array([1, 0x7b]))).toThrow(CorruptionError);
    expect(() => decodeTableRecord(new Uint8Array([1, 0x7b, 0x7d]))).toThrow(CorruptionError);
  });
});
