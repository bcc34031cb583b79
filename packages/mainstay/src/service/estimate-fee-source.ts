/**
 * The replacement of the defunct `bitcoinfees.earn.com` `hourFee` (spec mainstay.md §2.5, §8.7,
 * ADR 0047): bitcoind's `estimatesmartfee` for a one-hour target (6 blocks), converted from
 * satoshis per 1000 virtual bytes to whole satoshis per byte. No estimate (a fresh node, regtest,
 * an RPC failure) resolves to undefined, which the fee policy turns into its minimum.
 */
import type { BitcoinClient } from '@ocean-ts/rpc-client';
import type { FeeSource } from './fee-source.js';

/** `hourFee` ≈ confirmation within six blocks. */
export const DEFAULT_FEE_CONF_TARGET = 6;

export class EstimateSmartFeeSource implements FeeSource {
  constructor(
    private readonly bitcoin: BitcoinClient,
    readonly confTarget = DEFAULT_FEE_CONF_TARGET,
  ) {}

  async recommendedFeeRate(): Promise<number | undefined> {
    let feerate: number | undefined;
    try {
      feerate = (await this.bitcoin.estimateSmartFee(this.confTarget)).feerate;
    } catch {
      return undefined;
    }
    if (feerate === undefined || !Number.isFinite(feerate) || feerate <= 0) return undefined;
    return Math.floor(feerate / 1000);
  }
}
