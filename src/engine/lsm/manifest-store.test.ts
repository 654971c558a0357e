import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../../objectstore/memory-object-store.ts";
import {
  branchRoot,
  manifestKey,
  manifestPrefix,
  writerEpochKey,
} from "../../objectstore/object-paths.ts";
import { CorruptionError } from "../../util/errors.ts";
import { Logger } from "../../util/log.ts";
import { FencedError } from "./fenced-error.ts";
import { applyEdit } from "./manifest.ts";
import { ManifestStore } from "./manifest-store.ts";
import { decodeWriterEpoch, encodeWriterEpoch } from "./writer-epoch-format.ts";

const root = branchRoot("repo", "main");
const logger = new Logger("error", { write: () => {} });

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

describe("writer epoch format", () => {
  it("matches the golden bytes", () => {
    const bytes = encodeWriterEpoch(0x0102n);
    // magic "WSEP", version 1, epoch 0x0102 as fixed64, masked CRC-32C of the 13 bytes before.
    expect(hex(bytes)).toBe("57534550" + "01" + "0201000000000000" + "f3f0dcad");
    expect(decodeWriterEpoch(bytes, "x")).toBe(0x0102n);
  });

  it("rejects a flipped byte, naming the object", () => {
    const bytes = encodeWriterEpoch(7n);
    bytes[6]! ^= 1;
    expect(() => decodeWriterEpoch(bytes, "repo/main/WRITER_EPOCH")).toThrow(
      /WRITER_EPOCH: checksum mismatch at offset 13/,
    );
  });
});

describe("ManifestStore", () => {
  it("creates epoch 1 and an empty manifest on a new tree", async () => {
    const store = new MemoryObjectStore();
    const manifests = await ManifestStore.open({ store, root, logger });
    expect(manifests.epoch).toBe(1n);
    expect(manifests.current.manifestSequence).toBe(0n);
    await store.head(manifestKey(root, { epoch: 1n, seq: 0n }));
    expect(decodeWriterEpoch(await store.get(writerEpochKey(root)), "e")).toBe(1n);
  });

  it("reopens at the next epoch, continuing the chain", async () => {
    const store = new MemoryObjectStore();
    const first = await ManifestStore.open({ store, root, logger });
    const next = applyEdit(first.current, { binlogPosition: { file: 1, offset: 99 } });
    await first.write(next);
    const second = await ManifestStore.open({ store, root, logger });
    expect(second.epoch).toBe(2n);
    expect(second.current.manifestSequence).toBe(2n);
    expect(second.current.binlogPosition).toEqual({ file: 1, offset: 99 });
  });

  it("fences the old writer once a new one opened, for good", async () => {
    const store = new MemoryObjectStore();
    const old = await ManifestStore.open({ store, root, logger });
    await ManifestStore.open({ store, root, logger });
    const next = applyEdit(old.current, {});
    await expect(old.write(next)).rejects.toBeInstanceOf(FencedError);
    await expect(old.write(next)).rejects.toBeInstanceOf(FencedError);
    expect(old.fenced).toBeInstanceOf(FencedError);
  });

  it("fences a writer whose manifest key is already taken", async () => {
    const store = new MemoryObjectStore();
    const writer = await ManifestStore.open({ store, root, logger });
    const next = applyEdit(writer.current, {});
    await store.put(manifestKey(root, { epoch: 1n, seq: 1n }), new Uint8Array([1]));
    await expect(writer.write(next)).rejects.toBeInstanceOf(FencedError);
  });

  it("skips a corrupt newest manifest and loads the one before", async () => {
    const store = new MemoryObjectStore();
    const first = await ManifestStore.open({ store, root, logger });
    await first.write(applyEdit(first.current, { binlogPosition: { file: 1, offset: 5 } }));
    await first.write(applyEdit(first.current, { binlogPosition: { file: 1, offset: 9 } }));
    const newest = manifestKey(root, { epoch: 1n, seq: 2n });
    const bytes = await store.get(newest);
    bytes[10]! ^= 0xff;
    await store.put(newest, bytes);
    const second = await ManifestStore.open({ store, root, logger });
    expect(second.current.binlogPosition).toEqual({ file: 1, offset: 5 });
  });

  it("refuses to start empty when every manifest is corrupt", async () => {
    const store = new MemoryObjectStore();
    await ManifestStore.open({ store, root, logger });
    const [only] = await store.list(manifestPrefix(root));
    await store.put(only!.key, new Uint8Array(3));
    await expect(ManifestStore.open({ store, root, logger })).rejects.toBeInstanceOf(
      CorruptionError,
    );
  });

  it("keeps only the newest manifests", async () => {
    const store = new MemoryObjectStore();
    const writer = await ManifestStore.open({ store, root, logger });
    for (let i = 0; i < 20; i++) await writer.write(applyEdit(writer.current, {}));
    const deleted = await writer.deleteOldManifests(() => true);
    expect(deleted).toBe(21 - 9);
    expect((await store.list(manifestPrefix(root))).length).toBe(9);
  });
});
