/**
 * The repository lint (see test/support/tidy-check.ts): runs over the real src/ tree and fails
 * with one line per violation; a second group feeds the checker a fake tree with one violation of
 * every kind, so the lint proves it can fail.
 */

import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/server-process.ts";
import {
  type SourceFile,
  type TidyFinding,
  readSourceTree,
  tidyCheck,
} from "./support/tidy-check.ts";

function lines(findings: readonly TidyFinding[]): string {
  return findings.map((finding) => `  ${finding.message}`).join("\n");
}

describe("tidy: the real tree", () => {
  const files = readSourceTree(repoRoot);
  const report = tidyCheck(files);

  it("scans the src tree", () => {
    expect(files.some((file) => file.path === "src/constants.ts")).toBe(true);
  });

  it("has no tidy violations", () => {
    if (report.warnings.length > 0) {
      console.warn(`tidy: functions over the 70-line style limit:\n${lines(report.warnings)}`);
    }
    expect(report.violations, `tidy violations:\n${lines(report.violations)}\n`).toEqual([]);
  });
});

const long = (body: string, count: number): string =>
  Array.from({ length: count }, () => body).join("\n");

const fakeTree: SourceFile[] = [
  // Layer: sql must not import protocol.
  {
    path: "src/sql/planner.ts",
    text: 'import { Packet } from "../protocol/packet.ts";\nexport const x = Packet;\n',
  },
  { path: "src/protocol/packet.ts", text: "export const Packet = 1;\n" },
  // L0 must not import upward; also a cycle util/a ↔ util/b (runtime imports).
  { path: "src/util/a.ts", text: 'import { b } from "./b.ts";\nexport const a = b;\n' },
  { path: "src/util/b.ts", text: 'import { a } from "./a.ts";\nexport const b = a;\n' },
  {
    path: "src/config/config.ts",
    text: 'import { t } from "../table/table.ts";\nexport const c = t;\n',
  },
  { path: "src/table/table.ts", text: "export const t = 1;\n" },
  // A type-only cycle is allowed.
  {
    path: "src/sql/ast-a.ts",
    text: 'import type { B } from "./ast-b.ts";\nexport interface A { b: B }\n',
  },
  {
    path: "src/sql/ast-b.ts",
    text: 'import type { A } from "./ast-a.ts";\nexport interface B { a: A }\n',
  },
  // main.ts may import only server/, logger/, config/, util, constants; a dynamic import counts.
  { path: "src/main.ts", text: 'const m = await import("./sql/ast-a.ts");\nexport { m };\n' },
  // Banned APIs, one per line (line n+1 holds bans[n]); comments and strings do not count.
  {
    path: "src/engine/clocky.ts",
    text: [
      "// Date.now() in a comment is fine",
      "export const t = Date.now();",
      "export const p = performance.now();",
      "export const r = Math.random();",
      "export const u = crypto.randomUUID();",
      "setTimeout(() => {}, 1);",
      "setInterval(() => {}, 1);",
      "export const d = new Date();",
      'import { readFileSync } from "node:fs";',
      'import { readFile } from "fs/promises";',
      'export const s = "setTimeout( in a string is fine";',
      "export const e = new Date(0);",
      "socket.setTimeout(1000);",
    ].join("\n"),
  },
  // Allowed: src/util/ owns the clock, and tests may use timers.
  { path: "src/util/clock.ts", text: "export const now = (): number => Date.now();\n" },
  { path: "src/engine/flusher.test.ts", text: "setTimeout(() => {}, 1);\n" },
  // export default, index.ts, names.
  { path: "src/cache/block-cache.ts", text: "export default class BlockCache {}\n" },
  { path: "src/cache/index.ts", text: "const i = 1;\nexport { i as default };\n" },
  { path: "src/cache/blockCache.ts", text: "export const j = 1;\n" },
  { path: "src/cache/Disk_Things/disk-cache.ts", text: "export const k = 1;\n" },
  // A folder outside the ladder.
  { path: "src/misc/thing.ts", text: "export const z = 1;\n" },
  // Sizes: 801 lines; a 100-line function (warning) and a 160-line method (violation).
  { path: "src/objectstore/huge.ts", text: long("export const v = 1;", 801) },
  {
    path: "src/objectstore/long-functions.ts",
    text: [
      "export function medium(): number {",
      long("  let x = 1;", 98),
      "  return 1;",
      "}",
      "export class Big {",
      "  async run(input: { a: number }): Promise<{ b: number }> {",
      long("    input.a++;", 157),
      "    return { b: input.a };",
      "  }",
      "  short(): void {",
      "    if (this) call(1);",
      "  }",
      "}",
    ].join("\n"),
  },
];

