/**
 * S3ObjectStore against two real S3-compatible servers, each run as a child process: the
 * project's test S3 server (test/support/s3-server/, enforces conditional writes and injects
 * faults, controlled over its /__admin/ endpoints) and s3rver (npm; ignores If-None-Match and
 * If-Match, so those cases are skipped there). Child processes rather than imports because src/
 * may not import test/ (tidy), and because that is how the server meets S3 anyway: over HTTP.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeConditionalWrites } from "./conditional-write-probe.ts";
import { objectStoreContract } from "./object-store-contract.ts";
import {
  ObjectExistsError,
  ObjectNotFoundError,
  ObjectStoreError,
  ObjectStoreUnavailableError,
  PreconditionFailedError,
} from "./object-store-errors.ts";
import { S3ObjectStore, mapS3Error } from "./s3-object-store.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
// Distinctive so a leak into any message is found by a substring search.
const credentials = { accessKeyId: "AKIATESTKEYID4711", secretAccessKey: "sEcReT/key+Value0815" };
/** s3rver's fixed development credentials (it checks signatures against them). */
const s3rverCredentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const bunPath = join(repoRoot, "node_modules/.bin/bun");
const testServerMain = join(repoRoot, "test/support/s3-server/main.ts");
const s3rverMain = join(repoRoot, "node_modules/s3rver/bin/s3rver.js");
const nodePath = Bun.which("node");

interface ServerProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** Runs `command` and waits for it to print "listening on [http://]127.0.0.1:PORT". */
async function spawnServer(command: string[]): Promise<ServerProcess> {
  const child = Bun.spawn(command, { stdout: "pipe", stderr: "inherit" });
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`${command.join(" ")} exited before listening: ${seen}`);
    seen += decoder.decode(value, { stream: true });
    const port = /listening on (?:http:\/\/)?127\.0\.0\.1:(\d+)/.exec(seen)?.[1];
    if (port === undefined) continue;
    reader.releaseLock();
    return {
      url: `http://127.0.0.1:${port}`,
      stop: async () => {
        child.kill();
        await child.exited;
      },
    };
  }
}

const startTestServer = (...args: string[]): Promise<ServerProcess> =>
  spawnServer([bunPath, testServerMain, "--port=0", ...args]);

async function adminRequest(url: string, method: string, path: string, body?: object) {
  const init = body === undefined ? { method } : { method, body: JSON.stringify(body) };
  const response = await fetch(`${url}/__admin/${path}`, init);
  expect(response.ok).toBe(true);
  return response;
}

let server: ServerProcess | undefined;
let bucketCount = 0;
const stores: S3ObjectStore[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const store of stores) store.close();
  await server?.stop();
});

function serverUrl(): string {
  if (server === undefined) throw new Error("test S3 server not started");
  return server.url;
}

const setFaults = async (faults: object): Promise<void> => {
  await adminRequest(serverUrl(), "PUT", "faults", faults);
};

async function listRequests(url: string): Promise<number> {
  const stats = await (await adminRequest(url, "GET", "stats")).json();
  return (stats as { operations: { listObjects: { requests: number } } }).operations.listObjects
    .requests;
}

/** A store on a fresh, empty bucket of the test server. */
async function freshStore(requestTimeoutMs = 5_000): Promise<S3ObjectStore> {
  const bucket = `bucket-${++bucketCount}`;
  const created = await fetch(`${serverUrl()}/${bucket}`, { method: "PUT" });
  expect(created.status).toBe(200);
  const store = new S3ObjectStore({ bucket, endpoint: serverUrl(), credentials, requestTimeoutMs });
  stores.push(store);
  return store;
}

objectStoreContract("S3ObjectStore on the test S3 server", () => freshStore());

