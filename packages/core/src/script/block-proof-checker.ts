import type { Secp256k1 } from '../crypto/secp256k1.js';
import { assert } from '../encoding/errors.js';
import type { SigVersion } from './checker.js';
import { EcdsaSignatureChecker, isValidPubKeySize } from './ecdsa-checker.js';
import { verifyEcdsaLax } from '../crypto/der.js';

/**
 * The block-proof checker (the original's `SimpleSignatureChecker`, ocean-core-chain.md §4.1):
 * the message is the 32-byte block hash in internal byte order, and the WHOLE stack element is
 * the DER signature (no sighash byte to strip). Lax DER parse, low-S normalization, ECDSA verify;
 * an empty signature or an invalid public key fails. CHECKLOCKTIMEVERIFY / CHECKSEQUENCEVERIFY
 * fail (they only run as such with their flags set, which block proofs never set).
 */
export class BlockProofChecker extends EcdsaSignatureChecker {
  constructor(
    secp: Secp256k1,
    readonly blockHash: Uint8Array,
  ) {
    super(secp);
    assert(blockHash.length === 32, 'block hash must be 32 bytes');
  }

  override checkSig(sig: Uint8Array, pubkey: Uint8Array, _scriptCode: Uint8Array, _sigversion: SigVersion): boolean {
    if (!isValidPubKeySize(pubkey)) return false;
    if (sig.length === 0) return false;
    return verifyEcdsaLax(this.secp, this.blockHash, sig, pubkey);
  }
}
