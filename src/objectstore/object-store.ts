/**
 * ObjectStore: the one interface to S3 and its stand-ins (memory, local directory). It knows
 * keys and bytes, nothing about SSTs, manifests or SQL; behaviour such as retries, metrics and
 * caching is added by wrapping it (SlateDB's object_store decorators).
 *
 * Semantics every provider guarantees (checked by object-store-contract.ts):
 * - Keys follow object-key.ts; an invalid key or prefix rejects with InvalidObjectKeyError.
 * - `putIfAbsent` is an atomic conditional create: of any number of concurrent calls on one key,
 *   exactly one succeeds and the rest reject with ObjectExistsError; an existing object is never
 *   overwritten. This is how every immutable object (manifest, SST, binlog slice) is written.
 * - `putIfMatch` is compare-and-swap on the etag; only WRITER_EPOCH is ever written this way.
 * - An object is visible whole or not at all; a reader never sees a partial write.
 * - `list` returns keys in ascending byte order; etags are opaque strings that change when the
 *   content changes.
 */

export interface ObjectMeta {
  readonly key: string;
  readonly size: number;
  /** Opaque version tag; compare for equality only. */
  readonly etag: string;
  /** Last write, milliseconds since the Unix epoch. */
  readonly lastModifiedMs: number;
}

export interface ListOptions {
  /** Only keys strictly greater than this one. */
  readonly startAfter?: string;
  /** At most this many keys (a positive integer); all when absent. */
  readonly limit?: number;
}

export interface ObjectStore {
  /** The whole object; ObjectNotFoundError when absent. */
  get(key: string): Promise<Uint8Array>;
  /** Bytes [offset, offset + length) clipped at the end of the object; InvalidRangeError when
   * offset > size, ObjectNotFoundError when absent. */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  /** Size, etag and modification time; ObjectNotFoundError when absent. */
  head(key: string): Promise<ObjectMeta>;
  /** Unconditional create-or-replace. For tests and tools only: engine code uses the
   * conditional forms. Returns the new etag. */
  put(key: string, bytes: Uint8Array): Promise<string>;
  /** Creates the object only if the key is free (If-None-Match: *); ObjectExistsError otherwise.
   * Returns the new etag. */
  putIfAbsent(key: string, bytes: Uint8Array): Promise<string>;
  /** Replaces the object only if its current etag is `etag` (If-Match); PreconditionFailedError
   * when it differs or the object is absent. Returns the new etag. */
  putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string>;
  /** Metadata of the keys starting with `prefix`, ascending by key. */
  list(prefix: string, options?: ListOptions): Promise<readonly ObjectMeta[]>;
  /** Removes the object; removing an absent key succeeds (as S3), so a retried delete is safe. */
  delete(key: string): Promise<void>;
}
