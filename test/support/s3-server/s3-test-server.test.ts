/**
 * The test S3 server itself, over raw HTTP (no SDK): the AWS behaviours the provider relies on
 * (conditional PUTs, ranges, listings), persistence across a restart, fault injection, counters
 * and the CLI.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type S3TestServer, startS3TestServer } from "./s3-test-server.ts";

const tempRoot = mkdtempSync(join(tmpdir(), "wesql-s3-test-server-"));
const servers: S3TestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  rmSync(tempRoot, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startS3TestServer>[0] = {}) {
  const server = await startS3TestServer({ buckets: ["b"], ...options });
  servers.push(server);
  return server;
}

const put = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "PUT", body, headers });

describe("test S3 server: S3 behaviour", () => {
  it("enforces If-None-Match: * with 412 PreconditionFailed, keeping the object", async () => {
    const { url } = await start();
    const first = await put(`${url}/b/k`, "one", { "If-None-Match": "*" });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"f97c5d29941bfb1b2fdab0874906ab82"');
    const second = await put(`${url}/b/k`, "two", { "If-None-Match": "*" });
    expect(second.status).toBe(412);
    expect(await second.text()).toContain("<Code>PreconditionFailed</Code>");
    expect(await (await fetch(`${url}/b/k`)).text()).toBe("one");
  });

  it("enforces If-Match: 404 when absent, 412 when stale, 200 when current", async () => {
    const { url } = await start();
    expect((await put(`${url}/b/k`, "x", { "If-Match": '"abc"' })).status).toBe(404);
    const etag = (await put(`${url}/b/k`, "v1")).headers.get("etag") ?? "";
    const next = await put(`${url}/b/k`, "v2", { "If-Match": etag });
    expect(next.status).toBe(200);
    const stale = await put(`${url}/b/k`, "v3", { "If-Match": etag });
    expect(stale.status).toBe(412);
    expect(await (await fetch(`${url}/b/k`)).text()).toBe("v2");
  });

  it("serves ranges, clips at the end and answers 416 from the end on", async () => {
    const { url } = await start();
    await put(`${url}/b/r`, "0123456789");
    const middle = await fetch(`${url}/b/r`, { headers: { Range: "bytes=2-4" } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get("content-range")).toBe("bytes 2-4/10");
    expect(await middle.text()).toBe("234");
    const first = await fetch(`${url}/b/r`, { headers: { Range: "bytes=0-0" } });
    expect(await first.text()).toBe("0");
    expect(await (await fetch(`${url}/b/r`, { headers: { Range: "bytes=8-20" } })).text()).toBe(
      "89",
    );
    const past = await fetch(`${url}/b/r`, { headers: { Range: "bytes=10-12" } });
    expect(past.status).toBe(416);
    expect(await past.text()).toContain("<Code>InvalidRange</Code>");
  });

  it("answers HEAD with size and etag, and 404 without a body for a missing key", async () => {
    const { url } = await start();
    const etag = (await put(`${url}/b/h`, "hello")).headers.get("etag");
    const head = await fetch(`${url}/b/h`, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe("5");
    expect(head.headers.get("etag")).toBe(etag);
    expect((await fetch(`${url}/b/none`, { method: "HEAD" })).status).toBe(404);
    expect((await fetch(`${url}/nobucket/k`)).status).toBe(404);
  });

  it("lists with prefix, start-after, max-keys and continuation tokens", async () => {
    const { url } = await start();
    for (const key of ["a/1", "a/2", "a/3", "b/1"]) await put(`${url}/b/${key}`, key);
    const page1 = await (await fetch(`${url}/b?list-type=2&prefix=a/&max-keys=2`)).text();
    expect(page1).toContain("<KeyCount>2</KeyCount>");
    expect(page1).toContain("<IsTruncated>true</IsTruncated>");
    expect(page1).toContain("<Key>a/1</Key>");
    expect(page1).toContain("<ETag>&quot;");
    const token = /<NextContinuationToken>(.*)<\/NextContinuationToken>/.exec(page1)?.[1] ?? "";
    const page2 = await (
      await fetch(`${url}/b?list-type=2&prefix=a/&continuation-token=${token}`)
    ).text();
    expect(page2).toContain("<Key>a/3</Key>");
    expect(page2).not.toContain("<Key>a/2</Key>");
    expect(page2).toContain("<IsTruncated>false</IsTruncated>");
    const after = await (await fetch(`${url}/b?list-type=2&start-after=a/3`)).text();
    expect([...after.matchAll(/<Key>(.*?)<\/Key>/g)].map((m) => m[1])).toEqual(["b/1"]);
  });

  it("refuses aws-chunked uploads instead of storing their framing", async () => {
    const { url } = await start();
    const response = await put(`${url}/b/c`, "5;chunk-signature=x\r\nhello\r\n0\r\n", {
      "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    });
    expect(response.status).toBe(501);
    expect((await fetch(`${url}/b/c`)).status).toBe(404);
  });
});

describe("test S3 server: persistence, faults, counters", () => {
  it("keeps objects in `dir` across a restart", async () => {
    const dir = join(tempRoot, "persist");
    const first = await startS3TestServer({ dir, buckets: ["b"] });
    const longKey = Array.from({ length: 5 }, () => "s".repeat(200)).join("/");
    await put(`${first.url}/b/${longKey}`, "long");
    const etag = (await put(`${first.url}/b/x/y`, "kept")).headers.get("etag");
    await put(`${first.url}/b/gone`, "z");
    await fetch(`${first.url}/b/gone`, { method: "DELETE" });
    await first.stop();
    const second = await start({ dir, buckets: [] });
    const object = await fetch(`${second.url}/b/x/y`);
    expect(await object.text()).toBe("kept");
    expect(object.headers.get("etag")).toBe(etag);
    expect(await (await fetch(`${second.url}/b/${longKey}`)).text()).toBe("long");
    expect((await fetch(`${second.url}/b/gone`)).status).toBe(404);
  });

  it("injects the same seeded 503s on every run, and outages until turned off", async () => {
    const server = await start();
    const run = async (): Promise<number[]> => {
      server.setFaults({ failureRate: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await fetch(`${server.url}/b/k${i}`)).status);
      server.setFaults({ failureRate: 0 });
      return statuses;
    };
    const first = await run();
    expect(first.filter((status) => status === 503).length).toBeGreaterThan(3);
    expect(first.every((status) => status === 503 || status === 404)).toBe(true);
    expect(await run()).toEqual(first);
    server.setFaults({ outage: true });
    const refused = await fetch(`${server.url}/b?list-type=2`);
    expect(refused.status).toBe(503);
    expect(await refused.text()).toContain("<Code>SlowDown</Code>");
    server.setFaults({ outage: false });
    expect((await fetch(`${server.url}/b?list-type=2`)).status).toBe(200);
  });

  it("applies an ambiguous PUT but answers 500, and counts requests and bytes", async () => {
    const server = await start({ faults: { ambiguousPutRate: 1 } });
    const response = await put(`${server.url}/b/a`, "applied");
    expect(response.status).toBe(500);
    server.setFaults({ ambiguousPutRate: 0 });
    expect(await (await fetch(`${server.url}/b/a`)).text()).toBe("applied");
    const stats = server.stats();
    expect(stats.injectedAmbiguousPuts).toBe(1);
    expect(stats.operations.putObject).toEqual({ requests: 1, bytesIn: 7, bytesOut: 0, errors: 1 });
    expect(stats.operations.getObject).toMatchObject({ requests: 1, bytesOut: 7, errors: 0 });
  });

  it("counts requests per key class only when asked to", async () => {
    const server = await start({ keyClass: (key) => key.split("/")[0] ?? "" });
    await put(`${server.url}/b/sst/1`, "x");
    await put(`${server.url}/b/sst/2`, "y", { "If-None-Match": "*" });
    await fetch(`${server.url}/b/sst/1`);
    await fetch(`${server.url}/b/binlog/9`);
    await fetch(`${server.url}/b?list-type=2`);
    expect(server.stats().requestsByKeyClass).toEqual({
      sst: { putObject: 2, getObject: 1 },
      binlog: { getObject: 1 },
      "": { listObjects: 1 },
    });
    expect((await start()).stats().requestsByKeyClass).toBeUndefined();
  });

  it("takes faults and serves stats over /__admin/", async () => {
    const server = await start();
    const set = await fetch(`${server.url}/__admin/faults`, {
      method: "PUT",
      body: JSON.stringify({ outage: true }),
    });
    expect(set.status).toBe(204);
    expect((await fetch(`${server.url}/b/k`)).status).toBe(503);
    const stats = await (await fetch(`${server.url}/__admin/stats`)).json();
    expect(stats).toMatchObject({ injectedUnavailable: 1 });
  });
});

describe("test S3 server: CLI", () => {
  it("prints its URL and serves until SIGTERM", async () => {
    const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
    const child = Bun.spawn(
      [
        join(repoRoot, "node_modules/.bin/bun"),
        join(repoRoot, "test/support/s3-server/main.ts"),
        "--port=0",
        "--bucket=cli",
        "--latency-ms=1",
      ],
      { stdout: "pipe", stderr: "inherit" },
    );
    try {
      const reader = child.stdout.getReader();
      const { value } = await reader.read();
      const line = new TextDecoder().decode(value);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      expect(url).toBeDefined();
      expect((await put(`${url}/cli/k`, "v")).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
      expect(await child.exited).toBe(0);
    }
  });
});
