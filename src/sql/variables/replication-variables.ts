/**
 * The binary-log system variables whose values come from the server's ReplicationLog rather
 * than from start-up options: @@gtid_executed and @@server_uuid follow the log, and @@log_bin,
 * @@gtid_mode and @@log_bin_basename say whether there is one. All of them are read-only, so a
 * live view can never disagree with a SET.
 *
 * Without a ReplicationLog (the memory backend) the values are MySQL's for log_bin=OFF:
 * log_bin 0, gtid_mode OFF, gtid_executed '', log_bin_basename NULL; server_uuid is still a
 * UUID (from start-up options, else drawn once from the engine's Random), as every MySQL
 * server has one.
 */

import type { Random } from "../../util/random.ts";
import type { ReplicationLog } from "../replication-log.ts";
import type { GlobalVariables } from "./global-variables.ts";

/** The file name stem of binary log files (binlog.000001 …), as MySQL 8.0's default. */
export const binlogFileStem = "binlog";

export function bindReplicationVariables(
  globals: GlobalVariables,
  log: ReplicationLog | undefined,
  random: Random,
): void {
  if (log === undefined) {
    if (globals.get("server_uuid") === "") globals.set("server_uuid", randomUuid(random));
    return;
  }
  globals.bindLive("gtid_executed", () => log.gtidExecuted);
  globals.bindLive("server_uuid", () => log.serverUuid);
  globals.set("log_bin", 1);
  globals.set("gtid_mode", "ON");
  globals.set(
    "log_bin_basename",
    log.basename ?? joinPath(String(globals.get("datadir") ?? ""), binlogFileStem),
  );
}

function joinPath(directory: string, name: string): string {
  if (directory === "") return name;
  return directory.endsWith("/") ? `${directory}${name}` : `${directory}/${name}`;
}

/** A version-4 UUID text (8-4-4-4-12 lower-case hex) from 16 random bytes. */
export function randomUuid(random: Random): string {
  const bytes = random.bytes(16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join("-");
}
