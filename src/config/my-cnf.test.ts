import { describe, expect, it } from "vitest";
import { parseMyCnf, type MyCnfItem } from "./my-cnf.ts";

/** Options only, as [section, name, value] triples. */
function options(text: string): [string, string, string | undefined][] {
  return parseMyCnf(text, "my.cnf").flatMap((item: MyCnfItem) =>
    item.kind === "option" ? [[item.section, item.name, item.value]] : [],
  );
}

describe("parseMyCnf", () => {
  it("reads key = value, key=value and bare keys per section", () => {
    const text = "[mysqld]\nport = 3307\nbind-address=0.0.0.0\nskip-autocommit\n[Client]\nuser=x\n";
    expect(options(text)).toEqual([
      ["mysqld", "port", "3307"],
      ["mysqld", "bind-address", "0.0.0.0"],
      ["mysqld", "skip-autocommit", undefined],
      ["client", "user", "x"],
    ]);
  });

  it("skips blank lines and whole-line # and ; comments, with or without indentation", () => {
    const text = "# top\n; also\n\n[mysqld]\n  # indented\n\t; tab\nport=1\n";
    expect(options(text)).toEqual([["mysqld", "port", "1"]]);
  });

  it("ends unquoted values at # anywhere and at ; after a blank", () => {
    const text = [
      "[mysqld]",
      "port = 3307 # the port",
      "datadir=/d#x",
      "sql_mode = ANSI ; comment",
      "init = a;b",
      "autocommit # a bare boolean",
    ].join("\n");
    expect(options(text)).toEqual([
      ["mysqld", "port", "3307"],
      ["mysqld", "datadir", "/d"],
      ["mysqld", "sql_mode", "ANSI"],
      ["mysqld", "init", "a;b"],
      ["mysqld", "autocommit", undefined],
    ]);
  });

  it("reads quoted values with escapes, keeping # and ; inside quotes", () => {
    const text = [
      "[mysqld]",
      `a = "x # y ; z"`,
      `b = 'it''s'`.replace("''", "\\'"),
      `c = "tab\\there\\nline\\sspace\\\\ \\"q\\""  # comment`,
      `d = "keep \\d"`,
      `e = ""`,
      "f =",
    ].join("\n");
    expect(options(text)).toEqual([
      ["mysqld", "a", "x # y ; z"],
      ["mysqld", "b", "it's"],
      ["mysqld", "c", 'tab\there\nline space\\ "q"'],
      ["mysqld", "d", "keep \\d"],
      ["mysqld", "e", ""],
      ["mysqld", "f", ""],
    ]);
  });

  it("accepts CRLF line ends, a byte-order mark and names written with leading dashes", () => {
    const text = "\uFEFF[mysqld]\r\nport=3307\r\n--max-connections = 10\r\n";
    expect(options(text)).toEqual([
      ["mysqld", "port", "3307"],
      ["mysqld", "max-connections", "10"],
    ]);
  });

  it("returns !include and !includedir directives in order, with their lines", () => {
    const items = parseMyCnf(
      "!include a.cnf # more\n[mysqld]\nport=1\n!includedir  conf.d \n",
      "f",
    );
    expect(items).toEqual([
      { kind: "include", path: "a.cnf", line: 1 },
      { kind: "option", section: "mysqld", name: "port", value: "1", line: 3, text: "port=1" },
      { kind: "includedir", path: "conf.d", line: 4 },
    ]);
  });

  it("keeps each option's text without its comment, for messages", () => {
    const text = "[mysqld]\n  port = 1 # c\nbare ; c\nq = 'a # b'  # c\n";
    const texts = parseMyCnf(text, "f").map((item) => (item.kind === "option" ? item.text : ""));
    expect(texts).toEqual(["port = 1", "bare", "q = 'a # b'"]);
  });

  it.each([
    ["port=1", "/etc/x.cnf:1: option 'port=1' appears before any [section]"],
    ["[mysqld\nport=1", "/etc/x.cnf:1: malformed section header '[mysqld'"],
    ["[ ]", "/etc/x.cnf:1: empty section name '[]'"],
    ["[mysqld]\nport number = 1", "/etc/x.cnf:2: malformed option line 'port number = 1'"],
    ["[mysqld]\n= 1", "/etc/x.cnf:2: malformed option line '= 1'"],
    ['[mysqld]\r\n\r\na = "open', "/etc/x.cnf:3: unterminated double-quoted value"],
    ["[mysqld]\na = 'open", "/etc/x.cnf:2: unterminated single-quoted value"],
    ["[mysqld]\na = 'x' y", "/etc/x.cnf:2: unexpected text after quoted value: 'y'"],
    ["!include", "/etc/x.cnf:1: '!include' needs a path"],
    ["!includedir   ", "/etc/x.cnf:1: '!includedir' needs a path"],
    ["!source x", "/etc/x.cnf:1: unknown directive '!source x'"],
  ])("rejects %j with file:line", (text, message) => {
    expect(() => parseMyCnf(text, "/etc/x.cnf")).toThrow(message);
  });
});
