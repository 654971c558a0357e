/**
 * Int32Vector: a growable array of int32 records of a fixed stride (1 to 4 ints each), stored
 * in one Int32Array, so per-row bookkeeping of a large transaction costs 4 bytes per field
 * instead of an object per row.
 *
 * Invariants: `data` holds `length * stride` meaningful ints; `data` is replaced (copied to a
 * larger array) when it grows, so callers re-read `data` after every push.
 */

import { assert } from "../util/assert.ts";

const initialRecords = 8;
/** Shared by every empty vector: most transactions write nothing, so allocate on first push. */
const EMPTY = new Int32Array(0);

export class Int32Vector {
  readonly stride: number;
  data: Int32Array;
  #length = 0;

  constructor(stride: number) {
    assert(stride >= 1 && stride <= 4, "int32 vector stride 1..4");
    this.stride = stride;
    this.data = EMPTY;
  }

  /** Number of records. */
  get length(): number {
    return this.#length;
  }

  get heldBytes(): number {
    return this.data.byteLength;
  }

  push1(a: number): number {
    const base = this.#grow();
    this.data[base] = a;
    return this.#length++;
  }

  push3(a: number, b: number, c: number): number {
    const base = this.#grow();
    const data = this.data;
    data[base] = a;
    data[base + 1] = b;
    data[base + 2] = c;
    return this.#length++;
  }

  push4(a: number, b: number, c: number, d: number): number {
    const base = this.#grow();
    const data = this.data;
    data[base] = a;
    data[base + 1] = b;
    data[base + 2] = c;
    data[base + 3] = d;
    return this.#length++;
  }

  /** Keeps the first `length` records. */
  truncate(length: number): void {
    assert(length >= 0 && length <= this.#length, "int32 vector truncate in range");
    this.#length = length;
  }

  /** The offset in `data` of a new record at the end, growing `data` if needed. */
  #grow(): number {
    const base = this.#length * this.stride;
    if (base + this.stride > this.data.length) {
      const larger = new Int32Array(Math.max(initialRecords * this.stride, this.data.length * 2));
      larger.set(this.data);
      this.data = larger;
    }
    return base;
  }
}
