/**
 * Robustness: mutated corpus statements (tokens dropped, swapped, replaced by NULL, junk strings,
 * huge numbers, subqueries …) must only ever fail with SqlError results — never a thrown
 * exception, which would mean an engine bug. Seeded, so a failure replays from its seed.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SqlEngine } from "../../src/sql/sql-engine.ts";
import { MemoryCatalog } from "../../src/sql/memory/memory-catalog.ts";
import { systemClock } from "../../src/util/clock.ts";
import { SeededRandom } from "../../src/util/random.ts";
import { parseCorpus } from "./corpus-runner.ts";

const directory = import.meta.dirname;
const statements = readdirSync(directory)
  .filter((name) => name.endsWith(".sql"))
  .flatMap((name) => parseCorpus(readFileSync(join(directory, name), "utf8")))
  .filter((step) => step.kind === "run")
  .map((step) => step.text);

const replacements = ["NULL", "'abc'", "-1", "1e308", "18446744073709551616", "0", "''", "'2024-13-45'", "1.5",
  "-9223372036854775808", "X'FF'", "@v", "(SELECT 1)", "(SELECT id FROM t)", "DEFAULT", "b'1'", "'%'", "'a-b'"];

function mutate(sql: string, random: SeededRandom): string {
  const tokens = sql.split(/(\s+|,|\(|\))/);
  for (let round = 0; round < 2; round++) {
    const index = random.nextInt(tokens.length);
    const choice = random.nextInt(3);
    if (choice === 0) tokens[index] = replacements[random.nextInt(replacements.length)]!;
    else if (choice === 1) tokens.splice(index, 1);
    else tokens[index] = tokens[random.nextInt(tokens.length)]!;
  }
  return tokens.join("");
}

describe("engine robustness", () => {
  for (const seed of [1, 2, 3]) {
    it(`mutated corpus statements fail only with SqlErrors (seed ${seed})`, async () => {
      const random = new SeededRandom(seed);
      const engine = new SqlEngine({ catalog: new MemoryCatalog({ clock: systemClock }), clock: systemClock });
      const session = engine.openSession({ connectionId: 1, user: "root", host: "localhost", database: undefined, collationId: 255 });
      await engine.query(session, "CREATE DATABASE test; USE test", true);
      for (let round = 0; round < 1500; round++) {
        const base = statements[random.nextInt(statements.length)]!;
        const sql = random.nextInt(3) === 0 ? base : mutate(base, random);
        await expect(engine.query(session, sql, true), `seed ${seed} round ${round}: ${sql}`).resolves.toBeDefined();
        if (session.database !== "test") await engine.query(session, "CREATE DATABASE IF NOT EXISTS test; USE test", true);
      }
    }, 60_000);
  }
});
