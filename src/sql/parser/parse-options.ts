/**
 * sql_mode flags that change how SQL text is read. The session passes the ones in effect; all
 * default to off (MySQL's default sql_mode has none of them).
 */
export interface ParseOptions {
  /** NO_BACKSLASH_ESCAPES: a backslash inside a string literal is an ordinary character. */
  readonly noBackslashEscapes?: boolean;
  /** ANSI_QUOTES: "text" is a quoted identifier, not a string. */
  readonly ansiQuotes?: boolean;
  /**
   * PIPES_AS_CONCAT: `a || b` is CONCAT(a, b) (a FunctionCall), binding tighter than `^` and
   * looser than the unary operators, instead of logical OR.
   */
  readonly pipesAsConcat?: boolean;
  /** HIGH_NOT_PRECEDENCE: `NOT a BETWEEN b AND c` is `(NOT a) BETWEEN b AND c`, like `!`. */
  readonly highNotPrecedence?: boolean;
}

