import { describe, expect, it } from "vitest";
import * as command from "./command.ts";
import { commandName } from "./command.ts";

describe("commandName", () => {
  it("names every exported COM_* constant by its own name", () => {
    const entries = Object.entries(command).filter(([name]) => name.startsWith("COM_"));
    expect(entries.length).toBe(32);
    for (const [name, code] of entries) expect(commandName(code as number)).toBe(name);
  });

  it("names unknown codes", () => {
    expect(commandName(0x2a)).toBe("COM_UNKNOWN(0x2a)");
    expect(commandName(0xff)).toBe("COM_UNKNOWN(0xff)");
  });
});
