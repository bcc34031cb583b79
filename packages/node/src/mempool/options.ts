/** Mempool policy options with Bitcoin Core 0.14 / Ocean defaults (satoshi amounts, bytes, seconds). */

export interface MempoolOptions {
  /** `-minrelaytxfee` in satoshis per 1000 virtual bytes (default 1000). */
  readonly minRelayTxFee: bigint;
  /** `-incrementalrelayfee` per kvB (default 1000): RBF bump and eviction step. */
  readonly incrementalRelayFee: bigint;
  /** `-dustrelayfee` per kvB (default 1000). */
  readonly dustRelayFee: bigint;
  /** `-maxtxfee` (default 0.1 coin): the absurd-fee limit unless `allowHighFees`. */
  readonly maxTxFee: bigint;
  /** `-maxmempool` in bytes (the option is in MB; default 300 MB). */
  readonly maxMempoolBytes: number;
  /** `-mempoolexpiry` in seconds (the option is in hours; default 336 h). */
  readonly expirySeconds: number;
  readonly limitAncestorCount: number;
  /** `-limitancestorsize` in bytes (the option is in kB; default 101 kB). */
  readonly limitAncestorSize: number;
  readonly limitDescendantCount: number;
  readonly limitDescendantSize: number;
  /** `-maxorphantx` (default 100). */
  readonly maxOrphanTx: number;
  /** `-mempoolreplacement` (default true). */
  readonly enableReplacement: boolean;
  /** `fRequireStandard` = `!-acceptnonstdtxn` (Ocean default: false, standardness off). */
  readonly requireStandard: boolean;
  /** `-permitbaremultisig` (default true). */
  readonly permitBareMultisig: boolean;
  readonly dataCarrier: boolean;
  readonly maxDataCarrierBytes: number;
  /** `-bytespersigop` (default 20). */
  readonly bytesPerSigOp: number;
  /** `-fixedtxfee` in satoshis; 0 = off. */
  readonly fixedTxFee: bigint;
}

export const DEFAULT_MEMPOOL_OPTIONS: MempoolOptions = Object.freeze({
  minRelayTxFee: 1000n,
  incrementalRelayFee: 1000n,
  dustRelayFee: 1000n,
  maxTxFee: 10_000_000n,
  maxMempoolBytes: 300_000_000,
  expirySeconds: 336 * 60 * 60,
  limitAncestorCount: 25,
  limitAncestorSize: 101_000,
  limitDescendantCount: 25,
  limitDescendantSize: 101_000,
  maxOrphanTx: 100,
  enableReplacement: true,
  requireStandard: false,
  permitBareMultisig: true,
  dataCarrier: true,
  maxDataCarrierBytes: 83,
  bytesPerSigOp: 20,
  fixedTxFee: 0n,
});

export function mempoolOptions(partial: Partial<MempoolOptions> = {}): MempoolOptions {
  return { ...DEFAULT_MEMPOOL_OPTIONS, ...partial };
}

/** `MAX_STANDARD_TX_WEIGHT`. */
export const MAX_STANDARD_TX_WEIGHT = 400_000;
/** `MAX_STANDARD_TX_SIGOPS_COST` = MAX_BLOCK_SIGOPS_COST / 5. */
export const MAX_STANDARD_TX_SIGOPS_COST = 16_000;
/** `MAX_P2SH_SIGOPS`. */
export const MAX_P2SH_SIGOPS = 15;
/** RBF: at most this many transactions may be evicted by one replacement. */
export const MAX_REPLACEMENT_CANDIDATES = 100;
/** `ROLLING_FEE_HALFLIFE`: 12 hours. */
export const ROLLING_FEE_HALFLIFE = 60 * 60 * 12;
/** `ORPHAN_TX_EXPIRE_TIME`: 20 minutes. */
export const ORPHAN_TX_EXPIRE_TIME = 20 * 60;
/** Height given to mempool coins (`MEMPOOL_HEIGHT`). */
export const MEMPOOL_HEIGHT = 0x7fffffff;
