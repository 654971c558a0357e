/**
 * sql_mode members in MySQL 8.0's bit order ("" marks bits of removed modes) (the order SELECT @@sql_mode prints them), and the
 * parsed flags the executor consults per statement.
 */

export const sqlModeNames: readonly string[] = [
  "REAL_AS_FLOAT",
  "PIPES_AS_CONCAT",
  "ANSI_QUOTES",
  "IGNORE_SPACE",
  "NOT_USED",
  "ONLY_FULL_GROUP_BY",
  "NO_UNSIGNED_SUBTRACTION",
  "NO_DIR_IN_CREATE",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  "ANSI",
  "NO_AUTO_VALUE_ON_ZERO",
  "NO_BACKSLASH_ESCAPES",
  "STRICT_TRANS_TABLES",
  "STRICT_ALL_TABLES",
  "NO_ZERO_IN_DATE",
  "NO_ZERO_DATE",
  "ALLOW_INVALID_DATES",
  "ERROR_FOR_DIVISION_BY_ZERO",
  "TRADITIONAL",
  "",
  "HIGH_NOT_PRECEDENCE",
  "NO_ENGINE_SUBSTITUTION",
  "PAD_CHAR_TO_FULL_LENGTH",
  "TIME_TRUNCATE_FRACTIONAL",
];

/** Combination modes and what they expand to (MySQL stores the expansion plus the name). */
export const sqlModeCombinations: ReadonlyMap<string, readonly string[]> = new Map([
  ["ANSI", ["REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "ONLY_FULL_GROUP_BY"]],
  ["TRADITIONAL", ["STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "NO_ZERO_IN_DATE", "NO_ZERO_DATE",
    "ERROR_FOR_DIVISION_BY_ZERO", "NO_ENGINE_SUBSTITUTION"]],
]);

/** The sql_mode flags the engine acts on, parsed once per change of sql_mode. */
export interface SqlModeFlags {
  readonly strict: boolean;
  readonly errorForDivisionByZero: boolean;
  readonly onlyFullGroupBy: boolean;
  readonly noAutoValueOnZero: boolean;
  readonly pipesAsConcat: boolean;
  readonly noUnsignedSubtraction: boolean;
  /** Backslash is an ordinary character in strings; the server tells the client (status flag). */
  readonly noBackslashEscapes: boolean;
}

export function parseSqlMode(mode: string): SqlModeFlags {
  const members = new Set(mode.split(","));
  return {
    strict: members.has("STRICT_TRANS_TABLES") || members.has("STRICT_ALL_TABLES"),
    errorForDivisionByZero: members.has("ERROR_FOR_DIVISION_BY_ZERO"),
    onlyFullGroupBy: members.has("ONLY_FULL_GROUP_BY"),
    noAutoValueOnZero: members.has("NO_AUTO_VALUE_ON_ZERO"),
    pipesAsConcat: members.has("PIPES_AS_CONCAT"),
    noUnsignedSubtraction: members.has("NO_UNSIGNED_SUBTRACTION"),
    noBackslashEscapes: members.has("NO_BACKSLASH_ESCAPES"),
  };
}
