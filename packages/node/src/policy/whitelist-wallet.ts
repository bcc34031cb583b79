/**
 * The node wallet as the whitelist sees it (`WhitelistWallet`): lock state and private keys. The
 * KYC members (the wallet's KYC key, encryption-key generation) come from `kyc` when the wallet's
 * KYC side provides them.
 */
import type { NodeWallet } from '../wallet/node-wallet.js';
import type { WhitelistWallet } from './whitelist.js';

export function nodeWalletWhitelistPort(wallet: NodeWallet, kyc: Partial<Pick<WhitelistWallet, 'setKycPubKey' | 'kycPubKey' | 'generateEncryptionKeysUntil'>> = {}): WhitelistWallet {
  return {
    get locked() {
      return wallet.keys.isLocked;
    },
    privateKey: (keyId) => wallet.keys.getKey(keyId)?.privateKey,
    ...kyc,
  };
}
