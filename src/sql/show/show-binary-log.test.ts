import { beforeEach, describe, expect, it } from "vitest";
import { MemoryCatalog } from "../memory/memory-catalog.ts";
import { ManualClock } from "../memory/test-fixtures.ts";
import { SqlEngine } from "../sql-engine.ts";
import type { Session } from "../session.ts";
import type { StatementResult } from "../statement-result.ts";
import type { SqlValue } from "../types/value.ts";
import { SeededRandom } from "../../util/random.ts";
import type {
  ReplicationLog,
  ReplicationLogEvent,
  ReplicationLogFile,
  ReplicationLogStatus,
} from "../replication-log.ts";

const uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

/** A ReplicationLog over in-memory event lists; records its calls. */
class FakeReplicationLog implements ReplicationLog {
  readonly serverUuid = uuid;
  readonly calls: string[] = [];
  readonly files = new Map<string, ReplicationLogEvent[]>();
  gtidExecuted = "";

  constructor() {
    this.#startFile("binlog.000001");
    this.append("binlog.000001", "Query", "BEGIN");
    this.append("binlog.000001", "Xid", "COMMIT /* xid=7 */");
    this.gtidExecuted = `${uuid}:1`;
  }

  #startFile(name: string): void {
    this.files.set(name, [
      { logName: name, position: 4, eventType: "Format_desc", serverId: 1, endLogPosition: 126,
        info: "Server ver: 8.0.35-wesql-ts, Binlog ver: 4" },
      { logName: name, position: 126, eventType: "Previous_gtids", serverId: 1,
        endLogPosition: 157, info: this.gtidExecuted },
    ]);
  }

  append(file: string, eventType: string, info: string): void {
    const events = this.files.get(file)!;
    const position = events[events.length - 1]!.endLogPosition;
    events.push({ logName: file, position, eventType, serverId: 1,
      endLogPosition: position + 40, info });
  }

  listFiles(): readonly ReplicationLogFile[] {
    return [...this.files].map(([name, events]) => ({
      name,
      sizeBytes: events[events.length - 1]!.endLogPosition,
    }));
  }

  masterStatus(): ReplicationLogStatus {
    const last = this.listFiles().at(-1)!;
    return { file: last.name, position: last.sizeBytes, executedGtidSet: this.gtidExecuted };
  }

  async readEvents(
    file: string | undefined,
    from: number,
    skip: number,
    limit: number | undefined,
  ): Promise<readonly ReplicationLogEvent[]> {
    this.calls.push(`read ${file ?? "-"} ${from} ${skip} ${limit ?? "-"}`);
    const events = this.files.get(file ?? [...this.files.keys()][0]!) ?? [];
    const after = events.filter((event) => event.position >= from).slice(skip);
    return limit === undefined ? after : after.slice(0, limit);
  }

  async rotate(): Promise<void> {
    this.calls.push("rotate");
    const next = `binlog.${String(this.files.size + 1).padStart(6, "0")}`;
    const current = this.listFiles().at(-1)!.name;
    this.append(current, "Rotate", `${next};pos=4`);
    this.#startFile(next);
  }
}

function rows(result: StatementResult | undefined): readonly (readonly SqlValue[])[] {
  if (result?.kind !== "rows") throw new Error(`expected rows, got ${JSON.stringify(result)}`);
  return result.rows;
}

function errorCode(result: StatementResult | undefined): number | undefined {
  return result?.kind === "error" ? result.error.code : undefined;
}

function describeColumns(result: StatementResult | undefined): string[] {
  if (result?.kind !== "rows") throw new Error("expected rows");
  return result.columns.map((column) =>
    `${column.name} ${column.type.kind}${column.type.unsigned === true ? " unsigned" : ""}` +
    `(${column.type.length ?? ""})`,
  );
}

function openEngine(log: ReplicationLog | undefined, globals = new Map<string, string>()) {
  const clock = new ManualClock();
  const engine = new SqlEngine({
    catalog: new MemoryCatalog({ clock }),
    clock,
    random: new SeededRandom(5),
    globalVariables: globals,
    ...(log === undefined ? {} : { replicationLog: log }),
  });
  const session = engine.openSession({
    connectionId: 1, user: "root", host: "localhost", database: undefined, collationId: 45,
  });
  return {
    engine,
    session,
    sql: async (text: string): Promise<StatementResult> => {
      const results = await engine.query(session, text, true);
      return results[results.length - 1]!;
    },
  };
}

