/**
 * S3ObjectStore: the ObjectStore contract on an S3-compatible bucket (AWS S3, MinIO, R2) through
 * `@aws-sdk/client-s3`.
 *
 * Invariants and choices:
 * - Conditional writes are the server's: putIfAbsent sends `If-None-Match: *`, putIfMatch sends
 *   `If-Match: <etag>`. Nothing here emulates them, so a store that ignores those headers is
 *   unsafe; conditional-write-probe.ts detects that at start-up.
 * - Etags are kept exactly as S3 returns them (quoted) and compared for equality only; the etag
 *   a put returns equals what head and list report for the same object.
 * - lastModifiedMs is truncated to whole seconds: HEAD reports an HTTP date (second precision)
 *   while ListObjectsV2 may report milliseconds, and head and list must agree.
 * - The SDK never retries (maxAttempts 1) and never adds checksums it is not required to
 *   (some servers would store aws-chunked framing as data); retries are a decorator's job.
 * - Every failure is one of object-store-errors.ts. No message includes a credential.
 * Concurrency: any number of calls may run at once; the SDK client is shared and stateless.
 */

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  type _Object as S3ListEntry,
} from "@aws-sdk/client-s3";
import { s3ListPageKeysMax, s3RequestTimeoutMsDefault } from "../constants.ts";
import { assert } from "../util/assert.ts";
import type { ListOptions, ObjectMeta, ObjectStore } from "./object-store.ts";
import { validateObjectKey, validateObjectPrefix } from "./object-key.ts";
import {
  InvalidRangeError,
  ObjectExistsError,
  ObjectNotFoundError,
  ObjectStoreError,
  ObjectStoreUnavailableError,
  PreconditionFailedError,
} from "./object-store-errors.ts";

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface S3ObjectStoreOptions {
  readonly bucket: string;
  /** Default "us-east-1". */
  readonly region?: string;
  /** A custom endpoint (MinIO, R2, a test server): a URL, or a bare host:port completed with
   * `useHttps`. When present, requests use path-style addressing (`/bucket/key`). */
  readonly endpoint?: string;
  /** Scheme for a bare host:port endpoint; default true. Ignored when endpoint is a URL. */
  readonly useHttps?: boolean;
  /** Static credentials; when absent the SDK's default provider chain is used. */
  readonly credentials?: S3Credentials;
  /** Connection and request timeout per call, ms; default s3RequestTimeoutMsDefault. */
  readonly requestTimeoutMs?: number;
}

