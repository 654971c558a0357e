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
import type { SqlValue } from "../../src/sql/types/value.ts";

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

  it("prepared statements accept parameters of every representation without crashing", async () => {
    const engine = new SqlEngine({ catalog: new MemoryCatalog({ clock: systemClock }), clock: systemClock });
    const session = engine.openSession({ connectionId: 1, user: "root", host: "localhost", database: undefined, collationId: 255 });
    await engine.query(session, "CREATE DATABASE test; USE test; CREATE TABLE t (id INT PRIMARY KEY, d DECIMAL(6,2), " +
      "c VARCHAR(10), b VARBINARY(4), dt DATETIME, f DOUBLE, KEY (d), KEY (c), KEY (dt), KEY (f), KEY (b)); " +
      "INSERT INTO t VALUES (1, 1.5, 'a', 'x', '2024-01-01 00:00:00', 1.5)", true);
    const values: SqlValue[] = [null, "abc", "1", "1.50", new Uint8Array([1, 2]), 1.5, 1, -1, 2n ** 70n, -(2n ** 70n), "",
      "2024-01-01", Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY, "1e400", " 1 ", -0, "9223372036854775807",
      9007199254740993n, "-", new Uint8Array(0)];
    const templates = ["SELECT * FROM t WHERE id = ?", "SELECT * FROM t WHERE id BETWEEN ? AND ?", "SELECT * FROM t WHERE d = ?",
      "SELECT * FROM t WHERE d > ?", "SELECT * FROM t WHERE c = ?", "SELECT * FROM t WHERE b = ?", "SELECT * FROM t WHERE dt >= ?",
      "SELECT * FROM t WHERE f < ?", "SELECT ? + ?, ? * 2, ? / ?, ? DIV ?, ? % ?, -?, ~?", "SELECT * FROM t WHERE id IN (?, ?)",
      "UPDATE t SET d = ? WHERE id = ?", "INSERT INTO t (id, c) VALUES (?, ?)", "SELECT * FROM t LIMIT ?",
      "SELECT CAST(? AS DECIMAL(5,2)), CAST(? AS SIGNED), ROUND(?, ?), HEX(?), REPEAT(?, ?), LPAD(?, ?, ?)",
      "SELECT SUM(?), AVG(?), MIN(?), MAX(?), COUNT(DISTINCT ?) FROM t", "SELECT DATE_ADD(?, INTERVAL ? DAY), DATE_FORMAT(?, ?)",
      "UPDATE t SET f = ?, dt = ?, b = ? WHERE id = 1", "SET @v = ?, sql_mode = ?"];
    for (const text of templates) {
      const statement = engine.prepare(session, text);
      for (let round = 0; round < 120; round++) {
        const params = Array.from({ length: statement.info.paramCount }, (_, k) => values[(round * 7 + k * 13 + round * k) % values.length]!);
        await expect(engine.execute(session, statement, params), `${text} ${String(params)}`).resolves.toBeDefined();
      }
    }
  }, 60_000);
});
