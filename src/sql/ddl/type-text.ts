/**
 * SqlType → the type text MySQL 8.0 shows in SHOW COLUMNS, SHOW CREATE TABLE and
 * information_schema.COLUMNS.COLUMN_TYPE ("int unsigned", "varchar(64)", "decimal(10,2)",
 * "tinyint(1)", "enum('a','b')"). Integer display widths are omitted (8.0.19+) except for
 * tinyint(1), which clients read as boolean.
 */

import type { SqlType } from "../types/sql-type.ts";

function quoteMember(member: string): string {
  return `'${member.replaceAll("'", "''")}'`;
}

export function typeText(type: SqlType): string {
  const unsigned = type.unsigned === true ? " unsigned" : "";
  switch (type.kind) {
    case "tinyint":
      return `tinyint${type.length === 1 ? "(1)" : ""}${unsigned}`;
    case "smallint":
    case "mediumint":
    case "int":
    case "bigint":
      return `${type.kind}${unsigned}`;
    case "decimal":
      return `decimal(${type.length ?? 10},${type.scale ?? 0})${unsigned}`;
    case "float":
    case "double":
      return type.scale === undefined ? type.kind : `${type.kind}(${type.length ?? 0},${type.scale})`;
    case "bit":
      return `bit(${type.length ?? 1})`;
    case "char":
    case "varchar":
    case "binary":
    case "varbinary":
      return `${type.kind}(${type.length ?? 1})`;
    case "time":
    case "datetime":
    case "timestamp":
      return type.scale === undefined || type.scale === 0 ? type.kind : `${type.kind}(${type.scale})`;
    case "enum":
    case "set":
      return `${type.kind}(${(type.values ?? []).map(quoteMember).join(",")})`;
    default:
      return type.kind;
  }
}
