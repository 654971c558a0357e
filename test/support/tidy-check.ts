/**
 * The repository lint behind test/tidy.test.ts: the layer ladder of ARCHITECTURE.md §6, import
 * cycles, the determinism bans (clock, randomness, timers, fs outside src/util/), no default
 * exports or barrel files, kebab-case names, and file and function length limits.
 *
 * Invariant: `tidyCheck` is a pure function of the file list, so the unit test can feed it a
 * fake tree. It is a scanner over comment-blanked text (see source-lexer.ts), not a TypeScript
 * parser, so it stays well under a second for the whole tree.
 */

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { blankSource, lineAt, newlineOffsets } from "./source-lexer.ts";

export interface SourceFile {
  /** Repository-relative POSIX path, e.g. `src/sql/parser/parser.ts`. */
  readonly path: string;
  readonly text: string;
}

export type TidyRule =
  | "layer"
  | "cycle"
  | "banned-api"
  | "export-default"
  | "index-file"
  | "file-name"
  | "file-length"
  | "function-length";

export interface TidyFinding {
  readonly rule: TidyRule;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface TidyReport {
  /** Findings that fail the lint. */
  readonly violations: readonly TidyFinding[];
  /** Style findings that are reported but do not fail (functions over 70 lines). */
  readonly warnings: readonly TidyFinding[];
}

export const fileLinesMax = 800;
export const functionLinesWarn = 70;
export const functionLinesMax = 150;

/**
 * Layer groups. Folders in one group may import each other, except the `raft`/`protocol`/`sql`
 * row, which ARCHITECTURE.md §6 restricts to L0 (so sql never imports protocol and vice versa).
 */
interface Group {
  readonly name: string;
  readonly layer: string;
  readonly mayImport: readonly string[];
}

const groups: readonly Group[] = [
  { name: "util", layer: "L0", mayImport: ["util", "constants", "config"] },
  { name: "constants", layer: "L0", mayImport: ["util", "constants", "config"] },
  { name: "config", layer: "L0", mayImport: ["util", "constants", "config"] },
  { name: "objectstore", layer: "L1", mayImport: ["objectstore", ...l0()] },
  { name: "cache", layer: "L2", mayImport: ["cache", "objectstore", ...l0()] },
  {
    name: "engine",
    layer: "L3",
    mayImport: ["engine", "compact", "cache", "objectstore", ...l0()],
  },
  {
    name: "compact",
    layer: "L3",
    mayImport: ["compact", "engine", "cache", "objectstore", ...l0()],
  },
  { name: "raft", layer: "L3", mayImport: ["raft", ...l0()] },
  { name: "protocol", layer: "L3", mayImport: ["protocol", ...l0()] },
  { name: "sql", layer: "L3", mayImport: ["sql", ...l0()] },
  { name: "table", layer: "L4", mayImport: ["table", ...l3(), ...l0()] },
  {
    name: "binlog",
    layer: "L5",
    mayImport: [...l5(), "table", ...l3(), "cache", "objectstore", ...l0()],
  },
  {
    name: "logger",
    layer: "L5",
    mayImport: [...l5(), "table", ...l3(), "cache", "objectstore", ...l0()],
  },
  {
    name: "replication",
    layer: "L5",
    mayImport: [...l5(), "table", ...l3(), "cache", "objectstore", ...l0()],
  },
  {
    name: "server",
    layer: "L6",
    mayImport: ["server", ...l5(), "table", ...l3(), "cache", "objectstore", ...l0()],
  },
  { name: "main", layer: "L7", mayImport: ["server", "logger", ...l0()] },
];

function l0(): string[] {
  return ["util", "constants", "config"];
}
function l3(): string[] {
  return ["engine", "compact", "raft", "protocol", "sql"];
}
function l5(): string[] {
  return ["binlog", "logger", "replication"];
}

/** The layer group of a repository-relative path under src/, or undefined for an unknown folder. */
export function groupOf(path: string): Group | undefined {
  const rest = path.slice("src/".length);
  const name =
    rest === "main.ts" ? "main" : rest === "constants.ts" ? "constants" : rest.split("/")[0];
  if (!rest.includes("/") && name !== "main" && name !== "constants") return undefined;
  return groups.find((group) => group.name === name);
}

interface ImportRef {
  readonly specifier: string;
  readonly line: number;
  readonly typeOnly: boolean;
}

const staticImport =
  /(?:^|[;\n}])\s*(import|export)\s+(type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?(["'])([^"'\n]+)\3/g;
const dynamicImport = /(?<![\w$.])(?:import|require)\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g;

export function importsOf(withStrings: string, newlines: readonly number[]): ImportRef[] {
  const out: ImportRef[] = [];
  for (const match of withStrings.matchAll(staticImport)) {
    const offset = match.index + match[0].indexOf(match[1]!);
    out.push({
      specifier: match[4]!,
      line: lineAt(newlines, offset),
      typeOnly: match[2] !== undefined,
    });
  }
  for (const match of withStrings.matchAll(dynamicImport)) {
    out.push({ specifier: match[2]!, line: lineAt(newlines, match.index), typeOnly: false });
  }
  return out;
}

interface BannedApi {
  readonly pattern: RegExp;
  readonly name: string;
  readonly replacement: string;
}

const bannedApis: readonly BannedApi[] = [
  {
    pattern: /(?<![\w$.])Date\s*\.\s*now\s*\(/g,
    name: "Date.now()",
    replacement: "Clock.nowMs() (src/util/clock.ts)",
  },
  {
    pattern: /(?<![\w$.])performance\s*\.\s*now\s*\(/g,
    name: "performance.now()",
    replacement: "Clock.monotonicMs() (src/util/clock.ts)",
  },
  {
    pattern: /(?<![\w$.])Math\s*\.\s*random\s*\(/g,
    name: "Math.random()",
    replacement: "Random (src/util/random.ts)",
  },
  {
    pattern: /(?<![\w$.])crypto\s*\.\s*randomUUID\s*\(/g,
    name: "crypto.randomUUID()",
    replacement: "Random (src/util/random.ts)",
  },
  {
    pattern: /(?<![\w$.])(?:globalThis\s*\.\s*)?setTimeout\s*\(/g,
    name: "setTimeout()",
    replacement: "Clock.setTimer() / Clock.sleep() (src/util/clock.ts)",
  },
  {
    pattern: /(?<![\w$.])(?:globalThis\s*\.\s*)?setInterval\s*\(/g,
    name: "setInterval()",
    replacement: "Clock.setTimer() (src/util/clock.ts)",
  },
  {
    pattern: /(?<![\w$.])new\s+Date\s*\(\s*\)/g,
    name: "new Date()",
    replacement: "Clock.nowMs() (src/util/clock.ts)",
  },
];

const fsModules = new Set(["fs", "node:fs", "fs/promises", "node:fs/promises"]);

/** Lints `files` (every file under src/; other paths are ignored). */
export function tidyCheck(files: readonly SourceFile[]): TidyReport {
  const violations: TidyFinding[] = [];
  const warnings: TidyFinding[] = [];
  const sources = files.filter((file) => file.path.startsWith("src/"));
  const paths = new Set(sources.map((file) => file.path));
  const runtimeEdges = new Map<string, { target: string; line: number }[]>();
  for (const file of sources) {
    checkName(file.path, violations);
    if (!file.path.endsWith(".ts")) continue;
    const blanked = blankSource(file.text);
    const newlines = newlineOffsets(file.text);
    const imports = importsOf(blanked.withStrings, newlines);
    const edges = checkImports(file.path, imports, paths, violations);
    runtimeEdges.set(file.path, edges);
    checkBanned(file, blanked.codeOnly, newlines, violations);
    checkExportDefault(file.path, blanked.codeOnly, newlines, violations);
    checkSize(file, blanked.codeOnly, newlines, violations, warnings);
  }
  checkCycles(runtimeEdges, violations);
  return { violations, warnings };
}

function checkName(path: string, violations: TidyFinding[]): void {
  const segments = path.split("/").slice(1);
  const base = segments.pop() ?? "";
  if (base === "index.ts") {
    violations.push({
      rule: "index-file",
      file: path,
      line: 1,
      message: "no barrel index.ts: import the file that defines the name",
    });
  }
  for (const folder of segments) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(folder)) {
      violations.push({
        rule: "file-name",
        file: path,
        line: 1,
        message: `folder "${folder}" is not kebab-case`,
      });
    }
  }
  if (base.endsWith(".ts") && !/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.test)?\.ts$/.test(base)) {
    violations.push({
      rule: "file-name",
      file: path,
      line: 1,
      message: `file name "${base}" is not kebab-case`,
    });
  }
}

function resolveRelative(from: string, specifier: string, paths: ReadonlySet<string>): string {
  const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
  if (!paths.has(joined) && paths.has(`${joined}.ts`)) return `${joined}.ts`;
  return joined;
}

function checkImports(
  path: string,
  imports: readonly ImportRef[],
  paths: ReadonlySet<string>,
  violations: TidyFinding[],
): { target: string; line: number }[] {
  const edges: { target: string; line: number }[] = [];
  const own = groupOf(path);
  if (own === undefined) {
    violations.push({
      rule: "layer",
      file: path,
      line: 1,
      message: `${path}: not in any layer folder of ARCHITECTURE.md §6`,
    });
  }
  for (const ref of imports) {
    if (
      fsModules.has(ref.specifier) &&
      !path.startsWith("src/util/") &&
      !path.endsWith(".test.ts")
    ) {
      violations.push({
        rule: "banned-api",
        file: path,
        line: ref.line,
        message:
          `${path}:${ref.line}: imports "${ref.specifier}"; ` +
          "use LocalDisk (src/util/local-disk.ts) or another src/util/ wrapper",
      });
    }
    if (!ref.specifier.startsWith(".") && !ref.specifier.startsWith("/")) continue;
    const target = resolveRelative(path, ref.specifier, paths);
    if (!target.startsWith("src/")) {
      violations.push({
        rule: "layer",
        file: path,
        line: ref.line,
        message: `${path}: imports ${ref.specifier} (outside src/)`,
      });
      continue;
    }
    if (!ref.typeOnly) edges.push({ target, line: ref.line });
    const targetGroup = groupOf(target);
    if (own === undefined || targetGroup === undefined) continue;
    if (!own.mayImport.includes(targetGroup.name)) {
      violations.push({
        rule: "layer",
        file: path,
        line: ref.line,
        message:
          `${path}: imports ${target} (layer ${targetGroup.layer} ${targetGroup.name}/; ` +
          `${own.layer} ${own.name} may import only ${own.mayImport.join(", ")})`,
      });
    }
  }
  return edges;
}

function checkBanned(
  file: SourceFile,
  code: string,
  newlines: readonly number[],
  violations: TidyFinding[],
): void {
  if (file.path.startsWith("src/util/") || file.path.endsWith(".test.ts")) return;
  for (const api of bannedApis) {
    for (const match of code.matchAll(api.pattern)) {
      const line = lineAt(newlines, match.index);
      violations.push({
        rule: "banned-api",
        file: file.path,
        line,
        message:
          `${file.path}:${line}: ${api.name} is banned outside src/util/; ` +
          `use ${api.replacement}`,
      });
    }
  }
}

function checkExportDefault(
  path: string,
  code: string,
  newlines: readonly number[],
  violations: TidyFinding[],
): void {
  for (const match of code.matchAll(/(?<![\w$.])export\s+(?:default\b|\{[^}]*\bas\s+default\b)/g)) {
    const line = lineAt(newlines, match.index);
    violations.push({
      rule: "export-default",
      file: path,
      line,
      message: `${path}:${line}: no default exports; use a named export`,
    });
  }
}

function checkSize(
  file: SourceFile,
  code: string,
  newlines: readonly number[],
  violations: TidyFinding[],
  warnings: TidyFinding[],
): void {
  if (file.path.endsWith(".test.ts")) return;
  const lineCount = newlines.length + (file.text.endsWith("\n") ? 0 : 1);
  if (lineCount > fileLinesMax) {
    violations.push({
      rule: "file-length",
      file: file.path,
      line: fileLinesMax + 1,
      message: `${file.path}: ${lineCount} lines (max ${fileLinesMax}); split it by concept`,
    });
  }
  for (const fn of functionsOf(code, newlines)) {
    if (fn.lines <= functionLinesWarn) continue;
    const finding: TidyFinding = {
      rule: "function-length",
      file: file.path,
      line: fn.line,
      message:
        `${file.path}:${fn.line}: function ${fn.name} has ${fn.lines} lines ` +
        `(style: <= ${functionLinesWarn}, hard max ${functionLinesMax})`,
    };
    (fn.lines > functionLinesMax ? violations : warnings).push(finding);
  }
}

export interface FunctionSpan {
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

const notMethodNames = new Set([
  "if",
  "for",
  "while",
  "switch",
  "catch",
  "return",
  "function",
  "with",
  "super",
  "this",
  "new",
  "typeof",
  "await",
  "else",
  "do",
]);
const functionStart = /\bfunction\b\s*\*?\s*([\w$]*)\s*(?:<[^(]*?>)?\s*\(/g;
// Applied to a line with its indentation removed (adjacent `[ \t]*` runs over the long blank
// lines left by comments would backtrack quadratically).
const methodModifiers = "public|private|protected|static|async|readonly|override|get|set";
const methodStart = new RegExp(
  `^(?:(?:${methodModifiers})[ \\t]+)*(?:\\*[ \\t]*)?(#?[\\w$]+)[ \\t]*(?:<[^(]*?>)?[ \\t]*\\(`,
);
const arrowStart = /=>\s*\{/g;

/** Functions, methods and block-bodied arrows, each measured from its first line to its `}`. */
export function functionsOf(code: string, newlines: readonly number[]): FunctionSpan[] {
  const byBody = new Map<number, FunctionSpan>();
  const add = (name: string, startOffset: number, bodyOpen: number | undefined): void => {
    if (bodyOpen === undefined || byBody.has(bodyOpen)) return;
    const close = matchClose(code, bodyOpen, "{", "}");
    if (close === undefined) return;
    const line = lineAt(newlines, startOffset);
    byBody.set(bodyOpen, { name, line, lines: lineAt(newlines, close) - line + 1 });
  };
  for (const match of code.matchAll(functionStart)) {
    const paren = match.index + match[0].length - 1;
    add(match[1] || "(anonymous)", match.index, bodyAfterParams(code, paren));
  }
  for (let start = 0; start < code.length; ) {
    const end = indexOrEnd(code, "\n", start);
    let first = start;
    while (first < end && (code[first] === " " || code[first] === "\t")) first++;
    const match = first < end ? methodStart.exec(code.slice(first, end)) : null;
    if (match !== null && !notMethodNames.has(match[1]!)) {
      const paren = first + match[0].length - 1;
      add(match[1]!, first + match[0].indexOf(match[1]!), bodyAfterParams(code, paren));
    }
    start = end + 1;
  }
  for (const match of code.matchAll(arrowStart)) {
    const lineStart = code.lastIndexOf("\n", match.index) + 1;
    const named = /(?:const|let|var)\s+([\w$]+)|([\w$]+)\s*[:=]/.exec(
      code.slice(lineStart, match.index),
    );
    add(named?.[1] ?? named?.[2] ?? "(arrow)", match.index, match.index + match[0].length - 1);
  }
  return [...byBody.values()];
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? text.length : at;
}

function matchClose(
  code: string,
  open: number,
  opener: string,
  closer: string,
): number | undefined {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === opener) depth++;
    else if (code[i] === closer && --depth === 0) return i;
  }
  return undefined;
}

/**
 * Given the `(` of a parameter list, the offset of the body's `{`, skipping a return type
 * annotation (whose own `{` follows `:`, `|`, `&`, `=>` or `<`), or undefined when no body
 * follows (a call, an overload signature or an abstract method).
 */
function bodyAfterParams(code: string, paren: number): number | undefined {
  const close = matchClose(code, paren, "(", ")");
  if (close === undefined) return undefined;
  let depth = 0;
  let previous = ")";
  for (let i = close + 1; i < code.length; i++) {
    const c = code[i]!;
    if (/\s/.test(c)) continue;
    if (depth === 0 && c === "{" && !/[:|&,=⇒]/.test(previous)) return i;
    if (depth === 0 && previous === ")" && c !== ":" && c !== "{") return undefined;
    if (depth === 0 && (c === ";" || c === ",")) return undefined;
    if ("([{<".includes(c)) depth++;
    else if (")]}".includes(c) || (c === ">" && previous !== "=")) depth = Math.max(0, depth - 1);
    // "⇒" marks the `=>` of a function type, after which a `{` starts an object type.
    previous = c === ">" && previous === "=" ? "⇒" : c;
  }
  return undefined;
}

/** Reads every file under `root/folder` as repository-relative POSIX paths. */
export function readSourceTree(root: string, folder = "src"): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(root, relative))) {
      const child = `${relative}/${entry}`;
      if (statSync(join(root, child)).isDirectory()) walk(child);
      else if (child.endsWith(".ts"))
        out.push({ path: child, text: readFileSync(join(root, child), "utf8") });
    }
  };
  walk(folder);
  return out;
}

/** Reports each cycle among runtime (non-`import type`) imports once, as a → b → … → a. */
function checkCycles(
  edges: ReadonlyMap<string, readonly { target: string; line: number }[]>,
  violations: TidyFinding[],
): void {
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const seen = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, "active");
    stack.push(node);
    for (const edge of edges.get(node) ?? []) {
      const mark = state.get(edge.target);
      if (mark === "active") {
        const cycle = [...stack.slice(stack.indexOf(edge.target)), edge.target];
        const key = [...cycle.slice(0, -1)].sort().join(" ");
        if (!seen.has(key)) {
          seen.add(key);
          violations.push({
            rule: "cycle",
            file: node,
            line: edge.line,
            message: `import cycle: ${cycle.join(" → ")}`,
          });
        }
      } else if (mark === undefined && edges.has(edge.target)) {
        visit(edge.target);
      }
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
}
