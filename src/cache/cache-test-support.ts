/**
 * Test-only helpers for the cache tests: an ObjectStore wrapper that counts and can hold back
 * the calls that reach the store, and a logger that keeps its lines. Imported by *.test.ts only.
 */

import type { ListOptions, ObjectMeta, ObjectStore } from "../objectstore/object-store.ts";
import type { RandomReadDisk, ReadHandle } from "../util/local-disk.ts";
import { Logger } from "../util/log.ts";
import { MemoryLocalDisk } from "../util/memory-local-disk.ts";

/** Counts reads that reach the inner store; `hold()` makes them wait, after reading the inner
 * store, until `release()` (so a test can act between a fetch and its answer). */
export class CountingObjectStore implements ObjectStore {
  readonly ranges: [string, number, number][] = [];
  readonly gets: string[] = [];
  readonly #inner: ObjectStore;
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;

  constructor(inner: ObjectStore) {
    this.#inner = inner;
  }

  /** Reads that reached the store (get + getRange). */
  get reads(): number {
    return this.ranges.length + this.gets.length;
  }

  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  async get(key: string): Promise<Uint8Array> {
    this.gets.push(key);
    const gate = this.#gate;
    const bytes = await this.#inner.get(key);
    await gate;
    return bytes;
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    this.ranges.push([key, offset, length]);
    const gate = this.#gate;
    const bytes = await this.#inner.getRange(key, offset, length);
    await gate;
    return bytes;
  }

  head(key: string): Promise<ObjectMeta> {
    return this.#inner.head(key);
  }

  put(key: string, bytes: Uint8Array): Promise<string> {
    return this.#inner.put(key, bytes);
  }

  putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    return this.#inner.putIfAbsent(key, bytes);
  }

  putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    return this.#inner.putIfMatch(key, bytes, etag);
  }

  list(prefix: string, options?: ListOptions): Promise<readonly ObjectMeta[]> {
    return this.#inner.list(prefix, options);
  }

  delete(key: string): Promise<void> {
    return this.#inner.delete(key);
  }
}

/** A Logger whose lines land in `lines`. */
export function capturingLogger(): { readonly logger: Logger; readonly lines: string[] } {
  const lines: string[] = [];
  return { logger: new Logger("info", { write: (line) => void lines.push(line) }), lines };
}

export const text = (value: string): Uint8Array => new TextEncoder().encode(value);
export const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** A MemoryLocalDisk that can also open read handles, as NodeLocalDisk can. A handle reads the
 * bytes the file had when it was opened (an open descriptor keeps its inode), and counts. */
export class HandleMemoryLocalDisk extends MemoryLocalDisk implements RandomReadDisk {
  opened = 0;
  closed = 0;

  async openRead(path: string): Promise<ReadHandle> {
    const bytes = await this.readFile(path);
    this.opened += 1;
    let isClosed = false;
    return {
      path,
      sizeBytes: bytes.length,
      readRange: async (offset: number, length: number): Promise<Uint8Array> => {
        if (isClosed) throw new Error("read after close");
        return bytes.slice(Math.min(offset, bytes.length), offset + length);
      },
      close: async (): Promise<void> => {
        isClosed = true;
        this.closed += 1;
      },
    };
  }
}
