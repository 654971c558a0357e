/**
 * RawOption: one option exactly as a source gave it (command line, option file or environment),
 * before its name is resolved or its value validated. Keeping the written form lets every error
 * quote what the user typed and where.
 */

import { ConfigError } from "../util/errors.ts";

export interface RawOption {
  /** The name as written, without leading dashes; may carry `loose-`/`skip-` prefixes. */
  readonly name: string;
  /** The value; undefined for a bare `--name` or a bare `name` line in a file. */
  readonly value: string | undefined;
  /** Where it came from: "" for the command line, "path:line" for files, or an env variable. */
  readonly location: string;
  /** The option as written, for messages: `--prot=3306`, `-P abc`, `prot = 3306`. */
  readonly text: string;
}

/** A ConfigError whose message starts with the option's location, when it has one. */
export function locatedConfigError(
  location: string,
  message: string,
  cause?: unknown,
): ConfigError {
  const text = location === "" ? message : `${location}: ${message}`;
  return cause === undefined ? new ConfigError(text) : new ConfigError(text, { cause });
}
