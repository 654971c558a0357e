import { describe, expect, it } from "vitest";
import { KeyKind, encodeInternalKey } from "./internal-key.ts";
import { ShadowedVersions } from "./shadowed-versions.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe("ShadowedVersions", () => {
  it("drops versions older than one the oldest snapshot sees, through a reused key buffer", () => {
    const versions = new ShadowedVersions(3n);
    // Internal-key order: a@5, a@3, a@2, b@4, b@1 — fed through one buffer, as block
    // iterators reuse theirs, so the filter must keep its own copy of the user key.
    const entries: [string, bigint][] = [["a", 5n], ["a", 3n], ["a", 2n], ["b", 4n], ["b", 1n]];
    const buffer = new Uint8Array(9);
    const seen = entries.map(([key, sequence]) => {
      buffer.set(encodeInternalKey(text(key), sequence, KeyKind.Value));
      const shadowed = versions.shadowed(buffer);
      return `${key}@${sequence}:${shadowed ? "drop" : "keep"}${versions.startedUserKey ? "*" : ""}`;
    });
    expect(seen).toEqual(["a@5:keep*", "a@3:keep", "a@2:drop", "b@4:keep*", "b@1:keep"]);
    expect(versions.seenByOldest(encodeInternalKey(text("c"), 3n, KeyKind.Value))).toBe(true);
    expect(versions.seenByOldest(encodeInternalKey(text("c"), 4n, KeyKind.Value))).toBe(false);
  });
});
