/**
 * Lock times: `IsFinalTx` and BIP68 sequence locks (`CalculateSequenceLocks` /
 * `EvaluateSequenceLocks`), Core 0.14 with Elements' peg-in exclusion. csv is always active in
 * Ocean, so blocks use `LOCKTIME_VERIFY_SEQUENCE | LOCKTIME_MEDIAN_TIME_PAST`.
 */
import type { Transaction } from '../primitives/transaction.js';
import { SEQUENCE_FINAL } from '../primitives/tx-in.js';
import {
  LOCKTIME_THRESHOLD,
  SEQUENCE_LOCKTIME_DISABLE_FLAG,
  SEQUENCE_LOCKTIME_GRANULARITY,
  SEQUENCE_LOCKTIME_MASK,
  SEQUENCE_LOCKTIME_TYPE_FLAG,
} from '../primitives/locktime.js';

/** `LOCKTIME_VERIFY_SEQUENCE`: enforce BIP68. */
export const LOCKTIME_VERIFY_SEQUENCE = 1 << 0;
/** `LOCKTIME_MEDIAN_TIME_PAST`: BIP113 cutoff. */
export const LOCKTIME_MEDIAN_TIME_PAST = 1 << 1;

/**
 * `IsFinalTx`: lock time 0, or below the height (`< 500,000,000`) / time cutoff, or every input
 * sequence is final.
 */
export function isFinalTx(tx: Transaction, blockHeight: number, blockTime: number): boolean {
  const lockTime = tx.locktime >>> 0;
  if (lockTime === 0) return true;
  if (lockTime < (lockTime < LOCKTIME_THRESHOLD ? blockHeight : blockTime)) return true;
  return tx.inputs.every((i) => i.sequence >>> 0 === SEQUENCE_FINAL);
}

/** A transaction can be included once the height exceeds `minHeight` and the MTP `minTime`. */
export interface SequenceLock {
  readonly minHeight: number;
  readonly minTime: number;
}

/**
 * `CalculateSequenceLocks` for a transaction in a block at `blockHeight`. `prevHeights[i]` is the
 * height of the coin input i spends (ignored for peg-ins and disabled sequences);
 * `medianTimePastAt(h)` the median time past of the ancestor block at height `h`.
 */
export function calculateSequenceLocks(
  tx: Transaction,
  flags: number,
  prevHeights: readonly number[],
  medianTimePastAt: (height: number) => number,
): SequenceLock {
  let minHeight = -1;
  let minTime = -1;
  // BIP68 applies to version ≥ 2 transactions (nVersion compared as unsigned).
  const enforce = tx.version >>> 0 >= 2 && (flags & LOCKTIME_VERIFY_SEQUENCE) !== 0;
  if (!enforce) return { minHeight, minTime };
  tx.inputs.forEach((input, i) => {
    const seq = input.sequence >>> 0;
    if ((seq & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0 || input.isPegin) return;
    const coinHeight = prevHeights[i]!;
    const units = seq & SEQUENCE_LOCKTIME_MASK;
    if ((seq & SEQUENCE_LOCKTIME_TYPE_FLAG) !== 0) {
      const coinTime = medianTimePastAt(Math.max(coinHeight - 1, 0));
      minTime = Math.max(minTime, coinTime + units * 2 ** SEQUENCE_LOCKTIME_GRANULARITY - 1);
    } else {
      minHeight = Math.max(minHeight, coinHeight + units - 1);
    }
  });
  return { minHeight, minTime };
}

/** `EvaluateSequenceLocks` for a block at `blockHeight` whose parent's MTP is `prevMedianTimePast`. */
export function evaluateSequenceLocks(blockHeight: number, prevMedianTimePast: number, lock: SequenceLock): boolean {
  return !(lock.minHeight >= blockHeight || lock.minTime >= prevMedianTimePast);
}
