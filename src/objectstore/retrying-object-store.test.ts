import { describe, expect, it } from "vitest";
import { bytesEqual } from "../util/bytes.ts";
import type { Clock, TimerHandle } from "../util/clock.ts";
import { Logger } from "../util/log.ts";
import { ManualClock } from "../util/manual-clock.ts";
import { SeededRandom } from "../util/random.ts";
import { FaultyObjectStore } from "./faulty-object-store.ts";
import { MemoryObjectStore } from "./memory-object-store.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "./object-store.ts";
import { objectStoreContract } from "./object-store-contract.ts";
import {
  ObjectExistsError,
  ObjectNotFoundError,
  ObjectStoreUnavailableError,
  PreconditionFailedError,
} from "./object-store-errors.ts";
import {
  fullJitterBackoffMs,
  RetryingObjectStore,
  type RetryingObjectStoreOptions,
} from "./retrying-object-store.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** A clock whose sleep returns at once and moves time forward by the slept amount, so retry
 * loops run instantly while their time budget is still measured. Records every sleep. */
class SteppingClock implements Clock {
  nowMsValue = 1_000_000;
  readonly sleeps: number[] = [];

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
    this.sleeps.push(delayMs);
    this.nowMsValue += delayMs;
  }
}

/** Collects log lines. */
function capturingLogger(clock: Clock): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: new Logger("debug", { write: (line) => lines.push(line) }, clock), lines };
}

function retrying(
  inner: ObjectStore,
  clock: Clock,
  extra: Partial<RetryingObjectStoreOptions> = {},
): RetryingObjectStore {
  const { logger } = capturingLogger(clock);
  return new RetryingObjectStore(inner, { clock, random: new SeededRandom(9), logger, ...extra });
}

interface WriteRecord {
  readonly operation: "put" | "putIfAbsent" | "putIfMatch";
  readonly key: string;
  readonly bytes: string;
}

/**
 * A store for scripted failures: records every write that reaches it, and lets a test replace
 * any operation's behaviour for the next calls (`script`), e.g. to make a write land and then
 * report ObjectStoreUnavailableError, or to let another writer win in between.
 */
class ScriptedObjectStore implements ObjectStore {
  readonly writes: WriteRecord[] = [];
  readonly calls: string[] = [];
  readonly inner = new MemoryObjectStore();
  readonly #scripts = new Map<string, Array<() => Promise<unknown>>>();

  /** The next call of `operation` runs `step` instead of the real operation. */
  script(operation: string, step: () => Promise<unknown>): void {
    const steps = this.#scripts.get(operation) ?? [];
    steps.push(step);
    this.#scripts.set(operation, steps);
  }

  async #call<T>(operation: string, real: () => Promise<T>): Promise<T> {
    this.calls.push(operation);
    const step = this.#scripts.get(operation)?.shift();
    return step === undefined ? real() : (step() as Promise<T>);
  }

  get(key: string): Promise<Uint8Array> {
    return this.#call("get", () => this.inner.get(key));
  }
  getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    return this.#call("getRange", () => this.inner.getRange(key, offset, length));
  }
  head(key: string): Promise<ObjectMeta> {
    return this.#call("head", () => this.inner.head(key));
  }
  put(key: string, bytes: Uint8Array): Promise<string> {
    this.writes.push({ operation: "put", key, bytes: decode(bytes) });
    return this.#call("put", () => this.inner.put(key, bytes));
  }
  putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    this.writes.push({ operation: "putIfAbsent", key, bytes: decode(bytes) });
    return this.#call("putIfAbsent", () => this.inner.putIfAbsent(key, bytes));
  }
  putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    this.writes.push({ operation: "putIfMatch", key, bytes: decode(bytes) });
    return this.#call("putIfMatch", () => this.inner.putIfMatch(key, bytes, etag));
  }
  list(prefix: string, options?: ListOptions): Promise<readonly ObjectMeta[]> {
    return this.#call("list", () => this.inner.list(prefix, options));
  }
  delete(key: string): Promise<void> {
    return this.#call("delete", () => this.inner.delete(key));
  }
}

const unavailable = (what = "503 SlowDown"): ObjectStoreUnavailableError =>
  new ObjectStoreUnavailableError(what);

objectStoreContract("RetryingObjectStore over MemoryObjectStore", async () =>
  retrying(new MemoryObjectStore(), new SteppingClock()),
);

