import { describe, expect, it } from "vitest";
import { rowEncodeBufferRetainedBytesMax } from "../constants.ts";
import { CorruptionError } from "../util/errors.ts";
import { SeededRandom } from "../util/random.ts";
import { normalizeInteger } from "../sql/types/coercion.ts";
import { formatDecimal } from "../sql/types/decimal.ts";
import type { ColumnDefault, ColumnSchema } from "../sql/catalog/schema.ts";
import type { SqlType, TypeKind } from "../sql/types/sql-type.ts";
import type { SqlValue } from "../sql/types/value.ts";
import { decodeRow, encodeRow } from "./row-codec.ts";
import { ROW_FORMAT_VERSION } from "./row-format.ts";

const SEED = 7_2026_11;

function column(
  name: string,
  type: SqlType,
  defaultValue?: ColumnDefault,
  nullable = true,
): ColumnSchema {
  return {
    name,
    type,
    nullable,
    defaultValue: defaultValue ?? { kind: "none" },
    autoIncrement: false,
    comment: "",
  };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

type Generate = (random: SeededRandom) => NonNullable<SqlValue>;

function pick<T>(random: SeededRandom, items: readonly T[]): T {
  return items[random.nextInt(items.length)]!;
}

function randomInteger(bits: number, unsigned: boolean): Generate {
  const min = unsigned ? 0n : -(1n << BigInt(bits - 1));
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const edges = [min, max, 0n, 1n, -1n, 2n ** 52n, -(2n ** 52n), 2n ** 53n - 1n, 2n ** 53n];
  const inRange = edges.filter((v) => v >= min && v <= max);
  return (random) => {
    if (random.nextInt(3) === 0) return normalizeInteger(pick(random, inRange));
    const raw = (BigInt(random.nextUint32()) << 32n) | BigInt(random.nextUint32());
    const shift = BigInt(random.nextInt(bits));
    return normalizeInteger(min + ((raw >> shift) % (max - min + 1n)));
  };
}

const textPieces = ["a", "Z", " ", "é", "\u0000", "\u{1F600}", "中", "'", "\n", "xyz"];

function randomText(random: SeededRandom): string {
  let text = "";
  const length = random.nextInt(4) === 0 ? 30 + random.nextInt(80) : random.nextInt(8);
  for (let i = 0; i < length; i++) text += pick(random, textPieces);
  return text;
}

const generators: readonly (readonly [SqlType, Generate])[] = [
  [{ kind: "tinyint" }, randomInteger(8, false)],
  [{ kind: "smallint", unsigned: true }, randomInteger(16, true)],
  [{ kind: "mediumint" }, randomInteger(24, false)],
  [{ kind: "int" }, randomInteger(32, false)],
  [{ kind: "int", unsigned: true }, randomInteger(32, true)],
  [{ kind: "bigint" }, randomInteger(64, false)],
  [{ kind: "bigint", unsigned: true }, randomInteger(64, true)],
  [{ kind: "year" }, (random) => 1901 + random.nextInt(255)],
  [{ kind: "bit", length: 64 }, randomInteger(64, true)],
  [{ kind: "float" }, (random) => Math.fround((random.nextUint32() - 2 ** 31) / 1024)],
  [{ kind: "double" }, (random) =>
    pick(random, [-0, 0.1, -1e308, 5e-324, random.nextUint32() / 7])],
  [{ kind: "decimal", length: 30, scale: 4 }, (random) =>
    formatDecimal(BigInt(random.nextUint32()) * BigInt(random.nextUint32()) - 2n ** 62n, 4)],
  [{ kind: "char", length: 10, collation: "utf8mb4_0900_ai_ci" }, randomText],
  [{ kind: "varchar", length: 200, collation: "utf8mb4_bin" }, randomText],
  [{ kind: "text", collation: "latin1_swedish_ci" }, randomText],
  [{ kind: "longtext" }, randomText],
  [{ kind: "json" }, (random) => JSON.stringify({ k: randomText(random) })],
  [{ kind: "binary", length: 4 }, (random) => random.bytes(4)],
  [{ kind: "varbinary", length: 300 }, (random) => random.bytes(random.nextInt(300))],
  [{ kind: "blob" }, (random) => random.bytes(random.nextInt(20))],
  [{ kind: "date" }, (random) => `20${10 + random.nextInt(89)}-0${1 + random.nextInt(9)}-15`],
  [{ kind: "datetime", scale: 6 }, () => "2024-01-31 23:59:59.123456"],
  [{ kind: "timestamp" }, () => "1970-01-01 00:00:01"],
  [{ kind: "time", scale: 1 }, (random) => pick(random, ["-838:59:59.0", "00:00:00.5", "25:00"])],
  [{ kind: "enum", values: ["x", "y"] }, (random) => pick(random, ["", "x", "y"])],
  [{ kind: "set", values: ["x", "y"] }, (random) => pick(random, ["", "x", "x,y"])],
];

// A Record over TypeKind: tsc rejects this list when a kind is added to sql-type.ts.
const kindSet: Record<TypeKind, true> = {
  tinyint: true, smallint: true, mediumint: true, int: true, bigint: true, decimal: true,
  float: true, double: true, bit: true, char: true, varchar: true, binary: true,
  varbinary: true, tinytext: true, text: true, mediumtext: true, longtext: true,
  tinyblob: true, blob: true, mediumblob: true, longblob: true, date: true, time: true,
  datetime: true, timestamp: true, year: true, enum: true, set: true, json: true, null: true,
};
const allKinds = Object.keys(kindSet) as TypeKind[];

/** Exact equality: same JS type, -0 apart from +0, bytes equal byte for byte. */
function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (a instanceof Uint8Array) {
    return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return Object.is(a, b);
}

describe("row codec round trip", () => {
  it("covers every type kind with a generator (or the NULL type)", () => {
    const covered = new Set<string>(generators.map(([type]) => type.kind));
    covered.add("null");
    for (const [kind, generate] of [["tinytext", randomText], ["mediumtext", randomText],
      ["tinyblob", (r: SeededRandom) => r.bytes(3)],
      ["mediumblob", (r: SeededRandom) => r.bytes(3)],
      ["longblob", (r: SeededRandom) => r.bytes(3)]] as const) {
      covered.add(kind);
      const columns = [column("c", { kind })];
      const value = generate(new SeededRandom(SEED));
      expect(decodeRow(columns, encodeRow(columns, [value]))).toEqual([value]);
    }
    expect(allKinds.filter((kind) => !covered.has(kind))).toEqual([]);
  });

  it("decodes random rows of every type to the same values", () => {
    const random = new SeededRandom(SEED);
    const columns = [
      ...generators.map(([type], index) => column(`c${index}`, type)),
      column("n", { kind: "null" }),
    ];
    for (let iteration = 0; iteration < 200; iteration++) {
      const row: SqlValue[] = generators.map(([, generate]) =>
        random.nextInt(6) === 0 ? null : generate(random),
      );
      row.push(null);
      const decoded = decodeRow(columns, encodeRow(columns, row));
      const same = row.every((value, i) => sameValue(value, decoded[i]!));
      if (!same) expect(decoded, `seed ${SEED} iteration ${iteration}`).toEqual(row);
      expect(same).toBe(true);
    }
  });

  it("reads rows that are views into larger buffers (as rows in a cached block)", () => {
    const columns = [column("a", { kind: "text" }), column("b", { kind: "varchar", length: 99 })];
    const long = "0123456789".repeat(7);
    const rows: SqlValue[][] = [[long, "short"], ["é".repeat(40), long], ["x", "y".repeat(17)]];
    const blocks = [new Uint8Array(1024), new Uint8Array(1024)];
    for (let i = 0; i < 12; i++) {
      const row = rows[i % rows.length]!;
      const bytes = encodeRow(columns, row);
      const block = blocks[i % 2]!;
      const offset = 7 + i * 13;
      block.set(bytes, offset);
      expect(decodeRow(columns, block.subarray(offset, offset + bytes.length))).toEqual(row);
    }
  });

  it("encodes a row larger than the retained buffer, and small rows after it", () => {
    const columns = [column("b", { kind: "longblob" }), column("i", { kind: "int" })];
    const big = new Uint8Array(rowEncodeBufferRetainedBytesMax + 10).fill(7);
    const decoded = decodeRow(columns, encodeRow(columns, [big, 1]));
    // sameValue, not toEqual: vitest's deep equality takes seconds on a megabyte.
    expect(sameValue(decoded[0]!, big)).toBe(true);
    expect(decoded[1]).toBe(1);
    const small = new Uint8Array([1, 2]);
    expect(decodeRow(columns, encodeRow(columns, [small, -1]))).toEqual([small, -1]);
  });

  it("returns binaries as copies, not views of the stored bytes", () => {
    const columns = [column("b", { kind: "blob" })];
    const bytes = encodeRow(columns, [new Uint8Array([1, 2, 3])]);
    const decoded = decodeRow(columns, bytes)[0] as Uint8Array;
    bytes.fill(0);
    expect(decoded).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe("row format v1 golden bytes", () => {
  const columns = [
    column("id", { kind: "bigint" }),
    column("name", { kind: "varchar", length: 10, collation: "utf8mb4_0900_ai_ci" }),
    column("missing", { kind: "int" }),
    column("price", { kind: "decimal", length: 5, scale: 2 }),
    column("ratio", { kind: "double" }),
    column("data", { kind: "varbinary", length: 4 }),
    column("big", { kind: "bigint", unsigned: true }),
    column("neg", { kind: "int" }),
    column("when", { kind: "date" }),
  ];
  const row: SqlValue[] = [
    300, "hé", null, "-1.50", 1, new Uint8Array([0xab]), 2n ** 64n - 1n, -3, "2024-01-31",
  ];
  const golden =
    "01 09 04 00 " + // version, 9 columns, bitmap: column 2 is NULL
    "d8 04 " + // 300 zigzag = 600
    "03 68 c3 a9 " + // "hé": 3 UTF-8 bytes
    "05 2d 31 2e 35 30 " + // "-1.50"
    "00 00 00 00 00 00 f0 3f " + // 1.0, little-endian double
    "01 ab " + // one byte
    "80 80 80 80 80 80 80 10 ff ff ff ff ff ff ff ff " + // escape 2^53, then 2^64 - 1
    "05 " + // -3 zigzag = 5
    "0a 32 30 32 34 2d 30 31 2d 33 31"; // "2024-01-31"

  it("encodes to the documented bytes", () => {
    expect(hex(encodeRow(columns, row))).toBe(golden);
  });

  it("decodes the documented bytes", () => {
    const bytes = new Uint8Array(golden.split(" ").map((b) => parseInt(b, 16)));
    expect(decodeRow(columns, bytes)).toEqual(row);
  });

  it("starts with the format version", () => {
    expect(encodeRow(columns, row)[0]).toBe(ROW_FORMAT_VERSION);
  });
});

describe("schema evolution and corruption", () => {
  const before = [column("id", { kind: "int" }), column("name", { kind: "varchar", length: 5 })];
  const after = [
    ...before,
    column("score", { kind: "int" }, { kind: "literal", value: 7 }),
    column("note", { kind: "varchar", length: 5 }),
    column("flag", { kind: "tinyint" }, { kind: "none" }, false),
    column("created", { kind: "datetime" }, { kind: "expression", sql: "NOW()" }, false),
    column("raw", { kind: "blob" }, { kind: "literal", value: new Uint8Array([9]) }),
  ];

  it("decodes a row written before ADD COLUMN with the new columns' defaults", () => {
    const bytes = encodeRow(before, [1, "ab"]);
    expect(decodeRow(after, bytes)).toEqual([
      1, "ab", 7, null, 0, "0000-00-00 00:00:00", new Uint8Array([9]),
    ]);
  });

  it("rejects bad versions, truncation, extra columns and trailing bytes", () => {
    const bytes = encodeRow(before, [1, "ab"]);
    const wrongVersion = bytes.slice();
    wrongVersion[0] = 2;
    expect(() => decodeRow(before, wrongVersion)).toThrow(CorruptionError);
    expect(() => decodeRow(before, bytes.subarray(0, bytes.length - 1))).toThrow(CorruptionError);
    expect(() => decodeRow(before, new Uint8Array(0))).toThrow(CorruptionError);
    expect(() => decodeRow(before.slice(0, 1), bytes)).toThrow(/columns but the schema/);
    expect(() => decodeRow(before, new Uint8Array([...bytes, 0]))).toThrow(/trailing/);
    const badUtf8 = new Uint8Array([1, 1, 0, 2, 0xc3, 0x28]);
    expect(() => decodeRow([column("t", { kind: "text" })], badUtf8)).toThrow(CorruptionError);
  });

  it("asserts on rows that do not match the schema", () => {
    expect(() => encodeRow(before, [1])).toThrow(/width/);
    expect(() => encodeRow(before, [1, 2])).toThrow(/strings/);
    expect(() => encodeRow([column("n", { kind: "null" })], [1])).toThrow(/NULL/);
  });
});

/** A projection mask over `width` columns with the given positions wanted. */
function maskOf(width: number, wanted: readonly number[]): Uint8Array {
  const mask = new Uint8Array(width);
  for (const position of wanted) mask[position] = 1;
  return mask;
}

describe("row codec projection", () => {
  const columns = [
    ...generators.map(([type], index) => column(`c${index}`, type)),
    column("n", { kind: "null" }),
  ];

  function randomRow(random: SeededRandom): SqlValue[] {
    const row: SqlValue[] = generators.map(([, generate]) =>
      random.nextInt(6) === 0 ? null : generate(random),
    );
    row.push(null);
    return row;
  }

  it("builds only wanted columns of every storage class; the rest are null", () => {
    const random = new SeededRandom(SEED + 1);
    for (let iteration = 0; iteration < 300; iteration++) {
      const row = randomRow(random);
      const wanted = columns.map((_, i) => i).filter(() => random.nextInt(3) === 0);
      const decoded = decodeRow(columns, encodeRow(columns, row), maskOf(columns.length, wanted));
      expect(decoded.length).toBe(columns.length);
      const expected = row.map((value, i) => (wanted.includes(i) ? value : null));
      const same = expected.every((value, i) => sameValue(value, decoded[i]!));
      if (!same) expect(decoded, `iteration ${iteration}`).toEqual(expected);
      expect(same).toBe(true);
    }
  });

  it("reads each column alone after skipping every column before it", () => {
    const row = randomRow(new SeededRandom(SEED + 2)).map((value, i) =>
      value ?? (i < generators.length ? generators[i]![1](new SeededRandom(i)) : null));
    const bytes = encodeRow(columns, row);
    for (let i = 0; i < columns.length; i++) {
      const decoded = decodeRow(columns, bytes, maskOf(columns.length, [i]));
      expect(sameValue(decoded[i]!, row[i]!), `column ${i}`).toBe(true);
      expect(decoded.filter((value, j) => j !== i && value !== null)).toEqual([]);
    }
  });

  it("gives defaults only to wanted columns added after the row was written", () => {
    const before = [column("id", { kind: "int" }), column("name", { kind: "varchar", length: 5 })];
    const after = [
      ...before,
      column("score", { kind: "int" }, { kind: "literal", value: 7 }),
      column("flag", { kind: "tinyint" }, { kind: "none" }, false),
      column("raw", { kind: "blob" }, { kind: "literal", value: new Uint8Array([9]) }),
    ];
    const bytes = encodeRow(before, [1, "ab"]);
    expect(decodeRow(after, bytes, maskOf(5, [1, 3]))).toEqual([null, "ab", null, 0, null]);
    const first = decodeRow(after, bytes, maskOf(5, [4]))[4] as Uint8Array;
    first[0] = 0;
    expect(decodeRow(after, bytes, maskOf(5, [0, 2, 4]))).toEqual([
      1, null, 7, null, new Uint8Array([9]),
    ]);
  });

  it("still detects truncation and trailing bytes while skipping", () => {
    const random = new SeededRandom(SEED + 3);
    const none = maskOf(columns.length, []);
    const lastOnly = maskOf(columns.length, [columns.length - 1]);
    for (let iteration = 0; iteration < 20; iteration++) {
      const bytes = encodeRow(columns, randomRow(random));
      for (let length = 0; length < bytes.length; length++) {
        const cut = bytes.subarray(0, length);
        expect(() => decodeRow(columns, cut, none), `length ${length}`).toThrow(CorruptionError);
        expect(() => decodeRow(columns, cut, lastOnly)).toThrow(CorruptionError);
      }
      const longer = new Uint8Array([...bytes, 0]);
      expect(() => decodeRow(columns, longer, none)).toThrow(/trailing/);
    }
  });

  it("detects a truncated 64-bit integer and a value in a NULL column while skipping", () => {
    const ints = [column("a", { kind: "bigint", unsigned: true }), column("b", { kind: "int" })];
    const bytes = encodeRow(ints, [2n ** 64n - 1n, 1]);
    // Drop one byte of the 8-byte value but keep the total length by removing b's value.
    const cut = bytes.subarray(0, bytes.length - 2);
    expect(() => decodeRow(ints, cut, maskOf(2, []))).toThrow(/truncated 64-bit integer/);
    const nullColumn = [column("n", { kind: "null" })];
    const bad = new Uint8Array([ROW_FORMAT_VERSION, 1, 0, 5]);
    expect(() => decodeRow(nullColumn, bad, maskOf(1, []))).toThrow(CorruptionError);
  });

  it("asserts that the mask has the schema's width", () => {
    const two = [column("a", { kind: "int" }), column("b", { kind: "int" })];
    expect(() => decodeRow(two, encodeRow(two, [1, 2]), new Uint8Array(1))).toThrow(/width/);
  });
});

describe("row codec text", () => {
  const text = [column("t", { kind: "text" })];

  it("keeps a leading U+FEFF and a stored U+FFFD, in short and long strings", () => {
    const values = ["\uFEFFab", `\uFEFF${"x".repeat(40)}`, "a\uFFFDb", `${"y".repeat(30)}\uFFFD`];
    for (const value of values) {
      expect(decodeRow(text, encodeRow(text, [value]))).toEqual([value]);
    }
  });

  it("rejects invalid UTF-8 in long strings, wherever it is", () => {
    for (const at of [0, 17, 39]) {
      const bytes = encodeRow(text, ["z".repeat(40)]);
      bytes[bytes.length - 40 + at] = 0xff;
      expect(() => decodeRow(text, bytes), `at ${at}`).toThrow(CorruptionError);
    }
  });
});
