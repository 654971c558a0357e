/**
 * SstOutput: one SST being written by a flush or a compaction. It wraps SstBuilder and records
 * what the manifest needs to know about the file (key and sequence range, entry count), so the
 * descriptor always describes exactly the bytes that were built.
 *
 * Invariant: keys are added in strictly increasing internal key order (SstBuilder asserts it).
 */

import { assert } from "../../util/assert.ts";
import { ByteSink } from "../../util/byte-sink.ts";
import { SstBuilder } from "../sst/sst-builder.ts";
import type { SstCompression } from "../sst/sst-format.ts";
import { internalKeySequence } from "./internal-key.ts";
import type { SstDescriptor } from "./manifest.ts";

export interface FinishedSst {
  readonly bytes: Uint8Array;
  readonly descriptor: SstDescriptor;
}

export class SstOutput {
  readonly #builder: SstBuilder;
  #smallestKey: Uint8Array | undefined;
  /** A copy of the last key added: iterators reuse their key buffers as they move. */
  readonly #largestKey = new ByteSink(64);
  #smallestSequence = 0n;
  #largestSequence = 0n;
  #entryCount = 0;
  #rawBytes = 0;

  constructor(compression: SstCompression) {
    this.#builder = new SstBuilder({ compression });
  }

  get entryCount(): number {
    return this.#entryCount;
  }

  /** Key and value bytes added so far: the cut-off measure for output files. */
  get rawBytes(): number {
    return this.#rawBytes;
  }

  add(internalKey: Uint8Array, value: Uint8Array): void {
    const sequence = internalKeySequence(internalKey);
    if (this.#entryCount === 0) {
      this.#smallestKey = internalKey.slice();
      this.#smallestSequence = sequence;
      this.#largestSequence = sequence;
    }
    if (sequence < this.#smallestSequence) this.#smallestSequence = sequence;
    if (sequence > this.#largestSequence) this.#largestSequence = sequence;
    this.#builder.add(internalKey, value);
    this.#largestKey.clear();
    this.#largestKey.putBytes(internalKey);
    this.#entryCount++;
    this.#rawBytes += internalKey.length + value.length;
  }

  /** The file bytes and its descriptor under `id`. REQUIRES: at least one entry. */
  finish(id: bigint): FinishedSst {
    assert(this.#entryCount > 0, "an SST needs at least one entry");
    const bytes = this.#builder.finish();
    return {
      bytes,
      descriptor: {
        id,
        sizeBytes: bytes.length,
        smallestKey: this.#smallestKey!,
        largestKey: this.#largestKey.toBytes(),
        smallestSequence: this.#smallestSequence,
        largestSequence: this.#largestSequence,
        entryCount: this.#entryCount,
      },
    };
  }
}
