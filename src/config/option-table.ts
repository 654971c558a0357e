/**
 * The table of options wesql itself defines (as opposed to system variables, which are accepted
 * by name through an injected predicate). Every entry says how its value is validated and which
 * Config field it sets; defaults are not here but in `configDefaults` (config.ts).
 *
 * Invariants: names are canonical (lower case, `_` not `-`) and unique; short names are unique.
 */

import {
  blockCacheBytesMax,
  blockCacheBytesMin,
  lsmMemtableBytesMax,
  lsmMemtableBytesMin,
  maxAllowedPacketBytesMax,
  maxAllowedPacketBytesMin,
  maxBinlogBytesMax,
  maxBinlogBytesMin,
  maxConnectionsMax,
  serverIdMax,
  syncBinlogMax,
} from "../constants.ts";
import { assert } from "../util/assert.ts";
import { parseBindAddress } from "./bind-address.ts";
import {
  commandLine,
  fieldTarget,
  spec,
  type CommandLineAction,
  type OptionSpec,
} from "./option-spec.ts";
import { objectStoreOptions } from "./objectstore-options.ts";
import {
  parseChoice,
  parseIntegerInRange,
  parseLogLevel,
  parsePath,
  parseSizeBytes,
} from "./value-parsers.ts";

export const optionTable: readonly OptionSpec[] = [
  spec({
    name: "datadir",
    shortName: "h",
    valueName: "path",
    group: "Server",
    environmentVariable: "WESQL_DATA_DIR",
    summary: "Directory that holds the data.",
    target: fieldTarget("datadir", parsePath),
  }),
  spec({
    name: "user",
    shortName: "u",
    valueName: "name",
    group: "Server",
    summary: "Accepted for mysqld compatibility and ignored: wesql never switches users.",
    target: { kind: "ignored", reason: "wesql does not switch operating-system users" },
  }),
  spec({
    name: "defaults_file",
    valueName: "path",
    group: "Server",
    environmentVariable: "MYSQL_CUSTOM_CONFIG",
    summary: "Read options from this file (no other main option file is read).",
    target: commandLine("defaults_file"),
  }),
  spec({
    name: "defaults_extra_file",
    valueName: "path",
    group: "Server",
    summary: "Also read this option file, after the main one.",
    target: commandLine("defaults_extra_file"),
  }),
  spec({
    name: "no_defaults",
    group: "Server",
    summary: "Read no option files (ignores --defaults-file and MYSQL_CUSTOM_CONFIG).",
    target: commandLine("no_defaults"),
  }),
  spec({
    name: "print_defaults",
    group: "Server",
    summary: "Print the options wesql would start with, then exit.",
    target: commandLine("print_defaults"),
  }),
  spec({
    name: "help",
    shortName: "?",
    group: "Server",
    summary: "Print this help, then exit. With --verbose, also the resulting values.",
    target: commandLine("help"),
  }),
  spec({
    name: "verbose",
    group: "Server",
    summary: "With --help: also print every option's value after reading all sources.",
    target: commandLine("verbose"),
  }),
  spec({
    name: "version",
    shortName: "V",
    group: "Server",
    summary: "Print the version, then exit.",
    target: commandLine("version"),
  }),
  spec({
    name: "port",
    shortName: "P",
    valueName: "#",
    group: "Network",
    summary: "TCP port to listen on, 0 to 65535 (0 picks any free port).",
    target: fieldTarget("port", (name, text) => parseIntegerInRange(name, text, 0, 65_535)),
  }),
  spec({
    name: "bind_address",
    valueName: "address",
    group: "Network",
    summary: "Address to listen on; * or 0.0.0.0 for all. Non-loopback needs MYSQL_ROOT_PASSWORD.",
    target: fieldTarget("bindAddress", parseBindAddress),
  }),
  spec({
    name: "max_connections",
    valueName: "#",
    group: "Limits",
    summary: `Concurrent client connections allowed, 1 to ${maxConnectionsMax}.`,
    target: fieldTarget("maxConnections", (name, text) =>
      parseIntegerInRange(name, text, 1, maxConnectionsMax),
    ),
  }),
  spec({
    name: "max_allowed_packet",
    valueName: "size",
    group: "Limits",
    summary: "Largest packet or statement accepted, in bytes; K, M, G suffixes allowed.",
    target: fieldTarget("maxAllowedPacket", (name, text) =>
      parseSizeBytes(name, text, maxAllowedPacketBytesMin, maxAllowedPacketBytesMax),
    ),
  }),
  ...engineOptions(),
  ...binlogOptions(),
  ...objectStoreOptions(),
  spec({
    name: "log_level",
    valueName: "level",
    group: "Logging",
    summary: "Least severe messages logged: debug, info, warn or error.",
    target: fieldTarget("logLevel", parseLogLevel),
  }),
];

