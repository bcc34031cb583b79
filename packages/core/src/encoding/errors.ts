/**
 * Raised by every decoder in core for malformed input. Callers (RPC, P2P, CLI) map it to their own
 * error shape; it is never an assertion failure.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(message: string) {
    super(message);
  }
}

/** An internal invariant was violated: a bug, never a rule violation or bad input. */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}
