/**
 * Fault injection for the test S3 server: seeded, so a failing campaign replays from its seed
 * (the draws follow request arrival order, so replay is exact for serial clients).
 *
 * - outage: every request is answered 503 SlowDown until it is turned off;
 * - failureRate: that fraction of requests is answered 503 SlowDown before anything is done;
 * - latencyMs: added to every request that is not refused;
 * - ambiguousPutRate: that fraction of object PUTs is applied and then answered 500
 *   InternalError, the "did my write happen?" case a retrying client must resolve by reading;
 * - stallRate: that fraction of requests waits stallMs (default 30 s) before it is carried out
 *   and answered, so a client times out first; a stalled PUT lands after the client gave up.
 */

import { SeededRandom } from "../../../src/util/random.ts";

export interface S3FaultOptions {
  readonly failureRate?: number;
  readonly latencyMs?: number;
  readonly seed?: number;
  readonly ambiguousPutRate?: number;
  readonly outage?: boolean;
  readonly stallRate?: number;
  readonly stallMs?: number;
}

export class S3Faults {
  #failureRate = 0;
  #latencyMs = 0;
  #ambiguousPutRate = 0;
  #outage = false;
  #stallRate = 0;
  #stallMs = 30_000;
  #random = new SeededRandom(1);

  constructor(options: S3FaultOptions = {}) {
    this.set(options);
  }

  /** Changes the given settings; absent ones keep their value. A seed restarts the sequence. */
  set(options: S3FaultOptions): void {
    if (options.failureRate !== undefined) this.#failureRate = checkRate(options.failureRate);
    if (options.ambiguousPutRate !== undefined) {
      this.#ambiguousPutRate = checkRate(options.ambiguousPutRate);
    }
    if (options.latencyMs !== undefined) {
      if (!(options.latencyMs >= 0)) throw new Error("latencyMs must be >= 0");
      this.#latencyMs = options.latencyMs;
    }
    if (options.outage !== undefined) this.#outage = options.outage;
    if (options.stallRate !== undefined) this.#stallRate = checkRate(options.stallRate);
    if (options.stallMs !== undefined) {
      if (!(options.stallMs >= 0)) throw new Error("stallMs must be >= 0");
      this.#stallMs = options.stallMs;
    }
    if (options.seed !== undefined) this.#random = new SeededRandom(options.seed);
  }

  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** Whether this request is refused with 503 before it is looked at. */
  refuse(): boolean {
    return this.#outage || this.#draw(this.#failureRate);
  }

  /** How long this request stalls before it is carried out: 0, or stallMs. */
  stall(): number {
    return this.#draw(this.#stallRate) ? this.#stallMs : 0;
  }

  /** Whether this applied PUT is answered 500 anyway. */
  ambiguous(): boolean {
    return this.#draw(this.#ambiguousPutRate);
  }

  #draw(rate: number): boolean {
    // No draw at rate 0, so turning one fault on does not shift the other's sequence.
    if (rate <= 0) return false;
    return this.#random.nextUint32() / 0x1_0000_0000 < rate;
  }
}

function checkRate(rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new Error(`a fault rate must be in [0, 1], got ${rate}`);
  return rate;
}
