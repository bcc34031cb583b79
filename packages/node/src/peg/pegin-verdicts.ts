/**
 * `-validatepegin`: what geth said about each peg-in claim, so that the synchronous consensus and
 * mempool checks can read a verdict the node fetched beforehand (docs/adr/0033, "Per-claim
 * checks"). Keyed by Ethereum tx hash + claimed amount + claim key — the inputs of the original's
 * `IsValidEthPegin`, whose answer depends on nothing else but geth's state.
 *
 * Re-check rule: the original asks geth again on every check. Here
 *  - a positive verdict is kept (least recently used first out, at most `capacity` entries): a
 *    Transfer with `peginconfirmationdepth + 2` confirmations does not become unconfirmed;
 *  - a negative verdict (not yet confirmed, wrong amount, geth unreachable, …) is only trusted for
 *    `freshMs` after it was fetched — long enough for the check the lookup was made for — and then
 *    counts as unknown, so the next check of that claim asks geth again.
 */
import { toHex, type Amount, type EthPeginResult } from '@ocean-ts/core';

export interface PeginVerdict {
  readonly ok: boolean;
  /** The original's failure message (`Invalid eth transaction`, …) when not ok. */
  readonly reason?: string;
  /** When it was fetched (the cache's clock, milliseconds). */
  readonly at: number;
}

export interface PeginVerdictCacheOptions {
  /** Monotonic milliseconds. */
  readonly now: () => number;
  /** Most verdicts kept (default 10,000). */
  readonly capacity?: number;
  /** How long a negative verdict stands before it is asked again (default 1,000 ms). */
  readonly freshMs?: number;
}

export const DEFAULT_PEGIN_VERDICT_CAPACITY = 10_000;
export const DEFAULT_NEGATIVE_VERDICT_MS = 1_000;

export class PeginVerdictCache {
  /** Insertion order = recency (oldest first). */
  readonly #verdicts = new Map<string, PeginVerdict>();
  readonly #now: () => number;
  readonly #capacity: number;
  readonly #freshMs: number;

  constructor(opts: PeginVerdictCacheOptions) {
    this.#now = opts.now;
    this.#capacity = opts.capacity ?? DEFAULT_PEGIN_VERDICT_CAPACITY;
    this.#freshMs = opts.freshMs ?? DEFAULT_NEGATIVE_VERDICT_MS;
    if (!(this.#capacity >= 1)) throw new RangeError('the peg-in verdict cache needs room for one verdict');
  }

  /** The key of a claim: Ethereum tx hash (internal order), amount in base units, claim key. */
  static key(ethTxid: Uint8Array, amount: Amount, claimPubkey: Uint8Array): string {
    return `${toHex(ethTxid)}/${amount}/${toHex(claimPubkey)}`;
  }

  get size(): number {
    return this.#verdicts.size;
  }

  /** The stored verdict (stale negative ones included), without touching its recency. */
  peek(key: string): PeginVerdict | undefined {
    return this.#verdicts.get(key);
  }

  /** Is there a positive verdict? (A use: it becomes the most recently used.) */
  isConfirmed(key: string): boolean {
    const v = this.#verdicts.get(key);
    if (v === undefined || !v.ok) return false;
    this.#verdicts.delete(key);
    this.#verdicts.set(key, v);
    return true;
  }

  /** Must geth be asked before this claim is checked? (no positive verdict, no fresh negative one) */
  needsLookup(key: string): boolean {
    const v = this.#verdicts.get(key);
    if (v === undefined) return true;
    return !v.ok && this.#now() - v.at >= this.#freshMs;
  }

  /** Record geth's answer, evicting the least recently used verdicts beyond the capacity. */
  record(key: string, result: EthPeginResult): PeginVerdict {
    const v: PeginVerdict = result.ok ? { ok: true, at: this.#now() } : { ok: false, reason: result.error, at: this.#now() };
    this.#verdicts.delete(key);
    this.#verdicts.set(key, v);
    while (this.#verdicts.size > this.#capacity) this.#verdicts.delete(this.#verdicts.keys().next().value!);
    return v;
  }
}
