/** `CTxMemPool::check`: the pool's indexes and cached statistics agree with its transactions. */
import { outpointKey, toDisplayHex } from '@ocean-ts/core';
import type { PackageStats } from './mempool-entry.js';
import type { PoolIndex } from './pool-index.js';

/**
 * Every input spent at most once, spender index and links match the transactions, cached
 * statistics equal a recomputation. Throws on the first inconsistency.
 */
export function checkConsistency(index: PoolIndex): void {
  const seen = new Map<string, string>();
  let size = 0;
  let usage = 0;
  for (const [id, e] of index.entries) {
    size += e.vsize;
    usage += e.usage;
    const parents = new Set<string>();
    for (const input of e.tx.inputs) {
      if (input.isPegin) continue;
      const k = outpointKey(input.prevout);
      if (seen.has(k)) throw new Error(`outpoint ${k} spent by ${seen.get(k)} and ${id}`);
      seen.set(k, id);
      if (index.spenders.get(k) !== id) throw new Error(`spender index wrong for ${k}`);
      const p = toDisplayHex(input.prevout.txid);
      if (index.entries.has(p)) parents.add(p);
    }
    if (!sameSet(parents, e.parents)) throw new Error(`parents of ${id} wrong`);
    for (const p of parents) if (!index.get(p)!.children.has(id)) throw new Error(`child link ${p} -> ${id} missing`);
    for (const c of e.children) if (!index.get(c)?.parents.has(id)) throw new Error(`parent link ${c} -> ${id} missing`);
    const a = index.stats(id, index.ancestorsOf(id));
    const d = index.stats(id, index.descendantsOf(id));
    if (!sameStats(a, e.ancestors)) throw new Error(`ancestor stats of ${id} stale`);
    if (!sameStats(d, e.descendants)) throw new Error(`descendant stats of ${id} stale`);
  }
  if (seen.size !== index.spenders.size) throw new Error('spender index has extra outpoints');
  if (size !== index.totalSize || usage !== index.totalUsage) throw new Error('size totals wrong');
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function sameStats(a: PackageStats, b: PackageStats): boolean {
  return a.count === b.count && a.size === b.size && a.modFees === b.modFees && a.sigOpCost === b.sigOpCost;
}
