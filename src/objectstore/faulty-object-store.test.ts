import { describe, expect, it } from "vitest";
import { ManualClock } from "../util/manual-clock.ts";
import { SeededRandom } from "../util/random.ts";
import { FaultyObjectStore } from "./faulty-object-store.ts";
import { MemoryObjectStore } from "./memory-object-store.ts";
import { objectStoreContract } from "./object-store-contract.ts";
import { ObjectNotFoundError, ObjectStoreUnavailableError } from "./object-store-errors.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

// With no faults configured the decorator must be invisible.
objectStoreContract("FaultyObjectStore without faults", async () => {
  const clock = new ManualClock();
  return new FaultyObjectStore(new MemoryObjectStore(clock), {
    random: new SeededRandom(1),
    clock,
  });
});

/** Runs `operation` and reports whether it failed with ObjectStoreUnavailableError. */
async function unavailable(operation: Promise<unknown>): Promise<boolean> {
  try {
    await operation;
    return false;
  } catch (error) {
    if (error instanceof ObjectStoreUnavailableError) return true;
    throw error;
  }
}

/** Lets pending promise continuations run (no timers involved). */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A clock whose sleeps return at once, recording how long they were asked to be. */
class SleepRecordingClock extends ManualClock {
  readonly sleeps: number[] = [];

  override sleep(delayMs: number): Promise<void> {
    this.sleeps.push(delayMs);
    return Promise.resolve();
  }
}

describe("FaultyObjectStore", () => {
  it("fails about the configured fraction of calls before running them", async () => {
    const memory = new MemoryObjectStore();
    const store = new FaultyObjectStore(memory, {
      random: new SeededRandom(7),
      clock: new ManualClock(),
      failBeforeFraction: 0.3,
    });
    let failures = 0;
    for (let i = 0; i < 1000; i++) {
      if (await unavailable(store.putIfAbsent(`k/${i}`, text("v")))) failures++;
    }
    expect(failures).toBeGreaterThan(240);
    expect(failures).toBeLessThan(360);
    expect(store.faultCounts()).toMatchObject({ failedBefore: failures, failedAfterWrite: 0 });
    // A call failed before it ran wrote nothing.
    expect((await memory.list("k/")).length).toBe(1000 - failures);
  });

  it("fails puts after writing them: the object exists, the caller sees an error", async () => {
    const memory = new MemoryObjectStore();
    const store = new FaultyObjectStore(memory, {
      random: new SeededRandom(3),
      clock: new ManualClock(),
      failAfterWriteFraction: 0.5,
    });
    let failures = 0;
    for (let i = 0; i < 200; i++) {
      if (await unavailable(store.putIfAbsent(`k/${i}`, text(`v${i}`)))) failures++;
    }
    expect(failures).toBeGreaterThan(70);
    expect(failures).toBeLessThan(130);
    expect(store.faultCounts().failedAfterWrite).toBe(failures);
    // Every write landed, whether or not it reported failure.
    expect((await memory.list("k/")).length).toBe(200);
    expect(decode(await memory.get("k/123"))).toBe("v123");
  });

  it("never fails reads, lists or deletes after the fact", async () => {
    const memory = new MemoryObjectStore();
    await memory.put("k", text("v"));
    const store = new FaultyObjectStore(memory, {
      random: new SeededRandom(3),
      clock: new ManualClock(),
      failAfterWriteFraction: 1,
    });
    expect(decode(await store.get("k"))).toBe("v");
    expect((await store.head("k")).size).toBe(1);
    expect(await store.list("")).toHaveLength(1);
    await store.delete("k");
    expect(await unavailable(store.put("k", text("w")))).toBe(true);
    expect(decode(await memory.get("k"))).toBe("w");
  });

  it("fails every call during an outage and recovers when it ends", async () => {
    const memory = new MemoryObjectStore();
    const store = new FaultyObjectStore(memory, {
      random: new SeededRandom(1),
      clock: new ManualClock(),
    });
    await store.put("k", text("v"));
    store.outage = true;
    const calls = [
      store.get("k"),
      store.getRange("k", 0, 1),
      store.head("k"),
      store.put("k", text("x")),
      store.putIfAbsent("n", text("x")),
      store.putIfMatch("k", text("x"), "m1"),
      store.list(""),
      store.delete("k"),
    ];
    for (const call of calls) expect(await unavailable(call)).toBe(true);
    expect(store.faultCounts().outageFailures).toBe(8);
    expect(decode(await memory.get("k"))).toBe("v");
    expect(await memory.list("")).toHaveLength(1);
    store.outage = false;
    expect(decode(await store.get("k"))).toBe("v");
  });

  it("passes definite errors of the inner store through unchanged", async () => {
    const store = new FaultyObjectStore(new MemoryObjectStore(), {
      random: new SeededRandom(1),
      clock: new ManualClock(),
    });
    await expect(store.get("missing")).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it("adds latency on the injected clock", async () => {
    const clock = new ManualClock();
    const store = new FaultyObjectStore(new MemoryObjectStore(clock), {
      random: new SeededRandom(5),
      clock,
      latencyMs: 40,
    });
    let done = false;
    const put = store.put("k", text("v")).then(() => {
      done = true;
    });
    await flushMicrotasks();
    clock.advance(39);
    await flushMicrotasks();
    expect(done).toBe(false);
    clock.advance(1);
    await put;
    expect(done).toBe(true);
    expect(store.faultCounts().delayedCalls).toBe(1);
  });

  it("draws jittered latency within [latencyMs, latencyMs + latencyJitterMs]", async () => {
    const clock = new SleepRecordingClock();
    const store = new FaultyObjectStore(new MemoryObjectStore(), {
      random: new SeededRandom(11),
      clock,
      latencyMs: 10,
      latencyJitterMs: 20,
    });
    for (let i = 0; i < 200; i++) await store.put("k", text("v"));
    const sleeps = clock.sleeps;
    expect(Math.min(...sleeps)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(30);
    expect(new Set(sleeps).size).toBeGreaterThan(10);
  });

  it("replays the same faults from the same seed, and changes them at run time", async () => {
    const run = async (seed: number): Promise<boolean[]> => {
      const store = new FaultyObjectStore(new MemoryObjectStore(), {
        random: new SeededRandom(seed),
        clock: new ManualClock(),
        failBeforeFraction: 0.2,
        failAfterWriteFraction: 0.2,
      });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 50; i++) outcomes.push(await unavailable(store.put(`k${i}`, text("v"))));
      store.setFaults({});
      for (let i = 0; i < 50; i++) outcomes.push(await unavailable(store.put(`k${i}`, text("v"))));
      return outcomes;
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(await run(43)).not.toEqual(first);
    expect(first.slice(0, 50)).toContain(true);
    expect(first.slice(50)).not.toContain(true);
  });

  it("rejects fractions outside [0, 1]", () => {
    const options = { random: new SeededRandom(1), clock: new ManualClock() };
    const memory = new MemoryObjectStore();
    expect(() => new FaultyObjectStore(memory, { ...options, failBeforeFraction: 1.5 })).toThrow();
    const negative = { ...options, failAfterWriteFraction: -1 };
    expect(() => new FaultyObjectStore(memory, negative)).toThrow();
  });
});
