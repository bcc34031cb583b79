import type { Bip9Deployment, ConsensusParams, DeploymentName } from '@ocean-ts/core';
import { toHex } from '@ocean-ts/core';
import type { AncestorSource } from './chain-context.js';

/** BIP9 deployment states (Bitcoin Core 0.14 `ThresholdState`). */
export const ThresholdState = {
  DEFINED: 'defined',
  STARTED: 'started',
  LOCKED_IN: 'locked_in',
  ACTIVE: 'active',
  FAILED: 'failed',
} as const;
export type ThresholdState = (typeof ThresholdState)[keyof typeof ThresholdState];

export const VERSIONBITS_TOP_BITS = 0x20000000;
export const VERSIONBITS_TOP_MASK = 0xe0000000;

export type VersionBitsParams = Pick<ConsensusParams, 'minerConfirmationWindow' | 'ruleChangeActivationThreshold' | 'deployments'>;

/**
 * The BIP9 state machine of Core 0.14 (`AbstractThresholdConditionChecker::GetStateFor`), with
 * Ocean's rule that `csv` and `segwit` (`alwaysActive`) are ACTIVE without evaluation. States
 * are cached per deployment by the hash of the last block of each period, when hashes are given.
 */
export class VersionBits {
  private readonly cache = new Map<DeploymentName, Map<string, ThresholdState>>();

  constructor(readonly params: VersionBitsParams) {}

  /** State of `deployment` for the block after `prevHeight` (-1: the genesis block's parent). */
  stateFor(deployment: DeploymentName, prevHeight: number, chain: AncestorSource): ThresholdState {
    const dep = this.params.deployments[deployment];
    if (dep.alwaysActive) return ThresholdState.ACTIVE;
    const period = this.params.minerConfirmationWindow;
    const threshold = this.params.ruleChangeActivationThreshold;
    const cache = this.cacheFor(deployment);

    // The state is the same for a whole period: evaluate at the last block of the previous period.
    let h = prevHeight < 0 ? -1 : prevHeight - ((prevHeight + 1) % period);
    const toCompute: number[] = [];
    let state: ThresholdState;
    for (;;) {
      if (h < 0) {
        state = ThresholdState.DEFINED;
        break;
      }
      const info = chain.ancestorAt(h);
      const cached = info.hash ? cache.get(toHex(info.hash)) : undefined;
      if (cached !== undefined) {
        state = cached;
        break;
      }
      if (BigInt(info.medianTimePast) < dep.startTime) {
        state = ThresholdState.DEFINED;
        if (info.hash) cache.set(toHex(info.hash), state);
        break;
      }
      toCompute.push(h);
      h -= period;
    }
    while (toCompute.length > 0) {
      const at = toCompute.pop()!;
      const info = chain.ancestorAt(at);
      state = this.next(state, dep, at, info.medianTimePast, chain, period, threshold);
      if (info.hash) cache.set(toHex(info.hash), state);
    }
    return state;
  }

  /** `ComputeBlockVersion`: top bits plus the bit of every STARTED or LOCKED_IN deployment. */
  computeBlockVersion(prevHeight: number, chain: AncestorSource): number {
    let version = VERSIONBITS_TOP_BITS;
    for (const name of Object.keys(this.params.deployments) as DeploymentName[]) {
      const state = this.stateFor(name, prevHeight, chain);
      if (state === ThresholdState.STARTED || state === ThresholdState.LOCKED_IN) {
        version |= 1 << this.params.deployments[name].bit;
      }
    }
    return version | 0;
  }

  private next(
    state: ThresholdState,
    dep: Bip9Deployment,
    at: number,
    mtp: number,
    chain: AncestorSource,
    period: number,
    threshold: number,
  ): ThresholdState {
    const t = BigInt(mtp);
    switch (state) {
      case ThresholdState.DEFINED:
        if (t >= dep.timeout) return ThresholdState.FAILED;
        if (t >= dep.startTime) return ThresholdState.STARTED;
        return state;
      case ThresholdState.STARTED: {
        if (t >= dep.timeout) return ThresholdState.FAILED;
        let count = 0;
        for (let i = 0; i < period && at - i >= 0; i++) {
          if (signals(chain.ancestorAt(at - i).version, dep.bit)) count++;
        }
        return count >= threshold ? ThresholdState.LOCKED_IN : state;
      }
      case ThresholdState.LOCKED_IN:
        return ThresholdState.ACTIVE;
      default:
        return state;
    }
  }

  private cacheFor(d: DeploymentName): Map<string, ThresholdState> {
    let c = this.cache.get(d);
    if (!c) this.cache.set(d, (c = new Map()));
    return c;
  }
}

/** `Condition`: top bits 001 and the deployment's bit set. */
export function signals(version: number, bit: number): boolean {
  return ((version & VERSIONBITS_TOP_MASK) >>> 0) === VERSIONBITS_TOP_BITS && (version & (1 << bit)) !== 0;
}
