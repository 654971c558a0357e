/**
 * RetryingObjectStore: an ObjectStore decorator that retries ObjectStoreUnavailableError (S3 503
 * SlowDown, timeouts) with exponential backoff and full jitter, bounded per call by a time budget
 * and an attempt count (SlateDB's retrying_object_store.rs). Every other error passes through at
 * once: a missing key or a lost conditional write is an answer, not a failure.
 *
 * Ambiguous writes. A failed write attempt may still have been applied (the answer was lost, or
 * a timed-out request lands later), so a retry never writes blindly:
 * - putIfAbsent: the next attempt first reads the key. Absent → create again. Present with
 *   exactly our bytes → our write landed: success with its etag. Other bytes → ObjectExistsError.
 * - putIfMatch: the next attempt first heads the key. Still the expected etag → swap again.
 *   Otherwise, if the content is exactly our bytes (and did not change while we read it) our
 *   swap landed: success with the current etag; else PreconditionFailedError.
 * - put (unconditional, tests and tools only), reads, list and delete are idempotent: retried.
 * Identical bytes written by another writer count as ours; for immutable objects that is the
 * same object, and WRITER_EPOCH contents name their writer, so they never coincide.
 *
 * Status. `status()` / `statusRows()` report calls waiting on retries, the current outage (from
 * the first failure until any call gets an answer again), total retries and give-ups, for SHOW
 * GLOBAL STATUS. An outage is logged once as a warning when it has lasted
 * `outageWarnAfterMs`, and once as info when it ends; retries themselves are never logged.
 *
 * Concurrency: calls are independent; the shared counters are only touched between awaits.
 */

import {
  objectstoreOutageWarnAfterMs,
  objectstoreRetryAttemptsMaxDefault,
  objectstoreRetryBackoffBaseMsDefault,
  objectstoreRetryBackoffCapMsDefault,
  objectstoreRetryTimeoutMsDefault,
} from "../constants.ts";
import { assert } from "../util/assert.ts";
import { bytesEqual } from "../util/bytes.ts";
import type { Clock } from "../util/clock.ts";
import type { Logger } from "../util/log.ts";
import type { Random } from "../util/random.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "./object-store.ts";
import {
  ObjectExistsError,
  ObjectNotFoundError,
  ObjectStoreError,
  ObjectStoreUnavailableError,
  PreconditionFailedError,
} from "./object-store-errors.ts";

export interface RetryingObjectStoreOptions {
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** Time budget of one call, retries included; objectstoreRetryTimeoutMsDefault when absent. */
  readonly retryTimeoutMs?: number;
  /** Attempts of one call, the first included; objectstoreRetryAttemptsMaxDefault when absent. */
  readonly attemptsMax?: number;
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  /** How long failures must last before they are logged as an outage. */
  readonly outageWarnAfterMs?: number;
}

/** Live retry state, for SHOW GLOBAL STATUS and the simulator. */
export interface RetryStatus {
  /** Calls that have failed at least once and are still retrying. */
  readonly retryingCalls: number;
  /** Monotonic time (Clock.monotonicMs) of the first failure of the current outage. */
  readonly unavailableSinceMs: number | undefined;
  readonly retriesTotal: number;
  readonly giveUpsTotal: number;
}

/**
 * The wait before retry number `retry` (0 for the first retry): uniform over
 * [0, min(capMs, baseMs × 2^retry)] ("full jitter", AWS Architecture Blog, 2015), so that
 * callers that failed together spread out instead of retrying in lockstep.
 */
export function fullJitterBackoffMs(
  retry: number,
  baseMs: number,
  capMs: number,
  random: Random,
): number {
  assert(Number.isSafeInteger(retry) && retry >= 0, `bad retry number: ${retry}`);
  // 2^30 × any positive base already exceeds every sane cap; the clamp keeps the power finite.
  const ceilingMs = Math.floor(Math.min(capMs, baseMs * 2 ** Math.min(retry, 30)));
  return random.nextInt(ceilingMs + 1);
}

type Attempt<T> = (attemptNumber: number) => Promise<T>;

export class RetryingObjectStore implements ObjectStore {
  readonly #inner: ObjectStore;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #logger: Logger;
  readonly #retryTimeoutMs: number;
  readonly #attemptsMax: number;
  readonly #backoffBaseMs: number;
  readonly #backoffCapMs: number;
  readonly #outageWarnAfterMs: number;
  #retryingCalls = 0;
  #retriesTotal = 0;
  #giveUpsTotal = 0;
  #unavailableSinceMs: number | undefined = undefined;
  #outageLogged = false;

