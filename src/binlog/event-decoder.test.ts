import { describe, expect, it } from "vitest";
import type { SqlValue } from "../sql/types/value.ts";
import type { CommitRecord, LoggedTable } from "../table/commit-pipeline.ts";
import { CorruptionError } from "../util/errors.ts";
import { BINLOG_MAGIC } from "./binlog-event-format.ts";
import { type DecodedEvent, decodeEvent, decodeTransaction } from "./event-decoder.ts";
import {
  encodeFormatDescription, encodePreviousGtids, encodeRotate, encodeTransaction,
  type TransactionContext,
} from "./event-encoder.ts";
import { column, everyType, logged, table } from "./event-test-tables.ts";
import { GtidSet } from "./gtid-set.ts";

const SID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
const people = logged(81, table("db", "t", [
  column("id", { kind: "int" }, false),
  column("name", { kind: "varchar", length: 20, collation: "utf8mb4_0900_ai_ci" }),
]));

function context(gno: bigint, startPosition: number): TransactionContext {
  return { serverId: 7, timestampSeconds: 1_700_000_000, sid: SID, gno, startPosition };
}

/** Decodes every event in `bytes` from `offset` on. */
function decodeAll(bytes: Uint8Array, offset: number): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  let at = offset;
  while (at < bytes.length) {
    const event = decodeEvent(bytes, at);
    events.push(event);
    at += event.header.eventLength;
  }
  return events;
}

function roundTrip(record: CommitRecord, tables: readonly LoggedTable[]): CommitRecord {
  const start = 1000;
  const bytes = encodeTransaction(record, context(9n, start));
  const file = new Uint8Array(start + bytes.length);
  file.set(bytes, start);
  const events = decodeAll(file, start);
  for (const event of events) {
    expect(event.header.nextPosition).toBe(event.position + event.header.eventLength);
  }
  const lookup = (id: number): LoggedTable | undefined => tables.find((t) => t.tableId === id);
  const decoded = decodeTransaction(events, lookup);
  expect(decoded.gtid).toEqual({ sid: SID, gno: 9n });
  return decoded.record;
}

describe("encodeTransaction → decodeTransaction", () => {
  it("round-trips inserts, updates and deletes", () => {
    const record: CommitRecord = {
      kind: "rows",
      changes: [
        { kind: "insert", table: people, after: [1, "one"] },
        { kind: "insert", table: people, after: [2, null] },
        { kind: "update", table: people, before: [1, "one"], after: [1, "uno"] },
        { kind: "delete", table: people, before: [2, null] },
      ],
    };
    expect(roundTrip(record, [people])).toEqual(record);
  });

  it("round-trips a DDL statement", () => {
    const record: CommitRecord = {
      kind: "ddl", database: "db", statement: "CREATE TABLE `db`.`t` (`id` int NOT NULL)",
    };
    expect(roundTrip(record, [])).toEqual(record);
  });

  it("round-trips every column type, both values and NULL", () => {
    const schema = table("db", "every", everyType.map(([type], i) => column(`c${i}`, type)));
    const every = logged(82, schema);
    const first = everyType.map(([, a]) => a as SqlValue);
    const second = everyType.map(([, , b]) => b as SqlValue);
    const record: CommitRecord = {
      kind: "rows",
      changes: [
        { kind: "insert", table: every, after: first },
        { kind: "update", table: every, before: first, after: second },
        { kind: "delete", table: every, before: everyType.map(() => null) },
        { kind: "insert", table: people, after: [3, "three"] },
      ],
    };
    expect(roundTrip(record, [every, people])).toEqual(record);
  });

  it("splits long runs of rows into several events, STMT_END_F on the last only", () => {
    const changes = Array.from({ length: 1000 }, (_, i) => ({
      kind: "insert" as const, table: people, after: [i, `name-${i}`] as SqlValue[],
    }));
    const record: CommitRecord = { kind: "rows", changes };
    const events = decodeAll(encodeTransaction(record, context(1n, 0)), 0);
    const rows = events.filter((event) => event.typeName === "Write_rows");
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(0, -1).every((event) => event.info === "table_id: 81")).toBe(true);
    expect(rows.at(-1)!.info).toBe("table_id: 81 flags: STMT_END_F");
    expect(rows.every((event) => event.header.eventLength < 8192 + 200)).toBe(true);
    expect(roundTrip(record, [people])).toEqual(record);
  });
});

