import { hash160, sha256, toHex, type Destination } from '@ocean-ts/core';
import { u32be } from '../../storage/key-codec.js';
import { WriteBatch } from '../../storage/write-batch.js';
import { destinationKey, encodeAddressBookEntry, type AddressBookEntry } from './address-book.js';
import type { HdChain } from './hd-chain.js';
import { encodePoolKey, encodePoolValue, type PoolEntry } from './key-pool.js';
import { HDCHAIN_KEY, SETTING_DEFAULTKEY, SETTING_KYCPUBKEY, SETTING_MINVERSION, WALLET_KEYS_LAYOUT } from './layout.js';
import type { MasterKey } from './master-key.js';
import type { StoredKey } from './stored-key.js';

/** A watch-only script and when it was added (`CKeyMetadata` of its script id). */
export interface WatchEntry {
  readonly script: Uint8Array;
  readonly createTime: number;
}

/**
 * One change of the key store under construction: the records to write (one atomic batch) and
 * the same changes in a form the store applies to its in-memory state once the batch has committed
 * (ARCHITECTURE.md: caches change only after the write). Lookups made while building a change
 * (e.g. "does the wallet already hold this derived key?") consult both the store and this draft.
 */
export class KeyStoreChanges {
  readonly batch = new WriteBatch();
  readonly keys = new Map<string, { readonly keyId: Uint8Array; readonly record: StoredKey }>();
  readonly poolAdds: PoolEntry[] = [];
  readonly poolRemoves: number[] = [];
  readonly masterKeys: [number, MasterKey][] = [];
  readonly addressBook: [Destination, AddressBookEntry][] = [];
  readonly watch: WatchEntry[] = [];
  readonly scripts: Uint8Array[] = [];
  hdChain: HdChain | undefined;
  defaultKey: Uint8Array | undefined;
  kycPubKey: Uint8Array | undefined;
  minVersion: number | undefined;
  /**
   * The plaintext master key new secrets are encrypted with while this change is built
   * (`encryptwallet` makes it; otherwise the unlocked wallet's).
   */
  cryptKey: Uint8Array | undefined;

  /** Hex ids (HASH160 of the untweaked pubkey) of the base keys added in this change. */
  readonly baseIds = new Set<string>();

  putKey(keyId: Uint8Array, record: StoredKey): void {
    this.batch.put(WALLET_KEYS_LAYOUT.key('key', keyId), record.encode());
    this.keys.set(toHex(keyId), { keyId, record });
    this.baseIds.add(toHex(hash160(record.basePubkey)));
  }

  addPool(e: PoolEntry): void {
    this.batch.put(WALLET_KEYS_LAYOUT.key('pool', encodePoolKey(e.index)), encodePoolValue(e));
    this.poolAdds.push(e);
  }

  removePool(index: number): void {
    this.batch.del(WALLET_KEYS_LAYOUT.key('pool', encodePoolKey(index)));
    this.poolRemoves.push(index);
  }

  setHdChain(chain: HdChain): void {
    this.batch.put(HDCHAIN_KEY, chain.encode());
    this.hdChain = chain;
  }

  putMasterKey(id: number, key: MasterKey): void {
    this.batch.put(WALLET_KEYS_LAYOUT.key('mkey', u32be(id)), key.encode());
    this.masterKeys.push([id, key]);
  }

  setAddressBook(dest: Destination, entry: AddressBookEntry): void {
    this.batch.put(WALLET_KEYS_LAYOUT.key('name', destinationKey(dest)), encodeAddressBookEntry(entry));
    this.addressBook.push([dest, entry]);
  }

  addWatch(e: WatchEntry): void {
    const v = new Uint8Array(8 + e.script.length);
    new DataView(v.buffer).setBigInt64(0, BigInt(e.createTime), true);
    v.set(e.script, 8);
    this.batch.put(WALLET_KEYS_LAYOUT.key('watch', sha256(e.script)), v);
    this.watch.push(e);
  }

  addScript(scriptId: Uint8Array, script: Uint8Array): void {
    this.batch.put(WALLET_KEYS_LAYOUT.key('script', scriptId), script);
    this.scripts.push(script);
  }

  setDefaultKey(pubkey: Uint8Array): void {
    this.batch.put(SETTING_DEFAULTKEY, pubkey);
    this.defaultKey = pubkey;
  }

  setKycPubKey(pubkey: Uint8Array): void {
    this.batch.put(SETTING_KYCPUBKEY, pubkey);
    this.kycPubKey = pubkey;
  }

  setMinVersion(version: number): void {
    const v = new Uint8Array(4);
    new DataView(v.buffer).setUint32(0, version, true);
    this.batch.put(SETTING_MINVERSION, v);
    this.minVersion = version;
  }
}
