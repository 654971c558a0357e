/**
 * SET: user variables, system variables (scope rules 1228/1229, read-only 1238, unknown 1193,
 * values validated by system-variables.ts), SET NAMES / CHARACTER SET, and SET TRANSACTION.
 * Side effects MySQL has: SET autocommit=1 commits an open transaction; changing a charset
 * variable keeps its collation partner in step; innodb_lock_wait_timeout applies to the open
 * transaction's later waits.
 */

import type { SetItem, SetStatement, SetTransactionStatement } from "../parser/ast.ts";
import type { OkResult } from "../statement-result.ts";
import type { SqlValue } from "../types/value.ts";
import {
  ER_CANT_CHANGE_TX_CHARACTERISTICS,
  ER_GLOBAL_VARIABLE,
  ER_INCORRECT_GLOBAL_LOCAL_VAR,
  ER_LOCAL_VARIABLE,
  ER_UNKNOWN_CHARACTER_SET,
  ER_UNKNOWN_SYSTEM_VARIABLE,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { EvalContext } from "../expression/compiled-expression.ts";
import type { Session } from "../session.ts";
import { canonicalVariableName, getSystemVariableDefinition, validateSystemVariable } from "../system-variables.ts";
import { defaultCollationForCharset, getCollation } from "../types/collation.ts";
import type { EngineServices } from "./engine-services.ts";
import { evaluateStandalone } from "./value-evaluator.ts";
import { commitSession } from "./transaction-runner.ts";

const okResult = (warnings: number): OkResult => ({ kind: "ok", affectedRows: 0, lastInsertId: 0, warningCount: warnings, info: "" });

export async function executeSet(
  statement: SetStatement,
  services: EngineServices,
  session: Session,
  context: EvalContext,
  sql: string,
): Promise<OkResult> {
  // Items are evaluated and assigned left to right (SET @a = 1, @b = @a + 1 gives @b = 2).
  for (const item of statement.items) {
    const needsValue = item.kind === "set-user-variable" || (item.kind === "set-system-variable" && item.value.kind !== "default");
    const value = needsValue ? (await evaluateStandalone([item.value], services, session, context, sql))[0] : undefined;
    await applyItem(item, value, services, session, context);
  }
  return okResult(context.warnings.count);
}

async function applyItem(
  item: SetItem,
  value: { value: SqlValue; type: import("../types/sql-type.ts").SqlType } | undefined,
  services: EngineServices,
  session: Session,
  context: EvalContext,
): Promise<void> {
  switch (item.kind) {
    case "set-user-variable":
      session.userVariables.set(item.name.toLowerCase(), { value: value!.value, type: value!.type });
      return;
    case "set-system-variable":
      await setSystemVariable(item.name, item.scope, value?.value, services, session, context);
      return;
    case "set-names": {
      const charset = canonicalCharset(item.charset ?? "utf8mb4");
      const collation = item.collation === undefined ? defaultCollationForCharset(charset) : getCollation(item.collation);
      if (collation === undefined) throw sqlError(ER_UNKNOWN_CHARACTER_SET, item.charset);
      session.setSessionVariable("character_set_client", charset);
      session.setSessionVariable("character_set_connection", charset);
      session.setSessionVariable("character_set_results", charset);
      session.setSessionVariable("collation_connection", collation.name);
      return;
    }
    case "set-charset": {
      const charset = canonicalCharset(item.charset ?? "utf8mb4");
      if (defaultCollationForCharset(charset) === undefined) throw sqlError(ER_UNKNOWN_CHARACTER_SET, item.charset);
      session.setSessionVariable("character_set_client", charset);
      session.setSessionVariable("character_set_results", charset);
      session.setSessionVariable("character_set_connection", session.getSystemVariable("character_set_database"));
      session.setSessionVariable("collation_connection", session.getSystemVariable("collation_database"));
      return;
    }
  }
}

function canonicalCharset(name: string): string {
  const lower = name.toLowerCase();
  return lower === "utf8" ? "utf8mb3" : lower;
}

const partners: Record<string, [string, "charset" | "collation"]> = {
  character_set_connection: ["collation_connection", "collation"],
  collation_connection: ["character_set_connection", "charset"],
  character_set_server: ["collation_server", "collation"],
  collation_server: ["character_set_server", "charset"],
  character_set_database: ["collation_database", "collation"],
  collation_database: ["character_set_database", "charset"],
};

async function setSystemVariable(
  rawName: string,
  scope: string | undefined,
  value: SqlValue | undefined,
  services: EngineServices,
  session: Session,
  context: EvalContext,
): Promise<void> {
  const name = canonicalVariableName(rawName);
  const definition = getSystemVariableDefinition(name);
  if (definition === undefined) throw sqlError(ER_UNKNOWN_SYSTEM_VARIABLE, rawName);
  if (definition.readOnly) throw sqlError(ER_INCORRECT_GLOBAL_LOCAL_VAR, rawName, "read only");
  const global = scope === "global" || scope === "persist" || scope === "persist_only";
  if (global && definition.scope === "session") throw sqlError(ER_LOCAL_VARIABLE, rawName);
  if (!global && definition.scope === "global") throw sqlError(ER_GLOBAL_VARIABLE, rawName);
  const input = value === undefined ? (global ? definition.defaultValue : services.globals.get(name)) : value;
  const validated = validateSystemVariable(definition, input, context.warnings, rawName);
  const store = global ? (key: string, stored: SqlValue) => services.globals.set(key, stored) : (key: string, stored: SqlValue) => session.setSessionVariable(key, stored);
  store(name, validated);
  const partner = partners[name];
  if (partner !== undefined && typeof validated === "string") {
    const [partnerName, kind] = partner;
    const related = kind === "collation" ? defaultCollationForCharset(validated)?.name : getCollation(validated)?.charset;
    if (related !== undefined) store(partnerName, related);
  }
  if (global) return;
  if (name === "autocommit" && validated === 1 && session.transaction !== undefined) await commitSession(session);
  if (name === "innodb_lock_wait_timeout") session.transaction?.setLockWaitTimeoutMs(Number(validated) * 1000);
}

export function executeSetTransaction(statement: SetTransactionStatement, services: EngineServices, session: Session): OkResult {
  const isolation = statement.isolationLevel?.toUpperCase();
  const readOnly = statement.readOnly === undefined ? undefined : statement.readOnly ? 1 : 0;
  if (statement.scope === undefined) {
    if (session.transaction !== undefined) throw sqlError(ER_CANT_CHANGE_TX_CHARACTERISTICS);
    session.nextTransaction = {
      ...session.nextTransaction,
      ...(isolation === undefined ? {} : { isolation: isolation as import("../catalog/catalog.ts").IsolationLevel }),
      ...(readOnly === undefined ? {} : { readOnly: readOnly === 1 }),
    };
  } else {
    const store = statement.scope === "global" ? (key: string, stored: SqlValue) => services.globals.set(key, stored) : (key: string, stored: SqlValue) => session.setSessionVariable(key, stored);
    if (isolation !== undefined) store("transaction_isolation", isolation);
    if (readOnly !== undefined) store("transaction_read_only", readOnly);
  }
  return okResult(0);
}

