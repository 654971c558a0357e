/**
 * Runs every test/sql/*.sql corpus file (format: corpus-runner.ts) against SqlEngine +
 * MemoryCatalog; each file is one test and reports every mismatching statement by line.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/util/clock.ts";
import { runCorpus, compareResult, fixedWallClock } from "./corpus-runner.ts";

const directory = import.meta.dirname;
const files = readdirSync(directory).filter((name) => name.endsWith(".sql")).sort();

describe("SQL corpus", () => {
  it("has corpus files", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it("the comparator rejects a wrong result (the runner can fail)", () => {
    const problem = compareResult(["x", "1"], { kind: "rows", columns: [], rows: [], warningCount: 0 });
    expect(problem).toBeDefined();
  });

  for (const file of files) {
    it(file, async () => {
      const failures = await runCorpus(readFileSync(join(directory, file), "utf8"), fixedWallClock(systemClock, Date.UTC(2024, 0, 15, 12, 30, 45)));
      expect(failures.join("\n\n")).toBe("");
    }, 30_000);
  }
});
