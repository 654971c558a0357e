import { describe, expect, it } from "vitest";
import { ConfigError } from "../util/errors.ts";
import type { Config } from "./config.ts";
import { loadConfig, type LoadResult } from "./load-config.ts";
import { memoryOptionFileSystem } from "./memory-option-file-system.ts";

const systemVariables = new Set(["sql_mode", "log_bin", "server_id", "max_binlog_size"]);

function load(argv: readonly string[], files: Readonly<Record<string, string>> = {}): LoadResult {
  const fileSystem = memoryOptionFileSystem(files);
  return loadConfig(argv, {}, fileSystem.readTextFile, fileSystem.listDirectory, (name) =>
    systemVariables.has(name),
  );
}

function run(argv: readonly string[], files: Readonly<Record<string, string>> = {}) {
  const result = load(argv, files);
  if (result.kind !== "run") throw new Error(`expected a run result, got ${result.kind}`);
  return result;
}

function config(argv: readonly string[], files: Readonly<Record<string, string>> = {}): Config {
  return run(argv, files).config;
}

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

const mebibyte = 1024 * 1024;

describe("storage and binary log options", () => {
  it("have defaults: local durability, 128M cache, 64M memtable, 1G binlog, server 1", () => {
    const result = config([]);
    expect(result.commitDurability).toBe("local");
    expect(result.blockCacheBytes).toBe(128 * mebibyte);
    expect(result.writeBufferBytes).toBe(64 * mebibyte);
    expect(result.maxBinlogBytes).toBe(1024 * mebibyte);
    expect(result.serverId).toBe(1);
    expect(result.syncBinlog).toBe(1);
    expect(result.systemVariables.size).toBe(0);
  });

  it("are read from the command line and mirrored into the system variables", () => {
    const result = config([
      "--commit-durability=NONE",
      "--smartengine-block-cache-size=256M",
      "--smartengine_write_buffer_size",
      "16m",
      "--max-binlog-size=4096",
      "--server-id=7",
      "--sync-binlog=0",
    ]);
    expect(result.commitDurability).toBe("none");
    expect(result.blockCacheBytes).toBe(256 * mebibyte);
    expect(result.writeBufferBytes).toBe(16 * mebibyte);
    expect(result.maxBinlogBytes).toBe(4096);
    expect(result.serverId).toBe(7);
    expect(result.syncBinlog).toBe(0);
    expect(Object.fromEntries(result.systemVariables)).toEqual({
      commit_durability: "none",
      smartengine_block_cache_size: String(256 * mebibyte),
      smartengine_write_buffer_size: String(16 * mebibyte),
      max_binlog_size: "4096",
      server_id: "7",
      sync_binlog: "0",
    });
  });

  it("are read from my.cnf, the command line winning", () => {
    const file = [
      "[mysqld]",
      "commit_durability = none",
      "smartengine_block_cache_size = 1G",
      "max_binlog_size = 512K",
      "server-id = 3",
    ].join("\n");
    const result = config(["--defaults-file=/my.cnf", "--server-id=4"], { "/my.cnf": file });
    expect(result.commitDurability).toBe("none");
    expect(result.blockCacheBytes).toBe(1024 * mebibyte);
    expect(result.maxBinlogBytes).toBe(512 * 1024);
    expect(result.serverId).toBe(4);
    expect(result.systemVariables.get("server_id")).toBe("4");
  });

  it("reject bad values with one-line messages naming the option and the range", () => {
    expect(errorOf(() => load(["--commit-durability=fast"]))).toBe(
      "invalid value 'fast' for option 'commit_durability': expected one of local, none, object_store",
    );
    expect(errorOf(() => load(["--smartengine-block-cache-size=512K"]))).toBe(
      "invalid value '512K' for option 'smartengine_block_cache_size': expected a size from " +
        "1048576 to 1099511627776 bytes, optionally with a K, M or G suffix",
    );
    expect(errorOf(() => load(["--max-binlog-size=2G"]))).toContain(
      "expected a size from 4096 to 1073741824 bytes",
    );
    expect(errorOf(() => load(["--max-binlog-size=4095"]))).toContain("'max_binlog_size'");
    expect(errorOf(() => load(["--server-id=-1"]))).toBe(
      "invalid value '-1' for option 'server_id': expected an integer from 0 to 4294967295",
    );
    expect(errorOf(() => load(["--sync-binlog=x"]))).toContain("'sync_binlog'");
    const message = errorOf(() =>
      load(["--defaults-file=/my.cnf"], { "/my.cnf": "[mysqld]\ncommit_durability = sync\n" }),
    );
    expect(message).toBe(
      "/my.cnf:2: invalid value 'sync' for option 'commit_durability': expected one of local, none, object_store",
    );
    expect(message).not.toContain("\n");
  });

  it("accept log_bin with or without a name, noting that the binary log is always on", () => {
    const bare = run(["--log-bin"]);
    expect(bare.notes).toEqual([
      "option '--log-bin' is ignored: the binary log is wesql's write-ahead log and cannot be " +
        "disabled",
    ]);
    const file = "[mysqld]\nlog-bin = mysql-bin\n";
    const named = run(["--defaults-file=/my.cnf"], { "/my.cnf": file });
    expect(named.notes).toHaveLength(1);
    expect(named.config.systemVariables.has("log_bin")).toBe(false);
  });

  it("refuse skip_log_bin, disable-log-bin and log_bin=OFF with a clear message", () => {
    expect(errorOf(() => load(["--skip-log-bin"]))).toBe(
      "option '--skip-log-bin' is refused: the binary log is wesql's write-ahead log and " +
        "cannot be disabled",
    );
    expect(errorOf(() => load(["--disable-log-bin"]))).toContain("cannot be disabled");
    expect(errorOf(() => load(["--log-bin=OFF"]))).toContain("is refused");
    const fromFile = errorOf(() =>
      load(["--defaults-file=/my.cnf"], { "/my.cnf": "[mysqld]\n\nskip_log_bin\n" }),
    );
    expect(fromFile).toBe(
      "/my.cnf:3: option 'skip_log_bin' is refused: the binary log is wesql's write-ahead log " +
        "and cannot be disabled",
    );
  });

  it("appear in --help with their defaults and in --verbose --help with their values", () => {
    const help = load(["--help"]);
    if (help.kind !== "help") throw new Error("expected help");
    for (const text of [
      "Storage:",
      "--commit-durability=mode",
      "--smartengine-block-cache-size=size",
      "Default: 128M",
      "Default: 64M",
      "Default: 1G",
      "--server-id=#",
      "--log-bin",
    ]) {
      expect(help.text).toContain(text);
    }
    expect(help.text.split("\n").every((line) => line.length <= 100)).toBe(true);
    const verbose = load(["--verbose", "--help", "--server-id=9", "--commit-durability=none"]);
    if (verbose.kind !== "help") throw new Error("expected help");
    const serverIdLines = verbose.text.split("\n").filter((line) => line.startsWith("server-id "));
    expect(serverIdLines).toHaveLength(1);
    expect(serverIdLines[0]).toMatch(/^server-id +9$/);
    expect(verbose.text).toMatch(/\ncommit-durability +none\n/);
    expect(verbose.text).toMatch(/\nsmartengine-block-cache-size +134217728\n/);
  });
});
