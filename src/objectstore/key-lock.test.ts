import { describe, expect, it } from "vitest";
import { KeyLock } from "./key-lock.ts";

const tick = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve));

describe("KeyLock", () => {
  it("runs sections on one key one at a time, in arrival order", async () => {
    const lock = new KeyLock();
    const events: string[] = [];
    const section = (name: string) => async (): Promise<string> => {
      events.push(`${name}:start`);
      for (let i = 0; i < 5; i++) await tick();
      events.push(`${name}:end`);
      return name;
    };
    const results = await Promise.all([
      lock.run("k", section("a")),
      lock.run("k", section("b")),
      lock.run("k", section("c")),
    ]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(events).toEqual(["a:start", "a:end", "b:start", "b:end", "c:start", "c:end"]);
    expect(lock.activeKeys).toBe(0);
  });

  it("lets different keys overlap and survives a failing section", async () => {
    const lock = new KeyLock();
    const events: string[] = [];
    let release: () => void = () => {};
    const blocked = lock.run("x", async () => {
      events.push("x:start");
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      events.push("x:end");
    });
    await lock.run("y", async () => {
      events.push("y");
    });
    release();
    await blocked;
    expect(events).toEqual(["x:start", "y", "x:end"]);
    await expect(
      lock.run("z", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await lock.run("z", async () => 7)).toBe(7);
    expect(lock.activeKeys).toBe(0);
  });
});
