/**
 * AutoIncrementCounter: a table's next AUTO_INCREMENT value. Not transactional (as InnoDB): a
 * rolled-back insert leaves a gap. Invariant: `#next` only grows and stays a safe integer.
 */

import { assert } from "../../util/assert.ts";

export class AutoIncrementCounter {
  #next: number;

  constructor(start: number) {
    assert(Number.isSafeInteger(start) && start >= 1, "AUTO_INCREMENT start is a positive integer");
    this.#next = start;
  }

  /** Reserves `count` consecutive values and returns the first. */
  allocate(count: number): number {
    assert(Number.isSafeInteger(count) && count >= 1, "allocate at least one value");
    const first = this.#next;
    this.#next = first + count;
    assert(Number.isSafeInteger(this.#next), "AUTO_INCREMENT stays a safe integer");
    return first;
  }

  /** An explicit value was inserted: later allocations start above it. */
  observe(value: number): void {
    if (!Number.isFinite(value) || value < this.#next) return;
    this.#next = Math.floor(value) + 1;
  }

  peek(): number {
    return this.#next;
  }
}
