/**
 * The system variable registry: one table row per variable (name, scope, type, default,
 * read-only). Names are lower-case with underscores, as MySQL stores them. Values are held as
 * SqlValue: booleans and integers as `number`, enums/sets/strings as canonical `string`.
 *
 * `validateSystemVariable` turns a SET value into the canonical stored value or throws the
 * SqlError MySQL gives (1231 bad value, 1232 wrong type, 1115/1273 unknown charset/collation).
 * Session state (session.ts) and SqlEngine's global map keep the values; this file only knows
 * the rules.
 */

import * as constants from "../constants.ts";
import {
  ER_UNKNOWN_CHARACTER_SET,
  ER_UNKNOWN_COLLATION,
  ER_UNKNOWN_TIME_ZONE,
  ER_WRONG_TYPE_FOR_VAR,
  ER_WRONG_VALUE_FOR_VAR,
} from "../util/mysql-errors.ts";
import { sqlError } from "./sql-error.ts";
import type { SqlValue } from "./types/value.ts";
import { getCollation, listCharsets } from "./types/collation.ts";
import { toText, type WarningSink } from "./types/coercion.ts";
import { ER_TRUNCATED_WRONG_VALUE } from "../util/mysql-errors.ts";
import { sqlModeCombinations, sqlModeNames } from "./variables/sql-mode.ts";

export type VariableScopeRule = "global" | "session" | "both";

export type VariableType =
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly min: number; readonly max: number }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "set"; readonly values: readonly string[] }
  | { readonly kind: "string" }
  | { readonly kind: "charset"; readonly nullable: boolean }
  | { readonly kind: "collation" }
  | { readonly kind: "time-zone" };

export interface SystemVariableDefinition {
  readonly name: string;
  readonly scope: VariableScopeRule;
  readonly type: VariableType;
  readonly defaultValue: SqlValue;
  readonly readOnly: boolean;
}

const bool: VariableType = { kind: "bool" };
const text: VariableType = { kind: "string" };
const charset: VariableType = { kind: "charset", nullable: false };
const collation: VariableType = { kind: "collation" };
function int(min: number, max: number): VariableType {
  return { kind: "int", min, max };
}
function enumOf(...values: string[]): VariableType {
  return { kind: "enum", values };
}
const uint32Max = 4294967295;
const uint64Safe = Number.MAX_SAFE_INTEGER;

const isolationLevels = enumOf("READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ", "SERIALIZABLE");

/** MySQL 8.0's default sql_mode. */
export const sqlModeDefault =
  "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE," +
  "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

type Row = readonly [string, VariableScopeRule, VariableType, SqlValue, boolean?];

