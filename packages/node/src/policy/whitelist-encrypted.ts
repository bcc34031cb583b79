/**
 * The encrypted address whitelist (`-pkhwhitelist-encrypt`, ocean-policy.md §6; the reference's
 * `CWhiteListEncrypted`): destinations carry the KYC key they were registered under, KYC keys have
 * a status (`white` / `black`), and onboarding payloads are ECIES-encrypted — only a node holding
 * the KYC key (the authority) or the user key can read them; every other node falls through to the
 * KYC-key update.
 */
import {
  OutPoint,
  TxoutType,
  eciesDecrypt,
  extractDestination,
  fromHexText,
  hash160,
  parseEncryptedPlaintext,
  registerEntryDestination,
  solver,
  splitEncryptedOnboardPayload,
  toHex,
  tweakPublicKey,
  ENCRYPTED_PAYLOAD_MIN_SIZE,
  type Destination,
  type RegisterEntry,
  type Transaction,
} from '@ocean-ts/core';
import { PlainWhitelist, type WhitelistMessages } from './whitelist-plain.js';
import { WhitelistError, type KycStatus, type SpentOutputLookup, type UtxoEntry } from './whitelist.js';
import { destinationKey } from './whitelist-destinations.js';

const ENCRYPTED_MESSAGES: WhitelistMessages = {
  derivedAddress: (a) => `add_derived: invalid Bitcoin address: ${a}`,
  derivedPubKey: 'add_derived: invalid public key',
  derivedTweak: 'add_derived: address does not derive from public key when tweaked with contract hash',
  derivedKycKey: 'add_derived: invalid kyc public key',
  multiAddress: (a) => `add_multisig_whitelist: invalid Bitcoin address: ${a}`,
  multiPubKey: 'add_multisig_whitelist: invalid public key',
  multiM: 'add_multisig_whitelist: invalid m',
  multiNonP2sh: (a) => `add_multisig_whitelist: invalid non-p2sh address for multisig: ${a}`,
  multiMofN: 'add_multisig_whitelist: invalid m-of-n',
  multiTweak: 'add_multisig_whitelist: address does not derive from public keys when tweaked with contract hash',
};

/** Generated at most while waiting for an authority's wallet to hold a new KYC key (policy §6.2). */
const KYC_KEY_GENERATION_GAP = 1000;

export class EncryptedWhitelist extends PlainWhitelist {
  override readonly encrypted: boolean = true;
  protected override readonly messages: WhitelistMessages = ENCRYPTED_MESSAGES;
  /** destination key → KYC key id hex (null: added without a KYC key). */
  readonly #kycOf = new Map<string, string | null>();
  /** KYC key id hex → KYC public key. */
  readonly #kycPub = new Map<string, Uint8Array>();
  /** destination key → its tweaked public keys (to find a private key for decryption). */
  readonly #tweaked = new Map<string, Uint8Array[]>();
  /** KYC key id hex → status. */
  readonly #status = new Map<string, KycStatus>();
  /** FIFO of unassigned KYC keys (entries no longer in U are skipped). */
  readonly #queue: Uint8Array[] = [];

  // ------------------------------------------------------------------ membership

  override isWhitelisted(dest: Destination): boolean {
    if (!this.dests.has(dest)) return false;
    const kyc = this.#kycOf.get(destinationKey(dest));
    return kyc === undefined || kyc === null || this.#status.get(kyc) === 'white';
  }

  // ------------------------------------------------------------------ maintenance

