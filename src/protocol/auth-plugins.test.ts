import { constants, createHash, publicEncrypt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../util/random.ts";
import {
  cachingSha2Digest,
  constantTimeEqual,
  decryptRsaPassword,
  generateRsaKeyPair,
  nativePasswordHash,
  verifyCachingSha2Fast,
  verifyNativePassword,
} from "./auth-plugins.ts";
import { MalformedPacketError } from "./buffer-reader.ts";
import { toHex } from "./packet-test-util.ts";

const hash = (algorithm: string, ...parts: Uint8Array[]): Buffer => {
  const h = createHash(algorithm);
  for (const part of parts) h.update(part);
  return h.digest();
};
const xor = (a: Uint8Array, b: Uint8Array): Buffer => Buffer.from(a.map((x, i) => x ^ b[i]!));

/** The client side of mysql_native_password, as libmysqlclient and mysql2 compute it. */
function nativeClientAnswer(password: string, scramble: Uint8Array): Buffer {
  const stage1 = hash("sha1", Buffer.from(password));
  return xor(stage1, hash("sha1", scramble, hash("sha1", stage1)));
}

/** The client side of the caching_sha2_password fast path (mysql2 calculateToken). */
function sha2ClientAnswer(password: string, scramble: Uint8Array): Buffer {
  const stage1 = hash("sha256", Buffer.from(password));
  return xor(stage1, hash("sha256", hash("sha256", stage1), scramble));
}

const scramble = new SeededRandom(1).bytes(20);

describe("mysql_native_password", () => {
  it("stores SHA1(SHA1(pw)) as MySQL's PASSWORD() did", () => {
    // mysql> SELECT PASSWORD('password') → *2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19
    expect(toHex(nativePasswordHash("password")).toUpperCase()).toBe(
      "2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
    );
  });

  it("accepts the right password and rejects others", () => {
    const stored = nativePasswordHash("s3cret€");
    expect(verifyNativePassword(scramble, nativeClientAnswer("s3cret€", scramble), stored)).toBe(
      true,
    );
    expect(verifyNativePassword(scramble, nativeClientAnswer("s3cret", scramble), stored)).toBe(
      false,
    );
    const other = new SeededRandom(2).bytes(20);
    expect(verifyNativePassword(other, nativeClientAnswer("s3cret€", scramble), stored)).toBe(
      false,
    );
    expect(verifyNativePassword(scramble, new Uint8Array(0), stored)).toBe(false);
    expect(verifyNativePassword(scramble, new Uint8Array(19), stored)).toBe(false);
  });

  it("treats a 21-byte scramble (with the handshake's NUL) as its first 20 bytes", () => {
    const withNul = new Uint8Array(21);
    withNul.set(scramble);
    const answer = nativeClientAnswer("pw", scramble);
    expect(verifyNativePassword(withNul, answer, nativePasswordHash("pw"))).toBe(true);
  });

  it("accepts only an empty answer for an empty password", () => {
    expect(verifyNativePassword(scramble, new Uint8Array(0), undefined)).toBe(true);
    expect(verifyNativePassword(scramble, nativeClientAnswer("x", scramble), undefined)).toBe(
      false,
    );
  });
});

describe("caching_sha2_password", () => {
  it("stores SHA256(SHA256(pw))", () => {
    const expected = hash("sha256", hash("sha256", Buffer.from("pw")));
    expect(toHex(cachingSha2Digest("pw"))).toBe(expected.toString("hex"));
  });

  it("verifies the fast-path answer", () => {
    const digest = cachingSha2Digest("hunter2");
    expect(verifyCachingSha2Fast(scramble, sha2ClientAnswer("hunter2", scramble), digest)).toBe(
      true,
    );
    expect(verifyCachingSha2Fast(scramble, sha2ClientAnswer("hunter3", scramble), digest)).toBe(
      false,
    );
    expect(verifyCachingSha2Fast(scramble, new Uint8Array(20), digest)).toBe(false);
  });

  it("decrypts the full-path password encrypted as mysql2 does", () => {
    const keys = generateRsaKeyPair();
    expect(keys.publicKeyPem).toContain("BEGIN PUBLIC KEY");
    for (const password of ["", "short", "a much longer password than twenty bytes ✓"]) {
      const plain = Buffer.from(`${password}\0`, "utf8");
      const xored = Buffer.from(plain.map((b, i) => b ^ scramble[i % 20]!));
      const encrypted = publicEncrypt(
        { key: keys.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
        xored,
      );
      expect(decryptRsaPassword(keys.privateKey, encrypted, scramble)).toBe(password);
    }
    expect(() => decryptRsaPassword(keys.privateKey, Buffer.from("cleartext"), scramble)).toThrow(
      MalformedPacketError,
    );
  });
});

describe("constantTimeEqual", () => {
  it("compares lengths and bytes", () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1), Uint8Array.of(1, 2))).toBe(false);
  });
});
