/**
 * GarbageCollector: deletes SST and manifest objects the tree no longer needs.
 *
 * An SST becomes garbage when a manifest edit removes it (compaction). It is deleted once no
 * reader still uses it (`isInUse`: a get or cursor holding an older manifest), and, because a
 * fenced writer may still be uploading or a successor may have loaded an older manifest, only
 * if this epoch created it or it is older than lsmObsoleteObjectAgeMsMin. Objects that fail the
 * age test stay queued and are looked at again on the next run. Manifest versions beyond the
 * newest lsmManifestsKeptCount obey the same epoch-or-age rule. Each run first checks
 * WRITER_EPOCH (ManifestStore.checkEpoch) and deletes nothing once the writer is fenced.
 * Runs are serialized; a failed delete is logged and retried on a later run.
 */

import { lsmObsoleteObjectAgeMsMin } from "../../constants.ts";
import type { ObjectMeta, ObjectStore } from "../../objectstore/object-store.ts";
import { ObjectNotFoundError } from "../../objectstore/object-store-errors.ts";
import { type BranchRoot, parseSstKey } from "../../objectstore/object-paths.ts";
import { AssertionError } from "../../util/assert.ts";
import type { Clock } from "../../util/clock.ts";
import type { Logger } from "../../util/log.ts";
import { FencedError } from "./fenced-error.ts";
import type { ManifestStore } from "./manifest-store.ts";
import { manifestSsts } from "./manifest.ts";
import { sstIdEpoch, sstObjectKey } from "./sst-object-key.ts";

export interface GarbageCollectorOptions {
  readonly store: ObjectStore;
  readonly root: BranchRoot;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly manifests: ManifestStore;
  /** True while some reader may still read SST `id`. */
  readonly isInUse: (id: bigint) => boolean;
  /** Called before an SST is deleted, to close its reader and drop its cached blocks. */
  readonly onDelete: (id: bigint) => void;
}

export class GarbageCollector {
  readonly #options: GarbageCollectorOptions;
  readonly #obsolete = new Set<bigint>();
  /**
   * Modification times of queued SSTs another epoch wrote, read once: such an SST waits up to
   * lsmObsoleteObjectAgeMsMin, and a run follows every compaction, so re-reading its metadata
   * each run cost tens of HEAD requests a second after a node took over a branch.
   */
  readonly #lastModifiedMs = new Map<bigint, number>();
  #running: Promise<void> | undefined;
  #again = false;
  #deletedSsts = 0;

  constructor(options: GarbageCollectorOptions) {
    this.#options = options;
  }

  get deletedSstCount(): number {
    return this.#deletedSsts;
  }

  get pendingCount(): number {
    return this.#obsolete.size;
  }

  /** Queues SSTs that the current manifest no longer references. */
  addObsolete(ids: Iterable<bigint>): void {
    for (const id of ids) this.#obsolete.add(id);
  }

  /** Queues the SSTs listed at open that the manifest does not reference (orphans). */
  addOrphans(listed: ReadonlyMap<string, ObjectMeta>): void {
    const { root, manifests } = this.#options;
    const live = new Set<bigint>();
    for (const { sst } of manifestSsts(manifests.current)) live.add(sst.id);
    for (const key of listed.keys()) {
      const parsed = parseSstKey(root, key);
      if (parsed !== undefined && !live.has(parsed.seq)) this.#obsolete.add(parsed.seq);
    }
  }

  /** Starts a run unless one is going; a request during a run causes one more run. */
  schedule(): void {
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#running = this.#run().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.schedule();
      }
    });
  }

  /** Resolves when no run is going. */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #run(): Promise<void> {
    const { manifests, logger } = this.#options;
    try {
      await manifests.checkEpoch();
      await this.#deleteSsts();
      if (manifests.fenced !== undefined) return;
      await manifests.deleteOldManifests((id, meta) => this.#deletable(id.epoch, meta));
    } catch (error) {
      if (error instanceof FencedError) return;
      // A broken invariant is a bug: let it crash instead of logging it as a retryable failure.
      if (error instanceof AssertionError) throw error;
      logger.warn("lsm: garbage collection failed; will retry", { error: String(error) });
    }
  }

  async #deleteSsts(): Promise<void> {
    const { store, root, manifests, isInUse, onDelete } = this.#options;
    const live = new Set<bigint>();
    for (const { sst } of manifestSsts(manifests.current)) live.add(sst.id);
    for (const id of [...this.#obsolete]) {
      if (live.has(id) || isInUse(id)) continue;
      const key = sstObjectKey(root, id);
      let lastModifiedMs = this.#lastModifiedMs.get(id);
      if (lastModifiedMs === undefined) {
        try {
          lastModifiedMs = (await store.head(key)).lastModifiedMs;
        } catch (error) {
          if (!(error instanceof ObjectNotFoundError)) throw error;
          this.#obsolete.delete(id);
          continue;
        }
      }
      if (!this.#deletableAt(sstIdEpoch(id), lastModifiedMs) || manifests.fenced !== undefined) {
        this.#lastModifiedMs.set(id, lastModifiedMs);
        continue;
      }
      onDelete(id);
      await store.delete(key);
      this.#obsolete.delete(id);
      this.#lastModifiedMs.delete(id);
      this.#deletedSsts++;
    }
  }

  #deletable(epoch: bigint, meta: ObjectMeta): boolean {
    return this.#deletableAt(epoch, meta.lastModifiedMs);
  }

  #deletableAt(epoch: bigint, lastModifiedMs: number): boolean {
    if (epoch === this.#options.manifests.epoch) return true;
    return lastModifiedMs <= this.#options.clock.nowMs() - lsmObsoleteObjectAgeMsMin;
  }
}
