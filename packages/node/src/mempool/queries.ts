/** Read-side views of the pool: the verbose entry of the mempool RPCs and the block-template order. */
import { toDisplayHex } from '@ocean-ts/core';
import { compareRates } from './fee-rate.js';
import type { MempoolEntry } from './mempool-entry.js';
import type { MempoolEntryInfo } from './mempool-types.js';
import type { PoolIndex } from './pool-index.js';

/** The verbose entry of `getrawmempool true` / `getmempoolentry` (undefined when not pooled). */
export function entryInfo(index: PoolIndex, txid: string): MempoolEntryInfo | undefined {
  const e = index.get(txid);
  if (e === undefined) return undefined;
  const depends = new Set<string>();
  for (const input of e.tx.inputs) {
    const p = toDisplayHex(input.prevout.txid);
    if (index.entries.has(p)) depends.add(p);
  }
  return {
    size: e.vsize,
    fee: e.fee,
    modifiedfee: e.modifiedFee,
    time: e.time,
    height: e.height,
    descendantcount: e.descendants.count,
    descendantsize: e.descendants.size,
    descendantfees: e.descendants.modFees,
    ancestorcount: e.ancestors.count,
    ancestorsize: e.ancestors.size,
    ancestorfees: e.ancestors.modFees,
    depends: [...depends].sort(),
  };
}

/**
 * Entries by ancestor score (`CompareTxMemPoolEntryByAncestorFee`: highest package fee rate
 * first, ties by txid), each preceded by its not-yet-listed ancestors — a valid block order.
 */
export function blockOrder(index: PoolIndex): MempoolEntry[] {
  const sorted = [...index.entries.values()].sort((a, b) => {
    const c = compareRates(b.ancestors.modFees, b.ancestors.size, a.ancestors.modFees, a.ancestors.size);
    return c !== 0 ? c : a.txid < b.txid ? -1 : a.txid > b.txid ? 1 : 0;
  });
  const done = new Set<string>();
  const out: MempoolEntry[] = [];
  const visit = (e: MempoolEntry): void => {
    if (done.has(e.txid)) return;
    done.add(e.txid);
    for (const p of [...e.parents].sort()) visit(index.get(p)!);
    out.push(e);
  };
  for (const e of sorted) visit(e);
  return out;
}
