/**
 * The binlog's files in its directory, and the layout of each (BINLOG_FILE_LAYOUT_VERSION = 1),
 * following MySQL 8.0 so that mysqlbinlog and replicas can read them. The bytes of each event are
 * defined in binlog-event-format.ts; this file fixes which events a file holds, in which order,
 * and the names.
 *
 * Names: log files are `binlog.NNNNNN` (the file number, 1-based, zero-padded to at least six
 * digits, as MySQL's `log_bin_basename` + extension). `BinlogPosition.file` is that number;
 * file 0 never exists and means "before the first file".
 *
 * A log file:
 *   offset 0    magic                 4 bytes: fe 62 69 6e (BINLOG_MAGIC)
 *   offset 4    FORMAT_DESCRIPTION    binlog version 4, server version, CRC32 checksums
 *               PREVIOUS_GTIDS        the GTIDs of every transaction in all earlier files
 *               event groups          one per transaction, never split across files:
 *                                       GTID, QUERY "BEGIN", (TABLE_MAP, *_ROWS_V2)…, XID
 *                                       or GTID, QUERY <DDL statement>
 *               ROTATE (optional)     names the next file; present once the file is closed
 *                                     (rotation by size, FLUSH BINARY LOGS, or a restart)
 * The header (magic + FORMAT_DESCRIPTION + PREVIOUS_GTIDS) is created atomically and durably,
 * so a listed file always has a whole header; only the tail of the newest file can be torn.
 *
 * The index file `binlog.index` lists the log files in order, one per line, each as MySQL writes
 * it: "./binlog.000001\n". It is replaced atomically whenever a file is added. Reading accepts a
 * name with or without the "./" prefix and ignores empty lines; any other line is corruption.
 *
 * Golden bytes: binlog-file-format.test.ts.
 */

import { assert } from "../util/assert.ts";
import { CorruptionError } from "../util/errors.ts";

export const BINLOG_FILE_LAYOUT_VERSION = 1;

/** The base name of every log file, as MySQL's default `log_bin_basename`. */
export const BINLOG_BASE_NAME = "binlog";

/** The index file's name inside the binlog directory. */
export const BINLOG_INDEX_FILE_NAME = "binlog.index";

/** The largest file number: MySQL stops at 2^31 - 1 too (the extension is a signed int). */
export const BINLOG_FILE_NUMBER_MAX = 0x7fff_ffff;

const fileNamePattern = /^binlog\.(\d{6,})$/;

/** `binlog.000042` for 42. */
export function binlogFileName(fileNumber: number): string {
  assert(Number.isInteger(fileNumber), `binlog file number not an integer: ${fileNumber}`);
  assert(fileNumber >= 1 && fileNumber <= BINLOG_FILE_NUMBER_MAX, `bad file number ${fileNumber}`);
  return `${BINLOG_BASE_NAME}.${String(fileNumber).padStart(6, "0")}`;
}

/** The file number of a log file name, or undefined when the name is not one. */
export function parseBinlogFileName(name: string): number | undefined {
  const match = fileNamePattern.exec(name);
  if (match === null) return undefined;
  const fileNumber = Number(match[1]);
  if (fileNumber < 1 || fileNumber > BINLOG_FILE_NUMBER_MAX) return undefined;
  return fileNumber;
}

/** The index file's bytes for these file numbers (ascending). */
export function encodeBinlogIndex(fileNumbers: readonly number[]): Uint8Array {
  let text = "";
  for (const fileNumber of fileNumbers) text += `./${binlogFileName(fileNumber)}\n`;
  return new TextEncoder().encode(text);
}

/**
 * The file numbers an index file lists, checked to be strictly ascending. `path` names the
 * index in errors.
 */
export function decodeBinlogIndex(bytes: Uint8Array, path: string): readonly number[] {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const fileNumbers: number[] = [];
  let lineNumber = 0;
  for (const rawLine of text.split("\n")) {
    lineNumber += 1;
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (line === "") continue;
    const name = line.startsWith("./") ? line.slice(2) : line;
    const fileNumber = parseBinlogFileName(name);
    if (fileNumber === undefined) {
      throw new CorruptionError(`${path}: line ${lineNumber} is not a binlog file name: ${line}`);
    }
    const previous = fileNumbers[fileNumbers.length - 1];
    if (previous !== undefined && fileNumber <= previous) {
      throw new CorruptionError(`${path}: line ${lineNumber}: ${name} is out of order`);
    }
    fileNumbers.push(fileNumber);
  }
  return fileNumbers;
}
