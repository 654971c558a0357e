/**
 * Seeded randomized test: many interleaved transactions against a model that applies each
 * transaction's writes at its commit, in commit order. The model predicts which operations
 * would wait for a lock and never issues those (lock waits have their own tests), so every
 * operation's result (rows, 1062, success) must match the model exactly.
 *
 * The same model runs on both backends (the memory reference backend and TableCatalog).
 */

import { describe, expect, it } from "vitest";
import type { SavepointHandle, StorageTable, Transaction } from "../sql/catalog/catalog.ts";
import { isStatementAwareTransaction } from "../sql/catalog/catalog.ts";
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
  { name: "memory", seeds: [11, 22, 33, 44, 55, 66], make: async (clock) => new MemoryCatalog({ clock }) },
  {
    name: "table",
    seeds: [11, 55],
    make: async (clock) => {
      const store = new MemoryKvStore({ random: new SeededRandom(7) });
      return TableCatalog.open({ store, pipeline: new DirectCommitPipeline(store), clock });
    },
  },
];


type ModelRow = [number, number | null, number];

interface ModelTxn {
  readonly txn: Transaction;
  readonly readCommitted: boolean;
  own: Map<number, ModelRow | null>;
  snapshot: Map<number, ModelRow> | undefined;
  readonly savepoints: { handle: SavepointHandle; own: Map<number, ModelRow | null> }[];
}

const idCount = 12;

class Harness {
  readonly committed = new Map<number, ModelRow>();
  readonly lockHolder = new Map<number, ModelTxn>();
  readonly active: ModelTxn[] = [];

  constructor(
    readonly random: SeededRandom,
    readonly catalog: TestCatalog,
    readonly table: StorageTable,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[this.random.nextInt(items.length)]!;
  }

  current(m: ModelTxn, id: number): ModelRow | null {
    return m.own.has(id) ? m.own.get(id)! : this.committed.get(id) ?? null;
  }

  view(m: ModelTxn): ModelRow[] {
    m.snapshot ??= new Map(this.committed);
    const merged = new Map(m.snapshot);
    for (const [id, row] of m.own) {
      if (row === null) merged.delete(id);
      else merged.set(id, row);
    }
    return [...merged.values()].sort((a, b) => a[0] - b[0]);
  }

  blocked(m: ModelTxn, ...ids: number[]): boolean {
    return ids.some((id) => {
      const holder = this.lockHolder.get(id);
      return holder !== undefined && holder !== m;
    });
  }

  /** Would a unique check on `u` wait for another transaction's uncommitted row? */
  uniqueWaits(m: ModelTxn, u: number | null, excluded: readonly number[]): boolean {
    if (u === null) return false;
    for (const other of this.active) {
      if (other === m) continue;
      for (const [id, pending] of other.own) {
        if (excluded.includes(id)) continue;
        if (pending?.[1] === u || this.committed.get(id)?.[1] === u) return true;
      }
    }
    return false;
  }

  uniqueTaken(m: ModelTxn, u: number | null, excluded: readonly number[]): boolean {
    if (u === null) return false;
    for (let id = 0; id < idCount; id++) {
      if (!excluded.includes(id) && this.current(m, id)?.[1] === u) return true;
    }
    return false;
  }

  lock(m: ModelTxn, id: number): void {
    this.lockHolder.set(id, m);
  }

  finish(m: ModelTxn, commit: boolean): void {
    if (commit) {
      for (const [id, row] of m.own) {
        if (row === null) this.committed.delete(id);
        else this.committed.set(id, row);
      }
    }
    for (const [id, holder] of [...this.lockHolder]) if (holder === m) this.lockHolder.delete(id);
    this.active.splice(this.active.indexOf(m), 1);
  }

  randomRow(id: number): ModelRow {
    const u = this.random.nextInt(3) === 0 ? null : this.random.nextInt(6);
    return [id, u, this.random.nextInt(5)];
  }
}

/** Runs `operation`, failing the test if it would wait (the model said it would not). */
async function noWait<T>(operation: Promise<T>): Promise<T | number> {
  let settled = false;
  const outcome = operation.then(
    (value) => value,
    (error: unknown) => {
      if (!isSqlError(error)) throw error;
      return error.code;
    },
  ).finally(() => (settled = true));
  // The table backend awaits its store (promise per cursor chunk and point read), so an
  // operation that does not wait for a lock may still take more microtask turns than in memory.
  for (let i = 0; i < 200 && !settled; i++) await Promise.resolve();
  expect(settled, "operation waited for a lock").toBe(true);
  return outcome;
}

function sortedBy(rows: ModelRow[], key: (r: ModelRow) => number): ModelRow[] {
  return [...rows].sort((a, b) => key(a) - key(b) || a[0] - b[0]);
}

