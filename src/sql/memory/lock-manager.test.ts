import { beforeEach, describe, expect, it } from "vitest";
import { isSqlError } from "../sql-error.ts";
import { LockManager, LockOwner, LockSpace } from "./lock-manager.ts";

let space = new LockSpace();
beforeEach(() => {
  space = new LockSpace();
});
import { ManualClock, settle } from "./test-fixtures.ts";

function codeOf(error: unknown): number | undefined {
  return isSqlError(error) ? error.code : undefined;
}

describe("LockManager", () => {
  it("grants uncontended and compatible requests at once", () => {
    const locks = new LockManager(new ManualClock());
    const a = new LockOwner(1);
    const b = new LockOwner(2);
    expect(locks.acquire(a, space, "r", "shared", 1000)).toBeUndefined();
    expect(locks.acquire(b, space, "r", "shared", 1000)).toBeUndefined();
    expect(locks.acquire(a, space, "r", "shared", 1000)).toBeUndefined();
    expect(a.held).toHaveLength(1);
    locks.releaseAll(a);
    locks.releaseAll(b);
    expect(locks.lockCount).toBe(0);
  });

  it("makes a conflicting request wait until release, in FIFO order", async () => {
    const locks = new LockManager(new ManualClock());
    const [a, b, c] = [new LockOwner(1), new LockOwner(2), new LockOwner(3)];
    expect(locks.acquire(a, space, "r", "exclusive", 1000)).toBeUndefined();
    const order: string[] = [];
    const waitB = locks.acquire(b, space, "r", "exclusive", 1000)!.then(() => order.push("b"));
    const waitC = locks.acquire(c, space, "r", "shared", 1000)!.then(() => order.push("c"));
    await settle();
    expect(order).toEqual([]);
    locks.releaseAll(a);
    await waitB;
    expect(order).toEqual(["b"]);
    locks.releaseAll(b);
    await waitC;
    expect(order).toEqual(["b", "c"]);
    expect(locks.heldMode(c, space, "r")).toBe("shared");
  });

  it("times out through the clock with 1205 and keeps other locks", async () => {
    const clock = new ManualClock();
    const locks = new LockManager(clock);
    const [a, b] = [new LockOwner(1), new LockOwner(2)];
    locks.acquire(a, space, "r", "exclusive", 1000);
    locks.acquire(b, space, "other", "exclusive", 1000);
    const wait = locks.acquire(b, space, "r", "shared", 1000)!;
    const outcome = wait.then(() => 0, codeOf);
    clock.advance(999);
    await settle();
    clock.advance(1);
    expect(await outcome).toBe(1205);
    expect(locks.heldMode(b, space, "other")).toBe("exclusive");
    expect(b.waiting).toBeUndefined();
    expect(clock.pendingTimerCount).toBe(0);
  });

  it("detects a two-owner cycle at the request that closes it", async () => {
    const locks = new LockManager(new ManualClock());
    const [a, b] = [new LockOwner(1), new LockOwner(2)];
    locks.acquire(a, space, "x", "exclusive", 1000);
    locks.acquire(b, space, "y", "exclusive", 1000);
    const waitA = locks.acquire(a, space, "y", "exclusive", 1000)!;
    let code: number | undefined;
    try {
      locks.acquire(b, space, "x", "exclusive", 1000);
    } catch (error) {
      code = codeOf(error);
    }
    expect(code).toBe(1213);
    locks.releaseAll(b);
    await waitA;
    expect(locks.heldMode(a, space, "y")).toBe("exclusive");
  });

  it("upgrades a sole shared holder and detects the upgrade deadlock", () => {
    const locks = new LockManager(new ManualClock());
    const [a, b] = [new LockOwner(1), new LockOwner(2)];
    locks.acquire(a, space, "r", "shared", 1000);
    expect(locks.acquire(a, space, "r", "exclusive", 1000)).toBeUndefined();
    locks.releaseAll(a);
    locks.acquire(a, space, "r", "shared", 1000);
    locks.acquire(b, space, "r", "shared", 1000);
    const waitA = locks.acquire(a, space, "r", "exclusive", 1000);
    expect(waitA).toBeInstanceOf(Promise);
    void waitA?.catch(() => undefined);
    expect(() => locks.acquire(b, space, "r", "exclusive", 1000)).toThrow(/Deadlock/);
  });

  it("cancels a pending wait when its owner releases everything", async () => {
    const locks = new LockManager(new ManualClock());
    const [a, b] = [new LockOwner(1), new LockOwner(2)];
    locks.acquire(a, space, "r", "exclusive", 1000);
    const outcome = locks.acquire(b, space, "r", "exclusive", 1000)!.then(() => 0, codeOf);
    locks.releaseAll(b);
    expect(await outcome).toBe(1317);
    locks.releaseAll(a);
    expect(locks.lockCount).toBe(0);
  });
});
