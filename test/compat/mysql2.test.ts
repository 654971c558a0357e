/**
 * Compatibility with the mysql2 driver (text and binary protocol, auth, large packets) against a
 * started WeSQL-TS server, or against WESQL_COMPAT_TARGET=host:port:user:password (then the
 * tests that need a server we start ourselves are reported as skipped).
 */

import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import mysql from "mysql2/promise";
import type { Connection, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type CompatTarget,
  externalTargetSpec,
  printServerLogOnFailure,
  startCompatTarget,
} from "../support/compat-target.ts";
import { RawConnection, login } from "../support/raw-mysql-client.ts";
import { startServer, type ServerProcess } from "../support/server-process.ts";

const external = externalTargetSpec() !== undefined;
const database = "compat_mysql2";
const mebibyte = 1024 * 1024;

let target: CompatTarget;
let conn: Connection;
const extraConnections: Connection[] = [];

async function connect(options: mysql.ConnectionOptions = {}): Promise<Connection> {
  const connection = await mysql.createConnection(target.connectionOptions(options));
  extraConnections.push(connection);
  return connection;
}

async function rows(
  connection: Connection,
  sql: string,
  values?: unknown[],
): Promise<RowDataPacket[]> {
  const [result] = await connection.query<RowDataPacket[]>(sql, values);
  return result;
}

async function expectError(
  promise: Promise<unknown>,
  errno: number,
  sqlState?: string,
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as { errno?: number; sqlState?: string; message?: string },
  );
  expect(error, `expected error ${errno}`).toBeDefined();
  expect(error?.errno, error?.message).toBe(errno);
  if (sqlState !== undefined) expect(error?.sqlState).toBe(sqlState);
}

beforeAll(async () => {
  target = await startCompatTarget();
  conn = await mysql.createConnection(target.connectionOptions());
  await conn.query(`DROP DATABASE IF EXISTS ${database}`);
});

afterEach((context) => printServerLogOnFailure(target, context));

afterAll(async () => {
  for (const connection of extraConnections) await connection.end().catch(() => {});
  if (conn !== undefined) {
    await conn.query(`DROP DATABASE IF EXISTS ${database}`).catch(() => {});
    await conn.end().catch(() => {});
  }
  await target?.stop();
});

