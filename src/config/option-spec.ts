/**
 * What an option is (OptionSpec) and the helpers that build entries of the option tables
 * (option-table.ts, objectstore-options.ts). Types only plus three tiny constructors, so every
 * table file can import them without an import cycle.
 */

import type { Config } from "./config.ts";

/** Sections of `--help`. */
export type OptionGroup = "Server" | "Network" | "Limits" | "Storage" | "Object store" | "Logging";
export const optionGroups: readonly OptionGroup[] = [
  "Server",
  "Network",
  "Limits",
  "Storage",
  "Object store",
  "Logging",
];

/** Config fields an option sets. rootPassword is deliberately absent: it comes from env only. */
export type OptionField =
  | "port"
  | "bindAddress"
  | "datadir"
  | "maxConnections"
  | "maxAllowedPacket"
  | "logLevel"
  | "commitDurability"
  | "blockCacheBytes"
  | "writeBufferBytes"
  | "maxBinlogBytes"
  | "serverId"
  | "syncBinlog"
  | "objectStoreProvider"
  | "objectStoreEndpoint"
  | "objectStoreRegion"
  | "objectStoreBucket"
  | "objectStoreUseHttps"
  | "objectStoreAllowUnsafeWrites"
  | "repoObjectstoreId"
  | "branchObjectstoreId"
  | "binlogArchivePeriodMs"
  | "binlogArchiveSliceMaxBytes"
  | "persistentCacheBytes"
  | "persistentCacheDir";

export interface FieldTarget<F extends OptionField> {
  readonly kind: "field";
  readonly field: F;
  /** Validates the option's text; throws ConfigError naming the option. */
  readonly parse: (optionName: string, text: string) => Config[F];
}

export type AnyFieldTarget = { [F in OptionField]: FieldTarget<F> }[OptionField];

/** Options that steer start-up itself and are only meaningful on the command line. */
export type CommandLineAction =
  | "help"
  | "verbose"
  | "version"
  | "no_defaults"
  | "print_defaults"
  | "defaults_file"
  | "defaults_extra_file";

export type OptionTarget =
  | AnyFieldTarget
  /** Accepted for mysqld compatibility and reported as ignored (`--user`). */
  | { readonly kind: "ignored"; readonly reason: string }
  /**
   * Something wesql always has and cannot turn off (`--log-bin`: the binary log is the
   * write-ahead log). Turning it on, with any value, is noted as ignored; turning it off
   * (`--skip-log-bin`, `--disable-log-bin`, `=OFF`, `=0`) is a ConfigError saying why.
   */
  | { readonly kind: "always-on"; readonly reason: string }
  | { readonly kind: "command-line"; readonly action: CommandLineAction };

export interface OptionSpec {
  /** Canonical name: lower case, words joined by `_`. Shown in help with `-`. */
  readonly name: string;
  /** The single-letter form (`P` for `-P 3306`), if any. */
  readonly shortName: string | undefined;
  /** Whether the option takes a value (`--name=value` / `--name value`); else it is a flag. */
  readonly takesValue: boolean;
  /** What the value is, for help: `#`, `path`, `size`, `name`, `level`, `address`. */
  readonly valueName: string;
  readonly group: OptionGroup;
  /** One line for `--help`. */
  readonly summary: string;
  /** An environment variable that also sets this option, if any. */
  readonly environmentVariable: string | undefined;
  /**
   * The option is also a server system variable of the same name: its validated value is
   * recorded in `Config.systemVariables` too, so `SELECT @@name` shows the setting.
   */
  readonly systemVariable: boolean;
  readonly target: OptionTarget;
}

export function fieldTarget<F extends OptionField>(
  field: F,
  parse: (optionName: string, text: string) => Config[F],
): FieldTarget<F> {
  return { kind: "field", field, parse };
}

export function commandLine(action: CommandLineAction): OptionTarget {
  return { kind: "command-line", action };
}

export interface SpecInput {
  readonly name: string;
  readonly group: OptionGroup;
  readonly summary: string;
  readonly target: OptionTarget;
  readonly valueName?: string;
  readonly shortName?: string;
  readonly environmentVariable?: string;
  readonly systemVariable?: boolean;
}

export function spec(input: SpecInput): OptionSpec {
  return {
    name: input.name,
    shortName: input.shortName,
    takesValue: input.valueName !== undefined,
    valueName: input.valueName ?? "",
    group: input.group,
    summary: input.summary,
    environmentVariable: input.environmentVariable,
    systemVariable: input.systemVariable ?? false,
    target: input.target,
  };
}
