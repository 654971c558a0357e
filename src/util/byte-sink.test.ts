import { describe, expect, it } from "vitest";
import { ByteSink } from "./byte-sink.ts";

describe("ByteSink", () => {
  it("appends short and long byte arrays and ranges, growing as needed", () => {
    const sink = new ByteSink(4);
    const long = Uint8Array.from({ length: 100 }, (_, i) => i);
    sink.putBytes(Uint8Array.of(1, 2, 3));
    sink.putBytes(long);
    sink.putRange(long, 10, 13);
    sink.putRange(long, 0, 80);
    expect([...sink.view()]).toEqual([1, 2, 3, ...long, 10, 11, 12, ...long.subarray(0, 80)]);
    expect(sink.length).toBe(3 + 100 + 3 + 80);
  });

  it("reuses its view while unchanged and never returns a stale one", () => {
    const sink = new ByteSink(4);
    sink.putBytes(Uint8Array.of(7, 8));
    const first = sink.view();
    expect(sink.view()).toBe(first);
    // Same length after clear + refill: the view is still the buffer's first bytes.
    sink.clear();
    sink.putBytes(Uint8Array.of(9, 10));
    expect([...sink.view()]).toEqual([9, 10]);
    // Growth replaces the buffer; a view of the old one must not come back.
    sink.putBytes(new Uint8Array(10));
    sink.truncate(2);
    sink.putByte(1);
    sink.truncate(2);
    const afterGrowth = sink.view();
    expect(afterGrowth).not.toBe(first);
    expect([...afterGrowth]).toEqual([9, 10]);
    sink.putByte(5);
    expect([...sink.view()]).toEqual([9, 10, 5]);
    expect([...sink.toBytes()]).toEqual([9, 10, 5]);
  });
});
