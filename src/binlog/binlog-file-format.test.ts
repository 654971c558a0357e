import { describe, expect, it } from "vitest";
import { CorruptionError } from "../util/errors.ts";
import {
  binlogFileName,
  decodeBinlogIndex,
  encodeBinlogIndex,
  parseBinlogFileName,
} from "./binlog-file-format.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe("binlog file names", () => {
  it("pads to six digits and parses back", () => {
    expect(binlogFileName(1)).toBe("binlog.000001");
    expect(binlogFileName(1234567)).toBe("binlog.1234567");
    expect(parseBinlogFileName("binlog.000042")).toBe(42);
    expect(parseBinlogFileName("binlog.1234567")).toBe(1234567);
    expect(parseBinlogFileName("binlog.00001")).toBeUndefined();
    expect(parseBinlogFileName("binlog.index")).toBeUndefined();
    expect(parseBinlogFileName("binlog.000000")).toBeUndefined();
    expect(() => binlogFileName(0)).toThrow();
  });
});

describe("binlog.index format", () => {
  it("writes MySQL's lines (golden bytes)", () => {
    const bytes = encodeBinlogIndex([1, 2]);
    expect(new TextDecoder().decode(bytes)).toBe("./binlog.000001\n./binlog.000002\n");
    expect([...bytes.subarray(0, 4)]).toEqual([0x2e, 0x2f, 0x62, 0x69]);
    expect(bytes.length).toBe(32);
  });

  it("reads its own output, bare names, CRLF and blank lines", () => {
    expect(decodeBinlogIndex(encodeBinlogIndex([3, 4, 9]), "i")).toEqual([3, 4, 9]);
    expect(decodeBinlogIndex(text("binlog.000001\r\n\n./binlog.000002"), "i")).toEqual([1, 2]);
    expect(decodeBinlogIndex(text(""), "i")).toEqual([]);
  });

  it("rejects foreign lines and disorder as corruption naming the index", () => {
    expect(() => decodeBinlogIndex(text("./binlog.000001\nhello\n"), "/d/binlog.index")).toThrow(
      /\/d\/binlog.index: line 2/,
    );
    expect(() => decodeBinlogIndex(text("./binlog.000002\n./binlog.000001\n"), "i")).toThrow(
      CorruptionError,
    );
  });
});
