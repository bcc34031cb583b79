/** The six policy assets, in genesis issuance order (chain spec §3.4, policy spec §2.1). */
export type PolicyAssetKind = 'freezelist' | 'burnlist' | 'whitelist' | 'challenge' | 'permission' | 'issuance';

export interface PolicyAssetInfo {
  readonly kind: PolicyAssetKind;
  /** Asset label (`dumpassetlabels`). */
  readonly label: string;
  /** Option naming the destination of its genesis coins (without the dash). */
  readonly destinationOption: string;
  /** Issuance contract: a uint256 whose numeric value is this (internal byte 0), others zero. */
  readonly contractWord: number;
}

export const POLICY_ASSETS: readonly PolicyAssetInfo[] = Object.freeze([
  { kind: 'freezelist', label: 'FREEZELIST', destinationOption: 'freezelistcoinsdestination', contractWord: 0x10 },
  { kind: 'burnlist', label: 'BURNLIST', destinationOption: 'burnlistcoinsdestination', contractWord: 0x20 },
  { kind: 'whitelist', label: 'WHITELIST', destinationOption: 'whitelistcoinsdestination', contractWord: 0x30 },
  { kind: 'challenge', label: 'CHALLENGE', destinationOption: 'challengecoinsdestination', contractWord: 0x40 },
  { kind: 'permission', label: 'PERMISSION', destinationOption: 'permissioncoinsdestination', contractWord: 0x50 },
  { kind: 'issuance', label: 'ISSUANCE', destinationOption: 'issuancecoinsdestination', contractWord: 0x60 },
] as const);

/** The 32-byte contract of a policy asset's genesis issuance (internal order). */
export function policyAssetContract(info: PolicyAssetInfo): Uint8Array {
  const c = new Uint8Array(32);
  c[0] = info.contractWord;
  return c;
}