/* eslint-disable max-lines -- the registry is one table on purpose */
const rows: readonly Row[] = [
  ["auto_increment_increment", "both", int(1, 65535), 1],
  ["auto_increment_offset", "both", int(1, 65535), 1],
  ["autocommit", "both", bool, 1],
  ["big_tables", "both", bool, 0],
  ["binlog_archive_period", "global",
    int(constants.binlogArchivePeriodMsMin, constants.binlogArchivePeriodMsMax),
    constants.binlogArchivePeriodMsDefault, true],
  ["binlog_archive_slice_max_size", "global",
    int(constants.binlogArchiveSliceBytesMin, constants.binlogArchiveSliceBytesMax),
    constants.binlogArchiveSliceBytesDefault, true],
  ["binlog_checksum", "global", enumOf("NONE", "CRC32"), "CRC32", true],
  ["binlog_format", "both", enumOf("ROW", "STATEMENT", "MIXED"), "ROW"],
  ["binlog_row_image", "both", enumOf("MINIMAL", "FULL", "NOBLOB"), "FULL", true],
  ["block_encryption_mode", "both", text, "aes-128-ecb"],
  ["branch_objectstore_id", "global", text, constants.branchObjectstoreIdDefault, true],
  ["character_set_client", "both", charset, "utf8mb4"],
  ["character_set_connection", "both", charset, "utf8mb4"],
  ["character_set_database", "both", charset, "utf8mb4"],
  ["character_set_filesystem", "both", charset, "binary"],
  ["character_set_results", "both", { kind: "charset", nullable: true }, "utf8mb4"],
  ["character_set_server", "both", charset, "utf8mb4"],
  ["character_set_system", "global", charset, "utf8mb3", true],
  ["character_sets_dir", "global", text, "/usr/share/mysql/charsets/", true],
  ["collation_connection", "both", collation, "utf8mb4_0900_ai_ci"],
  ["collation_database", "both", collation, "utf8mb4_0900_ai_ci"],
  ["collation_server", "both", collation, "utf8mb4_0900_ai_ci"],
  ["commit_durability", "global", text, "local", true],
  ["connect_timeout", "global", int(2, 31536000), constants.connectTimeoutSecondsDefault],
  ["cte_max_recursion_depth", "both", int(0, uint32Max), 1000],
  ["datadir", "global", text, "/var/lib/wesql/", true],
  ["default_authentication_plugin", "global", text, "caching_sha2_password", true],
  ["default_storage_engine", "both", text, "InnoDB"],
  ["default_tmp_storage_engine", "both", text, "InnoDB"],
  ["default_week_format", "both", int(0, 7), 0],
  ["div_precision_increment", "both", int(0, 30), 4],
  ["enforce_gtid_consistency", "global", enumOf("OFF", "ON", "WARN"), "ON", true],
  ["error_count", "session", int(0, uint64Safe), 0, true],
  ["event_scheduler", "global", enumOf("ON", "OFF", "DISABLED"), "OFF"],
  ["explicit_defaults_for_timestamp", "both", bool, 1],
  ["foreign_key_checks", "both", bool, 1],
  ["group_concat_max_len", "both", int(4, uint64Safe), 1024],
  ["gtid_executed", "global", text, "", true],
  ["gtid_mode", "global", enumOf("OFF", "OFF_PERMISSIVE", "ON_PERMISSIVE", "ON"), "OFF", true],
  ["have_openssl", "global", text, "DISABLED", true],
  ["have_ssl", "global", text, "DISABLED", true],
  ["hostname", "global", text, "localhost", true],
  ["identity", "session", int(0, uint64Safe), 0],
  ["init_connect", "global", text, ""],
  ["innodb_lock_wait_timeout", "both", int(1, 1073741824), constants.lockWaitTimeoutSecondsDefault],
  ["insert_id", "session", int(0, uint64Safe), 0],
  ["interactive_timeout", "both", int(1, 31536000), constants.waitTimeoutSecondsDefault],
  ["join_buffer_size", "both", int(128, uint64Safe), 262144],
  ["last_insert_id", "session", int(0, uint64Safe), 0],
  ["lc_time_names", "both", text, "en_US"],
  ["license", "global", text, "Apache-2.0", true],
  ["lock_wait_timeout", "both", int(1, 31536000), 31536000],
  ["log_bin", "global", bool, 0, true],
  ["log_bin_basename", "global", text, null, true],
  ["lower_case_table_names", "global", int(0, 2), 0, true],
  ["max_allowed_packet", "both", int(constants.maxAllowedPacketBytesMin, constants.maxAllowedPacketBytesMax),
    constants.maxAllowedPacketBytesDefault],
  ["max_binlog_size", "global", int(constants.maxBinlogBytesMin, constants.maxBinlogBytesMax),
    constants.maxBinlogBytesDefault, true],
  ["max_connections", "global", int(1, constants.maxConnectionsMax), constants.maxConnectionsDefault],
  ["max_error_count", "both", int(0, 65535), constants.maxErrorCountDefault],
  ["max_execution_time", "both", int(0, uint32Max), 0],
  ["max_heap_table_size", "both", int(16384, uint64Safe), 16777216],
  ["max_join_size", "both", int(1, uint64Safe), uint64Safe],
  ["max_prepared_stmt_count", "global", int(0, 4194304), 16382],
  ["max_sort_length", "both", int(4, 8388608), 1024],
  ["max_user_connections", "both", int(0, uint32Max), 0],
  ["net_buffer_length", "both", int(1024, 1048576), 16384],
  ["net_read_timeout", "both", int(1, 31536000), 30],
  ["net_write_timeout", "both", int(1, 31536000), 60],
  ["objectstore_allow_unsafe_writes", "global", bool, 0, true],
  ["objectstore_bucket", "global", text, "", true],
  ["objectstore_endpoint", "global", text, "", true],
  ["objectstore_provider", "global", text, "local", true],
  ["objectstore_region", "global", text, constants.objectStoreRegionDefault, true],
  ["objectstore_use_https", "global", bool, 1, true],
  ["old_passwords", "both", int(0, 2), 0],
  ["optimizer_switch", "both", text,
    "index_merge=on,index_merge_union=on,index_merge_sort_union=on,index_merge_intersection=on," +
    "engine_condition_pushdown=on,index_condition_pushdown=on,mrr=on,mrr_cost_based=on," +
    "block_nested_loop=on,batched_key_access=off,materialization=on,semijoin=on,loosescan=on," +
    "firstmatch=on,duplicateweedout=on,subquery_materialization_cost_based=on," +
    "use_index_extensions=on,condition_fanout_filter=on,derived_merge=on," +
    "use_invisible_indexes=off,skip_scan=on,hash_join=on,subquery_to_derived=off," +
    "prefer_ordering_index=on,hypergraph_optimizer=off,derived_condition_pushdown=on"],
  ["performance_schema", "global", bool, 0, true],
  ["port", "global", int(0, 65535), constants.portDefault, true],
  ["protocol_version", "global", int(0, 255), constants.protocolVersion, true],
  ["query_cache_size", "global", int(0, uint64Safe), 0],
  ["query_cache_type", "both", enumOf("OFF", "ON", "DEMAND"), "OFF"],
  ["read_only", "global", bool, 0],
  ["repo_objectstore_id", "global", text, constants.repoObjectstoreIdDefault, true],
  ["server_id", "global", int(0, constants.serverIdMax), constants.serverIdDefault, true],
  ["server_uuid", "global", text, "", true],
  ["session_track_gtids", "both", enumOf("OFF", "OWN_GTID", "ALL_GTIDS"), "OFF"],
  ["session_track_schema", "both", bool, 1],
  ["session_track_state_change", "both", bool, 0],
  ["session_track_system_variables", "both", text, "time_zone,autocommit,character_set_client,character_set_results,character_set_connection"],
  ["session_track_transaction_info", "both", enumOf("OFF", "STATE", "CHARACTERISTICS"), "OFF"],
  ["skip_name_resolve", "global", bool, 1, true],
  ["smartengine_block_cache_size", "global",
    int(constants.blockCacheBytesMin, constants.blockCacheBytesMax), constants.blockCacheBytesDefault,
    true],
  ["smartengine_persistent_cache_dir", "global", text, "", true],
  ["smartengine_persistent_cache_size", "global", int(0, constants.persistentCacheBytesMax),
    constants.persistentCacheBytesDefault, true],
  ["smartengine_write_buffer_size", "global",
    int(constants.lsmMemtableBytesMin, constants.lsmMemtableBytesMax),
    constants.lsmMemtableBytesDefault, true],
  ["socket", "global", text, "/tmp/mysql.sock", true],
  ["sort_buffer_size", "both", int(32768, uint64Safe), 262144],
  ["sql_auto_is_null", "both", bool, 0],
  ["sql_big_selects", "both", bool, 1],
  ["sql_log_bin", "session", bool, 1],
  ["sql_mode", "both", { kind: "set", values: sqlModeNames }, sqlModeDefault],
  ["sql_notes", "both", bool, 1],
  ["sql_quote_show_create", "both", bool, 1],
  ["sql_safe_updates", "both", bool, 0],
  ["sql_select_limit", "both", int(0, uint64Safe), uint64Safe],
  ["sql_warnings", "both", bool, 0],
  ["super_read_only", "global", bool, 0],
  ["sync_binlog", "global", int(0, constants.syncBinlogMax), 1, true],
  ["system_time_zone", "global", text, "UTC", true],
  ["thread_stack", "global", int(131072, uint64Safe), 1048576, true],
  ["time_zone", "both", { kind: "time-zone" }, "SYSTEM"],
  ["tmp_table_size", "both", int(1024, uint64Safe), 16777216],
  ["transaction_isolation", "both", isolationLevels, "REPEATABLE-READ"],
  ["transaction_read_only", "both", bool, 0],
  ["tx_isolation", "both", isolationLevels, "REPEATABLE-READ"],
  ["tx_read_only", "both", bool, 0],
  ["unique_checks", "both", bool, 1],
  ["version", "global", text, constants.serverVersion, true],
  ["version_comment", "global", text, constants.serverVersionComment, true],
  ["version_compile_machine", "global", text, "x86_64", true],
  ["version_compile_os", "global", text, "Linux", true],
  ["wait_timeout", "both", int(1, 31536000), constants.waitTimeoutSecondsDefault],
  ["warning_count", "session", int(0, uint64Safe), 0, true],
];

