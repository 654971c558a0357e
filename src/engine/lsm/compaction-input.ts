/**
 * mergeCompactionInputs: visits every entry of a compaction's input SSTs in internal key order,
 * holding only a block or two per input in memory (inputs can be far larger than memory), and
 * without touching the block cache (a compaction must not evict what foreground reads use).
 *
 * The SST iterators are synchronous, so their `blockAt` serves blocks this function loaded; on a
 * miss it throws a private signal, the block is read, blocks of that input before it are let go
 * (iteration only moves forward), and a fresh merge iterator re-seeks to the last visited key
 * and steps past it. Internal keys are unique, so no entry is visited twice or skipped. The first
 * block of every input is read up front, in parallel.
 */

import { ByteSink } from "../../util/byte-sink.ts";
import { bytesEqual } from "../../util/bytes.ts";
import type { Block } from "../sst/block.ts";
import type { BlockHandle } from "../sst/sst-format.ts";
import type { SstReader } from "../sst/sst-reader.ts";
import { MergeIterator } from "./merge-iterator.ts";

class BlockMissing {
  constructor(
    readonly input: number,
    readonly handle: BlockHandle,
  ) {}
}

export type EntryVisitor = (internalKey: Uint8Array, value: Uint8Array) => void;

export async function mergeCompactionInputs(
  readers: readonly SstReader[],
  visit: EntryVisitor,
): Promise<void> {
  const resident = readers.map(() => new Map<number, Block>());
  await Promise.all(
    readers.map(async (reader, input) => {
      const handle = reader.startBlockFor("first");
      if (handle === undefined) return;
      resident[input]!.set(handle.offset, await reader.readDataBlock(handle, { fillCache: false }));
    }),
  );
  const lastKey = new ByteSink(64);
  let visited = false;
  for (;;) {
    try {
      const merged = new MergeIterator(
        readers.map((reader, input) =>
          reader.iteratorOver((handle) => {
            const block = resident[input]!.get(handle.offset);
            if (block === undefined) throw new BlockMissing(input, handle);
            return block;
          }),
        ),
      );
      if (!visited) merged.seekToFirst();
      else {
        merged.seek(lastKey.view());
        if (merged.valid() && bytesEqual(merged.key(), lastKey.view())) merged.next();
      }
      for (; merged.valid(); merged.next()) {
        const key = merged.key();
        visit(key, merged.value());
        lastKey.clear();
        lastKey.putBytes(key);
        visited = true;
      }
      return;
    } catch (error) {
      if (!(error instanceof BlockMissing)) throw error;
      const blocks = resident[error.input]!;
      const block = await readers[error.input]!.readDataBlock(error.handle, { fillCache: false });
      for (const offset of [...blocks.keys()]) {
        if (offset < error.handle.offset) blocks.delete(offset);
      }
      blocks.set(error.handle.offset, block);
    }
  }
}
