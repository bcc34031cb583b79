/**
 * The signers' key PORT (spec mainstay.md §1.2, §2.3, §6.1, §6.2): a signer holds a base key
 * (tweaked per attestation by the last confirmed commitment, §1.4) and optionally a topup key, and
 * signs 32-byte digests with them. Implementations: `FileKeySource` (WIF/hex in memory) and
 * `Pkcs11KeySource` (an HSM token; see ADR 0048 for what stays inside the token).
 */

/**
 * Which key signs: the base key tweaked by `commitment` (32 INTERNAL bytes; all zeros = the
 * untweaked base key), or the topup key (never tweaked).
 */
export type SigningKey = { readonly kind: 'base'; readonly commitment: Uint8Array } | { readonly kind: 'topup' };

/** A signature made by a key source. */
export interface KeySignature {
  /** Strict DER, low-S, WITHOUT a sighash byte. */
  readonly der: Uint8Array;
  /** The compressed public key the signature verifies against. */
  readonly publicKey: Uint8Array;
}

export interface KeySource {
  /** For logs, e.g. `file` or `pkcs11 token "mainstay"`. Never contains key material. */
  readonly description: string;
  /** Whether a topup key is configured. */
  readonly hasTopupKey: boolean;
  /** The compressed public key of `key` (the base key tweaked as asked). */
  publicKey(key: SigningKey): Promise<Uint8Array>;
  /**
   * Sign `digest` (32 bytes, used as is) with `key`. The result is low-S strict DER and has been
   * verified against the public key before it is returned. Throws `KeySourceError`.
   */
  sign(digest: Uint8Array, key: SigningKey): Promise<KeySignature>;
  /** Release the key material / token session. Idempotent. */
  close(): Promise<void>;
}

/** A key source cannot sign (no such key, token failure, unreadable base key, bad digest…). */
export class KeySourceError extends Error {
  override readonly name = 'KeySourceError';
}

/**
 * The chaincode of the base key: given directly, or chosen once the base public key is known
 * (Profile A: the chaincode at the position of this signer's key in `initScript`).
 */
export type ChaincodeSpec = Uint8Array | ((basePublicKey: Uint8Array) => Uint8Array);

/** Resolve a `ChaincodeSpec` for the (compressed) base public key; checks the length. */
export function resolveChaincode(spec: ChaincodeSpec, basePublicKey: Uint8Array): Uint8Array {
  const chaincode = typeof spec === 'function' ? spec(basePublicKey) : spec;
  if (chaincode.length !== 32) throw new KeySourceError(`chaincode must be 32 bytes, got ${chaincode.length}`);
  return chaincode.slice();
}

/** The untweaked base key. */
export const UNTWEAKED_BASE: SigningKey = Object.freeze({ kind: 'base', commitment: new Uint8Array(32) });
/** The topup key. */
export const TOPUP_KEY: SigningKey = Object.freeze({ kind: 'topup' });

/** The base key tweaked by `commitment` (internal bytes). */
export function baseKeyFor(commitment: Uint8Array): SigningKey {
  if (commitment.length !== 32) throw new KeySourceError(`commitment must be 32 bytes, got ${commitment.length}`);
  return { kind: 'base', commitment: commitment.slice() };
}
