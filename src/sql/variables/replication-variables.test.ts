import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../memory/memory-catalog.ts";
import { ManualClock } from "../memory/test-fixtures.ts";
import { SqlEngine } from "../sql-engine.ts";
import type { StatementResult } from "../statement-result.ts";
import { SeededRandom } from "../../util/random.ts";
import { SqlError } from "../sql-error.ts";
import { randomUuid } from "./replication-variables.ts";
import { GlobalVariables } from "./global-variables.ts";
import { AssertionError } from "../../util/assert.ts";

function openEngine(globals: ReadonlyMap<string, string> = new Map()) {
  const clock = new ManualClock();
  const engine = new SqlEngine({
    catalog: new MemoryCatalog({ clock }),
    clock,
    random: new SeededRandom(1),
    globalVariables: globals,
  });
  const session = engine.openSession({
    connectionId: 1, user: "root", host: "localhost", database: undefined, collationId: 45,
  });
  return async (text: string): Promise<StatementResult> => {
    const results = await engine.query(session, text, true);
    return results[results.length - 1]!;
  };
}

function firstRow(result: StatementResult): readonly unknown[] {
  if (result.kind !== "rows") throw new Error(`expected rows, got ${JSON.stringify(result)}`);
  return result.rows[0]!;
}

describe("binary log and storage system variables", () => {
  it("have MySQL's defaults (and wesql's for its own)", async () => {
    const sql = openEngine();
    const names = [
      "binlog_format", "binlog_row_image", "binlog_checksum", "enforce_gtid_consistency",
      "sync_binlog", "max_binlog_size", "server_id", "commit_durability",
      "smartengine_block_cache_size", "smartengine_write_buffer_size",
    ];
    const result = await sql(`SELECT ${names.map((name) => `@@${name}`).join(", ")}`);
    expect(firstRow(result)).toEqual([
      "ROW", "FULL", "CRC32", "ON", 1, 1073741824, 1, "local", 134217728, 67108864,
    ]);
  });

  it("take start-up values (as the server passes its options)", async () => {
    const sql = openEngine(new Map([
      ["server_id", "7"],
      ["max_binlog_size", "4096"],
      ["sync_binlog", "0"],
      ["commit_durability", "none"],
      ["smartengine_block_cache_size", "1048576"],
    ]));
    const result = await sql(
      "SELECT @@server_id, @@max_binlog_size, @@sync_binlog, @@commit_durability, " +
        "@@smartengine_block_cache_size",
    );
    expect(firstRow(result)).toEqual([7, 4096, 0, "none", 1048576]);
  });

  it("clamps an out-of-range start-up integer and refuses a non-number", async () => {
    // mysqld clamps numeric start-up values to the variable's range (with a warning).
    const sql = openEngine(new Map([["max_binlog_size", "100"]]));
    expect(firstRow(await sql("SELECT @@max_binlog_size"))).toEqual([4096]);
    expect(() => openEngine(new Map([["server_id", "abc"]]))).toThrow(SqlError);
  });

  it("are read-only: SET fails with 1238", async () => {
    const sql = openEngine();
    for (const name of [
      "gtid_executed", "server_uuid", "log_bin", "log_bin_basename", "binlog_row_image",
      "binlog_checksum", "gtid_mode", "enforce_gtid_consistency", "sync_binlog",
      "max_binlog_size", "server_id", "commit_durability", "smartengine_block_cache_size",
    ]) {
      const result = await sql(`SET GLOBAL ${name} = DEFAULT`);
      expect(result.kind === "error" && result.error.code, name).toBe(1238);
      expect(result.kind === "error" && result.error.message).toBe(
        `Variable '${name}' is a read only variable`,
      );
    }
  });

  it("show in SHOW VARIABLES", async () => {
    const sql = openEngine();
    const result = await sql("SHOW VARIABLES WHERE Variable_name IN ('log_bin', 'gtid_mode', " +
      "'gtid_executed', 'binlog_format')");
    if (result.kind !== "rows") throw new Error("expected rows");
    expect(result.rows).toEqual([
      ["binlog_format", "ROW"], ["gtid_executed", ""], ["gtid_mode", "OFF"], ["log_bin", "OFF"],
    ]);
  });

  it("bindLive serves a read-only global from its reader and refuses a writable one", () => {
    const globals = new GlobalVariables();
    let current = "a:1";
    globals.bindLive("gtid_executed", () => current);
    expect(globals.get("GTID_EXECUTED")).toBe("a:1");
    current = "a:1-2";
    expect(globals.get("gtid_executed")).toBe("a:1-2");
    expect(new Map(globals.entries()).get("gtid_executed")).toBe("a:1-2");
    expect(() => globals.bindLive("sql_mode", () => "")).toThrow(AssertionError);
    expect(() => globals.bindLive("nosuch", () => "")).toThrow(AssertionError);
  });

  it("randomUuid formats a version-4 UUID from the seeded source", () => {
    const first = randomUuid(new SeededRandom(9));
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUuid(new SeededRandom(9))).toBe(first);
    expect(randomUuid(new SeededRandom(10))).not.toBe(first);
  });
});
