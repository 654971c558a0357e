/**
 * The optional metadata block MySQL 8.0 appends to TABLE_MAP after the nullable bitmap with
 * binlog_row_metadata=MINIMAL (the default): type-length-value fields, each u8 type ‖ packed
 * length ‖ value. Readers that do not know it stop at the bitmap; MySQL's mysqlbinlog uses it
 * to print UNSIGNED and character sets. We write the MINIMAL set:
 *
 *   SIGNEDNESS (1)          one bit per numeric column (TINY..LONGLONG, NEWDECIMAL, FLOAT,
 *                           DOUBLE) in column order, most significant bit first; 1 = UNSIGNED.
 *   DEFAULT_CHARSET (2)     packed collation id used by most character columns (CHAR, VARCHAR,
 *                           BINARY, VARBINARY, TEXT, BLOB; binary ones count as collation 63),
 *                           then packed (character-column index, collation id) for each column
 *                           whose collation differs. When listing every column's collation is
 *                           shorter, COLUMN_CHARSET (3) does that instead, as MySQL chooses.
 *   ENUM_AND_SET_DEFAULT_CHARSET (6) / ENUM_AND_SET_COLUMN_CHARSET (7)   the same for ENUM and
 *                           SET columns.
 * A field is omitted when no column qualifies. Ties for "most used" go to the lowest id.
 */

import type { TableSchema } from "../sql/catalog/schema.ts";
import { getCollation } from "../sql/types/collation.ts";
import type { SqlType } from "../sql/types/sql-type.ts";
import { EventWriter } from "./event-writer.ts";

const MetadataType = {
  SIGNEDNESS: 1,
  DEFAULT_CHARSET: 2,
  COLUMN_CHARSET: 3,
  ENUM_AND_SET_DEFAULT_CHARSET: 6,
  ENUM_AND_SET_COLUMN_CHARSET: 7,
} as const;

const BINARY_COLLATION_ID = 63;
/** utf8mb4_0900_ai_ci, for a character column without a collation. */
const FALLBACK_COLLATION_ID = 255;

const NUMERIC_KINDS: ReadonlySet<string> = new Set([
  "tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double",
]);
const TEXT_KINDS: ReadonlySet<string> = new Set([
  "char", "varchar", "tinytext", "text", "mediumtext", "longtext",
]);
const BINARY_KINDS: ReadonlySet<string> = new Set([
  "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
]);

function collationId(type: SqlType): number {
  if (BINARY_KINDS.has(type.kind)) return BINARY_COLLATION_ID;
  const collation = type.collation === undefined ? undefined : getCollation(type.collation);
  return collation?.id ?? FALLBACK_COLLATION_ID;
}

/** Packed-integer bytes of `values`, via a throwaway writer. */
function packedBytes(values: readonly number[]): Uint8Array {
  const writer = new EventWriter(0);
  for (const value of values) writer.packed(value);
  return writer.toBytes();
}

function mostUsed(ids: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  let best = ids[0]!;
  for (const [id, count] of counts) {
    const bestCount = counts.get(best)!;
    if (count > bestCount || (count === bestCount && id < best)) best = id;
  }
  return best;
}

function writeField(writer: EventWriter, type: number, value: Uint8Array): void {
  writer.u8(type);
  writer.packed(value.length);
  writer.bytes(value);
}

function writeCharsets(
  writer: EventWriter,
  ids: readonly number[],
  defaultType: number,
  columnType: number,
): void {
  if (ids.length === 0) return;
  const common = mostUsed(ids);
  const exceptions: number[] = [common];
  ids.forEach((id, index) => {
    if (id !== common) exceptions.push(index, id);
  });
  const byDefault = packedBytes(exceptions);
  const byColumn = packedBytes(ids);
  if (byDefault.length <= byColumn.length) writeField(writer, defaultType, byDefault);
  else writeField(writer, columnType, byColumn);
}

function signedness(types: readonly SqlType[]): Uint8Array | undefined {
  const numeric = types.filter((type) => NUMERIC_KINDS.has(type.kind));
  if (numeric.length === 0) return undefined;
  const bits = new Uint8Array((numeric.length + 7) >> 3);
  numeric.forEach((type, i) => {
    if (type.unsigned === true) bits[i >> 3] = bits[i >> 3]! | (0x80 >> (i & 7));
  });
  return bits;
}

const metadataBySchema = new WeakMap<TableSchema, Uint8Array>();

/** The optional metadata block of `schema`'s TABLE_MAP (cached per schema object). */
export function tableMapOptionalMetadata(schema: TableSchema): Uint8Array {
  const cached = metadataBySchema.get(schema);
  if (cached !== undefined) return cached;
  const types = schema.columns.map((column) => column.type);
  const writer = new EventWriter(0);
  const signs = signedness(types);
  if (signs !== undefined) writeField(writer, MetadataType.SIGNEDNESS, signs);
  const characterIds = types
    .filter((type) => TEXT_KINDS.has(type.kind) || BINARY_KINDS.has(type.kind))
    .map(collationId);
  writeCharsets(writer, characterIds, MetadataType.DEFAULT_CHARSET, MetadataType.COLUMN_CHARSET);
  const enumSetIds = types
    .filter((type) => type.kind === "enum" || type.kind === "set")
    .map(collationId);
  writeCharsets(writer, enumSetIds, MetadataType.ENUM_AND_SET_DEFAULT_CHARSET,
    MetadataType.ENUM_AND_SET_COLUMN_CHARSET);
  const bytes = writer.toBytes();
  metadataBySchema.set(schema, bytes);
  return bytes;
}
