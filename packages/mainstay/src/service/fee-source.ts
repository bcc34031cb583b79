/**
 * Where the fee policy gets the recommended fee rate. The original asked
 * `https://bitcoinfees.earn.com/api/v1/fees/recommended` for `hourFee`; that API is gone, so the
 * daemon injects a replacement (e.g. bitcoind `estimatesmartfee`, spec mainstay.md §2.5, §8.7).
 */
export interface FeeSource {
  /**
   * The recommended rate in integer satoshis per byte (a fractional value is floored). Reject or
   * return undefined when no estimate is available: the policy then falls back to the minimum.
   */
  recommendedFeeRate(): Promise<number | undefined>;
}
