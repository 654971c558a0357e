/**
 * Binlog group-commit benchmark: commits per second and fsyncs per second with 1, 16 and 64
 * concurrent committers, each committing one small row transaction (one insert of ~40 bytes)
 * after another, against NodeLocalDisk in a fresh temp directory (durability "local": every
 * group is fsync'd before its commits resolve). The store is RecordingKvStore (a Map), so the
 * figures are the log's: encode + append + fsync + bookkeeping. A run of durability "none"
 * shows the cost without the fsync.
 *
 * A second shape, "write_only", commits what one sysbench oltp_write_only transaction logs (two
 * updates, a delete and an insert of 4-column sbtest rows, full images) and the report adds the
 * process CPU time per commit, which a busy shared machine distorts less than commits/s.
 *
 * Run: node_modules/.bin/bun bench/binlog-commit-bench.ts [seconds per case, default 2]
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WriteBatch } from "../src/engine/lsm/write-batch.ts";
import type { ColumnSchema } from "../src/sql/catalog/schema.ts";
import type { CommitRecord, LoggedTable } from "../src/table/commit-pipeline.ts";
import { systemClock } from "../src/util/clock.ts";
import { NodeLocalDisk } from "../src/util/local-disk.ts";
import { Logger } from "../src/util/log.ts";
import { Binlog } from "../src/binlog/binlog.ts";
import { FaultyDisk, RecordingKvStore } from "../src/binlog/binlog-test-support.ts";

const secondsPerCase = Number(process.argv[2] ?? "2");
const encoder = new TextEncoder();

function column(name: string, type: ColumnSchema["type"]): ColumnSchema {
  return { name, type, nullable: true, defaultValue: { kind: "none" }, autoIncrement: false,
    comment: "" };
}

const table: LoggedTable = {
  tableId: 81,
  schema: {
    database: "sbtest", name: "sbtest1", primaryKey: undefined, indexes: [],
    engine: "SMARTENGINE", charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", comment: "",
    autoIncrementStart: 1,
    columns: [
      column("id", { kind: "int" }),
      column("c", { kind: "varchar", length: 120, collation: "utf8mb4_0900_ai_ci" }),
    ],
  },
};

const sbtest: LoggedTable = {
  tableId: 82,
  schema: {
    ...table.schema, name: "sbtest2",
    columns: [
      column("id", { kind: "int" }),
      column("k", { kind: "int" }),
      column("c", { kind: "char", length: 120, collation: "utf8mb4_0900_ai_ci" }),
      column("pad", { kind: "char", length: 60, collation: "utf8mb4_0900_ai_ci" }),
    ],
  },
};
const digits = (n: number): string => Array.from({ length: n }, (_, i) => (i * 7) % 10).join("");
const c110 = digits(110);
const c120 = digits(120);
const pad59 = digits(59);

type Shape = "tiny" | "write_only";

function recordFor(shape: Shape, id: number): CommitRecord {
  if (shape === "tiny") {
    return {
      kind: "rows",
      changes: [{ kind: "insert", table, after: [id, `row ${id} ${"x".repeat(30)}`] }],
    };
  }
  const row = (k: number): (number | string)[] => [id, k, `${id}-${c110}`, pad59];
  return {
    kind: "rows",
    changes: [
      { kind: "update", table: sbtest, before: row(1), after: row(2) },
      { kind: "update", table: sbtest, before: row(2), after: [id, 2, c120, pad59] },
      { kind: "delete", table: sbtest, before: row(2) },
      { kind: "insert", table: sbtest, after: row(3) },
    ],
  };
}

async function runCase(
  committers: number,
  durability: "local" | "none",
  shape: Shape = "tiny",
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wesql-binlog-bench-"));
  try {
    const disk = new FaultyDisk(new NodeLocalDisk());
    const binlog = await Binlog.open({
      disk, dir, clock: systemClock, logger: new Logger("warn"), serverId: 1,
      serverUuid: "3e11fa47-71ca-11e1-9e33-c80aa9429562", serverVersion: "8.0.35-wesql-ts",
      durability, maxFileBytes: 256 * 1024 * 1024, store: new RecordingKvStore(),
    });
    await binlog.recover({ file: 0, offset: 0 }, async () => undefined, () => undefined);
    const syncsBefore = disk.syncCount;
    const deadline = systemClock.monotonicMs() + secondsPerCase * 1000;
    const start = systemClock.monotonicMs();
    const cpuBefore = process.cpuUsage();
    let commits = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (systemClock.monotonicMs() < deadline) {
        const id = next++;
        const record = recordFor(shape, id);
        const batch = new WriteBatch();
        batch.put(encoder.encode(`k${id}`), encoder.encode(`v${id}`));
        await binlog.commit(record, batch);
        commits += 1;
      }
    };
    await Promise.all(Array.from({ length: committers }, worker));
    const seconds = (systemClock.monotonicMs() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPerCommit = (cpu.user + cpu.system) / Math.max(commits, 1);
    const syncs = disk.syncCount - syncsBefore;
    await binlog.close();
    console.log(
      `${shape.padEnd(10)} durability=${durability.padEnd(5)} ` +
        `committers=${String(committers).padStart(2)}  ` +
        `${Math.round(commits / seconds).toString().padStart(7)} commits/s  ` +
        `${Math.round(syncs / seconds).toString().padStart(6)} fsyncs/s  ` +
        `${(commits / Math.max(syncs, 1)).toFixed(1).padStart(5)} commits/fsync  ` +
        `${cpuPerCommit.toFixed(1).padStart(6)} cpu us/commit`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const committers of [1, 16, 64]) await runCase(committers, "local");
for (const committers of [1, 64]) await runCase(committers, "none");
for (const committers of [16]) await runCase(committers, "local", "write_only");
await runCase(64, "none", "write_only");
