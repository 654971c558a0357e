/**
 * GtidSet: a set of global transaction ids (sid:gno), as MySQL's Gtid_set. Each sid (a server
 * uuid, kept in lower case) maps to sorted, disjoint, non-adjacent intervals of gnos.
 *
 * Text form (gtid_executed, SHOW MASTER STATUS): "uuid:1-5:7,uuid2:1-3" — sids in ascending
 * order, intervals ascending, a single gno printed alone. `parse` also accepts whitespace and
 * newlines around the separators, as MySQL does.
 * Binary form (the PREVIOUS_GTIDS event body, binlog-event-format.ts): u64 sid count; per sid
 * 16 uuid bytes, u64 interval count, per interval u64 start and u64 end (exclusive).
 *
 * Invariants: every gno is in [1, 2^63 - 1); intervals are stored as [start, end) pairs with
 * start < end, and each interval's end is strictly below the next one's start. Mutable, single
 * owner; `clone` to share.
 */

import { assert } from "../util/assert.ts";
import { CorruptionError } from "../util/errors.ts";
import { ER_MALFORMED_GTID_SET_SPECIFICATION } from "../util/mysql-errors.ts";
import { sqlError } from "../sql/sql-error.ts";

/** MySQL's GNO_END: gnos are below 2^63 - 1. */
const GNO_END = (1n << 63n) - 1n;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_BYTES = 16;

/** Validates and lower-cases a uuid; undefined when it is not one. */
export function normalizeSid(sid: string): string | undefined {
  const lower = sid.trim().toLowerCase();
  return UUID_PATTERN.test(lower) ? lower : undefined;
}

/** The last conversion: a server logs one sid, so every GTID event converts the same text. */
let lastSidText = "";
let lastSidBytes = new Uint8Array(UUID_BYTES);

