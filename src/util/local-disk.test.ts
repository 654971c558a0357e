import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { FileExistsError, FileNotFoundError, LocalIoError } from "./errors.ts";
import {
  type LocalDisk,
  NodeLocalDisk,
  baseName,
  isRandomReadDisk,
  parentDirectory,
} from "./local-disk.ts";
import { MemoryLocalDisk } from "./memory-local-disk.ts";

const tempRoot = mkdtempSync(join(tmpdir(), "wesql-local-disk-"));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));
let dirCount = 0;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function localDiskContract(name: string, open: () => { disk: LocalDisk; root: string }): void {
  describe(`LocalDisk contract: ${name}`, () => {
    let disk: LocalDisk;
    let root: string;
    beforeEach(async () => {
      ({ disk, root } = open());
      await disk.mkdirp(root);
    });

    it("writes atomically, replaces, and reads whole files and ranges", async () => {
      await disk.writeFileAtomic(`${root}/f`, text("0123456789"));
      expect(decode(await disk.readFile(`${root}/f`))).toBe("0123456789");
      expect(decode(await disk.readRange(`${root}/f`, 2, 3))).toBe("234");
      expect(decode(await disk.readRange(`${root}/f`, 8, 10))).toBe("89");
      expect((await disk.readRange(`${root}/f`, 20, 5)).length).toBe(0);
      await disk.writeFileAtomic(`${root}/f`, text("new"));
      expect(decode(await disk.readFile(`${root}/f`))).toBe("new");
      expect(await disk.stat(`${root}/f`)).toMatchObject({ size: 3, isDirectory: false });
    });

    it("creates exclusively, once", async () => {
      await disk.createExclusive(`${root}/x`, text("first"));
      await expect(disk.createExclusive(`${root}/x`, text("second"))).rejects.toBeInstanceOf(
        FileExistsError,
      );
      expect(decode(await disk.readFile(`${root}/x`))).toBe("first");
      const entries = await disk.list(root);
      expect(entries.map((entry) => entry.name)).toEqual(["x"]);
    });

    it("types missing-file errors", async () => {
      await expect(disk.readFile(`${root}/none`)).rejects.toBeInstanceOf(FileNotFoundError);
      await expect(disk.readRange(`${root}/none`, 0, 1)).rejects.toBeInstanceOf(FileNotFoundError);
      await expect(disk.stat(`${root}/none`)).rejects.toBeInstanceOf(FileNotFoundError);
      await expect(disk.unlink(`${root}/none`)).rejects.toBeInstanceOf(FileNotFoundError);
      await expect(disk.list(`${root}/none`)).rejects.toBeInstanceOf(FileNotFoundError);
      await expect(disk.rename(`${root}/none`, `${root}/y`)).rejects.toBeInstanceOf(
        FileNotFoundError,
      );
      const error = await disk.writeFileAtomic(`${root}/no/dir/f`, text("x")).catch((e) => e);
      expect(error).toBeInstanceOf(FileNotFoundError);
    });

    it("reports other failures as LocalIoError with the system code", async () => {
      await disk.mkdirp(`${root}/d`);
      const error = await disk.readFile(`${root}/d`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LocalIoError);
      expect((error as LocalIoError).code).toBe("EISDIR");
    });

    it("makes directories, lists, renames, unlinks", async () => {
      await disk.mkdirp(`${root}/a/b/c`);
      await disk.mkdirp(`${root}/a/b/c`);
      expect((await disk.stat(`${root}/a/b`)).isDirectory).toBe(true);
      await disk.writeFileAtomic(`${root}/a/f1`, text("1"));
      const entries = [...(await disk.list(`${root}/a`))].sort((p, q) =>
        p.name < q.name ? -1 : 1,
      );
      expect(entries).toEqual([
        { name: "b", isDirectory: true },
        { name: "f1", isDirectory: false },
      ]);
      await disk.rename(`${root}/a/f1`, `${root}/a/b/f2`);
      await disk.fsync(`${root}/a`);
      await disk.fsync(`${root}/a/b`);
      expect(decode(await disk.readFile(`${root}/a/b/f2`))).toBe("1");
      await expect(disk.stat(`${root}/a/f1`)).rejects.toBeInstanceOf(FileNotFoundError);
      await disk.unlink(`${root}/a/b/f2`);
      expect((await disk.list(`${root}/a/b`)).map((entry) => entry.name)).toEqual(["c"]);
    });

    it("appends, creating the file on first append", async () => {
      await disk.append(`${root}/log`, text("ab"));
      await disk.append(`${root}/log`, text("cd"), { sync: true });
      await disk.fsync(`${root}/log`);
      expect(decode(await disk.readFile(`${root}/log`))).toBe("abcd");
    });
    it("appends through a handle, syncs, truncates, and reopens at the end", async () => {
      const path = `${root}/log`;
      const handle = await disk.openAppend(path);
      expect(handle.sizeBytes).toBe(0);
      await handle.append(text("hello "));
      await handle.append(text("world"));
      expect(handle.sizeBytes).toBe(11);
      await handle.sync();
      await handle.truncate(5);
      expect(handle.sizeBytes).toBe(5);
      await handle.append(text("!"));
      await handle.sync();
      await handle.close();
      expect(decode(await disk.readFile(path))).toBe("hello!");
      const again = await disk.openAppend(path);
      expect(again.sizeBytes).toBe(6);
      await again.append(text("?"));
      await again.close();
      expect(decode(await disk.readFile(path))).toBe("hello!?");
    });
  });
}