export class S3ObjectStore implements ObjectStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  /** Credential strings scrubbed from every error message. */
  readonly #secrets: readonly string[];

  constructor(options: S3ObjectStoreOptions) {
    assert(options.bucket.length > 0, "S3ObjectStore needs a bucket name");
    const timeoutMs = options.requestTimeoutMs ?? s3RequestTimeoutMsDefault;
    assert(Number.isInteger(timeoutMs) && timeoutMs > 0, "requestTimeoutMs must be positive");
    this.#bucket = options.bucket;
    this.#client = new S3Client(clientConfig(options, timeoutMs));
    const { accessKeyId = "", secretAccessKey = "" } = options.credentials ?? {};
    this.#secrets = [accessKeyId, secretAccessKey].filter((secret) => secret.length > 0);
  }

  /** The endpoint URL requests go to, for logs (it holds no credential). */
  static endpointUrl(endpoint: string, useHttps: boolean): string {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) return endpoint;
    return `${useHttps ? "https" : "http"}://${endpoint}`;
  }

  async get(key: string): Promise<Uint8Array> {
    validateObjectKey(key);
    try {
      const output = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
      );
      return await readBody(output.Body);
    } catch (error) {
      return this.#fail("get", key, error);
    }
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    validateObjectKey(key);
    assert(Number.isSafeInteger(offset) && offset >= 0, "getRange offset must be >= 0");
    assert(Number.isSafeInteger(length) && length >= 0, "getRange length must be >= 0");
    // S3 has no empty range; a HEAD still gives the contract's not-found and range errors.
    if (length === 0) return this.#emptyRange(key, offset);
    try {
      const output = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Range: `bytes=${offset}-${offset + length - 1}`,
        }),
      );
      const body = await readBody(output.Body);
      return rangeOf(key, body, output.ContentRange, offset, length);
    } catch (error) {
      if (!isInvalidRange(error)) return this.#fail("getRange", key, error);
    }
    // 416: the range starts at or past the end. At the end is an empty read, past it an error.
    return this.#emptyRange(key, offset, true);
  }

  async #emptyRange(key: string, offset: number, after416 = false): Promise<Uint8Array> {
    const { size } = await this.head(key);
    if (offset > size) throw new InvalidRangeError(key, offset, size);
    if (after416 && offset < size) {
      // The object grew between the GET and the HEAD; a retry reads it consistently.
      throw new ObjectStoreUnavailableError(`object ${key} changed during a ranged read`);
    }
    return new Uint8Array(0);
  }

  async head(key: string): Promise<ObjectMeta> {
    validateObjectKey(key);
    try {
      const output = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: key }),
      );
      return {
        key,
        size: output.ContentLength ?? 0,
        etag: requiredEtag(output.ETag, key),
        lastModifiedMs: wholeSecondsMs(output.LastModified),
      };
    } catch (error) {
      return this.#fail("head", key, error);
    }
  }

  put(key: string, bytes: Uint8Array): Promise<string> {
    return this.#put("put", key, bytes, {});
  }

  putIfAbsent(key: string, bytes: Uint8Array): Promise<string> {
    return this.#put("putIfAbsent", key, bytes, { IfNoneMatch: "*" });
  }

  putIfMatch(key: string, bytes: Uint8Array, etag: string): Promise<string> {
    return this.#put("putIfMatch", key, bytes, { IfMatch: etag });
  }

  async #put(
    operation: S3Operation,
    key: string,
    bytes: Uint8Array,
    condition: { readonly IfNoneMatch?: string; readonly IfMatch?: string },
  ): Promise<string> {
    validateObjectKey(key);
    try {
      const output = await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: "application/octet-stream",
          ...condition,
        }),
      );
      return requiredEtag(output.ETag, key);
    } catch (error) {
      return this.#fail(operation, key, error, condition.IfMatch);
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<readonly ObjectMeta[]> {
    validateObjectPrefix(prefix);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    assert(limit > 0, "list limit must be positive");
    const result: ObjectMeta[] = [];
    let continuationToken: string | undefined;
    do {
      const maxKeys = Math.min(s3ListPageKeysMax, limit - result.length);
      const page = await this.#listPage(prefix, options.startAfter, continuationToken, maxKeys);
      for (const entry of page.Contents ?? []) result.push(listedMeta(entry));
      continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      if (page.IsTruncated === true && continuationToken === undefined) {
        throw new ObjectStoreError(`S3 list ${JSON.stringify(prefix)}: truncated, but no token`);
      }
    } while (continuationToken !== undefined && result.length < limit);
    return result.length > limit ? result.slice(0, limit) : result;
  }

  async #listPage(
    prefix: string,
    startAfter: string | undefined,
    continuationToken: string | undefined,
    maxKeys: number,
  ): Promise<ListObjectsV2CommandOutput> {
    try {
      return await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          MaxKeys: maxKeys,
          ...(prefix === "" ? {} : { Prefix: prefix }),
          ...(startAfter === undefined || startAfter === "" ? {} : { StartAfter: startAfter }),
          ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
        }),
      );
    } catch (error) {
      return this.#fail("list", prefix, error);
    }
  }

  async delete(key: string): Promise<void> {
    validateObjectKey(key);
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
    } catch (error) {
      this.#fail("delete", key, error);
    }
  }

  #fail(operation: S3Operation, key: string, error: unknown, etag = ""): never {
    throw mapS3Error(operation, key, error, etag, this.#secrets);
  }

  /** Closes the client's pooled connections. The store must not be used afterwards. */
  close(): void {
    this.#client.destroy();
  }
}

function clientConfig(options: S3ObjectStoreOptions, timeoutMs: number): S3ClientConfig {
  return {
    region: options.region ?? "us-east-1",
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: S3ObjectStore.endpointUrl(options.endpoint, options.useHttps ?? true),
          forcePathStyle: true,
        }),
    ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
    // Without these the SDK adds CRC32 trailers in aws-chunked encoding, which some
    // S3-compatible servers store as part of the object.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

async function readBody(body: { transformToByteArray(): Promise<Uint8Array> } | undefined) {
  if (body === undefined) return new Uint8Array(0);
  return body.transformToByteArray();
}

/**
 * The requested bytes out of a ranged GET's body. Some servers answer a wider range than asked
 * (s3rver sends the whole object for `bytes=0-0`, with a Content-Range saying so) or ignore
 * Range altogether (200, no Content-Range); the asked-for bytes are then cut out here. A body
 * that does not contain the asked-for start is refused.
 */
