import { describe, expect, it } from "vitest";
import type { Clock, TimerHandle } from "../util/clock.ts";
import { Logger } from "../util/log.ts";
import { ManualClock } from "../util/manual-clock.ts";
import { SeededRandom } from "../util/random.ts";
import { FaultyObjectStore } from "./faulty-object-store.ts";
import { InstrumentedObjectStore, objectStoreOperations } from "./instrumented-object-store.ts";
import { MemoryObjectStore } from "./memory-object-store.ts";
import { objectStoreContract } from "./object-store-contract.ts";
import { ObjectNotFoundError, ObjectStoreUnavailableError } from "./object-store-errors.ts";
import { RetryingObjectStore } from "./retrying-object-store.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** Sleeps return at once and move time forward, so injected latency is measured exactly. */
class SteppingClock implements Clock {
  nowMsValue = 0;

  nowMs(): number {
    return this.nowMsValue;
  }

  monotonicMs(): number {
    return this.nowMsValue;
  }

  setTimer(): TimerHandle {
    throw new Error("SteppingClock has no timers");
  }

  async sleep(delayMs: number): Promise<void> {
    this.nowMsValue += delayMs;
  }
}

objectStoreContract("InstrumentedObjectStore over MemoryObjectStore", async () => {
  const clock = new ManualClock();
  return new InstrumentedObjectStore(new MemoryObjectStore(clock), clock);
});

describe("InstrumentedObjectStore", () => {
  it("counts calls, errors and bytes per operation kind", async () => {
    const clock = new ManualClock();
    const store = new InstrumentedObjectStore(new MemoryObjectStore(clock), clock);
    const etag = await store.putIfAbsent("a", text("hello"));
    await store.putIfMatch("a", text("hello world"), etag);
    await store.put("b", text("xyz"));
    await store.get("a");
    await store.getRange("a", 6, 100);
    await store.getRange("a", 0, 2);
    await store.head("b");
    await store.list("");
    await store.delete("b");
    await expect(store.get("b")).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.putIfAbsent("a", text("again"))).rejects.toThrow();
    const stats = store.stats();
    expect(stats.operations.put_if_absent).toEqual({
      calls: 2,
      errors: 1,
      bytes: 5,
      latencyUs: 0,
    });
    expect(stats.operations.put_if_match).toMatchObject({ calls: 1, errors: 0, bytes: 11 });
    expect(stats.operations.put).toMatchObject({ calls: 1, errors: 0, bytes: 3 });
    expect(stats.operations.get).toMatchObject({ calls: 2, errors: 1, bytes: 11 });
    expect(stats.operations.get_range).toMatchObject({ calls: 2, errors: 0, bytes: 7 });
    expect(stats.operations.head).toMatchObject({ calls: 1, errors: 0, bytes: 0 });
    expect(stats.operations.list).toMatchObject({ calls: 1, errors: 0 });
    expect(stats.operations.delete).toMatchObject({ calls: 1, errors: 0 });
    expect(stats.bytesRead).toBe(18);
    expect(stats.bytesWritten).toBe(19);
  });

  it("adds up latency in microseconds from the injected clock", async () => {
    const clock = new SteppingClock();
    const faulty = new FaultyObjectStore(new MemoryObjectStore(clock), {
      random: new SeededRandom(1),
      clock,
      latencyMs: 7.25,
    });
    const store = new InstrumentedObjectStore(faulty, clock);
    await store.put("k", text("v"));
    await store.get("k");
    await store.get("k");
    faulty.outage = true;
    await expect(store.head("k")).rejects.toBeInstanceOf(ObjectStoreUnavailableError);
    const stats = store.stats().operations;
    expect(stats.put.latencyUs).toBe(7250);
    expect(stats.get.latencyUs).toBe(14_500);
    // A failed call's time counts too: it is time spent waiting on the store.
    expect(stats.head).toEqual({ calls: 1, errors: 1, bytes: 0, latencyUs: 7250 });
  });

  it("exposes MySQL-style status rows", async () => {
    const clock = new ManualClock();
    const store = new InstrumentedObjectStore(new MemoryObjectStore(clock), clock);
    await store.putIfAbsent("k", text("abcd"));
    await store.getRange("k", 1, 2);
    const rows = new Map(store.statusRows());
    expect(rows.get("Objectstore_bytes_read")).toBe("2");
    expect(rows.get("Objectstore_bytes_written")).toBe("4");
    expect(rows.get("Objectstore_get_range_calls")).toBe("1");
    expect(rows.get("Objectstore_get_range_bytes")).toBe("2");
    expect(rows.get("Objectstore_get_range_errors")).toBe("0");
    expect(rows.get("Objectstore_get_range_latency_us")).toBe("0");
    expect(rows.get("Objectstore_put_if_absent_calls")).toBe("1");
    expect(rows.get("Objectstore_put_if_absent_bytes")).toBe("4");
    // Kinds that move no payload have no _bytes row.
    expect(rows.has("Objectstore_head_bytes")).toBe(false);
    expect(rows.has("Objectstore_list_calls")).toBe(true);
    // Every name is unique: 2 totals, 8 kinds × (calls, errors, latency), 5 kinds with bytes.
    expect(store.statusRows()).toHaveLength(2 + objectStoreOperations.length * 3 + 5);
    expect(rows.size).toBe(store.statusRows().length);
  });

  it("under a RetryingObjectStore, counts every request sent, retries included", async () => {
    const clock = new SteppingClock();
    const faulty = new FaultyObjectStore(new MemoryObjectStore(clock), {
      random: new SeededRandom(4),
      clock,
      failBeforeFraction: 0.3,
    });
    const instrumented = new InstrumentedObjectStore(faulty, clock);
    const logger = new Logger("error", { write: () => {} }, clock);
    const store = new RetryingObjectStore(instrumented, {
      clock,
      random: new SeededRandom(5),
      logger,
    });
    for (let i = 0; i < 50; i++) await store.put(`k/${i}`, text("12345678"));
    const put = instrumented.stats().operations.put;
    const injected = faulty.faultCounts().failedBefore;
    expect(injected).toBeGreaterThan(5);
    expect(put.errors).toBe(injected);
    expect(put.calls).toBe(50 + injected);
    expect(put.calls).toBe(50 + store.status().retriesTotal);
    expect(put.bytes).toBe(50 * 8);
  });
});
