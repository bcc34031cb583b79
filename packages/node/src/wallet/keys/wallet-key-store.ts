import {
  ExtendedKey,
  bytesEqual,
  compareBytes,
  encodeWif,
  extractDestination,
  fromHex,
  hash160,
  isAllZero,
  scriptForDestination,
  sha256,
  solver,
  toHex,
  tweakPrivateKey,
  tweakPublicKey,
  TxoutType,
  type Base58Prefixes,
  type Destination,
  type Secp256k1,
  type SigningKey,
  type SigningProvider,
} from '@ocean-ts/core';
import { nullLogger, type Logger } from '@ocean-ts/service-kit';
import { AsyncMutex } from '../../chain/async-mutex.js';
import type { KvStore } from '../../storage/kv-store.js';
import { openWithSchema } from '../../storage/layout.js';
import { readU32be } from '../../storage/key-codec.js';
import { StorageError } from '../../storage/storage-error.js';
import { decodeAddressBookEntry, decodeDestinationKey, destinationKey, type AddressBookEntry } from './address-book.js';
import { BIP32_HARDENED_KEY_LIMIT, deriveChild, derivePath, masterKeyFromSeed } from './bip32.js';
import { DERIVATION_METHOD_SHA512, WALLET_CRYPTO_SALT_SIZE, aesCbcDecrypt, aesCbcEncrypt, decryptSecret, encryptSecret, keyFromPassphrase } from './crypter.js';
import { HdChain } from './hd-chain.js';
import { isMine, type IsMineType } from './is-mine.js';
import { KeyStoreChanges, type WatchEntry } from './key-store-changes.js';
import { KeyPool, decodePoolKey, decodePoolValue } from './key-pool.js';
import { HDCHAIN_KEY, SETTING_DEFAULTKEY, SETTING_KYCPUBKEY, SETTING_MINVERSION, WALLET_KEYS_LAYOUT } from './layout.js';
import { MasterKey, calibrateChangedIterations, calibrateNewIterations } from './master-key.js';
import { makeNewKey, systemRandomSource, type RandomSource } from './random-source.js';
import { StoredKey, type KeyMetadata } from './stored-key.js';
import { systemWalletClock, type WalletClock } from './wallet-clock.js';
import { WalletKeyError } from './wallet-key-error.js';

/** `-keypool` default (`DEFAULT_KEYPOOL_SIZE`). */
export const DEFAULT_KEYPOOL_SIZE = 100;
/** `-usehd` default (`DEFAULT_USE_HD_WALLET`). */
export const DEFAULT_USE_HD_WALLET = true;

/** `WalletFeature` versions (0.14) the key store records as the wallet's minimum version. */
export const FEATURE_WALLETCRYPT = 40000;
export const FEATURE_COMPRPUBKEY = 60000;
export const FEATURE_HD = 130000;

export interface WalletKeyStoreOptions {
  readonly secp: Secp256k1;
  readonly random?: RandomSource;
  readonly clock?: WalletClock;
  /** `-keypool`: the pool is kept at this many keys plus one (as Core); negative counts as 0. */
  readonly keypoolSize?: number;
  /** `-usehd`: used when the wallet is created, and checked against an existing wallet. */
  readonly useHd?: boolean;
  /**
   * The contract hash new wallet keys are tweaked with (`ChainParams.keyTweakHash`: the height-0
   * contract hash with `-embedcontract` on and `-contractintx` off). Undefined or zero: no tweak.
   */
  readonly contractTweak?: Uint8Array;
  /** `-anyonecanspendaremine` (default on): bare `OP_TRUE` outputs are the wallet's. */
  readonly anyoneCanSpendAreMine?: boolean;
  /** The wallet's file name, for the messages of init errors. */
  readonly walletName?: string;
  readonly logger?: Logger;
}

/** What the wallet knows about one of its keys (validateaddress's wallet fields). */
export interface WalletKeyInfo {
  /** HASH160 of `pubkey`: the P2PKH key id of the address. */
  readonly keyId: Uint8Array;
  /** The key the address commits to (tweaked when a contract tweak applies). */
  readonly pubkey: Uint8Array;
  /** The untweaked key (`derivedpubkey`); equal to `pubkey` when not tweaked. */
  readonly derivedPubkey: Uint8Array;
  readonly compressed: boolean;
  readonly tweaked: boolean;
  readonly meta: KeyMetadata;
}

/** A key taken from the pool by `reserveKey` and not yet kept or returned. */
export interface ReservedKey {
  readonly index: number;
  readonly key: WalletKeyInfo;
}

/** One line of `dumpwallet`, before formatting. */
export interface DumpKeyEntry {
  readonly keyId: Uint8Array;
  readonly privateKey: Uint8Array;
  readonly compressed: boolean;
  readonly time: number;
  /** `label=<name>` when in the address book, else `hdmaster=1`, `reserve=1` (in the pool) or `change=1`. */
  readonly kind: { readonly label: string } | 'hdmaster' | 'reserve' | 'change';
  readonly hdKeypath: string;
}

/** One key read from an `importwallet` file. */
export interface ImportWalletKey {
  readonly privateKey: Uint8Array;
  readonly compressed: boolean;
  readonly time: number;
  /** The label to set (`label=` or no marker → ""), or undefined for `change=1` / `reserve=1` keys. */
  readonly label: string | undefined;
}

export interface ImportWalletResult {
  readonly imported: Uint8Array[];
  /** Key ids skipped because the wallet already held them. */
  readonly skipped: Uint8Array[];
  /** The earliest time of an imported key (undefined when none was imported). */
  readonly earliestTime: number | undefined;
}

function hex(b: Uint8Array): string {
  return toHex(b);
}

function keyhash(keyId: Uint8Array): Destination {
  return { type: 'keyhash', hash: keyId };
}

/**
 * The wallet's key store: Core 0.14's `CWallet` key management with Ocean's contract tweak, on a
 * `KvStore` (docs/adr/0024-wallet-storage.md).
 *
 * - HD keys as `CWallet::DeriveNewChildKey` (seed = a random key whose pubkey's HASH160 is the
 *   `hdmasterkeyid`; master = `CExtKey::SetMaster(seed)`; keys `m/0'/0'/k'`, k hardened, skipping
 *   keys already held), or random keys with `useHd: false`.
 * - A key pool kept at `-keypool` + 1 keys, with `reserveKey` / `keepKey` / `returnKey`.
 * - Contract tweak (policy §8.3): new keys' addresses commit to `P + c·G`; the untweaked key is
 *   kept as the derived pubkey and signing uses `k + c`.
 * - Encryption as `CCrypter` / `CMasterKey`, lock / unlock with a relock deadline, passphrase change.
 * - Imports (WIF keys, watch-only scripts / addresses / pubkeys, redeem scripts), `dumpprivkey` and
 *   the entries of `dumpwallet` / `importwallet` (the text format is in wallet-dump.ts).
 *
 * Every change is one atomic `KvStore` batch; the in-memory state changes only after it committed,
 * and a key or address is returned only after the batch that hands it out is durable, so a kill at
 * any instant never loses a key that was handed out nor hands one out twice. Mutating calls are
 * serialized by a mutex. It is also the wallet's `SigningProvider`.
 */
