/**
 * A small S3-compatible server for tests, benches and fault campaigns, on Bun.serve. It speaks
 * the subset S3ObjectStore uses, path-style only (`/bucket/key`), and accepts any signature:
 * CreateBucket, PutObject (If-None-Match: * and If-Match enforced as AWS S3 does: 412
 * PreconditionFailed, or 404 NoSuchKey for If-Match on a missing key), GetObject (Range; 416
 * InvalidRange when the range starts at or past the end), HeadObject, DeleteObject and
 * ListObjectsV2 (prefix, start-after, max-keys, continuation-token).
 *
 * Why our own: third-party test servers (s3rver) ignore conditional headers, and the engine's
 * safety rests on them; this one enforces them and injects faults (s3-faults.ts).
 *
 * Control over HTTP, for a server run as a separate process (main.ts): `PUT /__admin/faults`
 * with a JSON S3FaultOptions body changes the faults, `GET /__admin/stats` returns stats() as
 * JSON. S3 bucket names cannot start with '_', so these paths never collide with a bucket.
 *
 * Atomicity: the body of a PUT is read first; the precondition check and the write then run in
 * one synchronous step (S3BucketStore is synchronous), so no other request can interleave.
 */

import { S3BucketStore } from "./s3-bucket-store.ts";
import { type S3FaultOptions, S3Faults } from "./s3-faults.ts";
import { errorXml, listObjectsV2Xml } from "./s3-xml.ts";

export interface S3TestServerOptions {
  /** Default 0: the OS picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly hostname?: string;
  /** Mirror objects to this directory, so they survive a restart of the server. */
  readonly dir?: string;
  /** Buckets created at start. */
  readonly buckets?: readonly string[];
  readonly faults?: S3FaultOptions;
  /** Wall clock for Last-Modified; default Date.now. */
  readonly nowMs?: () => number;
  /** Most keys one ListObjectsV2 page returns, whatever max-keys asks; default 1000 (as S3).
   * A small value exercises a client's continuation-token loop cheaply. */
  readonly listPageKeysMax?: number;
  /** Also count requests per key class, the name this returns for a request's key ('' for
   * bucket-level requests such as listings); for benches that split figures by key prefix. */
  readonly keyClass?: (key: string) => string;
}

export type S3OperationKind =
  | "createBucket"
  | "putObject"
  | "getObject"
  | "headObject"
  | "deleteObject"
  | "listObjects"
  | "unsupported";

export interface S3OperationStats {
  requests: number;
  bytesIn: number;
  bytesOut: number;
  /** Answers with a status of 400 or more, injected faults included. */
  errors: number;
}

export interface S3TestServerStats {
  readonly operations: Readonly<Record<S3OperationKind, Readonly<S3OperationStats>>>;
  /** Requests refused with an injected 503 (outage or failureRate). */
  readonly injectedUnavailable: number;
  /** PUTs applied and then answered with an injected 500. */
  readonly injectedAmbiguousPuts: number;
  /** Requests held for stallMs before being carried out. */
  readonly injectedStalls: number;
  /** Requests per key class and operation kind; only with S3TestServerOptions.keyClass. */
  readonly requestsByKeyClass?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface S3TestServer {
  /** Endpoint URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Closes the listener and every open connection. */
  stop(): Promise<void>;
  setFaults(faults: S3FaultOptions): void;
  /** A snapshot of the counters since start. */
  stats(): S3TestServerStats;
  createBucket(bucket: string): void;
}

interface ParsedRequest {
  readonly kind: S3OperationKind;
  readonly bucket: string;
  readonly key: string;
  readonly request: Request;
  readonly url: URL;
}

const adminPathPrefix = "/__admin/";

const operationKinds: readonly S3OperationKind[] = [
  "createBucket",
  "putObject",
  "getObject",
  "headObject",
  "deleteObject",
  "listObjects",
  "unsupported",
];

export async function startS3TestServer(options: S3TestServerOptions = {}): Promise<S3TestServer> {
  const store = new S3BucketStore(options.dir);
  for (const bucket of options.buckets ?? []) store.createBucket(bucket);
  const handler = new S3RequestHandler(store, new S3Faults(options.faults), options);
  const server = Bun.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 0,
    maxRequestBodySize: 6 * 1024 * 1024 * 1024,
    // Stalled requests (fault injection) may stay silent longer than Bun's 10 s default.
    idleTimeout: 0,
    fetch: (request) => handler.handle(request),
  });
  const port = server.port;
  if (port === undefined) throw new Error("the test S3 server has no port");
  return {
    url: `http://${options.hostname ?? "127.0.0.1"}:${port}`,
    port,
    stop: async () => {
      await server.stop(true);
    },
    setFaults: (faults) => handler.faults.set(faults),
    stats: () => handler.stats(),
    createBucket: (bucket) => store.createBucket(bucket),
  };
}

