/**
 * The node's current policy assets (ocean-policy.md §2.1, §2.3): the genesis assets until blocks
 * are connected, then, for each `-…assetchange` schedule, the asset with the greatest change height
 * ≤ the height of the block being connected (`SetPolicy(h)`). When no change height applies the asset
 * is left as it is — it is never reverted, not even when blocks are disconnected (reference
 * behaviour). `-burnlistassetchange` lands in the freezelist schedule (ChainParams).
 */
import { POLICY_ASSETS, bytesEqual, type ChainParams, type ChangeablePolicyAsset, type PolicyAssetKind } from '@ocean-ts/core';

const CHANGEABLE: readonly ChangeablePolicyAsset[] = ['freezelist', 'burnlist', 'whitelist', 'challenge', 'issuance'];

export class CurrentPolicyAssets {
  readonly #assets = new Map<PolicyAssetKind, Uint8Array>();

  constructor(private readonly params: ChainParams) {
    for (const p of POLICY_ASSETS) {
      const a = params.policyAsset(p.kind);
      if (a !== undefined) this.#assets.set(p.kind, a);
    }
  }

  /** The current asset of `kind`; undefined = the null asset ("no such asset"). */
  get(kind: PolicyAssetKind): Uint8Array | undefined {
    return this.#assets.get(kind);
  }

  /** Is `asset` (internal order) one of the current policy assets? */
  isPolicyAsset(asset: Uint8Array): boolean {
    for (const a of this.#assets.values()) if (bytesEqual(a, asset)) return true;
    return false;
  }

  /** `SetPolicy(height)`: follow the asset-change schedules to a block at `height`. */
  advanceTo(height: number): void {
    for (const kind of CHANGEABLE) {
      const a = this.params.policyAssetChangeAt(kind, height);
      if (a !== undefined) this.#assets.set(kind, a);
    }
  }
}
