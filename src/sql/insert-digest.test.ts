import { describe, expect, it } from "vitest";
import { digestInsert } from "./insert-digest.ts";
import { MemoryCatalog } from "./memory/memory-catalog.ts";
import { ManualClock } from "./memory/test-fixtures.ts";
import { SqlEngine } from "./sql-engine.ts";
import type { Session } from "./session.ts";
import type { StatementResult } from "./statement-result.ts";

describe("digestInsert", () => {
  it("replaces plain integer and string literals", () => {
    expect(digestInsert("INSERT INTO sbtest1 (id, k, c, pad) VALUES (0, 5012, 'a-b', 'it''s')")).toEqual({
      key: "INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)",
      values: [0, 5012, "a-b", "it's"],
    });
    expect(digestInsert("insert into `t1` values (-5, + 7),(NULL, 'x')")).toEqual({
      key: "insert into `t1` values (?, ?),(NULL, ?)",
      values: [-5, 7, "x"],
    });
  });

  it("keeps identifiers, hex, exponents and functions in the key", () => {
    expect(digestInsert("INSERT INTO t2 VALUES (1e5, 0x41, NOW(), 3)")).toEqual({
      key: "INSERT INTO t2 VALUES (1e5, 0x41, NOW(), ?)",
      values: [3],
    });
  });

  it("refuses texts where a literal could mean more than its value", () => {
    for (const text of [
      "SELECT 1",
      "INSERT INTO t VALUES (1.5)",
      "INSERT INTO t VALUES (.5)",
      "INSERT INTO t VALUES (_utf8mb4'a')",
      "INSERT INTO t VALUES (x'41')",
      "INSERT INTO t VALUES (N'a')",
      "INSERT INTO t VALUES ('a' 'b')",
      "INSERT INTO t VALUES ('a\\'b')",
      'INSERT INTO t VALUES ("a")',
      "INSERT INTO t VALUES (?)",
      "INSERT INTO t VALUES (1) -- c",
      "INSERT INTO t VALUES (1) /* c */",
      "INSERT INTO t VALUES (1) # c",
      "INSERT INTO t VALUES (5 - 3)",
      "INSERT INTO t VALUES (1234567890123456)",
      "INSERT INTO t VALUES ('unterminated)",
      "INSERT INTO t VALUES (NULL)",
    ]) {
      expect(digestInsert(text), text).toBeUndefined();
    }
  });
});

describe("text INSERT through its digest", () => {
  async function setUp(): Promise<{ engine: SqlEngine; session: Session }> {
    const clock = new ManualClock();
    const engine = new SqlEngine({ catalog: new MemoryCatalog({ clock }), clock });
    const session = engine.openSession({ connectionId: 1, user: "root", host: "localhost", database: undefined, collationId: 255 });
    for (const sql of [
      "CREATE DATABASE d",
      "USE d",
      "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL, c CHAR(5), y YEAR, e ENUM('a','b'))",
    ]) {
      await engine.query(session, sql, false);
    }
    return { engine, session };
  }

  function summary(result: StatementResult | undefined): unknown {
    if (result === undefined) return undefined;
    if (result.kind === "error") return { error: result.error.code, message: result.error.message };
    return result;
  }

  it("gives the same results, warnings, errors and rows as the same text parsed in full", async () => {
    const digested = await setUp();
    const parsed = await setUp();
    const texts = [
      "INSERT INTO t (id, k, c, y, e) VALUES (0, 1, 'abc', 5, 2)",
      "INSERT INTO t (id, k, c, y, e) VALUES (0, 2, 'abcdefgh', 0, 1)",
      "INSERT INTO t (id, k, c, y, e) VALUES (0, 3, 'x', '0', 'b')",
      "INSERT INTO t (id, k, c, y, e) VALUES (10, -4, 'y', '2024', 'zz')",
      "INSERT INTO t (id, k, c, y, e) VALUES (0, 'nope', 'z', 1999, 1)",
      "INSERT INTO t (id, k, c, y, e) VALUES (10, 5, 'dup', 2000, 1)",
      "INSERT INTO t (k, c) VALUES (6, 'm'), (7, 'n')",
      "INSERT IGNORE INTO t (id, k, c, y, e) VALUES (0, 'nope', 'z', 1999, 1)",
      "INSERT INTO t (k) VALUES (8) ON DUPLICATE KEY UPDATE k = 9",
    ];
    for (const text of texts) {
      const viaDigest = await digested.engine.query(digested.session, text, false);
      // A trailing comment makes the text undigestible without changing its meaning.
      const inFull = await parsed.engine.query(parsed.session, `${text} /* full parse */`, false);
      expect(summary(viaDigest[0]), text).toEqual(summary(inFull[0]));
      expect(digested.session.warnings.items, text).toEqual(parsed.session.warnings.items);
    }
    // Setup's 3 texts and the ON DUPLICATE KEY UPDATE text went through the text cache; the
    // others shared 3 digests (plus the refused ON DUPLICATE shape).
    expect(digested.engine.statementCacheSizes()).toEqual({ texts: 4, digests: 4 });
    const table = async (side: { engine: SqlEngine; session: Session }) =>
      (await side.engine.query(side.session, "SELECT * FROM t ORDER BY id", false))[0];
    expect(summary(await table(digested))).toEqual(summary(await table(parsed)));
  });
});
