/**
 * LockManager: shared/exclusive row locks named by (LockSpace = table, encoded primary key),
 * held by a LockOwner (one per transaction) until `releaseAll` at commit or rollback.
 *
 * Invariants:
 * - A RowLock in `#locks` has at least one holder or one waiter; holders of an exclusive lock
 *   number exactly one.
 * - Waiters are granted strictly in FIFO order, except that a sole shared holder upgrading to
 *   exclusive is granted at once (everyone else in the queue waits for it anyway).
 * - Deadlocks are found when a wait would start: the requester waits for every holder and every
 *   earlier waiter of the lock; if that wait-for graph reaches the requester again, the request
 *   throws ER_LOCK_DEADLOCK and nothing is queued (the caller rolls its transaction back).
 * - A wait ends by grant (the promise resolves), by its timeout through the injected Clock
 *   (ER_LOCK_WAIT_TIMEOUT; the owner keeps the locks it holds), or by `releaseAll` of the
 *   waiting owner (ER_QUERY_INTERRUPTED).
 *
 * Fast path: an uncontended request is one Map lookup plus, for a new lock, one insert; it
 * returns `undefined` so that callers need not await.
 *
 * Concurrency: single-threaded; grants resolve promises, so waiters resume on later microtasks.
 */

import { assert } from "../../util/assert.ts";
import type { Clock, TimerHandle } from "../../util/clock.ts";
import {
  ER_LOCK_DEADLOCK,
  ER_LOCK_WAIT_TIMEOUT,
  ER_QUERY_INTERRUPTED,
} from "../../util/mysql-errors.ts";
import { sqlError, type SqlError } from "../sql-error.ts";
import type { EncodedKey } from "./key-comparator.ts";

export type RowLockMode = "shared" | "exclusive";

/**
 * Longest timer delay JS runtimes honour (2^31-1 ms, about 24.8 days); longer delays fire at
 * once. innodb_lock_wait_timeout allows up to 1073741824 s, so longer waits are clamped here.
 */
const timerDelayMsMax = 2_147_483_647;

/** The lock-side state of one transaction. */
export class LockOwner {
  /** Locks this owner holds (each once). */
  readonly held: RowLock[] = [];
  /** The request this owner is blocked on, if any. */
  waiting: LockWaiter | undefined = undefined;

  constructor(readonly id: number) {}
}

interface LockWaiter {
  readonly owner: LockOwner;
  readonly mode: RowLockMode;
  readonly lock: RowLock;
  readonly resolve: () => void;
  readonly reject: (error: SqlError) => void;
  timer: TimerHandle | undefined;
}

/** The locks of one table: names are encoded primary keys, unique within a space. */
export class LockSpace {
  readonly locks = new Map<EncodedKey, RowLock>();
}

class RowLock {
  mode: RowLockMode;
  readonly holders: LockOwner[];
  readonly waiters: LockWaiter[] = [];

  constructor(
    readonly space: LockSpace,
    readonly name: EncodedKey,
    owner: LockOwner,
    mode: RowLockMode,
  ) {
    this.mode = mode;
    this.holders = [owner];
  }
}

export class LockManager {
  readonly #clock: Clock;
  #lockCount = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Number of locks with holders or waiters (tests, diagnostics). */
  get lockCount(): number {
    return this.#lockCount;
  }

