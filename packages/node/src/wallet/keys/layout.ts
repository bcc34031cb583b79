import { KeyspaceLayout } from '../../storage/layout.js';

/**
 * Key layout of the wallet's key store (docs/adr/0024-wallet-storage.md). It lives in the wallet's
 * own store (one LMDB file per `-wallet` name); the prefixes sit in 0x80–0x8f so that they never
 * collide with the chain layout even if both ever share a store. Key ids are HASH160s (20 bytes,
 * internal order).
 */
export const WALLET_KEYS_LAYOUT = new KeyspaceLayout('wallet-keys', 1, {
  hdchain: { byte: 0x80, description: "-> HD chain: u32le version || u32le external counter || master key id (20)" },
  key: { byte: 0x81, description: 'address key id (20) -> key record (base + address pubkey, plain or crypted secret, tweak, metadata)' },
  pool: { byte: 0x82, description: 'u64be pool index -> i64le time || key id (20): a key-pool entry' },
  mkey: { byte: 0x83, description: "u32be id -> encryption master key (Core's CMasterKey serialization)" },
  watch: { byte: 0x84, description: 'sha256(script) -> i64le create time || script: a watch-only script' },
  script: { byte: 0x85, description: 'script id (20) -> redeem script' },
  name: { byte: 0x86, description: "u8 type (0 key id, 1 script id) || hash (20) -> address book: var name || var purpose" },
  setting: { byte: 0x87, description: "name -> wallet setting ('minversion' u32le, 'defaultkey' pubkey, 'kycpubkey' the wallet's KYC pubkey)" },
});

export type WalletKeysPrefix = Parameters<typeof WALLET_KEYS_LAYOUT.key>[0];

const enc = new TextEncoder();
export const HDCHAIN_KEY = WALLET_KEYS_LAYOUT.key('hdchain');
export const SETTING_MINVERSION = WALLET_KEYS_LAYOUT.key('setting', enc.encode('minversion'));
export const SETTING_DEFAULTKEY = WALLET_KEYS_LAYOUT.key('setting', enc.encode('defaultkey'));
/** Ocean: the KYC public key the user's onboarding assigned to this wallet (encrypted whitelist). */
export const SETTING_KYCPUBKEY = WALLET_KEYS_LAYOUT.key('setting', enc.encode('kycpubkey'));
