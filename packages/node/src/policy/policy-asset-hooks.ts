import { POLICY_ASSETS, bytesEqual, type ChainParams } from '@ocean-ts/core';
import type { PolicyHooks } from '../mempool/chain-view.js';
import type { CurrentPolicyAssets } from './current-policy-assets.js';

/**
 * The mempool's `IsPolicy(asset)` (ocean-policy.md §13, §11.3): an explicit output in one of the
 * chain's policy assets (those whose genesis destination is configured) makes a transaction a
 * policy transaction, exempt from the fee rules — as requests spending PERMISSION coins must be.
 * With `current`, the assets follow the `-…assetchange` schedules as blocks connect (§2.3);
 * without, the genesis assets are used.
 */
export function policyAssetHooks(params: ChainParams, current?: CurrentPolicyAssets): PolicyHooks {
  if (current !== undefined) return { isPolicyAsset: (id) => current.isPolicyAsset(id) };
  const assets = POLICY_ASSETS.map((p) => params.policyAsset(p.kind)).filter((a): a is Uint8Array => a !== undefined);
  if (assets.length === 0) return {};
  return { isPolicyAsset: (id) => assets.some((a) => bytesEqual(a, id)) };
}