describe("tidy: the checker itself", () => {
  const report = tidyCheck(fakeTree);
  const messages = report.violations.map((finding) => finding.message);
  const has = (fragment: string): boolean => messages.some((message) => message.includes(fragment));

  it("reports layer violations with the imported layer", () => {
    expect(has("src/sql/planner.ts: imports src/protocol/packet.ts (layer L3 protocol/")).toBe(
      true,
    );
    expect(has("src/config/config.ts: imports src/table/table.ts (layer L4 table/")).toBe(true);
    expect(has("src/main.ts: imports src/sql/ast-a.ts (layer L3 sql/")).toBe(true);
    expect(has("src/misc/thing.ts: not in any layer folder")).toBe(true);
  });

  it("reports runtime import cycles but not type-only ones", () => {
    const cycles = report.violations.filter((finding) => finding.rule === "cycle");
    expect(cycles.map((finding) => finding.message)).toEqual([
      "import cycle: src/util/a.ts → src/util/b.ts → src/util/a.ts",
    ]);
  });

  it("reports each banned API with its replacement, outside util and tests only", () => {
    const banned = report.violations.filter((finding) => finding.rule === "banned-api");
    expect(banned.every((finding) => finding.file === "src/engine/clocky.ts")).toBe(true);
    expect(banned.map((finding) => finding.line).sort((a, b) => a - b)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(has("Date.now() is banned outside src/util/; use Clock.nowMs()")).toBe(true);
    expect(has("performance.now() is banned outside src/util/; use Clock.monotonicMs()")).toBe(
      true,
    );
    expect(has("Math.random() is banned outside src/util/; use Random")).toBe(true);
    expect(has("crypto.randomUUID() is banned outside src/util/; use Random")).toBe(true);
    expect(has("setTimeout() is banned outside src/util/; use Clock.setTimer()")).toBe(true);
    expect(has("setInterval() is banned outside src/util/; use Clock.setTimer()")).toBe(true);
    expect(has("new Date() is banned outside src/util/; use Clock.nowMs()")).toBe(true);
    expect(has('imports "node:fs"; use LocalDisk')).toBe(true);
    expect(has('imports "fs/promises"; use LocalDisk')).toBe(true);
  });

  it("reports default exports, index.ts and non-kebab names", () => {
    expect(has("src/cache/block-cache.ts:1: no default exports")).toBe(true);
    expect(has("src/cache/index.ts:2: no default exports")).toBe(true);
    expect(
      report.violations.some(
        (finding) => finding.rule === "index-file" && finding.file === "src/cache/index.ts",
      ),
    ).toBe(true);
    expect(has('file name "blockCache.ts" is not kebab-case')).toBe(true);
    expect(has('folder "Disk_Things" is not kebab-case')).toBe(true);
  });

  it("fails files over 800 lines and functions over 150, warns over 70", () => {
    expect(has("src/objectstore/huge.ts: 801 lines (max 800)")).toBe(true);
    expect(has("src/objectstore/long-functions.ts:103: function run has 160 lines")).toBe(true);
    expect(report.warnings.map((finding) => finding.message)).toEqual([
      "src/objectstore/long-functions.ts:1: function medium has 101 lines (style: <= 70, hard max 150)",
    ]);
  });

  it("reports nothing else", () => {
    const expectedRules = new Set([
      "layer",
      "cycle",
      "banned-api",
      "export-default",
      "index-file",
      "file-name",
      "file-length",
      "function-length",
    ]);
    expect(report.violations.every((finding) => expectedRules.has(finding.rule))).toBe(true);
    expect(report.violations.length).toBe(4 + 1 + 9 + 2 + 1 + 2 + 1 + 1);
  });
});