/** The 16 bytes of a uuid in text form (a fresh copy the caller may keep). */
export function sidToBytes(sid: string): Uint8Array {
  if (sid === lastSidText) return lastSidBytes.slice();
  const normalized = normalizeSid(sid);
  assert(normalized !== undefined, `not a uuid: ${sid}`);
  const hex = normalized.replaceAll("-", "");
  const bytes = new Uint8Array(UUID_BYTES);
  for (let i = 0; i < UUID_BYTES; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  lastSidText = sid;
  lastSidBytes = bytes.slice();
  return bytes;
}

/** The text form of 16 uuid bytes. */
export function sidFromBytes(bytes: Uint8Array): string {
  assert(bytes.length === UUID_BYTES, "uuid is 16 bytes");
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}

export class GtidSet {
  /** sid → flat [start0, end0, start1, end1, ...], ends exclusive. */
  readonly #intervals = new Map<string, bigint[]>();

  /** Adds one gno (>= 1) of `sid`. */
  add(sid: string, gno: bigint): void {
    this.addInterval(sid, gno, gno + 1n);
  }

  /** Adds the gnos [start, end) of `sid`. */
  addInterval(sid: string, start: bigint, end: bigint): void {
    const key = normalizeSid(sid);
    assert(key !== undefined, `not a uuid: ${sid}`);
    assert(start >= 1n && start < end && end <= GNO_END, "gno interval out of range");
    let list = this.#intervals.get(key);
    if (list === undefined) {
      list = [];
      this.#intervals.set(key, list);
    }
    // The common case: appending the next gno of a running server.
    const last = list.length - 1;
    if (last > 0 && list[last]! >= start && list[last - 1]! <= start) {
      if (end > list[last]!) list[last] = end;
      return;
    }
    mergeInterval(list, start, end);
  }

  /** Adds every gno of `other`. */
  addSet(other: GtidSet): void {
    for (const [sid, list] of other.#intervals) {
      for (let i = 0; i < list.length; i += 2) this.addInterval(sid, list[i]!, list[i + 1]!);
    }
  }

  contains(sid: string, gno: bigint): boolean {
    const key = normalizeSid(sid);
    if (key === undefined) return false;
    const list = this.#intervals.get(key);
    if (list === undefined) return false;
    for (let i = 0; i < list.length; i += 2) {
      if (gno < list[i]!) return false;
      if (gno < list[i + 1]!) return true;
    }
    return false;
  }

  get isEmpty(): boolean {
    return this.#intervals.size === 0;
  }

  /** The largest gno of `sid` in the set, or 0n. */
  lastGno(sid: string): bigint {
    const list = this.#intervals.get(normalizeSid(sid) ?? "");
    if (list === undefined || list.length === 0) return 0n;
    return list[list.length - 1]! - 1n;
  }

  clone(): GtidSet {
    const copy = new GtidSet();
    for (const [sid, list] of this.#intervals) copy.#intervals.set(sid, [...list]);
    return copy;
  }

  equals(other: GtidSet): boolean {
    return this.toString() === other.toString();
  }

  /** MySQL text form, e.g. "uuid:1-5:7,uuid2:1-3"; "" for the empty set. */
  toString(): string {
    const parts: string[] = [];
    for (const sid of [...this.#intervals.keys()].sort()) {
      const list = this.#intervals.get(sid)!;
      let text = sid;
      for (let i = 0; i < list.length; i += 2) {
        const start = list[i]!;
        const lastGno = list[i + 1]! - 1n;
        text += start === lastGno ? `:${start}` : `:${start}-${lastGno}`;
      }
      parts.push(text);
    }
    return parts.join(",");
  }

  /** Parses MySQL's text form; SqlError ER_MALFORMED_GTID_SET_SPECIFICATION when malformed. */
  static parse(text: string): GtidSet {
    const set = new GtidSet();
    const trimmed = text.trim();
    if (trimmed === "") return set;
    for (const element of trimmed.split(",")) {
      const pieces = element.split(":").map((piece) => piece.trim());
      const sid = normalizeSid(pieces[0] ?? "");
      if (sid === undefined || pieces.length < 2) {
        throw sqlError(ER_MALFORMED_GTID_SET_SPECIFICATION, text);
      }
      for (const range of pieces.slice(1)) {
        const match = /^(\d+)(?:-(\d+))?$/.exec(range);
        if (match === null) throw sqlError(ER_MALFORMED_GTID_SET_SPECIFICATION, text);
        const start = BigInt(match[1]!);
        const last = match[2] === undefined ? start : BigInt(match[2]);
        if (start < 1n || last < start || last >= GNO_END) {
          throw sqlError(ER_MALFORMED_GTID_SET_SPECIFICATION, text);
        }
        set.addInterval(sid, start, last + 1n);
      }
    }
    return set;
  }

  /** The binary form (PREVIOUS_GTIDS body); sids in ascending text order. */
  encode(): Uint8Array {
    const sids = [...this.#intervals.keys()].sort();
    let size = 8;
    for (const sid of sids) size += UUID_BYTES + 8 + this.#intervals.get(sid)!.length * 8;
    const bytes = new Uint8Array(size);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt(sids.length), true);
    let offset = 8;
    for (const sid of sids) {
      const list = this.#intervals.get(sid)!;
      bytes.set(sidToBytes(sid), offset);
      view.setBigUint64(offset + UUID_BYTES, BigInt(list.length / 2), true);
      offset += UUID_BYTES + 8;
      for (const bound of list) {
        view.setBigUint64(offset, bound, true);
        offset += 8;
      }
    }
    assert(offset === size, "gtid set encoding size");
    return bytes;
  }

  /** Decodes the binary form; CorruptionError when it is malformed. */
  static decode(bytes: Uint8Array): GtidSet {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const fail = (why: string): CorruptionError =>
      new CorruptionError(`gtid set encoding: ${why}`);
    const u64 = (offset: number): bigint => {
      if (offset + 8 > bytes.length) throw fail("truncated");
      return view.getBigUint64(offset, true);
    };
    const set = new GtidSet();
    const sidCount = u64(0);
    let offset = 8;
    for (let s = 0n; s < sidCount; s++) {
      if (offset + UUID_BYTES > bytes.length) throw fail("truncated");
      const sid = sidFromBytes(bytes.subarray(offset, offset + UUID_BYTES));
      const intervalCount = u64(offset + UUID_BYTES);
      offset += UUID_BYTES + 8;
      if (intervalCount * 16n > BigInt(bytes.length - offset)) throw fail("truncated");
      for (let i = 0n; i < intervalCount; i++) {
        const start = u64(offset);
        const end = u64(offset + 8);
        offset += 16;
        if (start < 1n || start >= end || end > GNO_END) throw fail("bad interval");
        set.addInterval(sid, start, end);
      }
    }
    if (offset !== bytes.length) throw fail("trailing bytes");
    return set;
  }
}

/** Inserts [start, end) into a sorted flat interval list, merging overlaps and neighbours. */
function mergeInterval(list: bigint[], start: bigint, end: bigint): void {
  let low = start;
  let high = end;
  const kept: bigint[] = [];
  let inserted = false;
  for (let i = 0; i < list.length; i += 2) {
    const a = list[i]!;
    const b = list[i + 1]!;
    if (b < low) {
      kept.push(a, b);
    } else if (a > high) {
      if (!inserted) kept.push(low, high);
      inserted = true;
      kept.push(a, b);
    } else {
      low = a < low ? a : low;
      high = b > high ? b : high;
    }
  }
  if (!inserted) kept.push(low, high);
  list.length = 0;
  list.push(...kept);
}
