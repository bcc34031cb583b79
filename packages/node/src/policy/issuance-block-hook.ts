/**
 * `-issuanceblock` (ocean-policy.md §7, the reference's `IsValidIssuance`): a **new** issuance on
 * input 0 must spend an output in the current ISSUANCE policy asset, and — with `-pkhwhitelist` —
 * its output 0 must be a whitelisted P2PKH. Reissuances and issuances on other inputs are not
 * checked. Code 64; not skipped by `testmempoolaccept` (§13 step 8).
 */
import { bytesEqual, type CoinView, type Transaction } from '@ocean-ts/core';
import type { CurrentPolicyAssets } from './current-policy-assets.js';
import { p2pkhKeyId } from './list-tx-predicates.js';

export const NON_ISSUANCE_ASSET = 'fblockissuancetx-non-issuance-asset';
export const NON_WHITELISTED_ADDRESS = 'fblockissuancetx-non-whitelisted-address';

export interface IssuanceBlockOptions {
  readonly assets: CurrentPolicyAssets;
  /** With `-pkhwhitelist`: is this P2PKH key id whitelisted? (absent: no whitelist check) */
  readonly isWhitelistedKeyId?: (keyId: Uint8Array) => boolean;
}

/** The reject reason for `tx`, or null. */
export function issuanceBlockReason(tx: Transaction, coins: CoinView, opts: IssuanceBlockOptions): string | null {
  const input0 = tx.inputs[0];
  if (input0 === undefined || !input0.hasIssuance || input0.issuance.isReissuance) return null;
  const spent = input0.isPegin ? undefined : coins.get(input0.prevout)?.out;
  const issuanceAsset = opts.assets.get('issuance');
  if (spent === undefined || issuanceAsset === undefined || !spent.asset.isExplicit || !bytesEqual(spent.asset.id, issuanceAsset)) {
    return NON_ISSUANCE_ASSET;
  }
  if (opts.isWhitelistedKeyId !== undefined) {
    const out0 = tx.outputs[0];
    const id = out0 === undefined ? undefined : p2pkhKeyId(out0.scriptPubKey);
    if (id === undefined || !opts.isWhitelistedKeyId(id)) return NON_WHITELISTED_ADDRESS;
  }
  return null;
}
