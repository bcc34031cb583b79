/** `Expire` and `TrimToSize`: what leaves a pool that is too old or too big. */
import { compareRates, feeRateOf } from './fee-rate.js';
import type { MempoolEntry } from './mempool-entry.js';
import type { PoolIndex } from './pool-index.js';

/** Remove entries (with their descendants) that entered before `time`; returns the count. */
export function expireEntries(index: PoolIndex, time: number): number {
  if (index.timeLowerBound >= time) return 0;
  const stage = new Set<string>();
  for (const e of index.entries.values()) if (e.time < time) for (const d of index.withDescendants(e.txid)) stage.add(d);
  index.remove(stage);
  let oldest = Infinity;
  for (const e of index.entries.values()) if (e.time < oldest) oldest = e.time;
  index.timeLowerBound = oldest;
  return stage.size;
}

/**
 * Evict the lowest descendant-score packages until the pool uses at most `limit` bytes; each
 * evicted package's fee rate plus `incrementalRelayFee` is reported to `removedRate` (the rolling
 * minimum fee). Returns the evicted txids.
 */
export function trimToSize(index: PoolIndex, limit: number, incrementalRelayFee: bigint, removedRate: (rate: bigint) => void): string[] {
  const evicted: string[] = [];
  while (index.entries.size > 0 && index.totalUsage > limit) {
    let worst: MempoolEntry | undefined;
    for (const e of index.entries.values()) if (worst === undefined || compareDescendantScore(e, worst) < 0) worst = e;
    removedRate(feeRateOf(worst!.descendants.modFees, worst!.descendants.size) + incrementalRelayFee);
    const stage = index.withDescendants(worst!.txid);
    index.remove(stage);
    evicted.push(...stage);
  }
  return evicted;
}

/** Descendant score: the higher of own and package fee rate; ascending = eviction order. */
function compareDescendantScore(a: MempoolEntry, b: MempoolEntry): number {
  const useA = compareRates(a.descendants.modFees, a.descendants.size, a.modifiedFee, a.vsize) > 0;
  const useB = compareRates(b.descendants.modFees, b.descendants.size, b.modifiedFee, b.vsize) > 0;
  const [fa, sa] = useA ? [a.descendants.modFees, a.descendants.size] : [a.modifiedFee, a.vsize];
  const [fb, sb] = useB ? [b.descendants.modFees, b.descendants.size] : [b.modifiedFee, b.vsize];
  const c = compareRates(fa, sa, fb, sb);
  if (c !== 0) return c;
  return a.time !== b.time ? b.time - a.time : a.txid < b.txid ? -1 : 1;
}