export class WalletKeyStore implements SigningProvider {
  readonly #store: KvStore;
  readonly #secp: Secp256k1;
  readonly #random: RandomSource;
  readonly #clock: WalletClock;
  readonly #keypoolSize: number;
  readonly #useHd: boolean;
  readonly #tweak: Uint8Array | undefined;
  readonly #name: string;
  readonly #log: Logger;
  readonly anyoneCanSpendAreMine: boolean;
  readonly #mutex = new AsyncMutex();
  /** Called after a commit that added or changed keys, watch-only scripts or redeem scripts (the wallet ledger recomputes ownership). */
  onKeysChanged: (() => void) | undefined;

  readonly #keys = new Map<string, StoredKey>();
  /** Hex HASH160 of a base (untweaked) pubkey → hex key id of the record holding it. */
  readonly #byBase = new Map<string, string>();
  readonly #pool = new KeyPool();
  #hdChain: HdChain | undefined;
  readonly #masterKeys = new Map<number, MasterKey>();
  readonly #watch = new Map<string, WatchEntry>();
  readonly #watchKeys = new Map<string, Uint8Array>();
  readonly #scripts = new Map<string, Uint8Array>();
  readonly #book = new Map<string, { readonly dest: Destination; readonly entry: AddressBookEntry }>();
  #defaultKey: Uint8Array | undefined;
  #minVersion = 0;

  /** The decrypted wallet master key while unlocked. */
  #vMasterKey: Uint8Array | undefined;
  #relockAtMs: number | undefined;
  #unlockedUntil = 0;
  #decryptionChecked = false;
  /** `m/0'/0'` of the current seed, cached while the seed's secret is available. */
  #external: { readonly seedId: string; readonly key: ExtendedKey } | undefined;
  /** `m/0'/2'` (Ocean's encryption-key chain) of the current seed, cached likewise. */
  #encryptionChain: { readonly seedId: string; readonly key: ExtendedKey } | undefined;
  /** Ocean: the KYC public key the wallet was onboarded with (encrypted whitelist). */
  #kycPubKey: Uint8Array | undefined;

  private constructor(store: KvStore, o: WalletKeyStoreOptions) {
    this.#store = store;
    this.#secp = o.secp;
    this.#random = o.random ?? systemRandomSource;
    this.#clock = o.clock ?? systemWalletClock;
    this.#keypoolSize = Math.max(o.keypoolSize ?? DEFAULT_KEYPOOL_SIZE, 0);
    this.#useHd = o.useHd ?? DEFAULT_USE_HD_WALLET;
    const t = o.contractTweak;
    if (t !== undefined && t.length !== 32) throw new RangeError('contract tweak must be 32 bytes');
    this.#tweak = t === undefined || isAllZero(t) ? undefined : t.slice();
    this.#name = o.walletName ?? 'wallet.dat';
    this.anyoneCanSpendAreMine = o.anyoneCanSpendAreMine ?? true;
    this.#log = o.logger ?? nullLogger;
  }

  /**
   * Opens the key store in `store` (checking the layout's schema version). A store without a wallet
   * is created as Core's first run: an HD seed (unless `useHd: false`), a full key pool, and the
   * first pooled key taken as the default key (so the first `getnewaddress` is `m/0'/0'/1'`).
   * An existing wallet must match `useHd` (Core's init errors).
   */
  static async open(store: KvStore, options: WalletKeyStoreOptions): Promise<WalletKeyStore> {
    await openWithSchema(store, WALLET_KEYS_LAYOUT);
    const ks = new WalletKeyStore(store, options);
    ks.#load();
    if (ks.#minVersion === 0) {
      await ks.#create();
    } else if (ks.#useHd && !ks.isHdEnabled) {
      throw new WalletKeyError('hd-mismatch', `Error loading ${ks.#name}: You can't enable HD on a already existing non-HD wallet`);
    } else if (!ks.#useHd && ks.isHdEnabled) {
      throw new WalletKeyError('hd-mismatch', `Error loading ${ks.#name}: You can't disable HD on a already existing HD wallet`);
    }
    return ks;
  }

  // ---------------------------------------------------------------- loading and creation

