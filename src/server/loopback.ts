/** Whether an address only accepts connections from this machine. */
export function isLoopbackAddress(address: string): boolean {
  return address === "localhost" || address === "::1" || address.startsWith("127.");
}
