/**
 * FencedError: another writer took over this tree. Raised when WRITER_EPOCH shows a newer epoch
 * than ours, or when an object key we write with putIfAbsent (manifest or SST) already exists,
 * which can only happen if a newer writer is active. After it the engine refuses every write
 * and stops background work: continuing would fork the tree.
 */

import { DbError } from "../../util/errors.ts";

export class FencedError extends DbError {
  constructor(
    readonly ownEpoch: bigint,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`writer epoch ${ownEpoch} is fenced: ${message}`, options);
  }
}
