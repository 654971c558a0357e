/**
 * Where an SST lives in the object store, derived from its id alone. An SST id carries the epoch
 * of the writer that created it in its high bits (id = epoch × 2^lsmSstIdEpochShiftBits + n), so
 * two writers of different epochs (a fenced one still finishing a flush, and its successor) can
 * never pick the same id, and the object key `sst/<epoch>-<id>.sst` names the epoch as
 * ARCHITECTURE §3 requires, without the manifest storing it separately.
 */

import { lsmSstIdEpochShiftBits } from "../../constants.ts";
import { type BranchRoot, sstKey } from "../../objectstore/object-paths.ts";
import { assert } from "../../util/assert.ts";

const SHIFT = BigInt(lsmSstIdEpochShiftBits);

/** The epoch that created the SST with this id. */
export function sstIdEpoch(id: bigint): bigint {
  assert(id >= 0n, "negative SST id");
  return id >> SHIFT;
}

/** The first SST id a writer of `epoch` may use. */
export function firstSstIdOfEpoch(epoch: bigint): bigint {
  assert(epoch >= 0n, "negative epoch");
  return epoch << SHIFT;
}

/** The object key of SST `id`. */
export function sstObjectKey(root: BranchRoot, id: bigint): string {
  return sstKey(root, { epoch: sstIdEpoch(id), seq: id });
}
