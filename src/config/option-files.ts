/**
 * Reads an option file and everything it includes into RawOptions, in file order, keeping only
 * the sections that configure wesql. File access is injected (`OptionFileSystem`) so that tests
 * run against an in-memory file system and the real one lives in util/local-files.ts.
 *
 * Invariants: includes nest at most `optionFileIncludeDepthMax` deep, a file never includes
 * itself (directly or through others), and one load reads at most `optionFilesMax` files.
 */

import { dirname, isAbsolute, join } from "node:path";
import { optionFileIncludeDepthMax, optionFilesMax } from "../constants.ts";
import { assertNever } from "../util/assert.ts";
import { ConfigError } from "../util/errors.ts";
import { appliedSections, parseMyCnf, type MyCnfItem } from "./my-cnf.ts";
import { locatedConfigError, type RawOption } from "./raw-option.ts";

export interface OptionFileSystem {
  /** The whole file as UTF-8 text; throws when it cannot be read. */
  readonly readTextFile: (path: string) => string;
  /** The names (not paths) of a directory's entries; throws when it cannot be listed. */
  readonly listDirectory: (path: string) => readonly string[];
}

interface ReadState {
  readonly fileSystem: OptionFileSystem;
  readonly options: RawOption[];
  /** Files being read, outermost first: the include chain, for cycle detection. */
  readonly chain: string[];
  fileCount: number;
}

/** Reads `path` (and its includes). Throws ConfigError when a file is missing or malformed. */
export function readOptionFile(path: string, fileSystem: OptionFileSystem): readonly RawOption[] {
  const state: ReadState = { fileSystem, options: [], chain: [], fileCount: 0 };
  readFile(state, path, "");
  return state.options;
}

/** `includedFrom` is "file:line" of the directive that named this file, or "" for the root. */
function readFile(state: ReadState, path: string, includedFrom: string): void {
  if (state.chain.includes(path)) {
    throw locatedConfigError(includedFrom, `option file '${path}' includes itself`);
  }
  if (state.chain.length > optionFileIncludeDepthMax) {
    throw locatedConfigError(
      includedFrom,
      `option files nest more than ${optionFileIncludeDepthMax} includes deep at '${path}'`,
    );
  }
  state.fileCount += 1;
  if (state.fileCount > optionFilesMax) {
    throw locatedConfigError(includedFrom, `more than ${optionFilesMax} option files to read`);
  }
  let text: string;
  try {
    text = state.fileSystem.readTextFile(path);
  } catch (error) {
    throw locatedConfigError(
      includedFrom,
      `cannot read option file '${path}': ${errorMessage(error)}`,
      error,
    );
  }
  state.chain.push(path);
  for (const item of parseMyCnf(text, path)) readItem(state, path, item);
  state.chain.pop();
}

function readItem(state: ReadState, path: string, item: MyCnfItem): void {
  const location = `${path}:${item.line}`;
  switch (item.kind) {
    case "option":
      if (!appliedSections.has(item.section)) return;
      state.options.push({ name: item.name, value: item.value, location, text: item.text });
      return;
    case "include":
      readFile(state, resolveFrom(path, item.path), location);
      return;
    case "includedir":
      readDirectory(state, resolveFrom(path, item.path), location);
      return;
    default:
      assertNever(item, "option file item");
  }
}

function readDirectory(state: ReadState, directory: string, location: string): void {
  let names: readonly string[];
  try {
    names = state.fileSystem.listDirectory(directory);
  } catch (error) {
    throw new ConfigError(
      `${location}: cannot list directory '${directory}': ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const files = names.filter((name) => name.endsWith(".cnf")).sort();
  for (const name of files) readFile(state, join(directory, name), location);
}

/** Include paths are relative to the directory of the file that names them. */
function resolveFrom(includingFile: string, path: string): string {
  return isAbsolute(path) ? path : join(dirname(includingFile), path);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
