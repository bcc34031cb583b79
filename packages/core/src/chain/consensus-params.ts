import { bytesEqual } from '../encoding/hex.js';
import type { OutPoint } from '../primitives/outpoint.js';
import type { DeploymentName } from './chain-options.js';
import type { HeightSchedule } from './height-schedule.js';

/** Coinbase outputs can be spent this many blocks later (chain spec §2.2). */
const COINBASE_MATURITY = 2;
const MAX_BLOCK_WEIGHT = 4_000_000;
/** Maximum stripped block size, also the maximum transaction count. */
const MAX_BLOCK_BASE_SIZE = 1_000_000;
const MAX_BLOCK_SERIALIZED_SIZE = 4_000_000;
const MAX_BLOCK_SIGOPS_COST = 80_000;
/** A block's time may be at most this far (seconds) ahead of the adjusted time. */
const MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;
/** Blocks in the median-time-past window. */
const MEDIAN_TIME_SPAN = 11;
/** Minimum `nVersion` of a non-genesis block. */
const MIN_BLOCK_VERSION = 4;

/** One BIP9 deployment; `alwaysActive` deployments ignore the state machine (csv, segwit). */
export interface Bip9Deployment {
  readonly bit: number;
  readonly startTime: bigint;
  readonly timeout: bigint;
  readonly alwaysActive: boolean;
}

/** Constructor input of `ConsensusParams`: every field. */
export interface ConsensusParamsInit {
  readonly genesisHash: Uint8Array;
  readonly subsidyHalvingInterval: number;
  readonly bip34Height: number;
  readonly bip34Hash: Uint8Array;
  readonly bip65Height: number;
  readonly bip66Height: number;
  readonly powLimit: Uint8Array;
  readonly parentPowLimit: Uint8Array;
  readonly powTargetSpacing: bigint;
  readonly powTargetTimespan: bigint;
  readonly powAllowMinDifficultyBlocks: boolean;
  readonly powNoRetargeting: boolean;
  readonly ruleChangeActivationThreshold: number;
  readonly minerConfirmationWindow: number;
  readonly deployments: Readonly<Record<DeploymentName, Bip9Deployment>>;
  readonly minimumChainWork: Uint8Array;
  readonly defaultAssumeValid: Uint8Array;
  readonly peggedAsset: Uint8Array;
  readonly parentGenesisBlockHash: Uint8Array;
  readonly parentContract: Uint8Array;
  readonly fedpegAddress: Uint8Array;
  readonly fedpegScript: Uint8Array;
  readonly genesisChallenge: Uint8Array;
  readonly mandatoryCoinbase: Uint8Array;
  readonly peginConfirmationDepth: number;
  readonly signBlockScriptSchedule: HeightSchedule<Uint8Array>;
  readonly coinbaseSchedule: HeightSchedule<Uint8Array>;
  readonly disabledOutputs: readonly OutPoint[];
}

/**
 * Consensus parameters of a chain (`Consensus::Params` plus Ocean's schedules). Hashes are internal
 * order. The limits that are the same on every chain are instance fields too (`coinbaseMaturity`,
 * `maxBlockWeight`, …); `consensus/` exports them as module constants. Satisfies
 * `consensus/consensus-rules.ts`' `ConsensusRules` structurally.
 */
// Declaration merging: the class carries every field of its init object without listing them twice.
export interface ConsensusParams extends ConsensusParamsInit {}
export class ConsensusParams {
  readonly coinbaseMaturity = COINBASE_MATURITY;
  readonly maxBlockWeight = MAX_BLOCK_WEIGHT;
  readonly maxBlockBaseSize = MAX_BLOCK_BASE_SIZE;
  readonly maxBlockSerializedSize = MAX_BLOCK_SERIALIZED_SIZE;
  readonly maxBlockSigopsCost = MAX_BLOCK_SIGOPS_COST;
  readonly maxFutureBlockTime = MAX_FUTURE_BLOCK_TIME;
  readonly minBlockVersion = MIN_BLOCK_VERSION;
  readonly medianTimeSpan = MEDIAN_TIME_SPAN;

  constructor(init: ConsensusParamsInit) {
    Object.assign(this, init);
  }

  /** `DifficultyAdjustmentInterval`. */
  get difficultyAdjustmentInterval(): bigint {
    return this.powTargetTimespan / this.powTargetSpacing;
  }

  /**
   * The challenge a block at `height` must carry (chain spec §4.2): the scheduled script with the
   * greatest height ≤ `height`, else the parent block's challenge.
   */
  challengeAt(height: number, parentChallenge: Uint8Array): Uint8Array {
    return this.signBlockScriptSchedule.at(height) ?? parentChallenge;
  }

  /**
   * The script every non-zero coinbase output must pay to at `height`, or an empty script when no
   * destination is mandatory (`-con_mandatorycoinbase` unset; `-coinbasechange` alone does nothing).
   */
  mandatoryCoinbaseAt(height: number): Uint8Array {
    if (this.mandatoryCoinbase.length === 0) return this.mandatoryCoinbase;
    return this.coinbaseSchedule.at(height) ?? this.mandatoryCoinbase;
  }

  /** True when `-disabledoutput` lists the outpoint. */
  isDisabledOutput(outpoint: OutPoint): boolean {
    return this.disabledOutputs.some((o) => o.index === outpoint.index && bytesEqual(o.txid, outpoint.txid));
  }
}
