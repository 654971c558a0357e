import { describe, expect, it } from "vitest";
import { sequenceIdAfter } from "./connection.ts";

describe("sequenceIdAfter", () => {
  const max = 0xffffff;
  const packet = (length: number, sequenceId = 0) => ({ sequenceId, payload: new Uint8Array(length) });

  it("answers a one-packet command with sequence id 1", () => {
    expect(sequenceIdAfter(packet(5))).toBe(1);
  });

  it("continues after every part of a split command", () => {
    // A 20 MiB COM_QUERY arrives as parts 0 and 1; the reply starts at 2 (mysql2 checks this).
    expect(sequenceIdAfter(packet(20 * 1024 * 1024))).toBe(2);
    expect(sequenceIdAfter(packet(max))).toBe(2);
    expect(sequenceIdAfter(packet(2 * max + 1))).toBe(3);
  });

  it("wraps at 256", () => {
    expect(sequenceIdAfter(packet(3, 255))).toBe(0);
  });
});
