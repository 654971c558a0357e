/**
 * Collations: how character strings compare, group and sort. Every collation here offers three
 * views of one total preorder, and they always agree:
 *   compare(a, b) < 0  <=>  sortKey(a) < sortKey(b)   (plain JS `<`, UTF-16 code unit order)
 *   equals(a, b)       <=>  compare(a, b) === 0        <=>  sortKey(a) === sortKey(b)
 * So sortKey is safe for hash keys (GROUP BY, DISTINCT, hash joins) and index keys.
 *
 * Families and the approximations we make (documented, deliberate):
 * - `_bin` / binary: UTF-16 code unit order. MySQL orders by code point (UTF-8 bytes); the two
 *   differ only between U+E000..U+FFFF and supplementary characters (emoji).
 * - `general_ci` (utf8mb4, utf8mb3, ascii, latin1_general_ci): one weight per code unit, the
 *   upper-case base letter (accents removed when the character decomposes into one base letter
 *   plus combining marks). No expansions: 'ß' = 's', 'ß' != 'ss', as MySQL. MySQL gives every
 *   supplementary character the same weight in utf8mb4_general_ci; we keep them distinct.
 * - `latin1_swedish_ci`: general_ci plus the Swedish letters after Z: Å < Ä = Æ < Ö = Ø, and
 *   Ü = Y, as MySQL's latin1 sort order.
 * - `_0900_ai_ci` and `unicode_ci`: NFD, case fold (upper then lower, so 'ß' = 'ss'), strip
 *   combining marks, then code unit order of the folded text. UCA would put punctuation before
 *   digits before letters; we keep code unit order between those classes.
 * - `_0900_as_cs`: the `_0900_ai_ci` order first, ties broken by the exact text, so only equal
 *   strings are equal.
 * - PAD SPACE collations remove trailing U+0020 before comparing. MySQL pads the shorter string
 *   with spaces instead, which differs only when the longer string continues with a character
 *   below U+0020 (we sort "a\t" after "a", MySQL before).
 *
 * Speed: compare and equals allocate nothing when both strings are ASCII (the common case).
 */

import { assert } from "../../util/assert.ts";

export interface Collation {
  readonly name: string;
  readonly id: number;
  readonly charset: string;
  readonly isDefault: boolean;
  /** PAD SPACE (trailing spaces ignored) rather than NO PAD. */
  readonly padSpace: boolean;
  compare(a: string, b: string): number;
  equals(a: string, b: string): boolean;
  /** A string whose plain JS `<` order equals this collation's order. */
  sortKey(s: string): string;
}

export interface CharsetInfo {
  readonly name: string;
  readonly description: string;
  readonly defaultCollation: string;
  /** Bytes per character at most. */
  readonly maxLength: number;
}

type Family = "bin" | "general" | "swedish" | "ai" | "as";

const space = 0x20;

/** Length of `s` without its trailing U+0020 characters. */
function paddedLength(s: string): number {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === space) end--;
  return end;
}

function isAscii(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function compareUnits(a: string, aEnd: number, b: string, bEnd: number): number {
  const n = aEnd < bEnd ? aEnd : bEnd;
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return aEnd === bEnd ? 0 : aEnd < bEnd ? -1 : 1;
}

// ---- per-code-unit weights (general_ci, latin1_swedish_ci) -----------------------------------

const combiningMark = /^\p{M}+$/u;
const sharpS = 0xdf;

/** The general_ci weight of one UTF-16 code unit: upper-case base letter. */
function generalWeightOf(unit: number): number {
  if (unit < 0x80) return unit >= 0x61 && unit <= 0x7a ? unit - 0x20 : unit;
  if (unit === sharpS) return 0x53; // MySQL's general_ci weighs 'ß' as 'S' (no expansion).
  if (unit >= 0xd800 && unit <= 0xdfff) return unit; // Surrogate halves keep their identity.
  const decomposed = String.fromCharCode(unit).normalize("NFD");
  let base = decomposed.charCodeAt(0);
  if (decomposed.length > 1 && !combiningMark.test(decomposed.slice(1))) base = unit;
  const upper = String.fromCharCode(base).toUpperCase();
  return upper.length === 1 ? upper.charCodeAt(0) : base;
}

/** Swedish exceptions over latin1 (weights above 'Z' so the letters sort after it). */
const swedishOverrides: ReadonlyMap<number, number> = new Map([
  [0xc5, 0xc5], [0xe5, 0xc5], // Å å
  [0xc4, 0xc6], [0xe4, 0xc6], [0xc6, 0xc6], [0xe6, 0xc6], // Ä ä Æ æ
  [0xd6, 0xd6], [0xf6, 0xd6], [0xd8, 0xd6], [0xf8, 0xd6], // Ö ö Ø ø
  [0xdc, 0x59], [0xfc, 0x59], // Ü ü sort as Y
]);

/** Lazily filled weight table over all 65536 code units; 0 means "not computed yet". */
function makeWeightTable(weightOf: (unit: number) => number): (unit: number) => number {
  const table = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x80; unit++) table[unit] = weightOf(unit);
  return (unit) => {
    const cached = table[unit]!;
    if (cached !== 0 || unit === 0) return cached;
    const weight = weightOf(unit);
    assert(weight > 0 && weight <= 0xffff, "collation weights are non-zero code units");
    table[unit] = weight;
    return weight;
  };
}

