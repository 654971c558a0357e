/**
 * A tiny TypeScript lexer for the tidy lint: it blanks out comments (and, in `codeOnly`, the
 * contents of string and template literals) with spaces, keeping every newline and every
 * offset, so regexes over the result never match inside comments or strings and offsets map
 * straight back to line numbers. Not a parser: regex literals are recognised by the previous
 * significant character, which is right for the code we write.
 */

export interface BlankedSource {
  /** Comments blanked; string literals kept (for import specifiers). */
  readonly withStrings: string;
  /** Comments and the contents of strings, templates and regex literals blanked. */
  readonly codeOnly: string;
}

const regexPreceders = new Set([
  "",
  "(",
  ",",
  "=",
  ":",
  "[",
  "!",
  "&",
  "|",
  "?",
  "{",
  "}",
  ";",
  "+",
  "-",
  "*",
  "%",
  "<",
  ">",
  "~",
  "^",
]);

export function blankSource(text: string): BlankedSource {
  const withStrings = text.split("");
  const codeOnly = text.split("");
  const blank = (from: number, to: number, both: boolean): void => {
    for (let i = from; i < to; i++) {
      if (text[i] === "\n") continue;
      codeOnly[i] = " ";
      if (both) withStrings[i] = " ";
    }
  };
  // Stack of template-expression brace depths: a `}` at depth 0 resumes the enclosing template.
  const templateStack: number[] = [];
  let braceDepth = 0;
  let lastSignificant = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1] ?? "";
    if (c === "/" && next === "/") {
      const end = indexOrEnd(text, "\n", i);
      blank(i, end, true);
      i = end;
    } else if (c === "/" && next === "*") {
      const close = text.indexOf("*/", i + 2);
      const end = close === -1 ? text.length : close + 2;
      blank(i, end, true);
      i = end;
    } else if (c === '"' || c === "'") {
      const end = skipQuoted(text, i, c);
      blank(i + 1, end - 1, false);
      i = end;
      lastSignificant = c;
    } else if (c === "`" || (c === "}" && braceDepth === 0 && templateStack.length > 0)) {
      if (c === "}") braceDepth = templateStack.pop()!;
      const { end, opensExpression } = skipTemplate(text, i + 1);
      blank(i + 1, opensExpression ? end - 2 : end - 1, false);
      if (opensExpression) {
        templateStack.push(braceDepth);
        braceDepth = 0;
      }
      i = end;
      lastSignificant = "`";
    } else if (c === "/" && (regexPreceders.has(lastSignificant) || isKeywordBefore(text, i))) {
      const end = skipRegex(text, i);
      blank(i + 1, end - 1, false);
      i = end;
      lastSignificant = "/";
    } else {
      if (c === "{") braceDepth++;
      if (c === "}") braceDepth--;
      if (!isSpace(c)) lastSignificant = isWordOrClose(c) ? "a" : c;
      i++;
    }
  }
  return { withStrings: withStrings.join(""), codeOnly: codeOnly.join("") };
}

function isSpace(c: string): boolean {
  return c === " " || c === "\n" || c === "\t" || c === "\r";
}

function isWordOrClose(c: string): boolean {
  const code = c.charCodeAt(0);
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    c === "_" ||
    c === "$" ||
    c === ")" ||
    c === "]" ||
    code > 127
  );
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? text.length : at;
}

function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length && text[i] !== quote && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
  return Math.min(i + 1, text.length);
}

/** From just after a backtick or `}`: returns the offset after the closing backtick or `${`. */
function skipTemplate(text: string, start: number): { end: number; opensExpression: boolean } {
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === "`") return { end: i + 1, opensExpression: false };
    else if (c === "$" && text[i + 1] === "{") return { end: i + 2, opensExpression: true };
    else i++;
  }
  return { end: text.length, opensExpression: false };
}

function skipRegex(text: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < text.length && text[i] !== "\n") {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === "[") (inClass = true), i++;
    else if (c === "]") (inClass = false), i++;
    else if (c === "/" && !inClass) return i + 1;
    else i++;
  }
  return i;
}

/** `return /x/`, `typeof /x/`: after these keywords `/` starts a regex, not a division. */
function isKeywordBefore(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 12), at);
  return /\b(return|typeof|case|in|of|yield|await)\s*$/.test(before);
}

/** 1-based line number of `offset`, given the sorted offsets of every newline. */
export function lineAt(newlines: readonly number[], offset: number): number {
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (newlines[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  return low + 1;
}

export function newlineOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) out.push(i);
  return out;
}
