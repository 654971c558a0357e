import { describe, expect, it } from "vitest";
import type { TableSchema } from "../sql/catalog/schema.ts";
import {
  parseDdl,
  renderCreateDatabase,
  renderCreateIndex,
  renderCreateTable,
  renderDropDatabase,
  renderDropTable,
} from "./ddl-statement.ts";

/** Builds a schema from user DDL (the SQL layer's own parser and create-table.ts). */
function schemaOf(sql: string, lookup: (db: string, name: string) => TableSchema | undefined = () => undefined): TableSchema {
  const action = parseDdl(sql, "db", lookup);
  if (action.kind !== "create-table") throw new Error(`not CREATE TABLE: ${action.kind}`);
  return action.schema;
}

function roundTrip(schema: TableSchema): TableSchema {
  return schemaOf(renderCreateTable(schema));
}

const everyType = `CREATE TABLE db.every (
  a TINYINT, b SMALLINT UNSIGNED, c MEDIUMINT NOT NULL DEFAULT -5, d INT(11) ZEROFILL,
  e BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, f DECIMAL(12,3) DEFAULT '1.500', g FLOAT(7,2),
  h DOUBLE DEFAULT 2.5, i BIT(5), j CHAR(10) CHARACTER SET latin1 DEFAULT 'x''y',
  k VARCHAR(300) COLLATE utf8mb4_bin NOT NULL DEFAULT '', l BINARY(4) DEFAULT 'ab',
  m VARBINARY(20), n TINYTEXT, o TEXT, p MEDIUMTEXT, q LONGTEXT, r TINYBLOB, s BLOB,
  t MEDIUMBLOB, u LONGBLOB, v DATE DEFAULT '2024-01-31', w TIME(3) DEFAULT '-12:00:00.500',
  x DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  y TIMESTAMP NULL DEFAULT NULL, z YEAR DEFAULT 2024, en ENUM('a','b c','d''e') DEFAULT 'b c',
  st SET('x','y','z') DEFAULT 'x,z', js JSON, cm INT COMMENT 'a ''quoted'' comment',
  PRIMARY KEY (e), KEY kc (c DESC, a), UNIQUE KEY uk (k(20)) COMMENT 'unique prefix',
  KEY kj (j, l), UNIQUE KEY um (m)
) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='every type'`;

describe("canonical DDL text", () => {
  it("render → parse gives back exactly the same schema for every type, attribute and key", () => {
    const schema = schemaOf(everyType);
    expect(schema.columns.length).toBe(30);
    expect(schema.indexes.map((i) => i.name)).toEqual(["kc", "uk", "kj", "um"]);
    expect(roundTrip(schema)).toEqual(schema);
  });

  it("keeps tables without a primary key, latin1 tables and an explicit database", () => {
    const heap = schemaOf("CREATE TABLE other.h (v INT, w VARCHAR(5)) DEFAULT CHARSET=latin1");
    expect(heap.database).toBe("other");
    expect(heap.primaryKey).toBeUndefined();
    expect(roundTrip(heap)).toEqual(heap);
    const quoted = schemaOf("CREATE TABLE `we``ird` (`c``1` INT PRIMARY KEY, `select` INT UNIQUE)");
    expect(roundTrip(quoted)).toEqual(quoted);
  });

  it("round-trips database, drop and index statements", () => {
    const database = { name: "d`b", defaultCharset: "latin1", defaultCollation: "latin1_swedish_ci" };
    expect(parseDdl(renderCreateDatabase(database), "", () => undefined)).toEqual({ kind: "create-database", schema: database });
    expect(parseDdl(renderDropDatabase("d`b"), "", () => undefined)).toEqual({ kind: "drop-database", name: "d`b" });
    expect(parseDdl(renderDropTable("d", "t"), "", () => undefined)).toEqual({ kind: "drop-table", database: "d", name: "t" });
    const schema = schemaOf(everyType);
    const base = { ...schema, indexes: schema.indexes.slice(0, 3) };
    const index = schema.indexes[3]!;
    const action = parseDdl(renderCreateIndex(base, index), "", (db, name) => (db === "db" && name === "every" ? base : undefined));
    expect(action).toEqual({ kind: "create-index", database: "db", table: "every", index });
    const prefixDesc = { ...index, name: "pd", unique: false, comment: "c", columns: [{ column: 10, prefixLength: 3, descending: true }] };
    const again = parseDdl(renderCreateIndex(base, prefixDesc), "", () => base);
    expect(again).toEqual({ kind: "create-index", database: "db", table: "every", index: prefixDesc });
  });

  it("states the declared AUTO_INCREMENT start and every key in declaration order", () => {
    const text = renderCreateTable(schemaOf(everyType));
    expect(text).toContain("AUTO_INCREMENT=42");
    expect(text.indexOf("KEY `kc`")).toBeLessThan(text.indexOf("UNIQUE KEY `uk`"));
  });
});
