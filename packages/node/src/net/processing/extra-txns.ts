import type { Transaction } from '@ocean-ts/core';

/** `vExtraTxnForCompact` size (`-blockreconstructionextratxn` default). */
const EXTRA_TXN_FOR_COMPACT = 100;

/** `vExtraTxnForCompact`: recent orphans and rejected transactions, candidates for compact-block reconstruction. */
export class ExtraTxns {
  private readonly txs: Transaction[] = [];

  add(tx: Transaction): void {
    this.txs.push(tx);
    if (this.txs.length > EXTRA_TXN_FOR_COMPACT) this.txs.shift();
  }

  [Symbol.iterator](): Iterator<Transaction> {
    return this.txs[Symbol.iterator]();
  }
}
