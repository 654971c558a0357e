/**
 * Start-up probe: does this object store enforce conditional writes? Every immutable object is
 * created with putIfAbsent and WRITER_EPOCH is fenced with putIfMatch; a store that silently
 * ignores If-None-Match / If-Match (some S3-compatible servers do) would let two writers
 * overwrite each other. The server refuses to start when the probe fails, unless
 * objectstore_allow_unsafe_writes=ON.
 *
 * The probe writes only `key` (the caller makes it unique, e.g. with the node's id and a random
 * suffix) and deletes it at the end, whatever the outcome.
 */

import type { ObjectStore } from "./object-store.ts";
import { ObjectExistsError, PreconditionFailedError } from "./object-store-errors.ts";

const encoder = new TextEncoder();

/**
 * True when a second putIfAbsent on `key` is refused with ObjectExistsError and a putIfMatch
 * with a wrong etag is refused with PreconditionFailedError; false when either write is
 * accepted. Any other failure (the store is unavailable, access denied) is thrown: it says
 * nothing about conditional writes.
 */
export async function probeConditionalWrites(store: ObjectStore, key: string): Promise<boolean> {
  // A probe that crashed before its cleanup may have left the key behind.
  await store.delete(key);
  try {
    const etag = await store.putIfAbsent(key, encoder.encode("conditional write probe 1"));
    if (!(await refused(store.putIfAbsent(key, encoder.encode("probe 2")), ObjectExistsError))) {
      return false;
    }
    const wrongEtag = etag === '"0"' ? '"1"' : '"0"';
    const swap = store.putIfMatch(key, encoder.encode("probe 3"), wrongEtag);
    return await refused(swap, PreconditionFailedError);
  } finally {
    await store.delete(key);
  }
}

/** Whether `write` rejects with `expected`; other rejections propagate. */
async function refused(
  write: Promise<string>,
  expected: typeof ObjectExistsError | typeof PreconditionFailedError,
): Promise<boolean> {
  try {
    await write;
    return false;
  } catch (error) {
    if (error instanceof expected) return true;
    throw error;
  }
}
