/**
 * Reads a persistent-cache directory at open (PersistentCache.open): finds every chunk file,
 * verifies its header (persistent-cache-format.ts) against its name, place and length, and
 * removes temporary files and damaged chunk files. Files that are not the cache's own (names
 * that are neither temporary nor chunk files) are left alone. Only headers are read: the data
 * is verified page by page when it is read, so opening a 1 GiB cache reads ~4096 small headers.
 */

import { persistentCacheOpenReadsInFlightMax } from "../constants.ts";
import type { LocalDisk } from "../util/local-disk.ts";
import { localDiskTempPrefix } from "../util/local-disk.ts";
import type { Logger } from "../util/log.ts";
import {
  type ChunkHeader,
  chunkHeaderBytesMax,
  decodeChunkHeader,
  objectKeyHash,
  parseChunkFileName,
} from "./persistent-cache-format.ts";

/** A verified chunk file, not yet indexed. */
export interface LoadedChunk {
  readonly path: string;
  readonly header: ChunkHeader;
  readonly fileBytes: number;
}

export interface LoadedCacheDirectory {
  /** Verified chunks, oldest fill (lowest sequence) first. */
  readonly chunks: readonly LoadedChunk[];
  /** The key-hash subdirectories that exist. */
  readonly subdirectories: readonly string[];
  /** Temporary and damaged files removed. */
  readonly removedFiles: number;
}

export interface CacheDirectoryLayout {
  readonly disk: LocalDisk;
  /** Absolute path of the cache directory. */
  readonly directory: string;
  readonly chunkBytes: number;
  readonly pageBytes: number;
  readonly logger: Logger;
}

const subdirectoryPattern = /^[0-9a-f]{2}$/;

/** The subdirectory that holds the chunk files of a key with hash `keyHash`. */
export function chunkSubdirectory(directory: string, keyHash: string): string {
  return `${directory}/${keyHash.slice(0, 2)}`;
}

/** Scans the cache directory (creating it if missing); see the file header. */
export async function loadCacheDirectory(
  layout: CacheDirectoryLayout,
): Promise<LoadedCacheDirectory> {
  const { disk, directory } = layout;
  await disk.mkdirp(directory);
  const chunks: LoadedChunk[] = [];
  const subdirectories: string[] = [];
  let removedFiles = 0;
  for (const top of await disk.list(directory)) {
    const path = `${directory}/${top.name}`;
    if (!top.isDirectory) {
      if (top.name.startsWith(localDiskTempPrefix)) {
        await removeFile(disk, path);
        removedFiles += 1;
      }
      continue;
    }
    if (!subdirectoryPattern.test(top.name)) continue;
    subdirectories.push(path);
    const names = (await disk.list(path)).filter((entry) => !entry.isDirectory);
    for (let i = 0; i < names.length; i += persistentCacheOpenReadsInFlightMax) {
      const batch = names.slice(i, i + persistentCacheOpenReadsInFlightMax);
      const results = await Promise.all(batch.map((entry) => loadFile(layout, path, entry.name)));
      for (const result of results) {
        if (result === "removed") removedFiles += 1;
        else if (result !== undefined) chunks.push(result);
      }
    }
  }
  chunks.sort((a, b) => a.header.sequence - b.header.sequence);
  return { chunks, subdirectories, removedFiles };
}

/** One file of a subdirectory: a chunk, "removed" (temporary or damaged), or undefined (not a
 * cache file; left alone). */
async function loadFile(
  layout: CacheDirectoryLayout,
  subdirectory: string,
  name: string,
): Promise<LoadedChunk | "removed" | undefined> {
  const path = `${subdirectory}/${name}`;
  if (name.startsWith(localDiskTempPrefix)) {
    await removeFile(layout.disk, path);
    return "removed";
  }
  const parsed = parseChunkFileName(name);
  if (parsed === undefined) return undefined;
  let reason: string;
  try {
    const headerBytesMax = chunkHeaderBytesMax(layout.chunkBytes, layout.pageBytes);
    const bytes = await layout.disk.readRange(path, 0, headerBytesMax);
    const fileBytes = (await layout.disk.stat(path)).size;
    const decoded = decodeChunkHeader(bytes);
    if (decoded.kind === "header") {
      const header = decoded.header;
      reason = mismatch(layout, header, parsed, subdirectory, fileBytes);
      if (reason === "") return { path, header, fileBytes };
    } else {
      reason = decoded.reason;
    }
  } catch (error) {
    reason = `unreadable: ${String(error)}`;
  }
  layout.logger.warn("persistent cache: damaged chunk file removed", { path, reason });
  await removeFile(layout.disk, path);
  return "removed";
}

/** Why a well-formed header does not belong in `subdirectory` under its name; "" if it does. */
function mismatch(
  layout: CacheDirectoryLayout,
  header: ChunkHeader,
  name: { readonly keyHash: string; readonly chunkIndex: number },
  subdirectory: string,
  fileBytes: number,
): string {
  if (header.chunkBytes !== layout.chunkBytes) return "written with another chunk size";
  if (header.pageBytes !== layout.pageBytes) return "written with another page size";
  if (header.keyHash !== name.keyHash) return "key hash differs from the file name";
  if (objectKeyHash(header.key) !== header.keyHash) return "key hash differs from the key";
  if (header.chunkIndex !== name.chunkIndex) return "chunk index differs from the file name";
  if (chunkSubdirectory(layout.directory, header.keyHash) !== subdirectory) {
    return "in the wrong subdirectory";
  }
  if (fileBytes !== header.dataOffset + header.dataLength) return "file length is wrong";
  return "";
}

/** Removes a file; a file already gone, or one the disk refuses to remove, is not an error:
 * the next open tries again. */
export async function removeFile(disk: LocalDisk, path: string): Promise<void> {
  try {
    await disk.unlink(path);
  } catch {
    // See above.
  }
}
