/**
 * Recovery determinism on real workloads: every SQL corpus file runs on the table backend while
 * its CommitRecords are captured; replaying them into an empty store must reproduce the store's
 * keyspace byte for byte (schemas from the executor's own DDL, every row image, hidden row ids).
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommitRecord } from "../../src/table/commit-pipeline.ts";
import { DirectCommitPipeline } from "../../src/table/direct-commit-pipeline.ts";
import { keyToLatin1 } from "../../src/table/keyspace-format.ts";
import { MemoryKvStore } from "../../src/table/memory-kv-store.ts";
import { TableCatalog } from "../../src/table/table-catalog.ts";
import { systemClock } from "../../src/util/clock.ts";
import { SeededRandom } from "../../src/util/random.ts";
import { fixedWallClock, runCorpus } from "./corpus-runner.ts";

const directory = import.meta.dirname;
const files = readdirSync(directory).filter((name) => name.endsWith(".sql")).sort();

async function dump(store: MemoryKvStore): Promise<string[]> {
  const cursor = store.scan({});
  const out: string[] = [];
  for (let chunk = await cursor.nextChunk(256); chunk.length > 0; chunk = await cursor.nextChunk(256)) {
    for (const entry of chunk) out.push(`${keyToLatin1(entry.key)}=${keyToLatin1(entry.value)}`);
  }
  return out;
}

describe("SQL corpus: replaying the log reproduces the store", () => {
  for (const file of files) {
    it(file, async () => {
      const clock = fixedWallClock(systemClock, Date.UTC(2024, 0, 15, 12, 30, 45));
      const store = new MemoryKvStore({ random: new SeededRandom(1) });
      const records: CommitRecord[] = [];
      await runCorpus(readFileSync(join(directory, file), "utf8"), clock, async (c) => {
        const pipeline = new DirectCommitPipeline(store, (record) => records.push(record));
        return TableCatalog.open({ store, pipeline, clock: c });
      });
      const replayed = new MemoryKvStore({ random: new SeededRandom(2) });
      const catalog = await TableCatalog.open({ store: replayed, pipeline: new DirectCommitPipeline(replayed), clock });
      for (const [i, record] of records.entries()) await catalog.replay(record, { file: 1, offset: i + 1 });
      expect(await dump(replayed)).toEqual(await dump(store));
    }, 30_000);
  }
});
