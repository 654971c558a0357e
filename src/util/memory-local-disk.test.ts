import { describe, expect, it } from "vitest";
import { FileNotFoundError, LocalIoError } from "./errors.ts";
import { MemoryLocalDisk } from "./memory-local-disk.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe("MemoryLocalDisk crash simulation", () => {
  it("keeps atomic writes and exclusive creates, which are durable on return", async () => {
    const disk = new MemoryLocalDisk();
    await disk.mkdirp("/d");
    await disk.writeFileAtomic("/d/a", text("A"));
    await disk.createExclusive("/d/b", text("B"));
    await disk.writeFileAtomic("/d/a", text("A2"));
    disk.crash();
    expect(decode(await disk.readFile("/d/a"))).toBe("A2");
    expect(decode(await disk.readFile("/d/b"))).toBe("B");
    expect((await disk.list("/d")).map((entry) => entry.name).sort()).toEqual(["a", "b"]);
  });

  it("drops appended bytes that were not fsync'd", async () => {
    const disk = new MemoryLocalDisk();
    await disk.mkdirp("/log");
    await disk.append("/log/l", text("one"), { sync: true });
    await disk.fsync("/log");
    await disk.append("/log/l", text("two"));
    expect(decode(await disk.readFile("/log/l"))).toBe("onetwo");
    disk.crash();
    expect(decode(await disk.readFile("/log/l"))).toBe("one");
  });

  it("keeps exactly the bytes an append handle synced; the handle dies in the crash", async () => {
    const disk = new MemoryLocalDisk();
    await disk.mkdirp("/log");
    const handle = await disk.openAppend("/log/l");
    await disk.fsync("/log");
    await handle.append(text("one"));
    await handle.sync();
    await handle.append(text("two"));
    await handle.truncate(2);
    expect(decode(await disk.readFile("/log/l"))).toBe("on");
    disk.crash();
    // The truncation was never synced, so the synced "one" comes back whole; "two" is gone.
    expect(decode(await disk.readFile("/log/l"))).toBe("one");
    await expect(handle.append(text("x"))).rejects.toBeInstanceOf(LocalIoError);
  });

  it("keeps the synced bytes exact across truncate-and-append after a sync", async () => {
    const disk = new MemoryLocalDisk();
    await disk.mkdirp("/log");
    const handle = await disk.openAppend("/log/l");
    await disk.fsync("/log");
    for (let i = 0; i < 100; i++) await handle.append(text("abcdefghij"));
    await handle.sync();
    await handle.truncate(5);
    await handle.append(text("XYZ"));
    expect(decode(await disk.readFile("/log/l"))).toBe("abcdeXYZ");
    disk.crash();
    expect(decode(await disk.readFile("/log/l"))).toBe("abcdefghij".repeat(100));
  });

  it("drops a new name until its directory is fsync'd", async () => {
    const disk = new MemoryLocalDisk();
    await disk.mkdirp("/d");
    await disk.append("/d/new", text("x"), { sync: true });
    disk.crash();
    await expect(disk.readFile("/d/new")).rejects.toBeInstanceOf(FileNotFoundError);
    await disk.append("/d/new", text("y"), { sync: true });
    await disk.fsync("/d");
    disk.crash();
    expect(decode(await disk.readFile("/d/new"))).toBe("y");
  });

  it("a synced name with unsynced content comes back empty", async () => {
    const disk = new MemoryLocalDisk();
    await disk.mkdirp("/d");
    await disk.append("/d/f", text("data"));
    await disk.fsync("/d");
    disk.crash();
    expect((await disk.readFile("/d/f")).length).toBe(0);
  });

  it("undoes an unsynced rename and unlink", async () => {
    const disk = new MemoryLocalDisk();
    await disk.mkdirp("/d");
    await disk.writeFileAtomic("/d/a", text("A"));
    await disk.writeFileAtomic("/d/gone", text("G"));
    await disk.rename("/d/a", "/d/b");
    await disk.unlink("/d/gone");
    disk.crash();
    expect((await disk.list("/d")).map((entry) => entry.name).sort()).toEqual(["a", "gone"]);
    await disk.rename("/d/a", "/d/b");
    await disk.unlink("/d/gone");
    await disk.fsync("/d");
    disk.crash();
    expect((await disk.list("/d")).map((entry) => entry.name)).toEqual(["b"]);
    expect(decode(await disk.readFile("/d/b"))).toBe("A");
  });

  it("keeps directories made by mkdirp", async () => {
    const disk = new MemoryLocalDisk();
    await disk.mkdirp("/a/b/c");
    disk.crash();
    expect((await disk.stat("/a/b/c")).isDirectory).toBe(true);
  });
});
