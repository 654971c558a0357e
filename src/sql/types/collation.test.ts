import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../util/random.ts";
import {
  binaryCollation,
  collationById,
  defaultCollationForCharset,
  getCollation,
  listCharsets,
  listCollations,
} from "./collation.ts";

function collation(name: string) {
  const c = getCollation(name);
  if (c === undefined) throw new Error(`missing ${name}`);
  return c;
}

describe("collation registry", () => {
  it("finds collations by name, id and charset", () => {
    expect(getCollation("UTF8MB4_0900_AI_CI")?.id).toBe(255);
    expect(collationById(45)?.name).toBe("utf8mb4_general_ci");
    expect(defaultCollationForCharset("utf8mb4")?.name).toBe("utf8mb4_0900_ai_ci");
    expect(defaultCollationForCharset("latin1")?.name).toBe("latin1_swedish_ci");
    expect(defaultCollationForCharset("utf8")?.name).toBe("utf8mb3_general_ci");
    expect(getCollation("utf8_general_ci")?.id).toBe(33);
    expect(binaryCollation.id).toBe(63);
    expect(getCollation("nope")).toBeUndefined();
    for (const c of listCharsets()) expect(getCollation(c.defaultCollation)?.isDefault).toBe(true);
    expect(listCollations().filter((c) => c.isDefault)).toHaveLength(listCharsets().length);
    expect(collation("utf8mb4_0900_ai_ci").padSpace).toBe(false);
    expect(collation("utf8mb4_general_ci").padSpace).toBe(true);
  });
});

describe("collation semantics", () => {
  it("_0900_ai_ci ignores case and accents, not trailing spaces", () => {
    const c = collation("utf8mb4_0900_ai_ci");
    expect(c.equals("abc", "ABC")).toBe(true);
    expect(c.equals("café", "CAFE")).toBe(true);
    expect(c.equals("straße", "STRASSE")).toBe(true);
    expect(c.equals("a", "a ")).toBe(false);
    expect(c.compare("a", "B")).toBeLessThan(0);
    expect(c.compare("b", "A")).toBeGreaterThan(0);
  });

  it("general_ci folds per character without expansions and pads", () => {
    const c = collation("utf8mb4_general_ci");
    expect(c.equals("abc", "ABC  ")).toBe(true);
    expect(c.equals("é", "E")).toBe(true);
    expect(c.equals("ß", "ss")).toBe(false);
    expect(c.equals("ß", "s")).toBe(true);
    expect(c.compare("a", "_")).toBeLessThan(0); // 'A' (0x41) < '_' (0x5F), as MySQL
  });

  it("_as_cs and _bin distinguish case", () => {
    for (const name of ["utf8mb4_0900_as_cs", "utf8mb4_bin", "utf8mb4_0900_bin", "binary"]) {
      const c = collation(name);
      expect(c.equals("a", "A")).toBe(false);
    }
    const cs = collation("utf8mb4_0900_as_cs");
    // Primary (case-insensitive) order first: "a" < "B" < "b" < "c".
    expect(cs.compare("B", "a")).toBeGreaterThan(0);
    expect(cs.compare("B", "b")).toBeLessThan(0);
    expect(cs.compare("b", "c")).toBeLessThan(0);
    expect(collation("utf8mb4_bin").equals("a", "a  ")).toBe(true);
    expect(collation("utf8mb4_0900_bin").equals("a", "a ")).toBe(false);
  });

  it("latin1_swedish_ci puts Å Ä Ö after Z", () => {
    const c = collation("latin1_swedish_ci");
    expect(c.compare("Z", "Å")).toBeLessThan(0);
    expect(c.compare("Å", "Ä")).toBeLessThan(0);
    expect(c.compare("Ä", "Ö")).toBeLessThan(0);
    expect(c.equals("ä", "Æ")).toBe(true);
    expect(c.equals("é", "E")).toBe(true);
  });

  it("compare, equals and sortKey agree on random strings for every collation", () => {
    const random = new SeededRandom(7);
    const alphabet = ["a", "A", "b", "B", " ", "é", "E", "ß", "s", "S", "\u0000", "\t", "Å", "ä"];
    alphabet.push("_", "😀", "\uffff");
    const word = () => {
      let s = "";
      const n = random.nextInt(5);
      for (let i = 0; i < n; i++) s += alphabet[random.nextInt(alphabet.length)];
      return s;
    };
    for (const c of listCollations()) {
      for (let i = 0; i < 2000; i++) {
        const a = word();
        const b = word();
        const cmp = Math.sign(c.compare(a, b));
        const ka = c.sortKey(a);
        const kb = c.sortKey(b);
        const keyCmp = ka < kb ? -1 : ka > kb ? 1 : 0;
        expect(keyCmp, `${c.name} ${JSON.stringify([a, b])}`).toBe(cmp);
        expect(c.equals(a, b)).toBe(cmp === 0);
        expect(Math.sign(c.compare(b, a)) + cmp).toBe(0);
      }
    }
  });
});
