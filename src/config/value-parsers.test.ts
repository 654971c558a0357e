import { describe, expect, it } from "vitest";
import { ConfigError } from "../util/errors.ts";
import { isLoopbackAddress, parseBindAddress } from "./bind-address.ts";
import {
  parseChoice,
  parseIntegerInRange,
  parseLogLevel,
  parsePath,
  parseSizeBytes,
} from "./value-parsers.ts";

describe("parseIntegerInRange", () => {
  it("accepts decimal integers within the bounds", () => {
    expect(parseIntegerInRange("port", "0", 0, 65535)).toBe(0);
    expect(parseIntegerInRange("port", "3306", 0, 65535)).toBe(3306);
    expect(parseIntegerInRange("port", "65535", 0, 65535)).toBe(65535);
  });

  it.each(["abc", "", "-1", "+1", "1.5", "65536", " 1", "1e3", "0x10"])("rejects %j", (text) => {
    expect(() => parseIntegerInRange("port", text, 0, 65535)).toThrow(
      new ConfigError(
        `invalid value '${text}' for option 'port': expected an integer from 0 to 65535`,
      ),
    );
  });
});

describe("parseSizeBytes", () => {
  const parse = (text: string): number =>
    parseSizeBytes("max_allowed_packet", text, 1024, 1024 ** 3);

  it("reads plain bytes and K/M/G suffixes in either case", () => {
    expect(parse("1024")).toBe(1024);
    expect(parse("64K")).toBe(64 * 1024);
    expect(parse("64k")).toBe(64 * 1024);
    expect(parse("16M")).toBe(16 * 1024 * 1024);
    expect(parse("16m")).toBe(16 * 1024 * 1024);
    expect(parse("1G")).toBe(1024 ** 3);
  });

  it.each(["1023", "2G", "16MB", "M", "1.5M", "-1K", ""])("rejects %j with the bounds", (text) => {
    expect(() => parse(text)).toThrow(
      `invalid value '${text}' for option 'max_allowed_packet': expected a size from 1024 to ` +
        "1073741824 bytes, optionally with a K, M or G suffix",
    );
  });
});

describe("parseChoice", () => {
  it("accepts a choice in any case and returns it as listed", () => {
    expect(parseChoice("commit_durability", "LOCAL", ["local", "none"] as const)).toBe("local");
    expect(parseChoice("commit_durability", "none", ["local", "none"] as const)).toBe("none");
  });

  it("rejects anything else, listing the choices", () => {
    expect(() => parseChoice("commit_durability", "", ["local", "none"])).toThrow(ConfigError);
    expect(() => parseChoice("commit_durability", "local ", ["local", "none"])).toThrow(
      "invalid value 'local ' for option 'commit_durability': expected one of local, none",
    );
  });
});

describe("parseLogLevel and parsePath", () => {
  it("accepts the four levels in any case", () => {
    expect(parseLogLevel("log_level", "DEBUG")).toBe("debug");
    expect(parseLogLevel("log_level", "warn")).toBe("warn");
    expect(() => parseLogLevel("log_level", "verbose")).toThrow(
      "invalid value 'verbose' for option 'log_level': expected one of debug, info, warn, error",
    );
  });

  it("keeps paths as given and rejects empty ones", () => {
    expect(parsePath("datadir", "./data")).toBe("./data");
    expect(() => parsePath("datadir", "")).toThrow("invalid value '' for option 'datadir'");
  });
});

describe("bind addresses", () => {
  it.each(["127.0.0.1", "0.0.0.0", "*", "::", "::1", "fe80::1", "localhost", "db.example.com"])(
    "accepts %s",
    (text) => {
      expect(parseBindAddress("bind_address", text)).toBe(text);
    },
  );

  it("unwraps a bracketed IPv6 address", () => {
    expect(parseBindAddress("bind_address", "[::1]")).toBe("::1");
  });

  it.each(["", "256.1.1.1", "1.2.3", "a b", "10.0.0.1,10.0.0.2", "1::2::3", "-bad-.com"])(
    "rejects %j",
    (text) => {
      expect(() => parseBindAddress("bind_address", text)).toThrow(
        `invalid value '${text}' for option 'bind_address': expected an IPv4 or IPv6 address`,
      );
    },
  );

  it("knows which addresses are loopback only", () => {
    for (const address of [
      "127.0.0.1",
      "127.1.2.3",
      "::1",
      "localhost",
      "LOCALHOST",
      "::ffff:127.0.0.1",
    ]) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of [
      "0.0.0.0",
      "*",
      "::",
      "10.0.0.1",
      "128.0.0.1",
      "example.com",
      "::ffff:10.0.0.1",
    ]) {
      expect(isLoopbackAddress(address), address).toBe(false);
    }
  });
});