describe.skipIf(nodePath === null)("S3ObjectStore on s3rver", () => {
  let s3rver: ServerProcess | undefined;
  let admin: S3Client | undefined;
  const dir = mkdtempSync(join(tmpdir(), "wesql-s3rver-"));
  beforeAll(async () => {
    // s3rver names its list-token cipher "des": unknown to Bun's BoringSSL, and allowed by
    // Node >= 17 only with the legacy provider. So it runs under Node with that flag.
    s3rver = await spawnServer([
      nodePath ?? "node",
      "--openssl-legacy-provider",
      s3rverMain,
      ...["-d", dir, "-a", "127.0.0.1", "-p", "0", "-s"],
    ]);
    admin = new S3Client({
      region: "us-east-1",
      endpoint: s3rver.url,
      forcePathStyle: true,
      credentials: s3rverCredentials,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  });
  afterAll(async () => {
    admin?.destroy();
    await s3rver?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = async (): Promise<S3ObjectStore> => {
    if (s3rver === undefined || admin === undefined) throw new Error("s3rver not started");
    const bucket = `s3rver-${++bucketCount}`;
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    const endpoint = s3rver.url;
    const store = new S3ObjectStore({ bucket, endpoint, credentials: s3rverCredentials });
    stores.push(store);
    return store;
  };

  // s3rver ignores If-None-Match and If-Match, so the cases that need them refused are skipped.
  objectStoreContract("S3ObjectStore on s3rver", open, {
    enforcesConditionalWrites: false,
    sortsListings: false,
  });

  it("is detected by the conditional-write probe as unsafe", async () => {
    const store = await open();
    expect(await probeConditionalWrites(store, "probe/s3rver")).toBe(false);
    expect(await store.list("")).toEqual([]);
  });
});

describe("S3ObjectStore specifics", () => {
  it("returns S3's quoted MD5 etag, the same from put, head and list", async () => {
    const store = await freshStore();
    const etag = await store.putIfAbsent("e/1", text("hello"));
    expect(etag).toBe('"5d41402abc4b2a76b9719d911017c592"');
    expect((await store.head("e/1")).etag).toBe(etag);
    expect((await store.list("e/"))[0]?.etag).toBe(etag);
  });

  it("follows continuation tokens across short pages, and stops at the limit", async () => {
    // S3 may return fewer keys than MaxKeys; this server returns at most 3 per page.
    const shortPages = await startTestServer("--bucket=b", "--list-page-keys-max=3");
    const store = new S3ObjectStore({ bucket: "b", endpoint: shortPages.url, credentials });
    try {
      const keys = Array.from({ length: 10 }, (_, i) => `many/${String(i).padStart(2, "0")}`);
      await Promise.all(keys.map((key) => store.put(key, text("x"))));
      expect((await store.list("many/")).map((meta) => meta.key)).toEqual(keys);
      expect(await listRequests(shortPages.url)).toBe(4);
      const limited = await store.list("many/", { limit: 7, startAfter: "many/01" });
      expect(limited.map((meta) => meta.key)).toEqual(keys.slice(2, 9));
      expect(await listRequests(shortPages.url)).toBe(7);
    } finally {
      store.close();
      await shortPages.stop();
    }
  });

  it("is found safe by the conditional-write probe, which leaves nothing behind", async () => {
    const store = await freshStore();
    expect(await probeConditionalWrites(store, "probe/key")).toBe(true);
    expect(await store.list("")).toEqual([]);
  });

  it("builds the endpoint URL from a bare host:port", () => {
    expect(S3ObjectStore.endpointUrl("minio:9000", false)).toBe("http://minio:9000");
    expect(S3ObjectStore.endpointUrl("s3.example.com", true)).toBe("https://s3.example.com");
    expect(S3ObjectStore.endpointUrl("http://127.0.0.1:9000", true)).toBe(
      "http://127.0.0.1:9000",
    );
  });
});

describe("S3ObjectStore error mapping", () => {
  const failure = async (promise: Promise<unknown>): Promise<Error> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  };
  const messages: string[] = [];
  const expectUnavailable = async (promise: Promise<unknown>): Promise<void> => {
    const error = await failure(promise);
    expect(error).toBeInstanceOf(ObjectStoreUnavailableError);
    expect(error.cause).toBeDefined();
    messages.push(error.message);
  };

  it("maps an outage (503 SlowDown) on every operation to unavailable", async () => {
    const store = await freshStore();
    await store.put("k", text("v"));
    await setFaults({ outage: true });
    try {
      await expectUnavailable(store.get("k"));
      await expectUnavailable(store.getRange("k", 0, 1));
      await expectUnavailable(store.head("k"));
      await expectUnavailable(store.put("k", text("w")));
      await expectUnavailable(store.putIfAbsent("new", text("w")));
      await expectUnavailable(store.putIfMatch("k", text("w"), "e"));
      await expectUnavailable(store.list(""));
      await expectUnavailable(store.delete("k"));
      expect(messages.at(-1)).toContain("SlowDown (HTTP 503)");
    } finally {
      await setFaults({ outage: false });
    }
    expect(decode(await store.get("k"))).toBe("v");
  });

  it("maps a seeded fraction of 503s, and nothing else, to unavailable", async () => {
    const store = await freshStore();
    await setFaults({ failureRate: 0.5, seed: 7 });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => store.put(`f/${i}`, text("x"))),
    );
    await setFaults({ failureRate: 0 });
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.length).toBeLessThan(35);
    for (const r of failed) expect(r.reason).toBeInstanceOf(ObjectStoreUnavailableError);
    expect((await store.list("f/")).length).toBe(40 - failed.length);
  });

  it("reports an ambiguous PUT (applied, answered 500) as unavailable", async () => {
    const store = await freshStore();
    await setFaults({ ambiguousPutRate: 1 });
    try {
      await expectUnavailable(store.putIfAbsent("amb", text("written")));
    } finally {
      await setFaults({ ambiguousPutRate: 0 });
    }
    // The write happened: a retry must resolve it by reading, as the retrying decorator does.
    expect(decode(await store.get("amb"))).toBe("written");
    await expect(store.putIfAbsent("amb", text("again"))).rejects.toBeInstanceOf(
      ObjectExistsError,
    );
  });

  it("maps a request timeout to ObjectStoreUnavailableError", async () => {
    const store = await freshStore(100);
    await setFaults({ latencyMs: 400 });
    try {
      await expectUnavailable(store.head("slow"));
    } finally {
      await setFaults({ latencyMs: 0 });
    }
  });

  it("maps a stalled request to unavailable; a stalled PUT may land afterwards", async () => {
    const store = await freshStore(100);
    await setFaults({ stallRate: 1, stallMs: 300 });
    try {
      await expectUnavailable(store.putIfAbsent("late", text("landed")));
    } finally {
      await setFaults({ stallRate: 0 });
    }
    // The server carries the stalled PUT out after the client gave up on it.
    for (let i = 0; i < 50; i++) {
      if ((await store.list("late")).length > 0) break;
      await Bun.sleep(20);
    }
    expect(decode(await store.get("late"))).toBe("landed");
  });

  it("maps a refused connection to ObjectStoreUnavailableError", async () => {
    // A port that was just free: nothing listens there any more.
    const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const gone = { url: `http://127.0.0.1:${listener.port}` };
    listener.stop(true);
    const store = new S3ObjectStore({ bucket: "b", endpoint: gone.url, credentials });
    stores.push(store);
    await expectUnavailable(store.get("k"));
    await expectUnavailable(store.putIfAbsent("k", text("v")));
  });

  it("maps a missing bucket to a plain ObjectStoreError naming the S3 code", async () => {
    const store = new S3ObjectStore({ bucket: "no-such", endpoint: serverUrl(), credentials });
    stores.push(store);
    const error = await failure(store.get("k"));
    expect(error).not.toBeInstanceOf(ObjectNotFoundError);
    expect(error).not.toBeInstanceOf(ObjectStoreUnavailableError);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect(error.message).toContain("NoSuchBucket (HTTP 404)");
    messages.push(error.message);
  });

  it("maps S3 statuses and codes by operation", () => {
    const s3Error = (status: number, name: string, message = name): Error =>
      Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
    const map = (operation: Parameters<typeof mapS3Error>[0], error: unknown): Error =>
      mapS3Error(operation, "k", error, '"e"', [credentials.secretAccessKey]);
    expect(map("putIfMatch", s3Error(404, "NoSuchKey"))).toBeInstanceOf(PreconditionFailedError);
    expect(map("putIfMatch", s3Error(412, "PreconditionFailed"))).toBeInstanceOf(
      PreconditionFailedError,
    );
    expect(map("putIfAbsent", s3Error(412, "PreconditionFailed"))).toBeInstanceOf(
      ObjectExistsError,
    );
    expect(map("putIfMatch", s3Error(404, "NoSuchBucket")).constructor).toBe(ObjectStoreError);
    expect(map("get", s3Error(404, "NoSuchKey"))).toBeInstanceOf(ObjectNotFoundError);
    expect(map("head", s3Error(404, "NotFound"))).toBeInstanceOf(ObjectNotFoundError);
    for (const [status, code] of [
      [409, "ConditionalRequestConflict"],
      [500, "InternalError"],
      [502, "BadGateway"],
      [503, "SlowDown"],
      [504, "GatewayTimeout"],
      [400, "RequestTimeout"],
    ] as const) {
      expect(map("putIfAbsent", s3Error(status, code))).toBeInstanceOf(
        ObjectStoreUnavailableError,
      );
    }
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(map("get", reset)).toBeInstanceOf(ObjectStoreUnavailableError);
    const denied = map(
      "put",
      s3Error(403, "AccessDenied", `denied for ${credentials.secretAccessKey}`),
    );
    expect(denied.constructor).toBe(ObjectStoreError);
    expect(denied.message).toContain("AccessDenied (HTTP 403)");
    expect(denied.message).not.toContain(credentials.secretAccessKey);
    messages.push(denied.message);
    expect(map("get", new TypeError("bug")).constructor).toBe(ObjectStoreError);
  });

  it("never puts a credential in an error message", () => {
    expect(messages.length).toBeGreaterThan(8);
    for (const message of messages) {
      expect(message).not.toContain(credentials.accessKeyId);
      expect(message).not.toContain(credentials.secretAccessKey);
    }
  });
});
