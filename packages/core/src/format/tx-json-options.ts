import type { Base58Prefixes } from '../chain/base58-prefixes.js';

/**
 * What the decoded-transaction JSON needs from the chain: its Base58 prefixes (addresses, `p2sh`,
 * parent-chain peg-out addresses) and, optionally, the asset-label table (`gAssetsDir.GetLabel`).
 */
export interface TxJsonOptions {
  readonly base58: Base58Prefixes;
  /** Label of an asset id (internal byte order); `undefined`/`''` = no label. */
  readonly assetLabel?: ((asset: Uint8Array) => string | undefined) | undefined;
}
