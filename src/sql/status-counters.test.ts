import { describe, expect, it } from "vitest";
import { StatusCounters } from "./status-counters.ts";

describe("StatusCounters", () => {
  it("merges rows from registered sources into the sorted SHOW STATUS list", () => {
    const counters = new StatusCounters(0);
    let flushes = 1;
    counters.addSource(() => [["Smartengine_flushes", String(flushes)], ["Aaa_first", "x"]]);
    flushes = 2;
    const rows = counters.rows(5000);
    expect(rows[0]).toEqual(["Aaa_first", "x"]);
    expect(rows).toContainEqual(["Smartengine_flushes", "2"]);
    expect(rows).toContainEqual(["Uptime", "5"]);
    const names = rows.map(([name]) => name);
    expect([...names].sort()).toEqual(names);
  });
});
