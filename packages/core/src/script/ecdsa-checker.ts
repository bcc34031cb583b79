import type { Secp256k1 } from '../crypto/secp256k1.js';
import { verifyEcdsaLax } from '../crypto/der.js';
import { BaseSignatureChecker } from './checker.js';

/**
 * A {@link BaseSignatureChecker} with a curve backend: OP_CHECKSIGFROMSTACK verifies (as
 * `CPubKey::Verify`: lax DER, low-S normalization, ECDSA), everything else still fails. Base class
 * of the transaction and block-proof checkers.
 */
export class EcdsaSignatureChecker extends BaseSignatureChecker {
  constructor(protected readonly secp: Secp256k1) {
    super();
  }

  override verifyEcdsa(msg32: Uint8Array, sig: Uint8Array, pubkey: Uint8Array): boolean {
    return verifyEcdsaLax(this.secp, msg32, sig, pubkey);
  }
}

/**
 * `CPubKey::IsValid` after construction from bytes: the length matches the prefix byte
 * (02/03 → 33, 04/06/07 → 65). The curve check happens in the backend's verify.
 */
export function isValidPubKeySize(pubkey: Uint8Array): boolean {
  if (pubkey.length === 0) return false;
  const p = pubkey[0];
  if (p === 2 || p === 3) return pubkey.length === 33;
  if (p === 4 || p === 6 || p === 7) return pubkey.length === 65;
  return false;
}
