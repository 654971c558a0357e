import { describe, expect, it } from "vitest";
import { parseOne } from "./parser.ts";
import { SqlError } from "../sql-error.ts";

describe("binary log statements", () => {
  it.each<[string, unknown]>([
    ["SHOW BINARY LOGS", { kind: "show", object: "binary-logs" }],
    ["show master logs", { kind: "show", object: "binary-logs" }],
    ["SHOW MASTER STATUS", { kind: "show", object: "master-status" }],
    ["SHOW BINARY LOG STATUS", { kind: "show", object: "master-status" }],
    ["SHOW BINLOG EVENTS", { kind: "show", object: "binlog-events" }],
    ["SHOW BINLOG EVENTS IN 'binlog.000002'", { object: "binlog-events",
      logName: "binlog.000002" }],
    ["SHOW BINLOG EVENTS FROM 157", { position: { kind: "integer", value: 157 } }],
    ["SHOW BINLOG EVENTS IN \"binlog.000001\" FROM 4 LIMIT 2", { logName: "binlog.000001",
      position: { kind: "integer", value: 4 },
      limit: { count: { kind: "integer", value: 2 } } }],
    ["SHOW BINLOG EVENTS LIMIT 1, 3", { limit: { offset: { kind: "integer", value: 1 },
      count: { kind: "integer", value: 3 } } }],
    ["SHOW BINLOG EVENTS LIMIT 3 OFFSET 1", { limit: { offset: { kind: "integer", value: 1 },
      count: { kind: "integer", value: 3 } } }],
    ["FLUSH BINARY LOGS", { kind: "flush", options: ["BINARY LOGS"] }],
    ["FLUSH LOGS", { kind: "flush", options: ["LOGS"] }],
    ["FLUSH NO_WRITE_TO_BINLOG BINARY LOGS", { kind: "flush", options: ["BINARY LOGS"] }],
  ])("parses %s", (sql, expected) => {
    expect(parseOne(sql)).toMatchObject(expected as object);
  });

  it("leaves out the optional parts when absent", () => {
    const statement = parseOne("SHOW BINLOG EVENTS");
    expect(statement).not.toHaveProperty("logName");
    expect(statement).not.toHaveProperty("position");
    expect(statement).not.toHaveProperty("limit");
  });

  it.each([
    "SHOW BINLOG EVENTS FROM 'x'",
    "SHOW BINLOG EVENTS FROM 4 + 1",
    "SHOW BINLOG EVENTS IN binlog",
    "SHOW BINLOG EVENTS FROM 4 IN 'binlog.000001'",
    "SHOW BINARY LOG",
    "SHOW MASTER",
    "SHOW BINLOG",
    "FLUSH BINARY",
  ])("rejects %s with a syntax error", (sql) => {
    expect(() => parseOne(sql)).toThrow(SqlError);
    try {
      parseOne(sql);
    } catch (error) {
      expect((error as SqlError).code).toBe(1064);
    }
  });
});
