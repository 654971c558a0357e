/**
 * CLIENT_* capability flags exchanged in the handshake (MySQL "Capabilities Flags"), and the set
 * this server advertises. Invariant: every value is an unsigned 32-bit number (`>>> 0`), so flag
 * sets compare and print the same on both sides of the wire.
 */

export const CLIENT_LONG_PASSWORD = 1;
export const CLIENT_FOUND_ROWS = 2;
export const CLIENT_LONG_FLAG = 4;
export const CLIENT_CONNECT_WITH_DB = 8;
export const CLIENT_NO_SCHEMA = 16;
export const CLIENT_COMPRESS = 32;
export const CLIENT_ODBC = 64;
export const CLIENT_LOCAL_FILES = 128;
export const CLIENT_IGNORE_SPACE = 256;
export const CLIENT_PROTOCOL_41 = 512;
export const CLIENT_INTERACTIVE = 1024;
export const CLIENT_SSL = 2048;
export const CLIENT_IGNORE_SIGPIPE = 4096;
export const CLIENT_TRANSACTIONS = 8192;
export const CLIENT_RESERVED = 16384;
export const CLIENT_SECURE_CONNECTION = 32768;
export const CLIENT_MULTI_STATEMENTS = (1 << 16) >>> 0;
export const CLIENT_MULTI_RESULTS = (1 << 17) >>> 0;
export const CLIENT_PS_MULTI_RESULTS = (1 << 18) >>> 0;
export const CLIENT_PLUGIN_AUTH = (1 << 19) >>> 0;
export const CLIENT_CONNECT_ATTRS = (1 << 20) >>> 0;
export const CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = (1 << 21) >>> 0;
export const CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = (1 << 22) >>> 0;
export const CLIENT_SESSION_TRACK = (1 << 23) >>> 0;
export const CLIENT_DEPRECATE_EOF = (1 << 24) >>> 0;

/**
 * What the server advertises in HandshakeV10. SSL and COMPRESS are absent because the server
 * implements neither; SESSION_TRACK is absent because OK packets never carry session state.
 */
export const serverCapabilities: number =
  (CLIENT_LONG_PASSWORD |
    CLIENT_FOUND_ROWS |
    CLIENT_LONG_FLAG |
    CLIENT_CONNECT_WITH_DB |
    CLIENT_NO_SCHEMA |
    CLIENT_ODBC |
    CLIENT_LOCAL_FILES |
    CLIENT_IGNORE_SPACE |
    CLIENT_PROTOCOL_41 |
    CLIENT_INTERACTIVE |
    CLIENT_IGNORE_SIGPIPE |
    CLIENT_TRANSACTIONS |
    CLIENT_RESERVED |
    CLIENT_SECURE_CONNECTION |
    CLIENT_MULTI_STATEMENTS |
    CLIENT_MULTI_RESULTS |
    CLIENT_PS_MULTI_RESULTS |
    CLIENT_PLUGIN_AUTH |
    CLIENT_CONNECT_ATTRS |
    CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA |
    CLIENT_DEPRECATE_EOF) >>>
  0;

/** True when every bit of `flag` is set in `capabilities`. */
export function hasCapability(capabilities: number, flag: number): boolean {
  return ((capabilities & flag) >>> 0) === flag;
}
