import { describe, expect, it } from "vitest";
import { configDefaults, configLogFields, type Config } from "./config.ts";

describe("configLogFields", () => {
  it("lists every field in snake_case and every variable, redacting secrets", () => {
    const config: Config = {
      ...configDefaults,
      rootPassword: "hunter2",
      objectStoreCredentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "s3cr3t" },
      defaultsFile: "/etc/my.cnf",
      systemVariables: new Map([
        ["sql_mode", "ANSI"],
        ["some_secret_key", "k"],
      ]),
    };
    expect(configLogFields(config)).toEqual({
      port: 3306,
      bind_address: "127.0.0.1",
      datadir: "./data",
      max_connections: 151,
      max_allowed_packet: 64 * 1024 * 1024,
      defaults_file: "/etc/my.cnf",
      log_level: "info",
      root_password: "<redacted>",
      commit_durability: "local",
      block_cache_bytes: 128 * 1024 * 1024,
      write_buffer_bytes: 64 * 1024 * 1024,
      max_binlog_bytes: 1024 * 1024 * 1024,
      server_id: 1,
      sync_binlog: 1,
      object_store_provider: "local",
      object_store_endpoint: "",
      object_store_region: "us-east-1",
      object_store_bucket: "",
      object_store_use_https: "ON",
      object_store_allow_unsafe_writes: "OFF",
      object_store_credentials: "<redacted>",
      repo_objectstore_id: "wesql_serverless_repo",
      branch_objectstore_id: "main",
      binlog_archive_period_ms: 1000,
      binlog_archive_slice_max_bytes: 4 * 1024 * 1024,
      persistent_cache_bytes: 1024 * 1024 * 1024,
      persistent_cache_dir: "",
      sql_mode: "ANSI",
      some_secret_key: "<redacted>",
    });
    expect(JSON.stringify(configLogFields(config))).not.toContain("hunter2");
    expect(JSON.stringify(configLogFields(config))).not.toContain("s3cr3t");
  });

  it("shows an empty root password as empty and leaves out unset fields", () => {
    const fields = configLogFields(configDefaults);
    expect(fields["root_password"]).toBe("");
    expect("defaults_file" in fields).toBe(false);
  });
});
