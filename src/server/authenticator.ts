/**
 * The authentication exchange after HandshakeResponse41 (and for COM_CHANGE_USER): plugin
 * negotiation by AuthSwitchRequest, then
 * - mysql_native_password: verify the SHA1 scramble;
 * - caching_sha2_password: fast path (SHA256 scramble) when the account is in the fast-auth
 *   cache; otherwise full authentication: the server asks for it (AuthMoreData 0x04), the client
 *   asks for our RSA public key (0x02) unless it already has it, and sends the password
 *   RSA-OAEP-encrypted (XOR'd with the scramble). The link is never TLS here, so a cleartext
 *   password is refused.
 *
 * It talks through an `AuthChannel`, so the exchange is testable without a socket.
 */

import {
  AUTH_MORE_DATA_FAST_AUTH_OK,
  AUTH_MORE_DATA_PERFORM_FULL,
  CLIENT_REQUEST_PUBLIC_KEY,
  cachingSha2Digest,
  constantTimeEqual,
  decryptRsaPassword,
  verifyCachingSha2Fast,
  verifyNativePassword,
} from "../protocol/auth-plugins.ts";
import type { KeyObject } from "node:crypto";
import type { Account, Accounts, AuthPluginName } from "./accounts.ts";

export interface AuthChannel {
  /** Sends AuthSwitchRequest and returns the client's reply. */
  switchPlugin(plugin: AuthPluginName, scramble: Uint8Array): Promise<Uint8Array>;
  /** Sends AuthMoreData and, when `expectReply`, returns the client's reply. */
  moreData(data: Uint8Array, expectReply: boolean): Promise<Uint8Array | undefined>;
}

export interface RsaKeys {
  readonly publicKeyPem: string;
  readonly privateKey: KeyObject;
}

export interface AuthRequest {
  readonly user: string;
  readonly clientHost: string;
  /** The plugin the client used for `authResponse` (undefined: it did not say). */
  readonly clientPlugin: string | undefined;
  readonly authResponse: Uint8Array;
  readonly scramble: Uint8Array;
}

export type AuthOutcome =
  | { readonly kind: "accepted"; readonly account: Account }
  | { readonly kind: "denied"; readonly usedPassword: boolean };

export class Authenticator {
  constructor(
    private readonly accounts: Accounts,
    private readonly rsaKeys: () => RsaKeys,
  ) {}

  async authenticate(request: AuthRequest, channel: AuthChannel): Promise<AuthOutcome> {
    const account = this.accounts.find(request.user, request.clientHost);
    let response = request.authResponse;
    const usedPassword = response.length > 0 && !(response.length === 1 && response[0] === 0);
    if (account === undefined) return { kind: "denied", usedPassword };
    if (request.clientPlugin !== account.plugin) {
      response = await channel.switchPlugin(account.plugin, request.scramble);
    }
    const accepted =
      account.plugin === "mysql_native_password"
        ? verifyNativePassword(request.scramble, response, account.nativeHash)
        : await this.#cachingSha2(account, request.scramble, response, channel);
    const usedAfterSwitch = response.length > 0 && !(response.length === 1 && response[0] === 0);
    return accepted
      ? { kind: "accepted", account }
      : { kind: "denied", usedPassword: usedPassword || usedAfterSwitch };
  }

  async #cachingSha2(
    account: Account,
    scramble: Uint8Array,
    response: Uint8Array,
    channel: AuthChannel,
  ): Promise<boolean> {
    const isEmptyResponse = response.length === 0 || (response.length === 1 && response[0] === 0);
    if (account.sha2Digest === undefined) return isEmptyResponse;
    if (isEmptyResponse) return false;
    if (this.accounts.isFastAuthCached(account)) {
      if (!verifyCachingSha2Fast(scramble, response, account.sha2Digest)) return false;
      await channel.moreData(Uint8Array.of(AUTH_MORE_DATA_FAST_AUTH_OK), false);
      return true;
    }
    let reply = await channel.moreData(Uint8Array.of(AUTH_MORE_DATA_PERFORM_FULL), true);
    if (reply !== undefined && reply.length === 1 && reply[0] === CLIENT_REQUEST_PUBLIC_KEY) {
      const pem = new TextEncoder().encode(this.rsaKeys().publicKeyPem);
      reply = await channel.moreData(pem, true);
    }
    if (reply === undefined) return false;
    const password = this.#decrypt(reply, scramble);
    if (password === undefined) return false;
    if (!constantTimeEqual(cachingSha2Digest(password), account.sha2Digest)) return false;
    this.accounts.rememberFastAuth(account);
    return true;
  }

  /** The RSA-encrypted password, or undefined when the reply is not a valid ciphertext. */
  #decrypt(reply: Uint8Array, scramble: Uint8Array): string | undefined {
    try {
      return decryptRsaPassword(this.rsaKeys().privateKey, reply, scramble);
    } catch {
      // A cleartext password or garbage: node:crypto throws on a bad OAEP block. Deny.
      return undefined;
    }
  }
}