describe("binary log statements with a ReplicationLog", () => {
  let log: FakeReplicationLog;
  let sql: (text: string) => Promise<StatementResult>;
  let session: Session;

  beforeEach(() => {
    log = new FakeReplicationLog();
    ({ sql, session } = openEngine(log));
  });

  it("SHOW BINARY LOGS and SHOW MASTER LOGS list the files with MySQL's columns", async () => {
    const result = await sql("SHOW BINARY LOGS");
    expect(describeColumns(result)).toEqual([
      "Log_name varchar(255)", "File_size bigint unsigned(20)", "Encrypted varchar(3)",
    ]);
    expect(rows(result)).toEqual([["binlog.000001", 237, "No"]]);
    expect(rows(await sql("SHOW MASTER LOGS"))).toEqual(rows(result));
  });

  it("SHOW MASTER STATUS and SHOW BINARY LOG STATUS give the position and GTIDs", async () => {
    const result = await sql("SHOW MASTER STATUS");
    expect(describeColumns(result)).toEqual([
      "File varchar(512)", "Position bigint unsigned(20)", "Binlog_Do_DB varchar(255)",
      "Binlog_Ignore_DB varchar(255)", `Executed_Gtid_Set varchar(${uuid.length + 2})`,
    ]);
    expect(rows(result)).toEqual([["binlog.000001", 237, "", "", `${uuid}:1`]]);
    expect(rows(await sql("SHOW BINARY LOG STATUS"))).toEqual(rows(result));
  });

  it("SHOW BINLOG EVENTS reads the first file with MySQL's columns", async () => {
    const result = await sql("SHOW BINLOG EVENTS");
    expect(describeColumns(result)).toEqual([
      "Log_name varchar(20)", "Pos bigint unsigned(11)", "Event_type varchar(20)",
      "Server_id int unsigned(10)", "End_log_pos bigint unsigned(11)", "Info varchar(20)",
    ]);
    expect(rows(result).map((row) => row.slice(0, 5))).toEqual([
      ["binlog.000001", 4, "Format_desc", 1, 126],
      ["binlog.000001", 126, "Previous_gtids", 1, 157],
      ["binlog.000001", 157, "Query", 1, 197],
      ["binlog.000001", 197, "Xid", 1, 237],
    ]);
    expect(rows(result)[3]![5]).toBe("COMMIT /* xid=7 */");
    expect(log.calls).toEqual(["read - 0 0 -"]);
  });

  it("passes IN, FROM and LIMIT [offset,] count through to the log", async () => {
    const fromOnly = await sql("SHOW BINLOG EVENTS IN 'binlog.000001' FROM 157");
    expect(rows(fromOnly).map((row) => row[1])).toEqual([157, 197]);
    const limited = await sql("SHOW BINLOG EVENTS FROM 4 LIMIT 1, 2");
    expect(rows(limited).map((row) => row[2])).toEqual(["Previous_gtids", "Query"]);
    const counted = await sql("SHOW BINLOG EVENTS LIMIT 1");
    expect(rows(counted).map((row) => row[2])).toEqual(["Format_desc"]);
    await sql("SET @n = 3");
    const byVariable = await sql("SHOW BINLOG EVENTS LIMIT @n");
    expect(rows(byVariable)).toHaveLength(3);
    expect(log.calls).toEqual([
      "read binlog.000001 157 0 -",
      "read - 4 1 2",
      "read - 0 0 1",
      "read - 0 0 3",
    ]);
  });

  it("takes LIMIT from a prepared statement's parameters", async () => {
    const { engine, session: own } = openEngine(log);
    const statement = engine.prepare(own, "SHOW BINLOG EVENTS FROM 4 LIMIT ?, ?");
    expect(statement.info.paramCount).toBe(2);
    const result = await engine.execute(own, statement, [2, 1]);
    expect(rows(result).map((row) => row[2])).toEqual(["Query"]);
    expect(log.calls).toEqual(["read - 4 2 1"]);
  });

  it("refuses an unknown file with 1220, as MySQL", async () => {
    const result = await sql("SHOW BINLOG EVENTS IN 'binlog.000099'");
    expect(errorCode(result)).toBe(1220);
    expect(result.kind === "error" && result.error.message).toBe(
      "Error when executing command SHOW BINLOG EVENTS: Could not find target log",
    );
    expect(log.calls).toEqual([]);
  });

  it("FLUSH BINARY LOGS and FLUSH LOGS rotate; other FLUSH options do not", async () => {
    expect((await sql("FLUSH BINARY LOGS")).kind).toBe("ok");
    expect((await sql("FLUSH LOGS")).kind).toBe("ok");
    expect((await sql("FLUSH PRIVILEGES")).kind).toBe("ok");
    expect((await sql("FLUSH TABLES")).kind).toBe("ok");
    expect(log.calls).toEqual(["rotate", "rotate"]);
    expect(rows(await sql("SHOW BINARY LOGS")).map((row) => row[0])).toEqual([
      "binlog.000001", "binlog.000002", "binlog.000003",
    ]);
    expect(rows(await sql("SHOW MASTER STATUS"))[0]?.slice(0, 2)).toEqual(["binlog.000003", 157]);
    const second = await sql("SHOW BINLOG EVENTS IN 'binlog.000002'");
    expect(rows(second).map((row) => row[2])).toEqual(["Format_desc", "Previous_gtids", "Rotate"]);
  });

  it("shows the log's GTIDs and identity in the replication variables", async () => {
    const result = await sql(
      "SELECT @@gtid_executed, @@server_uuid, @@log_bin, @@gtid_mode, @@global.gtid_executed",
    );
    expect(rows(result)).toEqual([[`${uuid}:1`, uuid, 1, "ON", `${uuid}:1`]]);
    log.gtidExecuted = `${uuid}:1-2`;
    expect(rows(await sql("SELECT @@gtid_executed"))).toEqual([[`${uuid}:1-2`]]);
    const shown = await sql("SHOW GLOBAL VARIABLES LIKE 'gtid_executed'");
    expect(rows(shown)).toEqual([["gtid_executed", `${uuid}:1-2`]]);
    expect(rows(await sql("SELECT @@log_bin_basename"))).toEqual([["/var/lib/wesql/binlog"]]);
    expect(session.getSystemVariable("gtid_executed")).toBe(`${uuid}:1-2`);
  });
});

