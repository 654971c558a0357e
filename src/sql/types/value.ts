/**
 * Runtime values of the SQL layer.
 *
 * Representation (chosen for speed on the hot path; the static SqlType of an expression says how
 * to read a value):
 * - SQL NULL is `null`.
 * - Integers (every INT family type, YEAR, BIT as integer, booleans) are `number` when the value
 *   is a safe integer (|v| <= 2^53-1) and `bigint` otherwise. Arithmetic checks `typeof`.
 * - FLOAT/DOUBLE are `number`.
 * - DECIMAL is a `string` in canonical form ("-12.50"), exact; the type carries the scale.
 * - Character strings are `string` (JS UTF-16; the collation lives in the type).
 * - BINARY/VARBINARY/BLOB are `Uint8Array`.
 * - DATE / TIME / DATETIME / TIMESTAMP are `string` in MySQL's canonical text form
 *   ("2024-01-31", "12:00:00.5", "2024-01-31 12:00:00"), which sorts correctly as text for
 *   DATE and DATETIME.
 */

export type SqlValue = null | number | bigint | string | Uint8Array;

/** A row is a dense array in the column order of its schema. */
export type Row = SqlValue[];
