import { feeFor } from '../../mempool/fee-rate.js';

/** The fee options a wallet transaction reads (satoshis; rates per 1000 virtual bytes). */
export interface WalletFeeSettings {
  /** `-paytxfee` / `settxfee` (0: estimate, then the fallback fee). */
  payTxFeePerKb: bigint;
  /** `-mintxfee` (default 1000). */
  readonly minTxFeePerKb: bigint;
  /** `-fallbackfee` (default 20000). */
  readonly fallbackFeePerKb: bigint;
  /** `-txconfirmtarget` (default 6; there is no fee estimator, so it only documents the target). */
  readonly txConfirmTarget: number;
  /** `-fixedtxfee` (0 = off). */
  readonly fixedTxFee: bigint;
  /** `-minrelaytxfee` (default 1000). */
  readonly minRelayTxFeePerKb: bigint;
  /** `-dustrelayfee` (default 1000). */
  readonly dustRelayFeePerKb: bigint;
  /** `-maxtxfee` (default 0.1 coin): the wallet never pays more. */
  readonly maxTxFee: bigint;
  /** `-walletrbf` (default false): inputs signal BIP125 replaceability. */
  readonly rbf: boolean;
  /** `-walletrejectlongchains` (default false). */
  readonly rejectLongChains: boolean;
  /** `-spendzeroconfchange` (default true). */
  readonly spendZeroConfChange: boolean;
  /** `-ct_bits` / `-ct_exponent` for range proofs. */
  readonly ctBits?: number | undefined;
  readonly ctExponent?: number | undefined;
}

export const DEFAULT_WALLET_FEE_SETTINGS: Readonly<WalletFeeSettings> = Object.freeze({
  payTxFeePerKb: 0n,
  minTxFeePerKb: 1000n,
  fallbackFeePerKb: 20_000n,
  txConfirmTarget: 6,
  fixedTxFee: 0n,
  minRelayTxFeePerKb: 1000n,
  dustRelayFeePerKb: 1000n,
  maxTxFee: 10_000_000n,
  rbf: false,
  rejectLongChains: false,
  spendZeroConfChange: true,
});

/**
 * `CWallet::GetMinimumFee(nTxBytes, nConfirmTarget, pool)` of Core 0.14: `-paytxfee` if set, else
 * the fee estimate (this node keeps none, as `estimatesmartfee` reports) and then `-fallbackfee`;
 * at least `GetRequiredFee` = max(`-mintxfee`, `-minrelaytxfee`); at most `-maxtxfee`.
 */
export function minimumFee(s: WalletFeeSettings, bytes: number): bigint {
  let fee = feeFor(s.payTxFeePerKb, bytes);
  if (fee === 0n) fee = feeFor(s.fallbackFeePerKb, bytes);
  const required = feeFor(s.minTxFeePerKb > s.minRelayTxFeePerKb ? s.minTxFeePerKb : s.minRelayTxFeePerKb, bytes);
  if (fee < required) fee = required;
  if (fee > s.maxTxFee) fee = s.maxTxFee;
  return fee;
}

/** Core's `FormatMoney`: at least two decimals, trailing zeros trimmed. */
export { moneyString as formatMoney } from '../../mempool/fee-rate.js';