describe("binary log statements without a ReplicationLog (log_bin=OFF)", () => {
  it("SHOW BINARY LOGS and SHOW BINLOG EVENTS fail with 1381", async () => {
    const { sql } = openEngine(undefined);
    for (const text of ["SHOW BINARY LOGS", "SHOW MASTER LOGS", "SHOW BINLOG EVENTS",
      "SHOW BINLOG EVENTS IN 'binlog.000001' FROM 4 LIMIT 2"]) {
      const result = await sql(text);
      expect(errorCode(result)).toBe(1381);
      expect(result.kind === "error" && result.error.message).toBe(
        "You are not using binary logging",
      );
    }
  });

  it("SHOW MASTER STATUS is an empty set; FLUSH LOGS does nothing", async () => {
    const { sql } = openEngine(undefined);
    const result = await sql("SHOW MASTER STATUS");
    expect(describeColumns(result).map((text) => text.split(" ")[0])).toEqual([
      "File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB", "Executed_Gtid_Set",
    ]);
    expect(rows(result)).toEqual([]);
    expect((await sql("FLUSH BINARY LOGS")).kind).toBe("ok");
  });

  it("reports log_bin OFF, gtid_mode OFF, no gtid_executed and a stable server_uuid", async () => {
    const { sql, engine } = openEngine(undefined);
    const result = await sql("SELECT @@log_bin, @@gtid_mode, @@gtid_executed, @@log_bin_basename");
    expect(rows(result)).toEqual([[0, "OFF", "", null]]);
    const uuidText = engine.globalVariable("server_uuid");
    expect(uuidText).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(rows(await sql("SELECT @@server_uuid"))).toEqual([[uuidText]]);
    const configured = openEngine(undefined, new Map([["server_uuid", uuid]]));
    expect(rows(await configured.sql("SELECT @@server_uuid"))).toEqual([[uuid]]);
  });
});