describe("decodeEvent", () => {
  it("prints SHOW BINLOG EVENTS Info for every event type", () => {
    const parts: Uint8Array[] = [BINLOG_MAGIC, encodeFormatDescription("8.0.35-wesql-ts", 7, 1)];
    let at = 4 + parts[1]!.length;
    const push = (bytes: Uint8Array): void => {
      parts.push(bytes);
      at += bytes.length;
    };
    push(encodePreviousGtids(GtidSet.parse(`${SID}:1-4`), 7, at, 1));
    push(encodeTransaction({ kind: "ddl", database: "db", statement: "DROP TABLE `db`.`x`" },
      context(5n, at)));
    push(encodeTransaction({ kind: "rows", changes: [
      { kind: "insert", table: people, after: [1, "a"] },
    ] }, { ...context(6n, at), xid: 12n }));
    push(encodeRotate("binlog.000002", 7, at, 1));
    const file = new Uint8Array(at);
    let offset = 0;
    for (const part of parts) {
      file.set(part, offset);
      offset += part.length;
    }
    const shown = decodeAll(file, 4).map((event) => [event.position, event.typeName, event.info]);
    expect(shown).toEqual([
      [4, "Format_desc", "Server ver: 8.0.35-wesql-ts, Binlog ver: 4"],
      [126, "Previous_gtids", `${SID}:1-4`],
      [197, "Gtid", `SET @@SESSION.GTID_NEXT= '${SID}:5'`],
      [262, "Query", "use `db`; DROP TABLE `db`.`x`"],
      [346, "Gtid", `SET @@SESSION.GTID_NEXT= '${SID}:6'`],
      [411, "Query", "BEGIN"],
      [479, "Table_map", "table_id: 81 (db.t)"],
      [532, "Write_rows", "table_id: 81 flags: STMT_END_F"],
      [574, "Xid", "COMMIT /* xid=12 */"],
      [605, "Rotate", "binlog.000002;pos=4"],
    ]);
  });

  it("reports a flipped byte as a CRC mismatch naming the offset", () => {
    const bytes = encodeTransaction({ kind: "rows", changes: [
      { kind: "insert", table: people, after: [1, "a"] },
    ] }, context(1n, 0));
    const first = decodeEvent(bytes, 0);
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i] = damaged[i]! ^ 0x10;
      const at = i < first.header.eventLength ? 0 : undefined;
      if (at === undefined) continue;
      expect(() => decodeEvent(damaged, 0), `byte ${i}`).toThrow(CorruptionError);
    }
    const second = first.header.eventLength;
    const damaged = bytes.slice();
    damaged[second + 25] = damaged[second + 25]! ^ 1;
    expect(() => decodeEvent(damaged, second)).toThrow(`offset ${second}: CRC32 checksum mismatch`);
    expect(() => decodeEvent(bytes.subarray(0, second - 1), 0)).toThrow("offset 0: truncated");
  });

  it("rejects a group whose TABLE_MAP does not match the schema or is unknown", () => {
    const bytes = encodeTransaction({ kind: "rows", changes: [
      { kind: "insert", table: people, after: [1, "a"] },
    ] }, context(1n, 0));
    const events = decodeAll(bytes, 0);
    const other = logged(81, table("db", "t", [column("id", { kind: "bigint" }, false),
      column("name", { kind: "varchar", length: 20, collation: "utf8mb4_0900_ai_ci" })]));
    expect(() => decodeTransaction(events, () => other)).toThrow("does not match the schema");
    expect(() => decodeTransaction(events, () => undefined)).toThrow("unknown table id 81");
    expect(() => decodeTransaction(events.slice(0, -1), () => people)).toThrow("without XID");
    expect(() => decodeTransaction(events.slice(1), () => people)).toThrow("GTID");
  });
});