  #corrupt(what: string, cause?: unknown): WalletKeyError {
    return new WalletKeyError('corrupt', `wallet ${this.#store.location}: ${what}`, { cause });
  }

  #load(): void {
    const s = this.#store;
    const L = WALLET_KEYS_LAYOUT;
    try {
      for (const [k, v] of s.range(L.range('key'))) {
        const keyId = k.slice(1);
        const rec = StoredKey.decode(v);
        if (keyId.length !== 20 || !bytesEqual(hash160(rec.pubkey), keyId)) throw this.#corrupt(`key record ${hex(keyId)} does not match its key id`);
        this.#indexKey(keyId, rec);
      }
      for (const [k, v] of s.range(L.range('pool'))) this.#pool.add(decodePoolValue(decodePoolKey(k.slice(1)), v));
      const hd = s.get(HDCHAIN_KEY);
      if (hd !== undefined) this.#hdChain = HdChain.decode(hd);
      for (const [k, v] of s.range(L.range('mkey'))) this.#masterKeys.set(readU32be(k, 1), MasterKey.decode(v));
      for (const [, v] of s.range(L.range('watch'))) {
        if (v.length < 8) throw this.#corrupt('short watch-only record');
        this.#indexWatch({ createTime: Number(new DataView(v.buffer, v.byteOffset, 8).getBigInt64(0, true)), script: v.slice(8) });
      }
      for (const [k, v] of s.range(L.range('script'))) this.#scripts.set(hex(k.slice(1)), v);
      for (const [k, v] of s.range(L.range('name'))) {
        const dest = decodeDestinationKey(k.slice(1));
        this.#book.set(hex(destinationKey(dest)), { dest, entry: decodeAddressBookEntry(v) });
      }
      this.#defaultKey = s.get(SETTING_DEFAULTKEY);
      this.#kycPubKey = s.get(SETTING_KYCPUBKEY);
      const mv = s.get(SETTING_MINVERSION);
      if (mv !== undefined) {
        if (mv.length !== 4) throw this.#corrupt('bad minversion record');
        this.#minVersion = new DataView(mv.buffer, mv.byteOffset, 4).getUint32(0, true);
      }
    } catch (e) {
      if (e instanceof WalletKeyError || e instanceof StorageError) throw e;
      throw this.#corrupt(`cannot decode: ${e instanceof Error ? e.message : String(e)}`, e);
    }
    for (const e of this.#pool.all()) {
      if (!this.#keys.has(hex(e.keyId))) throw this.#corrupt(`key pool entry ${e.index} refers to an unknown key`);
    }
    if (this.#hdChain && !this.#keys.has(hex(this.#hdChain.masterKeyId))) throw this.#corrupt('the HD seed key is missing');
    this.#log.debug('wallet keys loaded', { keys: this.#keys.size, keypool: this.#pool.size, crypted: this.isCrypted });
  }

  async #create(): Promise<void> {
    await this.#mutex.run(async () => {
      const ch = new KeyStoreChanges();
      const now = this.#clock.now();
      ch.setMinVersion(FEATURE_COMPRPUBKEY);
      if (this.#useHd) {
        this.#newHdSeed(ch, now);
        ch.setMinVersion(FEATURE_HD);
      }
      // GetKeyFromPool for the default key: top up (keypool + 1 keys), take the oldest.
      this.#topUpInto(ch, 0, now);
      const first = ch.poolAdds[0];
      if (first === undefined) throw new Error('top-up produced no key');
      ch.removePool(first.index);
      const rec = ch.keys.get(hex(first.keyId))!.record;
      ch.setDefaultKey(rec.pubkey);
      ch.setAddressBook(keyhash(first.keyId), { name: '', purpose: 'receive' });
      await this.#commit(ch);
      this.#log.info('wallet created', { hd: this.#useHd, keypool: this.#pool.size });
    });
  }

  // ---------------------------------------------------------------- in-memory indexes

  #indexKey(keyId: Uint8Array, rec: StoredKey): void {
    const id = hex(keyId);
    this.#keys.set(id, rec);
    const base = hex(hash160(rec.basePubkey));
    if (!this.#byBase.has(base) || base === id) this.#byBase.set(base, id);
  }

  #indexWatch(e: WatchEntry): void {
    this.#watch.set(hex(sha256(e.script)), e);
    const s = solver(e.script);
    if (s.type === TxoutType.PUBKEY && s.solutions[0] !== undefined) this.#watchKeys.set(hex(hash160(s.solutions[0])), s.solutions[0]);
  }

  async #commit(ch: KeyStoreChanges): Promise<void> {
    if (!ch.batch.isEmpty) await this.#store.write(ch.batch);
    for (const { keyId, record } of ch.keys.values()) this.#indexKey(keyId, record);
    if (ch.hdChain) this.#hdChain = ch.hdChain;
    // adds first: a change may pool a key and take it at once (wallet creation's default key)
    for (const e of ch.poolAdds) this.#pool.add(e);
    for (const i of ch.poolRemoves) this.#pool.remove(i);
    for (const [id, mk] of ch.masterKeys) this.#masterKeys.set(id, mk);
    for (const [dest, entry] of ch.addressBook) this.#book.set(hex(destinationKey(dest)), { dest, entry });
    for (const w of ch.watch) this.#indexWatch(w);
    for (const s of ch.scripts) this.#scripts.set(hex(hash160(s)), s);
    if (ch.defaultKey) this.#defaultKey = ch.defaultKey;
    if (ch.kycPubKey) this.#kycPubKey = ch.kycPubKey;
    if (ch.minVersion !== undefined) this.#minVersion = Math.max(this.#minVersion, ch.minVersion);
    if (ch.keys.size > 0 || ch.watch.length > 0 || ch.scripts.length > 0) this.onKeysChanged?.();
  }

  // ---------------------------------------------------------------- state

  /** The wallet has an HD seed (`IsHDEnabled`). */
  get isHdEnabled(): boolean {
    return this.#hdChain !== undefined;
  }

  /** HASH160 of the HD seed's public key (internal order; `GetHex()` shows it reversed). */
  get hdMasterKeyId(): Uint8Array | undefined {
    return this.#hdChain?.masterKeyId.slice();
  }

  /** The next child index of `m/0'/0'`. */
  get hdExternalCounter(): number | undefined {
    return this.#hdChain?.externalCounter;
  }

  /** The wallet's minimum version (`walletversion`). */
  get walletVersion(): number {
    return this.#minVersion;
  }

  /** `vchDefaultKey`. */
  get defaultKey(): Uint8Array | undefined {
    return this.#defaultKey?.slice();
  }

  /** The contract tweak new keys get, or undefined. */
  get contractTweak(): Uint8Array | undefined {
    return this.#tweak?.slice();
  }

  get isCrypted(): boolean {
    return this.#masterKeys.size > 0;
  }

  /** Encrypted and not unlocked (the relock deadline of `unlock` is checked here). */
  get isLocked(): boolean {
    this.#checkRelock();
    return this.isCrypted && this.#vMasterKey === undefined;
  }

  /** `nWalletUnlockTime`: node time (seconds) when an unlocked wallet relocks; 0 when locked or without a timeout. */
  get unlockedUntil(): number {
    return this.isLocked ? 0 : this.#unlockedUntil;
  }

  /** `GetKeyPoolSize()`: available (not reserved) pool keys. */
  get keypoolSize(): number {
    return this.#pool.size;
  }

  /** `-keypool` as configured. */
  get keypoolTarget(): number {
    return this.#keypoolSize;
  }

  /** `GetOldestKeyPoolTime()`: the time of the oldest pooled key, or now when the pool is empty. */
  keypoolOldest(): number {
    return this.#pool.first()?.time ?? this.#clock.now();
  }

  #checkRelock(): void {
    if (this.#vMasterKey !== undefined && this.#relockAtMs !== undefined && this.#clock.monotonicMs() >= this.#relockAtMs) this.#lockNow();
  }

  #lockNow(): void {
    this.#vMasterKey?.fill(0);
    this.#vMasterKey = undefined;
    this.#relockAtMs = undefined;
    this.#unlockedUntil = 0;
    this.#external = undefined;
    this.#encryptionChain = undefined;
  }

  /** The key new secrets are encrypted with in `ch`: undefined for an unencrypted wallet; throws when locked. */
  #cryptKeyFor(ch: KeyStoreChanges): Uint8Array | undefined {
    if (ch.cryptKey) return ch.cryptKey;
    if (!this.isCrypted) return undefined;
    if (this.isLocked) throw new WalletKeyError('locked', 'wallet is locked');
    return this.#vMasterKey;
  }

  // ---------------------------------------------------------------- key lookup

  #record(keyId: Uint8Array, ch?: KeyStoreChanges): StoredKey | undefined {
    const id = hex(keyId);
    return ch?.keys.get(id)?.record ?? this.#keys.get(id);
  }

  /** The base secret of a record: plain, or decrypted with `cryptKey` (undefined when locked). */
  #baseSecret(rec: StoredKey, cryptKey?: Uint8Array): Uint8Array | undefined {
    if (!rec.crypted) return rec.secret;
    const k = cryptKey ?? (this.isLocked ? undefined : this.#vMasterKey);
    if (k === undefined) return undefined;
    const s = decryptSecret(k, rec.secret, rec.basePubkey);
    if (s === undefined) throw this.#corrupt(`key ${hex(hash160(rec.pubkey))} does not decrypt with the master key`);
    return s;
  }

  /** `HaveKey`: the wallet holds the private key for `keyId` (by address key id). */
  haveKey(keyId: Uint8Array): boolean {
    return this.#keys.has(hex(keyId));
  }

  /** True when some key's base (untweaked) pubkey hashes to `baseId`. */
  haveBaseKey(baseId: Uint8Array): boolean {
    return this.#byBase.has(hex(baseId));
  }

  /** The key id of the key whose base (untweaked) pubkey hashes to `baseId`. */
  keyIdForBase(baseId: Uint8Array): Uint8Array | undefined {
    const id = this.#byBase.get(hex(baseId));
    return id === undefined ? undefined : fromHex(id);
  }

  /** Key ids of every key held. */
  keyIds(): Uint8Array[] {
    return [...this.#keys.keys()].map(fromHex);
  }

  /** What the wallet knows about the key with address key id `keyId`. */
  keyInfo(keyId: Uint8Array): WalletKeyInfo | undefined {
    const rec = this.#keys.get(hex(keyId));
    return rec === undefined ? undefined : this.#info(keyId, rec);
  }

  #info(keyId: Uint8Array, rec: StoredKey): WalletKeyInfo {
    return {
      keyId: keyId.slice(),
      pubkey: rec.pubkey.slice(),
      derivedPubkey: rec.basePubkey.slice(),
      compressed: rec.compressed,
      tweaked: rec.tweak !== undefined,
      meta: rec.meta,
    };
  }

  /** `GetKey` (SigningProvider): the address key's private key; undefined when unknown or locked. */
  getKey(keyId: Uint8Array): SigningKey | undefined {
    const rec = this.#keys.get(hex(keyId));
    if (rec === undefined) return undefined;
    const base = this.#baseSecret(rec);
    if (base === undefined) return undefined;
    return { privateKey: rec.tweak ? tweakPrivateKey(base, rec.tweak, this.#secp) : base.slice(), compressed: rec.compressed };
  }

  /** `GetPubKey`: a held key's (address) public key, or a watch-only public key. */
  getPubKey(keyId: Uint8Array): Uint8Array | undefined {
    return this.#keys.get(hex(keyId))?.pubkey.slice() ?? this.#watchKeys.get(hex(keyId))?.slice();
  }

  /** `GetCScript`. */
  getScript(scriptId: Uint8Array): Uint8Array | undefined {
    return this.#scripts.get(hex(scriptId))?.slice();
  }

  haveScript(scriptId: Uint8Array): boolean {
    return this.#scripts.has(hex(scriptId));
  }

  /** `HaveWatchOnly(script)`. */
  haveWatchOnly(script: Uint8Array): boolean {
    return this.#watch.has(hex(sha256(script)));
  }

  /** The creation time recorded for a watch-only script. */
  watchOnlyTime(script: Uint8Array): number | undefined {
    return this.#watch.get(hex(sha256(script)))?.createTime;
  }

  /** `IsMine(keystore, scriptPubKey)`. */
  isMine(script: Uint8Array): IsMineType {
    return isMine(this, script);
  }

  /** The address book entry of `dest`. */
  addressBookEntry(dest: Destination): AddressBookEntry | undefined {
    return this.#book.get(hex(destinationKey(dest)))?.entry;
  }

  /** Every address book entry. */
  addressBook(): { readonly dest: Destination; readonly entry: AddressBookEntry }[] {
    return [...this.#book.values()];
  }

  /** The keys in the pool (available, in pool order) — `getderivedkeys` / `dumpderivedkeys`. */
  poolKeys(): WalletKeyInfo[] {
    return this.#pool.available().map((e) => this.#info(e.keyId, this.#keys.get(hex(e.keyId))!));
  }

  // ---------------------------------------------------------------- key generation

  /** `GenerateNewHDMasterKey` + `SetHDMasterKey` into `ch`. */
  #newHdSeed(ch: KeyStoreChanges, now: number): void {
    const seed = makeNewKey(this.#random, this.#secp);
    const pub = this.#secp.publicKeyCreate(seed, true);
    const id = hash160(pub);
    const cryptKey = this.#cryptKeyFor(ch);
    const secret = cryptKey ? encryptSecret(cryptKey, seed, pub) : seed;
    ch.putKey(id, new StoredKey(pub, pub, true, secret, cryptKey !== undefined, undefined, { createTime: now, hdKeypath: 'm', hdMasterKeyId: id }));
    ch.setHdChain(new HdChain(id, 0));
  }

  /** `m/0'/0'` of the seed with key id `seedId`. */
  #externalChain(seedId: Uint8Array, ch: KeyStoreChanges): ExtendedKey {
    const id = hex(seedId);
    if (this.#external?.seedId === id) return this.#external.key;
    const rec = this.#record(seedId, ch);
    if (rec === undefined) throw new Error(`${this.#name}: Master key not found`);
    const seed = this.#baseSecret(rec, ch.cryptKey);
    if (seed === undefined) throw new WalletKeyError('locked', 'wallet is locked');
    const key = derivePath(masterKeyFromSeed(seed, this.#secp), [BIP32_HARDENED_KEY_LIMIT, BIP32_HARDENED_KEY_LIMIT], this.#secp);
    this.#external = { seedId: id, key };
    return key;
  }

  /** `GenerateNewKey` into `ch`: the next HD key (or a random one); returns its key id. */
  #generateNewKey(ch: KeyStoreChanges, now: number): Uint8Array {
    const hd = ch.hdChain ?? this.#hdChain;
    if (hd === undefined) {
      return this.#addKey(ch, makeNewKey(this.#random, this.#secp), true, this.#tweak, { createTime: now, hdKeypath: '' });
    }
    const ext = this.#externalChain(hd.masterKeyId, ch);
    let counter = hd.externalCounter;
    let child: ExtendedKey;
    let path: string;
    // derive the next hardened child, skipping keys the wallet already holds
    do {
      if (counter >= BIP32_HARDENED_KEY_LIMIT) throw new Error('HD external chain exhausted');
      child = deriveChild(ext, (counter | BIP32_HARDENED_KEY_LIMIT) >>> 0, this.#secp);
      path = `m/0'/0'/${counter}'`;
      counter++;
    } while (this.#haveDerived(hash160(this.#secp.publicKeyCreate(child.key, true)), ch));
    ch.setHdChain(hd.withCounter(counter));
    return this.#addKey(ch, child.key, true, this.#tweak, { createTime: now, hdKeypath: path, hdMasterKeyId: hd.masterKeyId });
  }

  #haveDerived(baseId: Uint8Array, ch: KeyStoreChanges): boolean {
    const id = hex(baseId);
    return this.#byBase.has(id) || this.#keys.has(id) || ch.baseIds.has(id) || ch.keys.has(id);
  }

  /** `AddKeyPubKey` into `ch` (encrypting when the wallet is encrypted); returns the address key id. */
  #addKey(ch: KeyStoreChanges, secret: Uint8Array, compressed: boolean, tweak: Uint8Array | undefined, meta: KeyMetadata): Uint8Array {
    const basePub = this.#secp.publicKeyCreate(secret, compressed);
    const pub = tweak ? tweakPublicKey(basePub, tweak, this.#secp) : basePub;
    const keyId = hash160(pub);
    const cryptKey = this.#cryptKeyFor(ch);
    const stored = cryptKey ? encryptSecret(cryptKey, secret, basePub) : secret.slice();
    ch.putKey(keyId, new StoredKey(basePub, pub, compressed, stored, cryptKey !== undefined, tweak, meta));
    return keyId;
  }

  /** Adds pool entries into `ch` until the pool holds `(kpSize || -keypool) + 1` keys. */
  #topUpInto(ch: KeyStoreChanges, kpSize: number, now: number): void {
    const target = (kpSize > 0 ? kpSize : this.#keypoolSize) + 1;
    let size = this.#pool.size + ch.poolAdds.length - ch.poolRemoves.length;
    let next = Math.max(this.#pool.nextIndex, ...ch.poolAdds.map((e) => e.index + 1));
    while (size < target) {
      const keyId = this.#generateNewKey(ch, now);
      ch.addPool({ index: next++, time: now, keyId });
      size++;
    }
  }

  async #topUpLocked(kpSize: number): Promise<boolean> {
    if (this.isLocked) return false;
    const ch = new KeyStoreChanges();
    this.#topUpInto(ch, kpSize, this.#clock.now());
    if (ch.poolAdds.length > 0) {
      await this.#commit(ch);
      this.#log.debug('keypool topped up', { added: ch.poolAdds.length, size: this.#pool.size });
    }
    return true;
  }

  /**
   * `TopUpKeyPool(kpSize)`: fills the pool to `kpSize` (or `-keypool`) + 1 keys in one batch.
   * False when the wallet is locked (nothing done).
   */
  async topUpKeyPool(kpSize = 0): Promise<boolean> {
    return this.#mutex.run(() => this.#topUpLocked(kpSize));
  }

  /**
   * A new receiving key (`getnewaddress`): top up when unlocked, take the oldest pooled key (or,
   * with an empty pool and an unlocked wallet, generate one) and — in the same batch — remove it
   * from the pool and give it the address book entry, if any. Resolves only once that batch is
   * durable. Throws `keypool-ran-out` when the pool is empty and the wallet locked.
   */
  async getNewKey(addressBook?: AddressBookEntry): Promise<WalletKeyInfo> {
    return this.#mutex.run(() => this.#takeKey(addressBook, true));
  }

  /**
   * A change key (`getrawchangeaddress`: `CReserveKey::GetReservedKey` + `KeepKey`): like
   * `getNewKey` without an address book entry and without the generate fallback.
   */
  async getChangeKey(): Promise<WalletKeyInfo> {
    return this.#mutex.run(() => this.#takeKey(undefined, false));
  }

  async #takeKey(addressBook: AddressBookEntry | undefined, allowGenerate: boolean): Promise<WalletKeyInfo> {
    await this.#topUpLocked(0);
    const ch = new KeyStoreChanges();
    let keyId: Uint8Array;
    const first = this.#pool.first();
    if (first !== undefined) {
      keyId = first.keyId;
      ch.removePool(first.index);
    } else {
      if (!allowGenerate || this.isLocked) throw new WalletKeyError('keypool-ran-out', 'Error: Keypool ran out, please call keypoolrefill first');
      keyId = this.#generateNewKey(ch, this.#clock.now());
    }
    if (addressBook) ch.setAddressBook(keyhash(keyId), addressBook);
    await this.#commit(ch);
    return this.#info(keyId, this.#keys.get(hex(keyId))!);
  }

  /**
   * `ReserveKeyFromKeyPool`: tops up when unlocked, then takes the oldest pooled key into the
   * reserved set (in memory only: the entry stays in the store). Undefined when the pool is empty.
   * The caller must `keepKey` (before the key is used anywhere others can see, e.g. before a
   * transaction paying to it is broadcast) or `returnKey` it.
   */
  async reserveKey(): Promise<ReservedKey | undefined> {
    return this.#mutex.run(async () => {
      await this.#topUpLocked(0);
      const e = this.#pool.reserve();
      if (e === undefined) return undefined;
      this.#log.debug('keypool reserve', { index: e.index });
      return { index: e.index, key: this.#info(e.keyId, this.#keys.get(hex(e.keyId))!) };
    });
  }

  /** `KeepKey`: the reserved entry leaves the pool for good (durably, before this resolves). */
  async keepKey(index: number): Promise<void> {
    await this.#mutex.run(async () => {
      const ch = new KeyStoreChanges();
      ch.removePool(index);
      await this.#commit(ch);
      this.#log.debug('keypool keep', { index });
    });
  }

  /** `ReturnKey`: the reserved entry is available again. */
  returnKey(index: number): void {
    this.#pool.unreserve(index);
    this.#log.debug('keypool return', { index });
  }

  // ---------------------------------------------------------------- encryption-key chain (Ocean)

  /** The next child index of `m/0'/2'` (Ocean's encryption-key chain). */
  get hdEncryptionCounter(): number | undefined {
    return this.#hdChain?.encryptionCounter;
  }

  /** `m/0'/2'` of the seed with key id `seedId`. */
  #encryptionChainKey(seedId: Uint8Array, ch: KeyStoreChanges): ExtendedKey {
    const id = hex(seedId);
    if (this.#encryptionChain?.seedId === id) return this.#encryptionChain.key;
    const rec = this.#record(seedId, ch);
    if (rec === undefined) throw new Error(`${this.#name}: Master key not found`);
    const seed = this.#baseSecret(rec, ch.cryptKey);
    if (seed === undefined) throw new WalletKeyError('locked', 'wallet is locked');
    const key = derivePath(masterKeyFromSeed(seed, this.#secp), [BIP32_HARDENED_KEY_LIMIT, (2 | BIP32_HARDENED_KEY_LIMIT) >>> 0], this.#secp);
    this.#encryptionChain = { seedId: id, key };
    return key;
  }

  /**
   * `GenerateNewKey(…, fEncryptionKey)` into `ch`: the next key of `m/0'/2'/k'` (k hardened,
   * skipping keys already held), never contract-tweaked (ocean-policy §6.7), not pooled; a random
   * untweaked key on a non-HD wallet. Returns the key id (HASH160 of the public key).
   */
  #generateEncryptionKey(ch: KeyStoreChanges, now: number): Uint8Array {
    const hd = ch.hdChain ?? this.#hdChain;
    if (hd === undefined) return this.#addKey(ch, makeNewKey(this.#random, this.#secp), true, undefined, { createTime: now, hdKeypath: '' });
    const chain = this.#encryptionChainKey(hd.masterKeyId, ch);
    let counter = hd.encryptionCounter;
    let child: ExtendedKey;
    let path: string;
    do {
      if (counter >= BIP32_HARDENED_KEY_LIMIT) throw new Error('HD encryption chain exhausted');
      child = deriveChild(chain, (counter | BIP32_HARDENED_KEY_LIMIT) >>> 0, this.#secp);
      path = `m/0'/2'/${counter}'`;
      counter++;
    } while (this.#haveDerived(hash160(this.#secp.publicKeyCreate(child.key, true)), ch));
    ch.setHdChain(hd.withEncryptionCounter(counter));
    return this.#addKey(ch, child.key, true, undefined, { createTime: now, hdKeypath: path, hdMasterKeyId: hd.masterKeyId });
  }

  /**
   * `n` new encryption keys (the user key of a KYC file, `topupkycpubkeys`' KYC keys), all in one
   * batch, durable before this resolves. Throws `locked` when the wallet is encrypted and locked.
   */
  async newEncryptionKeys(n: number): Promise<WalletKeyInfo[]> {
    return this.#mutex.run(async () => {
      this.#ensureUnlocked();
      const ch = new KeyStoreChanges();
      const now = this.#clock.now();
      const ids: Uint8Array[] = [];
      for (let i = 0; i < n; i++) ids.push(this.#generateEncryptionKey(ch, now));
      await this.#commit(ch);
      return ids.map((id) => this.#info(id, this.#keys.get(hex(id))!));
    });
  }

  /**
   * `recoverencryptionkey` / `recoverkyckeys` / `-recoverwhitelistkeys` (ocean-policy §6.7): derive
   * further keys on `m/0'/2'` until the wallet holds the private key of every pubkey in `targets`,
   * giving up after `maxGap` keys in a row that found none of them. The keys derived are kept
   * (one batch). True when every target is held at the end. A locked wallet derives nothing.
   */
  async recoverEncryptionKeys(targets: readonly Uint8Array[], maxGap: number): Promise<boolean> {
    return this.#mutex.run(async () => {
      const missing = new Set(targets.map((t) => hex(hash160(t))).filter((id) => !this.#keys.has(id)));
      if (missing.size === 0) return true;
      if (this.isLocked || this.#hdChain === undefined) return false;
      const ch = new KeyStoreChanges();
      const now = this.#clock.now();
      let gap = 0;
      while (missing.size > 0 && gap < maxGap) {
        const id = hex(this.#generateEncryptionKey(ch, now));
        if (missing.delete(id)) gap = 0;
        else gap++;
      }
      await this.#commit(ch);
      this.#log.info('encryption keys recovered', { derived: ch.keys.size, missing: missing.size });
      return missing.size === 0;
    });
  }

  /**
   * The private key behind a public key the wallet holds (`GetKey(pubkey.GetID())`): an
   * encryption key, or an address key by its (tweaked) address pubkey. Undefined when unknown or
   * locked.
   */
  privateKeyFor(pubkey: Uint8Array): Uint8Array | undefined {
    const rec = this.#keys.get(hex(hash160(pubkey)));
    if (rec === undefined || !bytesEqual(rec.pubkey, pubkey)) return undefined;
    return this.getKey(hash160(pubkey))?.privateKey;
  }

  /** The KYC public key the wallet was onboarded with (`GetKYCPubKey`), if any. */
  get kycPubKey(): Uint8Array | undefined {
    return this.#kycPubKey?.slice();
  }

  /**
   * `SetKYCPubKey`: record the wallet's KYC key. Seen at once (block processing sets it
   * synchronously), written durably before the promise resolves.
   */
  async setKycPubKey(pubkey: Uint8Array): Promise<void> {
    if (this.#kycPubKey !== undefined && bytesEqual(this.#kycPubKey, pubkey)) return;
    this.#kycPubKey = pubkey.slice();
    await this.#mutex.run(async () => {
      const ch = new KeyStoreChanges();
      ch.setKycPubKey(pubkey.slice());
      await this.#commit(ch);
    });
  }

  // ---------------------------------------------------------------- address book

  /** `SetAddressBook(dest, name, purpose)` (an empty purpose keeps the old one). */
  async setAddressBook(dest: Destination, name: string, purpose: string): Promise<void> {
    await this.#mutex.run(async () => {
      const ch = new KeyStoreChanges();
      ch.setAddressBook(dest, { name, purpose: purpose !== '' ? purpose : (this.addressBookEntry(dest)?.purpose ?? '') });
      await this.#commit(ch);
    });
  }

  // ---------------------------------------------------------------- encryption

  /**
   * `EncryptWallet`: a random master key encrypted under the passphrase (rounds calibrated to
   * ~100 ms, at least 25,000), every key encrypted with it, then — as Core — a new HD seed and a
   * new key pool of `-keypool` keys (the old pool is dropped). All of it is one batch. The wallet
   * is locked afterwards.
   */
  async encrypt(passphrase: string): Promise<void> {
    await this.#mutex.run(async () => {
      if (this.isCrypted) throw new WalletKeyError('already-encrypted', 'wallet is already encrypted');
      if (passphrase === '') throw new WalletKeyError('invalid', 'passphrase can not be empty');
      const vMasterKey = this.#random.bytes(32).slice();
      const salt = this.#random.bytes(WALLET_CRYPTO_SALT_SIZE).slice();
      if (vMasterKey.length !== 32 || salt.length !== WALLET_CRYPTO_SALT_SIZE) throw new RangeError('random source returned too few bytes');
      const iterations = calibrateNewIterations(passphrase, salt, () => this.#clock.monotonicMs());
      this.#log.info('encrypting wallet', { nDeriveIterations: iterations });
      const k = keyFromPassphrase(passphrase, salt, iterations, DERIVATION_METHOD_SHA512)!;
      const ch = new KeyStoreChanges();
      ch.cryptKey = vMasterKey;
      ch.putMasterKey(Math.max(0, ...this.#masterKeys.keys()) + 1, new MasterKey(aesCbcEncrypt(k, vMasterKey), salt, DERIVATION_METHOD_SHA512, iterations));
      for (const [id, rec] of this.#keys) ch.putKey(fromHex(id), rec.withSecret(encryptSecret(vMasterKey, rec.secret, rec.basePubkey), true));
      ch.setMinVersion(Math.max(this.#minVersion, FEATURE_WALLETCRYPT));
      const now = this.#clock.now();
      if (this.isHdEnabled) this.#newHdSeed(ch, now);
      // NewKeyPool: drop the available pool entries, write -keypool fresh ones
      for (const e of this.#pool.available()) ch.removePool(e.index);
      let next = this.#pool.nextIndex;
      for (let i = 0; i < this.#keypoolSize; i++) ch.addPool({ index: next++, time: now, keyId: this.#generateNewKey(ch, now) });
      this.#external = undefined;
      this.#encryptionChain = undefined;
      try {
        await this.#commit(ch);
      } finally {
        vMasterKey.fill(0);
        this.#lockNow();
      }
    });
  }

  /**
   * `Unlock(passphrase)` (walletpassphrase): decrypts the master key and checks it against the
   * stored keys. With `timeoutSeconds`, the wallet relocks that long after now (a real-time
   * deadline, as Core's timer) and `unlockedUntil` reports node time + timeout. Does not top up the
   * pool (walletpassphrase calls `topUpKeyPool` next).
   */
  unlock(passphrase: string, timeoutSeconds?: number): void {
    if (!this.isCrypted) throw new WalletKeyError('not-encrypted', 'wallet is not encrypted');
    for (const mk of this.#masterKeys.values()) {
      const k = keyFromPassphrase(passphrase, mk.salt, mk.deriveIterations, mk.derivationMethod);
      if (k === undefined) break;
      const vMasterKey = aesCbcDecrypt(k, mk.cryptedKey);
      if (vMasterKey === undefined || vMasterKey.length !== 32) continue;
      if (!this.#checkMasterKey(vMasterKey)) continue;
      if (this.#vMasterKey !== undefined && !bytesEqual(this.#vMasterKey, vMasterKey)) this.#lockNow();
      this.#vMasterKey = vMasterKey;
      if (timeoutSeconds !== undefined) {
        this.#relockAtMs = this.#clock.monotonicMs() + timeoutSeconds * 1000;
        this.#unlockedUntil = this.#clock.now() + timeoutSeconds;
      } else {
        this.#relockAtMs = undefined;
        this.#unlockedUntil = 0;
      }
      return;
    }
    throw new WalletKeyError('wrong-passphrase', 'The wallet passphrase entered was incorrect.');
  }

  /** `CCryptoKeyStore::Unlock`'s check: every key (the first time), else one key, decrypts to its pubkey. */
  #checkMasterKey(vMasterKey: Uint8Array): boolean {
    for (const rec of this.#keys.values()) {
      if (!rec.crypted) continue;
      const s = decryptSecret(vMasterKey, rec.secret, rec.basePubkey);
      if (s === undefined || !bytesEqual(this.#secp.publicKeyCreate(s, rec.compressed), rec.basePubkey)) return false;
      if (this.#decryptionChecked) break;
    }
    this.#decryptionChecked = true;
    return true;
  }

  /** `Lock()` (walletlock). */
  lock(): void {
    if (!this.isCrypted) throw new WalletKeyError('not-encrypted', 'wallet is not encrypted');
    this.#lockNow();
  }

  /**
   * `ChangeWalletPassphrase`: re-encrypts the master key under `newPassphrase` (same salt, rounds
   * recalibrated). As Core, the wallet is locked first and stays unlocked afterwards only if it was
   * unlocked before — so a wrong old passphrase leaves it locked.
   */
  async changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
    await this.#mutex.run(async () => {
      if (!this.isCrypted) throw new WalletKeyError('not-encrypted', 'wallet is not encrypted');
      if (newPassphrase === '') throw new WalletKeyError('invalid', 'passphrase can not be empty');
      const wasLocked = this.isLocked;
      const saved = { relockAtMs: this.#relockAtMs, unlockedUntil: this.#unlockedUntil };
      this.#lockNow();
      for (const [id, mk] of this.#masterKeys) {
        const k = keyFromPassphrase(oldPassphrase, mk.salt, mk.deriveIterations, mk.derivationMethod);
        const vMasterKey = k === undefined ? undefined : aesCbcDecrypt(k, mk.cryptedKey);
        if (vMasterKey === undefined || vMasterKey.length !== 32) break;
        if (!this.#checkMasterKey(vMasterKey)) continue;
        const ms = (): number => this.#clock.monotonicMs();
        const iterations = calibrateChangedIterations(newPassphrase, mk.salt, mk.deriveIterations, ms);
        this.#log.info('wallet passphrase changed', { nDeriveIterations: iterations });
        const nk = keyFromPassphrase(newPassphrase, mk.salt, iterations, mk.derivationMethod)!;
        const ch = new KeyStoreChanges();
        ch.putMasterKey(id, mk.withCryptedKey(aesCbcEncrypt(nk, vMasterKey), iterations));
        await this.#commit(ch);
        if (wasLocked) vMasterKey.fill(0);
        else {
          this.#vMasterKey = vMasterKey;
          this.#relockAtMs = saved.relockAtMs;
          this.#unlockedUntil = saved.unlockedUntil;
        }
        return;
      }
      throw new WalletKeyError('wrong-passphrase', 'The wallet passphrase entered was incorrect.');
    });
  }

  #ensureUnlocked(): void {
    if (this.isLocked) throw new WalletKeyError('locked', 'Error: Please enter the wallet passphrase with walletpassphrase first.');
  }

  // ---------------------------------------------------------------- imports

  /**
   * `importprivkey`: sets the address book entry (when `label` is given) even if the key is known;
   * adds an unknown key as-is (never contract-tweaked: a WIF names one concrete key) with create
   * time `createTime` (default 1, as importprivkey). Returns the key id and whether it was added.
   */
  async importPrivateKey(privateKey: Uint8Array, compressed: boolean, opts: { label?: string; createTime?: number } = {}): Promise<{ keyId: Uint8Array; added: boolean }> {
    return this.#mutex.run(async () => {
      this.#ensureUnlocked();
      if (!this.#secp.privateKeyVerify(privateKey)) throw new WalletKeyError('invalid', 'Private key outside allowed range');
      const keyId = hash160(this.#secp.publicKeyCreate(privateKey, compressed));
      const ch = new KeyStoreChanges();
      if (opts.label !== undefined) ch.setAddressBook(keyhash(keyId), { name: opts.label, purpose: 'receive' });
      const added = !this.haveKey(keyId);
      if (added) this.#addKey(ch, privateKey, compressed, undefined, { createTime: opts.createTime ?? 1, hdKeypath: '' });
      await this.#commit(ch);
      return { keyId, added };
    });
  }

  /**
   * `ImportScript(script, label, isRedeemScript)` with `AddWatchOnly(script, createTime)`:
   * - not a redeem script: refused (`already-mine`) when the wallet can spend it; watched; an
   *   address book entry for its destination, if it has one;
   * - a redeem script: watched and stored (`AddCScript`, ≤ 520 bytes), then its P2SH address is
   *   imported like an address — each step its own batch, as Core's sequence of writes.
   */
  async importScript(script: Uint8Array, opts: { label: string; isRedeemScript: boolean; createTime?: number }): Promise<void> {
    await this.#mutex.run(() => this.#importScript(script, opts.label, opts.isRedeemScript, opts.createTime ?? 0));
  }

  async #importScript(script: Uint8Array, label: string, isRedeemScript: boolean, createTime: number): Promise<void> {
    if (!isRedeemScript && this.isMine(script) === 'spendable') {
      throw new WalletKeyError('already-mine', 'The wallet already contains the private key for this address or script');
    }
    const ch = new KeyStoreChanges();
    if (!this.haveWatchOnly(script)) ch.addWatch({ script: script.slice(), createTime });
    if (isRedeemScript) {
      if (script.length > 520) throw new WalletKeyError('invalid', 'Error adding p2sh redeemScript to wallet');
      const id = hash160(script);
      if (!this.haveScript(id)) ch.addScript(id, script.slice());
      await this.#commit(ch);
      await this.#importAddress({ type: 'scripthash', hash: id }, label, createTime);
      return;
    }
    const dest = extractDestination(script);
    if (dest) ch.setAddressBook(dest, { name: label, purpose: 'receive' });
    await this.#commit(ch);
  }

  /** `ImportAddress(address, label)`: watch its script, set the address book entry. */
  async importAddress(dest: Destination, label: string, createTime = 0): Promise<void> {
    await this.#mutex.run(() => this.#importAddress(dest, label, createTime));
  }

  async #importAddress(dest: Destination, label: string, createTime: number): Promise<void> {
    await this.#importScript(scriptForDestination(dest), label, false, createTime);
    const ch = new KeyStoreChanges();
    ch.setAddressBook(dest, { name: label, purpose: 'receive' });
    await this.#commit(ch);
  }

  /** `importpubkey`: `ImportAddress(P2PKH(key))` then `ImportScript(P2PK(key))`. */
  async importPubKey(pubkey: Uint8Array, label: string, createTime = 0): Promise<void> {
    if (!this.#secp.publicKeyVerify(pubkey)) throw new WalletKeyError('invalid', 'Pubkey is not a valid public key');
    await this.#mutex.run(async () => {
      await this.#importAddress(keyhash(hash160(pubkey)), label, createTime);
      const p2pk = new Uint8Array(pubkey.length + 2);
      p2pk[0] = pubkey.length;
      p2pk.set(pubkey, 1);
      p2pk[pubkey.length + 1] = 0xac;
      await this.#importScript(p2pk, label, false, createTime);
    });
  }

  /**
   * `AddWatchOnly(script, nCreateTime)` (importmulti): watches `script` with that creation time;
   * a script already watched keeps its record. One batch.
   */
  async addWatchOnly(script: Uint8Array, createTime: number): Promise<void> {
    await this.#mutex.run(async () => {
      if (this.haveWatchOnly(script)) return;
      const ch = new KeyStoreChanges();
      ch.addWatch({ script: script.slice(), createTime });
      await this.#commit(ch);
    });
  }

  /** `AddCScript` (addmultisigaddress, importmulti): false for a script over 520 bytes. */
  async addScript(script: Uint8Array): Promise<boolean> {
    if (script.length > 520) return false;
    await this.#mutex.run(async () => {
      const id = hash160(script);
      if (this.haveScript(id)) return;
      const ch = new KeyStoreChanges();
      ch.addScript(id, script.slice());
      await this.#commit(ch);
    });
    return true;
  }

  /**
   * `importwallet` (the keys of a dump; parsing is in wallet-dump.ts): keys already held are
   * skipped; the others are added as-is with the dump's time and, unless marked change/reserve,
   * their label. One batch.
   */
  async importWalletKeys(keys: readonly ImportWalletKey[]): Promise<ImportWalletResult> {
    return this.#mutex.run(async () => {
      this.#ensureUnlocked();
      const ch = new KeyStoreChanges();
      const imported: Uint8Array[] = [];
      const skipped: Uint8Array[] = [];
      let earliest: number | undefined;
      for (const k of keys) {
        const keyId = hash160(this.#secp.publicKeyCreate(k.privateKey, k.compressed));
        if (this.haveKey(keyId) || ch.keys.has(hex(keyId))) {
          skipped.push(keyId);
          continue;
        }
        this.#addKey(ch, k.privateKey, k.compressed, undefined, { createTime: k.time, hdKeypath: '' });
        if (k.label !== undefined) ch.setAddressBook(keyhash(keyId), { name: k.label, purpose: 'receive' });
        imported.push(keyId);
        earliest = earliest === undefined ? k.time : Math.min(earliest, k.time);
      }
      await this.#commit(ch);
      return { imported, skipped, earliestTime: earliest };
    });
  }

  // ---------------------------------------------------------------- exports

  /** `dumpprivkey`: the WIF of the address key. Throws `locked` or `unknown-key`. */
  dumpPrivKey(keyId: Uint8Array, prefixes: Base58Prefixes, address: string): string {
    this.#ensureUnlocked();
    const k = this.getKey(keyId);
    if (k === undefined) throw new WalletKeyError('unknown-key', `Private key for address ${address} is not known`);
    return encodeWif(k.privateKey, k.compressed, prefixes);
  }

  /** The extended private master key of the HD seed (`CExtKey::SetMaster`), for `dumpwallet`. */
  extendedMasterKey(): ExtendedKey | undefined {
    this.#ensureUnlocked();
    if (!this.#hdChain) return undefined;
    const rec = this.#keys.get(hex(this.#hdChain.masterKeyId));
    const seed = rec ? this.#baseSecret(rec) : undefined;
    return seed ? masterKeyFromSeed(seed, this.#secp) : undefined;
  }

  /**
   * The key lines of `dumpwallet`, sorted by (time, key id) as Core's `vKeyBirth`. Keys without a
   * creation time get `birthTimeFallback(keyId)` (Core infers them from the wallet's transactions;
   * that part belongs to the wallet's transaction layer).
   */
  dumpKeyEntries(birthTimeFallback: (keyId: Uint8Array) => number): DumpKeyEntry[] {
    this.#ensureUnlocked();
    const reserve = new Set(this.#pool.available().map((e) => hex(e.keyId)));
    const master = this.#hdChain ? hex(this.#hdChain.masterKeyId) : undefined;
    const out: DumpKeyEntry[] = [];
    for (const [id, rec] of this.#keys) {
      const keyId = fromHex(id);
      const k = this.getKey(keyId)!;
      const book = this.#book.get(hex(destinationKey(keyhash(keyId))));
      const kind: DumpKeyEntry['kind'] = book ? { label: book.entry.name } : id === master ? 'hdmaster' : reserve.has(id) ? 'reserve' : 'change';
      const time = rec.meta.createTime !== 0 ? rec.meta.createTime : birthTimeFallback(keyId);
      out.push({ keyId, privateKey: k.privateKey, compressed: k.compressed, time, kind, hdKeypath: rec.meta.hdKeypath });
    }
    out.sort((a, b) => a.time - b.time || compareBytes(a.keyId, b.keyId));
    return out;
  }
}
