/**
 * ManualClock: a Clock for tests and deterministic simulations. Time moves only when `advance`
 * is called, and timers fire in due order during `advance`, so a seeded run replays exactly.
 */

import type { Clock, TimerHandle } from "./clock.ts";

interface PendingTimer {
  readonly dueMs: number;
  readonly callback: () => void;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  #nowMs: number;
  #timers: PendingTimer[] = [];

  constructor(startMs = 0) {
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

  /** Moves time forward, firing due timers in due order. */
  advance(ms: number): void {
    this.#nowMs += ms;
    const due = this.#timers
      .filter((t) => !t.cancelled && t.dueMs <= this.#nowMs)
      .sort((a, b) => a.dueMs - b.dueMs);
    this.#timers = this.#timers.filter((t) => !t.cancelled && t.dueMs > this.#nowMs);
    for (const timer of due) timer.callback();
  }

  get pendingTimerCount(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }
}
