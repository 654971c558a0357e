/**
 * Clock: the only place that reads wall or monotonic time, and the only place that schedules
 * timers. Everything else takes a Clock so that a seeded simulator can substitute its own.
 */

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch (wall time; may jump). */
  nowMs(): number;
  /** Monotonic milliseconds with sub-millisecond precision; only differences are meaningful. */
  monotonicMs(): number;
  /** Runs `callback` once after `delayMs`. */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  /** Resolves after `delayMs`. */
  sleep(delayMs: number): Promise<void>;
}

export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }

  monotonicMs(): number {
    return performance.now();
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const handle = setTimeout(callback, delayMs);
    // A pending timer (lock wait, idle timeout) must never keep the process alive on shutdown.
    (handle as { unref?: () => void }).unref?.();
    return { cancel: () => clearTimeout(handle) };
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

export const systemClock: Clock = new SystemClock();
