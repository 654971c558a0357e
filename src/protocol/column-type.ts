/**
 * MYSQL_TYPE_* column type codes (`enum_field_types`) and column definition flags, as sent in
 * column definitions, binary rows, COM_STMT_EXECUTE parameter types and binlog TABLE_MAP events.
 * The numbers are wire format and must never change.
 */

export const MYSQL_TYPE_DECIMAL = 0;
export const MYSQL_TYPE_TINY = 1;
export const MYSQL_TYPE_SHORT = 2;
export const MYSQL_TYPE_LONG = 3;
export const MYSQL_TYPE_FLOAT = 4;
export const MYSQL_TYPE_DOUBLE = 5;
export const MYSQL_TYPE_NULL = 6;
export const MYSQL_TYPE_TIMESTAMP = 7;
export const MYSQL_TYPE_LONGLONG = 8;
export const MYSQL_TYPE_INT24 = 9;
export const MYSQL_TYPE_DATE = 10;
export const MYSQL_TYPE_TIME = 11;
export const MYSQL_TYPE_DATETIME = 12;
export const MYSQL_TYPE_YEAR = 13;
export const MYSQL_TYPE_NEWDATE = 14;
export const MYSQL_TYPE_VARCHAR = 15;
export const MYSQL_TYPE_BIT = 16;
export const MYSQL_TYPE_JSON = 245;
export const MYSQL_TYPE_NEWDECIMAL = 246;
export const MYSQL_TYPE_ENUM = 247;
export const MYSQL_TYPE_SET = 248;
export const MYSQL_TYPE_TINY_BLOB = 249;
export const MYSQL_TYPE_MEDIUM_BLOB = 250;
export const MYSQL_TYPE_LONG_BLOB = 251;
export const MYSQL_TYPE_BLOB = 252;
export const MYSQL_TYPE_VAR_STRING = 253;
export const MYSQL_TYPE_STRING = 254;
export const MYSQL_TYPE_GEOMETRY = 255;

export const NOT_NULL_FLAG = 1;
export const PRI_KEY_FLAG = 2;
export const UNIQUE_KEY_FLAG = 4;
export const MULTIPLE_KEY_FLAG = 8;
export const BLOB_FLAG = 16;
export const UNSIGNED_FLAG = 32;
export const ZEROFILL_FLAG = 64;
export const BINARY_FLAG = 128;
export const ENUM_FLAG = 256;
export const AUTO_INCREMENT_FLAG = 512;
export const TIMESTAMP_FLAG = 1024;
export const SET_FLAG = 2048;
export const NO_DEFAULT_VALUE_FLAG = 4096;
export const ON_UPDATE_NOW_FLAG = 8192;
export const NUM_FLAG = 32768;
