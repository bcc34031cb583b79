import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Milliseconds before giving up (default 30 000). */
  readonly timeoutMs?: number;
  /** Milliseconds between polls (default 100). */
  readonly intervalMs?: number;
  /** Named in the timeout error. */
  readonly what?: string;
}

/** Raised by `waitFor` when the predicate did not hold in time; carries the last value it saw. */
export class WaitTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastSeen: unknown,
  ) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}${lastSeen === undefined ? '' : ` (last seen: ${describe(lastSeen)})`}`);
    this.name = 'WaitTimeoutError';
  }
}

function describe(v: unknown): string {
  if (v instanceof Error) return v.message;
  try {
    const s = JSON.stringify(v);
    return s.length > 500 ? `${s.slice(0, 500)}…` : s;
  } catch {
    return String(v);
  }
}

/**
 * Polls `predicate` until it returns something other than `undefined`/`false` and returns that
 * value. A predicate that throws is retried (its error is reported on timeout) — a node being
 * restarted refuses RPC for a moment. Resolves to the first truthy-ish result.
 */
export async function waitFor<T>(predicate: () => T | undefined | false | Promise<T | undefined | false>, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await predicate();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(what, timeoutMs, last);
    await sleep(intervalMs);
  }
}
