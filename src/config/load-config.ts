/**
 * loadConfig: command line + environment + option files → what the binary should do. Pure: the
 * file system and the system-variable catalogue are injected, so every rule is unit-testable.
 *
 * Precedence, lowest first (a later source overrides an earlier one):
 *   built-in defaults (config.ts) < --defaults-file, or MYSQL_CUSTOM_CONFIG without it
 *   < --defaults-extra-file < environment (WESQL_DATA_DIR, MYSQL_ROOT_PASSWORD) < command line.
 * `--no-defaults` reads no option file at all. No file is ever read implicitly (no /etc/my.cnf).
 *
 * Safe default: a server reachable from other hosts must not have a password-less root, so a
 * non-loopback bind address without MYSQL_ROOT_PASSWORD is a ConfigError.
 */

import { ConfigError } from "../util/errors.ts";
import { isLoopbackAddress } from "./bind-address.ts";
import { parseCommandLine, type CommandLine } from "./command-line-parser.ts";
import { ConfigBuilder } from "./config-builder.ts";
import type { Config, ObjectStoreCredentials } from "./config.ts";
import { helpText, versionText } from "./help-text.ts";
import { readOptionFile, type OptionFileSystem } from "./option-files.ts";
import type { SystemVariablePredicate } from "./option-names.ts";
import { printDefaultsText } from "./print-defaults.ts";
import type { RawOption } from "./raw-option.ts";

export type LoadResult =
  | {
      readonly kind: "run";
      readonly config: Config;
      /** Things to log at start-up that are not errors, e.g. "option '--user' is ignored". */
      readonly notes: readonly string[];
    }
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "version"; readonly text: string }
  | { readonly kind: "print-defaults"; readonly text: string };

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * `argv` is the arguments after the program (process.argv.slice(2)). `listDirectory` returns
 * entry names. Throws ConfigError with a one-line message for any bad option, value or file.
 */
export function loadConfig(
  argv: readonly string[],
  env: Environment,
  readTextFile: (path: string) => string,
  listDirectory: (path: string) => readonly string[],
  isSystemVariable: (name: string) => boolean,
): LoadResult {
  const commandLine = parseCommandLine(argv, isSystemVariable);
  if (commandLine.version) {
    return { kind: "version", text: versionText(process.platform, process.arch) + "\n" };
  }
  if (commandLine.help && !commandLine.verbose) {
    return { kind: "help", text: helpText(process.platform, process.arch) };
  }
  const defaultsFile = commandLine.noDefaults
    ? undefined
    : (commandLine.defaultsFile ?? nonEmpty(env["MYSQL_CUSTOM_CONFIG"]));
  const fileOptions = readOptionFiles(commandLine, defaultsFile, { readTextFile, listDirectory });
  const environmentOptions = optionsFromEnvironment(env);
  const rootPassword = env["MYSQL_ROOT_PASSWORD"];
  if (commandLine.printDefaults) {
    const options = [...fileOptions, ...environmentOptions, ...commandLine.options];
    return {
      kind: "print-defaults",
      text: printDefaultsText(options, nonEmpty(rootPassword) !== undefined),
    };
  }
  const builder = new ConfigBuilder(isSystemVariable);
  for (const option of fileOptions) builder.apply(option);
  for (const option of environmentOptions) builder.apply(option);
  if (rootPassword !== undefined) builder.setRootPassword(rootPassword);
  const credentials = objectStoreCredentialsFrom(env);
  if (credentials !== undefined) builder.setObjectStoreCredentials(credentials);
  for (const option of commandLine.options) builder.apply(option);
  const config = builder.build(defaultsFile);
  if (commandLine.help) {
    return { kind: "help", text: helpText(process.platform, process.arch, config) };
  }
  checkSafeDefaults(config);
  checkObjectStore(config);
  return { kind: "run", config, notes: builder.notes };
}

function readOptionFiles(
  commandLine: CommandLine,
  defaultsFile: string | undefined,
  fileSystem: OptionFileSystem,
): readonly RawOption[] {
  if (commandLine.noDefaults) return [];
  const extraFile = commandLine.defaultsExtraFile;
  return [
    ...(defaultsFile === undefined ? [] : readOptionFile(defaultsFile, fileSystem)),
    ...(extraFile === undefined ? [] : readOptionFile(extraFile, fileSystem)),
  ];
}

/** Environment variables that set options; an empty variable counts as unset. */
function optionsFromEnvironment(env: Environment): readonly RawOption[] {
  const dataDirectory = nonEmpty(env["WESQL_DATA_DIR"]);
  if (dataDirectory === undefined) return [];
  return [
    {
      name: "datadir",
      value: dataDirectory,
      location: "environment variable WESQL_DATA_DIR",
      text: `WESQL_DATA_DIR=${dataDirectory}`,
    },
  ];
}

/** A server reachable from other hosts must not accept root with an empty password. */
function checkSafeDefaults(config: Config): void {
  if (config.rootPassword !== "" || isLoopbackAddress(config.bindAddress)) return;
  throw new ConfigError(
    `refusing to bind to ${config.bindAddress} without MYSQL_ROOT_PASSWORD: root has an empty ` +
      "password; set MYSQL_ROOT_PASSWORD or bind to 127.0.0.1",
  );
}

/**
 * WESQL_OBJECTSTORE_ACCESS_KEY and WESQL_OBJECTSTORE_SECRET_KEY, both or neither (one alone is
 * a mistake that would otherwise surface as a confusing signature error from S3).
 */
function objectStoreCredentialsFrom(env: Environment): ObjectStoreCredentials | undefined {
  const accessKeyId = nonEmpty(env["WESQL_OBJECTSTORE_ACCESS_KEY"]);
  const secretAccessKey = nonEmpty(env["WESQL_OBJECTSTORE_SECRET_KEY"]);
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new ConfigError(
      "set both WESQL_OBJECTSTORE_ACCESS_KEY and WESQL_OBJECTSTORE_SECRET_KEY, or neither " +
        "(then the AWS SDK's default credential chain is used)",
    );
  }
  return { accessKeyId, secretAccessKey };
}

/** The object-store options that only make sense together. */
function checkObjectStore(config: Config): void {
  const provider = config.objectStoreProvider;
  if (provider === "local") return;
  if (config.objectStoreBucket === "") {
    throw new ConfigError(`objectstore_provider=${provider} needs --objectstore-bucket`);
  }
  if ((provider === "minio" || provider === "r2") && config.objectStoreEndpoint === "") {
    throw new ConfigError(`objectstore_provider=${provider} needs --objectstore-endpoint`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
