import { issuanceIds, toHex } from '@ocean-ts/core';
import type { WalletLedger } from '../ledger/wallet-ledger.js';

/** One issuance the wallet knows: its entropy, asset and reissuance token (internal order). */
export interface IssuanceTokenType {
  readonly entropy: Uint8Array;
  readonly asset: Uint8Array;
  readonly token: Uint8Array;
}

/**
 * Elements' `CWallet::GetReissuanceTokenTypes`: the new issuances (zero blinding nonce) on inputs
 * of wallet transactions, keyed by entropy (hex; a later transaction with the same entropy wins,
 * as the original's map assignment does).
 */
export function reissuanceTokenTypes(ledger: WalletLedger): Map<string, IssuanceTokenType> {
  const out = new Map<string, IssuanceTokenType>();
  for (const wtx of ledger.transactions()) {
    for (const input of wtx.tx.inputs) {
      const ids = issuanceIds(input);
      if (ids === undefined || ids.isReissuance) continue;
      out.set(toHex(ids.entropy), { entropy: ids.entropy, asset: ids.asset, token: ids.token });
    }
  }
  return out;
}
