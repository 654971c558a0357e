/**
 * Runs every test/sql/*.sql corpus file (format: corpus-runner.ts) against SqlEngine over the
 * table layer (TableCatalog + MemoryKvStore + DirectCommitPipeline): every case must pass as it
 * does on the memory backend (corpus.test.ts).
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DirectCommitPipeline } from "../../src/table/direct-commit-pipeline.ts";
import { MemoryKvStore } from "../../src/table/memory-kv-store.ts";
import { TableCatalog } from "../../src/table/table-catalog.ts";
import { systemClock } from "../../src/util/clock.ts";
import { SeededRandom } from "../../src/util/random.ts";
import { fixedWallClock, runCorpus } from "./corpus-runner.ts";

const directory = import.meta.dirname;
const files = readdirSync(directory).filter((name) => name.endsWith(".sql")).sort();

describe("SQL corpus on the table backend", () => {
  for (const file of files) {
    it(file, async () => {
      const clock = fixedWallClock(systemClock, Date.UTC(2024, 0, 15, 12, 30, 45));
      const failures = await runCorpus(readFileSync(join(directory, file), "utf8"), clock, async (c) => {
        const store = new MemoryKvStore({ random: new SeededRandom(1) });
        return TableCatalog.open({ store, pipeline: new DirectCommitPipeline(store), clock: c });
      });
      expect(failures.join("\n\n")).toBe("");
    }, 30_000);
  }
});
