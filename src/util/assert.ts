/**
 * Always-on assertions. An AssertionError means a programmer error: it is never caught and
 * crashes the process, because continuing with a broken invariant risks silent data damage.
 */

export class AssertionError extends Error {
  override readonly name = "AssertionError";
}

/** Throws AssertionError when `condition` is false. Write `assert(a); assert(b)`, not `a && b`. */
export function assert(condition: unknown, message = "assertion failed"): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Marks a switch as exhaustive: the compiler rejects a missing case. */
export function assertNever(value: never, what = "value"): never {
  throw new AssertionError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

export function unreachable(message = "unreachable"): never {
  throw new AssertionError(message);
}
