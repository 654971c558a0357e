/**
 * MemoryObjectStore: an in-memory ObjectStore for tests, dev mode and the simulator. Every
 * operation runs synchronously inside its promise, so conditional operations are trivially
 * atomic. Etags come from a per-store counter ("m1", "m2", ...): a new etag on every write,
 * even of identical bytes. Stored and returned bytes are copies, so callers cannot alias them.
 */

import { assert } from "../util/assert.ts";
import { type Clock, SystemClock } from "../util/clock.ts";
import { validateObjectKey, validateObjectPrefix } from "./object-key.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "./object-store.ts";
import {
  InvalidRangeError,
  ObjectExistsError,
  ObjectNotFoundError,
  PreconditionFailedError,
} from "./object-store-errors.ts";
import { checkListOptions, selectListed } from "./list-selection.ts";

interface StoredObject {
  readonly bytes: Uint8Array;
  readonly etag: string;
  readonly lastModifiedMs: number;
}

export class MemoryObjectStore implements ObjectStore {
  readonly #clock: Clock;
  readonly #objects = new Map<string, StoredObject>();
  #nextEtag = 1;

  constructor(clock: Clock = new SystemClock()) {
    this.#clock = clock;
  }

  async get(key: string): Promise<Uint8Array> {
    return this.#existing(key).bytes.slice();
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    assert(Number.isSafeInteger(offset) && offset >= 0, "getRange: bad offset");
    assert(Number.isSafeInteger(length) && length >= 0, "getRange: bad length");
    const bytes = this.#existing(key).bytes;
    if (offset > bytes.length) throw new InvalidRangeError(key, offset, bytes.length);
    return bytes.slice(offset, Math.min(offset + length, bytes.length));
  }

  async head(key: string): Promise<ObjectMeta> {
    return toMeta(key, this.#existing(key));
  }

  async put(key: string, bytes: Uint8Array): Promise<string> {
    validateObjectKey(key);
    return this.#store(key, bytes);
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    validateObjectKey(key);
    if (this.#objects.has(key)) throw new ObjectExistsError(key);
    return this.#store(key, bytes);
  }

  async putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    validateObjectKey(key);
    if (this.#objects.get(key)?.etag !== etag) throw new PreconditionFailedError(key, etag);
    return this.#store(key, bytes);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<readonly ObjectMeta[]> {
    validateObjectPrefix(prefix);
    checkListOptions(options);
    const keys = [...this.#objects.keys()].filter((key) => key.startsWith(prefix));
    return selectListed(keys, options).map((key) => {
      const object = this.#objects.get(key);
      assert(object !== undefined, "listed key vanished");
      return toMeta(key, object);
    });
  }

  async delete(key: string): Promise<void> {
    validateObjectKey(key);
    this.#objects.delete(key);
  }

  #store(key: string, bytes: Uint8Array): string {
    const etag = `m${this.#nextEtag++}`;
    this.#objects.set(key, { bytes: bytes.slice(), etag, lastModifiedMs: this.#clock.nowMs() });
    return etag;
  }

  #existing(key: string): StoredObject {
    validateObjectKey(key);
    const object = this.#objects.get(key);
    if (object === undefined) throw new ObjectNotFoundError(key);
    return object;
  }
}

function toMeta(key: string, object: StoredObject): ObjectMeta {
  const { etag, lastModifiedMs } = object;
  return { key, size: object.bytes.length, etag, lastModifiedMs };
}
