/**
 * Bind addresses: validating `bind_address` and deciding whether an address is loopback-only,
 * which the safe-default rule in load-config.ts relies on (no remote root without a password).
 */

import { invalidValue } from "./value-parsers.ts";

/**
 * An address to bind: IPv4 dotted quad, IPv6 (optionally in brackets), a host name, or `*`.
 * MySQL 8's comma-separated list of addresses is not supported.
 */
export function parseBindAddress(optionName: string, text: string): string {
  const expected = "an IPv4 or IPv6 address, a host name, or *";
  const address = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (address === "*" || isIpv4Address(address)) return address;
  if (address.includes(":")) {
    if (/^[0-9a-f:.]+$/i.test(address) && address.split("::").length <= 2) return address;
    throw invalidValue(optionName, text, expected);
  }
  const labels = address.split(".");
  const isHostName =
    address.length > 0 &&
    address.length <= 253 &&
    !/^[0-9.]+$/.test(address) &&
    labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
  if (!isHostName) throw invalidValue(optionName, text, expected);
  return address;
}

function isIpv4Address(text: string): boolean {
  const parts = text.split(".");
  return (
    parts.length === 4 && parts.every((part) => /^[0-9]{1,3}$/.test(part) && Number(part) <= 255)
  );
}

/**
 * True for addresses only this host can reach: 127.0.0.0/8, ::1 (also spelled out or as an
 * IPv4-mapped 127.x address), and `localhost`.
 */
export function isLoopbackAddress(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === "localhost" || lower === "::1" || lower === "0:0:0:0:0:0:0:1") return true;
  const ipv4 = lower.startsWith("::ffff:") ? lower.slice("::ffff:".length) : lower;
  return isIpv4Address(ipv4) && ipv4.startsWith("127.");
}
