/**
 * Validators for option values: each turns the text of one option into a typed value or throws a
 * ConfigError whose one-line message names the option, the value and what was expected, e.g.
 * `invalid value 'abc' for option 'port': expected an integer from 0 to 65535`.
 *
 * All functions are pure. Option names in messages are the canonical underscore form.
 */

import { ConfigError } from "../util/errors.ts";
import type { LogLevel } from "../util/log.ts";

/** The ConfigError for a value the option does not accept. */
export function invalidValue(optionName: string, text: string, expected: string): ConfigError {
  return new ConfigError(
    `invalid value '${text}' for option '${optionName}': expected ${expected}`,
  );
}

/** A decimal integer in [min, max]. Signs, blanks and fractions are rejected. */
export function parseIntegerInRange(
  optionName: string,
  text: string,
  min: number,
  max: number,
): number {
  const value = /^[0-9]{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw invalidValue(optionName, text, `an integer from ${min} to ${max}`);
  }
  return value;
}

const sizeMultipliers: Readonly<Record<string, number>> = {
  "": 1,
  k: 1024,
  m: 1024 * 1024,
  g: 1024 * 1024 * 1024,
};

/** A byte count with an optional K/M/G suffix (powers of 1024, any case), in [min, max]. */
export function parseSizeBytes(optionName: string, text: string, min: number, max: number): number {
  const match = /^([0-9]{1,16})([kmg]?)$/i.exec(text);
  const multiplier = match ? sizeMultipliers[(match[2] ?? "").toLowerCase()] : undefined;
  const value = match && multiplier !== undefined ? Number(match[1]) * multiplier : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw invalidValue(
      optionName,
      text,
      `a size from ${min} to ${max} bytes, optionally with a K, M or G suffix`,
    );
  }
  return value;
}

/** One of `choices` (any case), returned as written in `choices`. */
export function parseChoice<T extends string>(
  optionName: string,
  text: string,
  choices: readonly T[],
): T {
  const choice = choices.find((candidate) => candidate === text.toLowerCase());
  if (choice === undefined) throw invalidValue(optionName, text, `one of ${choices.join(", ")}`);
  return choice;
}

/** ON/OFF, 1/0, TRUE/FALSE (any case), as MySQL accepts for boolean options. */
export function parseOnOff(optionName: string, text: string): boolean {
  const value = text.toLowerCase();
  if (value === "on" || value === "1" || value === "true") return true;
  if (value === "off" || value === "0" || value === "false") return false;
  throw invalidValue(optionName, text, "ON or OFF");
}

const logLevels: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** One of debug, info, warn, error (any case). */
export function parseLogLevel(optionName: string, text: string): LogLevel {
  const level = logLevels.find((candidate) => candidate === text.toLowerCase());
  if (level === undefined) throw invalidValue(optionName, text, `one of ${logLevels.join(", ")}`);
  return level;
}

/** A non-empty path without NUL bytes. Kept as given: resolution is the caller's business. */
export function parsePath(optionName: string, text: string): string {
  if (text.length === 0 || text.includes("\0")) throw invalidValue(optionName, text, "a path");
  return text;
}
