import { describe, expect, it } from "vitest";
import { AssertionError } from "../util/assert.ts";
import {
  binlogIndexKey,
  binlogSliceKey,
  binlogSliceName,
  branchRoot,
  manifestKey,
  manifestPrefix,
  parseBinlogIndexKey,
  parseBinlogSliceKey,
  parseBinlogSliceName,
  parseEpochSeqName,
  parseManifestKey,
  parseSstKey,
  sstKey,
  sstPrefix,
  writerEpochKey,
} from "./object-paths.ts";

const root = branchRoot("repo1", "main");
const u64Max = 2n ** 64n - 1n;

describe("object paths: golden names", () => {
  it("builds every kind of key exactly as ARCHITECTURE §3 lays it out", () => {
    expect(root).toBe("repo1/main/");
    expect(writerEpochKey(root)).toBe("repo1/main/WRITER_EPOCH");
    expect(manifestKey(root, { epoch: 3n, seq: 42n })).toBe(
      "repo1/main/manifest/0000000003-00000000000000000042",
    );
    expect(sstKey(root, { epoch: 12n, seq: 7n })).toBe(
      "repo1/main/sst/0000000012-00000000000000000007.sst",
    );
    expect(binlogSliceKey(root, { file: 1, term: 5n, endPos: 4096 })).toBe(
      "repo1/main/binlog/binlog.000001.00000000000000000005.0000004096",
    );
    expect(binlogIndexKey(root, { epoch: 1n, seq: 9n })).toBe(
      "repo1/main/binlog/index/0000000001-00000000000000000009",
    );
    expect(manifestPrefix(root)).toBe("repo1/main/manifest/");
    expect(sstPrefix(root)).toBe("repo1/main/sst/");
  });

  it("handles the largest values of every field", () => {
    const id = { epoch: 9_999_999_999n, seq: u64Max };
    expect(manifestKey(root, id)).toBe("repo1/main/manifest/9999999999-18446744073709551615");
    expect(parseManifestKey(root, manifestKey(root, id))).toEqual(id);
    const slice = { file: 999_999, term: u64Max, endPos: 2 ** 32 - 1 };
    expect(binlogSliceName(slice)).toBe("binlog.999999.18446744073709551615.4294967295");
    expect(parseBinlogSliceName(binlogSliceName(slice))).toEqual(slice);
  });

  it("refuses values that do not fit their width, and bad ids", () => {
    expect(() => manifestKey(root, { epoch: 10_000_000_000n, seq: 0n })).toThrow(AssertionError);
    expect(() => sstKey(root, { epoch: -1n, seq: 0n })).toThrow(AssertionError);
    expect(() => binlogSliceName({ file: 1_000_000, term: 0n, endPos: 0 })).toThrow(
      AssertionError,
    );
    expect(() => binlogSliceName({ file: 1.5, term: 0n, endPos: 0 })).toThrow(AssertionError);
    expect(() => branchRoot("a/b", "main")).toThrow(AssertionError);
    expect(() => branchRoot("", "main")).toThrow(AssertionError);
    expect(() => branchRoot("r", "..")).toThrow(AssertionError);
  });
});

describe("object paths: parsing", () => {
  it("round-trips and sorts numerically", () => {
    const ids = [0n, 1n, 9n, 10n, 99n, 100n, 12345n, u64Max].map((seq) => ({ epoch: 2n, seq }));
    const keys = ids.map((id) => sstKey(root, id));
    expect([...keys].sort()).toEqual(keys);
    expect(keys.map((key) => parseSstKey(root, key))).toEqual(ids);
    const manifests = [{ epoch: 1n, seq: 500n }, { epoch: 2n, seq: 1n }];
    const mkeys = manifests.map((id) => manifestKey(root, id));
    expect([...mkeys].sort()).toEqual(mkeys);
    expect(mkeys.map((key) => parseManifestKey(root, key))).toEqual(manifests);
    const slices = [1, 2, 10, 100].map((file) => ({ file, term: 1n, endPos: 4 }));
    const skeys = slices.map((id) => binlogSliceKey(root, id));
    expect([...skeys].sort()).toEqual(skeys);
    expect(skeys.map((key) => parseBinlogSliceKey(root, key))).toEqual(slices);
    const index = binlogIndexKey(root, { epoch: 3n, seq: 4n });
    expect(parseBinlogIndexKey(root, index)).toEqual({ epoch: 3n, seq: 4n });
  });

  it("rejects malformed names", () => {
    const bad = [
      "",
      "1-2",
      "0000000001-0000000000000000002",
      "00000000001-00000000000000000002",
      "000000000a-00000000000000000002",
      "0000000001_00000000000000000002",
      "0000000001-00000000000000000002-",
      "-0000000001-00000000000000000002",
      "+000000001-00000000000000000002",
      " 000000001-00000000000000000002",
    ];
    for (const name of bad) expect(parseEpochSeqName(name)).toBeUndefined();
    const badSlices = [
      "binlog.000001.00000000000000000005",
      "binlog.00001.00000000000000000005.0000004096",
      "binlog.000001.00000000000000000005.000004096",
      "binlog.000001.0000000000000000000x.0000004096",
      "binlag.000001.00000000000000000005.0000004096",
      "binlog.000001.00000000000000000005.0000004096.x",
    ];
    for (const name of badSlices) expect(parseBinlogSliceName(name)).toBeUndefined();
  });

  it("parses keys only directly under their own folder of their own branch", () => {
    const id = { epoch: 1n, seq: 2n };
    const other = branchRoot("repo1", "dev");
    expect(parseManifestKey(other, manifestKey(root, id))).toBeUndefined();
    expect(parseSstKey(root, manifestKey(root, id))).toBeUndefined();
    expect(parseManifestKey(root, sstKey(root, id))).toBeUndefined();
    expect(parseSstKey(root, "repo1/main/sst/0000000001-00000000000000000002")).toBeUndefined();
    expect(parseSstKey(root, "repo1/main/sst/x/0000000001-00000000000000000002.sst"))
      .toBeUndefined();
    // binlog/index/ entries are not slices, and slices are not index entries.
    expect(parseBinlogSliceKey(root, binlogIndexKey(root, id))).toBeUndefined();
    const slice = binlogSliceKey(root, { file: 1, term: 1n, endPos: 1 });
    expect(parseBinlogIndexKey(root, slice)).toBeUndefined();
  });
});