  constructor(inner: ObjectStore, options: RetryingObjectStoreOptions) {
    this.#inner = inner;
    this.#clock = options.clock;
    this.#random = options.random;
    this.#logger = options.logger;
    this.#retryTimeoutMs = options.retryTimeoutMs ?? objectstoreRetryTimeoutMsDefault;
    this.#attemptsMax = options.attemptsMax ?? objectstoreRetryAttemptsMaxDefault;
    this.#backoffBaseMs = options.backoffBaseMs ?? objectstoreRetryBackoffBaseMsDefault;
    this.#backoffCapMs = options.backoffCapMs ?? objectstoreRetryBackoffCapMsDefault;
    this.#outageWarnAfterMs = options.outageWarnAfterMs ?? objectstoreOutageWarnAfterMs;
    assert(this.#retryTimeoutMs >= 0, "retryTimeoutMs must not be negative");
    assert(Number.isSafeInteger(this.#attemptsMax) && this.#attemptsMax >= 1, "attemptsMax >= 1");
    assert(this.#backoffBaseMs >= 0, "backoffBaseMs must not be negative");
    assert(this.#backoffBaseMs <= this.#backoffCapMs, "backoffBaseMs must not exceed the cap");
  }

  status(): RetryStatus {
    return {
      retryingCalls: this.#retryingCalls,
      unavailableSinceMs: this.#unavailableSinceMs,
      retriesTotal: this.#retriesTotal,
      giveUpsTotal: this.#giveUpsTotal,
    };
  }

  /** SHOW GLOBAL STATUS rows; Objectstore_unavailable_ms is 0 while the store answers. */
  statusRows(): Array<[string, string]> {
    const since = this.#unavailableSinceMs;
    const unavailableMs = since === undefined ? 0 : this.#clock.monotonicMs() - since;
    return [
      ["Objectstore_calls_waiting", String(this.#retryingCalls)],
      ["Objectstore_retries", String(this.#retriesTotal)],
      ["Objectstore_retry_giveups", String(this.#giveUpsTotal)],
      ["Objectstore_unavailable_ms", String(Math.round(unavailableMs))],
    ];
  }

  get(key: string): Promise<Uint8Array> {
    return this.#run("get", key, () => this.#inner.get(key));
  }

  getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    return this.#run("getRange", key, () => this.#inner.getRange(key, offset, length));
  }

  head(key: string): Promise<ObjectMeta> {
    return this.#run("head", key, () => this.#inner.head(key));
  }

  put(key: string, bytes: Uint8Array): Promise<string> {
    return this.#run("put", key, () => this.#inner.put(key, bytes));
  }

  putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    return this.#run("putIfAbsent", key, (attemptNumber) =>
      attemptNumber === 1
        ? this.#inner.putIfAbsent(key, bytes)
        : this.#putIfAbsentAgain(key, bytes),
    );
  }

  putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    return this.#run("putIfMatch", key, (attemptNumber) =>
      attemptNumber === 1
        ? this.#inner.putIfMatch(key, bytes, etag)
        : this.#putIfMatchAgain(key, bytes, etag),
    );
  }

  list(prefix: string, options?: ListOptions): Promise<readonly ObjectMeta[]> {
    return this.#run("list", prefix, () => this.#inner.list(prefix, options));
  }

  delete(key: string): Promise<void> {
    return this.#run("delete", key, () => this.#inner.delete(key));
  }

  // ---- the retry loop ----------------------------------------------------------------------

  /** Runs `attempt` until it answers, the budget is spent or the attempts run out. */
  async #run<T>(operation: string, key: string, attempt: Attempt<T>): Promise<T> {
    const startMs = this.#clock.monotonicMs();
    try {
      const result = await attempt(1);
      this.#answered();
      return result;
    } catch (error) {
      if (!(error instanceof ObjectStoreUnavailableError)) throw this.#answeredWith(error);
      return this.#retry(operation, key, attempt, startMs, error);
    }
  }

  async #retry<T>(
    operation: string,
    key: string,
    attempt: Attempt<T>,
    startMs: number,
    firstError: ObjectStoreUnavailableError,
  ): Promise<T> {
    this.#retryingCalls++;
    try {
      let lastError = firstError;
      for (let attempts = 1; ; attempts++) {
        this.#failed(operation, key, lastError);
        const elapsedMs = this.#clock.monotonicMs() - startMs;
        if (attempts >= this.#attemptsMax || elapsedMs >= this.#retryTimeoutMs) {
          throw this.#giveUp(operation, key, lastError, elapsedMs, attempts);
        }
        const backoffMs = fullJitterBackoffMs(
          attempts - 1,
          this.#backoffBaseMs,
          this.#backoffCapMs,
          this.#random,
        );
        // The last wait is cut short so that the final attempt still falls inside the budget.
        await this.#clock.sleep(Math.min(backoffMs, this.#retryTimeoutMs - elapsedMs));
        this.#retriesTotal++;
        try {
          const result = await attempt(attempts + 1);
          this.#answered();
          return result;
        } catch (error) {
          if (!(error instanceof ObjectStoreUnavailableError)) throw this.#answeredWith(error);
          lastError = error;
        }
      }
    } finally {
      this.#retryingCalls--;
    }
  }

  #giveUp(
    operation: string,
    key: string,
    lastError: ObjectStoreUnavailableError,
    elapsedMs: number,
    attempts: number,
  ): ObjectStoreUnavailableError {
    this.#giveUpsTotal++;
    // Whole seconds for a real outage ("120 s"), one decimal for a short test budget.
    const seconds =
      elapsedMs >= 10_000 ? String(Math.round(elapsedMs / 1000)) : (elapsedMs / 1000).toFixed(1);
    const message =
      `S3 unavailable for ${seconds} s: ${lastError.message} ` +
      `(${operation} ${key}, gave up after ${attempts} attempts)`;
    return new ObjectStoreUnavailableError(message, { cause: lastError });
  }

  /** Records an unavailable answer: starts the outage clock, and logs it once it lasts. */
  #failed(operation: string, key: string, error: ObjectStoreUnavailableError): void {
    const nowMs = this.#clock.monotonicMs();
    if (this.#unavailableSinceMs === undefined) {
      this.#unavailableSinceMs = nowMs;
      this.#outageLogged = false;
      return;
    }
    if (!this.#outageLogged && nowMs - this.#unavailableSinceMs >= this.#outageWarnAfterMs) {
      this.#outageLogged = true;
      this.#logger.warn("object store unavailable; calls wait and retry", {
        unavailable_ms: Math.round(nowMs - this.#unavailableSinceMs),
        operation,
        key,
        error: error.message,
      });
    }
  }

  /** Records that the store answered (success or a definite error): any outage is over. */
  #answered(): void {
    const since = this.#unavailableSinceMs;
    if (since === undefined) return;
    this.#unavailableSinceMs = undefined;
    if (this.#outageLogged) {
      this.#outageLogged = false;
      const outageMs = Math.round(this.#clock.monotonicMs() - since);
      this.#logger.info("object store available again", { outage_ms: outageMs });
    }
  }

  /** A definite answer from the store ends an outage; other errors (bugs) change nothing. */
  #answeredWith(error: unknown): unknown {
    if (error instanceof ObjectStoreError) this.#answered();
    return error;
  }

