import type { Secp256k1 } from '../crypto/secp256k1.js';
import { assert } from '../encoding/errors.js';
import type { Transaction } from '../primitives/transaction.js';
import { ConfidentialValue } from '../primitives/confidential.js';
import { SEQUENCE_FINAL } from '../primitives/tx-in.js';
import type { SigVersion } from './checker.js';
import { EcdsaSignatureChecker, isValidPubKeySize } from './ecdsa-checker.js';
import { verifyEcdsaLax } from '../crypto/der.js';
import * as locktime from '../primitives/locktime.js';
import { PrecomputedTransactionData } from './precomputed-transaction-data.js';
import { signatureHash } from './sighash.js';

const LOCKTIME_THRESHOLD = BigInt(locktime.LOCKTIME_THRESHOLD);
const SEQUENCE_LOCKTIME_DISABLE_FLAG = BigInt(locktime.SEQUENCE_LOCKTIME_DISABLE_FLAG);
const SEQUENCE_LOCKTIME_TYPE_FLAG = BigInt(locktime.SEQUENCE_LOCKTIME_TYPE_FLAG);
const SEQUENCE_LOCKTIME_MASK = BigInt(locktime.SEQUENCE_LOCKTIME_MASK);

/**
 * Core's `TransactionSignatureChecker` for input `nIn` of `tx`: CHECKSIG strips the sighash byte,
 * hashes (legacy or segwit v0 with the spent output's confidential `amount`) and verifies with the
 * lax DER parser; CHECKLOCKTIMEVERIFY / CHECKSEQUENCEVERIFY follow BIP65 / BIP112. Pass one
 * `PrecomputedTransactionData` to the checkers of all inputs of a transaction.
 */
export class TransactionSignatureChecker extends EcdsaSignatureChecker {
  readonly amount: ConfidentialValue;
  readonly precomputed: PrecomputedTransactionData;

  constructor(
    secp: Secp256k1,
    readonly tx: Transaction,
    readonly nIn: number,
    amount: ConfidentialValue | bigint,
    precomputed?: PrecomputedTransactionData,
  ) {
    super(secp);
    assert(nIn >= 0 && nIn < tx.inputs.length, 'input index out of range');
    this.amount = typeof amount === 'bigint' ? ConfidentialValue.fromAmount(amount) : amount;
    assert(!precomputed || precomputed.tx === tx, 'precomputed data belongs to another transaction');
    this.precomputed = precomputed ?? new PrecomputedTransactionData(tx);
  }

  override checkSig(sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array, sigversion: SigVersion): boolean {
    if (!isValidPubKeySize(pubkey)) return false;
    // The hash type is one byte tacked on to the end of the signature.
    if (sig.length === 0) return false;
    const hashType = sig[sig.length - 1]!;
    const hash = signatureHash(scriptCode, this.tx, this.nIn, hashType, this.amount, sigversion, this.precomputed);
    return verifyEcdsaLax(this.secp, hash, sig.subarray(0, sig.length - 1), pubkey);
  }

  override checkLockTime(n: bigint): boolean {
    const txLockTime = BigInt(this.tx.locktime);
    // Compare like with like: both heights or both times.
    if (!((txLockTime < LOCKTIME_THRESHOLD && n < LOCKTIME_THRESHOLD) || (txLockTime >= LOCKTIME_THRESHOLD && n >= LOCKTIME_THRESHOLD))) {
      return false;
    }
    if (n > txLockTime) return false;
    // A final input would let the transaction bypass nLockTime altogether.
    if (this.tx.inputs[this.nIn]!.sequence === SEQUENCE_FINAL) return false;
    return true;
  }

  override checkSequence(n: bigint): boolean {
    const txSequence = BigInt(this.tx.inputs[this.nIn]!.sequence >>> 0);
    // BIP68 applies from version 2 (compared as uint32).
    if (this.tx.version >>> 0 < 2) return false;
    // Sequence numbers with the disable flag are not consensus-constrained.
    if ((txSequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0n) return false;
    const mask = SEQUENCE_LOCKTIME_TYPE_FLAG | SEQUENCE_LOCKTIME_MASK;
    const txMasked = txSequence & mask;
    const nMasked = n & mask;
    if (
      !(
        (txMasked < SEQUENCE_LOCKTIME_TYPE_FLAG && nMasked < SEQUENCE_LOCKTIME_TYPE_FLAG) ||
        (txMasked >= SEQUENCE_LOCKTIME_TYPE_FLAG && nMasked >= SEQUENCE_LOCKTIME_TYPE_FLAG)
      )
    ) {
      return false;
    }
    return nMasked <= txMasked;
  }
}