async function step(h: Harness): Promise<void> {
  const { random, table } = h;
  if (h.active.length < 4 && random.nextInt(4) === 0) {
    const readCommitted = random.nextInt(4) === 0;
    const isolation = readCommitted ? "READ-COMMITTED" : "REPEATABLE-READ";
    const txn = h.catalog.beginTransaction(txnOptions({ isolation }));
    h.active.push({ txn, readCommitted, own: new Map(), snapshot: undefined, savepoints: [] });
    return;
  }
  if (h.active.length === 0) return;
  const m = h.pick(h.active);
  if (m.readCommitted && isStatementAwareTransaction(m.txn)) {
    m.txn.startStatement();
    m.snapshot = undefined;
  }
  const id = random.nextInt(idCount);
  const op = random.nextInt(20);
  if (op < 3) {
    const got = await noWait(table.getByPrimaryKey(m.txn, [id], "none"));
    expect(got).toEqual(h.view(m).find((r) => r[0] === id));
  } else if (op < 5) {
    await scanStep(h, m);
  } else if (op < 6) {
    if (h.blocked(m, id)) return;
    const got = await noWait(table.getByPrimaryKey(m.txn, [id], "exclusive"));
    h.lock(m, id);
    expect(got ?? null).toEqual(h.current(m, id));
  } else if (op < 10) {
    await insertStep(h, m, h.randomRow(id));
  } else if (op < 14) {
    await updateStep(h, m, id);
  } else if (op < 16) {
    if (h.blocked(m, id)) return;
    const before = h.current(m, id);
    const result = await noWait(table.delete(m.txn, before ?? [id, null, 0]));
    expect(result).toBeUndefined();
    h.lock(m, id);
    if (before !== null) m.own.set(id, null);
  } else {
    await endStep(h, m, op);
  }
}

async function scanStep(h: Harness, m: ModelTxn): Promise<void> {
  const { random, table } = h;
  const which = h.pick(["PRIMARY", "kv", "uu"] as const);
  const reverse = random.nextInt(2) === 0;
  const limit = random.nextInt(3) === 0 ? 1 + random.nextInt(4) : undefined;
  const low = random.nextInt(5);
  const keyOf = (r: ModelRow) => (which === "PRIMARY" ? r[0] : which === "kv" ? r[2] : r[1] ?? -1);
  let expected = sortedBy(h.view(m), keyOf).filter((r) => keyOf(r) >= low);
  if (reverse) expected.reverse();
  if (limit !== undefined) expected = expected.slice(0, limit);
  const options = limit === undefined ? { reverse } : { reverse, limit };
  const range = { lower: { key: [low], inclusive: true } };
  const got = await noWait(table.scan(m.txn, which, range, options));
  expect(got).toEqual(expected);
}

async function insertStep(h: Harness, m: ModelTxn, row: ModelRow): Promise<void> {
  const id = row[0];
  if (h.blocked(m, id) || h.uniqueWaits(m, row[1], [id])) return;
  const result = await noWait(h.table.insert(m.txn, row));
  h.lock(m, id);
  const duplicate = h.current(m, id) !== null || h.uniqueTaken(m, row[1], [id]);
  expect(result).toBe(duplicate ? 1062 : undefined);
  if (!duplicate) m.own.set(id, row);
}

async function updateStep(h: Harness, m: ModelTxn, id: number): Promise<void> {
  const before = h.current(m, id);
  if (before === null) return;
  const newId = h.random.nextInt(4) === 0 ? h.random.nextInt(idCount) : id;
  const after = h.randomRow(newId);
  if (h.blocked(m, id, newId) || h.uniqueWaits(m, after[1], [id, newId])) return;
  const result = await noWait(h.table.update(m.txn, before as Row, after));
  h.lock(m, id);
  h.lock(m, newId);
  let duplicate: boolean;
  if (newId === id) {
    duplicate = after[1] !== before[1] && h.uniqueTaken(m, after[1], [id]);
  } else {
    duplicate = h.current(m, newId) !== null || h.uniqueTaken(m, after[1], [id, newId]);
  }
  expect(result).toBe(duplicate ? 1062 : undefined);
  if (duplicate) return;
  m.own.set(id, null);
  m.own.set(newId, after);
}

async function endStep(h: Harness, m: ModelTxn, op: number): Promise<void> {
  if (op === 16) {
    m.savepoints.push({ handle: m.txn.savepoint(), own: new Map(m.own) });
  } else if (op === 17 && m.savepoints.length > 0) {
    const index = h.random.nextInt(m.savepoints.length);
    const savepoint = m.savepoints[index]!;
    m.txn.rollbackToSavepoint(savepoint.handle);
    m.own = new Map(savepoint.own);
    m.savepoints.length = index + 1;
  } else if (op === 18) {
    await m.txn.commit();
    h.finish(m, true);
  } else {
    await m.txn.rollback();
    h.finish(m, false);
  }
}

for (const backend of backends) {
describe(`randomized interleaved transactions (${backend.name} backend)`, { timeout: 20_000 }, () => {
  for (const seed of backend.seeds) {
    it(`matches the serial-commit-order model (seed ${seed})`, async () => {
      const catalog = await backend.make(new ManualClock());
      await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "" });
      const columns = [column("id", intType, false), column("u", intType), column("v", intType)];
      const indexes = [index("uu", [1], true), index("kv", [2], false)];
      const schema = tableSchema("t", columns, [0], indexes);
      const table = await catalog.createTable(schema);
      const h = new Harness(new SeededRandom(seed), catalog, table);
      for (let i = 0; i < 3000; i++) await step(h);
      for (const m of [...h.active]) {
        await m.txn.commit();
        h.finish(m, true);
      }
      const reader = catalog.beginTransaction(txnOptions());
      const expected = [...h.committed.values()].sort((a, b) => a[0] - b[0]);
      expect(await table.scan(reader, undefined, {}, {})).toEqual(expected);
      expect(catalog.activeTransactionCount).toBe(1);
    });
  }
});
}
