import type { TxIn } from '../primitives/tx-in.js';
import { assetEntropy, calculateAsset, reissuanceToken } from './asset-id.js';

/** The ids an input's asset issuance refers to (assets spec §2), internal byte order. */
export interface IssuanceIds {
  /** Derived entropy (new issuance) or the `assetEntropy` field as given (reissuance). */
  readonly entropy: Uint8Array;
  /** The issued asset: `CalculateAsset(entropy)`. */
  readonly asset: Uint8Array;
  /** The reissuance token: `ReissuanceToken(entropy, nAmount is a commitment)`. */
  readonly token: Uint8Array;
  /** True when `assetBlindingNonce` is non-zero. */
  readonly isReissuance: boolean;
}

/**
 * Entropy, asset and token of `input`'s issuance, or `undefined` when the input carries none.
 *
 * New issuance (zero blinding nonce): `entropy = AssetEntropy(prevout, assetEntropy field)`.
 * Reissuance (non-zero nonce): the `assetEntropy` field already is the entropy. In both cases the
 * token's confidential flag is "`nAmount` is a commitment" (a null or explicit amount → constant 1).
 */
export function issuanceIds(input: TxIn): IssuanceIds | undefined {
  if (!input.hasIssuance) return undefined;
  const issuance = input.issuance;
  const isReissuance = issuance.isReissuance;
  const entropy = isReissuance ? issuance.assetEntropy.slice() : assetEntropy(input.prevout, issuance.assetEntropy);
  return {
    entropy,
    asset: calculateAsset(entropy),
    token: reissuanceToken(entropy, issuance.amount.isCommitment),
    isReissuance,
  };
}
