/**
 * WriteBatch: an ordered list of puts and deletes that the engine applies atomically, with
 * consecutive sequence numbers starting at the batch's first sequence (as leveldb's
 * include/write_batch.h). Its serialized form is in write-batch-format.ts.
 *
 * Invariants: records keep insertion order (a later record for the same key wins, because it
 * gets the larger sequence number); a Deletion record carries an empty value; `encodedSizeBytes`
 * always equals the length `encodeWriteBatch` produces.
 *
 * The batch keeps references to the caller's key and value arrays; callers must not change them
 * after `put` / `delete` (the engine never does).
 */

import { assert } from "../../util/assert.ts";
import { varint32Length } from "../../util/coding.ts";
import { KeyKind } from "./internal-key.ts";

/** One write in a batch. `value` is empty for deletions. */
export interface WriteBatchRecord {
  readonly kind: KeyKind;
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** Bytes of the serialized header: first sequence (fixed64) and record count (fixed32). */
export const WRITE_BATCH_HEADER_BYTES = 12;

/** Largest key or value one record may hold: its length is stored as a varint32. */
const RECORD_PART_BYTES_MAX = 0xffff_ffff;
/** Largest record count: the header stores it as a fixed32. */
const RECORD_COUNT_MAX = 0xffff_ffff;

const EMPTY = new Uint8Array(0);

export class WriteBatch {
  readonly #records: WriteBatchRecord[] = [];
  #encodedSizeBytes = WRITE_BATCH_HEADER_BYTES;

  /** Records `key` → `value`. */
  put(key: Uint8Array, value: Uint8Array): void {
    this.#add({ kind: KeyKind.Value, key, value });
  }

  /** Records the deletion of `key`. */
  delete(key: Uint8Array): void {
    this.#add({ kind: KeyKind.Deletion, key, value: EMPTY });
  }

  /** Removes every record. */
  clear(): void {
    this.#records.length = 0;
    this.#encodedSizeBytes = WRITE_BATCH_HEADER_BYTES;
  }

  /** Number of records; the batch uses this many sequence numbers. */
  get count(): number {
    return this.#records.length;
  }

  /** Serialized size in bytes (exact), used to bound batches and memtable growth. */
  get encodedSizeBytes(): number {
    return this.#encodedSizeBytes;
  }

  /** The records in insertion order. The array is the batch's own: do not change it. */
  get records(): readonly WriteBatchRecord[] {
    return this.#records;
  }

  #add(record: WriteBatchRecord): void {
    assert(record.key.length <= RECORD_PART_BYTES_MAX, "write batch: key too long for varint32");
    assert(record.value.length <= RECORD_PART_BYTES_MAX, "write batch: value too long");
    assert(this.#records.length < RECORD_COUNT_MAX, "write batch: too many records");
    this.#records.push(record);
    this.#encodedSizeBytes += writeBatchRecordSizeBytes(record);
  }
}

/** Serialized size of one record (see write-batch-format.ts). */
export function writeBatchRecordSizeBytes(record: WriteBatchRecord): number {
  let size = 1 + varint32Length(record.key.length) + record.key.length;
  if (record.kind === KeyKind.Value) {
    size += varint32Length(record.value.length) + record.value.length;
  }
  return size;
}
