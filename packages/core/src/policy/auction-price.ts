/**
 * The guardnode auction price (ocean-policy.md §9.3), in the reference's arithmetic:
 *
 * ```
 * priceHeight = min(height, startBlockHeight)                      (unsigned)
 * t = (int32)(priceHeight − confirmedBlockHeight)
 * t < 0 → 0, else trunc( double(startPrice × (1 + t)) / (double(1 + t) + double(t)³ / double(decay)) )
 * ```
 *
 * The numerator is a wrapping 64-bit product; the cube is rounded once (as `pow`). Defect fix: a
 * decay constant of 0 gives `0³/0 = NaN` at t = 0 in the reference (an undefined conversion to an
 * integer); here that term is 0, so the price at t = 0 is the start price for every decay constant,
 * and for t > 0 the term is +∞ and the price 0 (as in the reference). The result is never NaN.
 */

export interface PricedRequest {
  readonly startBlockHeight: number;
  readonly confirmedBlockHeight: number;
  readonly decayConst: number;
  readonly startPrice: bigint;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The price of `request` at chain height `height`, in satoshis. */
export function auctionPrice(request: PricedRequest, height: number): bigint {
  const start = request.startBlockHeight >>> 0;
  const h = height >>> 0;
  const priceHeight = Math.min(h, start);
  const t = ((priceHeight - (request.confirmedBlockHeight >>> 0)) | 0);
  if (t < 0) return 0n;
  const onePlusT = (1 + t) | 0; // C int arithmetic
  const numerator = Number(BigInt.asIntN(64, request.startPrice * BigInt(onePlusT)));
  const decay = request.decayConst >>> 0;
  const tCubed = Number(BigInt(t) ** 3n); // one rounding, like a correctly rounded pow(t, 3)
  const term = t === 0 ? 0 : tCubed / decay; // 0/0 → 0 (defect fix), x/0 → +∞
  const price = numerator / (onePlusT + term);
  if (!Number.isFinite(price)) return 0n;
  const truncated = BigInt(Math.trunc(price));
  if (truncated < INT64_MIN) return INT64_MIN;
  if (truncated > INT64_MAX) return INT64_MAX;
  return truncated;
}
