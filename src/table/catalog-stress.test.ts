/**
 * Seeded stress test with real lock waits: concurrent "transfer" transactions lock two accounts
 * in random order (so deadlocks happen), wait, time out through a ManualClock, and commit. The
 * total balance must never change, every snapshot must see the same total, indexes
 * must agree with the rows, and no lock or transaction may leak.
 *
 * The same workload runs on both backends (the memory reference backend and TableCatalog).
 */

import { describe, expect, it } from "vitest";
import type { StorageTable, Transaction } from "../sql/catalog/catalog.ts";
import { isSqlError } from "../sql/sql-error.ts";
import type { Row } from "../sql/types/value.ts";
import { SeededRandom } from "../util/random.ts";
import type { Catalog } from "../sql/catalog/catalog.ts";
import { DirectCommitPipeline } from "./direct-commit-pipeline.ts";
import { MemoryKvStore } from "./memory-kv-store.ts";
import { TableCatalog } from "./table-catalog.ts";
import { MemoryCatalog } from "../sql/memory/memory-catalog.ts";
import { column, index, intType, ManualClock, tableSchema, txnOptions } from "../sql/memory/test-fixtures.ts";

/** The backends every case runs against (the Catalog contract, src/sql/catalog/catalog.ts). */
type TestCatalog = Catalog & { readonly activeTransactionCount: number; readonly lockCount: number };
// Both backends run the same cases; the memory backend (the reference) with more seeds, since
// it is several times faster.
const backends: readonly {
  readonly name: string;
  readonly seeds: readonly number[];
  make(clock: ManualClock): Promise<TestCatalog>;
}[] = [
  { name: "memory", seeds: [1, 2, 3, 4], make: async (clock) => new MemoryCatalog({ clock }) },
  {
    name: "table",
    seeds: [1],
    make: async (clock) => {
      const store = new MemoryKvStore({ random: new SeededRandom(7) });
      return TableCatalog.open({ store, pipeline: new DirectCommitPipeline(store), clock });
    },
  },
];


const accounts = 8;
const initialBalance = 100;

interface Tally {
  commits: number;
  deadlocks: number;
  timeouts: number;
}

async function yieldRandomly(random: SeededRandom): Promise<void> {
  const turns = random.nextInt(4);
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

async function transfer(
  catalog: TestCatalog,
  table: StorageTable,
  random: SeededRandom,
  tally: Tally,
  clock: ManualClock,
): Promise<void> {
  const t: Transaction = catalog.beginTransaction(txnOptions({ lockWaitTimeoutMs: 1000 }));
  const from = random.nextInt(accounts);
  const to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
  const amount = random.nextInt(20);
  try {
    const a = (await table.getByPrimaryKey(t, [from], "exclusive")) as Row;
    // A slow client now and then holds its lock past the others' lock wait timeout.
    if (random.nextInt(25) === 0) await clock.sleep(1500);
    await yieldRandomly(random);
    const b = (await table.getByPrimaryKey(t, [to], "exclusive")) as Row;
    await table.update(t, a, [from, (a[1] as number) - amount, (a[1] as number) - amount]);
    await yieldRandomly(random);
    await table.update(t, b, [to, (b[1] as number) + amount, (b[1] as number) + amount]);
    await t.commit();
    tally.commits++;
  } catch (error) {
    if (!isSqlError(error)) throw error;
    if (error.code === 1213) tally.deadlocks++;
    else if (error.code === 1205) tally.timeouts++;
    else throw error;
    await t.rollback();
  }
}

async function auditTotal(catalog: TestCatalog, table: StorageTable): Promise<void> {
  const reader = catalog.beginTransaction(txnOptions({ readOnly: true }));
  const rows = await table.scan(reader, undefined, {}, {});
  const byIndex = await table.scan(reader, "kb", {}, {});
  await reader.commit();
  const total = rows.reduce((sum, r) => sum + (r[1] as number), 0);
  expect(total).toBe(accounts * initialBalance);
  expect(rows).toHaveLength(accounts);
  const sorted = [...rows].sort((x, y) => (x[2] as number) - (y[2] as number) ||
    (x[0] as number) - (y[0] as number));
  expect(byIndex).toEqual(sorted);
}

for (const backend of backends) {
describe(`concurrent transfers with lock waits, deadlocks and timeouts (${backend.name} backend)`, { timeout: 20_000 }, () => {
  for (const seed of backend.seeds) {
    it(`keeps the total and leaks nothing (seed ${seed})`, async () => {
      const clock = new ManualClock();
      const catalog = await backend.make(clock);
      await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "" });
      const columns = [column("id", intType, false), column("bal", intType), column("b2", intType)];
      const table = await catalog.createTable(
        tableSchema("acct", columns, [0], [index("kb", [2], false)]),
      );
      const setup = catalog.beginTransaction(txnOptions());
      for (let id = 0; id < accounts; id++) {
        await table.insert(setup, [id, initialBalance, initialBalance]);
      }
      await setup.commit();

      const random = new SeededRandom(seed);
      const tally: Tally = { commits: 0, deadlocks: 0, timeouts: 0 };
      let running = 0;
      const workers = Array.from({ length: 6 }, async () => {
        running++;
        try {
          for (let i = 0; i < 150; i++) {
            await transfer(catalog, table, random, tally, clock);
            if (i % 10 === 0) await auditTotal(catalog, table);
          }
        } finally {
          running--;
        }
      });
      // Time moves only between rounds of microtasks, so timeouts fire only on real stalls.
      // A bounded loop: a lost wake-up must fail the test, not hang it.
      for (let round = 0; running > 0; round++) {
        if (round > 100_000) throw new Error(`workers stalled (seed ${seed})`);
        for (let i = 0; i < 50; i++) await Promise.resolve();
        clock.advance(250);
      }
      await Promise.all(workers);

      await auditTotal(catalog, table);
      expect(tally.commits).toBeGreaterThan(100);
      expect(tally.deadlocks).toBeGreaterThan(0);
      expect(tally.timeouts).toBeGreaterThan(0);
      expect(tally.commits + tally.deadlocks + tally.timeouts).toBe(6 * 150);
      expect(catalog.activeTransactionCount).toBe(0);
      expect(catalog.lockCount).toBe(0);
      expect(clock.pendingTimerCount).toBe(0);
    });
  }
});
}