const registry = new Map<string, SystemVariableDefinition>(
  rows.map(([name, scope, type, defaultValue, readOnly]) => [
    name,
    { name, scope, type, defaultValue, readOnly: readOnly ?? false },
  ]),
);

/** Aliases that read and write another variable (MySQL keeps both names visible). */
const aliases = new Map<string, string>([
  ["tx_isolation", "transaction_isolation"],
  ["tx_read_only", "transaction_read_only"],
]);

/** The variable an alias stands for (or the name itself). */
export function canonicalVariableName(name: string): string {
  const lower = name.toLowerCase();
  return aliases.get(lower) ?? lower;
}

export function isSystemVariable(name: string): boolean {
  return registry.has(name.toLowerCase().replaceAll("-", "_"));
}

export function getSystemVariableDefinition(name: string): SystemVariableDefinition | undefined {
  return registry.get(name.toLowerCase());
}

/** Every definition, sorted by name (SHOW VARIABLES order). */
export function listSystemVariables(): readonly SystemVariableDefinition[] {
  return [...registry.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Converts `value` into the canonical stored value for `definition`, throwing MySQL's errors.
 * `warnings` receives 1292 when an integer is clamped to its bounds.
 */
export function validateSystemVariable(
  definition: SystemVariableDefinition,
  value: SqlValue,
  warnings: WarningSink,
  displayName: string = definition.name,
): SqlValue {
  const type = definition.type;
  const name = displayName;
  switch (type.kind) {
    case "bool":
      return validateBool(name, value);
    case "int":
      return validateInt(name, type, value, warnings);
    case "enum":
      return validateEnum(name, type.values, value);
    case "set":
      return normalizeSetValue(name, type.values, value);
    case "string":
      if (value === null) throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, "NULL");
      return toText(value) ?? "";
    case "charset":
      return validateCharset(name, type.nullable, value);
    case "collation":
      return validateCollation(name, value);
    case "time-zone":
      return validateTimeZone(value);
  }
}

function describe(value: SqlValue): string {
  return value === null ? "NULL" : (toText(value) ?? "");
}

function validateBool(name: string, value: SqlValue): number {
  if (typeof value === "number" || typeof value === "bigint") {
    if (value == 0 || value == 1) return Number(value);
    throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, describe(value));
  }
  if (typeof value === "string") {
    const upper = value.toUpperCase();
    if (upper === "ON" || upper === "TRUE" || upper === "1") return 1;
    if (upper === "OFF" || upper === "FALSE" || upper === "0") return 0;
  }
  throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, describe(value));
}

