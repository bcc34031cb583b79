import { randomShuffle, type CoinSelectionRandom } from './coin-selection-random.js';

/** `CENT`. */
export const CENT = 1_000_000n;
/** `MIN_CHANGE` (Core 0.14 / Elements 0.14: one cent). */
export const MIN_CHANGE = CENT;
/** `MIN_FINAL_CHANGE`: the smallest change CreateTransaction keeps when it must reduce change. */
export const MIN_FINAL_CHANGE = MIN_CHANGE / 2n;
/** Iterations of `ApproximateBestSubset`. */
export const APPROXIMATE_BEST_SUBSET_ITERATIONS = 1000;

/** What the knapsack needs to know about a coin (`COutput`). */
export interface KnapsackCoin {
  readonly value: bigint;
  /** Internal-order hex of the asset id ('' when unknown). */
  readonly assetKey: string;
  readonly depth: number;
  readonly spendable: boolean;
  /** `IsFromMe(ISMINE_ALL)` of the coin's transaction. */
  readonly fromMe: boolean;
  readonly txidKey: string;
  readonly index: number;
}

export interface Selection<C> {
  readonly coins: C[];
  readonly total: bigint;
}

/**
 * `mempool.TransactionWithinChainLimit(txid, limit)`: a transaction not in the mempool always is; one
 * in it is when its ancestor and descendant counts are below `limit`.
 */
export type ChainLimitCheck<C> = (coin: C, limit: number) => boolean;

/**
 * `ApproximateBestSubset`: up to `iterations` randomized passes over `values` (largest first) looking
 * for the subset whose sum reaches `target` with the least excess. Returns the inclusion flags and
 * their sum (all coins, `totalLower`, if nothing better was found).
 */
export function approximateBestSubset(
  values: readonly bigint[],
  totalLower: bigint,
  target: bigint,
  rng: CoinSelectionRandom,
  iterations = APPROXIMATE_BEST_SUBSET_ITERATIONS,
): { best: boolean[]; bestTotal: bigint } {
  // Amounts are exact in doubles below 2^53; every sum here is at most totalLower.
  if (totalLower <= BigInt(Number.MAX_SAFE_INTEGER) && target >= 0n) {
    const r = approximateBestSubsetNumber(values.map(Number), Number(totalLower), Number(target), rng, iterations);
    return { best: r.best, bestTotal: BigInt(r.bestTotal) };
  }
  const n = values.length;
  let best: boolean[] = new Array<boolean>(n).fill(true);
  let bestTotal = totalLower;
  const included = new Array<boolean>(n);
  const bits = new RandomBits(rng);
  for (let rep = 0; rep < iterations && bestTotal !== target; rep++) {
    included.fill(false);
    let total = 0n;
    let reached = false;
    for (let pass = 0; pass < 2 && !reached; pass++) {
      for (let i = 0; i < n; i++) {
        // Pass 0: include each coin with probability 1/2; pass 1: add the coins left out.
        if (pass === 0 ? bits.next() : !included[i]) {
          total += values[i]!;
          included[i] = true;
          if (total >= target) {
            reached = true;
            if (total < bestTotal) {
              bestTotal = total;
              best = included.slice();
            }
            total -= values[i]!;
            included[i] = false;
          }
        }
      }
    }
  }
  return { best, bestTotal };
}

/**
 * The same search over doubles (exact while every sum stays below 2^53), with the random bits drawn
 * inline: it draws exactly the bits `RandomBits` would (one `rand32` per 32 coins of pass 0, the
 * word carried across passes and repetitions), so a seeded generator picks the same coins.
 */
