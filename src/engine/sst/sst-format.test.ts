import { describe, expect, it } from "vitest";
import { ByteSink } from "../../util/byte-sink.ts";
import { encodeFixed32, putVarint64 } from "../../util/coding.ts";
import { crc32c, maskCrc } from "../../util/crc32c.ts";
import { CorruptionError } from "../../util/errors.ts";
import { encodeInternalKey, KeyKind } from "../lsm/internal-key.ts";
import { Block } from "./block.ts";
import { SstBuilder } from "./sst-builder.ts";
import {
  CompressionType,
  decodeFooter,
  decodeProperties,
  decodeStoredBlock,
  encodeFooter,
  encodeProperties,
  encodeStoredBlock,
  getBlockHandle,
  putBlockHandle,
  SST_FOOTER_BYTES,
  SST_MAGIC,
} from "./sst-format.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  encodeFixed32(out, 0, value);
  return out;
}

/** A stored block with the given type byte and a valid CRC over arbitrary contents. */
function withType(type: number, contents: Uint8Array): Uint8Array {
  const stored = new Uint8Array(contents.length + 5);
  stored.set(contents);
  stored[contents.length] = type;
  const crc = maskCrc(crc32c(stored.subarray(0, contents.length + 1)));
  encodeFixed32(stored, contents.length + 1, crc);
  return stored;
}

/** The value of the first index entry of an SST file (the first data block's handle). */
async function firstIndexValue(file: Uint8Array): Promise<Uint8Array> {
  const footer = decodeFooter(file.subarray(file.length - 76), "f.sst", file.length - 76);
  const indexEnd = footer.index.offset + footer.index.size + 5;
  const indexStored = file.subarray(footer.index.offset, indexEnd);
  const index = new Block(decodeStoredBlock(indexStored, footer.index, "f.sst"));
  const iterator = index.iterator();
  iterator.seekToFirst();
  return Promise.resolve(iterator.value().slice());
}

