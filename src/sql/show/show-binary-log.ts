/**
 * The binary-log SHOW statements, with MySQL 8.0's column names and types (rpl_source.cc,
 * binlog.cc, Log_event::init_show_field_list): SHOW BINARY LOGS / SHOW MASTER LOGS, SHOW MASTER
 * STATUS / SHOW BINARY LOG STATUS and SHOW BINLOG EVENTS [IN 'file'] [FROM pos] [LIMIT [o,] n].
 * Text columns are utf8mb3 strings of MySQL's declared lengths; numbers are unsigned, as MySQL's
 * Item_return_int.
 *
 * Without a ReplicationLog the server behaves as MySQL with log_bin=OFF: SHOW BINARY LOGS and
 * SHOW BINLOG EVENTS fail with ER_NO_BINARY_LOGGING (1381); SHOW MASTER STATUS is an empty set.
 */

import type { Expression } from "../parser/ast-expression.ts";
import type { ShowStatement } from "../parser/ast.ts";
import type { ResultColumn, RowsResult } from "../statement-result.ts";
import type { Row } from "../types/value.ts";
import {
  ER_ERROR_WHEN_EXECUTING_COMMAND,
  ER_NO_BINARY_LOGGING,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { EngineServices } from "../execute/engine-services.ts";
import type { Session } from "../session.ts";
import type { ReplicationLog } from "../replication-log.ts";
import { toInteger } from "../types/coercion.ts";
import { evaluateStandalone } from "../execute/value-evaluator.ts";
import { column, rowsResult, textColumn } from "./show-result.ts";

/** MySQL's FN_REFLEN: the declared length of file-name columns. */
const fileNameChars = 512;

function unsignedColumn(name: string, kind: "bigint" | "int", length: number): ResultColumn {
  return column(name, { kind, unsigned: true, length }, false);
}

function requireLog(services: EngineServices): ReplicationLog {
  const log = services.replicationLog;
  if (log === undefined) throw sqlError(ER_NO_BINARY_LOGGING);
  return log;
}

/** SHOW BINARY LOGS / SHOW MASTER LOGS: Log_name, File_size, Encrypted. */
export function showBinaryLogs(services: EngineServices): RowsResult {
  const log = requireLog(services);
  const columns = [
    textColumn("Log_name", 255),
    unsignedColumn("File_size", "bigint", 20),
    textColumn("Encrypted", 3),
  ];
  const rows: Row[] = log.listFiles().map((file) => [file.name, file.sizeBytes, "No"]);
  return rowsResult(columns, rows);
}

/** SHOW MASTER STATUS / SHOW BINARY LOG STATUS: one row, or none without a binary log. */
export function showMasterStatus(services: EngineServices): RowsResult {
  const log = services.replicationLog;
  const status = log?.masterStatus();
  const columns = [
    textColumn("File", fileNameChars),
    unsignedColumn("Position", "bigint", 20),
    textColumn("Binlog_Do_DB", 255),
    textColumn("Binlog_Ignore_DB", 255),
    textColumn("Executed_Gtid_Set", status?.executedGtidSet.length ?? 0),
  ];
  if (status === undefined) return rowsResult(columns, []);
  return rowsResult(columns, [[status.file, status.position, "", "", status.executedGtidSet]]);
}

/** SHOW BINLOG EVENTS [IN 'file'] [FROM pos] [LIMIT [offset,] count]. */
export async function showBinlogEvents(
  statement: ShowStatement,
  services: EngineServices,
  session: Session,
  context: EvalContext,
): Promise<RowsResult> {
  const log = requireLog(services);
  const file = statement.logName;
  if (file !== undefined && !log.listFiles().some((entry) => entry.name === file)) {
    throw sqlError(
      ER_ERROR_WHEN_EXECUTING_COMMAND,
      "SHOW BINLOG EVENTS",
      "Could not find target log",
    );
  }
  const from = await optionalCount(statement.position, services, session, context) ?? 0;
  const limit = statement.limit;
  const skip = await optionalCount(limit?.offset, services, session, context) ?? 0;
  const count = await optionalCount(limit?.count, services, session, context);
  const events = await log.readEvents(file, from, skip, count);
  const columns = [
    textColumn("Log_name", 20),
    unsignedColumn("Pos", "bigint", 11),
    textColumn("Event_type", 20),
    unsignedColumn("Server_id", "int", 10),
    unsignedColumn("End_log_pos", "bigint", 11),
    textColumn("Info", 20),
  ];
  const rows: Row[] = events.map((event) => [
    event.logName,
    event.position,
    event.eventType,
    event.serverId,
    event.endLogPosition,
    event.info,
  ]);
  // The log returns at most `count` events; slicing again guards against an implementation
  // that ignores the limit, since the result must honour the statement either way.
  return rowsResult(columns, count === undefined ? rows : rows.slice(0, count));
}

/** A FROM position or LIMIT value: a literal, `?` or @variable, as a non-negative number. */
async function optionalCount(
  expression: Expression | undefined,
  services: EngineServices,
  session: Session,
  context: EvalContext,
): Promise<number | undefined> {
  if (expression === undefined) return undefined;
  if (expression.kind === "integer") return Math.max(Number(expression.value), 0);
  const [typed] = await evaluateStandalone([expression], services, session, context, "");
  const value = toInteger(typed?.value ?? null, context.warnings);
  return value === null ? 0 : Math.max(Number(value), 0);
}