const generalWeight = makeWeightTable(generalWeightOf);
const swedishWeight = makeWeightTable(
  (unit) => swedishOverrides.get(unit) ?? generalWeightOf(unit),
);

function compareWeights(
  weight: (unit: number) => number,
  a: string,
  aEnd: number,
  b: string,
  bEnd: number,
): number {
  const n = aEnd < bEnd ? aEnd : bEnd;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const d = weight(x) - weight(y);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return aEnd === bEnd ? 0 : aEnd < bEnd ? -1 : 1;
}

function weightKey(weight: (unit: number) => number, s: string, end: number): string {
  let out = "";
  for (let i = 0; i < end; i++) out += String.fromCharCode(weight(s.charCodeAt(i)));
  return out;
}

// ---- accent- and case-insensitive folding (_0900_ai_ci, unicode_ci) --------------------------

const combiningMarks = /\p{M}/gu;

/** The folded text _ai_ci compares; ASCII folds to lower case. */
/** Matches an upper-case ASCII letter or a non-ASCII unit: text without one is already folded. */
const unfoldedUnit = /[^\x00-\x40\x5b-\x7f]/;

function aiFold(s: string, end: number): string {
  const text = end === s.length ? s : s.slice(0, end);
  // One native scan answers the common case (digits, punctuation, lower-case ASCII) without
  // the isAscii loop and toLowerCase's copy.
  if (!unfoldedUnit.test(text)) return text;
  if (isAscii(text, text.length)) return text.toLowerCase();
  const folded = text.normalize("NFD").toUpperCase().toLowerCase();
  return folded.normalize("NFD").replace(combiningMarks, "");
}

function lowerAscii(unit: number): number {
  return unit >= 0x41 && unit <= 0x5a ? unit + 0x20 : unit;
}

/** Compares ASCII prefixes folded to lower case; `tieBreak` then compares the exact text. */
function compareAsciiFolded(
  a: string,
  aEnd: number,
  b: string,
  bEnd: number,
  tieBreak: boolean,
): number {
  const n = aEnd < bEnd ? aEnd : bEnd;
  let exact = 0;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const d = lowerAscii(x) - lowerAscii(y);
    if (d !== 0) return d < 0 ? -1 : 1;
    if (exact === 0) exact = x < y ? -1 : 1;
  }
  if (aEnd !== bEnd) return aEnd < bEnd ? -1 : 1;
  return tieBreak ? exact : 0;
}

/**
 * Order-preserving, prefix-free encoding of a primary key part: NUL becomes NUL 0x01 and the
 * part ends with NUL NUL, so a shorter primary sorts first whatever follows it.
 */
function terminated(primary: string): string {
  return primary.replaceAll("\u0000", "\u0000\u0001") + "\u0000\u0000";
}

// ---- the collation class ---------------------------------------------------------------------

class FamilyCollation implements Collation {
  constructor(
    readonly name: string,
    readonly id: number,
    readonly charset: string,
    readonly isDefault: boolean,
    readonly padSpace: boolean,
    readonly family: Family,
  ) {}

  compare(a: string, b: string): number {
    const aEnd = this.padSpace ? paddedLength(a) : a.length;
    const bEnd = this.padSpace ? paddedLength(b) : b.length;
    switch (this.family) {
      case "bin":
        return compareUnits(a, aEnd, b, bEnd);
      case "general":
        return compareWeights(generalWeight, a, aEnd, b, bEnd);
      case "swedish":
        return compareWeights(swedishWeight, a, aEnd, b, bEnd);
      case "ai":
      case "as":
        return this.#compareFolded(a, aEnd, b, bEnd);
    }
  }