function rangeOf(
  key: string,
  body: Uint8Array,
  contentRange: string | undefined,
  offset: number,
  length: number,
): Uint8Array {
  let bodyStart = 0;
  if (contentRange !== undefined) {
    const match = /^bytes (\d+)-(\d+)\//.exec(contentRange);
    bodyStart = Number(match?.[1] ?? Number.NaN);
    const bodyEnd = Number(match?.[2] ?? Number.NaN);
    if (!(bodyStart <= offset && bodyEnd - bodyStart + 1 === body.length)) {
      throw new ObjectStoreError(
        `S3 getRange ${JSON.stringify(key)}: asked for ${length} bytes at ${offset}, ` +
          `got ${body.length} bytes of range ${JSON.stringify(contentRange)}`,
      );
    }
  } else if (offset > body.length) {
    throw new InvalidRangeError(key, offset, body.length);
  }
  if (bodyStart === offset && body.length <= length) return body;
  return body.subarray(offset - bodyStart, offset - bodyStart + length);
}

function isInvalidRange(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 416 || (error as { name?: unknown }).name === "InvalidRange";
}

function requiredEtag(etag: string | undefined, key: string): string {
  if (etag === undefined || etag.length === 0) {
    throw new ObjectStoreError(`S3 returned no ETag for ${key}`);
  }
  return etag;
}

function wholeSecondsMs(date: Date | undefined): number {
  if (date === undefined) return 0;
  return Math.floor(date.getTime() / 1000) * 1000;
}

function listedMeta(entry: S3ListEntry): ObjectMeta {
  assert(entry.Key !== undefined, "ListObjectsV2 entry without a Key");
  return {
    key: entry.Key,
    size: entry.Size ?? 0,
    etag: requiredEtag(entry.ETag, entry.Key),
    lastModifiedMs: wholeSecondsMs(entry.LastModified),
  };
}


type S3Operation = "get" | "getRange" | "head" | "put" | "putIfAbsent" | "putIfMatch" | "list" |
  "delete";

/** S3 error codes that mean "try again later" whatever their HTTP status. */
const retryableCodes = new Set(["SlowDown", "ServiceUnavailable", "InternalError",
  "RequestTimeout", "RequestTimeoutException", "TimeoutError", "ConditionalRequestConflict",
  "OperationAborted"]);

/** Transport failures (no HTTP response at all) that a retry may cure. */
const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE",
  "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "EAI_AGAIN", "ConnectionRefused",
  "ConnectionClosed", "UND_ERR_SOCKET"]);

const retryableStatuses = new Set([408, 409, 429, 500, 502, 503, 504]);

/** Maps an SDK or transport failure onto object-store-errors.ts. Exported for tests. */
export function mapS3Error(
  operation: S3Operation,
  key: string,
  error: unknown,
  etag: string,
  secrets: readonly string[],
): ObjectStoreError {
  // Our own checks of an answer (a missing etag, a wrong range) are already typed.
  if (error instanceof ObjectStoreError) return error;
  const fields = error as { $metadata?: { httpStatusCode?: number }; name?: unknown };
  const status = fields.$metadata?.httpStatusCode;
  const code = errorCode(error);
  const options = { cause: error };
  // A missing bucket is a configuration error, never "no such object" or a lost condition.
  const missingObject = status === 404 && code !== "NoSuchBucket";
  if (operation === "putIfMatch" && (status === 412 || missingObject)) {
    return new PreconditionFailedError(key, etag, options);
  }
  if (operation === "putIfAbsent" && status === 412) return new ObjectExistsError(key, options);
  if (missingObject) return new ObjectNotFoundError(key, options);
  const what = `S3 ${operation} ${JSON.stringify(key)}`;
  const detail = redact(messageOf(error), secrets);
  if (status === undefined) {
    if (networkCodes.has(code) || retryableCodes.has(code)) {
      return new ObjectStoreUnavailableError(`${what}: ${code}: ${detail}`, options);
    }
    return new ObjectStoreError(`${what} failed without an HTTP response: ${code}: ${detail}`, {
      cause: error,
    });
  }
  if (retryableStatuses.has(status) || retryableCodes.has(code)) {
    return new ObjectStoreUnavailableError(`${what}: ${code} (HTTP ${status}): ${detail}`, options);
  }
  return new ObjectStoreError(`${what} failed: ${code} (HTTP ${status}): ${detail}`, options);
}

function errorCode(error: unknown): string {
  const fields = error as { code?: unknown; Code?: unknown; name?: unknown };
  for (const candidate of [fields.Code, fields.code, fields.name]) {
    if (typeof candidate === "string" && candidate.length > 0 && candidate !== "Error") {
      return candidate;
    }
  }
  return "UnknownError";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Replaces every configured credential string with "[redacted]". */
function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join("[redacted]");
  return result;
}
