import { describe, expect, it } from "vitest";
import { ConfigError } from "../util/errors.ts";
import type { Config } from "./config.ts";
import { loadConfig, type LoadResult } from "./load-config.ts";
import { memoryOptionFileSystem } from "./memory-option-file-system.ts";

type Env = Readonly<Record<string, string>>;

function load(argv: readonly string[], env: Env = {}, files: Env = {}): LoadResult {
  const fileSystem = memoryOptionFileSystem(files);
  return loadConfig(argv, env, fileSystem.readTextFile, fileSystem.listDirectory, () => false);
}

function config(argv: readonly string[], env: Env = {}, files: Env = {}): Config {
  const result = load(argv, env, files);
  if (result.kind !== "run") throw new Error(`expected a run result, got ${result.kind}`);
  return result.config;
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

const keys = { WESQL_OBJECTSTORE_ACCESS_KEY: "AKIAEXAMPLE", WESQL_OBJECTSTORE_SECRET_KEY: "s3cr3t-value" };

describe("object store options", () => {
  it("default to the local provider, WeSQL's repo/branch ids, 1 s archive period, 1G disk cache", () => {
    const result = config([]);
    expect(result.objectStoreProvider).toBe("local");
    expect(result.objectStoreBucket).toBe("");
    expect(result.repoObjectstoreId).toBe("wesql_serverless_repo");
    expect(result.branchObjectstoreId).toBe("main");
    expect(result.binlogArchivePeriodMs).toBe(1000);
    expect(result.binlogArchiveSliceMaxBytes).toBe(4 * 1024 * 1024);
    expect(result.persistentCacheBytes).toBe(1024 * 1024 * 1024);
    expect(result.objectStoreUseHttps).toBe(true);
    expect(result.objectStoreAllowUnsafeWrites).toBe(false);
    expect(result.objectStoreCredentials).toBeUndefined();
  });

  it("are read from my.cnf and the command line and mirrored as system variables", () => {
    const cnf = [
      "[mysqld]",
      "objectstore_provider=minio",
      "objectstore_endpoint=127.0.0.1:9000",
      "objectstore_bucket=wesql-data",
      "objectstore_use_https=OFF",
      "binlog_archive_period=250",
      "",
    ].join("\n");
    const result = config(
      ["--defaults-file=/etc/my.cnf", "--branch-objectstore-id=dev_1", "--commit-durability=object_store"],
      {},
      { "/etc/my.cnf": cnf },
    );
    expect(result.objectStoreProvider).toBe("minio");
    expect(result.objectStoreEndpoint).toBe("127.0.0.1:9000");
    expect(result.objectStoreBucket).toBe("wesql-data");
    expect(result.objectStoreUseHttps).toBe(false);
    expect(result.binlogArchivePeriodMs).toBe(250);
    expect(result.branchObjectstoreId).toBe("dev_1");
    expect(result.commitDurability).toBe("object_store");
    expect(result.systemVariables.get("objectstore_use_https")).toBe("OFF");
    expect(result.systemVariables.get("objectstore_provider")).toBe("minio");
  });

  it("take credentials from the environment only, both or neither", () => {
    expect(config([], keys).objectStoreCredentials).toEqual({
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: "s3cr3t-value",
    });
    expect(errorOf(() => load([], { WESQL_OBJECTSTORE_ACCESS_KEY: "AKIAEXAMPLE" }))).toMatch(
      /both WESQL_OBJECTSTORE_ACCESS_KEY and WESQL_OBJECTSTORE_SECRET_KEY/,
    );
  });

  it("never print the secret key (--verbose --help)", () => {
    const result = load(["--help", "--verbose"], keys);
    expect(result.kind).toBe("help");
    const text = (result as { text: string }).text;
    expect(text).toContain("objectstore-credentials");
    expect(text).not.toContain("s3cr3t-value");
    expect(text).not.toContain("AKIAEXAMPLE");
  });

  it("refuse S3 providers without a bucket, and minio/r2 without an endpoint", () => {
    expect(errorOf(() => load(["--objectstore-provider=aws"]))).toMatch(/needs --objectstore-bucket/);
    expect(
      errorOf(() => load(["--objectstore-provider=r2", "--objectstore-bucket=abc"])),
    ).toMatch(/needs --objectstore-endpoint/);
    expect(config(["--objectstore-provider=aws", "--objectstore-bucket=abc"]).objectStoreRegion).toBe(
      "us-east-1",
    );
  });

  it("reject bad values with the option's name", () => {
    expect(errorOf(() => load(["--objectstore-provider=gcs"]))).toMatch(/objectstore_provider|objectstore-provider/);
    expect(errorOf(() => load(["--objectstore-bucket=Bad_Bucket"]))).toMatch(/bucket/);
    expect(errorOf(() => load(["--repo-objectstore-id=a/b"]))).toMatch(/repo.objectstore.id/);
    expect(errorOf(() => load(["--binlog-archive-period=0"]))).toMatch(/binlog.archive.period/);
    expect(errorOf(() => load(["--objectstore-use-https=maybe"]))).toMatch(/ON or OFF/);
  });
});
