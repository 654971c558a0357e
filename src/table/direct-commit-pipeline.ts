/**
 * DirectCommitPipeline: a CommitPipeline with no log. It applies each batch to the store at
 * once (after waiting for write capacity), in call order, for tests and tools. Records are
 * kept only as a count, plus an optional observer so tests can capture what would be logged.
 */

import type { KvStore } from "../engine/kv-store.ts";
import type { WriteBatch } from "../engine/lsm/write-batch.ts";
import type { CommitPipeline, CommitRecord } from "./commit-pipeline.ts";

export class DirectCommitPipeline implements CommitPipeline {
  readonly #store: KvStore;
  readonly #observe: ((record: CommitRecord) => void) | undefined;
  #commitCount = 0;

  constructor(store: KvStore, observe?: (record: CommitRecord) => void) {
    this.#store = store;
    this.#observe = observe;
  }

  /** Commits applied so far. */
  get commitCount(): number {
    return this.#commitCount;
  }

  async commit(record: CommitRecord, batch: WriteBatch): Promise<void> {
    // Tell the observer first: that is the order a log would see them in.
    this.#observe?.(record);
    this.#commitCount++;
    // A write must not overrun the engine's limits; the memory store always has capacity, so
    // this does not reorder commits there (a real engine is fronted by the binlog instead).
    await this.#store.waitForWriteCapacity();
    this.#store.write(batch);
  }
}
