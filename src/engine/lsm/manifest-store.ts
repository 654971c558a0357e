/**
 * ManifestStore: owns a tree's manifest chain in the object store (as SlateDB's manifest store).
 *
 * Open: claims the next writer epoch by compare-and-swap on WRITER_EPOCH (putIfAbsent when it is
 * missing, putIfMatch on its etag otherwise), loads the newest manifest that decodes, keeps the
 * invariants and whose SSTs all exist (newest by (epoch, sequence); a damaged newer one is
 * skipped with a warning), and publishes it again under the new epoch.
 *
 * Write: every manifest is checked (assertManifestInvariants / assertManifestSuccession), then
 * WRITER_EPOCH is read; a newer epoch there, or a manifest key that already exists, means another
 * writer took over: FencedError, and every later write fails with the same error.
 *
 * Invariant: `current` is the last manifest this store wrote (or loaded at open), and the
 * manifests it writes form one chain with sequences current + 1, + 2, ...
 */

import { lsmEpochClaimAttemptsMax, lsmManifestsKeptCount } from "../../constants.ts";
import type { ObjectMeta, ObjectStore } from "../../objectstore/object-store.ts";
import {
  ObjectExistsError,
  ObjectNotFoundError,
  PreconditionFailedError,
} from "../../objectstore/object-store-errors.ts";
import {
  type BranchRoot,
  type EpochSeq,
  manifestKey,
  manifestPrefix,
  parseManifestKey,
  sstPrefix,
  writerEpochKey,
} from "../../objectstore/object-paths.ts";
import { assert } from "../../util/assert.ts";
import { CorruptionError } from "../../util/errors.ts";
import type { Logger } from "../../util/log.ts";
import { FencedError } from "./fenced-error.ts";
import { type Manifest, emptyManifest, manifestSsts, withWriterEpoch } from "./manifest.ts";
import { decodeManifest, encodeManifest } from "./manifest-format.ts";
import {
  assertManifestInvariants,
  assertManifestSuccession,
  checkManifestInvariants,
} from "./manifest-invariants.ts";
import { sstObjectKey } from "./sst-object-key.ts";
import { decodeWriterEpoch, encodeWriterEpoch } from "./writer-epoch-format.ts";

export interface ManifestStoreOptions {
  readonly store: ObjectStore;
  readonly root: BranchRoot;
  readonly logger: Logger;
}

export class ManifestStore {
  readonly #store: ObjectStore;
  readonly #root: BranchRoot;
  readonly #logger: Logger;
  readonly #epoch: bigint;
  #current: Manifest;
  #fenced: FencedError | undefined;
  /** SST objects listed at open (key → metadata), for the engine's orphan sweep. */
  readonly sstObjectsAtOpen: ReadonlyMap<string, ObjectMeta>;

  private constructor(
    options: ManifestStoreOptions,
    epoch: bigint,
    current: Manifest,
    ssts: ReadonlyMap<string, ObjectMeta>,
  ) {
    this.#store = options.store;
    this.#root = options.root;
    this.#logger = options.logger;
    this.#epoch = epoch;
    this.#current = current;
    this.sstObjectsAtOpen = ssts;
  }

  /** Claims a new epoch, loads the newest valid manifest and republishes it under the epoch. */
  static async open(options: ManifestStoreOptions): Promise<ManifestStore> {
    const epoch = await claimEpoch(options.store, options.root);
    const ssts = await listSsts(options.store, options.root);
    const loaded = await loadNewest(options, ssts);
    if (loaded !== undefined && loaded.writerEpoch >= epoch) {
      throw new FencedError(epoch, `manifest of epoch ${loaded.writerEpoch} already exists`);
    }
    const manifestStore = new ManifestStore(options, epoch, emptyManifest(epoch), ssts);
    const first = loaded === undefined ? emptyManifest(epoch) : withWriterEpoch(loaded, epoch);
    await manifestStore.#put(loaded, first);
    options.logger.info("lsm: opened manifest", {
      epoch,
      manifestSequence: first.manifestSequence,
      lastSequence: first.lastSequence,
    });
    return manifestStore;
  }

  get epoch(): bigint {
    return this.#epoch;
  }

  get current(): Manifest {
    return this.#current;
  }

  /** The FencedError once fenced, else undefined. */
  get fenced(): FencedError | undefined {
    return this.#fenced;
  }

