import { hash160 } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import type { WalletKeyStore } from './wallet-key-store.js';

/**
 * The KYC members of what the address whitelist asks of the wallet while it follows the chain (the
 * optional part of `WhitelistWallet` in policy/whitelist.ts; ocean-policy §6.2, §6.5): the user's
 * KYC key and the authority's encryption-key generation.
 */
export interface WhitelistWalletPort {
  setKycPubKey(pubkey: Uint8Array): void;
  kycPubKey(): Uint8Array | undefined;
  generateEncryptionKeysUntil(pubkey: Uint8Array, max: number): boolean;
}

/**
 * The whitelist's view of the wallet's key store. Block processing is synchronous while the key
 * store writes asynchronously: the KYC key is visible at once and written right after; the
 * encryption-key derivation of an authority that lacks a new KYC key's private key runs right
 * after the block (on the key store's queue), so the answer is whether the wallet holds it now.
 */
export function whitelistWalletPort(keys: WalletKeyStore, log?: Logger): WhitelistWalletPort {
  const report = (what: string) => (e: unknown) => log?.warn(`whitelist wallet: ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
  return {
    setKycPubKey: (pubkey) => {
      keys.setKycPubKey(pubkey).catch(report('storing the KYC key'));
    },
    kycPubKey: () => keys.kycPubKey,
    generateEncryptionKeysUntil: (pubkey, max) => {
      if (keys.haveKey(hash160(pubkey))) return true;
      keys.recoverEncryptionKeys([pubkey], max).catch(report('deriving encryption keys'));
      return false;
    },
  };
}
