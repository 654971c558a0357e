import { describe, expect, it } from "vitest";
import type { PreparedStatement } from "../sql/sql-engine.ts";
import { PreparedStatements } from "./prepared-statements.ts";

const statement = { info: { paramCount: 2, columns: [] } } as unknown as PreparedStatement;

describe("PreparedStatements", () => {
  it("numbers statements from 1 and forgets closed ones", () => {
    const registry = new PreparedStatements();
    const first = registry.add(statement);
    const second = registry.add(statement);
    expect([first.id, second.id]).toEqual([1, 2]);
    registry.delete(1);
    expect(registry.get(1)).toBeUndefined();
    expect(registry.get(2)).toBe(second);
  });

  it("joins SEND_LONG_DATA chunks per parameter in arrival order", () => {
    const registry = new PreparedStatements();
    const entry = registry.add(statement);
    expect(registry.longDataOf(entry.id)).toBeUndefined();
    entry.longData.set(0, [Uint8Array.of(1, 2), Uint8Array.of(3), Uint8Array.of(4, 5)]);
    entry.longData.set(1, [Uint8Array.of(9)]);
    const joined = registry.longDataOf(entry.id);
    expect(joined?.get(0)).toEqual(Uint8Array.of(1, 2, 3, 4, 5));
    expect(joined?.get(1)).toEqual(Uint8Array.of(9));
  });
});
