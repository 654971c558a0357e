import { describe, expect, it } from "vitest";
import { objectKeyBytesMax } from "../constants.ts";
import { SeededRandom } from "../util/random.ts";
import {
  chunkFileName,
  chunkHeaderBytesMax,
  decodeChunkHeader,
  encodeChunkFile,
  objectKeyHash,
  pageChecksums,
  parseChunkFileName,
  verifyPages,
} from "./persistent-cache-format.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const fields = {
  key: "a/b",
  chunkIndex: 2,
  final: true,
  sequence: 7,
  chunkBytes: 8,
  pageBytes: 4,
};
const data = new Uint8Array([1, 2, 3, 4, 5]);

describe("persistent cache chunk format v1", () => {
  it("encodes byte for byte as documented (golden bytes)", () => {
    const file = encodeChunkFile(fields, data);
    const golden = [
      "57535043", // magic "WSPC"
      "0100", // format version 1
      "01", // flags: final
      "00", // reserved
      "08000000", // chunkBytes 8
      "04000000", // pageBytes 4
      "02000000", // chunkIndex 2
      "05000000", // dataLength 5
      "0700000000000000", // sequence 7
      "6f157998", // key hash, seed A (0x9879156f)
      "7739a555", // key hash, seed B (0x55a53977)
      "0300", // key length 3
      "612f62", // "a/b"
      "393d6bbc", // masked crc32c of page 0 (01 02 03 04)
      "f0b91d31", // masked crc32c of page 1 (05)
      "edd53cc8", // masked crc32c of the header
      "0102030405", // data
    ].join("");
    expect(hex(file)).toBe(golden);
    expect(objectKeyHash("a/b")).toBe("9879156f55a53977");
  });

  it("decodes what it encodes", () => {
    const decoded = decodeChunkHeader(encodeChunkFile(fields, data));
    expect(decoded.kind).toBe("header");
    if (decoded.kind !== "header") return;
    const header = decoded.header;
    expect(header).toMatchObject({ ...fields, keyHash: "9879156f55a53977", dataLength: 5 });
    expect(header.dataOffset).toBe(57);
    expect([...header.pageCrcs]).toEqual([...pageChecksums(data, 4)]);
  });

  it("rejects every single-byte change of the header", () => {
    const file = encodeChunkFile(fields, data);
    const headerLength = file.length - data.length;
    for (let i = 0; i < headerLength; i++) {
      const damaged = file.slice();
      damaged[i] = (damaged[i] ?? 0) ^ 0x10;
      expect(decodeChunkHeader(damaged).kind, `byte ${i}`).toBe("damaged");
    }
  });

  it("rejects truncated headers", () => {
    const file = encodeChunkFile(fields, data);
    for (const length of [0, 10, 41, 45, 56]) {
      expect(decodeChunkHeader(file.subarray(0, length)).kind).toBe("damaged");
    }
  });

  it("verifies pages and detects a changed data byte", () => {
    const file = encodeChunkFile(fields, data);
    const decoded = decodeChunkHeader(file);
    if (decoded.kind !== "header") throw new Error("not a header");
    const { pageCrcs, dataOffset } = decoded.header;
    expect(verifyPages(file.subarray(dataOffset), 0, 4, pageCrcs)).toBe(true);
    expect(verifyPages(file.subarray(dataOffset + 4), 1, 4, pageCrcs)).toBe(true);
    const damaged = file.slice();
    damaged[dataOffset + 4] = 6;
    expect(verifyPages(damaged.subarray(dataOffset), 0, 4, pageCrcs)).toBe(false);
    expect(verifyPages(damaged.subarray(dataOffset + 4), 1, 4, pageCrcs)).toBe(false);
    // A page beyond the table is never "verified".
    expect(verifyPages(new Uint8Array(4), 2, 4, pageCrcs)).toBe(false);
  });

  it("encodes empty final chunks and full non-final ones; refuses short non-final ones", () => {
    const emptyChunk = encodeChunkFile({ ...fields, chunkIndex: 0 }, new Uint8Array(0));
    expect(decodeChunkHeader(emptyChunk)).toMatchObject({ header: { dataLength: 0 } });
    const full = encodeChunkFile({ ...fields, final: false }, new Uint8Array(8));
    expect(decodeChunkHeader(full)).toMatchObject({ header: { final: false, dataLength: 8 } });
    expect(() => encodeChunkFile({ ...fields, final: false }, data)).toThrow(/final/);
  });

  it("never throws on garbage or mutated headers (seeded)", () => {
    const random = new SeededRandom(42);
    const valid = encodeChunkFile({ ...fields, final: false }, new Uint8Array(8).fill(7));
    for (let i = 0; i < 5000; i++) {
      let bytes: Uint8Array;
      if (i % 2 === 0) {
        bytes = random.bytes(random.nextInt(80));
      } else {
        bytes = valid.slice(0, random.nextInt(valid.length + 1));
        for (let flips = 1 + random.nextInt(3); flips > 0 && bytes.length > 0; flips--) {
          const at = random.nextInt(bytes.length);
          bytes[at] = random.nextInt(256);
        }
      }
      const decoded = decodeChunkHeader(bytes);
      expect(["header", "damaged"]).toContain(decoded.kind);
    }
  });

  it("bounds the header by the longest key", () => {
    const key = "k".repeat(objectKeyBytesMax);
    const file = encodeChunkFile({ ...fields, key }, data);
    expect(file.length - data.length).toBeLessThanOrEqual(chunkHeaderBytesMax(8, 4));
  });

  it("names chunk files so that parse(name(x)) = x, and rejects other names", () => {
    const name = chunkFileName("9879156f55a53977", 12);
    expect(name).toBe("9879156f55a53977-0000000012.chunk");
    expect(parseChunkFileName(name)).toEqual({ keyHash: "9879156f55a53977", chunkIndex: 12 });
    for (const bad of ["x.chunk", ".tmp.1.2.a", "9879156f55a53977-12.chunk", `${name}.tmp`]) {
      expect(parseChunkFileName(bad)).toBeUndefined();
    }
    expect(parseChunkFileName("9879156f55a53977-9999999999.chunk")).toBeUndefined();
  });
});
