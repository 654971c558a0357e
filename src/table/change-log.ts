/**
 * ChangeLog: a transaction's row changes in execution order, in compact form, until COMMIT
 * turns them into the CommitRecord's RowChanges.
 *
 * Representation: per change three int32s (kind, before image, after image) and one table
 * reference. An image is the encoded row (row-format.ts), never a decoded Row: either a write
 * overlay slot (the row as this transaction wrote it: the same bytes the write batch gets, so
 * they are held once) or a record of the log's own arena (a before image read from the store).
 * RowChanges handed to the pipeline decode their images when read, so a 100k-row transaction
 * holds its rows as bytes, not as 100k arrays of values. Small transactions (the common case)
 * also keep the decoded rows the writer had anyway, for their first `rowsCachedChanges`
 * changes, so the binlog encoder does not decode what was just encoded.
 *
 * Invariants:
 * - Every referenced overlay slot is older than the change, so truncating the log and the
 *   overlay to marks taken together keeps every remaining reference valid.
 * - Provisional hidden row ids are listed in change order (for commit-time allocation).
 */

import { assertNever } from "../util/assert.ts";
import type { Row } from "../sql/types/value.ts";
import { ByteArena } from "./byte-arena.ts";
import type { LoggedTable, RowChange } from "./commit-pipeline.ts";
import { Int32Vector } from "./int32-vector.ts";
import { decodeRow } from "./row-codec.ts";
import type { WriteOverlay } from "./write-overlay.ts";

/** An image reference: an overlay slot (>= 0), NO_IMAGE, or an arena record (<= -2). */
export type ImageRef = number;
export const NO_IMAGE = -1;

const KIND_INSERT = 0;
const KIND_UPDATE = 1;
const KIND_DELETE = 2;
const KINDS = ["insert", "update", "delete"] as const;

/** Bytes per table reference in the tables array (a pointer). */
const referenceBytes = 8;
/** Changes whose decoded rows are kept (beyond this the log holds bytes only). */
const rowsCachedChanges = 64;

export class ChangeLog {
  readonly #overlay: WriteOverlay;
  /** Per change: kind, before image, after image. */
  readonly #changes = new Int32Vector(3);
  readonly #tables: LoggedTable[] = [];
  readonly #images = new ByteArena();
  /** Change index and id of each provisional hidden row id, in change order. */
  readonly #provisionalAt: number[] = [];
  readonly #provisional: bigint[] = [];
  /** Decoded before and after rows of the first changes (undefined: decode when read). */
  readonly #rows: (Row | undefined)[] = [];

  constructor(overlay: WriteOverlay) {
    this.#overlay = overlay;
  }

  get length(): number {
    return this.#changes.length;
  }

  get heldBytes(): number {
    return this.#changes.heldBytes + this.#tables.length * referenceBytes
      + this.#images.heldBytes + this.#provisional.length * 4 * referenceBytes
      + this.#rows.length * referenceBytes;
  }

  /** A before image read from the store: copied into the log's arena. */
  storedImage(bytes: Uint8Array): ImageRef {
    return -2 - this.#images.append(bytes);
  }

  /**
   * The rows, when given, must be the images' values and owned by the log from now on (the
   * caller passes copies it will not change).
   */
  insert(
    table: LoggedTable,
    after: ImageRef,
    provisionalRowId: bigint | undefined,
    afterRow?: Row,
  ): void {
    if (provisionalRowId !== undefined) {
      this.#provisionalAt.push(this.#changes.length);
      this.#provisional.push(provisionalRowId);
    }
    this.#add(KIND_INSERT, table, NO_IMAGE, after, undefined, afterRow);
  }

  update(
    table: LoggedTable,
    before: ImageRef,
    after: ImageRef,
    beforeRow?: Row,
    afterRow?: Row,
  ): void {
    this.#add(KIND_UPDATE, table, before, after, beforeRow, afterRow);
  }

  delete(table: LoggedTable, before: ImageRef, beforeRow?: Row): void {
    this.#add(KIND_DELETE, table, before, NO_IMAGE, beforeRow, undefined);
  }

  /** Whether the next change keeps its decoded rows (the writer then passes copies). */
  get keepsRows(): boolean {
    return this.#changes.length < rowsCachedChanges;
  }

