import { describe, expect, it } from "vitest";
import { SqlError } from "./sql-error.ts";
import { WarningList } from "./warnings.ts";
import { getSystemVariableDefinition, isSystemVariable, validateSystemVariable } from "./system-variables.ts";
import { GlobalVariables } from "./variables/global-variables.ts";

function validate(name: string, value: string | number | null): unknown {
  return validateSystemVariable(getSystemVariableDefinition(name)!, value, new WarningList());
}

describe("system variables", () => {
  it("knows the variables clients read at connect", () => {
    for (const name of ["auto_increment_increment", "character_set_client", "init_connect", "license",
      "lower_case_table_names", "max_allowed_packet", "net_write_timeout", "performance_schema", "query_cache_size",
      "query_cache_type", "sql_mode", "system_time_zone", "time_zone", "transaction_isolation", "wait_timeout"]) {
      expect(isSystemVariable(name), name).toBe(true);
    }
    expect(isSystemVariable("sql-mode")).toBe(true);
    expect(isSystemVariable("no_such_thing")).toBe(false);
  });

  it("normalises and validates sql_mode", () => {
    expect(validate("sql_mode", "no_zero_date,strict_trans_tables")).toBe("STRICT_TRANS_TABLES,NO_ZERO_DATE");
    expect(validate("sql_mode", "")).toBe("");
    expect(() => validate("sql_mode", "BOGUS")).toThrow(SqlError);
  });

  it("validates booleans, enums and integer bounds", () => {
    expect(validate("autocommit", "ON")).toBe(1);
    expect(validate("autocommit", 0)).toBe(0);
    expect(() => validate("autocommit", 2)).toThrow(SqlError);
    expect(validate("transaction_isolation", "read-committed")).toBe("READ-COMMITTED");
    expect(validate("wait_timeout", 0)).toBe(1);
    expect(() => validate("wait_timeout", "x")).toThrow(SqlError);
  });

  it("applies startup overrides and rejects bad ones", () => {
    const globals = new GlobalVariables(new Map([["sql-mode", "ANSI_QUOTES"], ["max_connections", "500"]]));
    expect(globals.get("sql_mode")).toBe("ANSI_QUOTES");
    expect(globals.get("max_connections")).toBe(500);
    expect(() => new GlobalVariables(new Map([["nosuch", "1"]]))).toThrow(SqlError);
    expect(() => new GlobalVariables(new Map([["autocommit", "maybe"]]))).toThrow(SqlError);
  });
});