function validateInt(
  name: string,
  type: { readonly min: number; readonly max: number },
  value: SqlValue,
  warnings: WarningSink,
): number {
  if (typeof value !== "number" && typeof value !== "bigint") {
    throw sqlError(ER_WRONG_TYPE_FOR_VAR, name);
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw sqlError(ER_WRONG_TYPE_FOR_VAR, name);
  const numeric = typeof value === "bigint" ? Number(value) : Math.round(value);
  const clamped = Math.min(Math.max(numeric, type.min), type.max);
  if (clamped !== numeric) warnings.add("Warning", ER_TRUNCATED_WRONG_VALUE, name, describe(value));
  return clamped;
}

function validateEnum(name: string, values: readonly string[], value: SqlValue): string {
  if (typeof value === "number" || typeof value === "bigint") {
    const member = values[Number(value)];
    if (member !== undefined) return member;
  } else if (typeof value === "string") {
    const upper = value.toUpperCase();
    const member = values.find((candidate) => candidate === upper);
    if (member !== undefined) return member;
  }
  throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, describe(value));
}

/** A SET value (sql_mode): comma list or bit mask, upper-cased, de-duplicated, table order. */
export function normalizeSetValue(name: string, values: readonly string[], value: SqlValue): string {
  if (typeof value === "number" || typeof value === "bigint") {
    if (typeof value === "number" && !Number.isInteger(value)) throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, describe(value));
    const mask = BigInt(value);
    if (mask < 0n || mask >= 1n << BigInt(values.length)) {
      throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, describe(value));
    }
    return values
      .filter((member, index) => member !== "" && (mask & (1n << BigInt(index))) !== 0n)
      .join(",");
  }
  if (typeof value !== "string") throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, describe(value));
  const wanted = new Set<string>();
  for (const part of value.split(",")) {
    const member = part.trim().toUpperCase();
    if (member === "") continue;
    if (!values.includes(member)) throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, member);
    wanted.add(member);
    for (const implied of sqlModeCombinations.get(member) ?? []) wanted.add(implied);
  }
  return values.filter((member) => member !== "" && wanted.has(member)).join(",");
}

