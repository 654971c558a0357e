import { describe, expect, it } from "vitest";
import { FaultyDisk } from "../binlog/binlog-test-support.ts";
import { MemoryLocalDisk } from "../util/memory-local-disk.ts";
import { SeededRandom } from "../util/random.ts";
import { systemClock } from "../util/clock.ts";
import { Logger } from "../util/log.ts";
import { DurableStorage, type StorageSettings } from "./durable-storage.ts";
import type { Catalog } from "../sql/catalog/catalog.ts";

const settings: StorageSettings = {
  datadir: "/data",
  blockCacheBytes: 8 << 20,
  writeBufferBytes: 4 << 20,
  durability: "local",
  maxBinlogBytes: 1 << 20,
  serverId: 1,
  objectStore: {
    provider: "local",
    endpoint: "",
    region: "us-east-1",
    bucket: "",
    useHttps: true,
    allowUnsafeWrites: false,
    credentials: undefined,
    persistentCacheBytes: 0,
    persistentCacheDir: "",
  },
  repoObjectstoreId: "wesql_serverless_repo",
  branchObjectstoreId: "main",
  binlogArchivePeriodMs: 1000,
  binlogArchiveSliceMaxBytes: 4 << 20,
};

const options = {
  readOnly: false,
  isolation: "REPEATABLE-READ",
  consistentSnapshot: false,
  lockWaitTimeoutMs: 1000,
} as const;

async function insertRow(catalog: Catalog, id: number): Promise<void> {
  const table = catalog.getTable("d", "t");
  if (table === undefined) throw new Error("table d.t missing");
  const txn = catalog.beginTransaction(options);
  await table.insert(txn, [id]);
  await txn.commit();
}

/** Creates d.t and inserts rows 1..rows. */
async function createTable(catalog: Catalog, rows: number): Promise<void> {
  await catalog.createDatabase({
    name: "d",
    defaultCharset: "utf8mb4",
    defaultCollation: "utf8mb4_0900_ai_ci",
  });
  await catalog.createTable(tableSchema());
  for (let id = 1; id <= rows; id++) await insertRow(catalog, id);
}

async function open(disk: FaultyDisk | MemoryLocalDisk): Promise<DurableStorage> {
  return await DurableStorage.open(settings, {
    disk,
    clock: systemClock,
    random: new SeededRandom(7),
    logger: new Logger("error"),
  });
}

describe("DurableStorage", () => {
  it("recovers committed rows after a crash, with the same server UUID", async () => {
    const memory = new MemoryLocalDisk();
    const first = await open(memory);
    await createTable(first.catalog, 5);
    memory.crash();
    const second = await open(memory);
    expect(second.serverUuid).toBe(first.serverUuid);
    const table = second.catalog.getTable("d", "t");
    const txn = second.catalog.beginTransaction(options);
    const rows = await table!.scan(txn, undefined, {}, {});
    expect(rows).toEqual([[1], [2], [3], [4], [5]]);
    expect(second.replicationLog().gtidExecuted).toBe(`${second.serverUuid}:1-7`);
    await insertRow(second.catalog, 6);
    const status = new Map(second.statusRows());
    expect(status.get("Binlog_commits")).toBe("1");
    expect(status.get("Smartengine_block_cache_capacity_bytes")).toBe(String(8 << 20));
    expect(Number(status.get("Smartengine_memtable_bytes"))).toBeGreaterThan(0);
    expect(status.get("Wesql_transaction_held_bytes")).toBe(String(0));
    const writer = second.catalog.beginTransaction(options);
    await table!.insert(writer, [7]);
    const holding = Number(new Map(second.statusRows()).get("Wesql_transaction_held_bytes"));
    expect(holding).toBeGreaterThan(0);
    await writer.rollback();
    await second.close();
  });

  it("rotates the binlog at a clean shutdown, so a node without the binlog reads only the new file", async () => {
    const memory = new MemoryLocalDisk();
    const first = await open(memory);
    await createTable(first.catalog, 5);
    await first.close();
    // The binlog directory is lost; the object store (here <datadir>/objectstore) is not.
    for (const entry of await memory.list("/data/binlog")) {
      await memory.unlink(`/data/binlog/${entry.name}`);
    }
    const second = await open(memory);
    const names = (await memory.list("/data/binlog")).map((entry) => entry.name).sort();
    // 000001 (the first run's commits) stays in the store only: the manifest points past it.
    expect(names).toEqual(["binlog.000002", "binlog.000003", "binlog.index"]);
    expect(second.replicationLog().gtidExecuted).toBe(`${second.serverUuid}:1-7`);
    const txn = second.catalog.beginTransaction(options);
    const rows = await second.catalog.getTable("d", "t")!.scan(txn, undefined, {}, {});
    expect(rows).toEqual([[1], [2], [3], [4], [5]]);
    await txn.rollback();
    await insertRow(second.catalog, 6);
    await second.close();
  });

  it("refuses a datadir another live server holds, and takes over a dead one's", async () => {
    const memory = new MemoryLocalDisk();
    await memory.mkdirp("/data");
    const encode = (pid: number) => new TextEncoder().encode(`${pid}\n`);
    // The parent process (the test runner) is alive and is not us.
    await memory.createExclusive("/data/wesql.pid", encode(process.ppid));
    await expect(open(memory)).rejects.toThrow(/in use by another server/);
    await memory.unlink("/data/wesql.pid");
    // No process has pid 2^22 + 1 on Linux (pid_max is at most 2^22).
    await memory.createExclusive("/data/wesql.pid", encode(4_194_305));
    const storage = await open(memory);
    await storage.close();
    await expect(memory.stat("/data/wesql.pid")).rejects.toThrow();
  });

  it("reports a failed binlog fsync as fatal and fails the commit", async () => {
    const disk = new FaultyDisk(new MemoryLocalDisk());
    const storage = await open(disk);
    await createTable(storage.catalog, 0);
    disk.failNextSync = true;
    await expect(insertRow(storage.catalog, 1)).rejects.toThrow();
    await expect(storage.fatal).resolves.toMatch(/./);
  });
});

function tableSchema() {
  return {
    database: "d",
    name: "t",
    columns: [
      {
        name: "id",
        type: { kind: "int" },
        nullable: false,
        defaultValue: { kind: "none" },
        autoIncrement: false,
        comment: "",
      },
    ],
    primaryKey: {
      name: "PRIMARY",
      columns: [{ column: 0, descending: false }],
      unique: true,
      primary: true,
      comment: "",
    },
    indexes: [],
    engine: "InnoDB",
    charset: "utf8mb4",
    collation: "utf8mb4_0900_ai_ci",
    comment: "",
    autoIncrementStart: 1,
  } as const;
}
