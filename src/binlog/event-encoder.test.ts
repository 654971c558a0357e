/**
 * Golden bytes for every event type: events captured from a real MySQL 8.0 server (published
 * mysqlbinlog output) must match our encoder byte for byte, and our own events are pinned as
 * hex with their fields annotated, so any change to the format shows up here.
 */

import { describe, expect, it } from "vitest";
import type { SqlValue } from "../sql/types/value.ts";
import type { LoggedTable } from "../table/commit-pipeline.ts";
import { readEventHeader, verifyEventChecksum } from "./binlog-event-format.ts";
import { type DecodedEvent, decodeEvent, decodeTransaction } from "./event-decoder.ts";
import {
  encodeFormatDescription, encodePreviousGtids, encodeRotate, encodeTransaction,
} from "./event-encoder.ts";
import { column, logged, table } from "./event-test-tables.ts";
import { GtidSet } from "./gtid-set.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const base64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));
const SID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
const context = {
  serverId: 7, timestampSeconds: 0x6500_0000, sid: SID, gno: 5n, startPosition: 200,
};

/** MySQL 8.0.30's FORMAT_DESCRIPTION at offset 4 of a closed binlog. */
const MYSQL_FDE_8030 = base64(
  "D/ArYw8BAAAAegAAAH4AAAAAAAQAOC4wLjMwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
    "AAAAAAAAAAAAAAAAAAAAAAAAEwANAAgAAAAABAAEAAAAYgAEGggAAAAICAgCAAAACgoKKioAEjQA" +
    "CigAASNYmJI=",
);
/** MySQL 8.0.35's FORMAT_DESCRIPTION of a file still open (LOG_EVENT_BINLOG_IN_USE_F set). */
const MYSQL_FDE_8035_IN_USE = base64(
  "p/tFZg8BAAAAegAAAH4AAAABAAQAOC4wLjM1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
    "AAAAAAAAAAAAAAAAAAAAAAAAEwANAAgAAAAABAAEAAAAYgAEGggAAAAICAgCAAAACgoKKioAEjQA" +
    "CigAAcowSrM=",
);
/** MySQL 8.0.30: TABLE_MAP of db_cmedico.habitacion (INT, VARCHAR(50) utf8mb3) at 2474. */
const MYSQL_TABLE_MAP = base64(
  "OugrYxMBAAAARAAAAO4JAAAAAHIAAAAAAAEACmRiX2NtZWRpY28ACmhhYml0YWNpb24AAgMPApYAAgEBAAIBIbhJ5+4=",
);
/** MySQL 8.0.30: the WRITE_ROWS_V2 event that follows it at 2542 (15 rows, STMT_END_F). */
const MYSQL_WRITE_ROWS = base64(
  "OugrYx4BAAAAugEAAKgLAAAAAHIAAAAAAAEAAgAC/wABAAAAE1NhbGEgZGUgZXhhbWVuZXMgMQ0A" +
    "AgAAABNTYWxhIGRlIGV4YW1lbmVzIDINAAMAAAATU2FsYSBkZSBleGFtZW5lcyAzDQAEAAAAE1Nh" +
    "bGEgZGUgZXhhbWVuZXMgNA0ABQAAABNTYWxhIGRlIGltYWdlbmVzIDENAAYAAAAZU2FsYSBkZSBw" +
    "cm9jZWRpbWllbnRvcyAxDQAHAAAAGVNhbGEgZGUgcHJvY2VkaW1pZW50b3MgMg0ACAAAABlTYWxh" +
    "IGRlIHByb2NlZGltaWVudG9zIDMNAAkAAAAZU2FsYSBkZSBwcm9jZWRpbWllbnRvcyA0DQAKAAAA" +
    "ClJlY2VwY2lvbg0ACwAAAAxMYWJvcmF0b3Jpbw0ADAAAABlFc3RhY2nDs24gZGUgcmV2aXNpw7Nu" +
    "IDENAA0AAAAZRXN0YWNpw7NuIGRlIHJldmlzacOzbiAyDQAOAAAAGUVzdGFjacOzbiBkZSByZXZp" +
    "c2nDs24gMw0ADwAAABlFc3RhY2nDs24gZGUgcmV2aXNpw7NuIDQN4JSL8w==",
);
const habitacion: LoggedTable = logged(114, table("db_cmedico", "habitacion", [
  column("idHabitacion", { kind: "int" }, false),
  column("habitacion", { kind: "varchar", length: 50, collation: "utf8mb3_general_ci" }),
]));

function eventsOf(bytes: Uint8Array): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  for (let at = 0; at < bytes.length; at += events.at(-1)!.header.eventLength) {
    events.push(decodeEvent(bytes, at));
  }
  return events;
}

