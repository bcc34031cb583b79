/**
 * Removals driven by the chain: a block's conflicts (`removeConflicts`), a transaction that can no
 * longer be re-added and its spenders (`removeRecursive`), and after a reorg the entries that are
 * no longer final, BIP68-final or mature (`removeForReorg`).
 */
import {
  COINBASE_MATURITY,
  LOCKTIME_MEDIAN_TIME_PAST,
  LOCKTIME_VERIFY_SEQUENCE,
  OutPoint,
  calculateSequenceLocks,
  evaluateSequenceLocks,
  isFinalTx,
  outpointKey,
  toDisplayHex,
  type Transaction,
} from '@ocean-ts/core';
import type { MempoolChainView } from './chain-view.js';
import type { PoolIndex } from './pool-index.js';

/** Remove the pool transactions (with descendants) that spend an input of `tx` other than `tx` itself. */
export function removeConflicts(index: PoolIndex, tx: Transaction): void {
  if (tx.isCoinbase) return;
  const id = tx.txidHex;
  for (const input of tx.inputs) {
    if (input.isPegin) continue;
    const spender = index.spenders.get(outpointKey(input.prevout));
    if (spender !== undefined && spender !== id) index.remove(index.withDescendants(spender));
  }
}

/** Remove `tx` (if pooled) and everything spending its outputs (`removeRecursive`). */
export function removeRecursive(index: PoolIndex, tx: Transaction): void {
  const stage = new Set<string>();
  if (index.entries.has(tx.txidHex)) for (const d of index.withDescendants(tx.txidHex)) stage.add(d);
  for (let i = 0; i < tx.outputs.length; i++) {
    const child = index.spenders.get(outpointKey(new OutPoint(tx.txid, i)));
    if (child !== undefined) for (const d of index.withDescendants(child)) stage.add(d);
  }
  index.remove(stage);
}

/** `removeForReorg`: entries (with descendants) no longer final, BIP68-final, or spending immature coinbases. */
export function removeForReorg(index: PoolIndex, chain: MempoolChainView): void {
  const tip = chain.tipHeight();
  const mtp = chain.medianTimePast();
  const base = chain.coins();
  const stage = new Set<string>();
  for (const e of index.entries.values()) {
    const tx = e.tx;
    let bad = !isFinalTx(tx, tip + 1, mtp);
    const heights: number[] = [];
    for (const input of tx.inputs) {
      if (input.isPegin || index.entries.has(toDisplayHex(input.prevout.txid))) {
        heights.push(tip + 1);
        continue;
      }
      const coin = base.get(input.prevout);
      if (coin === undefined) {
        bad = true;
        heights.push(tip + 1);
        continue;
      }
      if (coin.isCoinbase && tip + 1 - coin.height < COINBASE_MATURITY) bad = true;
      heights.push(coin.height);
    }
    if (!bad) {
      const lock = calculateSequenceLocks(tx, LOCKTIME_VERIFY_SEQUENCE | LOCKTIME_MEDIAN_TIME_PAST, heights, (h) => chain.medianTimePastAt(h));
      bad = !evaluateSequenceLocks(tip + 1, mtp, lock);
    }
    if (bad) for (const d of index.withDescendants(e.txid)) stage.add(d);
  }
  index.remove(stage);
}
