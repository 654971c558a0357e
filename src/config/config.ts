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
  objectStoreRegionDefault,
  repoObjectstoreIdDefault,
  branchObjectstoreIdDefault,
  binlogArchivePeriodMsDefault,
  binlogArchiveSliceBytesDefault,
  persistentCacheBytesDefault,
} from "../constants.ts";
import type { LogLevel } from "../util/log.ts";

export type { LogLevel } from "../util/log.ts";

/**
 * When a commit is acknowledged. `local`: after its binlog group is fsync'd to local disk, so an
 * acknowledged commit survives a crash. `none`: after the binlog write, before fsync, so a crash
 * of the machine (not only of the process) may lose recently acknowledged commits.
 * `object_store`: after the binlog slice holding its group is created in the object store, so
 * losing the node and its disk loses nothing acknowledged.
 */
export type CommitDurability = "local" | "none" | "object_store";

/** Where the object store is: a local directory or an S3-compatible service. */
export type ObjectStoreProvider = "local" | "aws" | "minio" | "r2";

/** Keys for an S3 provider, from WESQL_OBJECTSTORE_ACCESS_KEY / _SECRET_KEY. Secret. */
export interface ObjectStoreCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

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
  /** `objectstore_provider`: `local` (a directory, the embedded default) or an S3 flavour. */
  readonly objectStoreProvider: ObjectStoreProvider;
  /** `objectstore_endpoint`: the S3 endpoint (host[:port] or URL); "" = the provider's default.
   * For the `local` provider: the directory ("" = <datadir>/objectstore). */
  readonly objectStoreEndpoint: string;
  /** `objectstore_region`. */
  readonly objectStoreRegion: string;
  /** `objectstore_bucket`; required by the S3 providers. */
  readonly objectStoreBucket: string;
  /** `objectstore_use_https`: scheme for an endpoint given without one. */
  readonly objectStoreUseHttps: boolean;
  /** `objectstore_allow_unsafe_writes`: start even if the store ignores conditional writes. */
  readonly objectStoreAllowUnsafeWrites: boolean;
  /** S3 credentials from the environment; undefined = the SDK's default chain. Secret. */
  readonly objectStoreCredentials: ObjectStoreCredentials | undefined;
  /** `repo_objectstore_id` / `branch_objectstore_id`: the root `<repo>/<branch>/` of all keys. */
  readonly repoObjectstoreId: string;
  readonly branchObjectstoreId: string;
  /** `binlog_archive_period`, ms: how often the binlog tail is uploaded in `local` mode. */
  readonly binlogArchivePeriodMs: number;
  /** `binlog_archive_slice_max_size`: upload as soon as this many bytes are pending. */
  readonly binlogArchiveSliceMaxBytes: number;
  /** `smartengine_persistent_cache_size`: the local-disk cache of object ranges; 0 = off. */
  readonly persistentCacheBytes: number;
  /** `smartengine_persistent_cache_dir`; "" = <datadir>/cache. */
  readonly persistentCacheDir: string;
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
  objectStoreProvider: "local",
  objectStoreEndpoint: "",
  objectStoreRegion: objectStoreRegionDefault,
  objectStoreBucket: "",
  objectStoreUseHttps: true,
  objectStoreAllowUnsafeWrites: false,
  objectStoreCredentials: undefined,
  repoObjectstoreId: repoObjectstoreIdDefault,
  branchObjectstoreId: branchObjectstoreIdDefault,
  binlogArchivePeriodMs: binlogArchivePeriodMsDefault,
  binlogArchiveSliceMaxBytes: binlogArchiveSliceBytesDefault,
  persistentCacheBytes: persistentCacheBytesDefault,
  persistentCacheDir: "",
  systemVariables: new Map<string, string>(),
});

/** Fields whose values must never appear in logs, `--print-defaults` or `--verbose --help`. */
export const secretConfigFields: ReadonlySet<keyof Config> = new Set<keyof Config>([
  "rootPassword",
  "objectStoreCredentials",
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
    const shown =
      secretConfigFields.has(key) && value !== ""
        ? redactedText
        : typeof value === "boolean"
          ? value
            ? "ON"
            : "OFF"
          : value;
    fields[key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = shown as
      | string
      | number;
  }
  for (const [name, value] of config.systemVariables) {
    fields[name] = isSecretOptionName(name) ? redactedText : value;
  }
  return fields;
}
