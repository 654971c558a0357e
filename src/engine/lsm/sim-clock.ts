/**
 * SimClock: a Clock for deterministic simulations and tests of the engine. Time moves only when
 * `advance` is called; timers fire in due order during `advance`. (sql/ has its own test clock;
 * the engine may not import sql/.)
 */

import type { Clock, TimerHandle } from "../../util/clock.ts";

interface PendingTimer {
  readonly dueMs: number;
  readonly callback: () => void;
  cancelled: boolean;
}

export class SimClock implements Clock {
  #nowMs: number;
  #timers: PendingTimer[] = [];

  constructor(startMs = 1_700_000_000_000) {
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  monotonicMs(): number {
    return this.#nowMs;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: PendingTimer = { dueMs: this.#nowMs + delayMs, callback, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(delayMs, resolve));
  }

  advance(ms: number): void {
    this.#nowMs += ms;
    const due = this.#timers
      .filter((timer) => !timer.cancelled && timer.dueMs <= this.#nowMs)
      .sort((a, b) => a.dueMs - b.dueMs);
    this.#timers = this.#timers.filter((timer) => !due.includes(timer) && !timer.cancelled);
    for (const timer of due) timer.callback();
  }
}
