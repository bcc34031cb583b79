/** `FeeFilterRounder` constants of Core 0.14 (policy/fees.h). */
const MAX_FEERATE = 1e7;
const FEE_SPACING = 1.1;

/**
 * `FeeFilterRounder`: quantises the fee filter sent to peers (BIP133) to one of a fixed set of
 * buckets, rounding down one bucket two times in three (privacy), as Core 0.14.
 */
export class FeeFilterRounder {
  private readonly buckets: number[] = [0];

  constructor(
    minIncrementalFeePerK: bigint,
    private readonly random: () => number,
  ) {
    const minFeeLimit = Math.max(1, Number(minIncrementalFeePerK / 2n));
    for (let b = minFeeLimit; b <= MAX_FEERATE; b *= FEE_SPACING) this.buckets.push(b);
  }

  /** `round(currentMinFee)`. */
  round(currentMinFee: bigint): bigint {
    const fee = Number(currentMinFee);
    // lower_bound: first bucket >= fee
    let i = this.buckets.findIndex((b) => b >= fee);
    const atEnd = i < 0;
    if (atEnd) i = this.buckets.length;
    if ((i !== 0 && Math.floor(this.random() * 3) !== 0) || atEnd) i--;
    return BigInt(Math.trunc(this.buckets[i]!));
  }
}
