import { describe, expect, it } from "vitest";
import { CorruptionError } from "../util/errors.ts";
import {
  BINLOG_EVENT_HEADER_BYTES, EventType, POST_HEADER_LENGTHS, eventTypeName, readEventHeader,
  verifyEventChecksum,
} from "./binlog-event-format.ts";
import { encodeRotate } from "./event-encoder.ts";

describe("event header", () => {
  it("reads the 19-byte common header (golden)", () => {
    const bytes = new Uint8Array(Buffer.from(
      "00000065" + "04" + "07000000" + "2c000000" + "14040000" + "0200", "hex"));
    expect(readEventHeader(bytes, 0)).toEqual({
      timestamp: 0x6500_0000, type: EventType.ROTATE, serverId: 7, eventLength: 44,
      nextPosition: 1044, flags: 2,
    });
  });

  it("reads u32 fields above 2^31 as unsigned", () => {
    const bytes = new Uint8Array(BINLOG_EVENT_HEADER_BYTES).fill(0xff);
    const header = readEventHeader(bytes, 0);
    expect(header.serverId).toBe(0xffff_ffff);
    expect(header.eventLength).toBe(0xffff_ffff);
  });

  it("rejects a truncated header or an impossible length", () => {
    expect(() => readEventHeader(new Uint8Array(18), 0)).toThrow(CorruptionError);
    expect(() => readEventHeader(new Uint8Array(40), 30)).toThrow("offset 30: truncated header");
    expect(() => readEventHeader(new Uint8Array(19), 0)).toThrow("too small");
  });

  it("verifies the CRC over the whole event, and not past the buffer", () => {
    const bytes = encodeRotate("binlog.000002", 7, 1000, 1);
    const header = readEventHeader(bytes, 0);
    expect(verifyEventChecksum(bytes, 0, header)).toBe(true);
    expect(verifyEventChecksum(bytes.subarray(0, bytes.length - 1), 0, header)).toBe(false);
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i] = damaged[i]! ^ 0x80;
      if (i >= 9 && i < 13) continue; // the length itself: checked by the bounds instead
      expect(verifyEventChecksum(damaged, 0, header), `byte ${i}`).toBe(false);
    }
  });

  it("names event types as SHOW BINLOG EVENTS does", () => {
    expect(eventTypeName(EventType.FORMAT_DESCRIPTION)).toBe("Format_desc");
    expect(eventTypeName(EventType.WRITE_ROWS_V2)).toBe("Write_rows");
    expect(eventTypeName(EventType.PREVIOUS_GTIDS)).toBe("Previous_gtids");
    expect(eventTypeName(200)).toBe("Unknown");
    expect(POST_HEADER_LENGTHS).toHaveLength(41);
  });
});
