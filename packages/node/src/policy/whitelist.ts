/**
 * The address whitelist (ocean-policy.md §5, §6): the one interface behind which the unencrypted
 * (`PlainWhitelist`) and the encrypted (`EncryptedWhitelist`) variants live. The mempool hook, the
 * whitelist RPCs and the wallet's KYC RPCs use only this.
 *
 * State, as in the reference, is in memory only: updated while blocks connect (never reverted on a
 * disconnect — QUIRK kept, ADR 0036), rebuilt from the UTXO set at start-up, and changed by the
 * local maintenance RPCs.
 */
import type { Block, Destination, OutPoint, TxOut, Transaction } from '@ocean-ts/core';

/** KYC key status of the encrypted whitelist. */
export type KycStatus = 'white' | 'black';

/** An unassigned KYC public key with the outpoint of its registration output. */
export interface UnassignedKycKey {
  readonly pubkey: Uint8Array;
  readonly outpoint: OutPoint | undefined;
}

/**
 * A failed whitelist edit (the reference's `std::invalid_argument`): the RPCs report its message
 * with the code the calling RPC uses (-8 for addtowhitelist / addmultitowhitelist, -1 for readwhitelist).
 */
export class WhitelistError extends Error {
  override readonly name = 'WhitelistError';
}

/**
 * What the whitelist needs from the wallet (absent with `-disablewallet` or before it is loaded).
 * The wallet side (helper P3's KYC code) may implement the optional members.
 */
export interface WhitelistWallet {
  /** Locked wallets cannot decrypt and (a reference QUIRK) make unencrypted registrations no-ops. */
  readonly locked: boolean;
  /** The private key of the wallet key with this key id (HASH160 of its public key), if held. */
  privateKey(keyId: Uint8Array): Uint8Array | undefined;
  /** Encrypted, user node: an onboarding assigned this KYC public key to the wallet. */
  setKycPubKey?(pubkey: Uint8Array): void;
  /** Encrypted, user node: the wallet's KYC public key. */
  kycPubKey?(): Uint8Array | undefined;
  /**
   * Encrypted, authority (`-pkhwhitelist`): derive encryption-chain keys (at most `max`) until the
   * wallet holds the private key of `pubkey`; returns whether it does.
   */
  generateEncryptionKeysUntil?(pubkey: Uint8Array, max: number): boolean;
}

/** Reads the output an input spends while a block connects (undefined when unknown). */
export type SpentOutputLookup = (outpoint: OutPoint) => TxOut | undefined;

/** One unspent output, as the start-up rebuild sees the UTXO set. */
export interface UtxoEntry {
  readonly outpoint: OutPoint;
  readonly out: TxOut;
}

export interface AddressWhitelist {
  /** `-pkhwhitelist-encrypt`. */
  readonly encrypted: boolean;
  /** `-pkhwhitelist`: the mempool enforces the list. */
  readonly enforcing: boolean;
  /** `-pkhwhitelist` or `-pkhwhitelist-scan`: blocks and the UTXO set maintain the list. */
  readonly maintained: boolean;

  // ---- membership (`querywhitelist`, the mempool, `validatekycfile`)
  /** Whitelisted: in W (encrypted: and its KYC key is null or `white`). */
  isWhitelisted(dest: Destination): boolean;
  /** In W at all (whatever its KYC key's status). */
  contains(dest: Destination): boolean;
  /** The whitelisted destinations in list order: key ids, then script ids, each byte-wise. */
  whitelisted(): Destination[];
  /** Number of destinations in W. */
  readonly size: number;

  // ---- local maintenance RPCs (throw WhitelistError with the reference's message)
  /** `addtowhitelist` / `readwhitelist` line: a tweaked address with its untweaked public key. */
  addDerived(address: string, basePubKeyHex: string, kycPubKeyHex?: string): void;
  /** `addmultitowhitelist`: a P2SH multisig address with its untweaked keys and m. */
  addMultisig(address: string, basePubKeysHex: readonly string[], m: number, kycPubKeyHex?: string): void;
  /** Adds a destination without checks (the mandatory coinbase destination, onboarding). */
  addDestination(dest: Destination, kycPubKey?: Uint8Array): void;
  remove(dest: Destination): void;
  /** `clearwhitelist`: empties W (encrypted: also the KYC maps of the destinations). */
  clear(): void;

  // ---- KYC keys
  /** U in ascending serialized-key order, with the registration outpoints. */
  unassignedKycKeys(): UnassignedKycKey[];
  readonly unassignedCount: number;
  /** The registration outpoint of a KYC key (by key id), while it is registered. */
  kycKeyOutpoint(kycKeyId: Uint8Array): OutPoint | undefined;
  /**
   * The KYC key a KYC file is encrypted to: unencrypted, a random one among the first `size − 1`
   * (or the only one) — QUIRK; encrypted, the queue head. Undefined when U is empty.
   */
  peekUnassignedKycKey(random: (n: number) => number): Uint8Array | undefined;
  /** Encrypted onboarding: takes the queue head and marks it `white` locally. */
  takeUnassignedKycKey(): Uint8Array | undefined;
  /** Encrypted: the KYC public key a destination was registered with. */
  kycPubKeyOf(dest: Destination): Uint8Array | undefined;
  /** Encrypted: a KYC key's status by its public key. */
  kycStatus(kycPubKey: Uint8Array): KycStatus | undefined;
  /** Encrypted: mark a KYC key `white` (readwhitelist's 2nd argument) or `black`. */
  setKycStatus(kycPubKey: Uint8Array, status: KycStatus): void;

  // ---- "my pending" (encrypted wallet RPCs: addresses sent for registration, not yet mined)
  addPending(dest: Destination): void;
  isPending(dest: Destination): boolean;
  removePending(dest: Destination): void;

  // ---- chain
  /** The wallet (set once it is loaded; undefined with -disablewallet). */
  attachWallet(wallet: WhitelistWallet | undefined): void;
  /** Block connect: RegisterAddress, else Update, for every transaction (policy §5.3). */
  connectBlock(block: Block, height: number, spent: SpentOutputLookup): void;
  /** Start-up: rebuild from the UTXO set, in UTXO-database (txid) order (policy §5.5, §6.2). */
  loadFromUtxo(utxos: Iterable<UtxoEntry>): void;
  /** Forget every chain-derived entry (W, U, KYC maps), keeping the mandatory coinbase destination. */
  reset(): void;

  // ---- mempool
  /** `IsWhitelisted(tx)`: null when `tx` passes, else `non-whitelisted-address`. */
  checkTransaction(tx: Transaction): string | null;
}
