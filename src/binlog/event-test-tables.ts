/**
 * Test fixtures for the binlog event codecs: table schemas covering every SQL type kind, and
 * helpers to build LoggedTables. Used only by tests (event-*.test.ts, row-image*.test.ts).
 */

import type { ColumnSchema, TableSchema } from "../sql/catalog/schema.ts";
import type { SqlType } from "../sql/types/sql-type.ts";
import type { LoggedTable } from "../table/commit-pipeline.ts";

export function column(name: string, type: SqlType, nullable = true): ColumnSchema {
  return {
    name, type, nullable, defaultValue: { kind: "none" }, autoIncrement: false, comment: "",
  };
}

export function table(
  database: string,
  name: string,
  columns: readonly ColumnSchema[],
): TableSchema {
  return {
    database, name, columns, primaryKey: undefined, indexes: [], engine: "SMARTENGINE",
    charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", comment: "", autoIncrementStart: 1,
  };
}

export function logged(tableId: number, schema: TableSchema): LoggedTable {
  return { tableId, schema };
}

const ci = "utf8mb4_0900_ai_ci";

/** One column of every type kind (but "null"), with a value and a second value each. */
export const everyType: readonly (readonly [SqlType, unknown, unknown])[] = [
  [{ kind: "tinyint" }, -128, 127],
  [{ kind: "tinyint", unsigned: true }, 255, 0],
  [{ kind: "smallint" }, -32768, 32767],
  [{ kind: "smallint", unsigned: true }, 65535, 1],
  [{ kind: "mediumint" }, -8388608, 8388607],
  [{ kind: "mediumint", unsigned: true }, 16777215, 5],
  [{ kind: "int" }, -2147483648, 2147483647],
  [{ kind: "int", unsigned: true }, 4294967295, 7],
  [{ kind: "bigint" }, -9223372036854775808n, 9007199254740991],
  [{ kind: "bigint", unsigned: true }, 18446744073709551615n, 42],
  [{ kind: "decimal", length: 10, scale: 2 }, "-12345678.90", "0.05"],
  [{ kind: "decimal", length: 65, scale: 30 },
    "12345678901234567890123456789012345.123456789012345678901234567890",
    "-0.000000000000000000000000000001"],
  [{ kind: "decimal", length: 5, scale: 5 }, "0.12345", "-0.99999"],
  [{ kind: "decimal", length: 18, scale: 0 }, "-999999999999999999", "1"],
  [{ kind: "float" }, 1.5, -0.25],
  [{ kind: "double" }, 3.141592653589793, -1e300],
  [{ kind: "bit", length: 1 }, 1, 0],
  [{ kind: "bit", length: 12 }, 0xabc, 1],
  [{ kind: "bit", length: 64 }, 0xffff_ffff_ffff_ffffn, 255],
  [{ kind: "char", length: 10, collation: ci }, "héllo", ""],
  [{ kind: "char", length: 100, collation: ci }, "x".repeat(100), "a"],
  [{ kind: "char", length: 5, collation: "latin1_swedish_ci" }, "ÅÄÖ", "a b"],
  [{ kind: "varchar", length: 20, collation: ci }, "日本語 text", ""],
  [{ kind: "varchar", length: 300, collation: ci }, "y".repeat(1000), "z"],
  [{ kind: "binary", length: 4 }, new Uint8Array([0, 1, 2, 255]), new Uint8Array([9])],
  [{ kind: "varbinary", length: 300 }, new Uint8Array(300).fill(7), new Uint8Array(0)],
  [{ kind: "tinytext", collation: ci }, "tiny", ""],
  [{ kind: "text", collation: ci }, "t".repeat(5000), "emoji 🎉"],
  [{ kind: "mediumtext", collation: ci }, "m".repeat(70000), "m"],
  [{ kind: "longtext", collation: ci }, "long", ""],
  [{ kind: "tinyblob" }, new Uint8Array([1, 2, 3]), new Uint8Array(0)],
  [{ kind: "blob" }, new Uint8Array(1000).fill(3), new Uint8Array([0])],
  [{ kind: "mediumblob" }, new Uint8Array([5]), new Uint8Array(0)],
  [{ kind: "longblob" }, new Uint8Array([6, 6]), new Uint8Array(0)],
  [{ kind: "date" }, "2024-02-29", "0000-00-00"],
  [{ kind: "time" }, "-838:59:59", "12:34:56"],
  [{ kind: "time", scale: 1 }, "-00:00:00.5", "01:02:03.9"],
  [{ kind: "time", scale: 2 }, "-10:00:01.25", "00:00:00.01"],
  [{ kind: "time", scale: 3 }, "-01:00:00.001", "838:59:59.999"],
  [{ kind: "time", scale: 4 }, "-12:30:00.5001", "00:00:00.0000"],
  [{ kind: "time", scale: 6 }, "-838:59:59.000001", "00:00:01.999999"],
  [{ kind: "datetime" }, "2024-01-31 23:59:59", "1000-01-01 00:00:00"],
  [{ kind: "datetime", scale: 3 }, "9999-12-31 23:59:59.999", "0000-00-00 00:00:00.000"],
  [{ kind: "datetime", scale: 6 }, "2000-02-29 12:00:00.000001", "1970-01-01 00:00:00.500000"],
  [{ kind: "timestamp" }, "2038-01-19 03:14:07", "0000-00-00 00:00:00"],
  [{ kind: "timestamp", scale: 2 }, "1970-01-01 00:00:01.50", "2024-02-29 08:00:00.99"],
  [{ kind: "timestamp", scale: 6 }, "2001-09-09 01:46:40.123456", "1999-12-31 23:59:59.000000"],
  [{ kind: "year" }, 2155, 0],
  [{ kind: "year" }, 1901, 2024],
  [{ kind: "enum", values: ["small", "medium", "large"], collation: ci }, "large", ""],
  [{ kind: "set", values: ["a", "b", "c", "d", "e", "f", "g", "h", "i"], collation: ci },
    "a,c,i", ""],
  [{ kind: "json" }, '{"a": [1, 2.5, "x"], "b": null}', "[]"],
];
