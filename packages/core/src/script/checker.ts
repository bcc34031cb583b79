/** Signature-version of the script being executed (`SigVersion`). */
export const SigVersion = {
  BASE: 0,
  WITNESS_V0: 1,
} as const;
export type SigVersion = (typeof SigVersion)[keyof typeof SigVersion];

/**
 * What the interpreter asks of its context (Core's `BaseSignatureChecker`). Implementations:
 * {@link BaseSignatureChecker} (no context), `TransactionSignatureChecker` (a transaction input),
 * `BlockProofChecker` (a block hash).
 */
export interface SignatureChecker {
  /**
   * OP_CHECKSIG / OP_CHECKMULTISIG: `sig` is the whole stack element (for transactions the last
   * byte is the sighash type), `scriptCode` the executed script from the last OP_CODESEPARATOR
   * (with the signature already deleted for base scripts).
   */
  checkSig(sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array, sigversion: SigVersion): boolean;
  /**
   * OP_CHECKSIGFROMSTACK(VERIFY): `CPubKey::Verify` of a DER(-ish) signature (no sighash byte) on
   * a 32-byte message — lax DER parse, low-S normalization, ECDSA verify.
   */
  verifyEcdsa(msg32: Uint8Array, sig: Uint8Array, pubkey: Uint8Array): boolean;
  /** OP_CHECKLOCKTIMEVERIFY (BIP65), `n` ≥ 0. */
  checkLockTime(n: bigint): boolean;
  /** OP_CHECKSEQUENCEVERIFY (BIP112), `n` ≥ 0 without the disable flag. */
  checkSequence(n: bigint): boolean;
}

/**
 * Core's `BaseSignatureChecker`: every check fails.
 *
 * Note: in the original, OP_CHECKSIGFROMSTACK calls `CPubKey::Verify` directly rather than through
 * the checker, so it can succeed even with a base checker. Here the check goes through
 * `verifyEcdsa` (the interpreter stays free of a curve backend); this base checker therefore makes
 * CHECKSIGFROMSTACK fail. The original only evaluates scripts with a base checker where no
 * CHECKSIGFROMSTACK can run successfully anyway (push-only scriptSigs in policy checks, signing
 * helpers); give it a backend with {@link EcdsaSignatureChecker} when that matters.
 */
export class BaseSignatureChecker implements SignatureChecker {
  checkSig(_sig: Uint8Array, _pubkey: Uint8Array, _scriptCode: Uint8Array, _sigversion: SigVersion): boolean {
    return false;
  }
  verifyEcdsa(_msg32: Uint8Array, _sig: Uint8Array, _pubkey: Uint8Array): boolean {
    return false;
  }
  checkLockTime(_n: bigint): boolean {
    return false;
  }
  checkSequence(_n: bigint): boolean {
    return false;
  }
}