// The real test of ambiguous-write resolution: a fifth of all calls fail before they run, and a
// fifth of all writes land and then report failure, yet the contract holds exactly.
for (const seed of [1, 2, 3]) {
  objectStoreContract(`RetryingObjectStore over 20% faults (seed ${seed})`, async () => {
    const clock = new SteppingClock();
    const faulty = new FaultyObjectStore(new MemoryObjectStore(clock), {
      random: new SeededRandom(seed),
      clock,
      failBeforeFraction: 0.2,
      failAfterWriteFraction: 0.2,
    });
    return retrying(faulty, clock, { random: new SeededRandom(seed + 100) });
  });
}

describe("fullJitterBackoffMs", () => {
  it("grows exponentially up to the cap and is jittered over [0, ceiling]", () => {
    const random = new SeededRandom(5);
    const ceilings = [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000];
    ceilings.forEach((ceiling, retry) => {
      const draw = (): number => fullJitterBackoffMs(retry, 100, 5000, random);
      const draws = Array.from({ length: 400 }, draw);
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThanOrEqual(ceiling);
      // Spread over the whole range, not a fixed delay: near both ends and many distinct values.
      expect(Math.max(...draws)).toBeGreaterThan(ceiling * 0.9);
      expect(Math.min(...draws)).toBeLessThan(ceiling * 0.1);
      expect(new Set(draws).size).toBeGreaterThan(Math.min(ceiling, 400) / 4);
      const mean = draws.reduce((sum, d) => sum + d, 0) / draws.length;
      expect(mean).toBeGreaterThan(ceiling * 0.4);
      expect(mean).toBeLessThan(ceiling * 0.6);
    });
  });

  it("stays finite for huge retry numbers", () => {
    expect(fullJitterBackoffMs(10_000, 100, 5000, new SeededRandom(1))).toBeLessThanOrEqual(5000);
  });
});

describe("RetryingObjectStore retries", () => {
  it("retries unavailable calls with growing, jittered backoff", async () => {
    const clock = new SteppingClock();
    const scripted = new ScriptedObjectStore();
    await scripted.inner.put("k", text("v"));
    for (let i = 0; i < 8; i++) scripted.script("get", () => Promise.reject(unavailable()));
    const store = retrying(scripted, clock, { backoffBaseMs: 100, backoffCapMs: 1000 });
    expect(decode(await store.get("k"))).toBe("v");
    expect(scripted.calls).toEqual(Array(9).fill("get"));
    expect(clock.sleeps).toHaveLength(8);
    const ceilings = [100, 200, 400, 800, 1000, 1000, 1000, 1000];
    clock.sleeps.forEach((sleep, i) => expect(sleep).toBeLessThanOrEqual(ceilings[i] ?? 0));
    expect(store.status()).toMatchObject({ retriesTotal: 8, giveUpsTotal: 0, retryingCalls: 0 });
    expect(store.status().unavailableSinceMs).toBeUndefined();
  });

  it("passes definite answers through without retrying", async () => {
    const scripted = new ScriptedObjectStore();
    const store = retrying(scripted, new SteppingClock());
    await expect(store.get("missing")).rejects.toBeInstanceOf(ObjectNotFoundError);
    await store.putIfAbsent("k", text("a"));
    await expect(store.putIfAbsent("k", text("b"))).rejects.toBeInstanceOf(ObjectExistsError);
    await expect(store.putIfMatch("k", text("b"), "nope")).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect(scripted.calls).toEqual(["get", "putIfAbsent", "putIfAbsent", "putIfMatch"]);
    expect(store.status().retriesTotal).toBe(0);
  });

  it("gives up when the time budget is spent, saying how long it tried", async () => {
    const clock = new SteppingClock();
    const faulty = new FaultyObjectStore(new MemoryObjectStore(clock), {
      random: new SeededRandom(1),
      clock,
    });
    faulty.outage = true;
    const store = retrying(faulty, clock, { retryTimeoutMs: 10_000 });
    const startMs = clock.monotonicMs();
    const error = await store.putIfAbsent("k", text("v")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreUnavailableError);
    expect((error as Error).message).toMatch(/^S3 unavailable for 10 s: injected outage/);
    expect((error as Error).cause).toBeInstanceOf(ObjectStoreUnavailableError);
    // The last wait is cut to the budget: exactly 10 s of waiting, not a backoff more.
    expect(clock.monotonicMs() - startMs).toBe(10_000);
    expect(clock.sleeps.reduce((sum, s) => sum + s, 0)).toBe(10_000);
    expect(store.status()).toMatchObject({ giveUpsTotal: 1, retryingCalls: 0 });
    expect(faulty.faultCounts().outageFailures).toBe(clock.sleeps.length + 1);
  });

  it("with the default budget, a long outage makes a write wait 120 s and then fail", async () => {
    const clock = new SteppingClock();
    const faulty = new FaultyObjectStore(new MemoryObjectStore(clock), {
      random: new SeededRandom(1),
      clock,
    });
    faulty.outage = true;
    const store = retrying(faulty, clock);
    const error = await store.put("k", text("v")).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^S3 unavailable for 120 s: /);
    expect(clock.sleeps.reduce((sum, s) => sum + s, 0)).toBe(120_000);
  });

  it("gives up after attemptsMax attempts", async () => {
    const clock = new SteppingClock();
    const faulty = new FaultyObjectStore(new MemoryObjectStore(clock), {
      random: new SeededRandom(1),
      clock,
    });
    faulty.outage = true;
    const store = retrying(faulty, clock, { attemptsMax: 3 });
    const error = await store.head("k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreUnavailableError);
    expect((error as Error).message).toContain("gave up after 3 attempts");
    expect(faulty.faultCounts().outageFailures).toBe(3);
  });
});

