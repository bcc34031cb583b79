/**
 * `CTxMemPoolEntry`: a transaction in the pool with its fee, size and cached package statistics
 * (ancestors and descendants include the entry itself, as in Core).
 */
import type { Transaction } from '@ocean-ts/core';

export interface PackageStats {
  count: number;
  size: number;
  modFees: bigint;
  sigOpCost: number;
}

export class MempoolEntry {
  /** Txids (display hex) of in-pool parents and children. */
  readonly parents = new Set<string>();
  readonly children = new Set<string>();
  feeDelta = 0n;
  ancestors: PackageStats;
  descendants: PackageStats;

  constructor(
    readonly tx: Transaction,
    /** Fee per Ocean's fee outputs (see fee-policy.ts). */
    readonly fee: bigint,
    /** Entry time (seconds). */
    readonly time: number,
    /** Tip height when the transaction entered. */
    readonly height: number,
    readonly spendsCoinbase: boolean,
    readonly sigOpCost: number,
    /** Virtual size (`GetTxSize`: weight / sigops adjusted). */
    readonly vsize: number,
  ) {
    this.ancestors = { count: 1, size: vsize, modFees: fee, sigOpCost };
    this.descendants = { count: 1, size: vsize, modFees: fee, sigOpCost };
  }

  get txid(): string {
    return this.tx.txidHex;
  }

  get modifiedFee(): bigint {
    return this.fee + this.feeDelta;
  }

  /** Approximate `DynamicMemoryUsage` of the entry: serialized size plus bookkeeping. */
  get usage(): number {
    return this.tx.size + 256;
  }

  /** Signals BIP125 replaceability: some input's nSequence < 0xfffffffe. */
  get signalsRbf(): boolean {
    return this.tx.inputs.some((i) => i.sequence >>> 0 < 0xfffffffe);
  }
}
