/**
 * User accounts and their password verifiers. An account keeps only password hashes, never the
 * password: SHA1(SHA1(pw)) for mysql_native_password and SHA256(SHA256(pw)) for
 * caching_sha2_password. Until CREATE USER lands (a later issue) the only account is root,
 * configured at start-up.
 *
 * The fast-auth cache mirrors MySQL's caching_sha2_password: a user may take the fast
 * (scramble) path only after one full authentication since the server started.
 */

import { cachingSha2Digest, nativePasswordHash } from "../protocol/auth-plugins.ts";

export type AuthPluginName = "caching_sha2_password" | "mysql_native_password";

export interface Account {
  readonly user: string;
  /** "%" matches any client host; "localhost" matches loopback clients only. */
  readonly host: string;
  readonly plugin: AuthPluginName;
  /** Undefined when the password is empty. */
  readonly nativeHash: Uint8Array | undefined;
  readonly sha2Digest: Uint8Array | undefined;
}

export interface RootAccountOptions {
  /** The root password, or "" for none. Only hashes are kept. */
  readonly rootPassword: string;
  readonly plugin: AuthPluginName;
  /** True when the server listens on loopback only; root@localhost then, else root@%. */
  readonly loopbackOnly: boolean;
}

export class Accounts {
  readonly #accounts: Account[] = [];
  readonly #fastAuthCache = new Set<string>();

  static withRoot(options: RootAccountOptions): Accounts {
    const accounts = new Accounts();
    const empty = options.rootPassword === "";
    accounts.#accounts.push({
      user: "root",
      host: options.loopbackOnly ? "localhost" : "%",
      plugin: options.plugin,
      nativeHash: empty ? undefined : nativePasswordHash(options.rootPassword),
      sha2Digest: empty ? undefined : cachingSha2Digest(options.rootPassword),
    });
    return accounts;
  }

  /** The account `user` may log in as from `clientHost` ("localhost" for loopback clients). */
  find(user: string, clientHost: string): Account | undefined {
    return this.#accounts.find(
      (account) =>
        account.user === user && (account.host === "%" || account.host === clientHost),
    );
  }

  isFastAuthCached(account: Account): boolean {
    return this.#fastAuthCache.has(accountKey(account));
  }

  rememberFastAuth(account: Account): void {
    this.#fastAuthCache.add(accountKey(account));
  }
}

function accountKey(account: Account): string {
  return `${account.user}@${account.host}`;
}
