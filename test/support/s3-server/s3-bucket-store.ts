/**
 * The test S3 server's objects: buckets of keys in memory, optionally mirrored to a directory so
 * they survive a restart of the server process.
 *
 * Invariants:
 * - Every method is synchronous, so a conditional write is check-and-set with no await between
 *   the check and the write: requests on one key are atomic, as on S3.
 * - With a directory, an object is written to a temporary file and renamed over its final name
 *   before the method returns, so a crash of the server leaves the old or the new object whole.
 *   Files are named by a hash of bucket and key (keys may be 1024 bytes, longer than a file
 *   name) and hold the key and modification time in a small header.
 */

import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

export interface StoredObject {
  readonly bytes: Uint8Array;
  /** Quoted MD5 hex of the bytes, as S3 reports for a single-part upload. */
  readonly etag: string;
  readonly lastModifiedMs: number;
}

export class S3BucketStore {
  readonly #buckets = new Map<string, Map<string, StoredObject>>();
  readonly #dir: string | undefined;

  constructor(dir?: string) {
    this.#dir = dir;
    if (dir !== undefined) this.#load(dir);
  }

  hasBucket(bucket: string): boolean {
    return this.#buckets.has(bucket);
  }

  /** Creates the bucket; creating one that exists changes nothing (as S3 for its owner). */
  createBucket(bucket: string): void {
    if (this.#buckets.has(bucket)) return;
    this.#buckets.set(bucket, new Map());
    if (this.#dir !== undefined) mkdirSync(this.#bucketDir(bucket), { recursive: true });
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.#buckets.get(bucket)?.get(key);
  }

  /** Stores the object (the caller has checked any precondition in the same tick). */
  put(bucket: string, key: string, bytes: Uint8Array, nowMs: number): StoredObject {
    const objects = this.#objects(bucket);
    const object: StoredObject = { bytes, etag: md5Etag(bytes), lastModifiedMs: nowMs };
    if (this.#dir !== undefined) this.#writeFile(bucket, key, object);
    objects.set(key, object);
    return object;
  }

  delete(bucket: string, key: string): void {
    const objects = this.#objects(bucket);
    if (!objects.delete(key)) return;
    if (this.#dir !== undefined) rmSync(this.#objectPath(bucket, key), { force: true });
  }

  /** Keys of the bucket starting with `prefix`, ascending (byte order for ASCII keys). */
  keys(bucket: string, prefix: string): string[] {
    const keys: string[] = [];
    for (const key of this.#objects(bucket).keys()) if (key.startsWith(prefix)) keys.push(key);
    return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  #objects(bucket: string): Map<string, StoredObject> {
    const objects = this.#buckets.get(bucket);
    if (objects === undefined) throw new Error(`no bucket ${bucket}`);
    return objects;
  }

  #bucketDir(bucket: string): string {
    return join(this.#dir ?? "", encodeURIComponent(bucket));
  }

  #objectPath(bucket: string, key: string): string {
    const name = createHash("sha256").update(key).digest("hex");
    return join(this.#bucketDir(bucket), `${name}.object`);
  }

  #writeFile(bucket: string, key: string, object: StoredObject): void {
    const keyBytes = new TextEncoder().encode(key);
    const header = new DataView(new ArrayBuffer(12));
    header.setUint32(0, keyBytes.length);
    header.setFloat64(4, object.lastModifiedMs);
    const path = this.#objectPath(bucket, key);
    const temporary = `${path}.tmp`;
    const content = Buffer.concat([new Uint8Array(header.buffer), keyBytes, object.bytes]);
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  }

  #load(dir: string): void {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const objects = new Map<string, StoredObject>();
      this.#buckets.set(decodeURIComponent(entry.name), objects);
      for (const file of readdirSync(join(dir, entry.name))) {
        if (!file.endsWith(".object")) continue;
        const data = new Uint8Array(readFileSync(join(dir, entry.name, file)));
        const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
        const keyLength = view.getUint32(0);
        const key = new TextDecoder().decode(data.subarray(12, 12 + keyLength));
        const bytes = data.slice(12 + keyLength);
        objects.set(key, { bytes, etag: md5Etag(bytes), lastModifiedMs: view.getFloat64(4) });
      }
    }
  }
}

export function md5Etag(bytes: Uint8Array): string {
  return `"${createHash("md5").update(bytes).digest("hex")}"`;
}
