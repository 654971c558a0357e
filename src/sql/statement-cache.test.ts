import { describe, expect, it } from "vitest";
import { StatementCache } from "./statement-cache.ts";
import { parse } from "./parser/parser.ts";
import { statementCacheTextBytesMax } from "../constants.ts";

describe("StatementCache", () => {
  it("keeps recently used texts and evicts the least recently used", () => {
    const cache = new StatementCache(16);
    for (let index = 0; index < 16; index++) cache.put(`SELECT ${index}`, parse(`SELECT ${index}`));
    expect(cache.get("SELECT 0")).toBeDefined();
    cache.put("SELECT 100", parse("SELECT 100"));
    expect(cache.size).toBeLessThanOrEqual(16);
    expect(cache.get("SELECT 0")).toBeDefined();
    expect(cache.get("SELECT 1")).toBeUndefined();
    expect(cache.get("SELECT 100")).toBeDefined();
  });

  it("stays bounded under many distinct texts and skips long ones", () => {
    const cache = new StatementCache(64);
    const statements = parse("SELECT 1");
    for (let index = 0; index < 10_000; index++) cache.put(`SELECT ${index}`, statements);
    expect(cache.size).toBeLessThanOrEqual(64);
    const long = `SELECT '${"x".repeat(statementCacheTextBytesMax)}'`;
    cache.put(long, statements);
    expect(cache.get(long)).toBeUndefined();
  });
});
