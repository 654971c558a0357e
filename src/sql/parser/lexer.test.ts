import { describe, expect, it } from "vitest";
import { isSqlError } from "../sql-error.ts";
import { tokenize } from "./lexer.ts";
import { TokenKind, type Token } from "./token.ts";

/** "kind:text" for every token but End. */
function lex(sql: string): string[] {
  const names = Object.fromEntries(Object.entries(TokenKind).map(([name, kind]) => [kind, name]));
  return tokenize(sql)
    .filter((token: Token) => token.kind !== TokenKind.End)
    .map((token) => `${names[token.kind]}:${token.text}`);
}

describe("lexer", () => {
  it.each([
    ["SELECT a", ["Word:SELECT", "Word:a"]],
    ["a -- comment\n b", ["Word:a", "Word:b"]],
    ["a --x", ["Word:a", "Symbol:-", "Symbol:-", "Word:x"]],
    ["a --", ["Word:a"]],
    ["a # comment\nb", ["Word:a", "Word:b"]],
    ["a /* c */ b", ["Word:a", "Word:b"]],
    ["a /*+ INDEX(t) */ b", ["Word:a", "Word:b"]],
    ["a /*! ENGINE = innodb */", ["Word:a", "Word:ENGINE", "Symbol:=", "Word:innodb"]],
    ["a /*!50100 b */ c", ["Word:a", "Word:b", "Word:c"]],
    ["a /*!99999 b */ c", ["Word:a", "Word:c"]],
    ["'it''s'", ["String:it's"]],
    ['"say \\"hi\\""', ['String:say "hi"']],
    ["'a\\nb\\tc\\0\\Z\\\\'", ["String:a\nb\tc\0\x1a\\"]],
    ["'\\%\\_\\x'", ["String:\\%\\_x"]],
    ["`my``col`", ["QuotedIdentifier:my`col"]],
    ["12 1.5 .5 1e3 1.5E-2 12.", ["Integer:12", "Decimal:1.5", "Decimal:.5", "Float:1e3",
      "Float:1.5E-2", "Decimal:12."]],
    ["1abc 123_t 0x1F 0b101 0xZZ", ["Word:1abc", "Word:123_t", "Hex:1F", "Bit:101", "Word:0xZZ"]],
    ["X'0A' x'ff' b'101' B'1'", ["Hex:0A", "Hex:ff", "Bit:101", "Bit:1"]],
    ["N'x' n'y'", ["NationalString:x", "NationalString:y"]],
    ["@a @'b c' @`d` @@x @@session.y", ["UserVariable:a", "UserVariable:b c", "UserVariable:d",
      "SystemVariable:x", "SystemVariable:session.y"]],
    ["a<=>b<=c<>d!=e:=f->g->>h||i&&j<<k>>l", ["Word:a", "Symbol:<=>", "Word:b", "Symbol:<=",
      "Word:c", "Symbol:<>", "Word:d", "Symbol:!=", "Word:e", "Symbol::=", "Word:f", "Symbol:->",
      "Word:g", "Symbol:->>", "Word:h", "Symbol:||", "Word:i", "Symbol:&&", "Word:j", "Symbol:<<",
      "Word:k", "Symbol:>>", "Word:l"]],
    ["t.5c", ["Word:t", "Symbol:.", "Word:5c"]],
    ["?,?", ["Param:?", "Symbol:,", "Param:?"]],
    ["_utf8mb4'x'", ["Word:_utf8mb4", "String:x"]],
    ["ÄÖ é", ["Word:ÄÖ", "Word:é"]],
  ])("%j", (sql, expected) => {
    expect(lex(sql)).toEqual(expected);
  });

  it("keeps offsets and upper-cases words", () => {
    const [select, star] = tokenize("select *");
    expect(select).toMatchObject({ kind: TokenKind.Word, upper: "SELECT", start: 0, end: 6 });
    expect(star).toMatchObject({ kind: TokenKind.Symbol, text: "*", start: 7, end: 8 });
  });

  it.each(["'abc", '"abc', "`abc", "/* abc", "X'0'", "X'zz'", "b'12'", "@", "@@", "a \\ b"])(
    "rejects %j with 1064",
    (sql) => {
      let error: unknown;
      try {
        tokenize(sql);
      } catch (caught) {
        error = caught;
      }
      expect(isSqlError(error)).toBe(true);
      expect((error as { code: number }).code).toBe(1064);
    },
  );
});
