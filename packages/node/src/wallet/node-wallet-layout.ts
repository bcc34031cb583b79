import { KeyspaceLayout } from '../storage/layout.js';

/**
 * Records the node keeps in the wallet file beside the key store (docs/adr/0028-wallet-rpcs.md):
 * Elements' master blinding key ("blinding derivation key"), the blinding keys imported for scripts
 * and issuances, and 0.14's account records (`getaccountaddress`'s current key per account).
 */
export const NODE_WALLET_LAYOUT = new KeyspaceLayout('wallet-node', 1, {
  blinding: { byte: 0x88, description: '-> master blinding key (32 bytes, HMAC key of CWallet::GetBlindingKey)' },
  account: { byte: 0x89, description: 'account name (UTF-8) -> current account pubkey (CAccount::vchPubKey)' },
  specificBlinding: {
    byte: 0x8a,
    description:
      'CScriptID (hash160 of a script, 20) -> imported blinding private key (32): mapSpecificBlindingKeys; issuance keys ' +
      'under the id of OP_RETURN <prevout txid> <prevout n> (docs/adr/0031)',
  },
});

export const MASTER_BLINDING_KEY = NODE_WALLET_LAYOUT.key('blinding');

/** Key of the blinding key imported for the script whose CScriptID (hash160) is `scriptId`. */
export function specificBlindingKeyKey(scriptId: Uint8Array): Uint8Array {
  return NODE_WALLET_LAYOUT.key('specificBlinding', scriptId);
}

export function accountKey(name: string): Uint8Array {
  return NODE_WALLET_LAYOUT.key('account', new TextEncoder().encode(name));
}
