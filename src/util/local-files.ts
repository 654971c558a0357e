/**
 * Plain synchronous reads of local files for start-up (option files). The only reason this is
 * separate from a fuller LocalDisk is scope: main.ts needs exactly these two calls, and `node:fs`
 * is allowed only under util/.
 */

import { readdirSync, readFileSync } from "node:fs";

/** The whole file as UTF-8 text. Throws the system error (ENOENT, EACCES, ...) when unreadable. */
export function readTextFile(path: string): string {
  return readFileSync(path, "utf8");
}

/** The names of a directory's entries (not paths), in no particular order. */
export function listDirectory(path: string): readonly string[] {
  return readdirSync(path);
}