  // ---- ambiguous writes ----------------------------------------------------------------------

  /** A putIfAbsent attempt after a failed one, which may have created the object. */
  async #putIfAbsentAgain(key: string, bytes: Uint8Array): Promise<string> {
    const landedEtag = await this.#existingEtag(key, bytes);
    if (landedEtag !== undefined) return landedEtag;
    try {
      return await this.#inner.putIfAbsent(key, bytes);
    } catch (error) {
      // A timed-out request of ours can still be applied after the read above, so a conflict
      // is compared with our bytes once more before it is reported.
      if (!(error instanceof ObjectExistsError)) throw error;
      const lateEtag = await this.#existingEtag(key, bytes);
      if (lateEtag === undefined) throw error;
      return lateEtag;
    }
  }

  /** The etag of `key` when it holds exactly `bytes`, undefined when it is absent;
   * ObjectExistsError when it holds anything else. */
  async #existingEtag(key: string, bytes: Uint8Array): Promise<string | undefined> {
    try {
      const current = await this.#inner.get(key);
      if (!bytesEqual(current, bytes)) throw new ObjectExistsError(key);
      // Objects written with putIfAbsent are immutable, so this head sees the bytes just read.
      return (await this.#inner.head(key)).etag;
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
  }

  /** A putIfMatch attempt after a failed one, which may have swapped the object. */
  async #putIfMatchAgain(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    const landedEtag = await this.#swappedEtag(key, bytes, etag);
    if (landedEtag !== undefined) return landedEtag;
    try {
      return await this.#inner.putIfMatch(key, bytes, etag);
    } catch (error) {
      // As for putIfAbsent: a late-applied request of ours looks like a lost swap.
      if (!(error instanceof PreconditionFailedError)) throw error;
      const lateEtag = await this.#swappedEtag(key, bytes, etag);
      if (lateEtag === undefined) throw error;
      return lateEtag;
    }
  }

  /**
   * Undefined when `key` still has `expectedEtag` (no swap landed; swapping again is safe); the
   * current etag when the object holds exactly `bytes` (our swap landed); otherwise
   * PreconditionFailedError. The content is read between two heads and trusted only if the etag
   * did not move meanwhile; if it moved, the object has gone past any write of ours anyway, and
   * reporting the swap as lost is the safe answer for a fencing token.
   */
  async #swappedEtag(
    key: string,
    bytes: Uint8Array,
    expectedEtag: string,
  ): Promise<string | undefined> {
    try {
      const before = await this.#inner.head(key);
      if (before.etag === expectedEtag) return undefined;
      const current = await this.#inner.get(key);
      const after = await this.#inner.head(key);
      if (after.etag === before.etag && bytesEqual(current, bytes)) return before.etag;
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
    }
    throw new PreconditionFailedError(key, expectedEtag);
  }
}
