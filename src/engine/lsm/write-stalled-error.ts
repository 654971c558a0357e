/**
 * Writes were refused because the memtables are full and cannot be flushed: the object store
 * has been unavailable for longer than lsmStoreOutageStallMsMax. Nothing was written; the
 * caller fails the commit with a clear error and the server keeps serving reads. Writes work
 * again once a flush reaches the store.
 */

import { DbError } from "../../util/errors.ts";

export class WriteStalledError extends DbError {}
