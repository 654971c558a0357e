/**
 * The texts of `--version`, `--help` and `--verbose --help`, in mysqld's shape. Pure functions:
 * the platform and architecture are parameters, so tests get stable output.
 *
 * Secrets never appear: the root password is shown only as set or empty.
 */

import { serverVersion } from "../constants.ts";
import { configDefaults, isSecretOptionName, redactedText, type Config } from "./config.ts";
import { dashedOptionName } from "./option-names.ts";
import {
  optionGroups,
  optionTable,
  type OptionField,
  type OptionSpec,
} from "./option-table.ts";

const programName = "wesql";
const optionColumnWidth = 34;
/** Help lines stay within this many columns, as terminals and mysqld's help do. */
const helpWidth = 96;

/** `wesql  Ver 8.0.35-wesql-ts for Linux on x86_64 (WeSQL-TS)`. */
export function versionText(platform: string, arch: string): string {
  return (
    `${programName}  Ver ${serverVersion} for ${platformName(platform)} on ` +
    `${architectureName(arch)} (WeSQL-TS)`
  );
}

function platformName(platform: string): string {
  const names: Readonly<Record<string, string>> = {
    linux: "Linux",
    darwin: "macOS",
    win32: "Win64",
  };
  return names[platform] ?? platform;
}

function architectureName(arch: string): string {
  const names: Readonly<Record<string, string>> = { x64: "x86_64", arm64: "aarch64", ia32: "i686" };
  return names[arch] ?? arch;
}

const description =
  "WeSQL-TS is a MySQL-compatible database server written in TypeScript. It speaks the " +
  "MySQL 8.0 client/server protocol, so MySQL clients, drivers and tools connect to it as to " +
  "mysqld, and it keeps its data under --datadir. It is configured, lowest precedence first, " +
  "by built-in defaults, option files (my.cnf), environment variables and command-line options.";

const trailer = `System variables:
  Any MySQL system variable the server knows is also accepted as an option, for example
  --sql-mode=ANSI_QUOTES, --character-set-server=utf8mb4, --default-time-zone=+00:00 or
  --skip-autocommit. A bare --name sets a boolean ON; --skip-name and --disable-name set it OFF,
  --enable-name sets it ON. --loose-name=value is silently ignored when the name is unknown.
  Option names are case-insensitive and '-' and '_' are interchangeable everywhere.

Option files (my.cnf):
  Only files named explicitly are read: --defaults-file=path, or the file named by
  MYSQL_CUSTOM_CONFIG when --defaults-file is not given, then --defaults-extra-file=path.
  --no-defaults reads no option file at all. Sections [mysqld], [server] and [wesql] apply;
  others, such as [client], are skipped. A line is 'key = value', 'key=value' or a bare 'key'
  (a boolean switched on). Values may be quoted with '...' or "..." (escapes \\n \\t \\s \\\\ ...).
  Lines starting with # or ; are comments, as is the rest of a line from # (or from a ; after a
  blank) outside quotes. '!include path' reads another file and '!includedir dir' reads every
  *.cnf file in dir in sorted order; relative paths are relative to the including file.

Environment variables:
  WESQL_DATA_DIR        The data directory (as --datadir).
  MYSQL_ROOT_PASSWORD   The password of 'root'. Without it root has an empty password, and
                        wesql refuses to bind to any address but loopback (127.0.0.0/8, ::1,
                        localhost).
  MYSQL_CUSTOM_CONFIG   The option file to read when --defaults-file is not given.

Precedence (a later source overrides an earlier one):
  1. built-in defaults
  2. --defaults-file (or MYSQL_CUSTOM_CONFIG), including its !include files
  3. --defaults-extra-file
  4. environment variables (WESQL_DATA_DIR, MYSQL_ROOT_PASSWORD)
  5. command-line options`;

/** The `--help` text; `variables` (from `--verbose --help`) is appended when given. */
export function helpText(platform: string, arch: string, variables?: Config): string {
  const lines = [versionText(platform, arch), `Usage: ${programName} [OPTIONS]`, ""];
  lines.push(...wrapWords(description, helpWidth));
  for (const group of optionGroups) {
    lines.push("", `${group}:`);
    for (const option of optionTable) {
      if (option.group === group) lines.push(...optionHelpLines(option));
    }
  }
  lines.push("", trailer, "");
  if (variables === undefined) {
    lines.push("Run 'wesql --verbose --help' to also print every value after reading all sources.");
  } else {
    lines.push(variablesText(variables));
  }
  return lines.join("\n") + "\n";
}

