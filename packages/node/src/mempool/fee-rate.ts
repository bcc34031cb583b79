/** `CFeeRate`: satoshis per 1000 (virtual) bytes, with Core's rounding. */

/** `CFeeRate(fee, size)`: fee × 1000 / size (0 for size 0). */
export function feeRateOf(fee: bigint, size: number): bigint {
  return size > 0 ? (fee * 1000n) / BigInt(size) : 0n;
}

/** `CFeeRate::GetFee(size)`: the fee for `size` bytes, at least 1 for a positive rate. */
export function feeFor(ratePerK: bigint, size: number): bigint {
  let fee = (ratePerK * BigInt(size)) / 1000n;
  if (fee === 0n && size !== 0) {
    if (ratePerK > 0n) fee = 1n;
    if (ratePerK < 0n) fee = -1n;
  }
  return fee;
}

/** `CFeeRate::ToString()`: `%d.%08d BTC/kB`. */
export function formatFeeRate(ratePerK: bigint): string {
  const neg = ratePerK < 0n;
  const a = neg ? -ratePerK : ratePerK;
  return `${neg ? '-' : ''}${a / 100_000_000n}.${(a % 100_000_000n).toString().padStart(8, '0')} BTC/kB`;
}

/** `FormatMoney`: at least two decimals, trailing zeros trimmed. */
export function moneyString(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  let frac = (a % 100_000_000n).toString().padStart(8, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${neg ? '-' : ''}${a / 100_000_000n}.${frac}`;
}

/** a/sa vs b/sb without division: -1, 0, 1. */
export function compareRates(feeA: bigint, sizeA: number, feeB: bigint, sizeB: number): number {
  const l = feeA * BigInt(sizeB);
  const r = feeB * BigInt(sizeA);
  return l < r ? -1 : l > r ? 1 : 0;
}