  /** Keeps the first `length` changes (savepoint rollback; the overlay is undone alongside). */
  truncate(length: number): void {
    if (length >= this.#changes.length) return;
    const data = this.#changes.data;
    let firstImage = this.#images.count;
    for (let i = length; i < this.#changes.length; i++) {
      const before = data[i * 3 + 1]!;
      if (before <= -2) firstImage = Math.min(firstImage, -2 - before);
    }
    this.#images.truncate(firstImage);
    this.#changes.truncate(length);
    this.#tables.length = length;
    if (this.#rows.length > 2 * length) this.#rows.length = 2 * length;
    while (this.#provisionalAt.length > 0 && this.#provisionalAt.at(-1)! >= length) {
      this.#provisionalAt.pop();
      this.#provisional.pop();
    }
  }

  /** The table of each provisional hidden row id, with the id, in change order. */
  *provisionalRowIds(): Iterable<[tableId: number, provisional: bigint]> {
    for (const [i, at] of this.#provisionalAt.entries()) {
      yield [this.#tables[at]!.tableId, this.#provisional[i]!];
    }
  }

  /**
   * Inserted minus deleted rows as (table id, delta) pairs, flat, one pair per table with a
   * non-zero net change (a transaction touches few tables: a linear search beats a Map).
   */
  rowCountDeltas(): number[] {
    const deltas: number[] = [];
    const data = this.#changes.data;
    for (let i = 0; i < this.#changes.length; i++) {
      const kind = data[i * 3]!;
      if (kind === KIND_UPDATE) continue;
      const id = this.#tables[i]!.tableId;
      let at = 0;
      while (at < deltas.length && deltas[at] !== id) at += 2;
      if (at === deltas.length) deltas.push(id, 0);
      deltas[at + 1]! += kind === KIND_INSERT ? 1 : -1;
    }
    return deltas;
  }

  /** The changes as the pipeline takes them; each decodes its images when read. */
  rowChanges(): RowChange[] {
    const out: RowChange[] = [];
    const data = this.#changes.data;
    for (let i = 0; i < this.#changes.length; i++) {
      const kind = KINDS[data[i * 3]!]!;
      const table = this.#tables[i]!;
      const before = data[i * 3 + 1]!;
      const after = data[i * 3 + 2]!;
      const beforeRow = this.#rows[2 * i];
      const afterRow = this.#rows[2 * i + 1];
      switch (kind) {
        case "insert":
          out.push(new LoggedInsert(table, this, after, afterRow));
          break;
        case "update":
          out.push(new LoggedUpdate(table, this, [before, after], [beforeRow, afterRow]));
          break;
        case "delete":
          out.push(new LoggedDelete(table, this, before, beforeRow));
          break;
        default:
          assertNever(kind, "change kind");
      }
    }
    return out;
  }

  /** The encoded row an image reference names. */
  imageBytes(ref: ImageRef): Uint8Array {
    if (ref <= -2) return this.#images.view(-2 - ref);
    const value = this.#overlay.valueOf(ref);
    if (value === undefined) throw new Error("change log image is a deletion");
    return value;
  }

  decode(table: LoggedTable, ref: ImageRef): Row {
    return decodeRow(table.schema.columns, this.imageBytes(ref));
  }

  #add(
    kind: number,
    table: LoggedTable,
    before: ImageRef,
    after: ImageRef,
    beforeRow: Row | undefined,
    afterRow: Row | undefined,
  ): void {
    const index = this.#changes.push3(kind, before, after);
    this.#tables.push(table);
    if (index < rowsCachedChanges) {
      this.#rows[2 * index] = beforeRow;
      this.#rows[2 * index + 1] = afterRow;
    }
  }
}

/** An insert whose row is decoded on each read unless it was kept (see the file header). */
class LoggedInsert {
  readonly kind = "insert";
  readonly table: LoggedTable;
  readonly #log: ChangeLog;
  readonly #image: ImageRef;
  readonly #row: Row | undefined;

  constructor(table: LoggedTable, log: ChangeLog, image: ImageRef, row: Row | undefined) {
    this.table = table;
    this.#log = log;
    this.#image = image;
    this.#row = row;
  }

  get after(): Row {
    return this.#row ?? this.#log.decode(this.table, this.#image);
  }
}

class LoggedUpdate {
  readonly kind = "update";
  readonly table: LoggedTable;
  readonly #log: ChangeLog;
  readonly #images: readonly [ImageRef, ImageRef];
  readonly #rows: readonly [Row | undefined, Row | undefined];

  constructor(
    table: LoggedTable,
    log: ChangeLog,
    images: readonly [ImageRef, ImageRef],
    rows: readonly [Row | undefined, Row | undefined],
  ) {
    this.table = table;
    this.#log = log;
    this.#images = images;
    this.#rows = rows;
  }

  get before(): Row {
    return this.#rows[0] ?? this.#log.decode(this.table, this.#images[0]);
  }

  get after(): Row {
    return this.#rows[1] ?? this.#log.decode(this.table, this.#images[1]);
  }
}

class LoggedDelete {
  readonly kind = "delete";
  readonly table: LoggedTable;
  readonly #log: ChangeLog;
  readonly #image: ImageRef;
  readonly #row: Row | undefined;

  constructor(table: LoggedTable, log: ChangeLog, image: ImageRef, row: Row | undefined) {
    this.table = table;
    this.#log = log;
    this.#image = image;
    this.#row = row;
  }

  get before(): Row {
    return this.#row ?? this.#log.decode(this.table, this.#image);
  }
}
