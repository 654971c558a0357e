/**
 * An in-memory OptionFileSystem: a map of path → contents, with directories implied by the
 * paths (as leveldb's in-memory Env). Used by tests and anything that embeds a configuration
 * without real files. Paths are compared as strings; no normalisation is done.
 */

import type { OptionFileSystem } from "./option-files.ts";

export function memoryOptionFileSystem(files: Readonly<Record<string, string>>): OptionFileSystem {
  return {
    readTextFile(path: string): string {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    listDirectory(path: string): readonly string[] {
      const prefix = path.endsWith("/") ? path : `${path}/`;
      const names = Object.keys(files)
        .filter((file) => file.startsWith(prefix))
        .map((file) => file.slice(prefix.length))
        .filter((name) => !name.includes("/"));
      if (names.length === 0)
        throw new Error(`ENOENT: no such file or directory, scandir '${path}'`);
      return names;
    },
  };
}
