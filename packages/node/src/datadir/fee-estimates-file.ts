/**
 * `fee_estimates.dat` in Bitcoin Core 0.14's format (`CTxMemPool::WriteFeeEstimates`): the version
 * required to read it, the version that wrote it, then `CBlockPolicyEstimator::Write` — the best
 * height seen and the fee-rate `TxConfirmStats` (decay, bucket boundaries, per-bucket averages and
 * per-target confirmation averages, all as little-endian doubles in CompactSize-counted vectors).
 */
import { Reader, Writer } from '@ocean-ts/core';

/** The version a reader must have (Core 0.14 writes 139900: "0.13.99 or later"). */
export const FEE_ESTIMATES_VERSION_REQUIRED = 139900;
/** `MAX_BLOCK_CONFIRMS`: confirmation targets tracked. */
export const MAX_BLOCK_CONFIRMS = 25;
/** `DEFAULT_DECAY`. */
export const DEFAULT_DECAY = 0.998;
/** `MIN_FEERATE`, `MAX_FEERATE`, `FEE_SPACING` (sat/kB). */
export const MIN_FEERATE = 10;
export const MAX_FEERATE = 1e7;
export const FEE_SPACING = 1.1;
/** `INF_FEERATE` = `MAX_MONEY` as a double. */
export const INF_FEERATE = 2_100_000_000_000_000;
/**
 * The relay fee the 0.14 estimator's buckets start at: the global mempool (and its estimator) is
 * constructed before the options are read, so this is always `DEFAULT_MIN_RELAY_TX_FEE`.
 */
export const ESTIMATOR_MIN_RELAY_FEE = 1000;
/** Sanity bounds of `TxConfirmStats::Read`. */
const MAX_BUCKETS = 1000;
const MAX_CONFIRMS_IN_FILE = 6 * 24 * 7;

/** Why a `fee_estimates.dat` was not loaded. */
export class FeeEstimatesFileError extends Error {
  override readonly name = 'FeeEstimatesFileError';
  constructor(
    message: string,
    /** Core logs an up-version file with its own line instead of "unable to read". */
    readonly upVersion?: number,
  ) {
    super(message);
  }
}

/** One `TxConfirmStats` as stored. */
export interface ConfirmStats {
  readonly decay: number;
  readonly buckets: readonly number[];
  readonly avg: readonly number[];
  readonly txCtAvg: readonly number[];
  readonly confAvg: readonly (readonly number[])[];
}

/** What `CBlockPolicyEstimator::Write` stores. */
export class FeeEstimatorState {
  constructor(
    readonly bestSeenHeight: number,
    readonly feeStats: ConfirmStats,
  ) {}

  /** A fresh estimator (`CBlockPolicyEstimator(minRelayFee)`): exponentially spaced buckets, all averages zero. */
  static empty(bestSeenHeight = 0, minRelayFeePerK = ESTIMATOR_MIN_RELAY_FEE): FeeEstimatorState {
    const minTracked = minRelayFeePerK < MIN_FEERATE ? MIN_FEERATE : minRelayFeePerK;
    const buckets: number[] = [];
    for (let boundary = minTracked; boundary <= MAX_FEERATE; boundary *= FEE_SPACING) buckets.push(boundary);
    buckets.push(INF_FEERATE);
    const zeros = () => buckets.map(() => 0);
    return new FeeEstimatorState(bestSeenHeight, {
      decay: DEFAULT_DECAY,
      buckets,
      avg: zeros(),
      txCtAvg: zeros(),
      confAvg: Array.from({ length: MAX_BLOCK_CONFIRMS }, zeros),
    });
  }

  /** The same statistics with a new best height (blocks seen since they were loaded). */
  withBestSeenHeight(height: number): FeeEstimatorState {
    return new FeeEstimatorState(height, this.feeStats);
  }

  /** The whole file, written by a node of `clientVersion`. */
  encode(clientVersion: number): Uint8Array {
    const s = this.feeStats;
    const w = new Writer(16 + 8 * (s.buckets.length * (3 + s.confAvg.length) + 8));
    w.i32le(FEE_ESTIMATES_VERSION_REQUIRED).i32le(clientVersion);
    w.u32le(this.bestSeenHeight);
    writeDouble(w, s.decay);
    writeDoubles(w, s.buckets);
    writeDoubles(w, s.avg);
    writeDoubles(w, s.txCtAvg);
    w.compactSize(s.confAvg.length);
    for (const row of s.confAvg) writeDoubles(w, row);
    return w.finish();
  }

  /**
   * `CTxMemPool::ReadFeeEstimates` + `CBlockPolicyEstimator::Read` + `TxConfirmStats::Read`, with
   * their sanity checks. Bytes after the statistics are ignored, as Core does.
   */
  static decode(bytes: Uint8Array, clientVersion: number): FeeEstimatorState {
    const r = new Reader(bytes);
    try {
      const required = r.i32le();
      r.i32le(); // the version that wrote the file
      if (required > clientVersion) throw new FeeEstimatesFileError(`up-version (${required}) fee estimate file`, required);
      const best = r.i32le();
      // A file older than 0.14 carries priority statistics after these; like Core, they are not read.
      return new FeeEstimatorState(best, readConfirmStats(r));
    } catch (e) {
      if (e instanceof FeeEstimatesFileError) throw e;
      throw new FeeEstimatesFileError(e instanceof Error ? e.message : String(e));
    }
  }
}

function readConfirmStats(r: Reader): ConfirmStats {
  const decay = readDouble(r);
  // Written as Core compares: a NaN decay passes.
  if (decay <= 0 || decay >= 1) throw new FeeEstimatesFileError('Corrupt estimates file. Decay must be between 0 and 1 (non-inclusive)');
  const buckets = readDoubles(r);
  const n = buckets.length;
  if (n <= 1 || n > MAX_BUCKETS) throw new FeeEstimatesFileError('Corrupt estimates file. Must have between 2 and 1000 feerate buckets');
  const avg = readDoubles(r);
  if (avg.length !== n) throw new FeeEstimatesFileError('Corrupt estimates file. Mismatch in feerate average bucket count');
  const txCtAvg = readDoubles(r);
  if (txCtAvg.length !== n) throw new FeeEstimatesFileError('Corrupt estimates file. Mismatch in tx count bucket count');
  const confirms = r.count(1, 'confirmation averages');
  const confAvg: number[][] = [];
  for (let i = 0; i < confirms; i++) confAvg.push(readDoubles(r));
  if (confirms <= 0 || confirms > MAX_CONFIRMS_IN_FILE) {
    throw new FeeEstimatesFileError('Corrupt estimates file.  Must maintain estimates for between 1 and 1008 (one week) confirms');
  }
  if (confAvg.some((row) => row.length !== n)) throw new FeeEstimatesFileError('Corrupt estimates file. Mismatch in feerate conf average bucket count');
  return { decay, buckets, avg, txCtAvg, confAvg };
}

function writeDouble(w: Writer, x: number): void {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  w.bytes(b);
}

function writeDoubles(w: Writer, xs: readonly number[]): void {
  w.compactSize(xs.length);
  for (const x of xs) writeDouble(w, x);
}

function readDouble(r: Reader): number {
  const b = r.bytesView(8, 'double');
  return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
}

function readDoubles(r: Reader): number[] {
  const n = r.count(8, 'doubles');
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(readDouble(r));
  return out;
}
