/**
 * Micro-benchmark of the memory storage backend: autocommit inserts (ascending and at random
 * positions), point gets, updates and 100-row range scans, in operations per second; plus the
 * SortedList chunk-size measurement behind `sortedListChunkItemsMax`.
 *
 * Run: node_modules/.bin/bun bench/memory-table-bench.ts [rows]
 */

import { MemoryCatalog } from "../src/sql/memory/memory-catalog.ts";
import { SortedList } from "../src/sql/memory/sorted-list.ts";
import {
  column,
  index,
  intType,
  tableSchema,
  txnOptions,
  varcharType,
} from "../src/sql/memory/test-fixtures.ts";
import type { StorageTable } from "../src/sql/catalog/catalog.ts";
import { systemClock } from "../src/util/clock.ts";
import { SeededRandom } from "../src/util/random.ts";

const rows = Number(process.argv[2] ?? 1_000_000);
const options = txnOptions();

async function timed(name: string, count: number, body: (i: number) => Promise<void> | void) {
  const start = systemClock.monotonicMs();
  for (let i = 0; i < count; i++) await body(i);
  const elapsedMs = systemClock.monotonicMs() - start;
  const perSecond = Math.round((count / elapsedMs) * 1000);
  const detail = `(${count} in ${elapsedMs.toFixed(0)} ms)`;
  console.log(`${name.padEnd(44)} ${String(perSecond).padStart(10)} ops/s  ${detail}`);
}

async function makeTable(catalog: MemoryCatalog, name: string): Promise<StorageTable> {
  const columns = [column("id", intType, false), column("k", intType), column("c", varcharType)];
  return catalog.createTable(tableSchema(name, columns, [0], [index("kk", [1], false)]));
}

function shuffled(count: number, random: SeededRandom): number[] {
  const values = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return values;
}

async function main(): Promise<void> {
  const random = new SeededRandom(1);
  const catalog = new MemoryCatalog({ clock: systemClock });
  await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "" });
  const ascending = await makeTable(catalog, "ascending");
  const randomTable = await makeTable(catalog, "random");
  const filler = "x".repeat(60);

  await timed(`insert ascending, autocommit (${rows} rows)`, rows, async (i) => {
    const t = catalog.beginTransaction(options);
    await ascending.insert(t, [i, i % 1000, filler]);
    await t.commit();
  });
  const order = shuffled(rows, random);
  await timed(`insert random positions, autocommit (${rows})`, rows, async (i) => {
    const t = catalog.beginTransaction(options);
    await randomTable.insert(t, [order[i]!, i % 1000, filler]);
    await t.commit();
  });
  const operations = 200_000;
  const reader = catalog.beginTransaction(options);
  await timed("point get (one transaction)", operations, async () => {
    await randomTable.getByPrimaryKey(reader, [random.nextInt(rows)], "none");
  });
  await timed("point get, autocommit", operations, async () => {
    const t = catalog.beginTransaction(options);
    await randomTable.getByPrimaryKey(t, [random.nextInt(rows)], "none");
    await t.commit();
  });
  await reader.commit();
  await timed("update by primary key, autocommit", operations, async () => {
    const t = catalog.beginTransaction(options);
    const id = random.nextInt(rows);
    const before = await randomTable.getByPrimaryKey(t, [id], "exclusive");
    if (before !== undefined) await randomTable.update(t, before, [id, before[1]!, "y" + id]);
    await t.commit();
  });
  await timed("range scan 100 rows (primary), autocommit", 20_000, async () => {
    const t = catalog.beginTransaction(options);
    const low = random.nextInt(rows - 100);
    const range = { lower: { key: [low], inclusive: true } };
    await randomTable.scan(t, undefined, range, { limit: 100 });
    await t.commit();
  });
  await timed("range scan 100 rows (secondary), autocommit", 20_000, async () => {
    const t = catalog.beginTransaction(options);
    const k = random.nextInt(1000);
    await randomTable.scan(t, "kk", { lower: { key: [k], inclusive: true } }, { limit: 100 });
    await t.commit();
  });
  measureChunkSizes(random);
}

function measureChunkSizes(random: SeededRandom): void {
  const order = shuffled(rows, random);
  for (const chunk of [64, 128, 256, 512, 1024, 2048]) {
    const list = new SortedList<number>((a, b) => a - b, chunk);
    const start = systemClock.monotonicMs();
    for (const value of order) list.insert(value);
    const elapsedMs = systemClock.monotonicMs() - start;
    const size = String(chunk).padStart(4);
    console.log(`SortedList chunk ${size}: ${rows} random inserts in ${elapsedMs.toFixed(0)} ms`);
  }
}

await main();
