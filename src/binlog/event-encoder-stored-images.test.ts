import { describe, expect, it } from "vitest";
import { ManualClock, txnOptions } from "../sql/memory/test-fixtures.ts";
import type { Row, SqlValue } from "../sql/types/value.ts";
import { SeededRandom } from "../util/random.ts";
import type { CommitRecord, RowChange } from "../table/commit-pipeline.ts";
import { DirectCommitPipeline } from "../table/direct-commit-pipeline.ts";
import { MemoryKvStore } from "../table/memory-kv-store.ts";
import type { KvTable } from "../table/kv-table.ts";
import { TableCatalog } from "../table/table-catalog.ts";
import { encodeTransaction } from "./event-encoder.ts";
import { column, everyType, table } from "./event-test-tables.ts";

const context = {
  serverId: 1, timestampSeconds: 1_700_000_000, sid: "3e11fa47-71ca-11e1-9e33-c80aa9429562",
  gno: 7n, startPosition: 4,
};

/** Large buffers: a deep toEqual of megabytes is too slow; compare, then show the first diff. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  const at = actual.findIndex((byte, i) => byte !== expected[i]);
  expect(at).toBe(-1);
}

/**
 * The table layer logs large transactions from their stored bytes (change-log.ts: rows decoded
 * when the encoder reads them, beyond the first 64 changes). The events must be byte-identical
 * to events encoded from the rows the writer was given and the rows a read returned.
 */
describe("binlog events of stored row images", () => {
  it("equal the events of the original rows for every type, beyond the kept-row window", async () => {
    const records: CommitRecord[] = [];
    const store = new MemoryKvStore({ random: new SeededRandom(11) });
    const pipeline = new DirectCommitPipeline(store, (r) => records.push(r));
    const catalog = await TableCatalog.open({ store, pipeline, clock: new ManualClock() });
    await catalog.createDatabase({ name: "db", defaultCharset: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci" });
    const columns = everyType.map(([type], i) => column(`c${i}`, type));
    const schema = table("db", "t", columns);
    const kv = (await catalog.createTable(schema)) as KvTable;
    const rowOf = (n: number): Row => everyType.map(([, a, b]) => ((n % 2 === 0 ? a : b) as SqlValue));
    const rows = 100;

    const w = catalog.beginTransaction(txnOptions());
    for (let n = 0; n < rows; n++) await kv.insert(w, rowOf(n));
    await w.commit();
    const inserts = records.at(-1)!;
    const expectedInserts: CommitRecord = {
      kind: "rows",
      changes: Array.from({ length: rows }, (_, n): RowChange => ({ kind: "insert", table: { tableId: kv.tableId, schema: kv.schema }, after: rowOf(n) })),
    };
    expectSameBytes(encodeTransaction(inserts, context), encodeTransaction(expectedInserts, context));

    const u = catalog.beginTransaction(txnOptions());
    const read = await kv.scan(u, undefined, {}, {});
    expect(read).toHaveLength(rows);
    const expected: RowChange[] = [];
    const logged = { tableId: kv.tableId, schema: kv.schema };
    for (const [n, before] of read.entries()) {
      if (n % 3 === 0) {
        await kv.delete(u, before);
        expected.push({ kind: "delete", table: logged, before });
      } else {
        const after = rowOf(n + 1);
        await kv.update(u, before, after);
        expected.push({ kind: "update", table: logged, before, after });
      }
    }
    await u.commit();
    const changes = records.at(-1)!;
    const expectedChanges: CommitRecord = { kind: "rows", changes: expected };
    expectSameBytes(encodeTransaction(changes, context), encodeTransaction(expectedChanges, context));
  });
});
