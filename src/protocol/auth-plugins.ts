/**
 * The server side of the two password plugins MySQL 8.0 clients speak:
 *
 * - mysql_native_password: the server stores SHA1(SHA1(pw)); the client answers the 20-byte
 *   scramble with SHA1(pw) XOR SHA1(scramble || SHA1(SHA1(pw))).
 * - caching_sha2_password: the server stores SHA256(SHA256(pw)); the "fast" path answer is
 *   SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) || scramble). The "full" path sends the password
 *   itself, NUL-terminated, XOR'd with the scramble repeated and RSA-OAEP(SHA-1)-encrypted with
 *   the server's public key (or in clear over TLS, which this server does not offer).
 *
 * Invariants: digests are compared in constant time; a scramble is always exactly 20 bytes
 * (a trailing NUL sent in the handshake is not part of it).
 */

import {
  constants,
  createHash,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  timingSafeEqual,
} from "node:crypto";
import { assert } from "../util/assert.ts";
import { MalformedPacketError } from "./buffer-reader.ts";

/** AuthMoreData status byte: the fast-path scramble matched; an OK packet follows. */
export const AUTH_MORE_DATA_FAST_AUTH_OK = 3;
/** AuthMoreData status byte: the client must send the password (RSA-encrypted here). */
export const AUTH_MORE_DATA_PERFORM_FULL = 4;
/** The client's one-byte request for the server's RSA public key. */
export const CLIENT_REQUEST_PUBLIC_KEY = 2;

const SCRAMBLE_BYTES = 20;
const SHA1_BYTES = 20;
const SHA256_BYTES = 32;

function sha1(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  assert(a.length === b.length, "xor of unequal lengths");
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

function scrambleOf(scramble20: Uint8Array): Uint8Array {
  assert(scramble20.length >= SCRAMBLE_BYTES, "the auth scramble is 20 bytes");
  return scramble20.subarray(0, SCRAMBLE_BYTES);
}

const utf8 = new TextEncoder();

/** True when both arrays have the same length and bytes; time depends only on the length. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** What mysql_native_password stores: SHA1(SHA1(password)), 20 bytes. */
export function nativePasswordHash(password: string): Uint8Array {
  return sha1(sha1(utf8.encode(password)));
}

/**
 * Checks a mysql_native_password answer. `storedHash` undefined means the account has an empty
 * password, which the client proves with an empty answer.
 */
export function verifyNativePassword(
  scramble20: Uint8Array,
  clientResponse: Uint8Array,
  storedHash: Uint8Array | undefined,
): boolean {
  if (storedHash === undefined) return clientResponse.length === 0;
  if (clientResponse.length !== SHA1_BYTES) return false;
  assert(storedHash.length === SHA1_BYTES, "a native password hash is 20 bytes");
  const stage1 = xor(clientResponse, sha1(scrambleOf(scramble20), storedHash));
  return constantTimeEqual(sha1(stage1), storedHash);
}

/** What caching_sha2_password keeps in its cache: SHA256(SHA256(password)), 32 bytes. */
export function cachingSha2Digest(password: string): Uint8Array {
  return sha256(sha256(utf8.encode(password)));
}

/** Checks a caching_sha2_password fast-path answer against the stored digest. */
export function verifyCachingSha2Fast(
  scramble20: Uint8Array,
  clientResponse: Uint8Array,
  storedDigest: Uint8Array,
): boolean {
  if (clientResponse.length !== SHA256_BYTES) return false;
  assert(storedDigest.length === SHA256_BYTES, "a caching_sha2 digest is 32 bytes");
  const candidate = xor(clientResponse, sha256(storedDigest, scrambleOf(scramble20)));
  return constantTimeEqual(sha256(candidate), storedDigest);
}

/** A fresh 2048-bit RSA key pair for the caching_sha2_password full path. */
export function generateRsaKeyPair(): { publicKeyPem: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return { publicKeyPem, privateKey };
}

/**
 * Recovers the password from a full-path answer: RSA-OAEP(SHA-1) decrypt, XOR with the scramble
 * repeated, drop the trailing NUL. A ciphertext that does not decrypt is MalformedPacketError.
 */
export function decryptRsaPassword(
  privateKey: KeyObject,
  encrypted: Uint8Array,
  scramble20: Uint8Array,
): string {
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(
      privateDecrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
        encrypted,
      ),
    );
  } catch (error) {
    throw new MalformedPacketError("the RSA-encrypted password does not decrypt", {
      cause: error,
    });
  }
  const scramble = scrambleOf(scramble20);
  for (let i = 0; i < plain.length; i++) plain[i]! ^= scramble[i % SCRAMBLE_BYTES]!;
  const end = plain.length > 0 && plain[plain.length - 1] === 0 ? plain.length - 1 : plain.length;
  return new TextDecoder().decode(plain.subarray(0, end));
}
