import { describe, expect, it } from "vitest";
import { configDefaults, configLogFields, type Config } from "./config.ts";

describe("configLogFields", () => {
  it("lists every field in snake_case and every variable, redacting secrets", () => {
    const config: Config = {
      ...configDefaults,
      rootPassword: "hunter2",
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
      sql_mode: "ANSI",
      some_secret_key: "<redacted>",
    });
    expect(JSON.stringify(configLogFields(config))).not.toContain("hunter2");
  });

  it("shows an empty root password as empty and leaves out unset fields", () => {
    const fields = configLogFields(configDefaults);
    expect(fields["root_password"]).toBe("");
    expect("defaults_file" in fields).toBe(false);
  });
});
