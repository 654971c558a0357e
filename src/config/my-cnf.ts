/**
 * The my.cnf (option file) syntax, one file at a time, without touching the file system:
 *
 *   [mysqld]                 a section; only [mysqld], [server] and [wesql] configure wesql
 *   key = value              also key=value; names follow the command-line rules (-/_, case)
 *   key                      a bare name: a boolean switched on
 *   key = "a \"b\""          single or double quotes; escapes \b \t \n \r \s \\ \' \" \0
 *   # comment / ; comment    whole-line comments; `#` also ends an unquoted value anywhere,
 *                            `;` does when it follows a blank (so `a;b` stays one value)
 *   !include path            another file; relative to the including file's directory
 *                            (a trailing comment is allowed, as after values)
 *   !includedir dir          every *.cnf file in dir, in sorted order
 *
 * Lines end in LF or CRLF; a leading byte-order mark is ignored. Errors are ConfigErrors whose
 * message starts with `file:line:`.
 */

import { ConfigError } from "../util/errors.ts";

export type MyCnfItem =
  | {
      readonly kind: "option";
      /** Section name, lower case. */
      readonly section: string;
      readonly name: string;
      readonly value: string | undefined;
      readonly line: number;
      /** The line as written, without blanks around it or a trailing comment, for messages. */
      readonly text: string;
    }
  | { readonly kind: "include"; readonly path: string; readonly line: number }
  | { readonly kind: "includedir"; readonly path: string; readonly line: number };

/** Sections whose options configure wesql; all others ([client], [mysql], ...) are skipped. */
export const appliedSections: ReadonlySet<string> = new Set(["mysqld", "server", "wesql"]);

/** Parses one option file's text. `fileName` is only used in error messages. */
export function parseMyCnf(text: string, fileName: string): readonly MyCnfItem[] {
  const items: MyCnfItem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  let section: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = (lines[index] ?? "").replace(/\r$/, "").trim();
    const fail = (message: string): ConfigError =>
      new ConfigError(`${fileName}:${lineNumber}: ${message}`);
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("!")) {
      items.push(parseDirective(line, lineNumber, fail));
    } else if (line.startsWith("[")) {
      section = parseSectionHeader(line, fail);
    } else {
      if (section === undefined) throw fail(`option '${line}' appears before any [section]`);
      const { name, value, text } = parseOptionLine(line, fail);
      items.push({ kind: "option", section, name, value, line: lineNumber, text });
    }
  }
  return items;
}

type Fail = (message: string) => ConfigError;

function parseDirective(line: string, lineNumber: number, fail: Fail): MyCnfItem {
  const match = /^!(include|includedir)(?:\s+(.*))?$/.exec(line);
  if (match === null) throw fail(`unknown directive '${line}'`);
  const path = stripComment(match[2] ?? "").trim();
  if (path === "") throw fail(`'!${match[1]}' needs a path`);
  return match[1] === "include"
    ? { kind: "include", path, line: lineNumber }
    : { kind: "includedir", path, line: lineNumber };
}

function parseSectionHeader(line: string, fail: Fail): string {
  const match = /^\[([^\]]*)\]\s*(?:[#;].*)?$/.exec(line);
  if (match === null) throw fail(`malformed section header '${line}'`);
  const name = (match[1] ?? "").trim().toLowerCase();
  if (name === "") throw fail("empty section name '[]'");
  return name;
}

interface OptionLine {
  readonly name: string;
  readonly value: string | undefined;
  /** The line without its trailing comment, for messages. */
  readonly text: string;
}

function parseOptionLine(line: string, fail: Fail): OptionLine {
  const commentStart = commentIndex(line);
  const equals = line.indexOf("=");
  const isBare = equals < 0 || equals > commentStart;
  const rawName = (isBare ? line.slice(0, commentStart) : line.slice(0, equals)).trim();
  if (rawName === "" || /\s/.test(rawName)) throw fail(`malformed option line '${line}'`);
  // mysqld also accepts option names written with their command-line dashes.
  const name = rawName.replace(/^--/, "");
  const uncommented = line.slice(0, commentStart).trim();
  if (isBare) return { name, value: undefined, text: uncommented };
  const afterEquals = line.slice(equals + 1);
  const rest = afterEquals.trimStart();
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const quoted = parseQuoted(rest, quote, fail);
    const valueEnd = equals + 1 + (afterEquals.length - rest.length) + quoted.length;
    return { name, value: quoted.value, text: line.slice(0, valueEnd) };
  }
  return { name, value: stripComment(rest).trim(), text: uncommented };
}

/** Where a comment starts in unquoted text: at `#`, or at `;` after a blank; else the length. */
function commentIndex(text: string): number {
  const match = /#|\s;/.exec(text);
  return match === null ? text.length : match.index;
}

function stripComment(text: string): string {
  return text.slice(0, commentIndex(text));
}

const escapes: Readonly<Record<string, string>> = {
  b: "\b",
  t: "\t",
  n: "\n",
  r: "\r",
  s: " ",
  "0": "\0",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

/**
 * Reads a quoted value starting at text[0]; only blanks or a comment may follow it. `length` is
 * how many characters of `text` the quoted value spans, quotes included.
 */
function parseQuoted(text: string, quote: string, fail: Fail): { value: string; length: number } {
  let value = "";
  let index = 1;
  while (index < text.length) {
    const char = text[index] ?? "";
    if (char === quote) {
      const after = text.slice(index + 1).trim();
      if (after !== "" && !after.startsWith("#") && !after.startsWith(";")) {
        throw fail(`unexpected text after quoted value: '${after}'`);
      }
      return { value, length: index + 1 };
    }
    if (char === "\\" && index + 1 < text.length) {
      const escaped = text[index + 1] ?? "";
      // An unknown escape keeps its backslash, as mysqld does (`\d` stays `\d`).
      value += escapes[escaped] ?? `\\${escaped}`;
      index += 2;
      continue;
    }
    value += char;
    index += 1;
  }
  throw fail(`unterminated ${quote === '"' ? "double" : "single"}-quoted value`);
}
