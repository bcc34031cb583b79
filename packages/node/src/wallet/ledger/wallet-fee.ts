import { AssetAmounts } from './asset-amounts.js';

/** One payment of a transaction the wallet creates (`CRecipient` with its asset). */
export interface Recipient {
  /** Asset id, internal order. */
  readonly asset: Uint8Array;
  readonly amount: bigint;
  readonly subtractFeeFromAmount: boolean;
}

/** Fee settings the wallet's fee rule reads. */
export interface WalletFeeRule {
  /** `-fixedtxfee` in satoshis (0 = off). */
  readonly fixedTxFee: bigint;
  /** Whether an asset is one of the chain's policy assets (their transfers carry no fee). */
  readonly isPolicyAsset: (asset: Uint8Array) => boolean;
}

/**
 * The fee a wallet transaction paying its fee in `feeAsset` must carry (ocean-policy §11.3–11.4):
 * nothing for a policy asset; exactly `-fixedtxfee` when it is set; otherwise the size-based fee the
 * caller computed (`GetMinimumFee`).
 */
export function requiredWalletFee(feeAsset: Uint8Array, rule: WalletFeeRule, sizeBasedFee: bigint): bigint {
  if (rule.isPolicyAsset(feeAsset)) return 0n;
  if (rule.fixedTxFee > 0n) return rule.fixedTxFee;
  return sizeBasedFee;
}

/**
 * Whether dust change may be added to the fee instead of becoming an output (Core's "never create
 * dust outputs"): not on a fixed-fee node, whose fee must equal `-fixedtxfee` exactly.
 */
export function mayFoldDustChangeIntoFee(rule: WalletFeeRule): boolean {
  return rule.fixedTxFee <= 0n;
}

/** Whether the transaction gets a fee output (only for a positive fee; policy-asset fees are 0). */
export function needsFeeOutput(fee: bigint): boolean {
  return fee > 0n;
}

/**
 * `nValueToSelect` of CreateTransaction per asset: the recipients' amounts, plus the fee in the fee
 * asset unless some recipient pays it out of its amount. The fee asset is thus selected like any
 * other asset, in its own knapsack.
 */
export function valueToSelect(recipients: readonly Recipient[], feeAsset: Uint8Array, fee: bigint): AssetAmounts {
  const targets = new AssetAmounts();
  let subtract = 0;
  for (const r of recipients) {
    if (r.amount < 0n) throw new RangeError('recipient amount must not be negative');
    targets.add(r.asset, r.amount);
    if (r.subtractFeeFromAmount) subtract++;
  }
  if (subtract === 0 && fee > 0n) targets.add(feeAsset, fee);
  return targets;
}
