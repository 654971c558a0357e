/**
 * Interoperability: a binlog file of our events must be readable by the MariaDB/MySQL
 * `mysqlbinlog` (or `mariadb-binlog`) tool with checksum verification and row decoding (-vv).
 * Skipped with a message when neither tool is installed. JSON columns are left out: MariaDB's
 * tool does not know MySQL's JSON column type, and ours is JSON text anyway (row-image.ts).
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SqlValue } from "../sql/types/value.ts";
import { concatBytes } from "../util/bytes.ts";
import { NodeLocalDisk } from "../util/local-disk.ts";
import { BINLOG_MAGIC } from "./binlog-event-format.ts";
import {
  encodeFormatDescription, encodePreviousGtids, encodeRotate, encodeTransaction,
} from "./event-encoder.ts";
import { column, everyType, logged, table } from "./event-test-tables.ts";
import { GtidSet } from "./gtid-set.ts";

function findTool(): string | undefined {
  for (const name of ["mysqlbinlog", "mariadb-binlog"]) {
    const probe = spawnSync(name, ["--version"], { encoding: "utf8", timeout: 10_000 });
    if (probe.error === undefined && probe.status === 0) return name;
  }
  return undefined;
}

const tool = findTool();
if (tool === undefined) console.warn("mysqlbinlog/mariadb-binlog not installed: test skipped");
const tempRoot = mkdtempSync(join(tmpdir(), "wesql-binlog-events-"));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

const SID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

function buildFile(): Uint8Array {
  const parts: Uint8Array[] = [BINLOG_MAGIC];
  let position = BINLOG_MAGIC.length;
  const push = (bytes: Uint8Array): void => {
    parts.push(bytes);
    position += bytes.length;
  };
  const context = (gno: bigint) => ({
    serverId: 1, timestampSeconds: 1_700_000_000, sid: SID, gno, startPosition: position,
  });
  push(encodeFormatDescription("8.0.35-wesql-ts", 1, 1_700_000_000));
  push(encodePreviousGtids(GtidSet.parse(`${SID}:1-2`), 1, position, 1_700_000_000));
  push(encodeTransaction({ kind: "ddl", database: "db", statement: "CREATE TABLE t (a int)" },
    context(3n)));
  const kinds = everyType.filter(([type]) => type.kind !== "json");
  const every = logged(82, table("db", "every", kinds.map(([type], i) => column(`c${i}`, type))));
  const first = kinds.map(([, value]) => value as SqlValue);
  const second = kinds.map(([, , value]) => value as SqlValue);
  push(encodeTransaction({ kind: "rows", changes: [
    { kind: "insert", table: every, after: first },
    { kind: "update", table: every, before: first, after: second },
    { kind: "delete", table: every, before: kinds.map(() => null) },
  ] }, context(4n)));
  push(encodeRotate("binlog.000002", 1, position, 1_700_000_001));
  return concatBytes(parts);
}

describe.skipIf(tool === undefined)(`${tool ?? "mysqlbinlog"} reads our binlog files`, () => {
  it("verifies every checksum and decodes every row event", async () => {
    const path = join(tempRoot, "binlog.000001");
    await new NodeLocalDisk().writeFileAtomic(path, buildFile());
    const result = spawnSync(tool!, ["--verify-binlog-checksum", "-vv", path], {
      encoding: "utf8", timeout: 20_000, maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/error|corrupt|don't know/i);
    const out = result.stdout;
    expect(out).toContain("Start: binlog v 4, server v 8.0.35-wesql-ts");
    expect(out).toContain("CREATE TABLE t (a int)");
    expect(out).toContain("Table_map: `db`.`every` mapped to number 82");
    expect(out).toContain("### INSERT INTO `db`.`every`");
    expect(out).toContain("### UPDATE `db`.`every`");
    expect(out).toContain("### DELETE FROM `db`.`every`");
    expect(out).toContain("-12345678.90 /* DECIMAL(10,2)");
    expect(out).toContain("'-838:59:59.000001' /* TIME(6)");
    expect(out).toContain("'2000-02-29 12:00:00.000001' /* DATETIME(6)");
    expect(out).toContain("=1000000000.123456 /* TIMESTAMP(6)");
    expect(out).toContain("'日本語 text' /* VARSTRING(80)");
    expect(out).toContain("Xid = 4");
    expect(out).toContain("Rotate to binlog.000002  pos: 4");
    expect(out).not.toMatch(/Don't know how to handle/i);
  });
});