describe("text protocol", () => {
  it("answers SELECT 1", async () => {
    expect(await rows(conn, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("creates a database and a table with AUTO_INCREMENT and an index", async () => {
    await conn.query(`CREATE DATABASE ${database}`);
    await conn.query(`USE ${database}`);
    await conn.query(
      "CREATE TABLE items (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, " +
        "name VARCHAR(50) NOT NULL, " +
        "qty INT NOT NULL DEFAULT 0, note VARCHAR(100) NULL, KEY k_qty (qty))",
    );
    const [database_] = await rows(conn, "SELECT DATABASE() AS db");
    expect(database_?.["db"]).toBe(database);
  });

  it("reports affectedRows and insertId for a multi-row INSERT", async () => {
    const [first] = await conn.query<ResultSetHeader>(
      "INSERT INTO items (name, qty) VALUES ('apple', 5), ('pear', 3), ('plum', 8)",
    );
    expect(first.affectedRows).toBe(3);
    expect(first.insertId).toBe(1);
    const [second] = await conn.query<ResultSetHeader>(
      "INSERT INTO items (name, qty) VALUES ('fig', 1), ('kiwi', 3)",
    );
    expect(second.affectedRows).toBe(2);
    expect(second.insertId).toBe(4);
  });

  it("selects with WHERE, ORDER BY and LIMIT", async () => {
    const result = await rows(
      conn,
      "SELECT id, name, qty FROM items WHERE qty >= 3 ORDER BY qty DESC, id LIMIT 3",
    );
    expect(result).toEqual([
      { id: 3, name: "plum", qty: 8 },
      { id: 1, name: "apple", qty: 5 },
      { id: 2, name: "pear", qty: 3 },
    ]);
    const offset = await rows(conn, "SELECT name FROM items ORDER BY id LIMIT 2 OFFSET 3");
    expect(offset.map((row) => row["name"])).toEqual(["fig", "kiwi"]);
  });

  it("reports affectedRows and changedRows for UPDATE and DELETE", async () => {
    // pear and kiwi already have qty 3: mysql2 sets CLIENT_FOUND_ROWS, so affectedRows counts
    // matched rows and changedRows only the rows whose value changed.
    const [update] = await conn.query<ResultSetHeader>(
      "UPDATE items SET qty = 3 WHERE id IN (1, 2, 5)",
    );
    expect(update.affectedRows).toBe(3);
    expect(update.changedRows).toBe(1);
    const [remove] = await conn.query<ResultSetHeader>("DELETE FROM items WHERE qty = 3");
    expect(remove.affectedRows).toBe(3);
    expect((await rows(conn, "SELECT COUNT(*) AS n FROM items"))[0]?.["n"]).toBe(2);
  });

  it("isolates uncommitted work and shows committed work to other connections", async () => {
    const other = await connect({ database });
    await conn.query("BEGIN");
    await conn.query("INSERT INTO items (name, qty) VALUES ('cherry', 9)");
    expect(await rows(other, "SELECT name FROM items WHERE name = 'cherry'")).toEqual([]);
    await conn.query("COMMIT");
    expect(await rows(other, "SELECT name FROM items WHERE name = 'cherry'")).toEqual([
      { name: "cherry" },
    ]);

    await conn.query("START TRANSACTION");
    await conn.query("DELETE FROM items WHERE name = 'cherry'");
    await conn.query("INSERT INTO items (name, qty) VALUES ('lime', 2)");
    expect(await rows(conn, "SELECT name FROM items WHERE name IN ('cherry', 'lime')")).toEqual([
      { name: "lime" },
    ]);
    await conn.query("ROLLBACK");
    expect(await rows(conn, "SELECT name FROM items WHERE name IN ('cherry', 'lime')")).toEqual([
      { name: "cherry" },
    ]);
    expect(await rows(other, "SELECT name FROM items WHERE name IN ('cherry', 'lime')")).toEqual([
      { name: "cherry" },
    ]);
  });

  it("returns errors 1064, 1146, 1054, 1062 and stays usable", async () => {
    await expectError(conn.query("SELEC 1"), 1064, "42000");
    await expectError(conn.query("SELECT * FROM no_such_table"), 1146, "42S02");
    await expectError(conn.query("SELECT no_such_column FROM items"), 1054, "42S22");
    await expectError(conn.query("INSERT INTO items (id, name) VALUES (3, 'dup')"), 1062, "23000");
    expect(await rows(conn, "SELECT 2 AS two")).toEqual([{ two: 2 }]);
  });

  it("returns several result sets with multipleStatements", async () => {
    const multi = await connect({ database, multipleStatements: true });
    const [results] = await multi.query(
      "SELECT 1 AS a; SELECT 'x' AS b, 2 AS c; UPDATE items SET qty = qty WHERE id = 0",
    );
    const sets = results as unknown as [RowDataPacket[], RowDataPacket[], ResultSetHeader];
    expect(sets).toHaveLength(3);
    expect(sets[0]).toEqual([{ a: 1 }]);
    expect(sets[1]).toEqual([{ b: "x", c: 2 }]);
    expect(sets[2].affectedRows).toBe(0);
    expect(await rows(multi, "SELECT 3 AS d")).toEqual([{ d: 3 }]);
  });

  it.skipIf(external)("reports @@version 8.0.35", async () => {
    const [row] = await rows(conn, "SELECT @@version AS v");
    expect(String(row?.["v"])).toContain("8.0.35");
  });

  it("answers DATABASE(), USER(), CONNECTION_ID(), LAST_INSERT_ID()", async () => {
    const [inserted] = await conn.query<ResultSetHeader>(
      "INSERT INTO items (name) VALUES ('date')",
    );
    const [row] = await rows(
      conn,
      "SELECT DATABASE() AS db, USER() AS u, CONNECTION_ID() AS id, LAST_INSERT_ID() AS last",
    );
    expect(row?.["db"]).toBe(database);
    expect(String(row?.["u"])).toMatch(new RegExp(`^${target.user}@`));
    expect(Number(row?.["id"])).toBe(conn.threadId);
    expect(Number(row?.["last"])).toBe(inserted.insertId);
  });

  it("round-trips utf8mb4 after SET NAMES utf8mb4", async () => {
    await conn.query("SET NAMES utf8mb4");
    const text = "héllo wörld ✓ 日本語 🐬";
    await conn.query("INSERT INTO items (name, note) VALUES ('utf8', ?)", [text]);
    expect(await rows(conn, "SELECT note FROM items WHERE name = 'utf8'")).toEqual([
      { note: text },
    ]);
    expect(
      await rows(
        conn,
        "SELECT CHAR_LENGTH(note) AS c, LENGTH(note) AS b FROM items WHERE name = 'utf8'",
      ),
    ).toEqual([{ c: [...text].length, b: Buffer.byteLength(text) }]);
  });
});

describe("prepared statements", () => {
  const typesTable =
    "CREATE TABLE typed (id INT NOT NULL PRIMARY KEY, i INT NULL, neg INT NULL, big BIGINT NULL, " +
    "d DOUBLE NULL, s VARCHAR(64) NULL, b VARBINARY(64) NULL, dt DATETIME NULL, flag TINYINT NULL)";

  it("binds every parameter type mysql2 sends", async () => {
    await conn.query(typesTable);
    const when = new Date(2024, 0, 2, 3, 4, 5);
    const insert =
      "INSERT INTO typed (id, i, neg, big, d, s, b, dt, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    const [first] = await conn.execute<ResultSetHeader>(insert, [
      1,
      42,
      -7,
      "9007199254740993",
      3.25,
      "日本 🐬",
      Buffer.from([0, 1, 2, 255]),
      when,
      true,
    ]);
    expect(first.affectedRows).toBe(1);
    await conn.execute(insert, [2, null, null, 123456789012345678n, null, null, null, null, false]);
    const bigConn = await connect({ database, supportBigNumbers: true, bigNumberStrings: true });
    const [[one, two]] = await bigConn.execute<RowDataPacket[]>(
      "SELECT * FROM typed WHERE id IN (?, ?) ORDER BY id",
      [1, 2],
    );
    expect(one).toEqual({
      id: 1,
      i: 42,
      neg: -7,
      big: "9007199254740993",
      d: 3.25,
      s: "日本 🐬",
      b: Buffer.from([0, 1, 2, 255]),
      dt: when,
      flag: 1,
    });
    expect(two).toEqual({
      id: 2,
      i: null,
      neg: null,
      big: "123456789012345678",
      d: null,
      s: null,
      b: null,
      dt: null,
      flag: 0,
    });
  });

  it("returns INT columns as numbers in both protocols", async () => {
    const [binary] = await conn.execute<RowDataPacket[]>(
      "SELECT i, neg, d FROM typed WHERE id = ?",
      [1],
    );
    const [text] = await conn.query<RowDataPacket[]>("SELECT i, neg, d FROM typed WHERE id = 1");
    for (const row of [binary[0], text[0]]) {
      expect(typeof row?.["i"]).toBe("number");
      expect(row).toEqual({ i: 42, neg: -7, d: 3.25 });
    }
  });

  it("re-executes one statement with different parameter types", async () => {
    const insert = "INSERT INTO typed (id, i, s) VALUES (?, ?, ?)";
    await conn.execute(insert, [10, 1, "one"]);
    await conn.execute(insert, [11, "2", 22]);
    await conn.execute(insert, [12, null, null]);
    await conn.execute(insert, [13, 4.0, Buffer.from("four")]);
    const result = await rows(conn, "SELECT id, i, s FROM typed WHERE id >= 10 ORDER BY id");
    expect(result).toEqual([
      { id: 10, i: 1, s: "one" },
      { id: 11, i: 2, s: "22" },
      { id: 12, i: null, s: null },
      { id: 13, i: 4, s: "four" },
    ]);
    const [echo] = await conn.execute<RowDataPacket[]>("SELECT ? AS v, ? + 1 AS w", ["text", 41]);
    expect(echo[0]?.["v"]).toBe("text");
    expect(Number(echo[0]?.["w"])).toBe(42);
  });

  it("closes a statement and prepares it again", async () => {
    const sql = "SELECT name FROM items WHERE id = ?";
    const statement = await conn.prepare(sql);
    const [before] = (await statement.execute([3])) as [RowDataPacket[], unknown];
    expect(before).toEqual([{ name: "plum" }]);
    await statement.close();
    conn.unprepare(sql);
    // The server forgot the closed statement: executing it is ER_UNKNOWN_STMT_HANDLER.
    await expectError(statement.execute([3]), 1243);
    const again = await conn.prepare(sql);
    const [after] = (await again.execute([4])) as [RowDataPacket[], unknown];
    expect(after).toEqual([{ name: "fig" }]);
    await again.close();
  });

  it("reports errors from PREPARE and EXECUTE and stays usable", async () => {
    await expectError(conn.execute("SELECT * FROM no_such_table WHERE id = ?", [1]), 1146);
    await expectError(conn.execute("INSERT INTO typed (id) VALUES (?)", [1]), 1062);
    const [ok] = await conn.execute<RowDataPacket[]>("SELECT ? AS v", [7]);
    expect(Number(ok[0]?.["v"])).toBe(7);
  });
});

describe("large packets", () => {
  const size = 20 * mebibyte;
  const digest = (data: Buffer | string): string => createHash("sha1").update(data).digest("hex");

  it("round-trips a 20 MB LONGTEXT (text) and LONGBLOB (prepared)", async () => {
    const big = await connect({ database });
    await big.query("CREATE TABLE big (id INT PRIMARY KEY, t LONGTEXT, b LONGBLOB)");
    const text = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(Math.ceil(size / 36)).slice(0, size);
    const blob = Buffer.alloc(size);
    for (let i = 0; i < size; i++) blob[i] = (i * 7919) & 0xff;
    await big.query("INSERT INTO big (id, t) VALUES (1, ?)", [text]);
    await big.execute("INSERT INTO big (id, b) VALUES (?, ?)", [2, blob]);
    const [textRows] = await big.query<RowDataPacket[]>("SELECT t, b FROM big WHERE id = 1");
    expect((textRows[0]?.["t"] as string).length).toBe(size);
    expect(digest(textRows[0]?.["t"] as string)).toBe(digest(text));
    const [blobRows] = await big.execute<RowDataPacket[]>(
      "SELECT b, LENGTH(b) AS n FROM big WHERE id = ?",
      [2],
    );
    expect(Number(blobRows[0]?.["n"])).toBe(size);
    expect(digest(blobRows[0]?.["b"] as Buffer)).toBe(digest(blob));
    const [both] = await big.query<RowDataPacket[]>(
      "SELECT id, LENGTH(t) AS tl, LENGTH(b) AS bl FROM big ORDER BY id",
    );
    expect(
      both.map((row) => [row["id"], Number(row["tl"]) || null, Number(row["bl"]) || null]),
    ).toEqual([
      [1, size, null],
      [2, null, size],
    ]);
    await big.query("DROP TABLE big");
  }, 120_000);

  it("rejects a packet over max_allowed_packet with 1153 and keeps serving", async () => {
    await conn.query(`SET GLOBAL max_allowed_packet = ${mebibyte}`);
    try {
      const small = await mysql.createConnection(target.connectionOptions({ database }));
      const error = await small.query(`SELECT LENGTH('${"x".repeat(2 * mebibyte)}') AS n`).then(
        () => undefined,
        (caught: unknown) => caught as { errno?: number; code?: string; message?: string },
      );
      await small.end().catch(() => {});
      expect(error, "an oversized packet must fail").toBeDefined();
      expect(error?.errno, `${error?.code}: ${error?.message}`).toBe(1153);
    } finally {
      await conn.query(`SET GLOBAL max_allowed_packet = ${64 * mebibyte}`);
    }
    const fresh = await connect();
    expect(await rows(fresh, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    expect(await rows(conn, "SELECT 2 AS two")).toEqual([{ two: 2 }]);
  });
});

type AuthPluginFactory = (options: { onServerPublicKey?: (key: Buffer) => void }) => unknown;
// mysql2's `authPlugins` export is not in its typings; the factory takes an onServerPublicKey hook.
const cachingSha2 = (
  createRequire(import.meta.url)("mysql2") as {
    authPlugins: { caching_sha2_password: AuthPluginFactory };
  }
).authPlugins.caching_sha2_password;

describe.skipIf(external)("authentication (own server with MYSQL_ROOT_PASSWORD)", () => {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    server = await startServer({ env: { MYSQL_ROOT_PASSWORD: "secret" } });
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach((context) => {
    if (server !== undefined && context.task.result?.state === "fail")
      console.error(server.stderr());
  });

  async function login(password: string): Promise<{ connection: Connection; sawRsaKey: boolean }> {
    let sawRsaKey = false;
    const plugin = cachingSha2({ onServerPublicKey: () => (sawRsaKey = true) });
    const connection = await mysql.createConnection({
      host: "127.0.0.1",
      port: server!.port,
      user: "root",
      password,
      authPlugins: { caching_sha2_password: plugin as never },
    });
    return { connection, sawRsaKey };
  }

  it("does caching_sha2_password full auth (RSA key) first, then the fast path", async () => {
    const first = await login("secret");
    expect(first.sawRsaKey).toBe(true);
    expect(await rows(first.connection, "SELECT CURRENT_USER() AS u")).toHaveLength(1);
    await first.connection.end();
    const second = await login("secret");
    expect(second.sawRsaKey).toBe(false);
    expect(await rows(second.connection, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await second.connection.end();
  });

  it("rejects a wrong password with 1045", async () => {
    await expectError(login("wrong"), 1045, "28000");
    await expectError(login(""), 1045, "28000");
    const ok = await login("secret");
    await ok.connection.end();
  });
});

describe.skipIf(external)("authentication (own server, root uses mysql_native_password)", () => {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    server = await startServer({
      args: ["--default-authentication-plugin=mysql_native_password"],
      env: { MYSQL_ROOT_PASSWORD: "secret" },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach((context) => {
    if (server !== undefined && context.task.result?.state === "fail")
      console.error(server.stderr());
  });

  it("switches a caching_sha2_password client to mysql_native_password", async () => {
    const connection = await RawConnection.connect("127.0.0.1", server!.port);
    try {
      const result = await login(connection, "root", "secret", {
        pluginName: "caching_sha2_password",
        authResponse: Buffer.alloc(32, 7),
      });
      expect(result.switchedTo).toEqual(["mysql_native_password"]);
    } finally {
      connection.destroy();
    }
  });

  it("logs mysql2 in with the right password and refuses a wrong one with 1045", async () => {
    const options = { host: "127.0.0.1", port: server!.port, user: "root" };
    const connection = await mysql.createConnection({ ...options, password: "secret" });
    expect(await rows(connection, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await connection.end();
    await expectError(mysql.createConnection({ ...options, password: "nope" }), 1045, "28000");
  });
});
