/**
 * What the object store holds of each binlog file: the chain of slices that make it up, read
 * from a listing of `binlog/` and the append-only index entries (binlog-archive-format.ts).
 * Shared by restore (which downloads the chains) and the archiver (which continues them).
 *
 * A slice's key names its file, term and end position; its size gives its start (end - size).
 * Several chains can exist for one file: a fenced writer may keep uploading after a newer term
 * took over, and a restarted writer finishes a file an older term began. The chain chosen is:
 * - the one a file's index entry lists, when the file has one (the entry with the highest term
 *   wins); every slice it names must be listed with the right size;
 * - otherwise, walking backwards from the highest-term slice with the highest end position:
 *   at each start position take the slice ending there with the highest term not above the
 *   term already taken (an older writer precedes a newer one, never the other way round), down
 *   to position 0. A gap is a CorruptionError: bytes that were acknowledged are missing.
 * Across files, terms never decrease: a file whose newest term is older than a term found in
 * an earlier file was created by a fenced writer after the takeover (the newer writer never
 * saw it), so it and every later file only that history holds are dropped.
 */

import type { ObjectStore } from "../objectstore/object-store.ts";
import {
  binlogSlicePrefix,
  type BranchRoot,
  parseBinlogSliceKey,
} from "../objectstore/object-paths.ts";
import { CorruptionError } from "../util/errors.ts";
import type { BinlogIndexEntry } from "./binlog-archive-format.ts";
import { readIndexEntries } from "./binlog-archive-index.ts";

/** One listed slice object. */
export interface ListedSlice {
  readonly key: string;
  readonly file: number;
  readonly term: bigint;
  readonly startPos: number;
  readonly endPos: number;
}

/** The slices that make up one file in the store, contiguous from offset 0. */
export interface SliceChain {
  readonly file: number;
  readonly slices: readonly ListedSlice[];
  /** Where the last slice ends: the file's archived size. */
  readonly endPos: number;
  /** The index entry of a closed file, when one exists. */
  readonly entry: BinlogIndexEntry | undefined;
}

/** Slices of files >= `fromFile` (all files when it is 0 or 1), grouped by file. */
export async function listSlices(
  store: ObjectStore,
  root: BranchRoot,
  fromFile: number,
): Promise<Map<number, ListedSlice[]>> {
  const prefix = binlogSlicePrefix(root);
  // Every key of file F sorts after the bare `binlog.<F:06>` and every key of F - 1 before it.
  const startAfter = prefix + String(fromFile).padStart(6, "0");
  const options = fromFile > 1 ? { startAfter } : {};
  const byFile = new Map<number, ListedSlice[]>();
  for (const meta of await store.list(prefix, options)) {
    const id = parseBinlogSliceKey(root, meta.key);
    if (id === undefined || id.file < fromFile) continue;
    const startPos = id.endPos - meta.size;
    if (meta.size === 0 || startPos < 0) {
      throw new CorruptionError(`binlog slice ${meta.key} has a bad size ${meta.size}`);
    }
    const slice: ListedSlice = {
      key: meta.key, file: id.file, term: id.term, startPos, endPos: id.endPos,
    };
    const list = byFile.get(id.file);
    if (list === undefined) byFile.set(id.file, [slice]);
    else list.push(slice);
  }
  return byFile;
}

/** The chain an index entry lists, checked against the listing. */
export function chainFromEntry(
  entry: BinlogIndexEntry,
  listed: readonly ListedSlice[],
): SliceChain {
  const slices: ListedSlice[] = [];
  let position = 0;
  for (const { term, endPos } of entry.slices) {
    const slice = listed.find((s) => s.term === term && s.endPos === endPos);
    if (slice === undefined || slice.startPos !== position) {
      throw new CorruptionError(
        `binlog file ${entry.file}: the index lists slice term ${term} end ${endPos}, ` +
          (slice === undefined ? "which is missing" : `which starts at ${slice.startPos}`),
      );
    }
    slices.push(slice);
    position = endPos;
  }
  return { file: entry.file, slices, endPos: position, entry };
}

/** The chain a listing gives for one file (see the file header). */
export function resolveSliceChain(file: number, listed: readonly ListedSlice[]): SliceChain {
  let last: ListedSlice | undefined;
  for (const slice of listed) {
    if (last === undefined || slice.term > last.term ||
      (slice.term === last.term && slice.endPos > last.endPos)) {
      last = slice;
    }
  }
  if (last === undefined) return { file, slices: [], endPos: 0, entry: undefined };
  const chain: ListedSlice[] = [last];
  let current = last;
  while (current.startPos > 0) {
    let previous: ListedSlice | undefined;
    for (const slice of listed) {
      if (slice.endPos !== current.startPos || slice.term > current.term) continue;
      if (previous === undefined || slice.term > previous.term) previous = slice;
    }
    if (previous === undefined) {
      throw new CorruptionError(
        `binlog file ${file}: no slice in the store ends at ${current.startPos} ` +
          `(the bytes before ${current.key} are missing)`,
      );
    }
    chain.push(previous);
    current = previous;
  }
  chain.reverse();
  return { file, slices: chain, endPos: last.endPos, entry: undefined };
}

/** What the store holds of the binlog from some file on. */
export interface ArchivedFiles {
  /** The listing covers every archived file with a number >= this one. */
  readonly fromFile: number;
  /** The chosen chain of each file, ascending by file number. */
  readonly chains: Map<number, SliceChain>;
  /** Files only a fenced writer's history holds (see the file header). */
  readonly fencedFiles: readonly number[];
}

/** Every archived file >= `fromFile` with its chosen chain (see the file header). */
export async function readArchivedFiles(
  store: ObjectStore,
  root: BranchRoot,
  fromFile: number,
): Promise<ArchivedFiles> {
  const listed = await listSlices(store, root, fromFile);
  const entries = await readIndexEntries(store, root, fromFile);
  const files = [...listed.keys()].sort((a, b) => a - b);
  const chains = new Map<number, SliceChain>();
  const fencedFiles: number[] = [];
  let termSeen = -1n;
  for (const file of files) {
    const slices = listed.get(file) ?? [];
    const entry = entries.get(file);
    const chain = entry === undefined ? resolveSliceChain(file, slices)
      : chainFromEntry(entry, slices);
    const top = chain.slices.reduce((max, slice) => (slice.term > max ? slice.term : max), -1n);
    if (fencedFiles.length > 0 || top < termSeen) {
      fencedFiles.push(file);
      continue;
    }
    termSeen = top;
    chains.set(file, chain);
  }
  return { fromFile, chains, fencedFiles };
}
