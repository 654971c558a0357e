import { describe, expect, it } from "vitest";
import {
  CLIENT_COMPRESS,
  CLIENT_DEPRECATE_EOF,
  CLIENT_PLUGIN_AUTH,
  CLIENT_PROTOCOL_41,
  CLIENT_SESSION_TRACK,
  CLIENT_SSL,
  hasCapability,
  serverCapabilities,
} from "./capability-flags.ts";

describe("capability flags", () => {
  it("advertises the intended set", () => {
    // Bits 0..24 except COMPRESS (0x20), SSL (0x800), CAN_HANDLE_EXPIRED_PASSWORDS (1<<22)
    // and SESSION_TRACK (1<<23).
    expect(serverCapabilities).toBe(0x013ff7df);
    expect(hasCapability(serverCapabilities, CLIENT_PROTOCOL_41)).toBe(true);
    expect(hasCapability(serverCapabilities, CLIENT_PLUGIN_AUTH)).toBe(true);
    expect(hasCapability(serverCapabilities, CLIENT_DEPRECATE_EOF)).toBe(true);
    expect(hasCapability(serverCapabilities, CLIENT_SSL)).toBe(false);
    expect(hasCapability(serverCapabilities, CLIENT_COMPRESS)).toBe(false);
    expect(hasCapability(serverCapabilities, CLIENT_SESSION_TRACK)).toBe(false);
    expect(serverCapabilities).toBeGreaterThan(0);
  });
});