function approximateBestSubsetNumber(
  values: readonly number[],
  totalLower: number,
  target: number,
  rng: CoinSelectionRandom,
  iterations: number,
): { best: boolean[]; bestTotal: number } {
  const n = values.length;
  const v = Float64Array.from(values);
  const best = new Uint8Array(n).fill(1);
  let bestTotal = totalLower;
  const included = new Uint8Array(n);
  let word = 0;
  let left = 0;
  for (let rep = 0; rep < iterations && bestTotal !== target; rep++) {
    included.fill(0);
    let total = 0;
    let reached = false;
    // pass 0: include each coin with probability 1/2
    for (let i = 0; i < n; i++) {
      if (left === 0) {
        word = rng.rand32();
        left = 32;
      }
      const bit = word & 1;
      word >>>= 1;
      left--;
      if (bit === 0) continue;
      total += v[i]!;
      included[i] = 1;
      if (total >= target) {
        reached = true;
        if (total < bestTotal) {
          bestTotal = total;
          best.set(included);
        }
        total -= v[i]!;
        included[i] = 0;
      }
    }
    if (reached) continue;
    // pass 1: add the coins left out
    for (let i = 0; i < n; i++) {
      if (included[i] !== 0) continue;
      total += v[i]!;
      included[i] = 1;
      if (total >= target) {
        if (total < bestTotal) {
          bestTotal = total;
          best.set(included);
        }
        total -= v[i]!;
        included[i] = 0;
      }
    }
  }
  return { best: Array.from(best, (b) => b === 1), bestTotal };
}

class RandomBits {
  private word = 0;
  private left = 0;
  constructor(private readonly rng: CoinSelectionRandom) {}
  next(): boolean {
    if (this.left === 0) {
      this.word = this.rng.rand32();
      this.left = 32;
    }
    const bit = this.word & 1;
    this.word >>>= 1;
    this.left--;
    return bit === 1;
  }
}

function sortedByOutpoint<C extends KnapsackCoin>(coins: C[]): C[] {
  return coins.sort((a, b) => (a.txidKey < b.txidKey ? -1 : a.txidKey > b.txidKey ? 1 : a.index - b.index));
}

/**
 * `CWallet::SelectCoinsMinConf` of Core 0.14 for one asset (`assetKey`, or every coin when undefined):
 * shuffle; skip unspendable coins, coins with fewer confirmations than `confMine` (our own
 * transactions) / `confTheirs`, and coins over the mempool chain limit; an exact single coin wins;
 * else, if the coins below target + MIN_CHANGE add up exactly, take them all; if they fall short,
 * the smallest coin above; otherwise the knapsack (for target, then target + MIN_CHANGE) against the
 * smallest larger coin, which wins ties. Undefined when the target cannot be reached.
 * The result is in txid / output order.
 */
export function selectCoinsMinConf<C extends KnapsackCoin>(
  assetKey: string | undefined,
  target: bigint,
  confMine: number,
  confTheirs: number,
  maxAncestors: number,
  coins: readonly C[],
  rng: CoinSelectionRandom,
  withinChainLimit: ChainLimitCheck<C>,
): Selection<C> | undefined {
  let lowestLarger: C | undefined;
  const lower: C[] = [];
  let totalLower = 0n;
  const shuffled = coins.slice();
  randomShuffle(shuffled, rng);
  for (const c of shuffled) {
    if (!c.spendable) continue;
    if (c.depth < (c.fromMe ? confMine : confTheirs)) continue;
    if (!withinChainLimit(c, maxAncestors)) continue;
    if (assetKey !== undefined && c.assetKey !== assetKey) continue;
    const n = c.value;
    if (n === target) return { coins: [c], total: n };
    if (n < target + MIN_CHANGE) {
      lower.push(c);
      totalLower += n;
    } else if (lowestLarger === undefined || n < lowestLarger.value) {
      lowestLarger = c;
    }
  }

  if (totalLower === target) return { coins: sortedByOutpoint(lower), total: totalLower };

  if (totalLower < target) {
    if (lowestLarger === undefined) return undefined;
    return { coins: [lowestLarger], total: lowestLarger.value };
  }

  // Largest first (std::sort by value, then std::reverse).
  lower.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).reverse();
  const values = lower.map((c) => c.value);
  let { best, bestTotal } = approximateBestSubset(values, totalLower, target, rng);
  if (bestTotal !== target && totalLower >= target + MIN_CHANGE) {
    ({ best, bestTotal } = approximateBestSubset(values, totalLower, target + MIN_CHANGE, rng));
  }

  if (lowestLarger !== undefined && ((bestTotal !== target && bestTotal < target + MIN_CHANGE) || lowestLarger.value <= bestTotal)) {
    return { coins: [lowestLarger], total: lowestLarger.value };
  }
  const chosen: C[] = [];
  let total = 0n;
  lower.forEach((c, i) => {
    if (best[i]) {
      chosen.push(c);
      total += c.value;
    }
  });
  return { coins: sortedByOutpoint(chosen), total };
}
