/**
 * ConfigBuilder: applies RawOptions in precedence order (lowest first; a later value wins) and
 * builds the frozen Config. Each value is validated when it is applied, so an error names the
 * source and line where the bad value was written even if a later source would override it.
 *
 * Not thread-safe; one builder per load.
 */

import { assertNever } from "../util/assert.ts";
import { ConfigError } from "../util/errors.ts";
import { configDefaults, type Config, type ObjectStoreCredentials } from "./config.ts";
import {
  dashedOptionName,
  resolveOptionName,
  targetName,
  type SystemVariablePredicate,
} from "./option-names.ts";
import type { FieldTarget, OptionField, OptionSpec } from "./option-table.ts";
import { locatedConfigError, type RawOption } from "./raw-option.ts";

type FieldValues = { -readonly [F in OptionField]?: Config[F] };

export class ConfigBuilder {
  readonly #isSystemVariable: SystemVariablePredicate;
  readonly #fields: FieldValues = {};
  readonly #systemVariables = new Map<string, string>();
  readonly #notes: string[] = [];
  #rootPassword: string | undefined;
  #objectStoreCredentials: ObjectStoreCredentials | undefined;

  constructor(isSystemVariable: SystemVariablePredicate) {
    this.#isSystemVariable = isSystemVariable;
  }

  /** Applies one option; throws ConfigError prefixed with the option's location. */
  apply(option: RawOption): void {
    try {
      this.#apply(option);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw locatedConfigError(option.location, error.message, error);
    }
  }

  /** MYSQL_ROOT_PASSWORD: the only source of the root password. */
  setRootPassword(password: string): void {
    this.#rootPassword = password;
  }

  /** S3 keys from the environment (never from options: see objectstore-options.ts). */
  setObjectStoreCredentials(credentials: ObjectStoreCredentials): void {
    this.#objectStoreCredentials = credentials;
  }

  /** Things worth logging that are not errors, e.g. an ignored `--user`. */
  get notes(): readonly string[] {
    return this.#notes;
  }

  build(defaultsFile: string | undefined): Config {
    return Object.freeze({
      ...configDefaults,
      ...this.#fields,
      defaultsFile,
      rootPassword: this.#rootPassword ?? configDefaults.rootPassword,
      objectStoreCredentials: this.#objectStoreCredentials,
      systemVariables: new Map(this.#systemVariables),
    });
  }

  #apply(option: RawOption): void {
    const resolved = resolveOptionName(option.name, this.#isSystemVariable);
    if (resolved.kind === "unknown") {
      if (resolved.loose) return;
      throw new ConfigError(`unknown option '${option.text}'`);
    }
    const target = resolved.target;
    let value = option.value;
    if (resolved.switchValue !== undefined) {
      if (target.kind === "option" && target.spec.target.kind === "always-on") {
        this.#applyAlwaysOn(target.spec, target.spec.target.reason, resolved.switchValue, option);
        return;
      }
      if (target.kind === "option") {
        const name = targetName(target);
        throw new ConfigError(`invalid option '${option.text}': '${name}' is not a boolean option`);
      }
      if (value !== undefined) {
        throw new ConfigError(
          `invalid option '${option.text}': a skip-, disable- or enable- ` +
            "prefix takes no value",
        );
      }
      value = resolved.switchValue;
    }
    if (target.kind === "system-variable") {
      // A bare boolean name (`--autocommit`, `autocommit` in a file) turns the variable on.
      this.#systemVariables.set(target.name, value ?? "ON");
      return;
    }
    this.#applyOption(target.spec, value, option);
  }

  #applyOption(spec: OptionSpec, value: string | undefined, option: RawOption): void {
    const target = spec.target;
    switch (target.kind) {
      case "field":
        if (value === undefined) throw new ConfigError(`missing value for option '${spec.name}'`);
        assignField(this.#fields, target, spec.name, value);
        if (spec.systemVariable) {
          const value = this.#fields[target.field];
          this.#systemVariables.set(spec.name, typeof value === "boolean" ? (value ? "ON" : "OFF") : String(value));
        }
        return;
      case "ignored":
        this.#notes.push(`option '--${dashedOptionName(spec.name)}' is ignored: ${target.reason}`);
        return;
      case "always-on":
        this.#applyAlwaysOn(spec, target.reason, value, option);
        return;
      case "command-line":
        throw new ConfigError(`option '${option.text}' is only allowed on the command line`);
      default:
        assertNever(target, "option target");
    }
  }

  /** `--log-bin[=name]` is noted as ignored; `--skip-log-bin` or `log_bin=OFF` is refused. */
  #applyAlwaysOn(
    spec: OptionSpec,
    reason: string,
    value: string | undefined,
    option: RawOption,
  ): void {
    if (value !== undefined && offValues.has(value.toLowerCase())) {
      throw new ConfigError(`option '${option.text}' is refused: ${reason}`);
    }
    this.#notes.push(`option '--${dashedOptionName(spec.name)}' is ignored: ${reason}`);
  }
}

/** Values that turn a boolean off, as mysqld reads them. */
const offValues: ReadonlySet<string> = new Set(["off", "0", "false", "no"]);

function assignField<F extends OptionField>(
  fields: FieldValues,
  target: FieldTarget<F>,
  optionName: string,
  text: string,
): void {
  fields[target.field] = target.parse(optionName, text);
}
