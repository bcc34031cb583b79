import { POLICY_ASSETS, bytesEqual, type ChainParams } from '@ocean-ts/core';
import type { PolicyHooks } from '../mempool/chain-view.js';

/**
 * The mempool's `IsPolicy(asset)` (ocean-policy.md §13, §11.3): an explicit output in one of the
 * chain's policy assets (those whose genesis destination is configured) makes a transaction a
 * policy transaction, exempt from the fee rules — as requests spending PERMISSION coins must be.
 * The `-…assetchange` schedules are not followed here (the genesis assets are used).
 */
export function policyAssetHooks(params: ChainParams): PolicyHooks {
  const assets = POLICY_ASSETS.map((p) => params.policyAsset(p.kind)).filter((a): a is Uint8Array => a !== undefined);
  if (assets.length === 0) return {};
  return { isPolicyAsset: (id) => assets.some((a) => bytesEqual(a, id)) };
}
