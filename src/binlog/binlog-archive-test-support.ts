/**
 * Test doubles for the binlog archive's tests: an ObjectStore decorator that can refuse or hold
 * calls and records every created key, and a `node` helper that opens a Binlog (with an
 * archiver) on a MemoryLocalDisk and recovers it, collecting what was replayed.
 *
 * Not used by production code.
 */

import type { ArchivedFiles } from "./binlog-slice-chain.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import { WriteBatch } from "../engine/lsm/write-batch.ts";
import { MemoryObjectStore } from "../objectstore/memory-object-store.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "../objectstore/object-store.ts";
import { branchRoot } from "../objectstore/object-paths.ts";
import { ObjectStoreUnavailableError } from "../objectstore/object-store-errors.ts";
import type { ColumnSchema } from "../sql/catalog/schema.ts";
import type { CommitRecord, LoggedTable } from "../table/commit-pipeline.ts";
import { Logger } from "../util/log.ts";
import type { ManualClock } from "../util/manual-clock.ts";
import type { MemoryLocalDisk } from "../util/memory-local-disk.ts";
import { BinlogArchiver, type BinlogDurability } from "./binlog-archiver.ts";
import { Binlog } from "./binlog.ts";
import { RecordingKvStore } from "./binlog-test-support.ts";

export const UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
export const DIR = "/data/binlog";
export const ROOT = branchRoot("repo", "main");

/** Captured log lines, for checking warnings. */
export class CapturingLogger extends Logger {
  readonly lines: string[];

  constructor(clock: ManualClock) {
    const lines: string[] = [];
    super("info", { write: (line) => void lines.push(line) }, clock);
    this.lines = lines;
  }
}

/** An ObjectStore over MemoryObjectStore that can be made unavailable or hold its puts. */
export class FlakyObjectStore implements ObjectStore {
  readonly inner: MemoryObjectStore;
  /** While true, every call fails with ObjectStoreUnavailableError before it runs. */
  unavailable = false;
  /** When true, the next putIfAbsent creates its object and then reports unavailability. */
  failAfterNextPut = false;
  /** Keys created by putIfAbsent, in order. */
  readonly created: string[] = [];
  #held: (() => void)[] | undefined;

  constructor(inner: MemoryObjectStore) {
    this.inner = inner;
  }

  /** From now on puts wait until `releasePuts`. */
  holdPuts(): void {
    this.#held ??= [];
  }

  get heldPuts(): number {
    return this.#held?.length ?? 0;
  }

  releasePuts(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const release of held) release();
  }

  async get(key: string): Promise<Uint8Array> {
    this.#check();
    return this.inner.get(key);
  }
  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    this.#check();
    return this.inner.getRange(key, offset, length);
  }
  async head(key: string): Promise<ObjectMeta> {
    this.#check();
    return this.inner.head(key);
  }
  async put(key: string, bytes: Uint8Array): Promise<string> {
    this.#check();
    return this.inner.put(key, bytes);
  }
  async putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    if (this.#held !== undefined) await new Promise<void>((resolve) => this.#held?.push(resolve));
    this.#check();
    const etag = await this.inner.putIfAbsent(key, bytes);
    this.created.push(key);
    if (this.failAfterNextPut) {
      this.failAfterNextPut = false;
      throw new ObjectStoreUnavailableError("injected timeout after the write");
    }
    return etag;
  }
  async putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    this.#check();
    return this.inner.putIfMatch(key, bytes, etag);
  }
  /** Prefixes listed, in order. */
  readonly listed: string[] = [];

  async list(prefix: string, options?: ListOptions): Promise<readonly ObjectMeta[]> {
    this.listed.push(prefix);
    this.#check();
    return this.inner.list(prefix, options);
  }
  async delete(key: string): Promise<void> {
    this.#check();
    return this.inner.delete(key);
  }

  #check(): void {
    if (this.unavailable) throw new ObjectStoreUnavailableError("injected outage");
  }
}

function column(name: string, type: ColumnSchema["type"]): ColumnSchema {
  return { name, type, nullable: true, defaultValue: { kind: "none" }, autoIncrement: false,
    comment: "" };
}

const people: LoggedTable = {
  tableId: 81,
  schema: {
    database: "db", name: "t", primaryKey: undefined, indexes: [], engine: "SMARTENGINE",
    charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", comment: "", autoIncrementStart: 1,
    columns: [
      column("id", { kind: "int" }),
      column("name", { kind: "varchar", length: 200, collation: "utf8mb4_0900_ai_ci" }),
    ],
  },
};

export const lookupTable = (tableId: number): LoggedTable | undefined =>
  tableId === people.tableId ? people : undefined;

/** Transaction i: an insert of row i with a name of `padding` extra characters. */
export function recordFor(i: number, padding = 0): CommitRecord {
  return {
    kind: "rows",
    changes: [{ kind: "insert", table: people, after: [i, `n${i}${"x".repeat(padding)}`] }],
  };
}

export function numberOf(record: CommitRecord): number {
  const change = record.kind === "rows" ? record.changes[0] : undefined;
  if (change?.kind !== "insert") throw new Error("unexpected record");
  return Number(change.after[0]);
}

export function batchFor(i: number): WriteBatch {
  const batch = new WriteBatch();
  batch.put(new TextEncoder().encode(`k${i}`), new TextEncoder().encode(`v${i}`));
  return batch;
}

export interface NodeOptions {
  readonly memory: MemoryLocalDisk;
  readonly store: ObjectStore;
  readonly clock: ManualClock;
  readonly term: bigint;
  readonly durability?: BinlogDurability;
  readonly from?: BinlogPosition;
  readonly maxFileBytes?: number;
  readonly periodMs?: number;
  readonly sliceBytesMax?: number;
  readonly fenceCheck?: () => Promise<void>;
  /** The listing a restore made, handed to the archiver as durable-storage does. */
  readonly archived?: ArchivedFiles;
}

/** Opens a binlog with an archiver and recovers it, collecting the replayed records. */
export async function startNode(options: NodeOptions) {
  const { memory, store, clock, term } = options;
  const logger = new CapturingLogger(clock);
  const durability = options.durability ?? "local";
  const archiver = new BinlogArchiver({
    store, root: ROOT, disk: memory, dir: DIR, clock, logger, term, durability,
    periodMs: options.periodMs ?? 1000,
    sliceBytesMax: options.sliceBytesMax ?? 4 * 1024 * 1024,
    fenceCheck: options.fenceCheck ?? (async () => undefined),
  });
  if (options.archived !== undefined) archiver.useArchivedListing(options.archived);
  const kv = new RecordingKvStore();
  const binlog = await Binlog.open({
    disk: memory, dir: DIR, clock, logger, serverId: 7, serverUuid: UUID,
    serverVersion: "8.0.35-wesql-ts", durability, maxFileBytes: options.maxFileBytes ?? 1 << 20,
    store: kv, archiver,
  });
  const replayed: number[] = [];
  const ends: BinlogPosition[] = [];
  const report = await binlog.recover(options.from ?? { file: 0, offset: 0 },
    async (record, logEnd) => {
      replayed.push(numberOf(record));
      ends.push(logEnd);
    }, lookupTable);
  return { archiver, binlog, kv, replayed, ends, report, logger };
}
