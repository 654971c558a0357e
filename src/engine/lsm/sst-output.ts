/**
 * SstOutput: one SST being written by a flush or a compaction. It wraps SstBuilder and records
 * what the manifest needs to know about the file (key and sequence range, entry count), so the
 * descriptor always describes exactly the bytes that were built.
 *
 * Invariant: keys are added in strictly increasing internal key order (SstBuilder asserts it).
 */

import { assert } from "../../util/assert.ts";
import { SstBuilder } from "../sst/sst-builder.ts";
import type { SstCompression } from "../sst/sst-format.ts";
import type { SstDescriptor } from "./manifest.ts";

export interface FinishedSst {
  readonly bytes: Uint8Array;
  readonly descriptor: SstDescriptor;
}

export class SstOutput {
  /** Keeps the key and sequence range too: one record of them per entry, no BigInt per entry. */
  readonly #builder: SstBuilder;
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
    this.#builder.add(internalKey, value);
    this.#entryCount++;
    this.#rawBytes += internalKey.length + value.length;
  }

  /** The file bytes and its descriptor under `id`. REQUIRES: at least one entry. */
  finish(id: bigint): FinishedSst {
    assert(this.#entryCount > 0, "an SST needs at least one entry");
    const builder = this.#builder;
    const sequences = builder.sequenceRange();
    const largestKey = builder.largestKeyCopy();
    const bytes = builder.finish();
    return {
      bytes,
      descriptor: {
        id,
        sizeBytes: bytes.length,
        smallestKey: builder.smallestKey,
        largestKey,
        smallestSequence: sequences.smallest,
        largestSequence: sequences.largest,
        entryCount: this.#entryCount,
      },
    };
  }
}
