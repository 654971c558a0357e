/**
 * Typed failures of an ObjectStore. Every provider (memory, local, S3) maps its own failures to
 * exactly these, so callers handle one set: a missing key, a lost conditional create, a lost
 * compare-and-swap, a store that is temporarily unavailable (S3 503/timeouts), a bad request.
 */

import { DbError } from "../util/errors.ts";

/** Base class of every object-store failure. */
export class ObjectStoreError extends DbError {}

/** The key does not exist (S3 404 NoSuchKey). */
export class ObjectNotFoundError extends ObjectStoreError {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`object not found: ${key}`, options);
  }
}

/** putIfAbsent lost: the key already exists (S3 412 on If-None-Match: *). Nothing was written. */
export class ObjectExistsError extends ObjectStoreError {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`object already exists: ${key}`, options);
  }
}

/** putIfMatch lost: the object is missing or its etag is not the expected one (S3 412). */
export class PreconditionFailedError extends ObjectStoreError {
  constructor(
    readonly key: string,
    readonly expectedEtag: string,
    options?: { cause?: unknown },
  ) {
    super(`precondition failed: ${key} no longer has etag ${expectedEtag}`, options);
  }
}

/** The store could not be reached or refused for now (S3 503 SlowDown, timeouts); retryable. */
export class ObjectStoreUnavailableError extends ObjectStoreError {}

/** The key breaks the naming rules (see object-key.ts). A caller bug or hostile input. */
export class InvalidObjectKeyError extends ObjectStoreError {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
  }
}

/** A ranged read starts beyond the end of the object (S3 416 InvalidRange). */
export class InvalidRangeError extends ObjectStoreError {
  constructor(
    readonly key: string,
    readonly offset: number,
    readonly size: number,
  ) {
    super(`range starts at ${offset}, beyond the ${size}-byte object ${key}`);
  }
}
