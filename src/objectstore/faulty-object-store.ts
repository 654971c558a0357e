/**
 * FaultyObjectStore: an ObjectStore decorator that injects the failures S3 really produces, for
 * tests, the simulator and fault campaigns (leveldb's fault-injection Env, SlateDB's failing
 * object store in its simulation tests). Driven by an injected seeded Random and Clock, so a
 * run replays exactly from its seed.
 *
 * Faults, all reported as ObjectStoreUnavailableError (S3 503 SlowDown or a timeout):
 * - before: a fraction of all calls fail before they reach the inner store (nothing happened);
 * - after a write: a fraction of puts (put, putIfAbsent, putIfMatch) fail after the inner store
 *   performed them, the ambiguous case a timed-out PUT creates: the object is written, the
 *   caller only sees an error;
 * - outage: while the switch is on, every call fails before it runs;
 * - latency: every call first waits `latencyMs` plus up to `latencyJitterMs` on the Clock.
 *
 * Invariant: an injected failure never changes what the inner store holds beyond what the inner
 * call itself did, so every provider guarantee (atomic conditional writes, no overwrites) holds.
 */

import { assert } from "../util/assert.ts";
import type { Clock } from "../util/clock.ts";
import type { Random } from "../util/random.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "./object-store.ts";
import { ObjectStoreUnavailableError } from "./object-store-errors.ts";

/** The fault mix; every field may be changed while the store is in use (`setFaults`). */
export interface FaultSettings {
  /** Fraction in [0, 1] of calls that fail before they run. */
  readonly failBeforeFraction?: number;
  /** Fraction in [0, 1] of puts that fail after they ran (the write landed). */
  readonly failAfterWriteFraction?: number;
  /** Latency added to every call, milliseconds. */
  readonly latencyMs?: number;
  /** Extra latency drawn uniformly from [0, latencyJitterMs] per call, milliseconds. */
  readonly latencyJitterMs?: number;
}

export interface FaultyObjectStoreOptions extends FaultSettings {
  readonly random: Random;
  /** Used only to sleep for the added latency. */
  readonly clock: Clock;
}

/** How many faults were injected so far, by kind. */
export interface FaultCounts {
  /** Calls failed before they ran (outage failures excluded). */
  readonly failedBefore: number;
  /** Puts failed after they ran: the write happened. */
  readonly failedAfterWrite: number;
  /** Calls failed because the outage switch was on. */
  readonly outageFailures: number;
  /** Calls that waited for added latency. */
  readonly delayedCalls: number;
}

const uint32Range = 0x1_0000_0000;

export class FaultyObjectStore implements ObjectStore {
  readonly #inner: ObjectStore;
  readonly #random: Random;
  readonly #clock: Clock;
  // Fractions are kept as thresholds on a uniform 32-bit draw, so a check is one comparison.
  #failBeforeThreshold = 0;
  #failAfterWriteThreshold = 0;
  #latencyMs = 0;
  #latencyJitterMs = 0;
  #outage = false;
  #failedBefore = 0;
  #failedAfterWrite = 0;
  #outageFailures = 0;
  #delayedCalls = 0;

  constructor(inner: ObjectStore, options: FaultyObjectStoreOptions) {
    this.#inner = inner;
    this.#random = options.random;
    this.#clock = options.clock;
    this.setFaults(options);
  }

  /** While true, every call fails with ObjectStoreUnavailableError before it runs. */
  get outage(): boolean {
    return this.#outage;
  }

  set outage(on: boolean) {
    this.#outage = on;
  }

  /** Replaces the fault mix; fields left out are reset to 0 (no such fault). */
  setFaults(settings: FaultSettings): void {
    const before = settings.failBeforeFraction ?? 0;
    const after = settings.failAfterWriteFraction ?? 0;
    const latency = settings.latencyMs ?? 0;
    const jitter = settings.latencyJitterMs ?? 0;
    assert(before >= 0 && before <= 1, `failBeforeFraction must be in [0, 1]: ${before}`);
    assert(after >= 0 && after <= 1, `failAfterWriteFraction must be in [0, 1]: ${after}`);
    assert(Number.isFinite(latency) && latency >= 0, `latencyMs must be >= 0: ${latency}`);
    assert(Number.isSafeInteger(jitter) && jitter >= 0, `latencyJitterMs: ${jitter}`);
    this.#failBeforeThreshold = before * uint32Range;
    this.#failAfterWriteThreshold = after * uint32Range;
    this.#latencyMs = latency;
    this.#latencyJitterMs = jitter;
  }

  faultCounts(): FaultCounts {
    return {
      failedBefore: this.#failedBefore,
      failedAfterWrite: this.#failedAfterWrite,
      outageFailures: this.#outageFailures,
      delayedCalls: this.#delayedCalls,
    };
  }

  async get(key: string): Promise<Uint8Array> {
    await this.#before("get", key);
    return this.#inner.get(key);
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    await this.#before("getRange", key);
    return this.#inner.getRange(key, offset, length);
  }

  async head(key: string): Promise<ObjectMeta> {
    await this.#before("head", key);
    return this.#inner.head(key);
  }

  async put(key: string, bytes: Uint8Array): Promise<string> {
    await this.#before("put", key);
    const etag = await this.#inner.put(key, bytes);
    this.#after("put", key);
    return etag;
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    await this.#before("putIfAbsent", key);
    const etag = await this.#inner.putIfAbsent(key, bytes);
    this.#after("putIfAbsent", key);
    return etag;
  }

  async putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    await this.#before("putIfMatch", key);
    const newEtag = await this.#inner.putIfMatch(key, bytes, etag);
    this.#after("putIfMatch", key);
    return newEtag;
  }

  async list(prefix: string, options?: ListOptions): Promise<readonly ObjectMeta[]> {
    await this.#before("list", prefix);
    return this.#inner.list(prefix, options);
  }

  async delete(key: string): Promise<void> {
    await this.#before("delete", key);
    return this.#inner.delete(key);
  }

  /** Waits for the added latency, then throws when the call is to fail before it runs. */
  async #before(operation: string, key: string): Promise<void> {
    if (this.#latencyMs > 0 || this.#latencyJitterMs > 0) {
      const jitterBound = this.#latencyJitterMs + 1;
      const jitter = this.#latencyJitterMs > 0 ? this.#random.nextInt(jitterBound) : 0;
      this.#delayedCalls++;
      await this.#clock.sleep(this.#latencyMs + jitter);
    }
    // The switch is read after the wait, so an outage that starts meanwhile fails the call.
    if (this.#outage) {
      this.#outageFailures++;
      throw new ObjectStoreUnavailableError(`injected outage: ${operation} ${key} not attempted`);
    }
    if (this.#draw(this.#failBeforeThreshold)) {
      this.#failedBefore++;
      throw new ObjectStoreUnavailableError(`injected fault: ${operation} ${key} not attempted`);
    }
  }

  /** Throws after a write that landed, when this write is to look failed to its caller. */
  #after(operation: string, key: string): void {
    if (this.#draw(this.#failAfterWriteThreshold)) {
      this.#failedAfterWrite++;
      throw new ObjectStoreUnavailableError(
        `injected fault: ${operation} ${key} was written but reports failure`,
      );
    }
  }

  /** True with the probability the threshold encodes. Draws nothing when the fault is off, so
   * a store with no faults configured consumes no randomness from a shared Random. */
  #draw(threshold: number): boolean {
    return threshold > 0 && this.#random.nextUint32() < threshold;
  }
}
