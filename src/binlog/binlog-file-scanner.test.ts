import { describe, expect, it } from "vitest";
import type { CommitRecord } from "../table/commit-pipeline.ts";
import { concatBytes } from "../util/bytes.ts";
import { CorruptionError } from "../util/errors.ts";
import { encodeBinlogFileHeader } from "./binlog-file-writer.ts";
import { scanBinlogFile } from "./binlog-file-scanner.ts";
import { encodeRotate, encodeTransaction } from "./event-encoder.ts";
import { GtidSet } from "./gtid-set.ts";

const SID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
const ddl = (statement: string): CommitRecord => ({ kind: "ddl", database: "db", statement });

/** A file: header with PREVIOUS_GTIDS SID:1-4, then one DDL group per statement. */
function fileWith(statements: readonly string[], rotate = false): Uint8Array {
  const previous = GtidSet.parse(`${SID}:1-4`);
  const parts = [encodeBinlogFileHeader({
    serverId: 1, serverVersion: "8.0.35", timestampSeconds: 1, previousGtids: previous,
  })];
  let position = parts[0]!.length;
  statements.forEach((statement, index) => {
    const group = encodeTransaction(ddl(statement), {
      serverId: 1, timestampSeconds: 1, sid: SID, gno: BigInt(5 + index), startPosition: position,
    });
    parts.push(group);
    position += group.length;
  });
  if (rotate) parts.push(encodeRotate("binlog.000002", 1, position, 1));
  return concatBytes(parts);
}

describe("scanBinlogFile", () => {
  it("finds the header, the groups and a closing ROTATE", () => {
    const bytes = fileWith(["CREATE DATABASE a", "CREATE DATABASE b"], true);
    const scanned = scanBinlogFile(bytes, "f", false);
    expect(scanned.previousGtids.toString()).toBe(`${SID}:1-4`);
    expect(scanned.groups.length).toBe(2);
    expect(scanned.groups[0]!.start).toBe(scanned.headerEnd);
    expect(scanned.groups[1]!.start).toBe(scanned.groups[0]!.end);
    expect(scanned.rotated).toBe(true);
    expect(scanned.validEnd).toBe(bytes.length);
    expect(scanned.tornBytes).toBe(0);
  });

  it("reports a torn tail in the newest file and refuses it in an older one", () => {
    const whole = fileWith(["CREATE DATABASE a", "CREATE DATABASE b"]);
    const cut = whole.slice(0, whole.length - 5);
    const scanned = scanBinlogFile(cut, "f", true);
    expect(scanned.groups.length).toBe(1);
    expect(scanned.tornBytes).toBe(cut.length - scanned.groups[0]!.end);
    expect(() => scanBinlogFile(cut, "old", false)).toThrow(CorruptionError);
  });

  it("refuses events after a ROTATE, a bad magic and a damaged header", () => {
    const rotated = fileWith(["CREATE DATABASE a"], true);
    const header = scanBinlogFile(rotated, "f", true).headerEnd;
    // A group encoded at the offset after the ROTATE, so that only the order is wrong.
    const afterRotate = encodeTransaction(ddl("CREATE DATABASE b"), {
      serverId: 1, timestampSeconds: 1, sid: SID, gno: 9n, startPosition: rotated.length,
    });
    expect(() => scanBinlogFile(concatBytes([rotated, afterRotate]), "f", true)).toThrow(
      /after ROTATE/,
    );
    const badMagic = rotated.slice();
    badMagic[0] = 0;
    expect(() => scanBinlogFile(badMagic, "f", true)).toThrow(/bad magic/);
    const badHeader = rotated.slice();
    badHeader[header - 1]! ^= 1;
    expect(() => scanBinlogFile(badHeader, "f", true)).toThrow(/PREVIOUS_GTIDS/);
  });
});
