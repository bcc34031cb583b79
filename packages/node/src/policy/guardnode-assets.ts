/** The assets the request table looks at (ocean-policy.md §2.1, §9). */
export interface GuardnodeAssets {
  /** The PERMISSION policy asset; undefined when the chain has none configured (no requests). */
  readonly permissionAsset: Uint8Array | undefined;
  /** The domain asset (`-feeasset`, else the pegged asset): stakes of bids. */
  readonly domainAsset: Uint8Array;
}