function validateCharset(name: string, nullable: boolean, value: SqlValue): SqlValue {
  if (value === null) {
    if (nullable) return null;
    throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, "NULL");
  }
  const requested = (toText(value) ?? "").toLowerCase();
  const canonical = requested === "utf8" ? "utf8mb3" : requested;
  if (!listCharsets().some((info) => info.name === canonical)) {
    throw sqlError(ER_UNKNOWN_CHARACTER_SET, toText(value));
  }
  return canonical;
}

function validateCollation(name: string, value: SqlValue): string {
  if (value === null) throw sqlError(ER_WRONG_VALUE_FOR_VAR, name, "NULL");
  const found = typeof value === "number" ? undefined : getCollation(toText(value) ?? "");
  if (found === undefined) throw sqlError(ER_UNKNOWN_COLLATION, describe(value));
  return found.name;
}

function validateTimeZone(value: SqlValue): string {
  const zone = describe(value);
  if (zone.toUpperCase() === "SYSTEM") return "SYSTEM";
  if (zone.toUpperCase() === "UTC") return "UTC";
  const match = /^([+-])(\d{1,2}):(\d{2})$/.exec(zone);
  if (match !== null) {
    const hours = Number(match[2]);
    const minutes = Number(match[3]);
    if (hours <= 14 && minutes < 60) return `${match[1]}${String(hours).padStart(2, "0")}:${match[3]}`;
  }
  throw sqlError(ER_UNKNOWN_TIME_ZONE, zone);
}
