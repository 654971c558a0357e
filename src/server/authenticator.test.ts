import { constants, createHash, publicEncrypt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../util/random.ts";
import { Accounts, type AuthPluginName } from "./accounts.ts";
import { Authenticator, type AuthChannel } from "./authenticator.ts";
import { generateRsaKeyPair } from "../protocol/auth-plugins.ts";

const keys = generateRsaKeyPair();
const scramble = new SeededRandom(7).bytes(20).map((b) => (b % 127) + 1);

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}
function sha1(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}
function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, i) => byte ^ b[i % b.length]!);
}
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** What a client computes for caching_sha2_password's scramble response. */
function sha2Scramble(password: string): Uint8Array {
  const stage1 = sha256(text(password));
  return xor(stage1, sha256(sha256(stage1), scramble));
}
function nativeScramble(password: string): Uint8Array {
  const stage1 = sha1(text(password));
  return xor(stage1, sha1(scramble, sha1(stage1)));
}

/** A scripted client: records what the server sent and answers like mysql2 / libmariadb. */
function clientChannel(password: string, log: string[]): AuthChannel {
  return {
    switchPlugin: async (plugin) => {
      log.push(`switch:${plugin}`);
      return plugin === "mysql_native_password" ? nativeScramble(password) : sha2Scramble(password);
    },
    moreData: async (data, expectReply) => {
      if (data.length === 1) log.push(`more:${data[0]}`);
      else log.push("public-key");
      if (!expectReply) return undefined;
      if (data.length === 1 && data[0] === 4) return Uint8Array.of(2); // request the public key
      const pem = new TextDecoder().decode(data);
      expect(pem).toContain("BEGIN PUBLIC KEY");
      const plain = xor(text(password + "\0"), scramble);
      return new Uint8Array(publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING }, plain));
    },
  };
}

function setup(password: string, plugin: AuthPluginName = "caching_sha2_password") {
  const accounts = Accounts.withRoot({ rootPassword: password, plugin, loopbackOnly: true });
  return new Authenticator(accounts, () => keys);
}

describe("Authenticator", () => {
  it("accepts root with an empty password and an empty response", async () => {
    const log: string[] = [];
    const outcome = await setup("").authenticate(
      { user: "root", clientHost: "localhost", clientPlugin: "caching_sha2_password", authResponse: new Uint8Array(), scramble },
      clientChannel("", log),
    );
    expect(outcome.kind).toBe("accepted");
    expect(log).toEqual([]);
  });

  it("takes the full RSA path first, then the fast path", async () => {
    const authenticator = setup("s3cret");
    const request = { user: "root", clientHost: "localhost", clientPlugin: "caching_sha2_password", authResponse: sha2Scramble("s3cret"), scramble };
    const firstLog: string[] = [];
    expect((await authenticator.authenticate(request, clientChannel("s3cret", firstLog))).kind).toBe("accepted");
    expect(firstLog).toEqual(["more:4", "public-key"]);
    const secondLog: string[] = [];
    expect((await authenticator.authenticate(request, clientChannel("s3cret", secondLog))).kind).toBe("accepted");
    expect(secondLog).toEqual(["more:3"]);
  });

  it("denies a wrong password on the full path and reports that a password was used", async () => {
    const outcome = await setup("s3cret").authenticate(
      { user: "root", clientHost: "localhost", clientPlugin: "caching_sha2_password", authResponse: sha2Scramble("wrong"), scramble },
      clientChannel("wrong", []),
    );
    expect(outcome).toEqual({ kind: "denied", usedPassword: true });
  });

  it("denies an empty response when a password is set", async () => {
    const outcome = await setup("s3cret").authenticate(
      { user: "root", clientHost: "localhost", clientPlugin: "caching_sha2_password", authResponse: new Uint8Array(), scramble },
      clientChannel("", []),
    );
    expect(outcome).toEqual({ kind: "denied", usedPassword: false });
  });

  it("switches a native-password client to caching_sha2_password", async () => {
    const log: string[] = [];
    const outcome = await setup("").authenticate(
      { user: "root", clientHost: "localhost", clientPlugin: "mysql_native_password", authResponse: new Uint8Array(), scramble },
      { ...clientChannel("", log), switchPlugin: async (plugin) => (log.push(`switch:${plugin}`), new Uint8Array()) },
    );
    expect(outcome.kind).toBe("accepted");
    expect(log).toEqual(["switch:caching_sha2_password"]);
  });

  it("verifies mysql_native_password accounts, switching a sha2 client", async () => {
    const authenticator = setup("pw", "mysql_native_password");
    const log: string[] = [];
    const accepted = await authenticator.authenticate(
      { user: "root", clientHost: "localhost", clientPlugin: "caching_sha2_password", authResponse: sha2Scramble("pw"), scramble },
      clientChannel("pw", log),
    );
    expect(accepted.kind).toBe("accepted");
    expect(log).toEqual(["switch:mysql_native_password"]);
    const denied = await authenticator.authenticate(
      { user: "root", clientHost: "localhost", clientPlugin: "mysql_native_password", authResponse: nativeScramble("nope"), scramble },
      clientChannel("nope", []),
    );
    expect(denied.kind).toBe("denied");
  });

  it("denies unknown users and root from a remote host when root is loopback-only", async () => {
    const authenticator = setup("");
    const base = { clientPlugin: "caching_sha2_password", authResponse: new Uint8Array(), scramble };
    expect((await authenticator.authenticate({ ...base, user: "bob", clientHost: "localhost" }, clientChannel("", []))).kind).toBe("denied");
    expect((await authenticator.authenticate({ ...base, user: "root", clientHost: "10.0.0.5" }, clientChannel("", []))).kind).toBe("denied");
  });
});
