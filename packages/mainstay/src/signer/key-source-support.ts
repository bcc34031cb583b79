/** What both key sources share: public-key tweaking (with a small cache) and signature finishing. */
import { toHex, type Secp256k1 } from '@ocean-ts/core';
import { isZeroCommitment } from '../crypto/commitment-path.js';
import { tweakPublicKey } from '../crypto/key-tweak.js';
import { KeySourceError, type KeySignature } from './key-source.js';

/** Throws unless `digest` is 32 bytes. */
export function checkDigest(digest: Uint8Array): void {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) {
    throw new KeySourceError(`digest must be 32 bytes, got ${digest instanceof Uint8Array ? digest.length : typeof digest}`);
  }
}

/**
 * Raw `r ‖ s` (64 bytes, as PKCS#11 CKM_ECDSA returns it, or a compact signature) → low-S strict
 * DER, after checking that it verifies over `digest` against `publicKey`.
 */
export function finishSignature(secp: Secp256k1, digest: Uint8Array, rawRS: Uint8Array, publicKey: Uint8Array): KeySignature {
  if (rawRS.length !== 64) throw new KeySourceError(`expected a 64-byte r||s signature, got ${rawRS.length} bytes`);
  let lowS: Uint8Array;
  try {
    lowS = secp.signatureNormalize(rawRS);
  } catch (e) {
    throw new KeySourceError(`invalid signature from the key: ${(e as Error).message}`);
  }
  if (!secp.verify(digest, lowS, publicKey)) {
    throw new KeySourceError(`the signature does not verify against public key ${toHex(publicKey)}`);
  }
  return { der: secp.signatureExport(lowS), publicKey: publicKey.slice() };
}

/** The base public key tweaked by commitments (public BIP32 derivation), remembering the last few. */
export class TweakedPublicKeys {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(
    private readonly secp: Secp256k1,
    readonly basePublicKey: Uint8Array,
    private readonly chaincode: Uint8Array,
    private readonly capacity = 8,
  ) {}

  /** The compressed tweaked key for `commitment` (internal bytes; zero → the base key). */
  get(commitment: Uint8Array): Uint8Array {
    if (commitment.length !== 32) throw new KeySourceError(`commitment must be 32 bytes, got ${commitment.length}`);
    if (isZeroCommitment(commitment)) return this.basePublicKey.slice();
    const id = toHex(commitment);
    let key = this.cache.get(id);
    if (key === undefined) {
      try {
        key = tweakPublicKey(this.secp, this.basePublicKey, this.chaincode, commitment);
      } catch (e) {
        throw new KeySourceError(`cannot tweak the base key by ${id}: ${(e as Error).message}`);
      }
      if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(id, key);
    }
    return key.slice();
  }
}
