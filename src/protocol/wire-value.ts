/**
 * WireValue: one cell as the protocol layer sees it, with no SQL type semantics. Integers are
 * `number` when they fit in a double exactly and `bigint` otherwise; DECIMAL and temporal values
 * travel as their MySQL text form; binary and character data that the server has not decoded
 * travel as bytes.
 */
export type WireValue = null | number | bigint | string | Uint8Array;
