/**
 * InstrumentedObjectStore: an ObjectStore decorator that counts, per operation kind, the calls,
 * the failed calls, the bytes read or written and the total latency (SlateDB's
 * instrumented_object_store.rs), for SHOW GLOBAL STATUS and the benchmarks (S3 requests per
 * 1,000 commits, idle API calls per minute).
 *
 * Placed under RetryingObjectStore it counts every request sent to S3, retries included; above
 * it, every logical call. A call is counted when it settles; a failed call (any rejection,
 * ObjectNotFoundError included) counts as a call and an error and moves no bytes. Bytes are the
 * object payloads only (get and getRange results, put bodies), not listings or headers.
 *
 * It sits on the read path, so a call allocates nothing beyond its own promise: the counters
 * are preallocated, one mutable record per kind, and updated in place.
 */

import type { Clock } from "../util/clock.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "./object-store.ts";

/** Operation kinds, spelled as in the status variable names. */
export const objectStoreOperations = [
  "get",
  "get_range",
  "head",
  "put",
  "put_if_absent",
  "put_if_match",
  "list",
  "delete",
] as const;

export type ObjectStoreOperation = (typeof objectStoreOperations)[number];

export interface OperationStats {
  /** Calls that settled, failed ones included. */
  readonly calls: number;
  /** Calls that rejected. */
  readonly errors: number;
  /** Payload bytes read (get, get_range) or written (the puts) by successful calls. */
  readonly bytes: number;
  /** Sum of the calls' latencies, microseconds. */
  readonly latencyUs: number;
}

export interface ObjectStoreStats {
  readonly operations: Readonly<Record<ObjectStoreOperation, OperationStats>>;
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

/** The kinds whose calls move payload bytes; only they get a `_bytes` status row. */
const readKinds: readonly ObjectStoreOperation[] = ["get", "get_range"];
const writeKinds: readonly ObjectStoreOperation[] = ["put", "put_if_absent", "put_if_match"];

interface Counter {
  calls: number;
  errors: number;
  bytes: number;
  latencyMs: number;
}

function newCounters(): Record<ObjectStoreOperation, Counter> {
  const counters = {} as Record<ObjectStoreOperation, Counter>;
  for (const kind of objectStoreOperations) {
    counters[kind] = { calls: 0, errors: 0, bytes: 0, latencyMs: 0 };
  }
  return counters;
}

export class InstrumentedObjectStore implements ObjectStore {
  readonly #inner: ObjectStore;
  readonly #clock: Clock;
  readonly #counters = newCounters();

  constructor(inner: ObjectStore, clock: Clock) {
    this.#inner = inner;
    this.#clock = clock;
  }

  /** A snapshot of the counters. */
  stats(): ObjectStoreStats {
    const operations = {} as Record<ObjectStoreOperation, OperationStats>;
    for (const kind of objectStoreOperations) {
      const counter = this.#counters[kind];
      operations[kind] = {
        calls: counter.calls,
        errors: counter.errors,
        bytes: counter.bytes,
        latencyUs: Math.round(counter.latencyMs * 1000),
      };
    }
    return {
      operations,
      bytesRead: this.#sumBytes(readKinds),
      bytesWritten: this.#sumBytes(writeKinds),
    };
  }

  /** SHOW GLOBAL STATUS rows, e.g. Objectstore_get_range_calls, Objectstore_bytes_read. */
  statusRows(): Array<[string, string]> {
    const stats = this.stats();
    const rows: Array<[string, string]> = [
      ["Objectstore_bytes_read", String(stats.bytesRead)],
      ["Objectstore_bytes_written", String(stats.bytesWritten)],
    ];
    for (const kind of objectStoreOperations) {
      const operation = stats.operations[kind];
      rows.push([`Objectstore_${kind}_calls`, String(operation.calls)]);
      rows.push([`Objectstore_${kind}_errors`, String(operation.errors)]);
      if (readKinds.includes(kind) || writeKinds.includes(kind)) {
        rows.push([`Objectstore_${kind}_bytes`, String(operation.bytes)]);
      }
      rows.push([`Objectstore_${kind}_latency_us`, String(operation.latencyUs)]);
    }
    return rows;
  }

  async get(key: string): Promise<Uint8Array> {
    const startMs = this.#clock.monotonicMs();
    try {
      const bytes = await this.#inner.get(key);
      this.#succeeded(this.#counters.get, startMs, bytes.length);
      return bytes;
    } catch (error) {
      throw this.#failed(this.#counters.get, startMs, error);
    }
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const startMs = this.#clock.monotonicMs();
    try {
      const bytes = await this.#inner.getRange(key, offset, length);
      this.#succeeded(this.#counters.get_range, startMs, bytes.length);
      return bytes;
    } catch (error) {
      throw this.#failed(this.#counters.get_range, startMs, error);
    }
  }

  async head(key: string): Promise<ObjectMeta> {
    const startMs = this.#clock.monotonicMs();
    try {
      const meta = await this.#inner.head(key);
      this.#succeeded(this.#counters.head, startMs, 0);
      return meta;
    } catch (error) {
      throw this.#failed(this.#counters.head, startMs, error);
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<string> {
    const startMs = this.#clock.monotonicMs();
    try {
      const etag = await this.#inner.put(key, bytes);
      this.#succeeded(this.#counters.put, startMs, bytes.length);
      return etag;
    } catch (error) {
      throw this.#failed(this.#counters.put, startMs, error);
    }
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    const startMs = this.#clock.monotonicMs();
    try {
      const etag = await this.#inner.putIfAbsent(key, bytes);
      this.#succeeded(this.#counters.put_if_absent, startMs, bytes.length);
      return etag;
    } catch (error) {
      throw this.#failed(this.#counters.put_if_absent, startMs, error);
    }
  }

  async putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    const startMs = this.#clock.monotonicMs();
    try {
      const newEtag = await this.#inner.putIfMatch(key, bytes, etag);
      this.#succeeded(this.#counters.put_if_match, startMs, bytes.length);
      return newEtag;
    } catch (error) {
      throw this.#failed(this.#counters.put_if_match, startMs, error);
    }
  }

  async list(prefix: string, options?: ListOptions): Promise<readonly ObjectMeta[]> {
    const startMs = this.#clock.monotonicMs();
    try {
      const listed = await this.#inner.list(prefix, options);
      this.#succeeded(this.#counters.list, startMs, 0);
      return listed;
    } catch (error) {
      throw this.#failed(this.#counters.list, startMs, error);
    }
  }

  async delete(key: string): Promise<void> {
    const startMs = this.#clock.monotonicMs();
    try {
      await this.#inner.delete(key);
      this.#succeeded(this.#counters.delete, startMs, 0);
    } catch (error) {
      throw this.#failed(this.#counters.delete, startMs, error);
    }
  }

  #succeeded(counter: Counter, startMs: number, bytes: number): void {
    counter.calls++;
    counter.bytes += bytes;
    counter.latencyMs += this.#clock.monotonicMs() - startMs;
  }

  /** Counts a failed call and hands its error back for rethrowing. */
  #failed(counter: Counter, startMs: number, error: unknown): unknown {
    counter.calls++;
    counter.errors++;
    counter.latencyMs += this.#clock.monotonicMs() - startMs;
    return error;
  }

  #sumBytes(kinds: readonly ObjectStoreOperation[]): number {
    let total = 0;
    for (const kind of kinds) total += this.#counters[kind].bytes;
    return total;
  }
}
