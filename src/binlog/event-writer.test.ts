import { describe, expect, it } from "vitest";
import type { CommitRecord } from "../table/commit-pipeline.ts";
import { EventType, readEventHeader, verifyEventChecksum } from "./binlog-event-format.ts";
import { encodeTransaction, writeTransaction } from "./event-encoder.ts";
import { column, logged, table } from "./event-test-tables.ts";
import { EventWriter } from "./event-writer.ts";

const utf8 = new TextEncoder();
const SID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

describe("EventWriter", () => {
  it("writes length-prefixed UTF-8 exactly as encode() plus a little-endian length", () => {
    for (const text of ["", "abc", "é€", "a😀b", "x".repeat(300)]) {
      for (const lengthBytes of [1, 2, 4]) {
        const writer = new EventWriter(0, 16);
        writer.u8(0xaa);
        const written = writer.lengthPrefixedUtf8(text, lengthBytes);
        const bytes = utf8.encode(text);
        expect(written).toBe(bytes.length);
        const out = writer.toBytes();
        expect(out.length).toBe(1 + lengthBytes + bytes.length);
        let length = 0;
        for (let i = lengthBytes - 1; i >= 0; i--) length = length * 256 + out[1 + i]!;
        expect(length).toBe(bytes.length % 2 ** (8 * lengthBytes));
        expect(out.subarray(1 + lengthBytes)).toEqual(bytes);
      }
    }
  });

  it("writes u64 little-endian across the 32-bit boundary", () => {
    const writer = new EventWriter(0);
    for (const value of [0n, 1n, 0xffff_ffffn, 0x1_0000_0000n, 2n ** 64n - 1n]) writer.u64(value);
    const view = new DataView(writer.view().slice().buffer);
    expect([0, 8, 16, 24, 32].map((at) => view.getBigUint64(at, true)))
      .toEqual([0n, 1n, 0xffff_ffffn, 0x1_0000_0000n, 2n ** 64n - 1n]);
  });

  it("truncate drops an event left open and later events continue from the mark", () => {
    const writer = new EventWriter(100);
    writer.beginEvent(EventType.XID, 7, 1);
    writer.u64(5n);
    writer.end();
    const mark = writer.length;
    writer.beginEvent(EventType.XID, 7, 1);
    writer.u32(1);
    writer.truncate(mark);
    writer.beginEvent(EventType.XID, 7, 1);
    writer.u64(6n);
    writer.end();
    const bytes = writer.view();
    expect(bytes.length).toBe(2 * 31);
    for (const offset of [0, 31]) {
      expect(verifyEventChecksum(bytes, offset, readEventHeader(bytes, offset))).toBe(true);
    }
    // next_position of the second event: base 100 + two events.
    expect(new DataView(bytes.slice(31).buffer).getUint32(13, true)).toBe(100 + 62);
  });

  it("reset reuses the buffer at a new base position", () => {
    const writer = new EventWriter(4, 16);
    writer.lengthPrefixedUtf8("x".repeat(100), 1);
    const capacity = writer.capacity;
    writer.reset(500);
    expect([writer.length, writer.position, writer.capacity]).toEqual([0, 500, capacity]);
    writer.beginEvent(EventType.XID, 7, 1);
    writer.u64(1n);
    writer.end();
    const fresh = new EventWriter(500);
    fresh.beginEvent(EventType.XID, 7, 1);
    fresh.u64(1n);
    fresh.end();
    expect(writer.view()).toEqual(fresh.view());
  });

  it("a group encoded into one writer equals the transactions encoded one by one", () => {
    const people = logged(7, table("db", "people", [
      column("id", { kind: "int" }, false),
      column("name", { kind: "varchar", length: 20, collation: "utf8mb4_0900_ai_ci" }),
    ]));
    const records: CommitRecord[] = [1, 2, 3].map((id) => ({
      kind: "rows",
      changes: [
        { kind: "insert", table: people, after: [id, `näme ${id}`] },
        { kind: "update", table: people, before: [id, "a"], after: [id, null] },
      ],
    }));
    const writer = new EventWriter(4, 16);
    const one: Uint8Array[] = [];
    records.forEach((record, i) => {
      const gno = BigInt(i + 1);
      const context = { serverId: 9, timestampSeconds: 1_700_000_000, sid: SID, gno };
      one.push(encodeTransaction(record, { ...context, startPosition: writer.position }));
      writeTransaction(writer, record, { ...context, startPosition: writer.position });
    });
    const joined = new Uint8Array(one.reduce((n, part) => n + part.length, 0));
    one.reduce((at, part) => (joined.set(part, at), at + part.length), 0);
    expect(writer.view()).toEqual(joined);
  });
});