  #kycKeyArg(hex: string | undefined): Uint8Array | undefined {
    if (hex === undefined) return undefined;
    const k = this.parsePubKey(hex);
    if (k === undefined) throw new WhitelistError(this.messages.derivedKycKey);
    return k;
  }

  #tweak(pubkeys: readonly Uint8Array[]): Uint8Array[] {
    return pubkeys.map((p) => tweakPublicKey(p, this.rules.contractHash, this.secp));
  }

  /** Adds `dest` under `kyc` (an unknown KYC key is blacklisted) with its tweaked keys. */
  #add(dest: Destination, kyc: Uint8Array | undefined, tweaked: Uint8Array[]): void {
    const key = destinationKey(dest);
    this.dests.add(dest);
    this.pending.delete(key);
    if (kyc === undefined) this.#kycOf.set(key, null);
    else {
      const id = toHex(hash160(kyc));
      this.#kycOf.set(key, id);
      this.#kycPub.set(id, kyc);
      if (!this.#status.has(id)) this.#status.set(id, 'black');
    }
    if (tweaked.length > 0) this.#tweaked.set(key, tweaked);
  }

  override addDerived(address: string, basePubKeyHex: string, kycPubKeyHex?: string): void {
    const { dest, pubkey } = this.checkDerived(address, basePubKeyHex);
    this.#add(dest, this.#kycKeyArg(kycPubKeyHex), this.#tweak([pubkey]));
  }

  override addMultisig(address: string, basePubKeysHex: readonly string[], m: number, kycPubKeyHex?: string): void {
    const { dest, pubkeys } = this.checkMultisig(address, basePubKeysHex, m);
    this.#add(dest, this.#kycKeyArg(kycPubKeyHex), this.#tweak(pubkeys));
  }

  override addDestination(dest: Destination, kycPubKey?: Uint8Array): void {
    this.#add(dest, kycPubKey, []);
  }

  override remove(dest: Destination): void {
    const key = destinationKey(dest);
    this.dests.remove(dest);
    this.#kycOf.delete(key);
    this.#tweaked.delete(key);
  }

  override clear(): void {
    this.dests.clear();
    this.#kycOf.clear();
    this.#kycPub.clear();
    this.#tweaked.clear();
  }

  // ------------------------------------------------------------------ KYC keys

  protected override addUnassigned(pubkey: Uint8Array, outpoint: OutPoint): void {
    if (!this.unassigned.has(toHex(pubkey))) this.#queue.push(pubkey);
    super.addUnassigned(pubkey, outpoint);
  }

  #queueHead(): Uint8Array | undefined {
    while (this.#queue.length > 0 && !this.unassigned.has(toHex(this.#queue[0]!))) this.#queue.shift();
    return this.#queue[0];
  }

  override peekUnassignedKycKey(_random: (n: number) => number): Uint8Array | undefined {
    return this.#queueHead();
  }

  override takeUnassignedKycKey(): Uint8Array | undefined {
    const head = this.#queueHead();
    if (head === undefined) return undefined;
    this.#queue.shift();
    this.unassigned.delete(toHex(head));
    this.setKycStatus(head, 'white');
    return head;
  }

  override kycPubKeyOf(dest: Destination): Uint8Array | undefined {
    const id = this.#kycOf.get(destinationKey(dest));
    return id === undefined || id === null ? undefined : this.#kycPub.get(id);
  }

  override kycStatus(kycPubKey: Uint8Array): KycStatus | undefined {
    return this.#status.get(toHex(hash160(kycPubKey)));
  }

  override setKycStatus(kycPubKey: Uint8Array, status: KycStatus): void {
    const id = toHex(hash160(kycPubKey));
    this.#kycPub.set(id, kycPubKey);
    this.#status.set(id, status);
  }

  // ------------------------------------------------------------------ chain

  /** `CWhiteListEncrypted::Update` (policy §6.2). */
  protected override update(tx: Transaction, spent: SpentOutputLookup): void {
    if (tx.isCoinbase) return;
    for (const input of tx.inputs) {
      const prev = spent(input.prevout);
      // Any input outside the whitelist asset ends the processing of the whole transaction.
      if (prev === undefined || !this.isWhitelistAsset(prev)) return;
      const key = this.hiddenKycKey(prev.scriptPubKey);
      if (key === undefined) continue;
      this.setKycStatus(key, 'black');
      this.kycOutpoints.delete(toHex(hash160(key)));
      this.log(`whitelist: KYC key ${toHex(key)} blacklisted`);
    }
    tx.outputs.forEach((out, i) => {
      const key = this.hiddenKycKey(out.scriptPubKey);
      if (key === undefined) return;
      const outpoint = new OutPoint(tx.txid, i);
      const status = this.kycStatus(key);
      if (status === 'white') return;
      this.setKycStatus(key, 'white');
      if (status === 'black') {
        this.kycOutpoints.set(toHex(hash160(key)), outpoint);
        return;
      }
      this.addUnassigned(key, outpoint);
      // The authority generates encryption keys until its wallet holds the new key.
      if (this.enforcing) this.wallet?.generateEncryptionKeysUntil?.(key, KYC_KEY_GENERATION_GAP);
    });
  }

  /** `CWhiteListEncrypted::RegisterAddress` (policy §6.5, §6.6). */
  protected override registerAddress(tx: Transaction, spent: SpentOutputLookup): boolean {
    if (tx.isCoinbase) return false;
    let payload: Uint8Array | undefined;
    for (const out of tx.outputs) {
      const s = solver(out.scriptPubKey);
      if (!s.ok) return false;
      if (s.type === TxoutType.REGISTERADDRESS_V0) {
        payload = s.solutions[0]!;
        break;
      }
    }
    if (payload === undefined || payload.length < ENCRYPTED_PAYLOAD_MIN_SIZE) return false;
    const onboard = splitEncryptedOnboardPayload(payload);
    if (onboard !== undefined && this.#validKey(onboard.kycPubKey) && this.kycStatus(onboard.kycPubKey) !== undefined && this.#validKey(onboard.userPubKey)) {
      return this.#onboard(tx, onboard.kycPubKey, onboard.userPubKey, onboard.message);
    }
    return this.#registerMore(tx, payload, spent);
  }

  #validKey(k: Uint8Array): boolean {
    return this.secp.publicKeyVerify(k);
  }

  #onboard(tx: Transaction, kycPub: Uint8Array, userPub: Uint8Array, message: Uint8Array | undefined): boolean {
    if (!tx.outputs.every((o) => this.isWhitelistAsset(o))) return false;
    const wallet = this.wallet;
    if (message === undefined || wallet === undefined) return false;
    let plain: Uint8Array | undefined;
    const userKey = wallet.privateKey(hash160(userPub));
    if (userKey !== undefined) {
      // the user's node: it now knows its KYC key
      plain = eciesDecrypt(this.secp, message, userKey, kycPub);
      if (plain !== undefined) wallet.setKycPubKey?.(kycPub);
    }
    if (plain === undefined) {
      const kycKey = wallet.privateKey(hash160(kycPub));
      if (kycKey !== undefined) plain = eciesDecrypt(this.secp, message, kycKey, userPub);
    }
    if (plain === undefined) return false;
    this.#addEntries(parseEncryptedPlaintext(plain, this.rules), kycPub);
    return true;
  }

  #registerMore(tx: Transaction, payload: Uint8Array, spent: SpentOutputLookup): boolean {
    const message = fromHexText(payload);
    const wallet = this.wallet;
    if (message === undefined || wallet === undefined) return false;
    let kycId: string | undefined;
    const tweaked: Uint8Array[] = [];
    for (const input of tx.inputs) {
      const prev = spent(input.prevout);
      const dest = prev === undefined ? null : extractDestination(prev.scriptPubKey);
      if (dest === null) continue;
      const key = destinationKey(dest);
      const k = this.#kycOf.get(key);
      if (k === undefined || k === null || (kycId !== undefined && k !== kycId)) return false;
      kycId = k;
      const t = this.#tweaked.get(key);
      if (t === undefined) return false;
      tweaked.push(...t);
    }
    if (kycId === undefined || this.#status.get(kycId) !== 'white') return false;
    const kycPub = this.#kycPub.get(kycId);
    if (kycPub === undefined) return false;
    let plain: Uint8Array | undefined;
    for (const t of tweaked) {
      const priv = wallet.privateKey(hash160(t));
      if (priv === undefined) continue;
      plain = eciesDecrypt(this.secp, message, priv, wallet.kycPubKey?.() ?? kycPub);
      break;
    }
    if (plain === undefined) {
      const kycKey = wallet.privateKey(hash160(kycPub));
      if (kycKey !== undefined) plain = eciesDecrypt(this.secp, message, kycKey);
    }
    if (plain === undefined) return false;
    this.#addEntries(parseEncryptedPlaintext(plain, this.rules), kycPub);
    return true;
  }

  #addEntries(entries: readonly RegisterEntry[], kycPub: Uint8Array): void {
    for (const e of entries) {
      const keys = e.kind === 'derived' ? [e.pubkey] : e.kind === 'multisig' ? [...e.pubkeys] : [];
      this.#add(registerEntryDestination(e), kycPub, this.#tweak(keys));
    }
  }

  /** Encrypted start-up: only the KYC key registrations are replayed (policy §6.2). */
  override loadFromUtxo(utxos: Iterable<UtxoEntry>): void {
    for (const { outpoint, out } of utxos) {
      if (!this.isWhitelistAsset(out)) continue;
      const key = this.hiddenKycKey(out.scriptPubKey);
      if (key === undefined) continue;
      this.setKycStatus(key, 'white');
      this.addUnassigned(key, outpoint);
    }
  }

  override reset(): void {
    this.#kycOf.clear();
    this.#kycPub.clear();
    this.#tweaked.clear();
    this.#status.clear();
    this.#queue.length = 0;
    super.reset();
  }
}
