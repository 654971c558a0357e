/**
 * Base classes for operating errors: failures the system expects and handles (bad input, a
 * limit reached, corruption found). Programmer errors are AssertionError (util/assert.ts).
 */

/** An expected failure with a stable, machine-readable code. */
export class DbError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A named limit (constants.ts or a config field) was exceeded. */
export class LimitError extends DbError {
  constructor(
    readonly limitName: string,
    readonly limit: number,
    message: string,
  ) {
    super(message);
  }
}

/** Stored bytes failed a checksum or a structural check. Names the object and offset. */
export class CorruptionError extends DbError {}

/** A configuration value or command-line option is invalid. */
export class ConfigError extends DbError {}

/** A local file or directory does not exist (ENOENT). `path` names it. */
export class FileNotFoundError extends DbError {
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`no such file or directory: ${path}`, options);
  }
}

/** A local file or directory already exists where an exclusive create wanted none (EEXIST). */
export class FileExistsError extends DbError {
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`file already exists: ${path}`, options);
  }
}

/** Any other local I/O failure (EIO, ENOSPC, EACCES, ENOTDIR, ...). `code` is the system code. */
export class LocalIoError extends DbError {
  constructor(
    readonly path: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
