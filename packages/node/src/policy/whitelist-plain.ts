/**
 * The unencrypted address whitelist (`-pkhwhitelist` without `-pkhwhitelist-encrypt`,
 * ocean-policy.md §5; the reference's `CWhiteList`). `EncryptedWhitelist` extends it.
 */
import {
  DecodeError,
  OutPoint,
  TxoutType,
  bytesEqual,
  compareBytes,
  decodeAddress,
  derivedPairValid,
  extractDestination,
  fromHex,
  hash160,
  hiddenKeyEntry,
  isAllZero,
  isHex,
  multisigEntryValid,
  parseRegisterPayload,
  registerEntryDestination,
  solver,
  toHex,
  type Block,
  type ChainParams,
  type Destination,
  type RegisterPayloadRules,
  type Secp256k1,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import {
  WhitelistError,
  type AddressWhitelist,
  type KycStatus,
  type SpentOutputLookup,
  type UnassignedKycKey,
  type UtxoEntry,
  type WhitelistWallet,
} from './whitelist.js';
import { WhitelistDestinations, destinationKey } from './whitelist-destinations.js';

export const NON_WHITELISTED_ADDRESS = 'non-whitelisted-address';

export interface WhitelistOptions {
  readonly params: ChainParams;
  readonly secp: Secp256k1;
  /** `-pkhwhitelist`. */
  readonly enforcing: boolean;
  /** `-pkhwhitelist-scan`. */
  readonly scanning?: boolean;
  /** The node has wallet support (not `-disablewallet`), whether or not the wallet is loaded yet. */
  readonly walletEnabled: boolean;
  /** Is this explicit asset one of the chain's policy assets? (policy transactions are exempt) */
  readonly isPolicyAsset: (asset: Uint8Array) => boolean;
  readonly log?: (message: string) => void;
}

/** The §3.1 registration template's data key, or undefined when `script` is not one. */
export function registrationDataKey(script: Uint8Array): Uint8Array | undefined {
  const s = solver(script);
  if (!s.ok || s.type !== TxoutType.MULTISIG || s.solutions.length !== 4) return undefined;
  return s.solutions[2];
}

/** The register-address kind of a solver result. */
function registerKind(type: TxoutType): { version: 0 | 1; deregister: boolean } | undefined {
  switch (type) {
    case TxoutType.REGISTERADDRESS_V0:
      return { version: 0, deregister: false };
    case TxoutType.REGISTERADDRESS_V1:
      return { version: 1, deregister: false };
    case TxoutType.DEREGISTERADDRESS_V0:
      return { version: 0, deregister: true };
    case TxoutType.DEREGISTERADDRESS_V1:
      return { version: 1, deregister: true };
    default:
      return undefined;
  }
}

/** Messages of the local maintenance edits; the encrypted list words some differently. */
export interface WhitelistMessages {
  derivedAddress(a: string): string;
  derivedPubKey: string;
  derivedTweak: string;
  derivedKycKey: string;
  multiAddress(a: string): string;
  multiPubKey: string;
  multiM: string;
  multiNonP2sh(a: string): string;
  multiMofN: string;
  multiTweak: string;
}

const PLAIN_MESSAGES: WhitelistMessages = {
  derivedAddress: (a) => `add_derived: invalid Bitcoin address: ${a}`,
  derivedPubKey: 'Set: invalid public key',
  derivedTweak: 'Set: address does not derive from public key when tweaked with contract hash',
  derivedKycKey: 'add_derived: invalid kyc public key',
  multiAddress: (a) => `add_multisig_whitelist: invalid Bitcoin address: ${a}`,
  multiPubKey: 'AddPubKey: invalid public key\n',
  multiM: 'SetM: invalid m\n',
  multiNonP2sh: (a) => `SetDest: invalid non-p2sh address for multisig: ${a}\n`,
  multiMofN: 'TryValid: invalid m-of-n\n',
  multiTweak: 'TryValid: address does not derive from public keys when tweaked with contract hash\n',
};

export class PlainWhitelist implements AddressWhitelist {
  readonly encrypted: boolean = false;
  readonly enforcing: boolean;
  readonly maintained: boolean;
  protected readonly params: ChainParams;
  protected readonly secp: Secp256k1;
  protected readonly rules: RegisterPayloadRules;
  protected readonly dests = new WhitelistDestinations();
  /** U: unassigned KYC keys by public-key hex. */
  protected readonly unassigned = new Map<string, Uint8Array>();
  /** KYC key id hex → registration outpoint. */
  protected readonly kycOutpoints = new Map<string, OutPoint>();
  protected readonly pending = new Set<string>();
  protected wallet: WhitelistWallet | undefined;
  /** The WHITELIST policy asset in force (genesis asset, then `-whitelistassetchange`). */
  protected asset: Uint8Array | undefined;
  readonly #walletEnabled: boolean;
  readonly #isPolicyAsset: (asset: Uint8Array) => boolean;
  readonly #mandatory: Destination | undefined;
  protected readonly log: (message: string) => void;
  protected readonly messages: WhitelistMessages = PLAIN_MESSAGES;

  constructor(o: WhitelistOptions) {
    this.params = o.params;
    this.secp = o.secp;
    this.enforcing = o.enforcing;
    this.maintained = o.enforcing || (o.scanning ?? false);
    this.#walletEnabled = o.walletEnabled;
    this.#isPolicyAsset = o.isPolicyAsset;
    this.log = o.log ?? (() => undefined);
    this.rules = { secp: o.secp, contractInTx: o.params.options.contractInTx, contractHash: o.params.keyTweakHash };
    this.asset = o.params.policyAsset('whitelist');
    const mandatory = o.params.options.mandatoryCoinbase;
    this.#mandatory = mandatory.length > 0 ? (extractDestination(mandatory) ?? undefined) : undefined;
    // (directly: a subclass's fields are not initialised yet)
    if (this.#mandatory !== undefined) this.dests.add(this.#mandatory);
  }

  // ------------------------------------------------------------------ membership

  isWhitelisted(dest: Destination): boolean {
    return this.dests.has(dest);
  }

  contains(dest: Destination): boolean {
    return this.dests.has(dest);
  }

  whitelisted(): Destination[] {
    return [...this.dests].filter((d) => this.isWhitelisted(d));
  }

  get size(): number {
    return this.dests.size;
  }

  // ------------------------------------------------------------------ maintenance

  /** Decodes an address for an edit; `message` when it does not parse. */
  protected decodeDest(address: string, message: string): Destination {
    try {
      const a = decodeAddress(address, this.params.base58);
      return { type: a.type, hash: a.hash };
    } catch (e) {
      if (e instanceof DecodeError) throw new WhitelistError(message);
      throw e;
    }
  }

  /** A fully valid public key from hex, or undefined (`ParseHex` + `IsFullyValid`). */
  protected parsePubKey(hex: string): Uint8Array | undefined {
    if (!isHex(hex)) return undefined;
    const k = fromHex(hex);
    return (k.length === 33 || k.length === 65) && this.secp.publicKeyVerify(k) ? k : undefined;
  }

  /** The checks of `add_derived`; returns the destination and the untweaked key. */
  protected checkDerived(address: string, basePubKeyHex: string): { dest: Destination; pubkey: Uint8Array } {
    const dest = this.decodeDest(address, this.messages.derivedAddress(address));
    const pubkey = this.parsePubKey(basePubKeyHex);
    if (pubkey === undefined) throw new WhitelistError(this.messages.derivedPubKey);
    if (!this.rules.contractInTx && (dest.type !== 'keyhash' || !derivedPairValid(this.rules, dest.hash, pubkey))) {
      throw new WhitelistError(this.messages.derivedTweak);
    }
    return { dest, pubkey };
  }

  /** The checks of `add_multisig_whitelist`. */
  protected checkMultisig(address: string, basePubKeysHex: readonly string[], m: number): { dest: Destination; pubkeys: Uint8Array[] } {
    const dest = this.decodeDest(address, this.messages.multiAddress(address));
    const pubkeys: Uint8Array[] = [];
    for (const h of basePubKeysHex) {
      const k = this.parsePubKey(h);
      if (k === undefined || k.length !== 33) throw new WhitelistError(this.messages.multiPubKey);
      pubkeys.push(k);
    }
    if (m < 1 || m > 15) throw new WhitelistError(this.messages.multiM);
    if (dest.type !== 'scripthash') throw new WhitelistError(this.messages.multiNonP2sh(address));
    if (m > pubkeys.length || pubkeys.length > 15) throw new WhitelistError(this.messages.multiMofN);
    if (!this.rules.contractInTx && !multisigEntryValid(this.rules, m, dest.hash, pubkeys)) throw new WhitelistError(this.messages.multiTweak);
    return { dest, pubkeys };
  }

  addDerived(address: string, basePubKeyHex: string, _kycPubKeyHex?: string): void {
    // The unencrypted list ignores the KYC key argument.
    this.addDestination(this.checkDerived(address, basePubKeyHex).dest);
  }

  addMultisig(address: string, basePubKeysHex: readonly string[], m: number, _kycPubKeyHex?: string): void {
    this.addDestination(this.checkMultisig(address, basePubKeysHex, m).dest);
  }

  addDestination(dest: Destination, _kycPubKey?: Uint8Array): void {
    this.dests.add(dest);
    this.pending.delete(destinationKey(dest));
  }

  remove(dest: Destination): void {
    this.dests.remove(dest);
  }

  clear(): void {
    this.dests.clear();
  }

  // ------------------------------------------------------------------ KYC keys

  unassignedKycKeys(): UnassignedKycKey[] {
    return [...this.unassigned.values()]
      .sort(compareBytes)
      .map((pubkey) => ({ pubkey, outpoint: this.kycOutpoints.get(toHex(hash160(pubkey))) }));
  }

  get unassignedCount(): number {
    return this.unassigned.size;
  }

  kycKeyOutpoint(kycKeyId: Uint8Array): OutPoint | undefined {
    return this.kycOutpoints.get(toHex(kycKeyId));
  }

  peekUnassignedKycKey(random: (n: number) => number): Uint8Array | undefined {
    const keys = this.unassignedKycKeys();
    if (keys.length === 0) return undefined;
    const span = keys.length === 1 ? 1 : keys.length - 1;
    return keys[random(span)]!.pubkey;
  }

  takeUnassignedKycKey(): Uint8Array | undefined {
    return undefined;
  }

  kycPubKeyOf(_dest: Destination): Uint8Array | undefined {
    return undefined;
  }

  kycStatus(_kycPubKey: Uint8Array): KycStatus | undefined {
    return undefined;
  }

  setKycStatus(_kycPubKey: Uint8Array, _status: KycStatus): void {
    // unencrypted: KYC keys have no status
  }

  protected addUnassigned(pubkey: Uint8Array, outpoint: OutPoint): void {
    this.unassigned.set(toHex(pubkey), pubkey);
    this.kycOutpoints.set(toHex(hash160(pubkey)), outpoint);
  }

  protected removeUnassigned(pubkey: Uint8Array): void {
    this.unassigned.delete(toHex(pubkey));
    this.kycOutpoints.delete(toHex(hash160(pubkey)));
  }

  /** The KYC key hidden in a registration output's data key, if it is a fully valid key. */
  protected hiddenKycKey(script: Uint8Array): Uint8Array | undefined {
    const dataKey = registrationDataKey(script);
    if (dataKey === undefined || dataKey.length !== 33) return undefined;
    const key = hiddenKeyEntry(dataKey);
    return this.secp.publicKeyVerify(key) ? key : undefined;
  }

  // ------------------------------------------------------------------ pending

  addPending(dest: Destination): void {
    this.pending.add(destinationKey(dest));
  }

  isPending(dest: Destination): boolean {
    return this.pending.has(destinationKey(dest));
  }

  removePending(dest: Destination): void {
    this.pending.delete(destinationKey(dest));
  }

  // ------------------------------------------------------------------ chain

  attachWallet(wallet: WhitelistWallet | undefined): void {
    this.wallet = wallet;
  }

  protected isWhitelistAsset(out: TxOut | undefined): boolean {
    return out !== undefined && this.asset !== undefined && out.asset.isExplicit && bytesEqual(out.asset.id, this.asset);
  }

  /** `SetPolicy(h)`: the `-whitelistassetchange` asset for `height`, if one applies (never reverted). */
  protected setPolicy(height: number): void {
    const changed = this.params.policyAssetChangeAt('whitelist', height);
    if (changed !== undefined) this.asset = changed;
  }

  connectBlock(block: Block, height: number, spent: SpentOutputLookup): void {
    this.setPolicy(height);
    for (const tx of block.transactions) {
      if (!this.registerAddress(tx, spent)) this.update(tx, spent);
    }
  }

  /** Applies a register/deregister payload; false when it does not parse. */
  protected applyPayload(payload: Uint8Array, version: 0 | 1, deregister: boolean): boolean {
    const entries = parseRegisterPayload(payload, version, this.rules);
    if (entries === undefined) return false;
    for (const e of entries) {
      const d = registerEntryDestination(e);
      if (deregister) this.remove(d);
      else this.addDestination(d);
    }
    return true;
  }

  /** `CWhiteList::RegisterAddress` (policy §5.3). */
  protected registerAddress(tx: Transaction, _spent: SpentOutputLookup): boolean {
    if (tx.isCoinbase) return false;
    // The reference needs a wallet, and an unlocked one (QUIRK).
    if (!this.#walletEnabled || this.wallet?.locked === true) return false;
    for (const out of tx.outputs) {
      if (!this.isWhitelistAsset(out)) continue;
      const s = solver(out.scriptPubKey);
      if (!s.ok) return false;
      const kind = registerKind(s.type);
      if (kind === undefined) continue;
      return this.applyPayload(s.solutions[0]!, kind.version, kind.deregister);
    }
    return false;
  }

  /** `CWhiteList::Update`: KYC key registrations spent and created (policy §5.3). */
  protected update(tx: Transaction, spent: SpentOutputLookup): void {
    if (tx.isCoinbase) return;
    for (const input of tx.inputs) {
      const prev = spent(input.prevout);
      if (prev === undefined || !this.isWhitelistAsset(prev)) continue;
      const dataKey = registrationDataKey(prev.scriptPubKey);
      if (dataKey === undefined || dataKey.length !== 33) continue;
      const key = hiddenKeyEntry(dataKey);
      if (this.unassigned.has(toHex(key))) this.log(`whitelist: KYC key ${toHex(key)} removed`);
      this.removeUnassigned(key);
    }
    tx.outputs.forEach((out, i) => {
      const key = this.hiddenKycKey(out.scriptPubKey);
      if (key !== undefined) this.addUnassigned(key, new OutPoint(tx.txid, i));
    });
  }

  loadFromUtxo(utxos: Iterable<UtxoEntry>): void {
    for (const { outpoint, out } of utxos) {
      if (!this.isWhitelistAsset(out)) continue;
      const key = this.hiddenKycKey(out.scriptPubKey);
      if (key !== undefined) {
        this.addUnassigned(key, outpoint);
        continue;
      }
      const s = solver(out.scriptPubKey);
      const kind = s.ok ? registerKind(s.type) : undefined;
      if (kind !== undefined) this.applyPayload(s.solutions[0]!, kind.version, kind.deregister);
    }
  }

  reset(): void {
    this.dests.clear();
    this.unassigned.clear();
    this.kycOutpoints.clear();
    this.asset = this.params.policyAsset('whitelist');
    if (this.#mandatory !== undefined) this.addDestination(this.#mandatory);
  }

  // ------------------------------------------------------------------ mempool

  checkTransaction(tx: Transaction): string | null {
    const outs = tx.outputs;
    // all-burn: every output is nulldata
    if (outs.every((o) => solver(o.scriptPubKey).type === TxoutType.NULL_DATA)) return null;
    if (outs.some((o) => o.asset.isExplicit && this.#isPolicyAsset(o.asset.id))) return null;
    const issuance = tx.inputs[0]?.hasIssuance === true;
    for (const out of outs) {
      const s = solver(out.scriptPubKey);
      if (!s.ok) return NON_WHITELISTED_ADDRESS;
      if (issuance) continue;
      switch (s.type) {
        case TxoutType.FEE:
        case TxoutType.NULL_DATA:
        case TxoutType.REGISTERADDRESS_V0:
        case TxoutType.REGISTERADDRESS_V1:
        case TxoutType.DEREGISTERADDRESS_V0:
        case TxoutType.DEREGISTERADDRESS_V1:
          continue;
        case TxoutType.PUBKEYHASH:
        case TxoutType.SCRIPTHASH: {
          const hash = s.solutions[0]!;
          if (isAllZero(hash)) continue;
          if (this.isWhitelisted({ type: s.type === TxoutType.PUBKEYHASH ? 'keyhash' : 'scripthash', hash })) continue;
          return NON_WHITELISTED_ADDRESS;
        }
        default:
          return NON_WHITELISTED_ADDRESS;
      }
    }
    return null;
  }
}