describe("events as MySQL 8.0 writes them", () => {
  it("FORMAT_DESCRIPTION is byte-identical to MySQL 8.0.30's", () => {
    const timestamp = readEventHeader(MYSQL_FDE_8030, 0).timestamp;
    expect(hex(encodeFormatDescription("8.0.30", 1, timestamp))).toBe(hex(MYSQL_FDE_8030));
    const padded = new Uint8Array(4 + MYSQL_FDE_8030.length);
    padded.set(MYSQL_FDE_8030, 4);
    expect(decodeEvent(padded, 4).info).toBe("Server ver: 8.0.30, Binlog ver: 4");
  });

  it("checks FORMAT_DESCRIPTION's CRC with the in-use flag cleared, as MySQL computes it", () => {
    const header = readEventHeader(MYSQL_FDE_8035_IN_USE, 0);
    expect(header.flags).toBe(1);
    expect(verifyEventChecksum(MYSQL_FDE_8035_IN_USE, 0, header)).toBe(true);
    const closed = MYSQL_FDE_8035_IN_USE.slice();
    closed[17] = 0;
    expect(verifyEventChecksum(closed, 0, readEventHeader(closed, 0))).toBe(true);
    closed[30] = closed[30]! ^ 1;
    expect(verifyEventChecksum(closed, 0, readEventHeader(closed, 0))).toBe(false);
    const header8035 = readEventHeader(MYSQL_FDE_8035_IN_USE, 0);
    const ours = encodeFormatDescription("8.0.35", 1, header8035.timestamp, { inUse: true });
    expect(hex(ours)).toBe(hex(MYSQL_FDE_8035_IN_USE));
  });

  it("reads MySQL's TABLE_MAP and WRITE_ROWS, and re-encodes both identically", () => {
    const map = decodeEvent(MYSQL_TABLE_MAP, 0);
    expect(map.info).toBe("table_id: 114 (db_cmedico.habitacion)");
    const rows = decodeEvent(MYSQL_WRITE_ROWS, 0);
    expect(rows.info).toBe("table_id: 114 flags: STMT_END_F");
    const ours = eventsOf(encodeTransaction({ kind: "rows", changes: [
      { kind: "insert", table: habitacion, after: [0, ""] },
    ] }, context));
    const group = [ours[0]!, ours[1]!, map, rows, ours.at(-1)!];
    const { record } = decodeTransaction(group, (id) => (id === 114 ? habitacion : undefined));
    if (record.kind !== "rows") throw new Error("expected rows");
    expect(record.changes).toHaveLength(15);
    expect(record.changes[11]).toEqual({
      kind: "insert", table: habitacion, after: [12, "Estación de revisión 1\r"],
    });

    // Re-encode at the same file position and time: the rows event must be MySQL's bytes.
    const header = readEventHeader(MYSQL_WRITE_ROWS, 0);
    const probe = eventsOf(encodeTransaction(record, { ...context, startPosition: 0 }));
    const rowsOffset = probe.find((event) => event.typeName === "Write_rows")!.position;
    const mysqlPosition = header.nextPosition - header.eventLength;
    const again = encodeTransaction(record, {
      ...context, serverId: 1, timestampSeconds: header.timestamp,
      startPosition: mysqlPosition - rowsOffset,
    });
    const slice = again.subarray(rowsOffset, rowsOffset + header.eventLength);
    expect(hex(slice)).toBe(hex(MYSQL_WRITE_ROWS));

    // So is the TABLE_MAP, optional metadata (signedness, default charset 33) included.
    const mapOffset = probe.find((event) => event.typeName === "Table_map")!.position;
    expect(hex(again.subarray(mapOffset, mapOffset + MYSQL_TABLE_MAP.length))).toBe(
      hex(MYSQL_TABLE_MAP),
    );
  });
});