describe("sst-format", () => {
  it("magic is the ASCII bytes WESQLSST", () => {
    const footer = encodeFooter({
      filter: { offset: 0, size: 0 },
      index: { offset: 0, size: 0 },
      properties: { offset: 0, size: 0 },
      formatVersion: 1,
    });
    expect(new TextDecoder().decode(footer.subarray(64, 72))).toBe("WESQLSST");
    expect(SST_MAGIC).toBe(0x5453534c51534557n);
    expect(footer.length).toBe(SST_FOOTER_BYTES);
  });

  it("golden bytes of a one-entry file", () => {
    const builder = new SstBuilder();
    builder.add(encodeInternalKey(text("a"), 1n, KeyKind.Value), text("v"));
    const file = builder.finish();
    expect(file.length).toBe(173);
    // Data block: entry (shared 0, non-shared 9, value 1, key "a"‖trailer, "v"), one restart,
    // then the trailer: type 0 and the masked CRC.
    expect(hex(file.subarray(0, 26))).toBe(
      "00090161fffffffffffffefe76" + "00000000" + "01000000" + "00" + "9c774385",
    );
    // Footer: filter (26, 9), index (70, 22), properties (40, 25), padding to 60 bytes,
    // version 1, magic, masked CRC.
    expect(hex(file.subarray(file.length - SST_FOOTER_BYTES))).toBe(
      "1a09" + "4616" + "2819" + "00".repeat(54) + "01000000" + "574553514c535354" +
        "c057f4c6",
    );
    const footer = decodeFooter(file.subarray(file.length - 76), "tiny.sst", file.length - 76);
    expect(footer).toEqual({
      filter: { offset: 26, size: 9 },
      index: { offset: 70, size: 22 },
      properties: { offset: 40, size: 25 },
      formatVersion: 1,
    });
  });

  it("block handles round trip, including large offsets", () => {
    for (const handle of [
      { offset: 0, size: 0 },
      { offset: 127, size: 128 },
      { offset: 2 ** 40 + 3, size: 65_536 },
    ]) {
      const sink = new ByteSink(8);
      putBlockHandle(sink, handle);
      expect(getBlockHandle(sink.view(), 0)).toEqual({ value: handle, offset: sink.length });
    }
    expect(() => getBlockHandle(new Uint8Array([0x80]), 0)).toThrow(CorruptionError);
    // 2^53 - 1 is the largest offset accepted; 2^53 and an 11-byte varint are corrupt.
    const at = (value: bigint): Uint8Array => {
      const sink = new ByteSink(24);
      putVarint64(sink, value);
      putVarint64(sink, 1n);
      return sink.toBytes();
    };
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    const largest = getBlockHandle(at(max), 0).value;
    expect(largest).toEqual({ offset: Number.MAX_SAFE_INTEGER, size: 1 });
    expect(() => getBlockHandle(at(max + 1n), 0)).toThrow(/exceeds 2\^53/);
    expect(() => getBlockHandle(at((1n << 64n) - 1n), 0)).toThrow(/exceeds 2\^53/);
    const long = new Uint8Array(12).fill(0x80);
    expect(() => getBlockHandle(long, 0)).toThrow(/longer than 10 bytes/);
    expect(() => getBlockHandle(at(300n), 0, 1)).toThrow(/truncated varint/);
  });

  it("properties round trip", () => {
    const properties = {
      entryCount: 12,
      dataBlockCount: 3,
      dataBytes: 9000,
      smallestKey: text("abcdefgh1"),
      largestKey: text("zzzzzzzz2"),
      smallestSequence: 5n,
      largestSequence: (1n << 56n) - 1n,
    };
    const bytes = encodeProperties(properties);
    expect(decodeProperties(bytes)).toEqual(properties);
    expect(() => decodeProperties(bytes.subarray(0, bytes.length - 1))).toThrow(CorruptionError);
  });

  it("stores zstd only when it saves at least 12.5%", () => {
    const compressible = new Uint8Array(4096).fill(7);
    const stored = encodeStoredBlock(compressible, CompressionType.Zstd);
    expect(stored.length).toBeLessThan(4096);
    const handle = { offset: 100, size: stored.length - 5 };
    expect(stored[handle.size]).toBe(CompressionType.Zstd);
    expect(decodeStoredBlock(stored, handle, "f.sst")).toEqual(compressible);
    // Random bytes do not compress: stored raw.
    const noise = new Uint8Array(256);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const raw = encodeStoredBlock(noise, CompressionType.Zstd);
    expect(raw.length).toBe(noise.length + 5);
    expect(raw[noise.length]).toBe(CompressionType.None);
  });

  it("golden bytes of an lz4 block: size prefix, raw LZ4 block, type 4, masked CRC", () => {
    const raw = new Uint8Array(64).fill(7);
    const stored = encodeStoredBlock(raw, CompressionType.Lz4);
    // fixed32 64 ‖ LZ4 block (token 0x1f: 1 literal, match 15+; literal 07; offset 1; extra
    // match length 0x26; last literals 0x60: six 07 bytes) ‖ type 4 ‖ masked CRC.
    const contents = "40000000" + "1f0701002660070707070707";
    expect(hex(stored.subarray(0, 17))).toBe(contents + "04");
    const crc = maskCrc(crc32c(stored.subarray(0, 17)));
    expect(hex(stored.subarray(17))).toBe(hex(u32le(crc)));
    expect(decodeStoredBlock(stored, { offset: 0, size: 16 }, "g.sst")).toEqual(raw);
  });

  it("the default builder compresses with zstd, and lz4 when asked, when it pays", async () => {
    for (const [compression, type] of [
      [undefined, CompressionType.Zstd],
      ["lz4", CompressionType.Lz4],
    ] as const) {
      const builder = new SstBuilder({ blockSizeBytes: 4096, ...(compression ? { compression } : {}) });
      for (let i = 0; i < 100; i++) {
        const key = encodeInternalKey(text(`key${String(i).padStart(5, "0")}`), 1n, KeyKind.Value);
        builder.add(key, new Uint8Array(100).fill(i));
      }
      const file = builder.finish();
      // The first data block (~4 KiB raw) must be stored compressed, with its type.
      const { value: handle } = getBlockHandle(await firstIndexValue(file), 0);
      expect(handle.size).toBeLessThan(2048);
      expect(file[handle.offset + handle.size]).toBe(type);
    }
  });

  it("damaged lz4 contents with a valid CRC are corruption", () => {
    const stored = encodeStoredBlock(new Uint8Array(64).fill(7), CompressionType.Lz4);
    const contents = stored.slice(0, 16);
    const handle = { offset: 9, size: 16 };
    const badSize = contents.slice();
    badSize[0] = 65;
    expect(() => decodeStoredBlock(withType(4, badSize), handle, "z.sst")).toThrow(
      /z\.sst: block at offset 9: lz4 (gave|decompression failed)/,
    );
    const huge = contents.slice();
    huge[3] = 0x7f;
    expect(() => decodeStoredBlock(withType(4, huge), handle, "z.sst")).toThrow(/exceeds/);
    const truncated = contents.slice(0, 9);
    expect(() =>
      decodeStoredBlock(withType(4, truncated), { offset: 9, size: 9 }, "z.sst"),
    ).toThrow(/z\.sst: block at offset 9: lz4/);
    expect(() =>
      decodeStoredBlock(withType(4, contents.slice(0, 2)), { offset: 9, size: 2 }, "z.sst"),
    ).toThrow(/has no size/);
  });

  it("a damaged stored block names the file and offset", () => {
    const stored = encodeStoredBlock(text("hello"), CompressionType.None);
    stored[1]! ^= 1;
    expect(() => decodeStoredBlock(stored, { offset: 4242, size: 5 }, "x.sst")).toThrow(
      /x\.sst: block at offset 4242: checksum mismatch/,
    );
  });

  it("an unknown compression type or bad zstd data with a valid CRC is corruption", () => {
    const handle = { offset: 7, size: 5 };
    expect(() => decodeStoredBlock(withType(1, text("hello")), handle, "y.sst")).toThrow(
      /y\.sst: block at offset 7: unknown compression type 1/,
    );
    expect(() => decodeStoredBlock(withType(2, text("hello")), handle, "y.sst")).toThrow(
      /y\.sst: block at offset 7: zstd decompression failed/,
    );
  });
});

describe("SstBuilder sequence range", () => {
  const cases: readonly (readonly bigint[])[] = [
    [5n, 3n, 9n],
    [(1n << 53n) - 1n, 1n << 53n, 7n],
    [(1n << 56n) - 1n, (1n << 53n) + 7n, 4n, 0n],
    [1n << 53n, (1n << 55n) + 1n],
    [(1n << 32n) + 5n, (1n << 32n) - 1n, 1n << 52n],
  ];
  for (const sequences of cases) {
    it(`records the smallest and largest of ${sequences.join(", ")}`, () => {
      const builder = new SstBuilder();
      sequences.forEach((sequence, i) => {
        builder.add(encodeInternalKey(text(`k${i}`), sequence, KeyKind.Value), text("v"));
      });
      const file = builder.finish();
      const footer = decodeFooter(file.subarray(file.length - 76), "s.sst", file.length - 76);
      const stored = file.subarray(
        footer.properties.offset,
        footer.properties.offset + footer.properties.size + 5,
      );
      const properties = decodeProperties(decodeStoredBlock(stored, footer.properties, "s.sst"));
      const sorted = [...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(properties.smallestSequence).toBe(sorted[0]);
      expect(properties.largestSequence).toBe(sorted.at(-1));
    });
  }
});
