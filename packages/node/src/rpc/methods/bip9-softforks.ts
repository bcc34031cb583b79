/**
 * `getblockchaininfo`'s `bip9_softforks` (Core 0.14 `BIP9SoftForkDesc`): per deployment `status`,
 * `bit` (only while STARTED), `startTime`, `timeout` and `since` (`VersionBitsTipStateSinceHeight`).
 * Ocean lists `csv` and `segwit`, which are always ACTIVE — "since 0" (chain spec §2).
 */
import { JsonObject, type ConsensusParams, type DeploymentName } from '@ocean-ts/core';
import type { AncestorSource } from '../../mining/chain-context.js';
import { ThresholdState, VersionBits } from '../../mining/versionbits.js';

/** The deployments Ocean's getblockchaininfo reports, in its key order. */
const REPORTED: readonly DeploymentName[] = ['csv', 'segwit'];

/**
 * `GetStateSinceHeightFor(tip)`: the height of the first block of the earliest period, going back
 * from the tip's, whose state equals the tip state; 0 for DEFINED and for always-active deployments.
 */
export function stateSinceHeight(vb: VersionBits, name: DeploymentName, tipHeight: number, chain: AncestorSource): number {
  if (vb.params.deployments[name].alwaysActive) return 0;
  const initial = vb.stateFor(name, tipHeight, chain);
  if (initial === ThresholdState.DEFINED) return 0;
  const period = vb.params.minerConfirmationWindow;
  // The last block of the period before the tip's block-to-be (the tip's state is evaluated there).
  let prev = tipHeight - ((tipHeight + 1) % period);
  let previousPeriodParent = prev - period;
  while (previousPeriodParent >= 0 && vb.stateFor(name, previousPeriodParent, chain) === initial) {
    prev = previousPeriodParent;
    previousPeriodParent = prev - period;
  }
  return prev + 1;
}

/** The `bip9_softforks` object for the chain ending at `tipHeight`. */
export function bip9SoftforksJson(consensus: ConsensusParams, tipHeight: number, chain: AncestorSource): JsonObject {
  const vb = new VersionBits(consensus);
  const out = new JsonObject();
  for (const name of REPORTED) {
    const d = consensus.deployments[name];
    const state = vb.stateFor(name, tipHeight, chain);
    const o = new JsonObject().push('status', state);
    if (state === ThresholdState.STARTED) o.push('bit', d.bit);
    o.push('startTime', d.startTime);
    o.push('timeout', d.timeout);
    o.push('since', stateSinceHeight(vb, name, tipHeight, chain));
    out.push(name, o);
  }
  return out;
}
