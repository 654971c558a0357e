/**
 * Builds the object store the engine and the binlog write through, from the configuration:
 *
 *   CachingObjectStore (S3 providers only: object ranges on local disk, src/cache/)
 *     → RetryingObjectStore (503s, timeouts, ambiguous writes resolved by reading back)
 *       → InstrumentedObjectStore (what really went over the wire: SHOW GLOBAL STATUS)
 *         → the provider: LocalObjectStore (a directory) or S3ObjectStore.
 *
 * For an S3 provider it also checks, once at start-up, that the store honours conditional
 * writes (If-None-Match / If-Match): fencing and never-overwrite depend on it. A store that
 * ignores them is refused unless objectstore_allow_unsafe_writes=ON, which logs what is lost.
 *
 * Credentials go to the SDK and nowhere else: nothing here logs them.
 */

import { CachingObjectStore } from "../cache/caching-object-store.ts";
import { PersistentCache } from "../cache/persistent-cache.ts";
import { probeConditionalWrites } from "../objectstore/conditional-write-probe.ts";
import { InstrumentedObjectStore } from "../objectstore/instrumented-object-store.ts";
import { LocalObjectStore } from "../objectstore/local-object-store.ts";
import type { ObjectStore } from "../objectstore/object-store.ts";
import type { BranchRoot } from "../objectstore/object-paths.ts";
import { RetryingObjectStore } from "../objectstore/retrying-object-store.ts";
import { S3ObjectStore } from "../objectstore/s3-object-store.ts";
import type { Clock } from "../util/clock.ts";
import { DbError } from "../util/errors.ts";
import type { LocalDisk } from "../util/local-disk.ts";
import type { Logger } from "../util/log.ts";
import type { Random } from "../util/random.ts";
import type { ObjectStoreCredentials, ObjectStoreProvider } from "../config/config.ts";

export interface ObjectStoreSettings {
  readonly provider: ObjectStoreProvider;
  /** S3 endpoint, or for `local` the directory ("" = <datadir>/objectstore). */
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly useHttps: boolean;
  readonly allowUnsafeWrites: boolean;
  readonly credentials: ObjectStoreCredentials | undefined;
  /** Budget of the local-disk cache (S3 providers); 0 = none. */
  readonly persistentCacheBytes: number;
  /** Its directory ("" = <datadir>/cache). */
  readonly persistentCacheDir: string;
}

export interface ObjectStoreServices {
  readonly disk: LocalDisk;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
}

/** The store stack and what it reports. */
export interface ObjectStoreStack {
  readonly store: ObjectStore;
  /** Where the objects are, for logs (never a credential). */
  readonly location: string;
  /** True for the S3 providers: the local disk holds only a cache and the binlog tail. */
  readonly remote: boolean;
  statusRows(): [string, string][];
  /** Releases the provider's connections. */
  close(): void;
}

/** The store does not honour conditional writes and unsafe writes were not allowed. */
export class UnsafeObjectStoreError extends DbError {}

export async function openObjectStoreStack(
  settings: ObjectStoreSettings,
  datadir: string,
  root: BranchRoot,
  services: ObjectStoreServices,
): Promise<ObjectStoreStack> {
  const { disk, clock, random, logger } = services;
  const remote = settings.provider !== "local";
  let provider: ObjectStore;
  let location: string;
  let s3: S3ObjectStore | undefined;
  if (remote) {
    provider = s3 = new S3ObjectStore({
      bucket: settings.bucket,
      region: settings.region,
      useHttps: settings.useHttps,
      ...(settings.endpoint === "" ? {} : { endpoint: settings.endpoint }),
      ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
    });
    const endpoint =
      settings.endpoint === ""
        ? `${settings.provider} ${settings.region}`
        : S3ObjectStore.endpointUrl(settings.endpoint, settings.useHttps);
    location = `s3://${settings.bucket}/${root} (${endpoint})`;
  } else {
    const directory = settings.endpoint === "" ? `${datadir}/objectstore` : settings.endpoint;
    provider = await LocalObjectStore.open(disk, directory);
    location = `${directory}/${root}`;
  }
  const instrumented = new InstrumentedObjectStore(provider, clock);
  const retrying = new RetryingObjectStore(instrumented, { clock, random, logger });
  let store: ObjectStore = retrying;
  let cache: PersistentCache | undefined;
  if (remote && settings.persistentCacheBytes > 0) {
    const directory =
      settings.persistentCacheDir === "" ? `${datadir}/cache` : settings.persistentCacheDir;
    await disk.mkdirp(directory);
    cache = await PersistentCache.open({
      disk,
      directory,
      capacityBytes: settings.persistentCacheBytes,
      logger,
    });
    store = new CachingObjectStore(retrying, cache);
  }
  if (remote) await checkConditionalWrites(retrying, root, settings, random, logger);
  return {
    store,
    location,
    remote,
    statusRows: () => [
      ...instrumented.statusRows(),
      ...retrying.statusRows(),
      ...(cache === undefined ? [] : cache.statusRows()),
    ],
    close: () => s3?.close(),
  };
}

/** Refuses a store that ignores If-None-Match / If-Match, unless told to run unsafely. */
async function checkConditionalWrites(
  store: ObjectStore,
  root: BranchRoot,
  settings: ObjectStoreSettings,
  random: Random,
  logger: Logger,
): Promise<void> {
  const token = Array.from(random.bytes(8), (b) => b.toString(16).padStart(2, "0")).join("");
  const honoured = await probeConditionalWrites(store, `${root}probe-conditional-writes-${token}`);
  if (honoured) return;
  const lost =
    "the store ignores conditional writes (If-None-Match / If-Match), so nothing stops a " +
    "second server on this branch from overwriting objects and WRITER_EPOCH fencing cannot work";
  if (!settings.allowUnsafeWrites) {
    throw new UnsafeObjectStoreError(
      `refusing to start: ${lost}; run one server per branch and set ` +
        "objectstore_allow_unsafe_writes=ON to start anyway",
    );
  }
  logger.warn("objectstore_allow_unsafe_writes=ON: starting without write protection", {
    consequence: lost,
  });
}
