/**
 * The server's start-up configuration: one immutable, fully validated record. Every field has its
 * default in `configDefaults` below and nowhere else, so call sites never invent a fallback.
 *
 * Invariants: a Config is frozen; every field holds a value its validator accepted (see
 * value-parsers.ts); `systemVariables` keys are lower-case names in the underscore form.
 */

import {
  bindAddressDefault,
  blockCacheBytesDefault,
  lsmMemtableBytesDefault,
  maxAllowedPacketBytesDefault,
  maxBinlogBytesDefault,
  maxConnectionsDefault,
  portDefault,
  serverIdDefault,
} from "../constants.ts";
import type { LogLevel } from "../util/log.ts";

export type { LogLevel } from "../util/log.ts";

/**
 * When a commit is acknowledged. `local`: after its binlog group is fsync'd to local disk, so an
 * acknowledged commit survives a crash. `none`: after the binlog write, before fsync, so a crash
 * of the machine (not only of the process) may lose recently acknowledged commits.
 */
export type CommitDurability = "local" | "none";

export interface Config {
  /** TCP port to listen on; 0 means any free port. */
  readonly port: number;
  /** Address to bind: an IPv4/IPv6 address, a host name, or `*` / `0.0.0.0` / `::` for all. */
  readonly bindAddress: string;
  /** Directory that holds the data, as given (relative paths are relative to the working dir). */
  readonly datadir: string;
  /** Concurrent client connections allowed (`max_connections`). */
  readonly maxConnections: number;
  /** Largest packet or statement the server accepts, in bytes (`max_allowed_packet`). */
  readonly maxAllowedPacket: number;
  /** The main option file that was read (`--defaults-file` or MYSQL_CUSTOM_CONFIG), if any. */
  readonly defaultsFile: string | undefined;
  /** Least severe log level written. */
  readonly logLevel: LogLevel;
  /**
   * The password of 'root'@'%' (env MYSQL_ROOT_PASSWORD); "" means an empty password.
   * Secret: it is listed in `secretConfigFields` and must never be logged or printed.
   */
  readonly rootPassword: string;
  /** When a commit is acknowledged (`commit_durability`). */
  readonly commitDurability: CommitDurability;
  /** Byte budget of the LSM block cache (`smartengine_block_cache_size`). */
  readonly blockCacheBytes: number;
  /** Byte budget of one memtable before it is frozen (`smartengine_write_buffer_size`). */
  readonly writeBufferBytes: number;
  /** Size at which the binary log rotates to a new file (`max_binlog_size`). */
  readonly maxBinlogBytes: number;
  /** This server's id in binlog event headers (`server_id`). */
  readonly serverId: number;
  /** `sync_binlog`, accepted for compatibility; fsync policy follows `commitDurability`. */
  readonly syncBinlog: number;
  /**
   * Every other option that names a server system variable, e.g. sql_mode → "ANSI_QUOTES"; also
   * the validated value of every given wesql option that is a system variable too (server_id,
   * max_binlog_size, …; see `OptionSpec.systemVariable`), so `@@server_id` shows the setting.
   */
  readonly systemVariables: ReadonlyMap<string, string>;
}

/** The one table of built-in defaults (lowest precedence). */
export const configDefaults: Config = Object.freeze({
  port: portDefault,
  bindAddress: bindAddressDefault,
  datadir: "./data",
  maxConnections: maxConnectionsDefault,
  maxAllowedPacket: maxAllowedPacketBytesDefault,
  defaultsFile: undefined,
  logLevel: "info",
  rootPassword: "",
  commitDurability: "local",
  blockCacheBytes: blockCacheBytesDefault,
  writeBufferBytes: lsmMemtableBytesDefault,
  maxBinlogBytes: maxBinlogBytesDefault,
  serverId: serverIdDefault,
  syncBinlog: 1,
  systemVariables: new Map<string, string>(),
});

/** Fields whose values must never appear in logs, `--print-defaults` or `--verbose --help`. */
export const secretConfigFields: ReadonlySet<keyof Config> = new Set<keyof Config>([
  "rootPassword",
]);

/** What a redacted secret is shown as. */
export const redactedText = "<redacted>";

/**
 * Option and variable names that look secret (passwords, keys, tokens). Their values are shown as
 * `redactedText` wherever options are echoed back.
 */
export function isSecretOptionName(name: string): boolean {
  return /pass|secret|token|credential|access_key|auth_string/i.test(name);
}

/**
 * The configuration as log fields (snake_case names, as mysqld's variables), with secrets
 * replaced by `redactedText`: the one way to log a whole Config.
 */
export function configLogFields(config: Config): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  for (const key of Object.keys(config) as (keyof Config)[]) {
    const value = config[key];
    if (key === "systemVariables" || value === undefined) continue;
    const shown = secretConfigFields.has(key) && value !== "" ? redactedText : value;
    fields[key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = shown as
      | string
      | number;
  }
  for (const [name, value] of config.systemVariables) {
    fields[name] = isSecretOptionName(name) ? redactedText : value;
  }
  return fields;
}
