/** What `AttemptToEvictConnection` knows of an inbound peer (`NodeEvictionCandidate`). */
export interface EvictionCandidate {
  readonly id: number;
  /** Seconds. */
  readonly timeConnected: number;
  /** Microseconds; `Number.MAX_SAFE_INTEGER` when never measured. */
  readonly minPingUsec: number;
  /** Seconds; 0 = never. */
  readonly lastBlockTime: number;
  readonly lastTxTime: number;
  readonly relevantServices: boolean;
  readonly relayTxes: boolean;
  readonly bloomFilter: boolean;
  /** `nKeyedNetGroup`. */
  readonly keyedNetGroup: bigint;
}

/** Drops the last `n` entries of `list` once sorted with `compare` (Core erases `end() - n .. end()`). */
function protect(list: EvictionCandidate[], n: number, compare: (a: EvictionCandidate, b: EvictionCandidate) => number): EvictionCandidate[] {
  const sorted = [...list].sort(compare);
  return sorted.slice(0, sorted.length - Math.min(n, sorted.length));
}

/** `std::sort` comparators of Core 0.14 turned into three-way comparisons (a before b → negative). */
const byNetGroup = (a: EvictionCandidate, b: EvictionCandidate) => (a.keyedNetGroup < b.keyedNetGroup ? -1 : a.keyedNetGroup > b.keyedNetGroup ? 1 : 0);
const byMinPingDesc = (a: EvictionCandidate, b: EvictionCandidate) => b.minPingUsec - a.minPingUsec;
const byTimeConnectedDesc = (a: EvictionCandidate, b: EvictionCandidate) => b.timeConnected - a.timeConnected;
const byTxTime = (a: EvictionCandidate, b: EvictionCandidate) => {
  if (a.lastTxTime !== b.lastTxTime) return a.lastTxTime - b.lastTxTime;
  if (a.relayTxes !== b.relayTxes) return a.relayTxes ? 1 : -1;
  if (a.bloomFilter !== b.bloomFilter) return a.bloomFilter ? -1 : 1;
  return b.timeConnected - a.timeConnected;
};
const byBlockTime = (a: EvictionCandidate, b: EvictionCandidate) => {
  if (a.lastBlockTime !== b.lastBlockTime) return a.lastBlockTime - b.lastBlockTime;
  if (a.relevantServices !== b.relevantServices) return a.relevantServices ? 1 : -1;
  return b.timeConnected - a.timeConnected;
};

/**
 * Core 0.14's `AttemptToEvictConnection` selection over the non-whitelisted inbound peers: protect
 * 4 by keyed net group, the 8 with the lowest minimum ping, the 4 that most recently sent a new
 * transaction, the 4 that most recently sent a new block, and the older half by connection time;
 * then evict the youngest member of the net group with the most connections (ties: the group
 * whose first member connected latest). Undefined when nobody may be evicted.
 */
export function selectNodeToEvict(candidates: readonly EvictionCandidate[]): number | undefined {
  let list = protect([...candidates], 4, byNetGroup);
  if (list.length === 0) return undefined;
  list = protect(list, 8, byMinPingDesc);
  if (list.length === 0) return undefined;
  list = protect(list, 4, byTxTime);
  if (list.length === 0) return undefined;
  list = protect(list, 4, byBlockTime);
  if (list.length === 0) return undefined;
  list = protect(list, Math.floor(list.length / 2), byTimeConnectedDesc);
  if (list.length === 0) return undefined;
  const groups = new Map<bigint, EvictionCandidate[]>();
  let most: bigint | undefined;
  let mostCount = 0;
  let mostTime = 0;
  for (const c of list) {
    const g = groups.get(c.keyedNetGroup) ?? [];
    g.push(c);
    groups.set(c.keyedNetGroup, g);
    const groupTime = g[0]!.timeConnected;
    if (g.length > mostCount || (g.length === mostCount && groupTime > mostTime)) {
      mostCount = g.length;
      mostTime = groupTime;
      most = c.keyedNetGroup;
    }
  }
  return groups.get(most!)![0]!.id;
}
