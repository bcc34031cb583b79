import { KeyspaceLayout } from '../storage/layout.js';

/**
 * Records the node keeps in the wallet file beside the key store (docs/adr/0028-wallet-rpcs.md):
 * Elements' master blinding key ("blinding derivation key") and 0.14's account records
 * (`getaccountaddress`'s current key per account).
 */
export const NODE_WALLET_LAYOUT = new KeyspaceLayout('wallet-node', 1, {
  blinding: { byte: 0x88, description: '-> master blinding key (32 bytes, HMAC key of CWallet::GetBlindingKey)' },
  account: { byte: 0x89, description: 'account name (UTF-8) -> current account pubkey (CAccount::vchPubKey)' },
});

export const MASTER_BLINDING_KEY = NODE_WALLET_LAYOUT.key('blinding');

export function accountKey(name: string): Uint8Array {
  return NODE_WALLET_LAYOUT.key('account', new TextEncoder().encode(name));
}
