/**
 * Converts parameter values decoded from COM_STMT_EXECUTE into SQL values. Text-typed
 * parameters arrive as bytes and become strings (UTF-8); BLOB-typed ones stay bytes, so binary
 * data survives untouched; numbers, decimals and temporal strings pass through.
 */

import {
  MYSQL_TYPE_BLOB,
  MYSQL_TYPE_GEOMETRY,
  MYSQL_TYPE_LONG_BLOB,
  MYSQL_TYPE_MEDIUM_BLOB,
  MYSQL_TYPE_TINY_BLOB,
  MYSQL_TYPE_BIT,
} from "../protocol/column-type.ts";
import type { WireValue } from "../protocol/wire-value.ts";
import type { SqlValue } from "../sql/types/value.ts";

const utf8 = new TextDecoder();

export function wireValueToSqlValue(value: WireValue, wireType: number): SqlValue {
  if (!(value instanceof Uint8Array)) return value;
  switch (wireType) {
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_GEOMETRY:
    case MYSQL_TYPE_BIT:
      return value;
    default:
      return utf8.decode(value);
  }
}