describe("RetryingObjectStore ambiguous putIfAbsent", () => {
  it("succeeds when the failed attempt's write landed, without writing again", async () => {
    const scripted = new ScriptedObjectStore();
    scripted.script("putIfAbsent", async () => {
      await scripted.inner.putIfAbsent("m/1", text("ours"));
      throw unavailable("timeout");
    });
    const store = retrying(scripted, new SteppingClock());
    const etag = await store.putIfAbsent("m/1", text("ours"));
    expect(etag).toBe((await scripted.inner.head("m/1")).etag);
    expect(scripted.writes).toEqual([{ operation: "putIfAbsent", key: "m/1", bytes: "ours" }]);
    expect(scripted.calls).toEqual(["putIfAbsent", "get", "head"]);
  });

  it("fails with ObjectExistsError when another writer's bytes landed; no overwrite", async () => {
    const scripted = new ScriptedObjectStore();
    scripted.script("putIfAbsent", async () => {
      await scripted.inner.putIfAbsent("m/1", text("theirs"));
      throw unavailable("timeout");
    });
    const store = retrying(scripted, new SteppingClock());
    await expect(store.putIfAbsent("m/1", text("ours"))).rejects.toBeInstanceOf(ObjectExistsError);
    expect(decode(await scripted.inner.get("m/1"))).toBe("theirs");
    expect(scripted.writes.map((w) => w.operation)).toEqual(["putIfAbsent"]);
  });

  it("creates again when the failed attempt wrote nothing", async () => {
    const scripted = new ScriptedObjectStore();
    scripted.script("putIfAbsent", () => Promise.reject(unavailable()));
    const store = retrying(scripted, new SteppingClock());
    await store.putIfAbsent("m/1", text("ours"));
    expect(decode(await scripted.inner.get("m/1"))).toBe("ours");
    expect(scripted.calls).toEqual(["putIfAbsent", "get", "putIfAbsent"]);
    expect(scripted.writes.every((w) => w.operation === "putIfAbsent")).toBe(true);
  });

  it("recognises its own write that lands late, after the read-back found nothing", async () => {
    const scripted = new ScriptedObjectStore();
    scripted.script("putIfAbsent", () => Promise.reject(unavailable("timeout")));
    // The timed-out request is applied just before the retry's create.
    scripted.script("putIfAbsent", async () => {
      await scripted.inner.putIfAbsent("m/1", text("ours"));
      return scripted.inner.putIfAbsent("m/1", text("ours"));
    });
    const store = retrying(scripted, new SteppingClock());
    const etag = await store.putIfAbsent("m/1", text("ours"));
    expect(etag).toBe((await scripted.inner.head("m/1")).etag);
  });

  it("keeps resolving when the read-back itself fails", async () => {
    const scripted = new ScriptedObjectStore();
    scripted.script("putIfAbsent", async () => {
      await scripted.inner.putIfAbsent("m/1", text("ours"));
      throw unavailable();
    });
    scripted.script("get", () => Promise.reject(unavailable()));
    const store = retrying(scripted, new SteppingClock());
    await store.putIfAbsent("m/1", text("ours"));
    expect(scripted.calls).toEqual(["putIfAbsent", "get", "get", "head"]);
    expect(scripted.writes).toHaveLength(1);
  });
});

