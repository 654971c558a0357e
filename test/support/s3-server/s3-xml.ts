/**
 * The XML bodies the test S3 server sends: error documents and ListObjectsV2 results, in the
 * shapes AWS S3 uses (the SDK's parsers read them).
 */

import type { StoredObject } from "./s3-bucket-store.ts";

const xmlHeader = '<?xml version="1.0" encoding="UTF-8"?>\n';
const s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

const element = (name: string, value: string | number | boolean): string =>
  `<${name}>${escapeXml(String(value))}</${name}>`;

export function errorXml(code: string, message: string, resource: string, requestId: string) {
  return (
    `${xmlHeader}<Error>${element("Code", code)}${element("Message", message)}` +
    `${element("Resource", resource)}${element("RequestId", requestId)}</Error>`
  );
}

export interface ListResult {
  readonly bucket: string;
  readonly prefix: string;
  readonly startAfter: string | undefined;
  readonly continuationToken: string | undefined;
  readonly nextContinuationToken: string | undefined;
  readonly maxKeys: number;
  readonly entries: readonly { readonly key: string; readonly object: StoredObject }[];
}

export function listObjectsV2Xml(result: ListResult): string {
  const parts = [
    `${xmlHeader}<ListBucketResult xmlns="${s3Namespace}">`,
    element("Name", result.bucket),
    element("Prefix", result.prefix),
    result.startAfter === undefined ? "" : element("StartAfter", result.startAfter),
    result.continuationToken === undefined
      ? ""
      : element("ContinuationToken", result.continuationToken),
    result.nextContinuationToken === undefined
      ? ""
      : element("NextContinuationToken", result.nextContinuationToken),
    element("KeyCount", result.entries.length),
    element("MaxKeys", result.maxKeys),
    element("IsTruncated", result.nextContinuationToken !== undefined),
  ];
  for (const { key, object } of result.entries) {
    parts.push(
      "<Contents>",
      element("Key", key),
      element("LastModified", new Date(object.lastModifiedMs).toISOString()),
      element("ETag", object.etag),
      element("Size", object.bytes.length),
      element("StorageClass", "STANDARD"),
      "</Contents>",
    );
  }
  parts.push("</ListBucketResult>");
  return parts.join("");
}