localDiskContract("NodeLocalDisk", () => ({
  disk: new NodeLocalDisk(),
  root: join(tempRoot, `d${++dirCount}`),
}));
localDiskContract("MemoryLocalDisk", () => ({ disk: new MemoryLocalDisk(), root: "/tmp/x" }));

describe("NodeLocalDisk read handles", () => {
  const disk = new NodeLocalDisk();
  const root = join(tempRoot, "read-handles");

  it("read ranges of the opened file, short only at its end", async () => {
    await disk.mkdirp(root);
    await disk.writeFileAtomic(`${root}/f`, text("0123456789"));
    const handle = await disk.openRead(`${root}/f`);
    expect(handle.sizeBytes).toBe(10);
    expect(decode(await handle.readRange(2, 3))).toBe("234");
    expect(decode(await handle.readRange(8, 10))).toBe("89");
    expect((await handle.readRange(20, 5)).length).toBe(0);
    expect((await handle.readRange(0, 0)).length).toBe(0);
    await handle.close();
    await handle.close();
    expect(() => handle.readRange(0, 1)).toThrow(/used after close/);
  });

  it("keep reading the file they opened after it is replaced or unlinked", async () => {
    await disk.mkdirp(root);
    await disk.writeFileAtomic(`${root}/g`, text("old content"));
    const handle = await disk.openRead(`${root}/g`);
    await disk.writeFileAtomic(`${root}/g`, text("new"));
    expect(decode(await handle.readRange(0, 3))).toBe("old");
    await disk.unlink(`${root}/g`);
    expect(decode(await handle.readRange(4, 7))).toBe("content");
    await handle.close();
  });

  it("type failures to open", async () => {
    await disk.mkdirp(`${root}/dir`);
    await expect(disk.openRead(`${root}/missing`)).rejects.toBeInstanceOf(FileNotFoundError);
    const error = await disk.openRead(`${root}/dir`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalIoError);
    expect((error as LocalIoError).code).toBe("EISDIR");
  });

  it("are a capability only some disks have", () => {
    expect(isRandomReadDisk(disk)).toBe(true);
    expect(isRandomReadDisk(new MemoryLocalDisk())).toBe(false);
  });
});

describe("path helpers", () => {
  it("split '/'-separated paths", () => {
    expect(parentDirectory("/a/b/c")).toBe("/a/b");
    expect(parentDirectory("/a")).toBe("/");
    expect(parentDirectory("a")).toBe(".");
    expect(baseName("/a/b/c")).toBe("c");
    expect(baseName("c")).toBe("c");
  });
});