function optionHelpLines(option: OptionSpec): string[] {
  const shortForm = option.shortName === undefined ? "    " : `-${option.shortName}, `;
  const value = option.takesValue ? `=${option.valueName}` : "";
  const left = `  ${shortForm}--${dashedOptionName(option.name)}${value}`;
  const details = [option.summary];
  const defaultText = optionDefaultText(option);
  if (defaultText !== undefined) details.push(`Default: ${defaultText}.`);
  if (option.environmentVariable !== undefined) {
    details.push(`Environment: ${option.environmentVariable}.`);
  }
  const indent = " ".repeat(optionColumnWidth);
  const body = wrapWords(details.join(" "), helpWidth - optionColumnWidth).map(
    (line) => indent + line,
  );
  if (left.length >= optionColumnWidth) return [left, ...body];
  const first = left.padEnd(optionColumnWidth) + (body[0] ?? "").trimStart();
  return [first, ...body.slice(1)];
}

/** Greedy word wrap; a word longer than `width` gets a line of its own. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((part) => part !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Fields shown with a K/M/G suffix in help. */
const sizeFields: ReadonlySet<OptionField> = new Set<OptionField>([
  "maxAllowedPacket",
  "blockCacheBytes",
  "writeBufferBytes",
  "maxBinlogBytes",
]);

function optionDefaultText(option: OptionSpec): string | undefined {
  if (option.target.kind !== "field") return undefined;
  const field = option.target.field;
  if (sizeFields.has(field)) return formatSize(configDefaults[field] as number);
  return String(configDefaults[field]);
}

/** `67108864` → `64M`; sizes that are not whole K, M or G stay in bytes. */
export function formatSize(bytes: number): string {
  for (const [suffix, unit] of [
    ["G", 1024 ** 3],
    ["M", 1024 ** 2],
    ["K", 1024],
  ] as const) {
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

/** Whether keys were given, never the keys. */
function credentialsText(config: Config): string {
  return config.objectStoreCredentials === undefined ? "(SDK default chain)" : redactedText;
}

function onOff(value: boolean): string {
  return value ? "ON" : "OFF";
}

/** The `--verbose --help` table: every value after all sources were read. */
export function variablesText(config: Config): string {
  const rows: [string, string][] = [
    ["binlog-archive-period", String(config.binlogArchivePeriodMs)],
    ["binlog-archive-slice-max-size", String(config.binlogArchiveSliceMaxBytes)],
    ["bind-address", config.bindAddress],
    ["branch-objectstore-id", config.branchObjectstoreId],
    ["commit-durability", config.commitDurability],
    ["datadir", config.datadir],
    ["defaults-file", config.defaultsFile ?? "(none)"],
    ["log-level", config.logLevel],
    ["max-allowed-packet", String(config.maxAllowedPacket)],
    ["max-binlog-size", String(config.maxBinlogBytes)],
    ["max-connections", String(config.maxConnections)],
    ["objectstore-allow-unsafe-writes", onOff(config.objectStoreAllowUnsafeWrites)],
    ["objectstore-bucket", config.objectStoreBucket || "(none)"],
    ["objectstore-credentials", credentialsText(config)],
    ["objectstore-endpoint", config.objectStoreEndpoint || "(default)"],
    ["objectstore-provider", config.objectStoreProvider],
    ["objectstore-region", config.objectStoreRegion],
    ["objectstore-use-https", onOff(config.objectStoreUseHttps)],
    ["port", String(config.port)],
    ["repo-objectstore-id", config.repoObjectstoreId],
    ["root-password", config.rootPassword === "" ? "(empty)" : redactedText],
    ["server-id", String(config.serverId)],
    ["smartengine-block-cache-size", String(config.blockCacheBytes)],
    ["smartengine-persistent-cache-dir", config.persistentCacheDir || "(datadir)/cache"],
    ["smartengine-persistent-cache-size", String(config.persistentCacheBytes)],
    ["smartengine-write-buffer-size", String(config.writeBufferBytes)],
    ["sync-binlog", String(config.syncBinlog)],
  ];
  const shown = new Set(rows.map(([name]) => name));
  const variables = [...config.systemVariables]
    .filter(([name]) => !shown.has(dashedOptionName(name)))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [name, value] of variables) {
    rows.push([dashedOptionName(name), isSecretOptionName(name) ? redactedText : value]);
  }
  const width = Math.max(...rows.map(([name]) => name.length), 33) + 1;
  const header = [
    "Variables (--variable-name=value)",
    `${"and their current values".padEnd(width)}Value`,
    `${"-".repeat(width - 1)} ${"-".repeat(24)}`,
  ];
  return [...header, ...rows.map(([name, value]) => name.padEnd(width) + value)].join("\n");
}
