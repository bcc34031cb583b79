/**
 * The latest active-chain tip as the RPC long polls see it (Core 0.14's `latestblock` guarded by
 * `cs_blockchange` and signalled through `cond_blockchange` by `RPCNotifyBlockChange`).
 *
 * The composition root calls `notify` after every tip change (once the mempool is in line with
 * it); `waitFor` parks a caller until a predicate on the tip holds, the timeout passes or the
 * signal aborts — without holding the chain lock, and with its timer cleared on every exit.
 */

/** A tip as `waitfor*` report it. */
export interface TipSnapshot {
  /** Block hash, display hex. */
  readonly hash: string;
  readonly height: number;
}

export interface WaitOptions {
  /**
   * Milliseconds to wait: 0 = until the predicate holds (or the signal aborts); negative = no
   * waiting, only the predicate check (Core's `wait_for` with a negative duration).
   */
  readonly timeoutMs: number;
  /** Aborted when the RPC server stops (Core's `!IsRPCRunning()` in the wait predicates). */
  readonly signal?: AbortSignal;
}

interface Waiter {
  readonly until: (tip: TipSnapshot) => boolean;
  readonly done: (tip: TipSnapshot) => void;
}

/** Longest delay `setTimeout` accepts; `waitfor*` timeouts are int32 milliseconds anyway. */
const MAX_TIMER_MS = 0x7fffffff;

export class TipWaiter {
  #latest: TipSnapshot;
  readonly #waiters = new Set<Waiter>();

  constructor(initial: TipSnapshot) {
    this.#latest = initial;
  }

  get latest(): TipSnapshot {
    return this.#latest;
  }

  /** Callers currently waiting (for tests and diagnostics). */
  get pending(): number {
    return this.#waiters.size;
  }

  /** Record the new tip and wake every waiter whose predicate now holds. No-op when unchanged. */
  notify(tip: TipSnapshot): void {
    if (tip.hash === this.#latest.hash && tip.height === this.#latest.height) return;
    this.#latest = { hash: tip.hash, height: tip.height };
    for (const w of [...this.#waiters]) if (w.until(this.#latest)) w.done(this.#latest);
  }

  /**
   * Resolves with the latest tip once `until(tip)` holds (checked first, like a condition
   * variable's predicate), when the timeout passes, or when `signal` aborts; never rejects.
   */
  waitFor(until: (tip: TipSnapshot) => boolean, opts: WaitOptions): Promise<TipSnapshot> {
    const { signal } = opts;
    if (until(this.#latest) || opts.timeoutMs < 0 || signal?.aborted === true) return Promise.resolve(this.#latest);
    return new Promise<TipSnapshot>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        until,
        done: (tip) => {
          this.#waiters.delete(waiter);
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(tip);
        },
      };
      const onAbort = (): void => waiter.done(this.#latest);
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.timeoutMs > 0) timer = setTimeout(() => waiter.done(this.#latest), Math.min(opts.timeoutMs, MAX_TIMER_MS));
    });
  }

  /** Wake every waiter with the latest tip (shutdown). */
  close(): void {
    for (const w of [...this.#waiters]) w.done(this.#latest);
  }
}
