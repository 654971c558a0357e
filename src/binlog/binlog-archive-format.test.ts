import { describe, expect, it } from "vitest";
import { CorruptionError } from "../util/errors.ts";
import {
  type BinlogIndexEntry,
  decodeBinlogIndexEntry,
  encodeBinlogIndexEntry,
} from "./binlog-archive-format.ts";

const entry: BinlogIndexEntry = {
  file: 3,
  term: 7n,
  sizeBytes: 300,
  slices: [
    { term: 6n, endPos: 120 },
    { term: 7n, endPos: 300 },
  ],
  previousGtids: "a:1-2",
};

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("binlog archive index entry", () => {
  it("has the documented bytes (golden)", () => {
    const bytes = encodeBinlogIndexEntry(entry);
    expect(bytes.length).toBe(25 + 2 * 12 + 4 + 5 + 4);
    expect(hex(bytes)).toBe(
      "57424c49" + // magic "WBLI"
        "01" + // version
        "03000000" + // file 3
        "0700000000000000" + // term 7
        "2c010000" + // size 300
        "02000000" + // two slices
        "0600000000000000" + "78000000" + // term 6, end 120
        "0700000000000000" + "2c010000" + // term 7, end 300
        "05000000" + "613a312d32" + // "a:1-2"
        "f2e71e70", // masked crc32c
    );
  });

  it("round-trips", () => {
    expect(decodeBinlogIndexEntry(encodeBinlogIndexEntry(entry), "k")).toEqual(entry);
    const empty = { ...entry, previousGtids: "" };
    expect(decodeBinlogIndexEntry(encodeBinlogIndexEntry(empty), "k")).toEqual(empty);
  });

  it("rejects a flipped byte, a cut entry and a bad chain", () => {
    const bytes = encodeBinlogIndexEntry(entry);
    for (const at of [0, 4, 10, 30, bytes.length - 1]) {
      const damaged = bytes.slice();
      damaged[at] = damaged[at]! ^ 0x01;
      expect(() => decodeBinlogIndexEntry(damaged, "k")).toThrow(CorruptionError);
    }
    expect(() => decodeBinlogIndexEntry(bytes.subarray(0, 20), "k")).toThrow(CorruptionError);
    const badChain = { ...entry, sizeBytes: 301 };
    expect(() => encodeBinlogIndexEntry(badChain)).toThrow(/last slice ends at 300/);
  });
});
