/**
 * The whole object naming scheme (ARCHITECTURE §3), in one place (leveldb db/filename.h,
 * SlateDB paths.rs). Every key lives under a branch root `<repo>/<branch>/`:
 *
 *   WRITER_EPOCH                                      mutable, CAS only
 *   manifest/<epoch:010>-<seq:020>                    immutable manifest versions
 *   sst/<epoch:010>-<seq:020>.sst                     immutable SSTs
 *   binlog/binlog.<file:06>.<term:020>.<endpos:010>   binlog slices (WeSQL's key format)
 *   binlog/index/<epoch:010>-<seq:020>                append-only slice index entries
 *
 * Numbers are decimal, zero-padded to a fixed width, so ascending key order (list) is ascending
 * numeric order. Epochs, sequence numbers and terms are bigint; binlog file numbers and end
 * positions are numbers. Every builder asserts its inputs fit; every parser accepts exactly what
 * the builder produces (fixed widths, digits only) and returns undefined for anything else, so
 * parse(build(x)) = x and build(parse(name)) = name.
 */

import { assert } from "../util/assert.ts";
import { validateObjectKey } from "./object-key.ts";

/** A branch root: `<repo>/<branch>/`, always ending in '/'. */
export type BranchRoot = string & { readonly __brand: "BranchRoot" };

export interface EpochSeq {
  readonly epoch: bigint;
  readonly seq: bigint;
}

export interface BinlogSliceId {
  /** The binlog file number, as in `binlog.000001`. */
  readonly file: number;
  /** The consensus term that wrote the slice. */
  readonly term: bigint;
  /** The byte position in the binlog file where the slice ends. */
  readonly endPos: number;
}

export const writerEpochName = "WRITER_EPOCH";
export const manifestDir = "manifest/";
export const sstDir = "sst/";
export const binlogDir = "binlog/";
export const binlogIndexDir = "binlog/index/";

const epochDigits = 10;
const seqDigits = 20;
const fileDigits = 6;
const termDigits = 20;
const endPosDigits = 10;

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The root of one branch of one repository; ids are 1-64 characters of A-Z a-z 0-9 _ -. */
export function branchRoot(repo: string, branch: string): BranchRoot {
  assert(idPattern.test(repo), `bad repository id: ${repo}`);
  assert(idPattern.test(branch), `bad branch id: ${branch}`);
  return `${repo}/${branch}/` as BranchRoot;
}

function pad(value: bigint | number, digits: number, what: string): string {
  const text = value.toString();
  assert(value >= 0 && text.length <= digits, `${what} out of range: ${text}`);
  return text.padStart(digits, "0");
}

/** The digits of a fixed-width field, or undefined unless it is exactly `digits` digits. */
function digitsOf(text: string, digits: number): string | undefined {
  return text.length === digits && /^[0-9]+$/.test(text) ? text : undefined;
}

function checked(key: string): string {
  validateObjectKey(key);
  return key;
}

export function writerEpochKey(root: BranchRoot): string {
  return checked(root + writerEpochName);
}

// ---- epoch-seq names (manifest/, sst/, binlog/index/) ------------------------------------------

function epochSeqName({ epoch, seq }: EpochSeq): string {
  return `${pad(epoch, epochDigits, "epoch")}-${pad(seq, seqDigits, "seq")}`;
}

/** Parses `<epoch:010>-<seq:020>`; undefined when malformed. */
export function parseEpochSeqName(name: string): EpochSeq | undefined {
  const parts = name.split("-");
  if (parts.length !== 2) return undefined;
  const epoch = digitsOf(parts[0] ?? "", epochDigits);
  const seq = digitsOf(parts[1] ?? "", seqDigits);
  if (epoch === undefined || seq === undefined) return undefined;
  return { epoch: BigInt(epoch), seq: BigInt(seq) };
}

/** The part of `key` after `root + dir`, or undefined when `key` is not directly under it. */
function nameUnder(root: BranchRoot, dir: string, key: string): string | undefined {
  const prefix = root + dir;
  if (!key.startsWith(prefix)) return undefined;
  const name = key.slice(prefix.length);
  return name.includes("/") ? undefined : name;
}

export function manifestPrefix(root: BranchRoot): string {
  return root + manifestDir;
}

export function manifestKey(root: BranchRoot, id: EpochSeq): string {
  return checked(manifestPrefix(root) + epochSeqName(id));
}

export function parseManifestKey(root: BranchRoot, key: string): EpochSeq | undefined {
  const name = nameUnder(root, manifestDir, key);
  return name === undefined ? undefined : parseEpochSeqName(name);
}

export function sstPrefix(root: BranchRoot): string {
  return root + sstDir;
}

export function sstKey(root: BranchRoot, id: EpochSeq): string {
  return checked(`${sstPrefix(root)}${epochSeqName(id)}.sst`);
}

export function parseSstKey(root: BranchRoot, key: string): EpochSeq | undefined {
  const name = nameUnder(root, sstDir, key);
  if (name === undefined || !name.endsWith(".sst")) return undefined;
  return parseEpochSeqName(name.slice(0, -".sst".length));
}

export function binlogIndexPrefix(root: BranchRoot): string {
  return root + binlogIndexDir;
}

export function binlogIndexKey(root: BranchRoot, id: EpochSeq): string {
  return checked(binlogIndexPrefix(root) + epochSeqName(id));
}

export function parseBinlogIndexKey(root: BranchRoot, key: string): EpochSeq | undefined {
  const name = nameUnder(root, binlogIndexDir, key);
  return name === undefined ? undefined : parseEpochSeqName(name);
}

// ---- binlog slices -----------------------------------------------------------------------------

/** Prefix of all slices; note binlog/index/ entries share it, list with binlogSlicePrefix. */
export function binlogSlicePrefix(root: BranchRoot): string {
  return `${root}${binlogDir}binlog.`;
}

export function binlogSliceName({ file, term, endPos }: BinlogSliceId): string {
  assert(Number.isSafeInteger(file), "binlog file number must be an integer");
  assert(Number.isSafeInteger(endPos), "binlog end position must be an integer");
  const fileText = pad(file, fileDigits, "binlog file number");
  const termText = pad(term, termDigits, "term");
  return `binlog.${fileText}.${termText}.${pad(endPos, endPosDigits, "endPos")}`;
}

/** Parses `binlog.<file:06>.<term:020>.<endpos:010>`; undefined when malformed. */
export function parseBinlogSliceName(name: string): BinlogSliceId | undefined {
  const parts = name.split(".");
  if (parts.length !== 4 || parts[0] !== "binlog") return undefined;
  const file = digitsOf(parts[1] ?? "", fileDigits);
  const term = digitsOf(parts[2] ?? "", termDigits);
  const endPos = digitsOf(parts[3] ?? "", endPosDigits);
  if (file === undefined || term === undefined || endPos === undefined) return undefined;
  return { file: Number(file), term: BigInt(term), endPos: Number(endPos) };
}

export function binlogSliceKey(root: BranchRoot, id: BinlogSliceId): string {
  return checked(root + binlogDir + binlogSliceName(id));
}

export function parseBinlogSliceKey(root: BranchRoot, key: string): BinlogSliceId | undefined {
  const name = nameUnder(root, binlogDir, key);
  return name === undefined ? undefined : parseBinlogSliceName(name);
}