describe("golden bytes of our events", () => {
  it("PREVIOUS_GTIDS", () => {
    const bytes = encodePreviousGtids(GtidSet.parse(`${SID}:1-4`), 7, 126, 0x6500_0000);
    expect(hex(bytes)).toBe(
      "00000065" + "23" + "07000000" + "47000000" + "c5000000" + "0000" + // header
        "0100000000000000" + "3e11fa4771ca11e19e33c80aa9429562" + "0100000000000000" +
        "0100000000000000" + "0500000000000000" + // sid, 1 interval [1, 5)
        "87f4df1b", // CRC32
    );
  });

  it("ROTATE", () => {
    expect(hex(encodeRotate("binlog.000002", 7, 1000, 0x6500_0000))).toBe(
      "00000065" + "04" + "07000000" + "2c000000" + "14040000" + "0000" +
        "0400000000000000" + Buffer.from("binlog.000002").toString("hex") + "192f0b55",
    );
  });

  it("a DDL group: GTID (may have SBR) and QUERY with status variables", () => {
    const bytes = encodeTransaction({ kind: "ddl", database: "db", statement: "DROP TABLE t" },
      context);
    expect(hex(bytes)).toBe(
      // GTID at 200: flags 1, sid, gno 5, lt type 2, last_committed 0, sequence_number 1
      "00000065" + "21" + "07000000" + "41000000" + "09010000" + "0000" +
        "01" + "3e11fa4771ca11e19e33c80aa9429562" + "0500000000000000" + "02" +
        "0000000000000000" + "0100000000000000" + "9dbb27c4" +
        // QUERY at 265: thread 0, exec 0, db len 2, error 0, status vars 26 bytes
        "00000065" + "02" + "07000000" + "4d000000" + "56010000" + "0000" +
        "00000000" + "00000000" + "02" + "0000" + "1a00" +
        "00" + "00000000" + // Q_FLAGS2
        "01" + "2000a04500000000" + // Q_SQL_MODE 1168113696
        "06" + "03" + "737464" + // Q_CATALOG_NZ "std"
        "04" + "ff00" + "ff00" + "ff00" + // Q_CHARSET 255 255 255
        "646200" + Buffer.from("DROP TABLE t").toString("hex") + "a9b08773",
    );
  });

  it("a rows group: GTID, BEGIN, TABLE_MAP, UPDATE_ROWS_V2, XID", () => {
    const t = logged(81, table("db", "t", [
      column("id", { kind: "int" }, false),
      column("v", { kind: "varchar", length: 10, collation: "utf8mb4_0900_ai_ci" }),
    ]));
    const bytes = encodeTransaction({ kind: "rows", changes: [
      { kind: "update", table: t, before: [1, "a"], after: [1, null] },
    ] }, { ...context, xid: 12n });
    const events = eventsOf(bytes);
    expect(events.map((event) => event.typeName)).toEqual(
      ["Gtid", "Query", "Table_map", "Update_rows", "Xid"],
    );
    expect(hex(events[2]!.body)).toBe(
      "510000000000" + "0100" + "02" + "646200" + "01" + "7400" + // id 81, flags, db, table
        "02" + "030f" + "02" + "2800" + "02" + // 2 columns INT, VARCHAR; meta 40; nullable 0b10
        "010100" + "0203fcff00", // SIGNEDNESS: signed; DEFAULT_CHARSET 255 (packed fc ff 00)
    );
    expect(hex(events[3]!.body)).toBe(
      "510000000000" + "0100" + "0200" + "02" + "ff" + "ff" + // STMT_END_F, extra 2, bitmaps
        "00" + "01000000" + "01" + "61" + // before: no NULLs, 1, "a"
        "02" + "01000000", // after: v NULL, 1
    );
    expect(hex(events[4]!.body)).toBe("0c00000000000000");
    expect(events[0]!.body[0]).toBe(0); // rows only: no statement-based changes
  });
});

describe("TABLE_MAP optional metadata", () => {
  it("marks unsigned numeric columns MSB first and lists collations that differ", () => {
    const ci = "utf8mb4_0900_ai_ci";
    const t = logged(90, table("db", "m", [
      column("a", { kind: "int", unsigned: true }),
      column("b", { kind: "varchar", length: 5, collation: ci }),
      column("c", { kind: "double" }),
      column("d", { kind: "varbinary", length: 5 }),
      column("e", { kind: "bigint", unsigned: true }),
      column("f", { kind: "text", collation: ci }),
      column("g", { kind: "enum", values: ["x"], collation: "latin1_swedish_ci" }),
    ]));
    const bytes = encodeTransaction({ kind: "rows", changes: [
      { kind: "insert", table: t, after: [1, "b", 2, new Uint8Array([1]), 3, "f", "x"] },
    ] }, context);
    const map = eventsOf(bytes).find((event) => event.typeName === "Table_map")!;
    const tail = hex(map.body.subarray(map.body.length - 13));
    expect(tail).toBe(
      "01" + "01" + "a0" + // SIGNEDNESS: a unsigned, c signed, e unsigned → 101xxxxx
        "02" + "05" + "fcff00" + "01" + "3f" + // DEFAULT_CHARSET 255, except char column 1: 63
        "06" + "01" + "08", // ENUM_AND_SET_DEFAULT_CHARSET latin1_swedish_ci (8)
    );
  });
});
