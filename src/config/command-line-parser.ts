/**
 * Splits argv into options, the way mysqld reads its command line: `--name=value`,
 * `--name value` (for options that take a value), bare `--name`, prefixed `--skip-name` etc.,
 * and the short forms `-P 3306`, `-P3306`, `-h path`, `-u name`, `-V`, `-?`.
 *
 * Options that steer start-up (--help, --defaults-file, ...) are taken out here; the rest are
 * returned as RawOptions for ConfigBuilder, which validates their values. wesql takes no
 * positional arguments, so any other word is an error.
 */

import { assertNever } from "../util/assert.ts";
import { ConfigError } from "../util/errors.ts";
import { resolveOptionName, type SystemVariablePredicate } from "./option-names.ts";
import { findShortOption, type CommandLineAction, type OptionSpec } from "./option-table.ts";
import type { RawOption } from "./raw-option.ts";

export interface CommandLine {
  /** Every option that configures the server, in argv order. */
  readonly options: readonly RawOption[];
  readonly help: boolean;
  readonly verbose: boolean;
  readonly version: boolean;
  readonly noDefaults: boolean;
  readonly printDefaults: boolean;
  readonly defaultsFile: string | undefined;
  readonly defaultsExtraFile: string | undefined;
}

interface CommandLineDraft {
  options: RawOption[];
  help: boolean;
  verbose: boolean;
  version: boolean;
  noDefaults: boolean;
  printDefaults: boolean;
  defaultsFile: string | undefined;
  defaultsExtraFile: string | undefined;
}

/** One option read from argv, with how many argv words it used. */
interface ParsedWord {
  readonly option: RawOption;
  readonly wordCount: 1 | 2;
}

/** Parses the arguments after the program name. Throws ConfigError on the first bad word. */
export function parseCommandLine(
  args: readonly string[],
  isSystemVariable: SystemVariablePredicate,
): CommandLine {
  const draft: CommandLineDraft = {
    options: [],
    help: false,
    verbose: false,
    version: false,
    noDefaults: false,
    printDefaults: false,
    defaultsFile: undefined,
    defaultsExtraFile: undefined,
  };
  let index = 0;
  while (index < args.length) {
    const word = args[index] ?? "";
    const next = args[index + 1];
    let parsed: ParsedWord | undefined;
    if (word.startsWith("--") && word.length > 2) {
      parsed = parseLongOption(word, next, isSystemVariable);
    } else if (word.startsWith("-") && !word.startsWith("--") && word.length > 1) {
      parsed = parseShortOption(word, next);
    } else {
      throw new ConfigError(`unexpected argument '${word}': wesql takes only options`);
    }
    if (parsed !== undefined) collect(draft, parsed.option, isSystemVariable);
    index += parsed?.wordCount ?? 1;
  }
  return draft;
}

/** Returns undefined for an unknown `--loose-…` option, which is ignored as mysqld does. */
function parseLongOption(
  word: string,
  next: string | undefined,
  isSystemVariable: SystemVariablePredicate,
): ParsedWord | undefined {
  const body = word.slice(2);
  const equals = body.indexOf("=");
  const name = equals < 0 ? body : body.slice(0, equals);
  const value = equals < 0 ? undefined : body.slice(equals + 1);
  const resolved = resolveOptionName(name, isSystemVariable);
  if (resolved.kind === "unknown") {
    if (resolved.loose) return undefined;
    throw new ConfigError(`unknown option '${word}'`);
  }
  if (value !== undefined || resolved.switchValue !== undefined || next === undefined) {
    return { option: { name, value, location: "", text: word }, wordCount: 1 };
  }
  // `--name value`: options that need a value take the next word whatever it is; a system
  // variable (whose type we do not know) takes it only if it does not look like an option.
  const target = resolved.target;
  const takesNext = target.kind === "option" ? target.spec.takesValue : !next.startsWith("-");
  if (!takesNext) return { option: { name, value, location: "", text: word }, wordCount: 1 };
  return { option: { name, value: next, location: "", text: `${word} ${next}` }, wordCount: 2 };
}

function parseShortOption(word: string, next: string | undefined): ParsedWord {
  const spec = findShortOption(word.slice(1, 2));
  if (spec === undefined) throw new ConfigError(`unknown option '${word}'`);
  if (!spec.takesValue) {
    if (word.length > 2) throw new ConfigError(`unknown option '${word}'`);
    return {
      option: { name: spec.name, value: undefined, location: "", text: word },
      wordCount: 1,
    };
  }
  if (word.length > 2) {
    return {
      option: { name: spec.name, value: word.slice(2), location: "", text: word },
      wordCount: 1,
    };
  }
  if (next === undefined) throw new ConfigError(`missing value for option '${spec.name}'`);
  const text = `${word} ${next}`;
  return { option: { name: spec.name, value: next, location: "", text }, wordCount: 2 };
}

/** Takes start-up options out; everything else goes to `options` for ConfigBuilder. */
function collect(
  draft: CommandLineDraft,
  option: RawOption,
  isSystemVariable: SystemVariablePredicate,
): void {
  const resolved = resolveOptionName(option.name, isSystemVariable);
  if (resolved.kind !== "known" || resolved.target.kind !== "option") {
    draft.options.push(option);
    return;
  }
  const spec = resolved.target.spec;
  if (spec.target.kind !== "command-line") {
    draft.options.push(option);
    return;
  }
  if (resolved.switchValue !== undefined) {
    throw new ConfigError(
      `invalid option '${option.text}': '${spec.name}' is not a boolean option`,
    );
  }
  applyAction(draft, spec, spec.target.action, option);
}

function applyAction(
  draft: CommandLineDraft,
  spec: OptionSpec,
  action: CommandLineAction,
  option: RawOption,
): void {
  if (spec.takesValue && (option.value === undefined || option.value === "")) {
    throw new ConfigError(`missing value for option '${spec.name}'`);
  }
  if (!spec.takesValue && option.value !== undefined) {
    throw new ConfigError(`option '${spec.name}' takes no value: '${option.text}'`);
  }
  switch (action) {
    case "help":
      draft.help = true;
      return;
    case "verbose":
      draft.verbose = true;
      return;
    case "version":
      draft.version = true;
      return;
    case "no_defaults":
      draft.noDefaults = true;
      return;
    case "print_defaults":
      draft.printDefaults = true;
      return;
    case "defaults_file":
      draft.defaultsFile = option.value;
      return;
    case "defaults_extra_file":
      draft.defaultsExtraFile = option.value;
      return;
    default:
      assertNever(action, "command-line action");
  }
}