describe("RetryingObjectStore ambiguous putIfMatch", () => {
  async function withEpoch(): Promise<{ scripted: ScriptedObjectStore; etag: string }> {
    const scripted = new ScriptedObjectStore();
    const etag = await scripted.inner.putIfAbsent("WRITER_EPOCH", text("epoch 1"));
    return { scripted, etag };
  }

  it("succeeds with the new etag when the failed swap landed", async () => {
    const { scripted, etag } = await withEpoch();
    scripted.script("putIfMatch", async () => {
      await scripted.inner.putIfMatch("WRITER_EPOCH", text("epoch 2"), etag);
      throw unavailable("timeout");
    });
    const store = retrying(scripted, new SteppingClock());
    const newEtag = await store.putIfMatch("WRITER_EPOCH", text("epoch 2"), etag);
    expect(newEtag).not.toBe(etag);
    expect(newEtag).toBe((await scripted.inner.head("WRITER_EPOCH")).etag);
    expect(scripted.writes).toHaveLength(1);
  });

  it("reports PreconditionFailedError when another writer swapped first", async () => {
    const { scripted, etag } = await withEpoch();
    scripted.script("putIfMatch", async () => {
      await scripted.inner.putIfMatch("WRITER_EPOCH", text("epoch 3 (other node)"), etag);
      throw unavailable("timeout");
    });
    const store = retrying(scripted, new SteppingClock());
    await expect(
      store.putIfMatch("WRITER_EPOCH", text("epoch 2"), etag),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(decode(await scripted.inner.get("WRITER_EPOCH"))).toBe("epoch 3 (other node)");
    expect(scripted.writes).toHaveLength(1);
  });

  it("swaps again when the failed attempt changed nothing", async () => {
    const { scripted, etag } = await withEpoch();
    scripted.script("putIfMatch", () => Promise.reject(unavailable()));
    const store = retrying(scripted, new SteppingClock());
    const newEtag = await store.putIfMatch("WRITER_EPOCH", text("epoch 2"), etag);
    expect(decode(await scripted.inner.get("WRITER_EPOCH"))).toBe("epoch 2");
    expect(newEtag).toBe((await scripted.inner.head("WRITER_EPOCH")).etag);
    expect(scripted.calls).toEqual(["putIfMatch", "head", "putIfMatch"]);
  });

  it("recognises its own swap that lands late, after the head still saw the old etag", async () => {
    const { scripted, etag } = await withEpoch();
    scripted.script("putIfMatch", () => Promise.reject(unavailable("timeout")));
    // The timed-out request is applied just before the retry's swap, which then loses.
    scripted.script("putIfMatch", async () => {
      await scripted.inner.putIfMatch("WRITER_EPOCH", text("epoch 2"), etag);
      return scripted.inner.putIfMatch("WRITER_EPOCH", text("epoch 2"), etag);
    });
    const store = retrying(scripted, new SteppingClock());
    const newEtag = await store.putIfMatch("WRITER_EPOCH", text("epoch 2"), etag);
    expect(newEtag).toBe((await scripted.inner.head("WRITER_EPOCH")).etag);
    expect(scripted.calls).toEqual(["putIfMatch", "head", "putIfMatch", "head", "get", "head"]);
  });

  it("reports the swap lost when the object moves on while it is read back", async () => {
    const { scripted, etag } = await withEpoch();
    scripted.script("putIfMatch", async () => {
      await scripted.inner.putIfMatch("WRITER_EPOCH", text("epoch 2"), etag);
      throw unavailable("timeout");
    });
    // Between the read-back's get and its second head, another node swaps in its epoch.
    scripted.script("get", async () => {
      const bytes = await scripted.inner.get("WRITER_EPOCH");
      const current = (await scripted.inner.head("WRITER_EPOCH")).etag;
      await scripted.inner.putIfMatch("WRITER_EPOCH", text("epoch 3"), current);
      return bytes;
    });
    const store = retrying(scripted, new SteppingClock());
    await expect(
      store.putIfMatch("WRITER_EPOCH", text("epoch 2"), etag),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it("reports PreconditionFailedError when the object vanished", async () => {
    const { scripted, etag } = await withEpoch();
    scripted.script("putIfMatch", async () => {
      await scripted.inner.delete("WRITER_EPOCH");
      throw unavailable();
    });
    const store = retrying(scripted, new SteppingClock());
    await expect(store.putIfMatch("WRITER_EPOCH", text("x"), etag)).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });
});

describe("RetryingObjectStore under random faults", () => {
  it("creates every object exactly once, with putIfAbsent only, and never overwrites", async () => {
    const clock = new SteppingClock();
    const scripted = new ScriptedObjectStore();
    const faulty = new FaultyObjectStore(scripted, {
      random: new SeededRandom(77),
      clock,
      failBeforeFraction: 0.3,
      failAfterWriteFraction: 0.3,
    });
    const store = retrying(faulty, clock);
    // Two writers race for each key; exactly one wins, the other learns it lost.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        store.putIfAbsent(`sst/${i >> 1}`, text(`writer ${i & 1} of ${i >> 1}`)),
      ),
    );
    for (let key = 0; key < 100; key++) {
      const pair = [outcomes[2 * key], outcomes[2 * key + 1]];
      const winners = pair.filter((o) => o?.status === "fulfilled");
      expect(winners).toHaveLength(1);
      const loser = pair.find((o) => o?.status === "rejected");
      expect(loser?.status === "rejected" && loser.reason).toBeInstanceOf(ObjectExistsError);
      const winner = pair.indexOf(winners[0]);
      const stored = await scripted.inner.get(`sst/${key}`);
      expect(bytesEqual(stored, text(`writer ${winner} of ${key}`))).toBe(true);
    }
    expect(scripted.writes.every((w) => w.operation === "putIfAbsent")).toBe(true);
    expect(faulty.faultCounts().failedAfterWrite).toBeGreaterThan(10);
    expect(store.status().retriesTotal).toBeGreaterThan(10);
  });
});

describe("RetryingObjectStore status", () => {
  /** Lets promise continuations run between clock advances. */
  async function flushMicrotasks(): Promise<void> {
    for (let i = 0; i < 50; i++) await Promise.resolve();
  }

  it("shows waiting calls and the outage, and logs its start and end once", async () => {
    const clock = new ManualClock(5_000);
    const { logger, lines } = capturingLogger(clock);
    const faulty = new FaultyObjectStore(new MemoryObjectStore(clock), {
      random: new SeededRandom(1),
      clock,
    });
    const store = new RetryingObjectStore(faulty, {
      clock,
      random: new SeededRandom(2),
      logger,
      backoffBaseMs: 100,
      backoffCapMs: 400,
    });
    const rows = (): Record<string, string> => Object.fromEntries(store.statusRows());
    expect(rows()).toEqual({
      Objectstore_calls_waiting: "0",
      Objectstore_retries: "0",
      Objectstore_retry_giveups: "0",
      Objectstore_unavailable_ms: "0",
    });
    faulty.outage = true;
    const writes = [store.put("a", text("1")), store.put("b", text("2"))];
    await flushMicrotasks();
    expect(store.status().unavailableSinceMs).toBe(5_000);
    for (let ms = 0; ms < 3_000; ms += 50) {
      clock.advance(50);
      await flushMicrotasks();
    }
    expect(rows()["Objectstore_calls_waiting"]).toBe("2");
    expect(rows()["Objectstore_unavailable_ms"]).toBe("3000");
    expect(Number(rows()["Objectstore_retries"])).toBeGreaterThan(6);
    faulty.outage = false;
    for (let ms = 0; ms < 1_000; ms += 50) {
      clock.advance(50);
      await flushMicrotasks();
    }
    await Promise.all(writes);
    expect(rows()["Objectstore_calls_waiting"]).toBe("0");
    expect(rows()["Objectstore_unavailable_ms"]).toBe("0");
    expect(store.status().unavailableSinceMs).toBeUndefined();
    const warnings = lines.filter((line) => line.includes(" WARN "));
    const infos = lines.filter((line) => line.includes(" INFO "));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("object store unavailable");
    expect(infos).toHaveLength(1);
    expect(infos[0]).toContain("object store available again");
    expect(lines).toHaveLength(2);
  });

  it("does not log a stray failure that the next attempt absorbs", async () => {
    const clock = new SteppingClock();
    const { logger, lines } = capturingLogger(clock);
    const scripted = new ScriptedObjectStore();
    scripted.script("put", () => Promise.reject(unavailable()));
    const store = new RetryingObjectStore(scripted, { clock, random: new SeededRandom(3), logger });
    await store.put("k", text("v"));
    expect(store.status().retriesTotal).toBe(1);
    expect(lines).toEqual([]);
  });
});