/** Durability and the LSM engine's memory budgets. */
function engineOptions(): readonly OptionSpec[] {
  return [
    spec({
      name: "commit_durability",
      valueName: "mode",
      group: "Storage",
      systemVariable: true,
      summary:
        "When a commit is acknowledged: local (after its binlog group is fsync'd; survives a " +
        "crash), object_store (after the binlog slice is in the object store; survives losing " +
        "the node and its disk) or none (before fsync: a machine crash may lose commits).",
      target: fieldTarget("commitDurability", (name, text) =>
        parseChoice(name, text, ["local", "none", "object_store"] as const),
      ),
    }),
    spec({
      name: "smartengine_block_cache_size",
      valueName: "size",
      group: "Storage",
      systemVariable: true,
      summary: "Memory for cached SST blocks, bytes; K, M, G suffixes allowed; at least 1M.",
      target: fieldTarget("blockCacheBytes", (name, text) =>
        parseSizeBytes(name, text, blockCacheBytesMin, blockCacheBytesMax),
      ),
    }),
    spec({
      name: "smartengine_write_buffer_size",
      valueName: "size",
      group: "Storage",
      systemVariable: true,
      summary: "Memory for one memtable before it is flushed to an SST, bytes; K, M, G allowed.",
      target: fieldTarget("writeBufferBytes", (name, text) =>
        parseSizeBytes(name, text, lsmMemtableBytesMin, lsmMemtableBytesMax),
      ),
    }),
  ];
}

/** The binary log (always on: it is the write-ahead log). */
function binlogOptions(): readonly OptionSpec[] {
  return [
    spec({
      name: "max_binlog_size",
      valueName: "size",
      group: "Storage",
      systemVariable: true,
      summary: "Size at which the binary log rotates to a new file, 4096 to 1G; K, M, G allowed.",
      target: fieldTarget("maxBinlogBytes", (name, text) =>
        parseSizeBytes(name, text, maxBinlogBytesMin, maxBinlogBytesMax),
      ),
    }),
    spec({
      name: "server_id",
      valueName: "#",
      group: "Storage",
      systemVariable: true,
      summary: `This server's id in binary log events, 0 to ${serverIdMax}.`,
      target: fieldTarget("serverId", (name, text) =>
        parseIntegerInRange(name, text, 0, serverIdMax),
      ),
    }),
    spec({
      name: "sync_binlog",
      valueName: "#",
      group: "Storage",
      systemVariable: true,
      summary: "Accepted for mysqld compatibility; fsync follows --commit-durability.",
      target: fieldTarget("syncBinlog", (name, text) =>
        parseIntegerInRange(name, text, 0, syncBinlogMax),
      ),
    }),
    spec({
      name: "log_bin",
      group: "Storage",
      summary:
        "Accepted; the binary log is always on (it is the write-ahead log), in files named " +
        "binlog.NNNNNN under --datadir, whatever name is given. --skip-log-bin is refused.",
      target: {
        kind: "always-on",
        reason: "the binary log is wesql's write-ahead log and cannot be disabled",
      },
    }),
  ];
}

const optionsByName = new Map(optionTable.map((option) => [option.name, option]));
const optionsByShortName = new Map(
  optionTable.flatMap((option) =>
    option.shortName === undefined ? [] : [[option.shortName, option] as const],
  ),
);
assert(optionsByName.size === optionTable.length, "option names must be unique");
for (const option of optionTable) {
  assert(/^[a-z][a-z_]*$/.test(option.name), `option name must be canonical: ${option.name}`);
}

export type {
  AnyFieldTarget,
  CommandLineAction,
  FieldTarget,
  OptionField,
  OptionGroup,
  OptionSpec,
  OptionTarget,
} from "./option-spec.ts";
export { optionGroups } from "./option-spec.ts";

/** The option with this canonical name, if wesql defines one. */
export function findOption(canonicalName: string): OptionSpec | undefined {
  return optionsByName.get(canonicalName);
}

/** The option with this single-letter form (case-sensitive, as `-P` and `-p` differ). */
export function findShortOption(letter: string): OptionSpec | undefined {
  return optionsByShortName.get(letter);
}
