import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import { CorruptionError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/random.ts";
import { KeyKind, SEQUENCE_NUMBER_MAX } from "./internal-key.ts";
import { WRITE_BATCH_HEADER_BYTES, WriteBatch } from "./write-batch.ts";
import {
  WRITE_BATCH_FORMAT_VERSION,
  decodeWriteBatch,
  encodeWriteBatch,
} from "./write-batch-format.ts";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const fromHex = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, "hex"));

function describeRecords(batch: WriteBatch): string[] {
  return batch.records.map((record) => `${record.kind}:${hex(record.key)}=${hex(record.value)}`);
}

describe("WriteBatch", () => {
  it("keeps records in insertion order with an exact size", () => {
    const batch = new WriteBatch();
    expect(batch.count).toBe(0);
    expect(batch.encodedSizeBytes).toBe(WRITE_BATCH_HEADER_BYTES);
    batch.put(text("k"), text("v"));
    batch.delete(text("x"));
    batch.put(text("k"), text("w2"));
    expect(batch.count).toBe(3);
    expect(describeRecords(batch)).toEqual(["1:6b=76", "0:78=", "1:6b=7732"]);
    expect(batch.encodedSizeBytes).toBe(12 + 5 + 3 + 6);
    expect(encodeWriteBatch(batch, 1n).length).toBe(batch.encodedSizeBytes);
    batch.clear();
    expect(batch.count).toBe(0);
    expect(batch.encodedSizeBytes).toBe(WRITE_BATCH_HEADER_BYTES);
  });
});

describe("write batch format", () => {
  it("is version 1 and matches the golden bytes", () => {
    expect(WRITE_BATCH_FORMAT_VERSION).toBe(1);
    const batch = new WriteBatch();
    batch.put(text("k"), text("v"));
    batch.delete(text("x"));
    expect(hex(encodeWriteBatch(batch, 7n))).toBe(
      "0700000000000000" + "02000000" + "01016b0176" + "000178",
    );
    const long = new WriteBatch();
    long.put(new Uint8Array(0), new Uint8Array(200).fill(0xaa));
    const encoded = encodeWriteBatch(long, 0x01020304050607n);
    const header = "0706050403020100" + "01000000";
    expect(hex(encoded.subarray(0, 16))).toBe(header + "01" + "00" + "c801");
    expect(encoded.length).toBe(16 + 200);
  });

  it("round-trips random batches", () => {
    const random = new SeededRandom(3);
    for (let trial = 0; trial < 100; trial++) {
      const batch = new WriteBatch();
      const records = random.nextInt(20);
      for (let i = 0; i < records; i++) {
        const key = random.bytes(random.nextInt(300));
        if (random.nextInt(3) === 0) batch.delete(key);
        else batch.put(key, random.bytes(random.nextInt(300)));
      }
      const firstSequence = BigInt(random.nextUint32()) * 1000n;
      const decoded = decodeWriteBatch(encodeWriteBatch(batch, firstSequence));
      expect(decoded.firstSequence).toBe(firstSequence);
      expect(describeRecords(decoded.batch)).toEqual(describeRecords(batch));
      expect(decoded.batch.encodedSizeBytes).toBe(batch.encodedSizeBytes);
    }
  });

  it("asserts sequence numbers stay within 2^56-1", () => {
    const batch = new WriteBatch();
    batch.put(text("a"), text("1"));
    batch.put(text("b"), text("2"));
    expect(encodeWriteBatch(batch, SEQUENCE_NUMBER_MAX - 1n).length).toBeGreaterThan(12);
    expect(() => encodeWriteBatch(batch, SEQUENCE_NUMBER_MAX)).toThrow(AssertionError);
  });

  it("throws CorruptionError on malformed bytes", () => {
    const good = "0700000000000000" + "02000000" + "01016b0176" + "000178";
    const bad = [
      "07000000000000", // shorter than the header
      good.slice(0, -2), // truncated key
      "0700000000000000" + "01000000" + "01016b05", // value length past the end
      "0700000000000000" + "01000000" + "02016b", // unknown kind
      "0700000000000000" + "03000000" + "01016b0176" + "000178", // count too high
      "0700000000000000" + "01000000" + "01016b0176" + "000178", // count too low
      "ffffffffffffff00" + "02000000" + "01016b0176" + "000178", // sequence overflow
      "0700000000000000" + "01000000" + "01ffffffffff0f", // overlong varint
    ];
    expect(decodeWriteBatch(fromHex(good)).batch.count).toBe(2);
    for (const bytes of bad) {
      expect(() => decodeWriteBatch(fromHex(bytes)), bytes).toThrow(CorruptionError);
    }
  });

  it("decodes deletions with empty values", () => {
    const decoded = decodeWriteBatch(fromHex("0000000000000000" + "01000000" + "000178"));
    expect(decoded.batch.records[0]!.kind).toBe(KeyKind.Deletion);
    expect(decoded.batch.records[0]!.value.length).toBe(0);
  });
});
