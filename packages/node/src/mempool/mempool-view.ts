/**
 * `CCoinsViewMemPool`: the chain's coins with the outputs of in-pool transactions on top, so a
 * transaction may spend unconfirmed parents. As in Core 0.14, outputs spent by other pool
 * transactions stay visible (conflicts are found through the pool's spender index instead).
 */
import { isStoredOutput, toDisplayHex, type Coin, type CoinView, type OutPoint, type Transaction } from '@ocean-ts/core';
import { MEMPOOL_HEIGHT } from './options.js';

export class MempoolView implements CoinView {
  constructor(
    private readonly base: CoinView,
    /** The pool transaction with this txid (display hex), if any. */
    private readonly poolTx: (txidHex: string) => Transaction | undefined,
  ) {}

  get(outpoint: OutPoint): Coin | undefined {
    const tx = this.poolTx(toDisplayHex(outpoint.txid));
    if (tx !== undefined) {
      const out = tx.outputs[outpoint.index];
      if (out === undefined || !isStoredOutput(out)) return undefined;
      return { out, height: MEMPOOL_HEIGHT, isCoinbase: false };
    }
    return this.base.get(outpoint);
  }

  /** Is `txidHex` a pool transaction? */
  inPool(txidHex: string): boolean {
    return this.poolTx(txidHex) !== undefined;
  }
}
