import type { Secp256k1 } from '../../crypto/secp256k1.js';
import type { Transaction } from '../../primitives/transaction.js';
import type { ConfidentialValue } from '../../primitives/confidential.js';
import { BaseSignatureChecker, SigVersion, type SignatureChecker } from '../checker.js';
import { PrecomputedTransactionData } from '../precomputed-transaction-data.js';
import { SIGHASH_ALL, signatureHash } from '../sighash.js';
import { TransactionSignatureChecker } from '../transaction-checker.js';
import type { SigningProvider } from './signing-provider.js';

/**
 * Core 0.14's `BaseSignatureCreator`: makes one signature element for a key id and script code,
 * and supplies the checker that `ProduceSignature` / `CombineSignatures` verify with.
 */
export interface SignatureCreator {
  readonly provider: SigningProvider;
  readonly checker: SignatureChecker;
  /** The signature stack element (DER + sighash byte), or undefined when the key is not held. */
  createSig(keyId: Uint8Array, scriptCode: Uint8Array, sigversion: SigVersion): Uint8Array | undefined;
}

/**
 * `TransactionSignatureCreator` for input `nIn` of `tx` spending an output worth `amount` (its
 * confidential value field, hashed by segwit v0 signatures): RFC6979 deterministic, low-S ECDSA
 * over the Ocean sighash, with the hash-type byte appended. Uncompressed keys do not sign inside
 * witness scripts.
 */
export class TransactionSignatureCreator implements SignatureCreator {
  readonly checker: TransactionSignatureChecker;
  readonly #precomputed: PrecomputedTransactionData;

  constructor(
    private readonly secp: Secp256k1,
    readonly provider: SigningProvider,
    readonly tx: Transaction,
    readonly nIn: number,
    readonly amount: ConfidentialValue,
    readonly hashType: number = SIGHASH_ALL,
    precomputed?: PrecomputedTransactionData,
  ) {
    this.#precomputed = precomputed ?? new PrecomputedTransactionData(tx);
    this.checker = new TransactionSignatureChecker(secp, tx, nIn, amount, this.#precomputed);
  }

  createSig(keyId: Uint8Array, scriptCode: Uint8Array, sigversion: SigVersion): Uint8Array | undefined {
    const key = this.provider.getKey(keyId);
    if (!key) return undefined;
    // Signing with uncompressed keys is disabled in witness scripts.
    if (sigversion === SigVersion.WITNESS_V0 && !key.compressed) return undefined;
    const hash = signatureHash(scriptCode, this.tx, this.nIn, this.hashType, this.amount, sigversion, this.#precomputed);
    const der = this.secp.signatureExport(this.secp.sign(hash, key.privateKey).signature);
    const sig = new Uint8Array(der.length + 1);
    sig.set(der);
    sig[der.length] = this.hashType & 0xff;
    return sig;
  }
}

/** A checker whose signature checks all pass (`DummySignatureChecker`). */
class DummySignatureChecker extends BaseSignatureChecker {
  override checkSig(): boolean {
    return true;
  }
}

/**
 * `DummySignatureCreator`: a 72-byte, validly DER-shaped placeholder signature for any key id
 * (held or not) — for estimating the size of a signed transaction.
 */
export class DummySignatureCreator implements SignatureCreator {
  readonly checker: SignatureChecker = new DummySignatureChecker();

  constructor(readonly provider: SigningProvider) {}

  createSig(): Uint8Array {
    const sig = new Uint8Array(72);
    sig[0] = 0x30;
    sig[1] = 69;
    sig[2] = 0x02;
    sig[3] = 33;
    sig[4] = 0x01;
    sig[4 + 33] = 0x02;
    sig[5 + 33] = 32;
    sig[6 + 33] = 0x01;
    sig[6 + 33 + 32] = SIGHASH_ALL;
    return sig;
  }
}