class S3RequestHandler {
  readonly #store: S3BucketStore;
  readonly faults: S3Faults;
  readonly #nowMs: () => number;
  readonly #listPageKeysMax: number;
  readonly #keyClass: ((key: string) => string) | undefined;
  readonly #byKeyClass = new Map<string, Map<S3OperationKind, number>>();
  readonly #operations = new Map<S3OperationKind, S3OperationStats>();
  #injectedUnavailable = 0;
  #injectedAmbiguousPuts = 0;
  #injectedStalls = 0;
  #requestCount = 0;

  constructor(store: S3BucketStore, faults: S3Faults, options: S3TestServerOptions) {
    this.#store = store;
    this.faults = faults;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#listPageKeysMax = options.listPageKeysMax ?? 1000;
    this.#keyClass = options.keyClass;
    for (const kind of operationKinds) {
      this.#operations.set(kind, { requests: 0, bytesIn: 0, bytesOut: 0, errors: 0 });
    }
  }

  stats(): S3TestServerStats {
    const operations = Object.fromEntries(
      operationKinds.map((kind) => [kind, { ...this.#counters(kind) }]),
    ) as Record<S3OperationKind, S3OperationStats>;
    return {
      operations,
      injectedUnavailable: this.#injectedUnavailable,
      injectedAmbiguousPuts: this.#injectedAmbiguousPuts,
      injectedStalls: this.#injectedStalls,
      ...(this.#keyClass === undefined ? {} : { requestsByKeyClass: this.#keyClassCounts() }),
    };
  }

  #keyClassCounts(): Record<string, Record<string, number>> {
    return Object.fromEntries(
      [...this.#byKeyClass].map(([name, kinds]) => [name, Object.fromEntries(kinds)]),
    );
  }

  async handle(request: Request): Promise<Response> {
    if (new URL(request.url).pathname.startsWith(adminPathPrefix)) return this.#admin(request);
    const parsed = parseRequest(request);
    const counters = this.#counters(parsed.kind);
    counters.requests++;
    if (this.#keyClass !== undefined) {
      const name = this.#keyClass(parsed.key);
      let kinds = this.#byKeyClass.get(name);
      if (kinds === undefined) this.#byKeyClass.set(name, (kinds = new Map()));
      kinds.set(parsed.kind, (kinds.get(parsed.kind) ?? 0) + 1);
    }
    const response = await this.#answer(parsed, counters);
    if (response.status >= 400) counters.errors++;
    return response;
  }

  async #admin(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname.slice(adminPathPrefix.length);
    if (path === "stats" && request.method === "GET") return Response.json(this.stats());
    if (path === "faults" && request.method === "PUT") {
      try {
        this.faults.set((await request.json()) as S3FaultOptions);
      } catch (error) {
        return new Response(String(error), { status: 400 });
      }
      return new Response(null, { status: 204 });
    }
    return new Response(`no admin endpoint ${request.method} ${path}`, { status: 404 });
  }

  async #answer(parsed: ParsedRequest, counters: S3OperationStats): Promise<Response> {
    if (this.faults.refuse()) {
      this.#injectedUnavailable++;
      return this.#error(parsed, 503, "SlowDown", "Please reduce your request rate.");
    }
    const stallMs = this.faults.stall();
    if (stallMs > 0) this.#injectedStalls++;
    const delayMs = this.faults.latencyMs + stallMs;
    if (delayMs > 0) await Bun.sleep(delayMs);
    switch (parsed.kind) {
      case "createBucket":
        this.#store.createBucket(parsed.bucket);
        return new Response(null, { status: 200, headers: { Location: `/${parsed.bucket}` } });
      case "putObject":
        return this.#putObject(parsed, counters);
      case "getObject":
      case "headObject":
        return this.#getObject(parsed, counters);
      case "deleteObject":
        if (!this.#store.hasBucket(parsed.bucket)) return this.#noSuchBucket(parsed);
        this.#store.delete(parsed.bucket, parsed.key);
        return new Response(null, { status: 204 });
      case "listObjects":
        return this.#listObjects(parsed, counters);
      case "unsupported":
        return this.#error(parsed, 501, "NotImplemented", "not supported by the test server");
    }
  }

  async #putObject(parsed: ParsedRequest, counters: S3OperationStats): Promise<Response> {
    const { request, bucket, key } = parsed;
    const sha = request.headers.get("x-amz-content-sha256") ?? "";
    if (sha.startsWith("STREAMING-") || request.headers.get("content-encoding") === "aws-chunked") {
      // Storing the chunk framing as data is the bug this refusal makes visible.
      return this.#error(parsed, 501, "NotImplemented", "aws-chunked uploads are not supported");
    }
    const bytes = new Uint8Array(await request.arrayBuffer());
    counters.bytesIn += bytes.length;
    // From here to the write there is no await: check-and-set is atomic per key.
    if (!this.#store.hasBucket(bucket)) return this.#noSuchBucket(parsed);
    const current = this.#store.get(bucket, key);
    const ifNoneMatch = request.headers.get("if-none-match");
    const ifMatch = request.headers.get("if-match");
    if (ifNoneMatch !== null) {
      if (ifNoneMatch.trim() !== "*") {
        return this.#error(parsed, 501, "NotImplemented", "If-None-Match supports only *");
      }
      if (current !== undefined) return this.#preconditionFailed(parsed, "If-None-Match");
    }
    if (ifMatch !== null) {
      if (current === undefined) {
        return this.#error(parsed, 404, "NoSuchKey", "The specified key does not exist.");
      }
      if (!etagMatches(ifMatch, current.etag)) return this.#preconditionFailed(parsed, "If-Match");
    }
    const stored = this.#store.put(bucket, key, bytes, this.#nowMs());
    if (this.faults.ambiguous()) {
      this.#injectedAmbiguousPuts++;
      return this.#error(parsed, 500, "InternalError", "We encountered an internal error.");
    }
    return new Response(null, { status: 200, headers: { ETag: stored.etag } });
  }

  #getObject(parsed: ParsedRequest, counters: S3OperationStats): Response {
    const head = parsed.kind === "headObject";
    if (!this.#store.hasBucket(parsed.bucket)) return this.#noSuchBucket(parsed, head);
    const object = this.#store.get(parsed.bucket, parsed.key);
    if (object === undefined) {
      return this.#error(parsed, 404, "NoSuchKey", "The specified key does not exist.", head);
    }
    const size = object.bytes.length;
    const headers: Record<string, string> = {
      ETag: object.etag,
      "Last-Modified": new Date(object.lastModifiedMs).toUTCString(),
      "Content-Type": "application/octet-stream",
      "Accept-Ranges": "bytes",
    };
    const range = head ? undefined : parseRange(parsed.request.headers.get("range"), size);
    if (range === "unsatisfiable") {
      return this.#error(parsed, 416, "InvalidRange", "The requested range is not satisfiable");
    }
    if (range === undefined) {
      if (!head) counters.bytesOut += size;
      // Bun sends HEAD answers without the body but with its Content-Length.
      return new Response(object.bytes, { status: 200, headers });
    }
    headers["Content-Range"] = `bytes ${range.start}-${range.end}/${size}`;
    const body = object.bytes.subarray(range.start, range.end + 1);
    counters.bytesOut += body.length;
    return new Response(body, { status: 206, headers });
  }

  #listObjects(parsed: ParsedRequest, counters: S3OperationStats): Response {
    const { bucket, url } = parsed;
    if (!this.#store.hasBucket(bucket)) return this.#noSuchBucket(parsed);
    const query = url.searchParams;
    if (query.get("list-type") !== "2" || query.has("delimiter")) {
      return this.#error(parsed, 501, "NotImplemented", "only ListObjectsV2 without delimiter");
    }
    const prefix = query.get("prefix") ?? "";
    const startAfter = query.get("start-after") ?? undefined;
    const token = query.get("continuation-token") ?? undefined;
    const maxKeysText = query.get("max-keys") ?? "1000";
    if (!/^\d+$/.test(maxKeysText)) {
      return this.#error(parsed, 400, "InvalidArgument", "max-keys must be a non-negative integer");
    }
    // S3 ignores start-after once a continuation token says where the last page ended.
    const after = token !== undefined ? decodeToken(token) : (startAfter ?? "");
    const keys = this.#store.keys(bucket, prefix).filter((key) => key > after);
    const maxKeys = Number(maxKeysText);
    const page = keys.slice(0, Math.min(maxKeys, this.#listPageKeysMax));
    const last = page[page.length - 1];
    const truncated = keys.length > page.length && last !== undefined;
    const xml = listObjectsV2Xml({
      bucket,
      prefix,
      startAfter,
      continuationToken: token,
      nextContinuationToken: truncated ? encodeToken(last) : undefined,
      maxKeys,
      entries: page.flatMap((key) => {
        const object = this.#store.get(bucket, key);
        return object === undefined ? [] : [{ key, object }];
      }),
    });
    const body = new TextEncoder().encode(xml);
    counters.bytesOut += body.length;
    return new Response(body, { status: 200, headers: { "Content-Type": "application/xml" } });
  }

  #preconditionFailed(parsed: ParsedRequest, condition: string): Response {
    const message = "At least one of the pre-conditions you specified did not hold";
    return this.#error(parsed, 412, "PreconditionFailed", `${message} (${condition})`);
  }

  #noSuchBucket(parsed: ParsedRequest, head = false): Response {
    return this.#error(parsed, 404, "NoSuchBucket", "The specified bucket does not exist", head);
  }

  #error(parsed: ParsedRequest, status: number, code: string, message: string, head = false) {
    const requestId = `test-${++this.#requestCount}`;
    const resource = parsed.key === "" ? `/${parsed.bucket}` : `/${parsed.bucket}/${parsed.key}`;
    const headers = { "Content-Type": "application/xml", "x-amz-request-id": requestId };
    // HEAD answers carry no body; clients read the status alone.
    const body = head || parsed.request.method === "HEAD"
      ? null
      : errorXml(code, message, resource, requestId);
    return new Response(body, { status, headers });
  }

  #counters(kind: S3OperationKind): S3OperationStats {
    const counters = this.#operations.get(kind);
    if (counters === undefined) throw new Error(`no counters for ${kind}`);
    return counters;
  }
}

function parseRequest(request: Request): ParsedRequest {
  const url = new URL(request.url);
  const path = url.pathname.slice(1);
  const slash = path.indexOf("/");
  const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
  const key = slash < 0 ? "" : decodeURIComponent(path.slice(slash + 1));
  const kind = operationKind(request.method, bucket, key, url);
  return { kind, bucket, key, request, url };
}

function operationKind(method: string, bucket: string, key: string, url: URL): S3OperationKind {
  if (bucket === "") return "unsupported";
  // Sub-resources (?acl, ?uploads, ?tagging ...) are not implemented; refuse them loudly.
  const subresource = [...url.searchParams.keys()].some(
    (name) => !["list-type", "prefix", "start-after", "max-keys", "continuation-token",
      "delimiter", "encoding-type", "x-id", "fetch-owner"].includes(name),
  );
  if (subresource) return "unsupported";
  if (key === "") {
    if (method === "PUT") return "createBucket";
    if (method === "GET") return "listObjects";
    return "unsupported";
  }
  if (method === "PUT") return "putObject";
  if (method === "GET") return "getObject";
  if (method === "HEAD") return "headObject";
  if (method === "DELETE") return "deleteObject";
  return "unsupported";
}

/** A byte range within an object of `size` bytes; undefined = the whole object (no or an
 * unparseable Range header, which S3 ignores). */
function parseRange(
  header: string | null,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  if (header === null) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "") {
    if (last === "") return undefined;
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Number(last);
  if (end < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const unquote = (value: string): string => value.trim().replace(/^"(.*)"$/, "$1");
  return header.split(",").some((candidate) => unquote(candidate) === unquote(etag));
}

function encodeToken(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

function decodeToken(token: string): string {
  return Buffer.from(token, "base64url").toString("utf8");
}