  #compareFolded(a: string, aEnd: number, b: string, bEnd: number): number {
    const tieBreak = this.family === "as";
    if (isAscii(a, aEnd) && isAscii(b, bEnd)) {
      return compareAsciiFolded(a, aEnd, b, bEnd, tieBreak);
    }
    const x = aiFold(a, aEnd);
    const y = aiFold(b, bEnd);
    const primary = x < y ? -1 : x > y ? 1 : 0;
    if (primary !== 0 || !tieBreak) return primary;
    return compareUnits(a, aEnd, b, bEnd);
  }

  equals(a: string, b: string): boolean {
    if (a === b) return true;
    if (this.family === "bin" && !this.padSpace) return false;
    return this.compare(a, b) === 0;
  }

  sortKey(s: string): string {
    const end = this.padSpace ? paddedLength(s) : s.length;
    switch (this.family) {
      case "bin":
        return end === s.length ? s : s.slice(0, end);
      case "general":
        return isAscii(s, end) ? s.slice(0, end).toUpperCase() : weightKey(generalWeight, s, end);
      case "swedish":
        return weightKey(swedishWeight, s, end);
      case "ai":
        return aiFold(s, end);
      case "as":
        return terminated(aiFold(s, end)) + s.slice(0, end);
    }
  }
}

// ---- the registry ----------------------------------------------------------------------------

function charset(
  name: string,
  description: string,
  defaultCollation: string,
  maxLength: number,
): CharsetInfo {
  return { name, description, defaultCollation, maxLength };
}

const charsets: readonly CharsetInfo[] = [
  charset("ascii", "US ASCII", "ascii_general_ci", 1),
  charset("binary", "Binary pseudo charset", "binary", 1),
  charset("latin1", "cp1252 West European", "latin1_swedish_ci", 1),
  charset("utf8mb3", "UTF-8 Unicode", "utf8mb3_general_ci", 3),
  charset("utf8mb4", "UTF-8 Unicode", "utf8mb4_0900_ai_ci", 4),
];

/** [name, id, charset, padSpace, family]; isDefault comes from the charset table. */
const definitions: readonly (readonly [string, number, string, boolean, Family])[] = [
  ["latin1_swedish_ci", 8, "latin1", true, "swedish"],
  ["ascii_general_ci", 11, "ascii", true, "general"],
  ["utf8mb3_general_ci", 33, "utf8mb3", true, "general"],
  ["utf8mb4_general_ci", 45, "utf8mb4", true, "general"],
  ["utf8mb4_bin", 46, "utf8mb4", true, "bin"],
  ["latin1_bin", 47, "latin1", true, "bin"],
  ["latin1_general_ci", 48, "latin1", true, "general"],
  ["binary", 63, "binary", false, "bin"],
  ["ascii_bin", 65, "ascii", true, "bin"],
  ["utf8mb3_bin", 83, "utf8mb3", true, "bin"],
  ["utf8mb3_unicode_ci", 192, "utf8mb3", true, "ai"],
  ["utf8mb4_unicode_ci", 224, "utf8mb4", true, "ai"],
  ["utf8mb4_0900_ai_ci", 255, "utf8mb4", false, "ai"],
  ["utf8mb4_0900_as_cs", 278, "utf8mb4", false, "as"],
  ["utf8mb4_0900_bin", 309, "utf8mb4", false, "bin"],
];

const collations: readonly Collation[] = definitions.map(([name, id, set, padSpace, family]) => {
  const isDefault = charsets.some((c) => c.name === set && c.defaultCollation === name);
  return new FamilyCollation(name, id, set, isDefault, padSpace, family);
});

const byName = new Map<string, Collation>(collations.map((c) => [c.name, c]));
const byId = new Map<number, Collation>(collations.map((c) => [c.id, c]));
// MySQL 8.0 still accepts the old utf8 spellings as aliases of utf8mb3.
byName.set("utf8_general_ci", byName.get("utf8mb3_general_ci")!);
byName.set("utf8_bin", byName.get("utf8mb3_bin")!);
byName.set("utf8_unicode_ci", byName.get("utf8mb3_unicode_ci")!);

function canonicalCharset(name: string): string {
  const lower = name.toLowerCase();
  return lower === "utf8" ? "utf8mb3" : lower;
}

/** The collation called `name` (case-insensitive, utf8_* aliases accepted). */
export function getCollation(name: string): Collation | undefined {
  return byName.get(name.toLowerCase());
}

export function collationById(id: number): Collation | undefined {
  return byId.get(id);
}

/** The default collation of `charset` ("utf8" means utf8mb3, as MySQL 8.0). */
export function defaultCollationForCharset(charset: string): Collation | undefined {
  const info = charsets.find((c) => c.name === canonicalCharset(charset));
  return info === undefined ? undefined : byName.get(info.defaultCollation);
}

/** Every collation, ordered by id (SHOW COLLATION, information_schema.COLLATIONS). */
export function listCollations(): readonly Collation[] {
  return collations;
}

/** Every character set, ordered by name (SHOW CHARACTER SET). */
export function listCharsets(): readonly CharsetInfo[] {
  return charsets;
}

export const binaryCollation: Collation = byId.get(63)!;