  /**
   * Writes `next`, which must follow `current` (same epoch, sequence + 1). REQUIRES: callers
   * serialize writes (the engine holds its manifest lock).
   */
  async write(next: Manifest): Promise<void> {
    if (this.#fenced !== undefined) throw this.#fenced;
    assert(next.writerEpoch === this.#epoch, "manifest written under a foreign epoch");
    await this.#checkEpoch();
    await this.#put(this.#current, next);
  }

  /** Deletes manifest objects older than the newest lsmManifestsKeptCount of this chain. */
  async deleteOldManifests(
    isDeletable: (key: EpochSeq, meta: ObjectMeta) => boolean,
  ): Promise<number> {
    const listed = await this.#store.list(manifestPrefix(this.#root));
    const ids = listed
      .map((meta) => ({ meta, id: parseManifestKey(this.#root, meta.key) }))
      .filter((entry): entry is { meta: ObjectMeta; id: EpochSeq } => entry.id !== undefined)
      .sort((a, b) => compareEpochSeq(a.id, b.id));
    const old = ids.slice(0, Math.max(0, ids.length - lsmManifestsKeptCount - 1));
    let deleted = 0;
    for (const { meta, id } of old) {
      if (!isDeletable(id, meta)) continue;
      await this.#store.delete(meta.key);
      deleted++;
    }
    return deleted;
  }

  /**
   * Throws FencedError when WRITER_EPOCH names a newer writer. The garbage collector calls it
   * before deleting: a successor that claimed its epoch after this check lists manifests later
   * still, so it cannot have loaded a manifest naming an SST this writer had already dropped.
   */
  async checkEpoch(): Promise<void> {
    if (this.#fenced !== undefined) throw this.#fenced;
    await this.#checkEpoch();
  }

  async #checkEpoch(): Promise<void> {
    const key = writerEpochKey(this.#root);
    const stored = decodeWriterEpoch(await this.#store.get(key), key);
    if (stored !== this.#epoch) {
      assert(stored > this.#epoch, "WRITER_EPOCH moved backwards");
      this.#fence(`WRITER_EPOCH is now ${stored}`);
    }
  }

  async #put(previous: Manifest | undefined, next: Manifest): Promise<void> {
    assertManifestInvariants(next);
    if (previous !== undefined) assertManifestSuccession(previous, next);
    const key = manifestKey(this.#root, { epoch: next.writerEpoch, seq: next.manifestSequence });
    try {
      await this.#store.putIfAbsent(key, encodeManifest(next));
    } catch (error) {
      if (error instanceof ObjectExistsError) this.#fence(`manifest ${key} already exists`);
      throw error;
    }
    this.#current = next;
  }

  #fence(message: string): never {
    this.#fenced ??= new FencedError(this.#epoch, message);
    this.#logger.warn("lsm: writer fenced", { epoch: this.#epoch, reason: message });
    throw this.#fenced;
  }
}

export function compareEpochSeq(a: EpochSeq, b: EpochSeq): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

/** Wins epoch current + 1 (1 when WRITER_EPOCH is missing) by compare-and-swap. */
async function claimEpoch(store: ObjectStore, root: BranchRoot): Promise<bigint> {
  const key = writerEpochKey(root);
  for (let attempt = 0; attempt < lsmEpochClaimAttemptsMax; attempt++) {
    let meta: ObjectMeta | undefined;
    try {
      meta = await store.head(key);
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
    }
    try {
      if (meta === undefined) {
        await store.putIfAbsent(key, encodeWriterEpoch(1n));
        return 1n;
      }
      // The bytes read may be newer than the etag from head; then putIfMatch fails and we retry.
      const current = decodeWriterEpoch(await store.get(key), key);
      await store.putIfMatch(key, encodeWriterEpoch(current + 1n), meta.etag);
      return current + 1n;
    } catch (error) {
      const lostRace =
        error instanceof ObjectExistsError || error instanceof PreconditionFailedError;
      if (!lostRace) throw error;
    }
  }
  throw new FencedError(0n, `lost the WRITER_EPOCH race ${lsmEpochClaimAttemptsMax} times`);
}

async function listSsts(store: ObjectStore, root: BranchRoot): Promise<Map<string, ObjectMeta>> {
  const listed = await store.list(sstPrefix(root));
  return new Map(listed.map((meta) => [meta.key, meta]));
}

/**
 * The newest manifest that decodes, keeps the invariants and names only existing SSTs of the
 * recorded size; undefined for a new tree. Manifests exist but none is valid: CorruptionError
 * (starting empty would silently drop the data).
 */
async function loadNewest(
  options: ManifestStoreOptions,
  ssts: ReadonlyMap<string, ObjectMeta>,
): Promise<Manifest | undefined> {
  const { store, root, logger } = options;
  const listed = await store.list(manifestPrefix(root));
  const keys = listed
    .map((meta) => ({ key: meta.key, id: parseManifestKey(root, meta.key) }))
    .filter((entry): entry is { key: string; id: EpochSeq } => entry.id !== undefined)
    .sort((a, b) => compareEpochSeq(b.id, a.id));
  const problems: string[] = [];
  for (const { key, id } of keys) {
    const problem = await validateStored(store, root, key, id, ssts);
    if (typeof problem !== "string") return problem;
    logger.warn("lsm: skipping invalid manifest", { key, problem });
    problems.push(`${key}: ${problem}`);
  }
  if (problems.length > 0) {
    throw new CorruptionError(`no valid manifest under ${root}: ${problems.join("; ")}`);
  }
  return undefined;
}

async function validateStored(
  store: ObjectStore,
  root: BranchRoot,
  key: string,
  id: EpochSeq,
  ssts: ReadonlyMap<string, ObjectMeta>,
): Promise<Manifest | string> {
  let manifest: Manifest;
  try {
    manifest = decodeManifest(await store.get(key), key);
  } catch (error) {
    if (error instanceof CorruptionError || error instanceof ObjectNotFoundError) {
      return error.message;
    }
    throw error;
  }
  if (manifest.writerEpoch !== id.epoch || manifest.manifestSequence !== id.seq) {
    return "epoch or sequence differs from the object key";
  }
  const violations = checkManifestInvariants(manifest);
  if (violations.length > 0) return violations.map((v) => v.message).join(", ");
  for (const { sst } of manifestSsts(manifest)) {
    const meta = ssts.get(sstObjectKey(root, sst.id));
    if (meta === undefined) return `SST ${sst.id} is missing`;
    if (meta.size !== sst.sizeBytes) {
      return `SST ${sst.id} has ${meta.size} bytes, not ${sst.sizeBytes}`;
    }
  }
  return manifest;
}
