import {
  deriveBlindingKey,
  hash160,
  issuanceBlindingScript,
  toHex,
  unblindIssuance,
  type ConfidentialPrimitives,
  type OutPoint,
  type Secp256k1,
  type Transaction,
} from '@ocean-ts/core';
import type { KvStore } from '../storage/kv-store.js';
import { StorageError } from '../storage/storage-error.js';
import { WriteBatch } from '../storage/write-batch.js';
import { NODE_WALLET_LAYOUT, specificBlindingKeyKey } from './node-wallet-layout.js';

const ZERO32 = new Uint8Array(32);

/** An issuance amount as the wallet sees it (`GetIssuanceAmount` / `GetIssuanceBlindingFactor`). */
export interface IssuanceAmount {
  /** The amount, or −1 when it is blinded and the wallet cannot open it (or it is null). */
  readonly value: bigint;
  /** Value blinding factor (zero when explicit or unknown). */
  readonly blinder: Uint8Array;
}

/**
 * Elements' blinding keys of a wallet (`CWallet::GetBlindingKey`): the master blinding key
 * ("blinding derivation key") and the keys imported for particular scripts
 * (`mapSpecificBlindingKeys`, CScriptID → key), which win over the derived key.
 *
 * Issuance blinding keys live in the same map, under the id of the synthetic script
 * `OP_RETURN <prevout txid> <prevout n>` of the issuing input (what `importissuanceblindingkey`
 * writes and `issueasset` / `dumpissuanceblindingkey` look up), as in Elements.
 *
 * Imports are written to the wallet file before the in-memory map changes.
 */
export class WalletBlindingKeys {
  private constructor(
    private readonly store: KvStore,
    readonly master: Uint8Array,
    readonly primitives: ConfidentialPrimitives,
    private readonly secp: Secp256k1,
    /** Hex CScriptID → imported key (32 bytes, as stored; validity is checked on use). */
    private readonly specific: Map<string, Uint8Array>,
  ) {}

  /** Loads the imported keys of `store` (the wallet file). */
  static load(store: KvStore, master: Uint8Array, primitives: ConfidentialPrimitives, secp: Secp256k1): WalletBlindingKeys {
    const specific = new Map<string, Uint8Array>();
    for (const [k, v] of store.range(NODE_WALLET_LAYOUT.range('specificBlinding'))) {
      if (k.length !== 21 || v.length !== 32) throw new StorageError('corrupt', 'imported blinding key record has the wrong size', store.location);
      specific.set(toHex(k.subarray(1)), v.slice());
    }
    return new WalletBlindingKeys(store, master, primitives, secp, specific);
  }

  /** Number of imported keys (scripts and issuances). */
  get importedCount(): number {
    return this.specific.size;
  }

  /**
   * `GetBlindingKey(&script)`: the key imported for the script when it is a valid private key, else
   * HMAC-SHA256(master, script) when that is one, else null.
   */
  keyFor(script: Uint8Array): Uint8Array | null {
    const imported = this.specific.get(toHex(hash160(script)));
    if (imported !== undefined && this.secp.privateKeyVerify(imported)) return imported;
    return deriveBlindingKey(this.master, script);
  }

  /** `GetBlindingPubKey(script)`: the compressed public key of `keyFor(script)`, or undefined. */
  pubKeyFor(script: Uint8Array): Uint8Array | undefined {
    const k = this.keyFor(script);
    return k === null ? undefined : this.secp.publicKeyCreate(k, true);
  }

  /** The blinding key of the issuance on the input spending `prevout`. */
  issuanceKeyFor(prevout: OutPoint): Uint8Array | null {
    return this.keyFor(issuanceBlindingScript(prevout));
  }

  /** `AddSpecificBlindingKey(CScriptID(script), key)`: durable before it is used. */
  async importKey(script: Uint8Array, key: Uint8Array): Promise<void> {
    if (key.length !== 32) throw new RangeError('a blinding key is 32 bytes');
    const id = hash160(script);
    await this.store.write(new WriteBatch().put(specificBlindingKeyKey(id), key.slice()));
    this.specific.set(toHex(id), key.slice());
  }

  /** `importissuanceblindingkey`: the key for the issuance on the input spending `prevout`. */
  importIssuanceKey(prevout: OutPoint, key: Uint8Array): Promise<void> {
    return this.importKey(issuanceBlindingScript(prevout), key);
  }

  /**
   * `CWalletTx::GetIssuanceAmount(vin, token)` with its blinding factor: an explicit amount as it
   * is (zero blinder); a commitment opened with the issuance key of the input (−1 when it does not
   * open); a null amount (no token, or a token-only issuance's asset amount) is −1. The caller
   * checks that input `vin` has an issuance.
   */
  issuanceAmount(tx: Transaction, vin: number, token: boolean): IssuanceAmount {
    const input = tx.inputs[vin];
    if (input === undefined || !input.hasIssuance) return { value: -1n, blinder: ZERO32 };
    const field = token ? input.issuance.inflationKeys : input.issuance.amount;
    if (field.isExplicit) return { value: field.amount, blinder: ZERO32 };
    if (!field.isCommitment) return { value: -1n, blinder: ZERO32 };
    const key = this.issuanceKeyFor(input.prevout);
    if (key === null) return { value: -1n, blinder: ZERO32 };
    const opened = unblindIssuance(this.primitives, key, tx, vin);
    const pair = token ? opened.token : opened.amount;
    return pair === null ? { value: -1n, blinder: ZERO32 } : { value: pair.value, blinder: pair.valueBlinder };
  }
}
