/**
 * Test doubles for the binlog's tests: a KvStore that keeps its data in a sorted map and records
 * every write with the log end position it was given, and a LocalDisk decorator that counts
 * fsyncs of append handles and can be told to fail the next append or sync.
 *
 * Not used by production code. The store has no snapshots or MVCC: reads see the newest data.
 */

import type { KvCursor, KvEntry, KvScanOptions, KvSnapshot, KvStore } from "../engine/kv-store.ts";
import { KeyKind } from "../engine/lsm/internal-key.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import type { WriteBatch } from "../engine/lsm/write-batch.ts";
import { compareBytes } from "../util/bytes.ts";
import { LocalIoError } from "../util/errors.ts";
import type { AppendHandle, LocalDisk } from "../util/local-disk.ts";

export interface RecordedWrite {
  readonly keys: readonly string[];
  readonly logEnd: BinlogPosition | undefined;
}

const decoder = new TextDecoder();

/** A KvStore over a Map, recording each write (keys as text) and its log end. */
export class RecordingKvStore implements KvStore {
  readonly writes: RecordedWrite[] = [];
  capacityWaits = 0;
  /** While true, waitForWriteCapacity never resolves (a stalled engine). */
  holdCapacity = false;
  readonly #data = new Map<string, KvEntry>();
  #lastSequence = 0n;

  get lastSequence(): bigint {
    return this.#lastSequence;
  }

  snapshot(): KvSnapshot {
    return { sequence: this.#lastSequence, release: () => undefined };
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#data.get(decoder.decode(key))?.value;
  }

  scan(options: KvScanOptions): KvCursor {
    const entries = [...this.#data.values()]
      .filter((entry) => options.lower === undefined || compareBytes(entry.key, options.lower) >= 0)
      .filter((entry) => options.upper === undefined || compareBytes(entry.key, options.upper) < 0)
      .sort((a, b) => compareBytes(a.key, b.key));
    if (options.reverse === true) entries.reverse();
    let next = 0;
    return {
      nextChunk: async (maxEntries: number): Promise<readonly KvEntry[]> => {
        const chunk = entries.slice(next, next + maxEntries);
        next += chunk.length;
        return chunk;
      },
      close: () => undefined,
    };
  }

  write(batch: WriteBatch, logEnd?: BinlogPosition): bigint {
    const first = this.#lastSequence + 1n;
    const keys: string[] = [];
    for (const record of batch.records) {
      const key = decoder.decode(record.key);
      keys.push(key);
      if (record.kind === KeyKind.Deletion) this.#data.delete(key);
      else this.#data.set(key, { key: record.key, value: record.value });
    }
    this.#lastSequence += BigInt(batch.count);
    this.writes.push({ keys, logEnd });
    return first;
  }

  async waitForWriteCapacity(): Promise<void> {
    this.capacityWaits += 1;
    if (this.holdCapacity) await new Promise<never>(() => undefined);
  }
}

/** Wraps a LocalDisk; counts append-handle syncs and injects append/sync failures on demand. */
export class FaultyDisk implements LocalDisk {
  syncCount = 0;
  appendCount = 0;
  failNextAppend = false;
  failNextSync = false;
  /** While true, a sync never completes (a power loss will hit it in flight). */
  holdSyncs = false;
  /** Resolves when the first held sync has started. */
  readonly syncStarted: Promise<void>;
  readonly #inner: LocalDisk;
  #signalSyncStarted: () => void = () => undefined;

  constructor(inner: LocalDisk) {
    this.#inner = inner;
    this.syncStarted = new Promise((resolve) => {
      this.#signalSyncStarted = resolve;
    });
  }

  readFile = (path: string): Promise<Uint8Array> => this.#inner.readFile(path);
  readRange = (path: string, offset: number, length: number): Promise<Uint8Array> =>
    this.#inner.readRange(path, offset, length);
  writeFileAtomic = (path: string, bytes: Uint8Array): Promise<void> =>
    this.#inner.writeFileAtomic(path, bytes);
  createExclusive = (path: string, bytes: Uint8Array): Promise<void> =>
    this.#inner.createExclusive(path, bytes);
  rename = (from: string, to: string): Promise<void> => this.#inner.rename(from, to);
  unlink = (path: string): Promise<void> => this.#inner.unlink(path);
  list = (dir: string): ReturnType<LocalDisk["list"]> => this.#inner.list(dir);
  stat = (path: string): ReturnType<LocalDisk["stat"]> => this.#inner.stat(path);
  mkdirp = (dir: string): Promise<void> => this.#inner.mkdirp(dir);
  fsync = (path: string): Promise<void> => this.#inner.fsync(path);
  append = (path: string, bytes: Uint8Array, options?: { readonly sync?: boolean }) =>
    this.#inner.append(path, bytes, options);

  async openAppend(path: string): Promise<AppendHandle> {
    const inner = await this.#inner.openAppend(path);
    return {
      path,
      get sizeBytes(): number {
        return inner.sizeBytes;
      },
      append: async (bytes: Uint8Array): Promise<void> => {
        this.appendCount += 1;
        if (this.failNextAppend) {
          this.failNextAppend = false;
          throw new LocalIoError(path, "ENOSPC", `ENOSPC on ${path} (injected)`);
        }
        await inner.append(bytes);
      },
      sync: async (): Promise<void> => {
        this.syncCount += 1;
        if (this.failNextSync) {
          this.failNextSync = false;
          throw new LocalIoError(path, "EIO", `EIO on ${path} (injected)`);
        }
        if (this.holdSyncs) {
          this.#signalSyncStarted();
          await new Promise<never>(() => undefined);
        }
        await inner.sync();
      },
      truncate: (sizeBytes: number): Promise<void> => inner.truncate(sizeBytes),
      close: (): Promise<void> => inner.close(),
    };
  }
}