  /**
   * Acquires `name` in `mode` for `owner`. Returns undefined when granted at once, else a promise
   * that resolves on grant or rejects with ER_LOCK_WAIT_TIMEOUT. Throws ER_LOCK_DEADLOCK when
   * waiting would close a cycle (nothing is queued then).
   */
  acquire(
    owner: LockOwner,
    space: LockSpace,
    name: EncodedKey,
    mode: RowLockMode,
    timeoutMs: number,
  ): Promise<void> | undefined {
    assert(owner.waiting === undefined, "an owner waits for one lock at a time");
    const lock = space.locks.get(name);
    if (lock === undefined) {
      const created = new RowLock(space, name, owner, mode);
      space.locks.set(name, created);
      this.#lockCount++;
      owner.held.push(created);
      return undefined;
    }
    if (this.#grantAtOnce(lock, owner, mode)) return undefined;
    if (this.#wouldDeadlock(owner, lock, lock.waiters.length)) throw sqlError(ER_LOCK_DEADLOCK);
    return this.#wait(lock, owner, mode, timeoutMs);
  }

  #grantAtOnce(lock: RowLock, owner: LockOwner, mode: RowLockMode): boolean {
    const holders = lock.holders;
    if (holders.includes(owner)) {
      if (lock.mode === "exclusive" || mode === "shared") return true;
      if (holders.length !== 1) return false;
      lock.mode = "exclusive";
      return true;
    }
    if (lock.waiters.length > 0) return false;
    if (holders.length > 0 && (lock.mode === "exclusive" || mode === "exclusive")) return false;
    if (holders.length === 0) lock.mode = mode;
    holders.push(owner);
    owner.held.push(lock);
    return true;
  }

  #wait(lock: RowLock, owner: LockOwner, mode: RowLockMode, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: LockWaiter = { owner, mode, lock, resolve, reject, timer: undefined };
      lock.waiters.push(waiter);
      owner.waiting = waiter;
      const delayMs = Math.min(Math.max(0, timeoutMs), timerDelayMsMax);
      waiter.timer = this.#clock.setTimer(delayMs, () => {
        waiter.timer = undefined;
        this.#abandon(waiter, sqlError(ER_LOCK_WAIT_TIMEOUT));
      });
    });
  }

  /** Removes a waiter that will not be granted, then lets the queue behind it move. */
  #abandon(waiter: LockWaiter, error: SqlError): void {
    const lock = waiter.lock;
    const index = lock.waiters.indexOf(waiter);
    assert(index >= 0, "abandoned waiter is queued");
    lock.waiters.splice(index, 1);
    waiter.owner.waiting = undefined;
    waiter.timer?.cancel();
    waiter.reject(error);
    this.#grantWaiters(lock);
  }

  /** True when `owner` waiting behind the first `queued` waiters of `lock` closes a cycle. */
  #wouldDeadlock(owner: LockOwner, lock: RowLock, queued: number): boolean {
    const visited = new Set<LockOwner>();
    const pending: LockOwner[] = [];
    const pushBlockers = (waiterOwner: LockOwner, target: RowLock, ahead: number) => {
      for (const holder of target.holders) if (holder !== waiterOwner) pending.push(holder);
      for (let i = 0; i < ahead; i++) pending.push(target.waiters[i]!.owner);
    };
    pushBlockers(owner, lock, queued);
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (next === owner) return true;
      if (visited.has(next)) continue;
      visited.add(next);
      const waiting = next.waiting;
      if (waiting === undefined) continue;
      pushBlockers(next, waiting.lock, waiting.lock.waiters.indexOf(waiting));
    }
    return false;
  }

  /** Grants queued requests from the front while they are compatible (FIFO). */
  #grantWaiters(lock: RowLock): void {
    const holders = lock.holders;
    while (lock.waiters.length > 0) {
      const waiter = lock.waiters[0]!;
      const upgrading = holders.includes(waiter.owner);
      if (upgrading) {
        if (holders.length !== 1) break;
        lock.mode = "exclusive";
      } else {
        const compatible = lock.mode === "shared" && waiter.mode === "shared";
        if (holders.length > 0 && !compatible) break;
        if (holders.length === 0) lock.mode = waiter.mode;
        holders.push(waiter.owner);
        waiter.owner.held.push(lock);
      }
      lock.waiters.shift();
      waiter.owner.waiting = undefined;
      waiter.timer?.cancel();
      waiter.resolve();
    }
    if (holders.length === 0 && lock.waiters.length === 0) {
      lock.space.locks.delete(lock.name);
      this.#lockCount--;
    }
  }

  /** Releases every lock of `owner` and cancels its pending wait (commit, rollback). */
  releaseAll(owner: LockOwner): void {
    if (owner.waiting !== undefined) this.#abandon(owner.waiting, sqlError(ER_QUERY_INTERRUPTED));
    if (owner.held.length === 0) return;
    const held = owner.held.splice(0);
    for (const lock of held) {
      const index = lock.holders.indexOf(owner);
      assert(index >= 0, "held lock lists its holder");
      lock.holders.splice(index, 1);
      this.#grantWaiters(lock);
    }
  }

  /** The mode `owner` holds `name` in, if any (tests, assertions). */
  heldMode(owner: LockOwner, space: LockSpace, name: EncodedKey): RowLockMode | undefined {
    const lock = space.locks.get(name);
    return lock !== undefined && lock.holders.includes(owner) ? lock.mode : undefined;
  }
}
